"""Fault injection: latency, cut streams, 5xx, HTML pages and truncated JSON."""

from __future__ import annotations

import json
import time

import pytest

from .helpers import Served


@pytest.mark.parametrize(
    ("status", "text"), [(502, "502 Bad Gateway"), (503, "503 Service Unavailable")]
)
async def test_fail_next_answers_with_the_reference_body(served: Served, status, text) -> None:
    served.node.faults.fail_next(2, status=status)
    for _ in range(2):
        response = await served.request_token("meet.open")
        assert response.status_code == status
        assert response.headers["content-type"] == "application/json"
        assert response.json() == {"status": "failed", "result": text}
    assert (await served.request_token("meet.open")).status_code == 200
    # A failed request had no effect: only the third one joined.
    assert len(served.roster("meet.open")) == 1
    assert [r.fault for r in served.node.requests] == ["fail", "fail", None]


async def test_html_next(served: Served) -> None:
    served.node.faults.html_next()
    response = await served.request_token("meet.open")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.startswith("<!DOCTYPE html>")
    assert (await served.request_token("meet.open")).headers["content-type"] == "application/json"


async def test_truncated_next(served: Served) -> None:
    served.node.faults.truncated_next()
    response = await served.request_token("meet.open")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


async def test_faults_queue_in_order_and_clear(served: Served) -> None:
    faults = served.node.faults
    faults.fail_next(1, status=503)
    faults.html_next(1)
    faults.truncated_next(1)
    assert faults.pending == 3
    assert (await served.request_token("meet.open")).status_code == 503
    assert (await served.request_token("meet.open")).text.startswith("<!DOCTYPE")
    faults.clear()
    assert (await served.request_token("meet.open")).status_code == 200
    with pytest.raises(ValueError):
        faults.fail_next(1, status=500)


async def test_latency(served: Served) -> None:
    served.node.faults.latency = 0.4
    started = time.monotonic()
    await served.request_token("meet.open")
    assert time.monotonic() - started >= 0.4
    served.node.faults.latency = 0
    started = time.monotonic()
    await served.request_token("meet.open")
    assert time.monotonic() - started < 0.4


async def test_drop_stream_after_n_events(served: Served) -> None:
    alice = await served.join("meet.open", "Alice")
    served.node.faults.drop_stream_after = 3
    async with served.events("meet.open", alice["token"]) as events:
        names = []
        try:
            while True:
                names.append((await events.next())[0])
        except StopAsyncIteration:
            pass
    assert names == ["conference_update", "participant_sync_begin", "participant_create"]
    # Armed on an open stream, it cuts after the live events too.
    served.node.faults.drop_stream_after = None
    async with served.events("meet.open", alice["token"]) as events:
        await events.burst()
        served.node.faults.drop_stream_after = 6
        for name in ("Bob", "Carol", "Dave"):
            served.server.call(served.node.add_person, "meet.open", name)
        assert (await events.next())[1]["display_name"] == "Bob"
        assert await events.ended()
