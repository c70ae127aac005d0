"""The transition table of the seed's state machine, row by row."""

from __future__ import annotations

import pytest

from pexjoin_tui.session import ConnectionState as S
from pexjoin_tui.session import InvalidTransitionError, next_state
from pexjoin_tui.session import Trigger as T

TABLE = [
    (S.DISCONNECTED, T.JOIN, None, S.CONNECTING),
    (S.CONNECTING, T.TOKEN_GRANTED, None, S.CONNECTED),
    (S.CONNECTING, T.PIN_CHALLENGE_REQUIRED, None, S.PIN_REQUIRED),
    (S.CONNECTING, T.PIN_CHALLENGE_OPTIONAL, None, S.PIN_OPTIONAL),
    (S.CONNECTING, T.PIN_INVALID, S.PIN_REQUIRED, S.PIN_REQUIRED),
    (S.CONNECTING, T.PIN_INVALID, S.PIN_OPTIONAL, S.PIN_OPTIONAL),
    (S.CONNECTING, T.FAILED, None, S.ERROR),
    (S.CONNECTING, T.FAILED, S.PIN_REQUIRED, S.ERROR),
    (S.CONNECTING, T.CANCEL, None, S.DISCONNECTED),
    (S.PIN_REQUIRED, T.PIN_SUBMITTED, S.PIN_REQUIRED, S.CONNECTING),
    (S.PIN_OPTIONAL, T.PIN_SUBMITTED, S.PIN_OPTIONAL, S.CONNECTING),
    (S.PIN_REQUIRED, T.BACK, S.PIN_REQUIRED, S.DISCONNECTED),
    (S.PIN_OPTIONAL, T.BACK, S.PIN_OPTIONAL, S.DISCONNECTED),
    (S.CONNECTED, T.LEAVE, None, S.DISCONNECTED),
    (S.CONNECTED, T.LOST, None, S.ERROR),
    (S.ERROR, T.BACK, None, S.DISCONNECTED),
    (S.ERROR, T.RETRY, None, S.CONNECTING),
]


@pytest.mark.parametrize(("state", "trigger", "pin_state", "expected"), TABLE)
def test_allowed_transitions(state: S, trigger: T, pin_state: S | None, expected: S) -> None:
    assert next_state(state, trigger, pin_state) is expected


def test_every_other_pair_is_refused() -> None:
    allowed = {(state, trigger) for state, trigger, _, _ in TABLE}
    for state in S:
        for trigger in T:
            if (state, trigger) in allowed:
                continue
            with pytest.raises(InvalidTransitionError):
                next_state(state, trigger, S.PIN_REQUIRED)


def test_invalid_pin_needs_a_pin_screen_to_return_to() -> None:
    with pytest.raises(InvalidTransitionError):
        next_state(S.CONNECTING, T.PIN_INVALID, None)
    with pytest.raises(InvalidTransitionError):
        next_state(S.CONNECTING, T.PIN_INVALID, S.ERROR)


def test_the_six_states_of_the_seed() -> None:
    assert {state.name for state in S} == {
        "DISCONNECTED",
        "CONNECTING",
        "CONNECTED",
        "PIN_REQUIRED",
        "PIN_OPTIONAL",
        "ERROR",
    }
