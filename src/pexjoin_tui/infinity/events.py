"""Typed server-sent events of `GET events` (reference section 4).

`parse_event` turns one SSE frame into one typed event. It is lenient: an unknown event name, or
a malformed payload of an event the client only shows in passing, becomes `UnknownEvent`. Only
the events that keep the roster, the conference status and the chat correct raise
`ProtocolError` when their payload is unreadable, so the caller can log and skip them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, TypeAlias

from pydantic import SecretStr

from .errors import ProtocolError, excerpt_of, pex_code
from .models import ChatMessage, ConferenceStatus, Participant, read_model

__all__ = [
    "BreakoutBegin",
    "BreakoutEnd",
    "BreakoutEvent",
    "BreakoutRefer",
    "CallDisconnected",
    "CancelRefer",
    "ConferenceUpdate",
    "Disconnect",
    "Event",
    "Fecc",
    "Layout",
    "LiveCaptions",
    "MessageReceived",
    "NewCandidate",
    "NewOffer",
    "OnHold",
    "ParticipantCreate",
    "ParticipantDelete",
    "ParticipantSyncBegin",
    "ParticipantSyncEnd",
    "ParticipantUpdate",
    "PeerDisconnect",
    "PresentationEnded",
    "PresentationFrame",
    "PresentationStart",
    "PresentationStop",
    "Refer",
    "RefreshTokenRequested",
    "SplashScreen",
    "Stage",
    "UnknownEvent",
    "UpdateSdp",
    "parse_event",
]


@dataclass(frozen=True, slots=True)
class ParticipantSyncBegin:
    """Start of the roster burst sent on every (re)connect: clear the roster."""

    name: ClassVar[str] = "participant_sync_begin"


@dataclass(frozen=True, slots=True)
class ParticipantSyncEnd:
    """End of the roster burst: the roster is complete."""

    name: ClassVar[str] = "participant_sync_end"


@dataclass(frozen=True, slots=True)
class ParticipantCreate:
    name: ClassVar[str] = "participant_create"
    participant: Participant


@dataclass(frozen=True, slots=True)
class ParticipantUpdate:
    """The full new state of a participant (replace by uuid)."""

    name: ClassVar[str] = "participant_update"
    participant: Participant


@dataclass(frozen=True, slots=True)
class ParticipantDelete:
    name: ClassVar[str] = "participant_delete"
    uuid: str


@dataclass(frozen=True, slots=True)
class ConferenceUpdate:
    name: ClassVar[str] = "conference_update"
    status: ConferenceStatus


@dataclass(frozen=True, slots=True)
class MessageReceived:
    name: ClassVar[str] = "message_received"
    message: ChatMessage


@dataclass(frozen=True, slots=True)
class Disconnect:
    """The node removed this participant; `reason` is the node's text, `code` its #pex code."""

    name: ClassVar[str] = "disconnect"
    reason: str
    code: str | None


@dataclass(frozen=True, slots=True)
class Stage:
    """Speaker order: entries like {"participant_uuid", "stage_index", "vad"}."""

    name: ClassVar[str] = "stage"
    entries: list[dict[str, object]]


@dataclass(frozen=True, slots=True)
class PresentationStart:
    """Someone presents (all-empty strings mean the presentation was revoked)."""

    name: ClassVar[str] = "presentation_start"
    presenter_name: str
    presenter_uuid: str
    presenter_uri: str = ""


@dataclass(frozen=True, slots=True)
class PresentationStop:
    name: ClassVar[str] = "presentation_stop"


@dataclass(frozen=True, slots=True)
class PresentationFrame:
    name: ClassVar[str] = "presentation_frame"
    frame_id: str


@dataclass(frozen=True, slots=True)
class PresentationEnded:
    name: ClassVar[str] = "presentation_ended"


@dataclass(frozen=True, slots=True)
class Layout:
    name: ClassVar[str] = "layout"
    view: str
    data: dict[str, object]


@dataclass(frozen=True, slots=True)
class CallDisconnected:
    name: ClassVar[str] = "call_disconnected"
    call_uuid: str
    reason: str


@dataclass(frozen=True, slots=True)
class Refer:
    """A transfer: join `alias` again with the one-time `token`."""

    name: ClassVar[str] = "refer"
    alias: str
    token: SecretStr
    breakout_name: str | None = None


@dataclass(frozen=True, slots=True)
class CancelRefer:
    name: ClassVar[str] = "cancel_refer"
    data: object


@dataclass(frozen=True, slots=True)
class OnHold:
    name: ClassVar[str] = "on_hold"
    on_hold: bool


@dataclass(frozen=True, slots=True)
class Fecc:
    name: ClassVar[str] = "fecc"
    data: dict[str, object]


