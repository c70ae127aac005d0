"""Wire models read the reference's examples exactly and tolerate what real nodes vary."""

from __future__ import annotations

import pytest

from pexjoin_tui.infinity import (
    ChatMessage,
    ConferenceStatus,
    Participant,
    ParticipantRole,
    ProtocolError,
    RefreshedToken,
    ServiceType,
    Token,
    TokenRole,
)
from pexjoin_tui.infinity.models import read_model

# Section 1a of the reference (token shortened).
TOKEN_RESULT = {
    "token": "yaanKhAlQFdK9yPzhg=",
    "expires": "120",
    "participant_uuid": "614221f4-3a5c-4d1f-8df6-3ae27188df54",
    "display_name": "George",
    "role": "HOST",
    "call_tag": "",
    "service_type": "conference",
    "current_service_type": "conference",
    "conference_name": "example",
    "service_name": "example",
    "version": {"version_id": "36", "pseudo_version": "79019.0.0"},
    "chat_enabled": True,
    "guests_can_present": True,
    "call_type": "video",
    "direct_media": True,
    "pex_datachannel_id": 3,
    "client_stats_update_interval": 4411.07,
    "trickle_ice_enabled": True,
    "stun": [{"url": "stun:stun.example.com:19302"}],
    "turn": [{"urls": ["turn:turn.example.com:3478"], "username": "u", "credential": "c"}],
}

# Section 3 of the reference.
PARTICIPANT = {
    "uuid": "0296f038-7f41-4c73-8dcf-0b95bd0138c7",
    "display_name": "George R",
    "overlay_text": "George",
    "role": "guest",
    "service_type": "conference",
    "protocol": "api",
    "call_direction": "in",
    "has_media": False,
    "is_audio_only_call": "NO",
    "is_video_call": "NO",
    "is_muted": "NO",
    "is_client_muted": False,
    "is_video_muted": False,
    "is_video_silent": False,
    "is_presenting": "NO",
    "spotlight": 0,
    "buzz_time": 0,
    "start_time": 1700484383.846972,
    "local_alias": "george@example.com",
    "uri": "George",
    "vendor": "okhttp/4.12.0",
    "encryption": "On",
    "external_node_uuid": "",
    "is_external": False,
    "is_streaming_conference": False,
    "mute_supported": "YES",
    "disconnect_supported": "YES",
    "transfer_supported": "YES",
    "fecc_supported": "NO",
    "presentation_supported": "NO",
    "rx_presentation_policy": "ALLOW",
    "supports_direct_chat": False,
    "call_tag": "",
    "api_url": "/participants/0296f038-",
    "can_receive_personal_mix": False,
    "receive_from_video_mix": {"mix_name": "main", "timestamp": 0},
}


def test_token_from_the_reference() -> None:
    token = read_model(Token, TOKEN_RESULT, "a token")
    assert token.token.get_secret_value() == "yaanKhAlQFdK9yPzhg="
    assert token.expires == 120.0
    assert token.role is TokenRole.HOST and token.is_host
    assert token.participant_uuid == "614221f4-3a5c-4d1f-8df6-3ae27188df54"
    assert token.current_service_type == ServiceType.CONFERENCE
    assert token.service_type == "conference"
    assert (token.conference_name, token.service_name) == ("example", "example")
    assert token.version_id == "36" and token.pseudo_version == "79019.0.0"
    assert token.chat_enabled and token.guests_can_present
    assert token.call_type == "video"
    assert not token.waiting


def test_token_minimal_and_lenient() -> None:
    token = Token.model_validate_json(
        '{"token":"t","participant_uuid":"u","role":"guest","current_service_type":'
        '"waiting_room","version":"36","brand_new_field":1}'
    )
    assert token.role is TokenRole.GUEST
    assert token.expires == 120.0  # PexRTC's default when absent
    assert token.version_id is None
    assert token.waiting


@pytest.mark.parametrize(
    "change",
    [{"token": None}, {"role": "OWNER"}, {"participant_uuid": 5}, {"token": "two words"}],
)
def test_token_without_what_a_client_needs_is_a_protocol_error(change: dict) -> None:
    with pytest.raises(ProtocolError) as caught:
        read_model(Token, TOKEN_RESULT | change, "a token")
    assert "yaanKhAlQFdK9yPzhg=" not in caught.value.excerpt


