"""NodeServer: uvicorn serving a Node from a background thread with its own event loop."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import socket
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

import uvicorn

from .emulator import Node

T = TypeVar("T")

# uvicorn's warnings must not reach stderr through logging's last resort while a terminal UI
# owns the screen; a program that wants them configures logging (pexjoin-node does).
logging.getLogger("uvicorn").addHandler(logging.NullHandler())


class _Uvicorn(uvicorn.Server):
    """uvicorn that reports readiness and wakes up at once when asked to stop."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()
        self.wake: asyncio.Event | None = None

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets)
        finally:
            self.ready.set()

    async def main_loop(self) -> None:
        # uvicorn polls should_exit every 0.1 s; an Event makes stop() return sooner.
        self.wake = asyncio.Event()
        counter = 0
        while not await self.on_tick(counter):
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), 0.1)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


class NodeServer:
    """Serve `node` on http://host:port (port 0: a free one) until stop().

    with NodeServer(node) as url: ...      # or: url = server.start(); ...; server.stop()
    """

    def __init__(self, node: Node, host: str = "127.0.0.1", port: int = 0) -> None:
        self.node = node
        self.host = host
        self.port = port
        self.url: str | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self._server: _Uvicorn | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self, timeout: float = 10.0) -> str:
        """Bind, start serving and return the base URL once the node is listening.

        Raises OSError when the address cannot be bound (e.g. the port is taken).
        """
        if self._thread is not None:
            raise RuntimeError("this NodeServer is already started")
        sock = _bind(self.host, self.port)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.node.app,
            log_level="warning",
            access_log=False,
            log_config=None,  # never reconfigure the embedding program's logging
            lifespan="on",
            server_header=False,
            timeout_graceful_shutdown=2,
        )
        self._server = _Uvicorn(config)
        self._thread = threading.Thread(
            target=self._run, args=(sock,), name="pexjoin-node", daemon=True
        )
        self._thread.start()
        if not self._server.ready.wait(timeout) or not self._server.started:
            self.stop()
            raise RuntimeError(f"the emulated node did not start: {self._error!r}")
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.url = f"http://{host}:{self.port}"
        return self.url

    def _run(self, sock: socket.socket) -> None:
        assert self._server is not None
        loop = asyncio.new_event_loop()
        self.loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._server.serve(sockets=[sock]))
        except BaseException as error:  # uvicorn reports a failed start-up by SystemExit
            self._error = error
            self._server.ready.set()
        finally:
            try:
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()
                sock.close()

    def call(
        self, function: Callable[..., T], *args: Any, timeout: float = 10.0, **kwargs: Any
    ) -> T:
        """Run `function(*args, **kwargs)` on the server loop and return its result.

        A coroutine result is awaited there. Exceptions are raised in the caller.
        """
        loop = self.loop
        if loop is None or not loop.is_running():
            raise RuntimeError("the NodeServer is not running")

        async def run() -> Any:
            result = function(*args, **kwargs)
            if inspect.isawaitable(result):
                result = await result
            return result

        return asyncio.run_coroutine_threadsafe(run(), loop).result(timeout)  # type: ignore[no-any-return]

    def stop(self, timeout: float = 10.0) -> None:
        """Close the event streams, shut uvicorn down and join its thread (idempotent)."""
        server, thread, loop = self._server, self._thread, self.loop
        if server is None or thread is None:
            return
        if loop is not None and loop.is_running() and thread.is_alive():
            # The loop may end meanwhile; then there is nothing left to close.
            with contextlib.suppress(RuntimeError, TimeoutError):
                self.call(self.node.close_streams, timeout=timeout)
            server.should_exit = True
            wake = server.wake
            if wake is not None:
                with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                    loop.call_soon_threadsafe(wake.set)
        else:
            server.should_exit = True
        thread.join(timeout)
        self._server = None
        self._thread = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