@dataclass(frozen=True, slots=True)
class RefreshTokenRequested:
    """The node asks for an immediate `refresh_token`."""

    name: ClassVar[str] = "refresh_token"


@dataclass(frozen=True, slots=True)
class LiveCaptions:
    name: ClassVar[str] = "live_captions"
    text: str
    is_final: bool


@dataclass(frozen=True, slots=True)
class SplashScreen:
    """A theme screen to show (`screen_key` None clears it)."""

    name: ClassVar[str] = "splash_screen"
    screen_key: str | None
    display_duration: float | None = None


@dataclass(frozen=True, slots=True)
class PeerDisconnect:
    name: ClassVar[str] = "peer_disconnect"


@dataclass(frozen=True, slots=True)
class NewOffer:
    name: ClassVar[str] = "new_offer"
    sdp: str


@dataclass(frozen=True, slots=True)
class UpdateSdp:
    name: ClassVar[str] = "update_sdp"
    sdp: str


@dataclass(frozen=True, slots=True)
class NewCandidate:
    name: ClassVar[str] = "new_candidate"
    candidate: str
    mid: str


@dataclass(frozen=True, slots=True)
class BreakoutBegin:
    name: ClassVar[str] = "breakout_begin"
    breakout_uuid: str
    participant_uuid: str


@dataclass(frozen=True, slots=True)
class BreakoutEnd:
    name: ClassVar[str] = "breakout_end"
    breakout_uuid: str
    participant_uuid: str


@dataclass(frozen=True, slots=True)
class BreakoutEvent:
    """An event of a breakout room, as sent (`event` name and its `data`)."""

    name: ClassVar[str] = "breakout_event"
    breakout_uuid: str
    event: str
    data: object


@dataclass(frozen=True, slots=True)
class BreakoutRefer:
    name: ClassVar[str] = "breakout_refer"
    breakout_uuid: str
    breakout_name: str
    requester_uuid: str


@dataclass(frozen=True, slots=True)
class UnknownEvent:
    """An event this client does not model, or one whose payload it could not read."""

    name: ClassVar[str] = "unknown"
    event: str
    data: object


Event: TypeAlias = (
    ParticipantSyncBegin
    | ParticipantSyncEnd
    | ParticipantCreate
    | ParticipantUpdate
    | ParticipantDelete
    | ConferenceUpdate
    | MessageReceived
    | Disconnect
    | Stage
    | PresentationStart
    | PresentationStop
    | PresentationFrame
    | PresentationEnded
    | Layout
    | CallDisconnected
    | Refer
    | CancelRefer
    | OnHold
    | Fecc
    | RefreshTokenRequested
    | LiveCaptions
    | SplashScreen
    | PeerDisconnect
    | NewOffer
    | UpdateSdp
    | NewCandidate
    | BreakoutBegin
    | BreakoutEnd
    | BreakoutEvent
    | BreakoutRefer
    | UnknownEvent
)


_Parser = Callable[[str, str], Event]


class _Skip(Exception):
    """A payload of a minor event was unreadable: deliver it as UnknownEvent instead."""


def _json(data: str) -> object:
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        raise _Skip from None


def _object(data: str) -> dict[str, object]:
    value = _json(data)
    if not isinstance(value, dict):
        raise _Skip
    return value


def _text(values: dict[str, object], key: str, default: str | None = "") -> str:
    value = values.get(key, default)
    if not isinstance(value, str):
        raise _Skip
    return value


def _optional_text(values: dict[str, object], key: str) -> str | None:
    value = values.get(key)
    return value if isinstance(value, str) else None


def _participant_create(data: str, event_id: str) -> Event:
    return ParticipantCreate(read_model(Participant, data, "a participant"))


def _participant_update(data: str, event_id: str) -> Event:
    return ParticipantUpdate(read_model(Participant, data, "a participant"))


def _participant_delete(data: str, event_id: str) -> Event:
    try:
        uuid = _text(_object(data), "uuid", None)
    except _Skip:
        raise ProtocolError(
            "The node sent a participant_delete this client cannot read: it was skipped.",
            excerpt_of(data),
        ) from None
    return ParticipantDelete(uuid)


def _conference_update(data: str, event_id: str) -> Event:
    return ConferenceUpdate(read_model(ConferenceStatus, data, "a conference status"))


def _message_received(data: str, event_id: str) -> Event:
    return MessageReceived(read_model(ChatMessage, data, "a chat message"))


def _disconnect(data: str, event_id: str) -> Event:
    # Never skipped: losing a disconnect would leave the client believing it is still in.
    try:
        value = _json(data)
    except _Skip:
        value = None
    reason = value.get("reason") if isinstance(value, dict) else value
    reason = reason if isinstance(reason, str) else ""
    return Disconnect(reason, pex_code(reason))


