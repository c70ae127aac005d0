"""Host controls (reference section 6) and the guest's "Invalid role"."""

from __future__ import annotations

import pytest

from .helpers import Served

HOST_ONLY = [
    "lock",
    "unlock",
    "muteguests",
    "unmuteguests",
    "start_conference",
    "disconnect",
    "clearallbuzz",
]
HOST_ONLY_ON_OTHERS = [
    "mute",
    "unmute",
    "disconnect",
    "unlock",
    "spotlighton",
    "spotlightoff",
    "role",
    "buzz",
    "clearbuzz",
]


async def _host_and_guest(served: Served) -> tuple[dict, dict]:
    host = await served.join("meet.pin", "Hannah", pin="1234")
    guest = await served.join("meet.pin", "Gus", pin="5678")
    return host, guest


@pytest.mark.parametrize("route", HOST_ONLY)
async def test_a_guest_gets_invalid_role_for_conference_controls(served: Served, route) -> None:
    _, guest = await _host_and_guest(served)
    response = await served.post("meet.pin", route, guest["token"])
    assert response.status_code == 403
    assert response.json() == {"status": "success", "result": "Invalid role"}


@pytest.mark.parametrize("action", HOST_ONLY_ON_OTHERS)
async def test_a_guest_gets_invalid_role_for_controls_on_others(served: Served, action) -> None:
    host, guest = await _host_and_guest(served)
    route = f"participants/{host['participant_uuid']}/{action}"
    response = await served.post("meet.pin", route, guest["token"], {"role": "guest"})
    assert response.status_code == 403
    assert response.json() == {"status": "success", "result": "Invalid role"}
    assert host["participant_uuid"] in served.roster("meet.pin")


async def test_lock_and_unlock(served: Served) -> None:
    host, guest = await _host_and_guest(served)
    async with served.events("meet.pin", guest["token"]) as events:
        await events.burst()
        response = await served.post("meet.pin", "lock", host["token"])
        assert response.json() == {"status": "success", "result": True}
        assert (await events.until("conference_update"))["locked"] is True
        status = await served.get("meet.pin", "conference_status", guest["token"])
        assert status.json()["result"]["locked"] is True
        await served.post("meet.pin", "unlock", host["token"])
        assert (await events.until("conference_update"))["locked"] is False


async def test_mute_and_unmute_guests(served: Served) -> None:
    host, guest = await _host_and_guest(served)
    async with served.events("meet.pin", host["token"]) as events:
        await events.burst()
        assert (await served.post("meet.pin", "muteguests", host["token"])).json()["result"] is True
        updated = await events.until("participant_update")
        assert (updated["uuid"], updated["is_muted"]) == (guest["participant_uuid"], "YES")
        assert (await events.until("conference_update"))["guests_muted"] is True
        # A muted guest may not unmute itself.
        own = f"participants/{guest['participant_uuid']}/unmute"
        refused = await served.post("meet.pin", own, guest["token"])
        assert refused.json() == {"status": "success", "result": "Invalid role"}
        # A guest joining now comes in muted.
        late = await served.join("meet.pin", "Late", pin="5678")
        created = await events.until("participant_create")
        assert (created["uuid"], created["is_muted"]) == (late["participant_uuid"], "YES")
        await served.post("meet.pin", "unmuteguests", host["token"])
        unmuted = {(await events.until("participant_update"))["is_muted"] for _ in range(2)}
        assert unmuted == {"NO"}
        assert (await events.until("conference_update"))["guests_muted"] is False
    host_entry = served.roster("meet.pin")[host["participant_uuid"]]
    assert host_entry.muted is False  # hosts are not guests


async def test_mute_and_unmute_one_participant(served: Served) -> None:
    host, guest = await _host_and_guest(served)
    route = f"participants/{guest['participant_uuid']}"
    async with served.events("meet.pin", guest["token"]) as events:
        await events.burst()
        assert (await served.post("meet.pin", f"{route}/mute", host["token"])).json()["result"]
        assert (await events.until("participant_update"))["is_muted"] == "YES"
        assert (await served.post("meet.pin", f"{route}/unmute", host["token"])).json()["result"]
        assert (await events.until("participant_update"))["is_muted"] == "NO"
        # Muting oneself is allowed to anyone.
        assert (await served.post("meet.pin", f"{route}/mute", guest["token"])).json()["result"]
        assert (await events.until("participant_update"))["is_muted"] == "YES"


