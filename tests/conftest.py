"""Shared fixtures: the emulated Conference Node on a loopback port, over real HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pexjoin_tui.node import Node, NodeServer, sample_meetings

StartNode = Callable[..., tuple[Node, NodeServer, str]]


@pytest.fixture
def start_node() -> Iterator[StartNode]:
    """Start a node (sample meetings unless given) and stop it after the test."""
    servers: list[NodeServer] = []

    def start(**options: Any) -> tuple[Node, NodeServer, str]:
        meetings = options.pop("meetings", None) or sample_meetings()
        node = Node(meetings, **options)
        server = NodeServer(node)
        url = server.start()
        servers.append(server)
        return node, server, url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never read or write the developer's own settings."""
    monkeypatch.setenv("PEXJOIN_CONFIG", str(tmp_path / "settings.json"))
    monkeypatch.delenv("PEXJOIN_PIN", raising=False)