def _stage(data: str, event_id: str) -> Event:
    value = _json(data)
    if not isinstance(value, list):
        raise _Skip
    return Stage([entry for entry in value if isinstance(entry, dict)])


def _presentation_start(data: str, event_id: str) -> Event:
    values = _object(data)
    return PresentationStart(
        _text(values, "presenter_name"),
        _text(values, "presenter_uuid"),
        _text(values, "presenter_uri"),
    )


def _layout(data: str, event_id: str) -> Event:
    values = _object(data)
    return Layout(_text(values, "view"), values)


def _call_disconnected(data: str, event_id: str) -> Event:
    values = _object(data)
    return CallDisconnected(_text(values, "call_uuid"), _text(values, "reason"))


def _refer(data: str, event_id: str) -> Event:
    values = _object(data)
    return Refer(
        _text(values, "alias", None),
        SecretStr(_text(values, "token")),
        _optional_text(values, "breakout_name"),
    )


def _on_hold(data: str, event_id: str) -> Event:
    value = _json(data)
    if not isinstance(value, bool):
        raise _Skip
    return OnHold(value)


def _live_captions(data: str, event_id: str) -> Event:
    values = _object(data)
    is_final = values.get("is_final", False)
    return LiveCaptions(_text(values, "data"), is_final is True)


def _splash_screen(data: str, event_id: str) -> Event:
    value = _json(data)
    if value is None:
        return SplashScreen(None)
    if not isinstance(value, dict):
        raise _Skip
    duration = value.get("display_duration")
    number = float(duration) if isinstance(duration, int | float) else None
    return SplashScreen(_text(value, "screen_key", None), number)


def _candidate(data: str, event_id: str) -> Event:
    values = _object(data)
    return NewCandidate(_text(values, "candidate", None), _text(values, "mid"))


def _breakout_pair(kind: type[BreakoutBegin] | type[BreakoutEnd]) -> _Parser:
    def parse(data: str, event_id: str) -> Event:
        values = _object(data)
        return kind(_text(values, "breakout_uuid", None), _text(values, "participant_uuid"))

    return parse


def _breakout_event(data: str, event_id: str) -> Event:
    values = _object(data)
    return BreakoutEvent(
        _text(values, "breakout_uuid", None), _text(values, "event", None), values.get("data")
    )


def _breakout_refer(data: str, event_id: str) -> Event:
    values = _object(data)
    return BreakoutRefer(
        _text(values, "breakout_uuid", None),
        _text(values, "breakout_name"),
        _text(values, "requester_uuid"),
    )


_PARSERS: dict[str, _Parser] = {
    "participant_sync_begin": lambda data, event_id: ParticipantSyncBegin(),
    "participant_sync_end": lambda data, event_id: ParticipantSyncEnd(),
    "participant_create": _participant_create,
    "participant_update": _participant_update,
    "participant_delete": _participant_delete,
    "conference_update": _conference_update,
    "message_received": _message_received,
    "disconnect": _disconnect,
    "stage": _stage,
    "presentation_start": _presentation_start,
    "presentation_stop": lambda data, event_id: PresentationStop(),
    "presentation_frame": lambda data, event_id: PresentationFrame(event_id),
    "presentation_ended": lambda data, event_id: PresentationEnded(),
    "layout": _layout,
    "call_disconnected": _call_disconnected,
    "refer": _refer,
    "cancel_refer": lambda data, event_id: CancelRefer(_json(data)),
    "on_hold": _on_hold,
    "fecc": lambda data, event_id: Fecc(_object(data)),
    "refresh_token": lambda data, event_id: RefreshTokenRequested(),
    "live_captions": _live_captions,
    "splash_screen": _splash_screen,
    "peer_disconnect": lambda data, event_id: PeerDisconnect(),
    "new_offer": lambda data, event_id: NewOffer(_text(_object(data), "sdp", None)),
    "update_sdp": lambda data, event_id: UpdateSdp(_text(_object(data), "sdp", None)),
    "new_candidate": _candidate,
    "breakout_begin": _breakout_pair(BreakoutBegin),
    "breakout_end": _breakout_pair(BreakoutEnd),
    "breakout_event": _breakout_event,
    "breakout_refer": _breakout_refer,
}


def parse_event(event: str, data: str, event_id: str = "") -> Event:
    """Turn one server-sent event (name, data line, optional SSE id) into a typed event.

    Raises only `ProtocolError`, and only for an unreadable participant, conference status or
    chat message; anything else unknown or unreadable comes back as `UnknownEvent`.
    """
    parser = _PARSERS.get(event)
    if parser is not None:
        try:
            return parser(data, event_id)
        except _Skip:
            pass
    try:
        value: object = json.loads(data)
    except (ValueError, RecursionError):
        value = data
    return UnknownEvent(event, value)
