"""One typed event per event name of the reference (section 4); the unknown stays harmless."""

from __future__ import annotations

import json

import pytest

from pexjoin_tui.infinity import (
    BreakoutBegin,
    BreakoutEnd,
    BreakoutEvent,
    BreakoutRefer,
    CallDisconnected,
    CancelRefer,
    ConferenceUpdate,
    Disconnect,
    Fecc,
    Layout,
    LiveCaptions,
    MessageReceived,
    NewCandidate,
    NewOffer,
    OnHold,
    ParticipantCreate,
    ParticipantDelete,
    ParticipantSyncBegin,
    ParticipantSyncEnd,
    ParticipantUpdate,
    PeerDisconnect,
    PresentationEnded,
    PresentationFrame,
    PresentationStart,
    PresentationStop,
    ProtocolError,
    Refer,
    RefreshTokenRequested,
    SplashScreen,
    Stage,
    UnknownEvent,
    UpdateSdp,
    parse_event,
)

from .test_models import PARTICIPANT

# (name, data, expected type) with the reference's example payloads.
EXAMPLES = [
    ("participant_sync_begin", "null", ParticipantSyncBegin),
    ("participant_sync_end", "null", ParticipantSyncEnd),
    ("participant_create", json.dumps(PARTICIPANT), ParticipantCreate),
    ("participant_update", json.dumps(PARTICIPANT), ParticipantUpdate),
    ("participant_delete", '{"uuid":"u1"}', ParticipantDelete),
    (
        "conference_update",
        '{"locked":false,"guests_muted":false,"started":true,"all_muted":false,'
        '"presentation_allowed":true,"direct_media":false,"live_captions_available":true,'
        '"breakout_rooms":false,"guests_can_unmute":false,'
        '"classification":{"levels":{},"current":null}}',
        ConferenceUpdate,
    ),
    (
        "message_received",
        '{"origin":"George","uuid":"s1","type":"text/plain","payload":"hello","direct":false}',
        MessageReceived,
    ),
    (
        "presentation_start",
        '{"presenter_name":"George","presenter_uri":"george@x","presenter_uuid":"p1"}',
        PresentationStart,
    ),
    ("presentation_stop", "{}", PresentationStop),
    ("presentation_frame", "{}", PresentationFrame),
    ("presentation_ended", "{}", PresentationEnded),
    ("stage", '[{"participant_uuid":"u1","stage_index":0,"vad":100}]', Stage),
    (
        "layout",
        '{"view":"1:0","participants":[],"requested_layout":{"primary_screen":'
        '{"chair_layout":"ac","guest_layout":"ac"}},"overlay_text_enabled":true,'
        '"pres_slot_coords":null}',
        Layout,
    ),
    ("disconnect", '{"reason":"Disconnected by another participant"}', Disconnect),
    ("call_disconnected", '{"call_uuid":"c1","reason":"bye"}', CallDisconnected),
    ("refer", '{"alias":"toto","token":"one-time-secret"}', Refer),
    ("cancel_refer", "{}", CancelRefer),
    ("on_hold", "true", OnHold),
    (
        "fecc",
        '{"action":"start","movement":[{"axis":"pan","direction":"left"}],"timeout":1000}',
        Fecc,
    ),
    ("refresh_token", "null", RefreshTokenRequested),
    ("live_captions", '{"data":"text","is_final":true}', LiveCaptions),
    ("splash_screen", '{"screen_key":"direct_media_welcome","display_duration":5}', SplashScreen),
    ("peer_disconnect", "null", PeerDisconnect),
    ("new_offer", '{"sdp":"v=0"}', NewOffer),
    ("update_sdp", '{"sdp":"v=0"}', UpdateSdp),
    ("new_candidate", '{"candidate":"candidate:1","mid":"0"}', NewCandidate),
    ("breakout_begin", '{"breakout_uuid":"b1","participant_uuid":"u1"}', BreakoutBegin),
    ("breakout_end", '{"breakout_uuid":"b1","participant_uuid":"u1"}', BreakoutEnd),
    (
        "breakout_event",
        '{"breakout_uuid":"b1","event":"participant_create","id":"1","data":{"uuid":"u"}}',
        BreakoutEvent,
    ),
    (
        "breakout_refer",
        '{"breakout_uuid":"b1","breakout_name":"Room 1","requester_uuid":"u1"}',
        BreakoutRefer,
    ),
]


