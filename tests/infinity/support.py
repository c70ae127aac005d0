"""Helpers for the client-against-node tests: a background event listener and meetings."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar

from pexjoin_tui.infinity import Event, InfinityClient, InfinityError, ParticipantSyncEnd
from pexjoin_tui.node import Meeting

E = TypeVar("E")


def quiet_meetings(**changes: Any) -> list[Meeting]:
    """The sample meetings without simulated people, so rosters stay put."""
    meetings = [
        Meeting(alias="meet.open", name="Open meeting"),
        Meeting(alias="meet.pin", name="PIN meeting", host_pin="1234", guest_pin="5678"),
        Meeting(alias="meet.hostpin", name="Host PIN meeting", host_pin="1234"),
    ]
    return [Meeting(**{**vars(m), **changes.get(m.alias, {})}) for m in meetings]


class Listener:
    """Reads `client.events()` in a task; the test awaits the events it expects."""

    def __init__(self, client: InfinityClient) -> None:
        self.queue: asyncio.Queue[Event | InfinityError] = asyncio.Queue()
        self.seen: list[Event] = []
        self.task = asyncio.create_task(self._run(client))

    async def _run(self, client: InfinityClient) -> None:
        try:
            async for event in client.events():
                self.seen.append(event)
                self.queue.put_nowait(event)
        except InfinityError as error:
            self.queue.put_nowait(error)

    async def next(
        self, kind: type[E], where: Callable[[E], bool] = lambda event: True, within: float = 5.0
    ) -> E:
        """The next event of `kind` matching `where`; earlier others are skipped."""
        deadline = time.monotonic() + within
        while True:
            item = await asyncio.wait_for(self.queue.get(), deadline - time.monotonic())
            if isinstance(item, InfinityError):
                raise item
            if isinstance(item, kind) and where(item):
                return item

    async def failure(self, within: float = 5.0) -> InfinityError:
        """The error that ended the stream (events before it are skipped)."""
        deadline = time.monotonic() + within
        while True:
            item = await asyncio.wait_for(self.queue.get(), deadline - time.monotonic())
            if isinstance(item, InfinityError):
                return item

    async def synced(self) -> None:
        await self.next(ParticipantSyncEnd)

    async def stop(self) -> None:
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


@contextlib.asynccontextmanager
async def listening(client: InfinityClient) -> AsyncIterator[Listener]:
    listener = Listener(client)
    try:
        await listener.synced()
        yield listener
    finally:
        await listener.stop()
