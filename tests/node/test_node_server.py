"""NodeServer: start, stop, call, and the thread guard on the node's state."""

from __future__ import annotations

import time

import httpx
import pytest

from pexjoin_tui.node import Node, NodeServer


def test_start_returns_a_loopback_url_and_stop_is_quick() -> None:
    server = NodeServer(Node())
    url = server.start()
    assert url.startswith("http://127.0.0.1:") and server.port != 0
    response = httpx.post(
        f"{url}/api/client/v2/conferences/meet.open/request_token", json={"display_name": "A"}
    )
    assert response.status_code == 200
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2
    server.stop()  # idempotent
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=1)


def test_context_manager_and_call() -> None:
    node = Node()
    server = NodeServer(node)
    with server as url:
        assert url == server.url
        assert server.call(lambda: len(node.conference("meet.busy").participants)) == 12
    # call() needs a running server.
    with pytest.raises(RuntimeError):
        server.call(lambda: None)


def test_call_runs_on_the_server_loop_and_returns_results() -> None:
    node = Node()
    server = NodeServer(node)
    server.start()
    try:
        uuid = server.call(node.add_person, "meet.open", "Sam", role="chair")
        assert node.conference("meet.open").participants[uuid].role == "chair"

        async def coroutine() -> int:
            return 7

        assert server.call(coroutine) == 7
        with pytest.raises(KeyError):
            server.call(node.add_person, "meet.nowhere", "Sam")
        # Touching the state from another thread while it is served is refused.
        with pytest.raises(RuntimeError, match=r"NodeServer\.call"):
            node.add_person("meet.open", "Wrong thread")
    finally:
        server.stop()


async def test_stop_is_quick_with_open_event_streams() -> None:
    node = Node(ping_interval=30)
    server = NodeServer(node)
    url = server.start()
    async with httpx.AsyncClient(timeout=5) as http:
        base = f"{url}/api/client/v2/conferences/meet.open"
        token = (await http.post(f"{base}/request_token", json={"display_name": "A"})).json()[
            "result"
        ]["token"]
        async with http.stream("GET", f"{base}/events", headers={"token": token}) as response:
            lines = response.aiter_lines()
            assert await anext(lines) == "event: conference_update"
            started = time.monotonic()
            server.stop()
            assert time.monotonic() - started < 2
            lines = [line async for line in lines]
            assert "event: stage" in lines  # the stream ended cleanly after the burst


def test_a_taken_port_raises_oserror() -> None:
    first = NodeServer(Node())
    first.start()
    try:
        with pytest.raises(OSError):
            NodeServer(Node(), port=first.port or 0).start()
    finally:
        first.stop()


def test_ipv6_loopback() -> None:
    try:
        server = NodeServer(Node(), host="::1")
        url = server.start()
    except OSError:
        pytest.skip("no IPv6 loopback here")
    try:
        assert url.startswith("http://[::1]:")
        response = httpx.post(
            f"{url}/api/client/v2/conferences/meet.open/request_token",
            json={"display_name": "Six"},
        )
        assert response.status_code == 200
    finally:
        server.stop()