@pytest.mark.parametrize(("name", "data", "kind"), EXAMPLES)
def test_each_event_is_typed(name: str, data: str, kind: type) -> None:
    event = parse_event(name, data, "7")
    assert type(event) is kind
    assert kind.name == name


def test_event_payloads() -> None:
    create = parse_event("participant_create", json.dumps(PARTICIPANT))
    assert isinstance(create, ParticipantCreate)
    assert create.participant.uuid == PARTICIPANT["uuid"]
    assert create.participant.mute_supported is True
    update = parse_event("conference_update", '{"locked":true,"guests_muted":false}')
    assert isinstance(update, ConferenceUpdate) and update.status.locked
    message = parse_event("message_received", '{"origin":"A","uuid":"s","payload":"hi"}')
    assert isinstance(message, MessageReceived) and message.message.payload == "hi"
    assert parse_event("participant_delete", '{"uuid":"u9"}') == ParticipantDelete("u9")
    assert parse_event("presentation_frame", "{}", "42") == PresentationFrame("42")
    stage = parse_event("stage", '[{"participant_uuid":"u1","vad":0}, 5]')
    assert isinstance(stage, Stage) and stage.entries == [{"participant_uuid": "u1", "vad": 0}]
    assert parse_event("splash_screen", "null") == SplashScreen(None)


def test_disconnect_carries_the_reason_and_code() -> None:
    event = parse_event("disconnect", '{"reason":"Conference terminated by another participant"}')
    assert event == Disconnect("Conference terminated by another participant", "#pex125")
    # Never lost, even when its payload is odd: the client must learn it is out.
    assert parse_event("disconnect", "not json") == Disconnect("", None)
    assert parse_event("disconnect", '"Invalid token"') == Disconnect("Invalid token", "#pex113")


def test_refer_token_is_secret() -> None:
    event = parse_event("refer", '{"alias":"toto","token":"one-time-secret"}')
    assert isinstance(event, Refer)
    assert event.token.get_secret_value() == "one-time-secret"
    assert "one-time-secret" not in repr(event)


def test_unknown_names_are_delivered_as_unknown_events() -> None:
    assert parse_event("hello", '{"a":1}') == UnknownEvent("hello", {"a": 1})
    assert parse_event("brand_new", "not json") == UnknownEvent("brand_new", "not json")
    assert parse_event("message", "") == UnknownEvent("message", "")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("stage", '{"not":"a list"}'),
        ("presentation_start", "[]"),
        ("on_hold", '"yes"'),
        ("layout", "null"),
        ("refer", '{"token":"x"}'),
        ("new_offer", "{}"),
        ("breakout_begin", "garbage"),
    ],
)
def test_minor_events_with_bad_payloads_become_unknown(name: str, data: str) -> None:
    event = parse_event(name, data)
    assert isinstance(event, UnknownEvent) and event.event == name


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("participant_create", '{"display_name":"no uuid"}'),
        ("participant_update", "not json"),
        ("participant_delete", '{"id":"u"}'),
        ("conference_update", "null"),
        ("message_received", '{"origin":"A"}'),
    ],
)
def test_roster_status_and_chat_events_with_bad_payloads_raise(name: str, data: str) -> None:
    with pytest.raises(ProtocolError):
        parse_event(name, data)


def test_events_are_frozen() -> None:
    event = parse_event("participant_delete", '{"uuid":"u9"}')
    with pytest.raises(AttributeError):
        event.uuid = "other"  # type: ignore[misc]
