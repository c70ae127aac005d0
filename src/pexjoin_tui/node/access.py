"""request_token, refresh_token and release_token, with the PIN rules and the lockout."""

from __future__ import annotations

import enum
import hmac
import logging
import time
from typing import Any

from starlette.responses import Response

from .context import RequestContext
from .meetings import Meeting
from .participant import CHAIR, GUEST, Participant
from .wire import (
    INVALID_PIN,
    NO_CONFERENCE,
    PIN_RETRIES,
    VERSION,
    Reply,
    clean_text,
    failed,
    refused,
    reply,
)

logger = logging.getLogger(__name__)

# How often a WebRTC client should send statistics, in milliseconds.
STATS_INTERVAL_MS = 5000
MAX_NAME_LENGTH = 250


class PinOutcome(enum.Enum):
    HOST = "HOST"
    GUEST = "GUEST"
    CHALLENGE = "challenge"  # 403 with the PIN object: ask the person
    INVALID = "invalid"


def _same_pin(given: str, expected: str) -> bool:
    # "#" only ends a PIN typed on a keypad; accept it either way. Constant time compare.
    return hmac.compare_digest(given.rstrip("#").encode(), expected.rstrip("#").encode())


def check_pin(meeting: Meeting, header: str | None) -> PinOutcome:
    """The role a `pin` header earns in a meeting (reference sections 1b-1d and 11)."""
    if meeting.host_pin is None:
        return PinOutcome.HOST  # no PIN at all: everyone is a host, as on a real node
    pin = (header or "").strip()
    if not pin:
        return PinOutcome.CHALLENGE
    if _same_pin(pin, meeting.host_pin):
        return PinOutcome.HOST
    if meeting.guest_pin is not None and _same_pin(pin, meeting.guest_pin):
        return PinOutcome.GUEST
    if pin.lower() == "none" and meeting.guest_pin is None:
        return PinOutcome.GUEST
    return PinOutcome.INVALID


def pin_challenge(meeting: Meeting) -> dict[str, Any]:
    return {
        "pin": "required" if meeting.host_pin is not None else "none",
        "guest_pin": "required" if meeting.guest_pin is not None else "none",
        "version": VERSION,
    }


def token_role(participant: Participant) -> str:
    return "HOST" if participant.is_host else "GUEST"


def _token_result(ctx: RequestContext, participant: Participant, token: str) -> dict[str, Any]:
    meeting = ctx.conference.meeting
    return {
        "token": token,
        "expires": str(ctx.node.settings.expires),
        "participant_uuid": participant.uuid,
        "display_name": participant.display_name,
        "role": token_role(participant),
        "call_tag": participant.call_tag,
        "service_type": "conference",
        "current_service_type": participant.service_type,
        "conference_name": meeting.name,
        "service_name": meeting.name,
        "version": VERSION,
        "chat_enabled": meeting.chat_enabled,
        "guests_can_present": True,
        "call_type": "video",
        "direct_media": False,
        "breakout_rooms": False,
        "allow_1080p": False,
        "vp9_enabled": True,
        "fecc_enabled": False,
        "rtmp_enabled": False,
        "rtsp_enabled": False,
        "trickle_ice_enabled": True,
        "route_via_registrar": False,
        "analytics_enabled": False,
        "use_relay_candidates_only": False,
        "idp_uuid": "",
        "bandwidth_in": 1280,
        "bandwidth_out": 1280,
        "client_stats_update_interval": STATS_INTERVAL_MS,
        "stun": [],
        "turn": [],
    }


async def request_token(ctx: RequestContext) -> Response:
    body = ctx.json()
    name = body.get("display_name")
    if not isinstance(name, str) or not name.strip():
        raise Reply(failed(400, "display_name is required"))
    conference = ctx.conference
    extension = body.get("conference_extension")
    if (
        isinstance(extension, str)
        and extension.strip()
        and ctx.node.find(extension.strip()) is None
    ):
        # No Virtual Receptions here: a known extension changes nothing, an unknown one is
        # not found (section 11).
        raise Reply(failed(404, NO_CONFERENCE))
    meeting = conference.meeting
    lockout = ctx.node.lockout
    key = (ctx.client_address, conference.key)
    now = time.monotonic()
    if lockout.blocked(key, now):
        return refused(PIN_RETRIES)
    outcome = check_pin(meeting, ctx.request.headers.get("pin"))
    if outcome is PinOutcome.CHALLENGE:
        return reply(pin_challenge(meeting), 403)
    if outcome is PinOutcome.INVALID:
        lockout.failure(key, now)
        return refused(INVALID_PIN)
    if meeting.host_pin is not None and ctx.request.headers.get("pin", "none") != "none":
        # Only a PIN that matched resets the count: a guest join must not reopen guessing.
        lockout.success(key)
    call_tag = body.get("call_tag")
    participant = conference.join(
        clean_text(name.strip()[:MAX_NAME_LENGTH]),
        CHAIR if outcome is PinOutcome.HOST else GUEST,
        "api",
        # Only a host who typed the host PIN passes a lock (section 11).
        bypass_lock=outcome is PinOutcome.HOST and meeting.host_pin is not None,
        call_tag=clean_text(call_tag) if isinstance(call_tag, str) else "",
        vendor=ctx.request.headers.get("user-agent", "")[:200],
        supports_direct_chat=body.get("supports_direct_chat") is True,
    )
    token = conference.issue_token(participant)
    logger.info("%s joined %s as %s", participant.uuid, meeting.alias, participant.role)
    return reply(_token_result(ctx, participant, token))


async def refresh_token(ctx: RequestContext) -> Response:
    participant = ctx.participant
    token = ctx.conference.issue_token(participant)
    return reply(
        {
            "token": token,
            "expires": str(ctx.node.settings.expires),
            "role": token_role(participant),
            "client_stats_update_interval": STATS_INTERVAL_MS,
        }
    )


async def release_token(ctx: RequestContext) -> Response:
    participant = ctx.participant
    ctx.conference.leave(participant.uuid)
    ctx.node.journal.released.append(participant.uuid)
    logger.info("%s released its token and left %s", participant.uuid, ctx.conference.meeting.alias)
    return reply(True)
