"""The client in a live conference on the emulated node: events, chat and host controls."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import SecretStr

from pexjoin_tui.infinity import (
    ConferenceStatus,
    ConferenceUpdate,
    Disconnect,
    InfinityClient,
    InvalidRoleError,
    MessageReceived,
    ParticipantCreate,
    ParticipantDelete,
    ParticipantRole,
    ParticipantSyncBegin,
    ParticipantSyncEnd,
    ParticipantUpdate,
    Stage,
    StreamDroppedError,
    Token,
)
from tests.helpers import eventually

from .support import listening, quiet_meetings


async def join(url: str, alias: str, name: str, pin: str | None = None) -> InfinityClient:
    client = InfinityClient(url, alias)
    token = await client.request_token(name, None if pin is None else SecretStr(pin))
    assert isinstance(token, Token)
    return client


def person(node, alias: str, uuid: str):
    return node.conference(alias).participants[uuid]


async def test_the_burst_comes_in_order_with_everyone_and_self(start_node) -> None:
    _, _, url = start_node(meetings=quiet_meetings(**{"meet.open": {"people": 3}}))
    async with await join(url, "meet.open", "Tess") as client:
        burst = []
        async for event in client.events():
            burst.append(event)
            if isinstance(event, Stage):
                break
        kinds = [type(event) for event in burst]
        assert kinds == [
            ConferenceUpdate,
            ParticipantSyncBegin,
            *[ParticipantCreate] * 4,
            ParticipantSyncEnd,
            Stage,
        ]
        created = [event.participant for event in burst if isinstance(event, ParticipantCreate)]
        assert client.participant_uuid in {participant.uuid for participant in created}
        me = next(p for p in created if p.uuid == client.participant_uuid)
        assert (me.display_name, me.protocol, me.is_host) == ("Tess", "api", True)
        assert isinstance(burst[0], ConferenceUpdate) and burst[0].status.started
        roster = await client.participants()
        assert {p.uuid for p in roster} == {p.uuid for p in created}
        await client.release_token()


async def test_live_join_change_and_leave(start_node) -> None:
    node, server, url = start_node(meetings=quiet_meetings())
    async with await join(url, "meet.open", "Tess") as client, listening(client) as events:
        uuid = server.call(lambda: node.add_person("meet.open", "Ada Lovelace"))
        created = await events.next(ParticipantCreate, lambda e: e.participant.uuid == uuid)
        assert created.participant.display_name == "Ada Lovelace"
        assert created.participant.protocol == "webrtc"

        server.call(lambda: node.update_person("meet.open", uuid, muted=True, buzz=True))
        updated = await events.next(ParticipantUpdate, lambda e: e.participant.uuid == uuid)
        assert updated.participant.is_muted and updated.participant.hand_raised

        server.call(lambda: node.remove_person("meet.open", uuid))
        assert await events.next(ParticipantDelete) == ParticipantDelete(uuid)
        await client.release_token()


async def test_a_waiting_guest_is_let_in_when_a_host_arrives(start_node) -> None:
    _, _, url = start_node(meetings=quiet_meetings())
    async with await join(url, "meet.hostpin", "Gus", "none") as guest, listening(guest) as events:
        async with await join(url, "meet.hostpin", "Hannah", "1234") as host:
            await eventually(
                lambda: any(
                    isinstance(e, ParticipantUpdate)
                    and e.participant.uuid == guest.participant_uuid
                    and e.participant.service_type == "conference"
                    for e in events.seen
                )
            )
            # The conference is started too (the node sends that update first).
            assert any(isinstance(e, ConferenceUpdate) and e.status.started for e in events.seen)
            await host.release_token()
        await guest.release_token()


async def test_chat_reaches_others_and_is_not_echoed(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    async with (
        await join(url, "meet.open", "Alice") as alice,
        await join(url, "meet.open", "Bob") as bob,
        listening(alice) as alice_events,
        listening(bob) as bob_events,
    ):
        assert await alice.send_message("hello everyone") is True
        received = await bob_events.next(MessageReceived)
        assert received.message.payload == "hello everyone"
        assert (received.message.origin, received.message.uuid) == ("Alice", alice.participant_uuid)
        assert received.message.direct is False

        assert await alice.send_message("just you", participant_uuid=bob.participant_uuid)
        direct = await bob_events.next(MessageReceived)
        assert (direct.message.payload, direct.message.direct) == ("just you", True)
        assert node.messages[-1].direct_to == bob.participant_uuid

        await asyncio.sleep(0.3)
        assert not [e for e in alice_events.seen if isinstance(e, MessageReceived)]
        await alice.release_token()
        await bob.release_token()


async def test_host_controls_change_the_conference(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    alias = "meet.pin"
    async with (
        await join(url, alias, "Hannah", "1234") as host,
        await join(url, alias, "Gus", "5678") as guest,
        listening(host) as events,
    ):
        target = guest.participant_uuid
        assert target is not None

        assert await host.lock() is True
        assert (await host.conference_status()).locked
        await events.next(ConferenceUpdate, lambda e: e.status.locked)
        assert await host.unlock() is True
        assert not (await host.conference_status()).locked

        assert await host.mute_guests() is True
        status: ConferenceStatus = await host.conference_status()
        assert status.guests_muted and person(node, alias, target).muted
        assert await host.unmute_guests() is True
        assert not (await host.conference_status()).guests_muted

        assert await host.mute(target) is True
        assert person(node, alias, target).muted
        muted = await events.next(ParticipantUpdate, lambda e: e.participant.uuid == target)
        assert muted.participant.is_muted
        assert await host.unmute(target) is True
        assert not person(node, alias, target).muted

        assert await host.spotlight(target, True) is True
        assert person(node, alias, target).spotlight > 0
        assert await host.spotlight(target, False) is True
        assert person(node, alias, target).spotlight == 0

        assert await host.raise_hand(target) is True
        assert person(node, alias, target).buzz_time > 0
        assert await host.lower_hand(target) is True
        assert person(node, alias, target).buzz_time == 0

        assert await host.set_role(target, ParticipantRole.CHAIR) is True
        assert person(node, alias, target).role == "chair"
        assert await host.set_role(target, ParticipantRole.GUEST) is True
        assert person(node, alias, target).role == "guest"

        assert await host.start_conference() is True

        # Admit: a latecomer to a locked meeting waits until a host lets them in.
        await host.lock()
        async with await join(url, alias, "Late", "5678") as late:
            late_uuid = late.participant_uuid
            assert late_uuid is not None
            assert person(node, alias, late_uuid).service_type == "waiting_room"
            assert await host.admit(late_uuid) is True
            assert person(node, alias, late_uuid).service_type == "conference"

            assert await host.disconnect_participant(late_uuid) is True
            assert late_uuid not in node.conference(alias).participants
        await host.unlock()
        await host.release_token()
        await guest.release_token()


async def test_a_guest_gets_invalid_role_for_host_controls(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    alias = "meet.pin"
    async with (
        await join(url, alias, "Hannah", "1234") as host,
        await join(url, alias, "Gus", "5678") as guest,
    ):
        other = host.participant_uuid
        assert other is not None
        for control in (
            guest.lock(),
            guest.unlock(),
            guest.mute_guests(),
            guest.unmute_guests(),
            guest.start_conference(),
            guest.end_conference(),
            guest.mute(other),
            guest.unmute(other),
            guest.disconnect_participant(other),
            guest.admit(other),
            guest.spotlight(other, True),
            guest.set_role(other, ParticipantRole.GUEST),
            guest.raise_hand(other),
            guest.lower_hand(other),
        ):
            with pytest.raises(InvalidRoleError) as caught:
                await control
            assert caught.value.code == "#pex100"
            assert "host" in caught.value.message
        assert not node.conference(alias).locked
        # A guest may raise its own hand.
        assert guest.participant_uuid is not None
        assert await guest.raise_hand(guest.participant_uuid) is True
        await host.release_token()
        await guest.release_token()


async def test_a_removed_participant_hears_why(start_node) -> None:
    _, _, url = start_node(meetings=quiet_meetings())
    async with (
        await join(url, "meet.open", "Hannah") as host,
        await join(url, "meet.open", "Gus") as guest,
        listening(guest) as events,
    ):
        assert guest.participant_uuid is not None
        await host.disconnect_participant(guest.participant_uuid)
        disconnect = await events.next(Disconnect)
        assert disconnect == Disconnect("Disconnected by another participant", "#pex124")
        assert isinstance(await events.failure(), StreamDroppedError)
        await host.release_token()


async def test_ending_the_conference_tells_everyone(start_node) -> None:
    node, _, url = start_node(meetings=quiet_meetings())
    async with (
        await join(url, "meet.open", "Hannah") as host,
        await join(url, "meet.open", "Gus") as guest,
        listening(guest) as events,
    ):
        assert await host.end_conference() is True
        disconnect = await events.next(Disconnect)
        assert disconnect.reason == "Conference terminated by another participant"
        assert disconnect.code == "#pex125"
        await eventually(lambda: not node.conference("meet.open").participants)
