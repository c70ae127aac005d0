"""The client against the emulated node over loopback HTTP: joining, PINs, token life, faults."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import SecretStr

from pexjoin_tui.infinity import (
    ConferenceNotFoundError,
    Disconnect,
    InfinityClient,
    InvalidPinError,
    InvalidTokenError,
    NodeError,
    ParticipantDelete,
    ParticipantRole,
    PinChallenge,
    PinRetriesExceededError,
    ProtocolError,
    StreamDroppedError,
    Token,
    TokenRole,
    TransportError,
)
from pexjoin_tui.node import Meeting
from tests.helpers import eventually

from .support import listening, quiet_meetings


def roster(node, alias: str = "meet.open") -> dict:
    return node.conference(alias).participants


async def join(url: str, alias: str, name: str, pin: str | None = None) -> InfinityClient:
    client = InfinityClient(url, alias)
    token = await client.request_token(name, None if pin is None else SecretStr(pin))
    assert isinstance(token, Token)
    return client


async def test_open_meeting_everyone_is_a_host(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    async with InfinityClient(url, "meet.open") as client:
        token = await client.request_token("Tess")
        assert isinstance(token, Token)
        assert token.role is TokenRole.HOST
        assert token.current_service_type == "conference"
        assert token.expires == 120.0 and token.version_id == "36"
        assert token.conference_name == "Open meeting"
        assert client.token == token.token and client.participant_uuid == token.participant_uuid
        entry = roster(node)[token.participant_uuid]
        assert (entry.display_name, entry.role, entry.protocol) == ("Tess", "chair", "api")
        assert node.requests[-1].has_pin_header is False
        assert node.requests[-1].body_keys == (
            "display_name",
            "chosen_idp",
            "sso_token",
            "direct_media",
            "supports_direct_chat",
        )
        await client.release_token()


async def test_pin_required_host_pin_hosts_guest_pin_guests(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    async with InfinityClient(url, "meet.pin") as client:
        challenge = await client.request_token("Tess")
        assert challenge == PinChallenge(host_pin=True, guest_pin=True)
        assert challenge.required and not challenge.optional
        assert client.token is None
        host = await client.request_token("Tess", SecretStr("1234"))
        assert isinstance(host, Token) and host.role is TokenRole.HOST
    async with InfinityClient(url, "meet.pin") as client:
        guest = await client.request_token("Gus", SecretStr("5678"))
        assert isinstance(guest, Token) and guest.role is TokenRole.GUEST
        assert roster(node, "meet.pin")[guest.participant_uuid].role == "guest"
    pin_requests = [r for r in node.requests if r.route == "request_token"]
    assert [r.has_pin_header for r in pin_requests] == [False, True, True]
    assert all("1234" not in r.path and "5678" not in r.path for r in node.requests)


async def test_pin_optional_blank_joins_as_a_waiting_guest(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    async with InfinityClient(url, "meet.hostpin") as client:
        challenge = await client.request_token("Gus")
        assert challenge == PinChallenge(host_pin=True, guest_pin=False)
        assert challenge.optional
        token = await client.request_token("Gus", SecretStr("none"))
        assert isinstance(token, Token)
        assert token.role is TokenRole.GUEST
        assert token.current_service_type == "waiting_room" and token.waiting
        assert node.requests[-1].pin_header_is_none
        assert roster(node, "meet.hostpin")[token.participant_uuid].service_type == ("waiting_room")
        status = await client.conference_status()
        assert status.started is False
        participants = await client.participants()
        me = next(p for p in participants if p.uuid == token.participant_uuid)
        assert me.waiting and not me.is_host


async def test_wrong_pin_then_lockout(start_node) -> None:
    _, _, url = start_node(meetings=quiet_meetings(), pin_attempts=3)
    async with InfinityClient(url, "meet.pin") as client:
        for wrong in ("0000", "9999"):
            with pytest.raises(InvalidPinError) as caught:
                await client.request_token("Tess", SecretStr(wrong))
            assert caught.value.code == "#pex101"
            assert wrong not in caught.value.message
        # A blank PIN where a guest PIN is required is a wrong PIN too (reference section 11).
        with pytest.raises(InvalidPinError):
            await client.request_token("Tess", SecretStr("none"))
        with pytest.raises(PinRetriesExceededError) as locked_out:
            await client.request_token("Tess", SecretStr("1234"))
        assert locked_out.value.code == "#pex192"
        assert "wait" in locked_out.value.message


async def test_unknown_alias_is_not_found(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    for alias in ("meet.nobody", "../meet.open", "meet.open/../meet.pin", "meet.open?x#y"):
        async with InfinityClient(url, alias) as client:
            with pytest.raises(ConferenceNotFoundError) as caught:
                await client.request_token("Tess")
        assert caught.value.code == "#pex154"
        assert alias in caught.value.message
        assert node.requests[-1].alias == alias
    assert not roster(node)


async def test_an_alias_with_any_characters_reaches_its_meeting(start_node) -> None:
    odd = "team a/b?c#d ../é"
    node, _, url = start_node(meetings=[Meeting(alias=odd, name="Odd")])
    async with InfinityClient(url, odd) as client:
        token = await client.request_token("Tess")
        assert isinstance(token, Token)
        assert await client.lock() is True
        assert node.conference(odd).locked
        await client.release_token()


async def test_refresh_keeps_a_participant_in_and_expiry_ejects_another(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings(), expires=2)
    keeper = await join(url, "meet.open", "Keeper")
    leaver = await join(url, "meet.open", "Leaver")
    keeper_uuid, leaver_uuid = keeper.participant_uuid, leaver.participant_uuid
    async with (
        keeper,
        leaver,
        listening(leaver) as leaver_events,
        listening(keeper) as keeper_events,
    ):
        first = keeper.token
        for _ in range(9):  # 6.3 s: three token lifetimes
            await asyncio.sleep(0.7)
            refreshed = await keeper.refresh_token()
            assert refreshed.expires == 2.0 and refreshed.role is TokenRole.HOST
        assert keeper.token != first
        assert keeper_uuid in roster(node) and keeper_uuid not in node.expired
        # The one that never refreshed was ejected, and everyone was told.
        assert leaver_uuid in node.expired and leaver_uuid not in roster(node)
        gone = await keeper_events.next(ParticipantDelete, lambda e: e.uuid == leaver_uuid)
        assert gone.uuid == leaver_uuid
        disconnect = await leaver_events.next(Disconnect)
        assert disconnect.reason == "Timer expired awaiting token refresh"
        assert disconnect.code == "#pex113"
        assert isinstance(await leaver_events.failure(), StreamDroppedError)
        with pytest.raises(InvalidTokenError) as caught:
            await leaver.refresh_token()
        assert caught.value.code == "#pex113"
        await keeper.release_token()


async def test_release_removes_at_once(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    stayer = await join(url, "meet.open", "Stayer")
    leaver = await join(url, "meet.open", "Leaver")
    leaver_uuid = leaver.participant_uuid
    async with stayer, leaver, listening(stayer) as events:
        await leaver.release_token()
        assert node.released == [leaver_uuid]
        assert leaver_uuid not in roster(node)
        assert leaver.token is None and leaver.participant_uuid is None
        await events.next(ParticipantDelete, lambda e: e.uuid == leaver_uuid, within=1.0)
        with pytest.raises(InvalidTokenError):
            await leaver.lock()
        await stayer.release_token()


async def test_release_clears_the_token_even_when_the_request_fails(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    async with await join(url, "meet.open", "Tess") as client:
        node.faults.fail_next(1, status=503)
        with pytest.raises(NodeError):
            await client.release_token()
        assert client.token is None


async def test_a_stale_token_is_refused(start_node) -> None:
    _, _, url = start_node(meetings=quiet_meetings())
    async with InfinityClient(url, "meet.open") as client:
        client.token = SecretStr("not-a-token-the-node-issued")
        with pytest.raises(InvalidTokenError):
            await client.participants()
        with pytest.raises(InvalidTokenError):
            async for _ in client.events():
                pass


async def test_a_dropped_stream_raises_and_a_reconnect_resyncs(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    async with await join(url, "meet.open", "Tess") as client:
        node.faults.drop_stream_after = 3
        received = []
        with pytest.raises(StreamDroppedError) as caught:
            async for event in client.events():
                received.append(event)
        assert len(received) == 3
        assert caught.value.kind == "network"
        node.faults.drop_stream_after = None
        async with listening(client) as events:
            assert [type(e).__name__ for e in events.seen][:2] == [
                "ConferenceUpdate",
                "ParticipantSyncBegin",
            ]
        await client.release_token()


@pytest.mark.parametrize(("status", "code"), [(502, "#pex111"), (503, "#pex112")])
async def test_server_errors_are_node_errors_with_codes(start_node, status: int, code: str) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    async with InfinityClient(url, "meet.open") as client:
        node.faults.fail_next(1, status=status)
        with pytest.raises(NodeError) as caught:
            await client.request_token("Tess")
        assert (caught.value.status, caught.value.code) == (status, code)
        assert "try again" in caught.value.message
        assert isinstance(await client.request_token("Tess"), Token)


async def test_html_and_truncated_json_are_protocol_errors(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    async with InfinityClient(url, "meet.open") as client:
        node.faults.html_next(1)
        with pytest.raises(ProtocolError) as html:
            await client.request_token("Tess")
        assert "no JSON" in html.value.message
        assert html.value.excerpt.startswith("<!DOCTYPE html>")
        node.faults.truncated_next(1)
        with pytest.raises(ProtocolError) as truncated:
            await client.request_token("Tess")
        assert "could not be read" in truncated.value.message
        assert len(truncated.value.excerpt) <= 80
        assert client.token is None


async def test_latency_beyond_the_timeout_is_a_timeout(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    node.faults.latency = 1.0
    async with InfinityClient(url, "meet.open", timeout=0.3) as client:
        with pytest.raises(TransportError) as caught:
            await client.request_token("Tess")
    assert caught.value.kind == "timeout"


async def test_roles_change_shows_in_the_refresh(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    async with (
        await join(url, "meet.pin", "Host", "1234") as host,
        await join(url, "meet.pin", "Guest", "5678") as guest,
    ):
        assert guest.participant_uuid is not None
        await host.set_role(guest.participant_uuid, ParticipantRole.CHAIR)
        refreshed = await guest.refresh_token()
        assert refreshed.role is TokenRole.HOST
        await eventually(lambda: roster(node, "meet.pin")[guest.participant_uuid].role == "chair")


async def test_an_unknown_conference_extension_is_not_found(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    async with InfinityClient(url, "meet.open") as client:
        with pytest.raises(ConferenceNotFoundError) as caught:
            await client.request_token("Tess", conference_extension="meet.nobody")
    assert "meet.nobody" in caught.value.message
    assert not roster(node)
