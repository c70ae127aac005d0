"""Pydantic models of every reply shape the client reads (reference sections 1-6).

Lenient where real nodes differ between versions: unknown fields are ignored, a field of the
wrong type falls back to its default (see `read_model`), and only the fields a client cannot do
without are required.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import (
    AliasPath,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
)

from .errors import ProtocolError, excerpt_of, excerpt_of_value

__all__ = [
    "ChatMessage",
    "ConferenceStatus",
    "Participant",
    "ParticipantRole",
    "PinChallenge",
    "RefreshedToken",
    "ServiceType",
    "Token",
    "TokenRole",
    "VideoMix",
    "fits_header",
    "read_model",
]


class TokenRole(StrEnum):
    """The role in a `request_token` or `refresh_token` reply (upper case on the wire)."""

    HOST = "HOST"
    GUEST = "GUEST"


class ParticipantRole(StrEnum):
    """The role of a roster entry (lower case on the wire; chair is a host)."""

    CHAIR = "chair"
    GUEST = "guest"


class ServiceType(StrEnum):
    """Known service types; fields keep a plain `str` so a new value never fails parsing."""

    CONNECTING = "connecting"
    WAITING_ROOM = "waiting_room"
    IVR = "ivr"
    CONFERENCE = "conference"
    LECTURE = "lecture"
    GATEWAY = "gateway"
    TEST_CALL = "test_call"
    MEDIA_PLAYBACK = "media_playback"


def _yes_no(value: object) -> object:
    # Roster flags are the strings "YES"/"NO"; tolerate real booleans and null too.
    if isinstance(value, str):
        return value.strip().upper() in ("YES", "TRUE")
    return False if value is None else value


def _time(value: object) -> object:
    return 0.0 if value is None else value


def _participant_role(value: object) -> ParticipantRole:
    # Anything but "chair" (a new or "unknown" role) gets no host powers in the UI.
    if isinstance(value, str) and value.strip().lower() == "chair":
        return ParticipantRole.CHAIR
    return ParticipantRole.GUEST


def _token_role(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


def _required(value: object) -> object:
    # PIN challenge flags are "required" or "none".
    if isinstance(value, str):
        return value.strip().lower() == "required"
    return False if value is None else value


YesNo = Annotated[bool, BeforeValidator(_yes_no)]
Timestamp = Annotated[float, BeforeValidator(_time)]
Lifetime = Annotated[float, Field(gt=0, allow_inf_nan=False)]

_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")


def fits_header(text: str) -> bool:
    """Whether a PIN or token can travel in an HTTP header as it is (visible ASCII only).

    Checked before sending, so the HTTP stack never quotes a secret in an "illegal header
    value" error.
    """
    return _HEADER_SAFE.fullmatch(text) is not None


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class _TokenModel(_Model):
    @field_validator("token", check_fields=False)
    @classmethod
    def _header_safe(cls, value: SecretStr) -> SecretStr:
        if not fits_header(value.get_secret_value()):
            raise ValueError("the token has characters an HTTP header cannot carry")
        return value


class Token(_TokenModel):
    """A granted `request_token` (200): the participant is in the conference."""

    token: SecretStr
    expires: Lifetime = 120.0  # seconds; a string on the wire, PexRTC's default when absent
    participant_uuid: str
    display_name: str = ""
    role: Annotated[TokenRole, BeforeValidator(_token_role)]
    current_service_type: str = ServiceType.CONFERENCE.value
    service_type: str | None = None
    conference_name: str = ""
    service_name: str = ""
    chat_enabled: bool = True
    guests_can_present: bool = True
    call_type: str | None = None
    call_tag: str = ""
    direct_media: bool = False
    version_id: str | None = Field(
        default=None, validation_alias=AliasPath("version", "version_id")
    )
    pseudo_version: str | None = Field(
        default=None, validation_alias=AliasPath("version", "pseudo_version")
    )

    @property
    def is_host(self) -> bool:
        return self.role is TokenRole.HOST

    @property
    def waiting(self) -> bool:
        """Admitted to the waiting room only (a host must join or admit this participant)."""
        return self.current_service_type == ServiceType.WAITING_ROOM


class RefreshedToken(_TokenModel):
    """The reply of `refresh_token`: a new token and its lifetime."""

    token: SecretStr
    expires: Lifetime = 120.0
    role: Annotated[TokenRole | None, BeforeValidator(_token_role)] = None


class PinChallenge(_Model):
    """The 403 object of `request_token` asking for a PIN: a question, not a failure."""

    host_pin: Annotated[bool, BeforeValidator(_required)] = Field(
        default=False, validation_alias="pin"
    )
    guest_pin: Annotated[bool, BeforeValidator(_required)] = False
    conference_extension: str | None = None

    @property
    def required(self) -> bool:
        """Every participant needs a PIN (host and guest PINs both set)."""
        return self.host_pin and self.guest_pin

    @property
    def optional(self) -> bool:
        """Only hosts need a PIN: a blank PIN (`none`) joins as a guest."""
        return not self.required


class VideoMix(_Model):
    mix_name: str = "main"
    timestamp: Timestamp = 0.0


class Participant(_Model):
    """One roster entry (`GET participants`, `participant_create`/`participant_update`)."""

    uuid: str
    display_name: str = ""
    overlay_text: str = ""
    role: Annotated[ParticipantRole, BeforeValidator(_participant_role)] = ParticipantRole.GUEST
    # Absent in some versions; an entry without it is in the conference proper.
    service_type: str = ServiceType.CONFERENCE.value
    protocol: str = ""
    call_direction: str = "in"
    has_media: bool = False
    is_audio_only_call: YesNo = False
    is_video_call: YesNo = False
    is_muted: YesNo = False
    is_client_muted: bool = False
    is_video_muted: bool = False
    is_video_silent: bool = False
    is_presenting: YesNo = False
    spotlight: Timestamp = 0.0
    buzz_time: Timestamp = 0.0
    start_time: Timestamp = 0.0
    last_spoken_time: Timestamp = 0.0
    local_alias: str = ""
    uri: str = ""
    vendor: str = ""
    call_tag: str = ""
    api_url: str = ""
    encryption: str = ""
    external_node_uuid: str = ""
    is_external: bool = False
    is_streaming_conference: bool = False
    mute_supported: YesNo = False
    disconnect_supported: YesNo = False
    transfer_supported: YesNo = False
    fecc_supported: YesNo = False
    presentation_supported: YesNo = False
    rx_presentation_policy: str = "ALLOW"
    supports_direct_chat: bool = False
    can_receive_personal_mix: bool = False
    receive_from_video_mix: VideoMix | None = None
    is_conjoined: bool = False
    is_idp_authenticated: bool = False
    is_transferring: bool = False
    is_main_video_dropped_out: bool = False
    needs_presentation_in_mix: bool = False
    show_live_captions: bool = False

    @property
    def is_host(self) -> bool:
        return self.role is ParticipantRole.CHAIR

    @property
    def hand_raised(self) -> bool:
        return self.buzz_time > 0

    @property
    def spotlighted(self) -> bool:
        return self.spotlight > 0

    @property
    def waiting(self) -> bool:
        return self.service_type == ServiceType.WAITING_ROOM


class ConferenceStatus(_Model):
    """`GET conference_status` and the `conference_update` event; None = not reported."""

    locked: bool = False
    guests_muted: bool = False
    started: bool = False
    all_muted: bool | None = None
    presentation_allowed: bool | None = None
    guests_can_unmute: bool | None = None
    guests_can_present: bool | None = None
    direct_media: bool | None = None
    live_captions_available: bool | None = None
    breakout_rooms: bool | None = None


class ChatMessage(_Model):
    """A chat message (`message_received`); `uuid` is the sender's participant uuid."""

    origin: str = ""
    uuid: str = ""
    type: str = "text/plain"
    payload: str
    direct: bool = False


