"""The connection state machine, roster and background duties: headless, no Textual."""

from .roster import Roster, RosterDelta
from .session import GUEST_PIN, Session, Target, Timing
from .state import PIN_STATES, ConnectionState, InvalidTransitionError, Trigger, next_state
from .updates import (
    ConferenceChanged,
    MessageArrived,
    Problem,
    RosterChanged,
    SessionUpdate,
    StateChanged,
    StreamChanged,
    StreamStatus,
    Waiting,
)

__all__ = [
    "GUEST_PIN",
    "PIN_STATES",
    "ConferenceChanged",
    "ConnectionState",
    "InvalidTransitionError",
    "MessageArrived",
    "Problem",
    "Roster",
    "RosterChanged",
    "RosterDelta",
    "Session",
    "SessionUpdate",
    "StateChanged",
    "StreamChanged",
    "StreamStatus",
    "Target",
    "Timing",
    "Trigger",
    "Waiting",
    "next_state",
]
