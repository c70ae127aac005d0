"""request_token, PIN rules, lockout, refresh, release and token expiry, as raw JSON."""

from __future__ import annotations

import asyncio

from .helpers import (
    TOKEN_OPTIONAL,
    TOKEN_REQUIRED,
    Served,
    shape_problems,
)


async def test_request_token_success_has_every_required_key_with_its_type(served: Served) -> None:
    response = await served.request_token("meet.open", "Alice", call_tag="tag-1")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["status"] == "success"
    result = body["result"]
    assert shape_problems(result, TOKEN_REQUIRED, TOKEN_OPTIONAL) == []
    assert result["expires"] == "120"
    assert result["role"] == "HOST"  # a VMR without PINs makes everyone a host
    assert result["display_name"] == "Alice"
    assert result["call_tag"] == "tag-1"
    assert result["current_service_type"] == "conference"
    assert result["conference_name"] == "Open meeting"
    assert set(result["version"]) == {"version_id", "pseudo_version"}
    assert all(isinstance(v, str) for v in result["version"].values())
    assert all(set(item) <= {"url"} for item in result["stun"])
    # URL-safe, so it survives a query string unescaped.
    assert not set(result["token"]) & set("+&#%/ ")


async def test_expires_is_the_configured_lifetime_as_a_string(serve) -> None:
    served = serve(expires=7)
    result = await served.join("meet.open")
    assert result["expires"] == "7"


async def test_no_pin_header_gets_the_pin_object_with_version(served: Served) -> None:
    both = await served.request_token("meet.pin")
    assert both.status_code == 403
    assert both.headers["content-type"] == "application/json"
    assert both.json() == {
        "status": "success",
        "result": {
            "pin": "required",
            "guest_pin": "required",
            "version": {"version_id": "36", "pseudo_version": "79019.0.0"},
        },
    }
    host_only = await served.request_token("meet.hostpin")
    assert host_only.status_code == 403
    result = host_only.json()["result"]
    assert (result["pin"], result["guest_pin"]) == ("required", "none")
    assert "version" in result


async def test_host_pin_gives_host_and_guest_pin_gives_guest(served: Served) -> None:
    host = await served.join("meet.pin", "Hannah", pin="1234")
    guest = await served.join("meet.pin", "Gus", pin="5678")
    assert host["role"] == "HOST"
    assert guest["role"] == "GUEST"
    roles = {p.display_name: p.role for p in served.roster("meet.pin").values()}
    assert roles == {"Hannah": "chair", "Gus": "guest"}


async def test_pin_none_joins_as_guest_when_guests_need_no_pin(served: Served) -> None:
    result = await served.join("meet.hostpin", "Gus", pin="none")
    assert result["role"] == "GUEST"


async def test_pin_none_is_invalid_when_a_guest_pin_is_required(served: Served) -> None:
    response = await served.request_token("meet.pin", pin="none")
    assert response.status_code == 403
    assert response.json() == {"status": "success", "result": "Invalid PIN"}


async def test_wrong_pin_is_invalid_pin(served: Served) -> None:
    response = await served.request_token("meet.pin", pin="9999")
    assert response.status_code == 403
    assert response.json() == {"status": "success", "result": "Invalid PIN"}
    assert served.roster("meet.pin") == {}


async def test_five_wrong_pins_lock_the_address_out_then_it_lifts(serve) -> None:
    served = serve(pin_attempts=3, pin_lockout=1.0)
    for _ in range(3):
        wrong = await served.request_token("meet.pin", pin="0000")
        assert wrong.json()["result"] == "Invalid PIN"
    blocked = await served.request_token("meet.pin", pin="1234")  # even the right PIN
    assert blocked.status_code == 403
    assert blocked.json() == {
        "status": "success",
        "result": "Participant exceeded PIN entry retries",
    }
    # Another conference is not affected.
    assert (await served.request_token("meet.hostpin", pin="1234")).status_code == 200
    await asyncio.sleep(1.1)
    assert (await served.request_token("meet.pin", pin="1234")).status_code == 200


async def test_default_lockout_is_five_attempts(served: Served) -> None:
    for _ in range(4):
        await served.request_token("meet.pin", pin="0000")
    fifth = await served.request_token("meet.pin", pin="0000")
    assert fifth.json()["result"] == "Invalid PIN"
    sixth = await served.request_token("meet.pin", pin="1234")
    assert sixth.json()["result"] == "Participant exceeded PIN entry retries"


async def test_a_correct_pin_resets_the_count(serve) -> None:
    served = serve(pin_attempts=3)
    for _ in range(2):
        await served.request_token("meet.pin", pin="0000")
    assert (await served.request_token("meet.pin", pin="5678")).status_code == 200
    for _ in range(2):
        await served.request_token("meet.pin", pin="0000")
    assert (await served.request_token("meet.pin", pin="5678")).status_code == 200


async def test_unknown_conference_is_404_failed(served: Served) -> None:
    response = await served.request_token("meet.nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "status": "failed",
        "result": "Neither conference nor gateway found",
    }


async def test_unknown_route_is_404_not_found(served: Served) -> None:
    token = (await served.join("meet.open"))["token"]
    for response in (
        await served.get("meet.open", "no_such_thing", token),
        await served.post("meet.open", "participants/x/y/z", token),
        await served.http.get(f"{served.base}/elsewhere"),
        await served.http.get(served.url("meet.open", "request_token")),  # wrong method
    ):
        assert response.status_code == 404
        assert response.json() == {"status": "failed", "result": "Not found"}


