"""The HTTP face of the node: one Starlette route that finds the alias in the raw path.

Starlette matches on the decoded path, where an encoded "%2F" in an alias has already
become "/"; so the conference routes are dispatched here from ASGI `raw_path` instead.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, unquote_to_bytes

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import access, controls
from .context import RequestContext
from .events import EventStreamResponse, stream_body
from .records import RequestRecord
from .wire import INVALID_TOKEN, NO_CONFERENCE, NOT_FOUND, Reply, failed, raw_reply, refused, reply

if TYPE_CHECKING:
    from .emulator import Node

logger = logging.getLogger(__name__)

PREFIX = b"/api/client/v2/conferences/"
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


# --- reading endpoints ----------------------------------------------------------------


async def participants(ctx: RequestContext) -> Response:
    items = b",".join(p.json() for p in ctx.conference.participants.values())
    return raw_reply(b'{"status":"success","result":[' + items + b"]}")


async def conference_status(ctx: RequestContext) -> Response:
    return reply(ctx.conference.status())


async def theme(ctx: RequestContext) -> Response:
    return Response(status_code=204)  # no theme for a VMR without direct media


async def events(ctx: RequestContext) -> Response:
    conference = ctx.conference
    faults = ctx.node.faults
    stream, burst = conference.open_stream(ctx.participant)
    body = stream_body(
        stream, burst, ctx.node.settings.ping_interval, lambda: faults.drop_stream_after
    )
    return EventStreamResponse(stream, body, lambda: conference.close_stream(stream))


# --- the table ------------------------------------------------------------------------

Handler = Callable[[RequestContext], Awaitable[Response]]


@dataclass(frozen=True)
class Endpoint:
    handler: Handler
    auth: bool = True
    host_only: bool = False


ENDPOINTS: dict[tuple[str, str], Endpoint] = {
    ("POST", "request_token"): Endpoint(access.request_token, auth=False),
    ("POST", "refresh_token"): Endpoint(access.refresh_token),
    ("POST", "release_token"): Endpoint(access.release_token),
    ("GET", "participants"): Endpoint(participants),
    ("GET", "conference_status"): Endpoint(conference_status),
    ("GET", "theme/"): Endpoint(theme),
    ("GET", "events"): Endpoint(events),
    ("POST", "message"): Endpoint(controls.message),
    ("POST", "lock"): Endpoint(controls.lock, host_only=True),
    ("POST", "unlock"): Endpoint(controls.unlock, host_only=True),
    ("POST", "muteguests"): Endpoint(controls.mute_guests, host_only=True),
    ("POST", "unmuteguests"): Endpoint(controls.unmute_guests, host_only=True),
    ("POST", "set_guests_can_unmute"): Endpoint(controls.set_guests_can_unmute, host_only=True),
    ("POST", "start_conference"): Endpoint(controls.start_conference, host_only=True),
    ("POST", "disconnect"): Endpoint(controls.disconnect_all, host_only=True),
    ("POST", "clearallbuzz"): Endpoint(controls.clear_all_buzz, host_only=True),
    # Participant endpoints check "host or self" themselves.
    ("POST", "participants/{uuid}/mute"): Endpoint(controls.mute),
    ("POST", "participants/{uuid}/unmute"): Endpoint(controls.unmute),
    ("POST", "participants/{uuid}/client_mute"): Endpoint(controls.client_mute),
    ("POST", "participants/{uuid}/client_unmute"): Endpoint(controls.client_unmute),
    ("POST", "participants/{uuid}/video_muted"): Endpoint(controls.video_muted),
    ("POST", "participants/{uuid}/video_unmuted"): Endpoint(controls.video_unmuted),
    ("POST", "participants/{uuid}/disconnect"): Endpoint(controls.disconnect),
    ("POST", "participants/{uuid}/unlock"): Endpoint(controls.admit),
    ("POST", "participants/{uuid}/spotlighton"): Endpoint(controls.spotlight_on),
    ("POST", "participants/{uuid}/spotlightoff"): Endpoint(controls.spotlight_off),
    ("POST", "participants/{uuid}/role"): Endpoint(controls.role),
    ("POST", "participants/{uuid}/buzz"): Endpoint(controls.buzz),
    ("POST", "participants/{uuid}/clearbuzz"): Endpoint(controls.clear_buzz),
    ("POST", "participants/{uuid}/message"): Endpoint(controls.direct_message),
}


def split_path(raw_path: bytes) -> tuple[str, list[str]] | None:
    """(alias, remaining segments) of a conference path; each segment decoded exactly once."""
    raw_path = raw_path.split(b"?", 1)[0]
    if not raw_path.startswith(PREFIX):
        return None
    alias_segment, *rest = raw_path[len(PREFIX) :].split(b"/")
    alias = unquote_to_bytes(alias_segment).decode("utf-8", "replace")
    return alias, [unquote(segment.decode("latin-1")) for segment in rest]


def route_of(segments: list[str]) -> tuple[str, str | None]:
    """The route key of the segments after the alias, and the participant uuid if any."""
    if segments and segments[-1] == "":
        segments = segments[:-1]  # a trailing "/" is tolerated everywhere ("theme/" needs it)
    if len(segments) == 3 and segments[0] == "participants":
        return f"participants/{{uuid}}/{segments[2]}", segments[1]
    if segments == ["theme"]:
        return "theme/", None
    return "/".join(segments), None


def _token(request: Request) -> tuple[str | None, str | None]:
    """The token and where it came from: the `token` header, or `?token=` (browsers)."""
    token = request.headers.get("token")
    if token:
        return token, "header"
    token = request.query_params.get("token")
    if token:
        return token, "query"
    return None, None


def _body_keys(body: bytes) -> tuple[str, ...]:
    try:
        value = json.loads(body) if body.strip() else None
    except ValueError:
        return ()
    return tuple(value) if isinstance(value, dict) else ()


async def handle(request: Request) -> Response:
    node: Node = request.app.state.node
    raw_path: bytes = request.scope.get("raw_path") or request.scope["path"].encode()
    raw_path = raw_path.split(b"?", 1)[0]
    pin = request.headers.get("pin")
    record = RequestRecord(
        method=request.method,
        path=raw_path.decode("latin-1"),
        has_pin_header=pin is not None,
        pin_header_is_none=pin is not None and pin.strip().lower() == "none",
    )
    node.journal.requests.append(record)
    try:
        response = await _dispatch(node, request, raw_path, record)
    except Reply as early:
        response = early.response
    except Exception:
        logger.exception("request failed: %s %s", request.method, record.route)
        response = failed(500, "Internal server error")
    record.status = response.status_code
    return response


async def _dispatch(
    node: Node, request: Request, raw_path: bytes, record: RequestRecord
) -> Response:
    if node.faults.latency > 0:
        await asyncio.sleep(node.faults.latency)
    body = await request.body()
    record.body_keys = _body_keys(body)
    token, record.token_source = _token(request)
    parsed = split_path(raw_path)
    if parsed is not None:
        record.alias = parsed[0]
    fault = node.faults.take()
    if fault is not None:
        record.fault, response = fault
        return response
    if parsed is None:
        return failed(404, NOT_FOUND)
    alias, segments = parsed
    conference = node.find(alias)
    if conference is None:
        return failed(404, NO_CONFERENCE)
    route, target_uuid = route_of(segments)
    endpoint = ENDPOINTS.get((request.method, route))
    if endpoint is None:
        return failed(404, NOT_FOUND)
    record.route = route
    ctx = RequestContext(node, request, conference, record, body, target_uuid=target_uuid)
    if endpoint.auth:
        ctx.caller = conference.authenticate(token) if token else None
        if ctx.caller is None:
            return refused(INVALID_TOKEN)
        if endpoint.host_only:
            ctx.require_host()
    response = await endpoint.handler(ctx)
    if node.faults.late_answer > 0:
        # The node has acted; only the answer is slow (a client that gives up meanwhile
        # must still clean up after itself).
        await asyncio.sleep(node.faults.late_answer)
    return response


def build_app(node: Node) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await node.start()
        try:
            yield
        finally:
            await node.stop()

    app = Starlette(routes=[Route("/{rest:path}", handle, methods=METHODS)], lifespan=lifespan)
    app.state.node = node
    return app
