"""Server-sent events: frames, one participant's stream, and the streaming ASGI response."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from .wire import dumps

PING = b": ping\n\n"
CHUNK_BYTES = 256 * 1024  # large writes keep a 20,000-person burst to a few dozen sends
QUEUE_LIMIT = 50_000  # a reader this far behind is cut off; it reconnects and resyncs


def frame(event: str, data: Any) -> bytes:
    """One SSE event; every event carries a JSON `data:` line (null when empty)."""
    return b"event: " + event.encode() + b"\ndata: " + dumps(data) + b"\n\n"


def participant_frame(event: str, participant_json: bytes) -> bytes:
    return b"event: " + event.encode() + b"\ndata: " + participant_json + b"\n\n"


def chunks(frames: Iterable[bytes], size: int = CHUNK_BYTES) -> Iterable[bytes]:
    batch: list[bytes] = []
    length = 0
    for item in frames:
        batch.append(item)
        length += len(item)
        if length >= size:
            yield b"".join(batch)
            batch, length = [], 0
    if batch:
        yield b"".join(batch)


class EventStream:
    """The queue of frames for one open `/events` connection of one participant."""

    def __init__(self, participant_uuid: str) -> None:
        self.participant_uuid = participant_uuid
        self.queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        self.closed = False

    def push(self, item: bytes) -> None:
        if self.closed:
            return
        if self.queue.qsize() >= QUEUE_LIMIT:
            self.close()
            return
        self.queue.put_nowait(item)

    def close(self) -> None:
        """End the stream after the frames already queued (a None marks the end)."""
        if not self.closed:
            self.closed = True
            self.queue.put_nowait(None)


async def stream_body(
    stream: EventStream,
    burst: list[bytes],
    ping_interval: float,
    drop_after: Callable[[], int | None],
) -> AsyncIterator[bytes]:
    """The body of `/events`: the burst, then live frames and `: ping` comments.

    `drop_after` is read before each write so a test can arm the fault on an open stream.
    """
    sent = 0

    def allowance(count: int) -> int:
        limit = drop_after()
        return count if limit is None else max(0, min(count, limit - sent))

    allowed = allowance(len(burst))
    for chunk in chunks(burst[:allowed]):
        yield chunk
    sent += allowed
    if allowed < len(burst):
        return
    next_ping = time.monotonic() + ping_interval
    while True:
        try:
            timeout = max(0.0, next_ping - time.monotonic())
            item = await asyncio.wait_for(stream.queue.get(), timeout)
        except TimeoutError:
            yield PING
            next_ping += ping_interval
            continue
        batch: list[bytes] = []
        ending = item is None
        if item is not None:
            batch.append(item)
        # Drain what is already queued into one write.
        while not ending and not stream.queue.empty():
            more = stream.queue.get_nowait()
            if more is None:
                ending = True
            else:
                batch.append(more)
        allowed = allowance(len(batch))
        if allowed:
            for chunk in chunks(batch[:allowed]):
                yield chunk
        sent += allowed
        if ending or allowed < len(batch):
            return


class EventStreamResponse(Response):
    """An ASGI response for `/events` that notices a client hanging up at once.

    Starlette's StreamingResponse only finds out on the next write under ASGI 2.4; here a
    watcher on `receive` closes the stream, so the generator's cleanup runs immediately.
    """

    content_type = b"text/event-stream"

    def __init__(
        self,
        stream: EventStream,
        body: AsyncIterator[bytes],
        on_close: Callable[[], None],
    ) -> None:
        super().__init__(status_code=200)
        self.stream = stream
        self.frames = body
        self.on_close = on_close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def watch() -> None:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    self.stream.close()
                    return

        watcher = asyncio.create_task(watch())
        try:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [
                        (b"content-type", self.content_type),
                        (b"cache-control", b"no-cache"),
                        (b"x-accel-buffering", b"no"),
                    ],
                }
            )
            async for chunk in self.frames:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:
            pass  # the client went away mid-write
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            self.stream.close()
            aclose = getattr(self.frames, "aclose", None)
            if aclose is not None:
                await aclose()
            self.on_close()
