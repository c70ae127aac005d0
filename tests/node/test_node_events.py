"""The `/events` stream: the initial burst, pings and live roster events."""

from __future__ import annotations

import asyncio
import time

from pexjoin_tui.node import Meeting

from .helpers import PARTICIPANT_REQUIRED, Served


async def test_burst_order_on_connect(served: Served) -> None:
    alice = await served.join("meet.busy", "Alice")
    async with served.events("meet.busy", alice["token"]) as events:
        assert events.response.status_code == 200
        assert events.response.headers["content-type"].startswith("text/event-stream")
        burst = await events.burst()
    names = [name for name, _ in burst]
    assert names[:2] == ["conference_update", "participant_sync_begin"]
    assert names[-2:] == ["participant_sync_end", "stage"]
    assert set(names[2:-2]) == {"participant_create"}
    assert burst[1][1] is None and burst[-2][1] is None
    assert burst[0][1]["started"] is True
    created = [data for name, data in burst if name == "participant_create"]
    assert len(created) == 13
    assert alice["participant_uuid"] in {p["uuid"] for p in created}  # self included
    assert all(set(PARTICIPANT_REQUIRED) <= set(p) for p in created)
    stage = burst[-1][1]
    assert isinstance(stage, list)
    assert all(set(entry) == {"participant_uuid", "stage_index", "vad"} for entry in stage)


async def test_every_reconnect_gets_the_burst_again(served: Served) -> None:
    alice = await served.join("meet.open", "Alice")
    for _ in range(2):
        async with served.events("meet.open", alice["token"]) as events:
            names = [name for name, _ in await events.burst()]
            assert names == [
                "conference_update",
                "participant_sync_begin",
                "participant_create",
                "participant_sync_end",
                "stage",
            ]


async def test_events_accept_the_token_in_the_query(served: Served) -> None:
    alice = await served.join("meet.open")
    async with served.events("meet.open", alice["token"], in_query=True) as events:
        assert (await events.next())[0] == "conference_update"
    record = next(r for r in served.node.requests if r.route == "events")
    assert record.token_source == "query"
    assert alice["token"] not in record.path


async def test_events_with_a_bad_token_are_403_json(served: Served) -> None:
    response = await served.http.get(served.url("meet.open", "events"), headers={"token": "x"})
    assert response.status_code == 403
    assert response.json() == {"status": "success", "result": "Invalid token"}


async def test_ping_comments_keep_an_idle_stream_alive(served: Served) -> None:
    alice = await served.join("meet.open")
    async with served.events("meet.open", alice["token"]) as events:
        await events.burst()
        started = time.monotonic()
        assert await events.next_item(within=2) == ("comment", ": ping")
        assert await events.next_item(within=2) == ("comment", ": ping")
        assert time.monotonic() - started < 1.5  # ping_interval is 0.3 s in these tests


async def test_live_create_update_delete(served: Served) -> None:
    alice = await served.join("meet.open", "Alice")
    async with served.events("meet.open", alice["token"]) as events:
        await events.burst()
        bob = await served.join("meet.open", "Bob")
        created = await events.until("participant_create")
        assert (created["uuid"], created["display_name"]) == (bob["participant_uuid"], "Bob")

        served.server.call(
            served.node.update_person, "meet.open", bob["participant_uuid"], muted=True
        )
        updated = await events.until("participant_update")
        assert (updated["uuid"], updated["is_muted"]) == (bob["participant_uuid"], "YES")

        served.server.call(served.node.remove_person, "meet.open", bob["participant_uuid"])
        assert await events.until("participant_delete") == {"uuid": bob["participant_uuid"]}


async def test_simulated_people_can_be_added_and_raise_hands(served: Served) -> None:
    alice = await served.join("meet.open", "Alice")
    async with served.events("meet.open", alice["token"]) as events:
        await events.burst()
        uuid = served.server.call(served.node.add_person, "meet.open", "Sam", protocol="sip")
        created = await events.until("participant_create")
        assert (created["uuid"], created["protocol"], created["has_media"]) == (uuid, "sip", True)
        served.server.call(served.node.update_person, "meet.open", uuid, buzz=True)
        updated = await events.until("participant_update")
        assert updated["buzz_time"] > 0


async def test_kick_sends_the_reason_and_closes_the_stream(served: Served) -> None:
    alice = await served.join("meet.open", "Alice")
    async with served.events("meet.open", alice["token"]) as events:
        await events.burst()
        reason = "Disconnected by an administrator"
        served.server.call(served.node.kick, "meet.open", alice["participant_uuid"], reason=reason)
        assert await events.until("disconnect") == {"reason": reason}
        assert await events.ended()


async def test_a_burst_of_20000_participants_is_fast(serve) -> None:
    served = serve([Meeting("meet.open", "Open", people=20_000)])
    alice = await served.join("meet.open", "Alice")
    started = time.monotonic()
    received = bytearray()
    async with served.http.stream(
        "GET", served.url("meet.open", "events"), headers={"token": alice["token"]}
    ) as response:
        async for chunk in response.aiter_bytes():
            received += chunk
            if b"event: stage\n" in received[-100_000:]:
                break
    elapsed = time.monotonic() - started
    assert received.count(b"event: participant_create\n") == 20_001
    assert received.index(b"event: participant_sync_end") > received.rindex(b"participant_create")
    assert elapsed < 3, f"the burst took {elapsed:.2f} s"


async def test_closing_the_stream_on_the_client_side_unregisters_it(served: Served) -> None:
    alice = await served.join("meet.open")
    async with served.events("meet.open", alice["token"]) as events:
        await events.burst()
        assert served.server.call(lambda: len(served.node.conference("meet.open").streams)) == 1
    for _ in range(50):
        if served.server.call(lambda: len(served.node.conference("meet.open").streams)) == 0:
            break
        await asyncio.sleep(0.02)
    assert served.server.call(lambda: len(served.node.conference("meet.open").streams)) == 0
    # The participant stays: only the stream went away.
    assert alice["participant_uuid"] in served.roster("meet.open")