@pytest.mark.parametrize("expires", ["0", "-5", "soon", "nan", "inf"])
def test_unusable_lifetime_falls_back_to_the_default(expires: str) -> None:
    token = read_model(Token, TOKEN_RESULT | {"expires": expires}, "a token")
    assert token.expires == 120.0


def test_refreshed_token() -> None:
    refreshed = read_model(
        RefreshedToken,
        {"token": "new", "expires": "3", "role": "GUEST", "client_stats_update_interval": 5000},
        "a refreshed token",
    )
    assert refreshed.token.get_secret_value() == "new"
    assert refreshed.expires == 3.0
    assert refreshed.role is TokenRole.GUEST
    assert read_model(RefreshedToken, {"token": "n", "expires": "9"}, "x").role is None


def test_participant_from_the_reference() -> None:
    participant = read_model(Participant, PARTICIPANT, "a participant")
    assert participant.role is ParticipantRole.GUEST and not participant.is_host
    assert participant.protocol == "api"
    assert participant.is_audio_only_call is False
    assert participant.is_video_call is False
    assert participant.is_muted is False
    assert participant.is_presenting is False
    assert participant.mute_supported is True
    assert participant.disconnect_supported is True
    assert participant.transfer_supported is True
    assert participant.fecc_supported is False
    assert participant.presentation_supported is False
    assert participant.start_time == pytest.approx(1700484383.846972)
    assert isinstance(participant.spotlight, float) and not participant.spotlighted
    assert not participant.hand_raised and not participant.waiting
    assert participant.receive_from_video_mix is not None
    assert participant.receive_from_video_mix.mix_name == "main"


def test_participant_derived_properties() -> None:
    participant = read_model(
        Participant,
        PARTICIPANT
        | {
            "role": "chair",
            "is_muted": "YES",
            "buzz_time": 1700000000.5,
            "spotlight": 1700000001,
            "service_type": "waiting_room",
        },
        "a participant",
    )
    assert participant.is_host and participant.is_muted
    assert participant.hand_raised and participant.spotlighted and participant.waiting


def test_participant_needs_only_a_uuid() -> None:
    participant = Participant.model_validate({"uuid": "u"})
    assert participant.display_name == "" and participant.service_type == "conference"
    assert participant.role is ParticipantRole.GUEST


def test_participant_wrong_types_fall_back_to_defaults() -> None:
    participant = read_model(
        Participant,
        {
            "uuid": "u",
            "display_name": "Ann",
            "is_muted": True,
            "spotlight": None,
            "has_media": [1],
            "start_time": "not a time",
            "role": "unknown",
            "service_type": "hologram",
            "receive_from_video_mix": "main",
        },
        "a participant",
    )
    assert participant.display_name == "Ann"
    assert participant.is_muted is True
    assert participant.spotlight == 0.0 and participant.start_time == 0.0
    assert participant.has_media is False
    assert participant.role is ParticipantRole.GUEST
    assert participant.service_type == "hologram"
    assert participant.receive_from_video_mix is None


def test_participant_without_uuid_is_a_protocol_error() -> None:
    with pytest.raises(ProtocolError):
        read_model(Participant, {"display_name": "Nobody"}, "a participant")
    with pytest.raises(ProtocolError):
        read_model(Participant, "[]", "a participant")


def test_conference_status() -> None:
    status = read_model(
        ConferenceStatus,
        {
            "locked": False,
            "guests_muted": False,
            "started": True,
            "all_muted": False,
            "presentation_allowed": True,
            "direct_media": False,
            "live_captions_available": True,
            "breakout_rooms": False,
            "guests_can_unmute": False,
            "classification": {"levels": {}, "current": None},
        },
        "a conference status",
    )
    assert status.started and not status.locked
    assert status.live_captions_available is True
    empty = ConferenceStatus.model_validate({})
    assert (empty.locked, empty.guests_muted, empty.started, empty.all_muted) == (
        False,
        False,
        False,
        None,
    )


def test_chat_message() -> None:
    message = read_model(
        ChatMessage,
        '{"origin":"George","uuid":"s","type":"text/plain","payload":"hello","direct":false}',
        "a chat message",
    )
    assert (message.origin, message.uuid, message.payload, message.direct) == (
        "George",
        "s",
        "hello",
        False,
    )
