"""Waiting for a host, hosts departing, and admission to a locked conference (section 11)."""

from __future__ import annotations

from dataclasses import replace

from pexjoin_tui.node import Meeting

from .helpers import Served


async def test_a_guest_before_any_host_waits_until_a_host_joins(served: Served) -> None:
    guest = await served.join("meet.hostpin", "Gus", pin="none")
    assert guest["role"] == "GUEST"
    assert guest["current_service_type"] == "waiting_room"
    status = await served.get("meet.hostpin", "conference_status", guest["token"])
    assert status.json()["result"]["started"] is False
    async with served.events("meet.hostpin", guest["token"]) as events:
        burst = await events.burst()
        assert burst[0] == ("conference_update", burst[0][1])
        assert burst[0][1]["started"] is False
        me = next(data for name, data in burst if name == "participant_create")
        assert me["service_type"] == "waiting_room"

        host = await served.join("meet.hostpin", "Hannah", pin="1234")
        assert host["current_service_type"] == "conference"
        seen: dict[str, dict] = {}
        while len(seen) < 2:
            name, data = await events.next()
            if name in ("participant_update", "conference_update"):
                seen[name] = data
        assert seen["participant_update"]["uuid"] == guest["participant_uuid"]
        assert seen["participant_update"]["service_type"] == "conference"
        assert seen["conference_update"]["started"] is True


async def test_a_guest_arriving_after_the_host_goes_straight_in(served: Served) -> None:
    await served.join("meet.hostpin", "Hannah", pin="1234")
    guest = await served.join("meet.hostpin", "Gus", pin="none")
    assert guest["current_service_type"] == "conference"


async def test_start_conference_lets_waiting_guests_in(served: Served) -> None:
    guest = await served.join("meet.hostpin", "Gus", pin="none")
    host = await served.join("meet.hostpin", "Hannah", pin="1234")
    # The host arriving already started it; start_conference is still accepted.
    response = await served.post("meet.hostpin", "start_conference", host["token"])
    assert response.json() == {"status": "success", "result": True}
    assert served.roster("meet.hostpin")[guest["participant_uuid"]].service_type == "conference"


async def test_no_host_in_time_disconnects_the_waiting_guest(serve) -> None:
    served = serve(host_wait_timeout=0.5)
    guest = await served.join("meet.hostpin", "Gus", pin="none")
    async with served.events("meet.hostpin", guest["token"]) as events:
        await events.burst()
        assert await events.until("disconnect", within=3) == {
            "reason": "Timeout waiting for conference host to join or permit access to "
            "locked conference"
        }
        assert await events.ended()
    assert served.roster("meet.hostpin") == {}


async def test_when_the_hosts_leave_guests_are_disconnected_after_the_grace(serve) -> None:
    served = serve(host_departed_grace=0.5)
    host = await served.join("meet.hostpin", "Hannah", pin="1234")
    guest = await served.join("meet.hostpin", "Gus", pin="none")
    async with served.events("meet.hostpin", guest["token"]) as events:
        await events.burst()
        await served.post("meet.hostpin", "release_token", host["token"])
        assert await events.until("participant_delete") == {"uuid": host["participant_uuid"]}
        assert await events.until("disconnect", within=3) == {
            "reason": "All conference hosts departed hosted conference"
        }
    assert served.roster("meet.hostpin") == {}
    # The next guest waits again.
    late = await served.join("meet.hostpin", "Late", pin="none")
    assert late["current_service_type"] == "waiting_room"


async def test_a_host_returning_within_the_grace_keeps_the_guests(serve) -> None:
    served = serve(host_departed_grace=0.6)
    host = await served.join("meet.hostpin", "Hannah", pin="1234")
    guest = await served.join("meet.hostpin", "Gus", pin="none")
    await served.post("meet.hostpin", "release_token", host["token"])
    await served.join("meet.hostpin", "Hannah again", pin="1234")
    async with served.events("meet.hostpin", guest["token"]) as events:
        await events.burst()
        # Well past the grace: only pings, no disconnect.
        for _ in range(4):
            assert (await events.next_item(within=1))[0] == "comment"
    assert guest["participant_uuid"] in served.roster("meet.hostpin")


async def test_a_locked_conference_holds_newcomers_until_admitted(served: Served) -> None:
    host = await served.join("meet.pin", "Hannah", pin="1234")
    await served.post("meet.pin", "lock", host["token"])
    other_host = await served.join("meet.pin", "Hugo", pin="1234")
    assert other_host["current_service_type"] == "conference"  # the host PIN passes a lock
    guest = await served.join("meet.pin", "Gus", pin="5678")
    assert guest["current_service_type"] == "waiting_room"
    async with served.events("meet.pin", guest["token"]) as events:
        await events.burst()
        route = f"participants/{guest['participant_uuid']}/unlock"
        response = await served.post("meet.pin", route, host["token"])
        assert response.json() == {"status": "success", "result": True}
        updated = await events.until("participant_update")
        assert (updated["uuid"], updated["service_type"]) == (
            guest["participant_uuid"],
            "conference",
        )
    assert served.node.conference("meet.pin").locked is True  # admitting one keeps the lock


async def test_unlocking_the_conference_admits_everyone_waiting(served: Served) -> None:
    host = await served.join("meet.pin", "Hannah", pin="1234")
    await served.post("meet.pin", "lock", host["token"])
    waiting = [await served.join("meet.pin", f"Guest {n}", pin="5678") for n in range(3)]
    assert {w["current_service_type"] for w in waiting} == {"waiting_room"}
    async with served.events("meet.pin", host["token"]) as events:
        await events.burst()
        await served.post("meet.pin", "unlock", host["token"])
        admitted = set()
        while len(admitted) < 3:
            name, data = await events.next()
            if name == "participant_update" and data["service_type"] == "conference":
                admitted.add(data["uuid"])
    assert admitted == {w["participant_uuid"] for w in waiting}


async def test_a_meeting_configured_locked(serve) -> None:
    served = serve([Meeting("meet.locked", "Locked", host_pin="1234", locked=True)])
    guest = await served.join("meet.locked", "Gus", pin="none")
    assert guest["current_service_type"] == "waiting_room"
    host = await served.join("meet.locked", "Hannah", pin="1234")
    # A host arrived, but the lock still holds the guest until it is admitted.
    assert served.roster("meet.locked")[guest["participant_uuid"]].waiting
    route = f"participants/{guest['participant_uuid']}/unlock"
    await served.post("meet.locked", route, host["token"])
    assert not served.roster("meet.locked")[guest["participant_uuid"]].waiting


async def test_a_waiting_guest_cannot_use_host_controls(served: Served) -> None:
    guest = await served.join("meet.hostpin", "Gus", pin="none")
    response = await served.post("meet.hostpin", "start_conference", guest["token"])
    assert response.json() == {"status": "success", "result": "Invalid role"}


async def test_guests_with_a_pin_can_be_made_to_wait_for_a_host(serve) -> None:
    meeting = Meeting("meet.strict", "Strict", host_pin="1234", guest_pin="5678")
    served = serve([meeting, replace(meeting, alias="meet.held", guests_wait_for_host=True)])
    assert (await served.join("meet.strict", pin="5678"))["current_service_type"] == "conference"
    assert (await served.join("meet.held", pin="5678"))["current_service_type"] == "waiting_room"
