"""Helpers for the node tests: raw HTTP against a served Node, and an SSE reader."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from typing import Any
from urllib.parse import quote

import httpx

from pexjoin_tui.node import Meeting, Node, NodeServer, sample_meetings

# Short timings so waiting-room, expiry and ping tests take about a second each.
FAST = {
    "ping_interval": 0.3,
    "host_wait_timeout": 30.0,
    "host_departed_grace": 30.0,
    "simulate_interval": 0.05,
}


class EventReader:
    """Reads one `/events` stream: events as (name, data) and `: ping` comments."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._lines = response.aiter_lines()
        self.comments: list[str] = []

    async def next_item(self, within: float = 5.0) -> tuple[str, Any]:
        """The next event as (name, data), or ("comment", text) for a comment line."""
        name: str | None = None
        data: list[str] = []
        while True:
            line = await asyncio.wait_for(anext(self._lines), within)
            if line.startswith(":"):
                self.comments.append(line)
                return "comment", line
            if line.startswith("event:"):
                name = line[len("event:") :].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:") :].lstrip(" "))
            elif line == "" and name is not None:
                return name, json.loads("\n".join(data))

    async def next(self, within: float = 5.0) -> tuple[str, Any]:
        """The next event, skipping comments."""
        while True:
            name, data = await self.next_item(within)
            if name != "comment":
                return name, data

    async def until(self, wanted: str, within: float = 5.0) -> Any:
        """Skip events until one named `wanted`; its data. `within` bounds the whole wait
        (pings arrive every 0.3 s, so a per-line timeout would never fire)."""
        async with asyncio.timeout(within):
            while True:
                name, data = await self.next()
                if name == wanted:
                    return data

    async def burst(self, within: float = 5.0) -> list[tuple[str, Any]]:
        """The initial burst, up to and including `stage`."""
        items = []
        async with asyncio.timeout(within):
            while True:
                item = await self.next()
                items.append(item)
                if item[0] == "stage":
                    return items

    async def ended(self, within: float = 5.0) -> bool:
        """True once the server closes the stream (events before that are skipped)."""
        try:
            async with asyncio.timeout(within):
                while True:
                    await self.next_item()
        except StopAsyncIteration:
            return True


class Served:
    """A Node served on loopback, with helpers that speak raw HTTP to it."""

    def __init__(self, node: Node, server: NodeServer, url: str, http: httpx.AsyncClient):
        self.node = node
        self.server = server
        self.base = url
        self.http = http

    def url(self, alias: str, route: str = "") -> str:
        return f"{self.base}/api/client/v2/conferences/{quote(alias, safe='')}/{route}"

    async def request_token(
        self, alias: str, name: str = "Alice", pin: str | None = None, **body: Any
    ) -> httpx.Response:
        headers = {} if pin is None else {"pin": pin}
        return await self.http.post(
            self.url(alias, "request_token"),
            json={"display_name": name, "chosen_idp": "none", "sso_token": "none", **body},
            headers=headers,
        )

    async def join(self, alias: str, name: str = "Alice", pin: str | None = None) -> dict[str, Any]:
        response = await self.request_token(alias, name, pin)
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()["result"]
        return result

    async def post(self, alias: str, route: str, token: str, body: Any = None) -> httpx.Response:
        return await self.http.post(
            self.url(alias, route), headers={"token": token}, json=body if body is not None else {}
        )

    async def get(self, alias: str, route: str, token: str) -> httpx.Response:
        return await self.http.get(self.url(alias, route), headers={"token": token})

    def events(self, alias: str, token: str, *, in_query: bool = False) -> _EventsContext:
        return _EventsContext(self, alias, token, in_query)

    def roster(self, alias: str) -> dict[str, Any]:
        """The node's own view of a conference's participants, read on the server loop."""
        return self.server.call(lambda: dict(self.node.conference(alias).participants))


class _EventsContext:
    def __init__(self, served: Served, alias: str, token: str, in_query: bool) -> None:
        self.served = served
        self.alias = alias
        self.token = token
        self.in_query = in_query
        self._context: Any = None

    async def __aenter__(self) -> EventReader:
        served = self.served
        if self.in_query:
            request = served.http.stream(
                "GET", served.url(self.alias, "events"), params={"token": self.token}
            )
        else:
            request = served.http.stream(
                "GET", served.url(self.alias, "events"), headers={"token": self.token}
            )
        self._context = request
        response = await request.__aenter__()
        return EventReader(response)

    async def __aexit__(self, *exc: object) -> None:
        await self._context.__aexit__(*exc)


def quiet_samples() -> list[Meeting]:
    """The sample meetings with the simulation off, so rosters stay put."""
    return [replace(meeting, simulate=False) for meeting in sample_meetings()]


