"""What the session tells its listeners (the UI, a script, a test)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pexjoin_tui.infinity import ChatMessage, ConferenceStatus

from .roster import RosterDelta
from .state import ConnectionState


@dataclass(frozen=True)
class Problem:
    """Something that went wrong, said so a person can act on it."""

    message: str
    code: str | None = None

    def __str__(self) -> str:
        return f"{self.message} ({self.code})" if self.code else self.message


class Waiting(StrEnum):
    """Why we are in the meeting but not yet in the conference."""

    NONE = "none"
    FOR_HOST = "host"
    FOR_ADMISSION = "admission"


class StreamStatus(StrEnum):
    LIVE = "live"
    RECONNECTING = "reconnecting"


@dataclass(frozen=True)
class StateChanged:
    state: ConnectionState
    previous: ConnectionState
    problem: Problem | None = None


@dataclass(frozen=True)
class RosterChanged:
    delta: RosterDelta


@dataclass(frozen=True)
class ConferenceChanged:
    status: ConferenceStatus
    waiting: Waiting


@dataclass(frozen=True)
class StreamChanged:
    status: StreamStatus
    attempt: int = 0
    retry_in: float = 0.0
    problem: Problem | None = None


@dataclass(frozen=True)
class MessageArrived:
    message: ChatMessage


SessionUpdate = StateChanged | RosterChanged | ConferenceChanged | StreamChanged | MessageArrived
