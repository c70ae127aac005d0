"""The connection state machine of Pexip's "Use a PIN" tutorial, as a pure function.

The session decides the state with `next_state`; the UI only renders it.
"""

from __future__ import annotations

from enum import StrEnum


class ConnectionState(StrEnum):
    DISCONNECTED = "disconnected"
    CONNECTING = "connecting"
    CONNECTED = "connected"
    PIN_REQUIRED = "pin_required"
    PIN_OPTIONAL = "pin_optional"
    ERROR = "error"


class Trigger(StrEnum):
    """What happened; the input of `next_state`."""

    JOIN = "join"
    TOKEN_GRANTED = "token_granted"
    # 403 PIN object with host and guest PINs.
    PIN_CHALLENGE_REQUIRED = "pin_challenge_required"
    # 403 PIN object with a host PIN only: guests may join without one.
    PIN_CHALLENGE_OPTIONAL = "pin_challenge_optional"
    PIN_INVALID = "pin_invalid"
    PIN_SUBMITTED = "pin_submitted"
    FAILED = "failed"
    CANCEL = "cancel"
    LEAVE = "leave"
    # The node ended our participation: a `disconnect` event or a lost token.
    LOST = "lost"
    BACK = "back"
    RETRY = "retry"


class InvalidTransitionError(ValueError):
    """A trigger that cannot happen in the current state (a bug, not a user error)."""


PIN_STATES = frozenset({ConnectionState.PIN_REQUIRED, ConnectionState.PIN_OPTIONAL})

_TABLE: dict[tuple[ConnectionState, Trigger], ConnectionState] = {
    (ConnectionState.DISCONNECTED, Trigger.JOIN): ConnectionState.CONNECTING,
    (ConnectionState.CONNECTING, Trigger.TOKEN_GRANTED): ConnectionState.CONNECTED,
    (ConnectionState.CONNECTING, Trigger.PIN_CHALLENGE_REQUIRED): ConnectionState.PIN_REQUIRED,
    (ConnectionState.CONNECTING, Trigger.PIN_CHALLENGE_OPTIONAL): ConnectionState.PIN_OPTIONAL,
    (ConnectionState.CONNECTING, Trigger.FAILED): ConnectionState.ERROR,
    (ConnectionState.CONNECTING, Trigger.CANCEL): ConnectionState.DISCONNECTED,
    (ConnectionState.PIN_REQUIRED, Trigger.PIN_SUBMITTED): ConnectionState.CONNECTING,
    (ConnectionState.PIN_OPTIONAL, Trigger.PIN_SUBMITTED): ConnectionState.CONNECTING,
    (ConnectionState.PIN_REQUIRED, Trigger.BACK): ConnectionState.DISCONNECTED,
    (ConnectionState.PIN_OPTIONAL, Trigger.BACK): ConnectionState.DISCONNECTED,
    (ConnectionState.CONNECTED, Trigger.LEAVE): ConnectionState.DISCONNECTED,
    (ConnectionState.CONNECTED, Trigger.LOST): ConnectionState.ERROR,
    (ConnectionState.ERROR, Trigger.BACK): ConnectionState.DISCONNECTED,
    (ConnectionState.ERROR, Trigger.RETRY): ConnectionState.CONNECTING,
}


def next_state(
    state: ConnectionState,
    trigger: Trigger,
    pin_state: ConnectionState | None = None,
) -> ConnectionState:
    """Return the state after `trigger`.

    `pin_state` is the PIN screen the current attempt came from: an invalid PIN goes back to
    it, so the person can try again where they were.
    """
    if trigger is Trigger.PIN_INVALID and state is ConnectionState.CONNECTING:
        if pin_state not in PIN_STATES:
            raise InvalidTransitionError("an invalid PIN without a PIN screen to return to")
        assert pin_state is not None
        return pin_state
    try:
        return _TABLE[(state, trigger)]
    except KeyError:
        raise InvalidTransitionError(f"{trigger.value} cannot happen in {state.value}") from None