# --- wire shapes from the reference (sections 1 and 3), required keys and JSON types -------

NUMBER = "number"
YES_NO = frozenset({"YES", "NO"})
Spec = Any  # a type, NUMBER, or a frozenset of allowed values

TOKEN_REQUIRED: dict[str, Spec] = {
    "token": str,
    "expires": str,
    "participant_uuid": str,
    "role": frozenset({"HOST", "GUEST"}),
    "display_name": str,
    "current_service_type": frozenset(
        {"conference", "gateway", "test_call", "waiting_room", "ivr", "lecture", "media_playback"}
    ),
    "version": dict,
}
TOKEN_OPTIONAL: dict[str, Spec] = {
    "service_type": frozenset({"conference", "gateway", "test_call", "lecture", "media_playback"}),
    "conference_name": str,
    "service_name": str,
    "call_tag": str,
    "idp_uuid": str,
    **dict.fromkeys(
        [
            "chat_enabled",
            "guests_can_present",
            "direct_media",
            "breakout_rooms",
            "allow_1080p",
            "vp9_enabled",
            "fecc_enabled",
            "rtmp_enabled",
            "rtsp_enabled",
            "trickle_ice_enabled",
            "route_via_registrar",
            "analytics_enabled",
            "use_relay_candidates_only",
        ],
        bool,
    ),
    "call_type": frozenset({"video", "video-only", "audio"}),
    "bandwidth_in": NUMBER,
    "bandwidth_out": NUMBER,
    "pex_datachannel_id": NUMBER,
    "client_stats_update_interval": NUMBER,
    "stun": list,
    "turn": list,
}

PARTICIPANT_REQUIRED: dict[str, Spec] = {
    "uuid": str,
    "display_name": str,
    "overlay_text": str,
    "role": frozenset({"chair", "guest"}),
    "protocol": frozenset({"api", "webrtc", "sip", "rtmp", "h323", "mssip", ""}),
    "call_direction": frozenset({"in", "out"}),
    "has_media": bool,
    "is_audio_only_call": YES_NO,
    "is_video_call": YES_NO,
    "is_muted": YES_NO,
    "is_video_muted": bool,
    "is_video_silent": bool,
    "is_presenting": YES_NO,
    "spotlight": NUMBER,
    "buzz_time": NUMBER,
    "start_time": NUMBER,
    "local_alias": str,
    "encryption": frozenset({"On", "Off"}),
    "external_node_uuid": str,
    "is_external": bool,
    "is_streaming_conference": bool,
    "mute_supported": YES_NO,
    "disconnect_supported": YES_NO,
    "transfer_supported": YES_NO,
    "fecc_supported": YES_NO,
    "rx_presentation_policy": frozenset({"ALLOW", "DENY"}),
    "supports_direct_chat": bool,
    "can_receive_personal_mix": bool,
    "receive_from_video_mix": dict,
}
PARTICIPANT_OPTIONAL: dict[str, Spec] = {
    "service_type": frozenset(
        {"connecting", "waiting_room", "ivr", "conference", "lecture", "gateway", "test_call"}
    ),
    "is_client_muted": bool,
    "last_spoken_time": NUMBER,
    "uri": str,
    "vendor": str,
    "call_tag": str,
    "api_url": str,
    "presentation_supported": YES_NO,
    "is_conjoined": bool,
    "is_idp_authenticated": bool,
    "is_transferring": bool,
    "is_main_video_dropped_out": bool,
    "needs_presentation_in_mix": bool,
}
STATUS_REQUIRED: dict[str, Spec] = {"locked": bool, "guests_muted": bool, "started": bool}
STATUS_OPTIONAL: dict[str, Spec] = {
    key: bool
    for key in (
        "all_muted",
        "presentation_allowed",
        "direct_media",
        "live_captions_available",
        "breakout_rooms",
        "guests_can_unmute",
        "guests_can_present",
    )
}


def conforms(value: Any, spec: Spec) -> bool:
    if spec == NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(spec, frozenset):
        return isinstance(value, str) and value in spec
    if spec is bool:
        return isinstance(value, bool)
    return isinstance(value, spec) and not isinstance(value, bool)


def shape_problems(
    obj: dict[str, Any], required: dict[str, Spec], optional: dict[str, Spec]
) -> list[str]:
    """Every way `obj` breaks the schema; empty when the v20 validators would accept it."""
    problems = [f"missing {key}" for key in required if key not in obj]
    for key, spec in {**optional, **required}.items():
        if key in obj and not conforms(obj[key], spec):
            problems.append(f"{key}={obj[key]!r} is not {spec}")
    return problems
