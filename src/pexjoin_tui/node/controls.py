"""Chat and the conference and participant controls of reference sections 5 and 6."""

from __future__ import annotations

from starlette.responses import Response

from .context import RequestContext
from .participant import CHAIR, GUEST, Participant
from .wire import (
    CONFERENCE_TERMINATED,
    DISCONNECTED_BY_PARTICIPANT,
    INVALID_ROLE,
    Reply,
    clean_text,
    failed,
    refused,
    reply,
)

MESSAGE_TYPES = ("text/plain", "application/json")


def _message_body(ctx: RequestContext) -> tuple[str, str]:
    body = ctx.json()
    kind = body.get("type", "text/plain")
    payload = body.get("payload")
    if kind not in MESSAGE_TYPES or not isinstance(payload, str):
        raise Reply(failed(400, "A message needs a type (text/plain) and a string payload"))
    return kind, clean_text(payload)


# --- conference-wide ------------------------------------------------------------------


async def message(ctx: RequestContext) -> Response:
    kind, payload = _message_body(ctx)
    if not ctx.conference.meeting.chat_enabled:
        return reply(False)  # "result: false" means not sent
    ctx.conference.chat(ctx.participant, kind, payload)
    return reply(True)


async def lock(ctx: RequestContext) -> Response:
    ctx.conference.set_locked(True)
    return reply(True)


async def unlock(ctx: RequestContext) -> Response:
    ctx.conference.set_locked(False)
    return reply(True)


async def mute_guests(ctx: RequestContext) -> Response:
    ctx.conference.set_guests_muted(True)
    return reply(True)


async def unmute_guests(ctx: RequestContext) -> Response:
    ctx.conference.set_guests_muted(False)
    return reply(True)


async def set_guests_can_unmute(ctx: RequestContext) -> Response:
    setting = ctx.json().get("setting")
    if not isinstance(setting, bool):
        raise Reply(failed(400, "setting must be true or false"))
    ctx.conference.set_guests_can_unmute(setting)
    return reply(True)


async def start_conference(ctx: RequestContext) -> Response:
    ctx.conference.start()
    return reply(True)


async def disconnect_all(ctx: RequestContext) -> Response:
    ctx.conference.end(CONFERENCE_TERMINATED)
    return reply(True)


async def clear_all_buzz(ctx: RequestContext) -> Response:
    for participant in list(ctx.conference.participants.values()):
        ctx.conference.update(participant, buzz=False)
    return reply(True)


# --- one participant ------------------------------------------------------------------


def _host_or_self(ctx: RequestContext) -> Participant:
    ctx.require_host_or_self()
    return ctx.target()


def _host(ctx: RequestContext) -> Participant:
    ctx.require_host()
    return ctx.target()


async def mute(ctx: RequestContext) -> Response:
    ctx.conference.update(_host_or_self(ctx), muted=True)
    return reply(True)


async def unmute(ctx: RequestContext) -> Response:
    target = _host_or_self(ctx)
    conference = ctx.conference
    if not ctx.caller_is_host() and conference.guests_muted and not conference.guests_can_unmute:
        raise Reply(refused(INVALID_ROLE))  # a muted guest may not unmute itself
    conference.update(target, muted=False)
    return reply(True)


async def client_mute(ctx: RequestContext) -> Response:
    if ctx.target_uuid != ctx.participant.uuid:
        raise Reply(refused(INVALID_ROLE))
    ctx.conference.update(ctx.target(), client_muted=True)
    return reply(True)


async def client_unmute(ctx: RequestContext) -> Response:
    if ctx.target_uuid != ctx.participant.uuid:
        raise Reply(refused(INVALID_ROLE))
    ctx.conference.update(ctx.target(), client_muted=False)
    return reply(True)


async def video_muted(ctx: RequestContext) -> Response:
    ctx.conference.update(_host_or_self(ctx), video_muted=True)
    return reply(True)


async def video_unmuted(ctx: RequestContext) -> Response:
    ctx.conference.update(_host_or_self(ctx), video_muted=False)
    return reply(True)


async def disconnect(ctx: RequestContext) -> Response:
    target = _host_or_self(ctx)
    if target is ctx.participant:
        ctx.conference.leave(target.uuid)  # leaving oneself: like release_token
    else:
        ctx.conference.leave(target.uuid, DISCONNECTED_BY_PARTICIPANT)
    return reply(True)


async def admit(ctx: RequestContext) -> Response:
    ctx.conference.admit(_host(ctx))
    return reply(True)


async def spotlight_on(ctx: RequestContext) -> Response:
    ctx.conference.update(_host(ctx), spotlight=True)
    return reply(True)


async def spotlight_off(ctx: RequestContext) -> Response:
    ctx.conference.update(_host(ctx), spotlight=False)
    return reply(True)


async def role(ctx: RequestContext) -> Response:
    target = _host(ctx)
    value = ctx.json().get("role")
    if value not in (CHAIR, GUEST):
        raise Reply(failed(400, 'role must be "chair" or "guest"'))
    ctx.conference.update(target, role=value)
    return reply(True)


async def buzz(ctx: RequestContext) -> Response:
    ctx.conference.update(_host_or_self(ctx), buzz=True)
    return reply(True)


async def clear_buzz(ctx: RequestContext) -> Response:
    ctx.conference.update(_host_or_self(ctx), buzz=False)
    return reply(True)


async def direct_message(ctx: RequestContext) -> Response:
    target = ctx.target()
    kind, payload = _message_body(ctx)
    if not ctx.conference.meeting.chat_enabled:
        return reply(False)
    ctx.conference.chat(ctx.participant, kind, payload, target)
    return reply(True)
