"""Fixtures for the emulated node: a served Node and an httpx client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from pexjoin_tui.node import Meeting, Node, NodeServer

from .helpers import FAST, Served, quiet_samples


@pytest.fixture
def start_fast_node() -> Iterator[Callable[..., tuple[Node, NodeServer, str]]]:
    """Factory: start_fast_node(meetings=None, **Node options) -> (node, server, url)."""
    servers: list[NodeServer] = []

    def start(
        meetings: list[Meeting] | None = None, **options: Any
    ) -> tuple[Node, NodeServer, str]:
        node = Node(meetings, **{**FAST, **options})
        server = NodeServer(node)
        url = server.start()
        servers.append(server)
        return node, server, url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
async def serve(
    start_fast_node: Callable[..., tuple[Node, NodeServer, str]],
) -> AsyncIterator[Callable[..., Served]]:
    """Factory: serve(meetings=None, **Node options) -> Served."""
    async with httpx.AsyncClient(timeout=10.0) as http:

        def make(meetings: list[Meeting] | None = None, **options: Any) -> Served:
            node, server, url = start_fast_node(meetings, **options)
            return Served(node, server, url, http)

        yield make


@pytest.fixture
def served(serve: Callable[..., Served]) -> Served:
    """The sample meetings, no simulated activity (deterministic rosters)."""
    return serve(quiet_samples())