async def test_unknown_or_missing_token_is_403_invalid_token(served: Served) -> None:
    for token in ("not-a-token", ""):
        response = await served.get("meet.open", "participants", token)
        assert response.status_code == 403
        assert response.json() == {"status": "success", "result": "Invalid token"}


async def test_a_token_is_only_good_for_its_own_conference(served: Served) -> None:
    token = (await served.join("meet.open"))["token"]
    response = await served.get("meet.busy", "participants", token)
    assert response.json() == {"status": "success", "result": "Invalid token"}


async def test_refresh_returns_a_new_token_and_the_old_one_still_works(served: Served) -> None:
    old = (await served.join("meet.pin", pin="5678"))["token"]
    response = await served.post("meet.pin", "refresh_token", old)
    assert response.status_code == 200
    result = response.json()["result"]
    assert isinstance(result["token"], str) and result["token"] != old
    assert result["expires"] == "120"
    assert result["role"] == "GUEST"
    assert isinstance(result["client_stats_update_interval"], int | float)
    assert (await served.get("meet.pin", "participants", old)).status_code == 200
    assert (await served.get("meet.pin", "participants", result["token"])).status_code == 200


async def test_release_removes_at_once_and_voids_the_token(served: Served) -> None:
    alice = await served.join("meet.open", "Alice")
    bob = await served.join("meet.open", "Bob")
    async with served.events("meet.open", bob["token"]) as events:
        await events.burst()
        response = await served.post("meet.open", "release_token", alice["token"])
        assert response.status_code == 200
        assert response.json() == {"status": "success", "result": True}
        assert await events.until("participant_delete") == {"uuid": alice["participant_uuid"]}
    assert served.node.released == [alice["participant_uuid"]]
    assert alice["participant_uuid"] not in served.roster("meet.open")
    again = await served.get("meet.open", "participants", alice["token"])
    assert again.json()["result"] == "Invalid token"


async def test_release_accepts_the_token_in_the_query(served: Served) -> None:
    alice = await served.join("meet.open")
    response = await served.http.post(
        served.url("meet.open", "release_token"),
        params={"token": alice["token"]},
        content=b'{"reason":"Browser closed"}',
        headers={"content-type": "text/plain"},
    )
    assert response.json() == {"status": "success", "result": True}
    assert served.node.released == [alice["participant_uuid"]]
    assert served.node.requests[-1].token_source == "query"


async def test_an_unrefreshed_token_ejects_its_participant(serve) -> None:
    served = serve(expires=1)
    watcher = await served.join("meet.open", "Watcher")
    idle = await served.join("meet.open", "Idle")

    async def keep_refreshing() -> None:
        token = watcher["token"]
        while True:
            await asyncio.sleep(0.25)
            response = await served.post("meet.open", "refresh_token", token)
            token = response.json()["result"]["token"]

    async with served.events("meet.open", watcher["token"]) as events:
        await events.burst()
        # The watcher refreshes and stays; the idle one never refreshes.
        refresher = asyncio.create_task(keep_refreshing())
        try:
            deleted = await events.until("participant_delete", within=4)
        finally:
            refresher.cancel()
        assert deleted == {"uuid": idle["participant_uuid"]}
    assert served.node.expired == [idle["participant_uuid"]]
    assert idle["participant_uuid"] not in served.roster("meet.open")
    # The watcher's first token has run out by now, though the watcher itself stays.
    first = await served.get("meet.open", "participants", watcher["token"])
    assert first.json() == {"status": "success", "result": "Invalid token"}
    assert watcher["participant_uuid"] in served.roster("meet.open")


async def test_an_ejected_participant_gets_its_stream_closed(serve) -> None:
    served = serve(expires=1)
    idle = await served.join("meet.open", "Idle")
    async with served.events("meet.open", idle["token"]) as events:
        await events.burst()
        assert await events.until("disconnect", within=3) == {
            "reason": "Timer expired awaiting token refresh"
        }
        assert await events.ended()


async def test_expire_token_now(served: Served) -> None:
    alice = await served.join("meet.open")
    assert served.server.call(served.node.expire_token_now, alice["participant_uuid"])
    assert served.node.expired == [alice["participant_uuid"]]


async def test_requests_are_recorded_without_secrets(served: Served) -> None:
    await served.request_token("meet.pin", pin="1234")
    await served.request_token("meet.hostpin", pin="none")
    records = [r for r in served.node.requests if r.route == "request_token"]
    assert [(r.has_pin_header, r.pin_header_is_none, r.status) for r in records] == [
        (True, False, 200),
        (True, True, 200),
    ]
    assert records[0].body_keys == ("display_name", "chosen_idp", "sso_token")
    assert "1234" not in repr(served.node.requests)
    for conference in served.node.conferences.values():
        for token in conference.tokens:
            assert token not in repr(served.node.requests)


async def test_missing_display_name_is_a_400(served: Served) -> None:
    response = await served.http.post(served.url("meet.open", "request_token"), json={})
    assert response.status_code == 400
    assert response.json()["status"] == "failed"
