"""Plain-language sentences for the node's disconnect reasons (reference section 4)."""

from __future__ import annotations

from pexjoin_tui.infinity import pex_code

from .updates import Problem

_SENTENCES = {
    "Disconnected by another participant": "A host removed you from the meeting.",
    "Conference terminated by another participant": "A host ended the meeting for everyone.",
    "API initiated participant disconnect": "An administrator disconnected you.",
    "Disconnected by an administrator": "An administrator disconnected you.",
    "API initiated conference termination": "An administrator ended the meeting.",
    "Timeout waiting for conference host to join or permit access to locked conference": (
        "Nobody let you in: the wait for a host timed out."
    ),
    "All conference hosts departed hosted conference": (
        "The meeting ended because every host left."
    ),
    "Participant exceeded PIN entry retries": (
        "Too many wrong PINs: the node has blocked joining for a while."
    ),
    "Invalid token": "The node no longer recognises this connection.",
    "Timer expired awaiting token refresh": "The node dropped this connection after a silence.",
}


def disconnect_problem(reason: str) -> Problem:
    """A Problem for a `disconnect` event, keeping the node's own words for reference."""
    sentence = _SENTENCES.get(reason)
    if sentence is None:
        shown = reason.strip() or "no reason given"
        return Problem(f"The node ended your participation: {shown}.")
    return Problem(sentence, pex_code(reason))