ModelT = TypeVar("ModelT", bound=BaseModel)


def read_model(model: type[ModelT], data: str | bytes | object, what: str) -> ModelT:
    """Validate a reply (JSON text, or an already-decoded value) into `model`.

    The fast path validates the JSON text directly. When that fails, fields of the wrong type
    are dropped so they take their defaults, and validation runs once more; only a missing or
    unusable required field raises `ProtocolError` (with a credential-free excerpt).
    """
    is_text = isinstance(data, str | bytes)
    try:
        if is_text:
            return model.model_validate_json(data)  # type: ignore[arg-type]
        return model.model_validate(data)
    except ValidationError as error:
        bad_fields = {item["loc"][0] for item in error.errors() if item["loc"]}
    value: Any = data
    if is_text:
        try:
            value = json.loads(data)  # type: ignore[arg-type]
        except (ValueError, RecursionError):
            raise _unreadable(what, data) from None
    if isinstance(value, dict) and bad_fields:
        kept = {key: item for key, item in value.items() if key not in bad_fields}
        try:
            return model.model_validate(kept)
        except ValidationError:
            pass  # a required field is the bad one: reported below
    raise _unreadable(what, data) from None


def _unreadable(what: str, data: object) -> ProtocolError:
    if isinstance(data, bytes):
        text = data.decode("utf-8", "replace")
    elif isinstance(data, str):
        text = data
    else:
        return _protocol_error(what, excerpt_of_value(data))
    return _protocol_error(what, excerpt_of(text))


def _protocol_error(what: str, excerpt: str) -> ProtocolError:
    return ProtocolError(
        f"The node sent {what} this client cannot read: check that the address is a Pexip "
        "Conferencing Node.",
        excerpt,
    )