async def test_disconnect_a_participant(served: Served) -> None:
    host, guest = await _host_and_guest(served)
    async with (
        served.events("meet.pin", guest["token"]) as guest_events,
        served.events("meet.pin", host["token"]) as host_events,
    ):
        await guest_events.burst()
        await host_events.burst()
        route = f"participants/{guest['participant_uuid']}/disconnect"
        response = await served.post("meet.pin", route, host["token"])
        assert response.json() == {"status": "success", "result": True}
        assert await guest_events.until("disconnect") == {
            "reason": "Disconnected by another participant"
        }
        assert await guest_events.ended()
        assert await host_events.until("participant_delete") == {"uuid": guest["participant_uuid"]}
    again = await served.get("meet.pin", "participants", guest["token"])
    assert again.json()["result"] == "Invalid token"


async def test_disconnect_all_terminates_the_conference(served: Served) -> None:
    host, guest = await _host_and_guest(served)
    async with (
        served.events("meet.pin", guest["token"]) as guest_events,
        served.events("meet.pin", host["token"]) as host_events,
    ):
        await guest_events.burst()
        await host_events.burst()
        response = await served.post("meet.pin", "disconnect", host["token"])
        assert response.json() == {"status": "success", "result": True}
        reason = {"reason": "Conference terminated by another participant"}
        assert await guest_events.until("disconnect") == reason
        assert await host_events.until("disconnect") == reason
        assert await guest_events.ended()
        assert await host_events.ended()
    assert served.roster("meet.pin") == {}


async def test_spotlight_on_and_off(served: Served) -> None:
    host, guest = await _host_and_guest(served)
    route = f"participants/{guest['participant_uuid']}"
    async with served.events("meet.pin", host["token"]) as events:
        await events.burst()
        await served.post("meet.pin", f"{route}/spotlighton", host["token"])
        assert (await events.until("participant_update"))["spotlight"] > 0
        await served.post("meet.pin", f"{route}/spotlightoff", host["token"])
        assert (await events.until("participant_update"))["spotlight"] == 0


async def test_role_change(served: Served) -> None:
    host, guest = await _host_and_guest(served)
    route = f"participants/{guest['participant_uuid']}/role"
    async with served.events("meet.pin", host["token"]) as events:
        await events.burst()
        response = await served.post("meet.pin", route, host["token"], {"role": "chair"})
        assert response.json() == {"status": "success", "result": True}
        assert (await events.until("participant_update"))["role"] == "chair"
    refreshed = await served.post("meet.pin", "refresh_token", guest["token"])
    assert refreshed.json()["result"]["role"] == "HOST"
    # Now a host, the former guest may lock the conference.
    token = refreshed.json()["result"]["token"]
    assert (await served.post("meet.pin", "lock", token)).json()["result"] is True
    bad = await served.post("meet.pin", route, host["token"], {"role": "king"})
    assert bad.status_code == 400


async def test_buzz_and_clearbuzz(served: Served) -> None:
    host, guest = await _host_and_guest(served)
    route = f"participants/{guest['participant_uuid']}"
    async with served.events("meet.pin", host["token"]) as events:
        await events.burst()
        # A guest raises its own hand; the host lowers it.
        assert (await served.post("meet.pin", f"{route}/buzz", guest["token"])).json()["result"]
        assert (await events.until("participant_update"))["buzz_time"] > 0
        await served.post("meet.pin", f"{route}/clearbuzz", host["token"])
        assert (await events.until("participant_update"))["buzz_time"] == 0
        await served.post("meet.pin", f"{route}/buzz", guest["token"])
        await events.until("participant_update")
        await served.post("meet.pin", "clearallbuzz", host["token"])
        assert (await events.until("participant_update"))["buzz_time"] == 0


async def test_controls_on_an_unknown_participant_are_404(served: Served) -> None:
    host, _ = await _host_and_guest(served)
    response = await served.post("meet.pin", "participants/nobody/mute", host["token"])
    assert response.status_code == 404
    assert response.json() == {"status": "failed", "result": "Not found"}


async def test_a_participant_may_disconnect_itself(served: Served) -> None:
    _, guest = await _host_and_guest(served)
    route = f"participants/{guest['participant_uuid']}/disconnect"
    assert (await served.post("meet.pin", route, guest["token"])).json()["result"] is True
    assert guest["participant_uuid"] not in served.roster("meet.pin")
