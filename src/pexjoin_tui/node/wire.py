"""JSON on the wire: the reference envelope, fixed strings and the version object."""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

# A plausible recent Infinity release; the v20 SDK requires the object, not its values.
VERSION: dict[str, str] = {"version_id": "36", "pseudo_version": "79019.0.0"}

# The reference checks `startsWith('application/json')`; no charset, to be safe.
JSON_TYPE = "application/json"

NOT_FOUND = "Not found"
NO_CONFERENCE = "Neither conference nor gateway found"
INVALID_TOKEN = "Invalid token"
INVALID_ROLE = "Invalid role"
INVALID_PIN = "Invalid PIN"
PIN_RETRIES = "Participant exceeded PIN entry retries"

# Reasons carried by the `disconnect` event (the SDK maps each to a #pex code).
DISCONNECTED_BY_PARTICIPANT = "Disconnected by another participant"
CONFERENCE_TERMINATED = "Conference terminated by another participant"
HOST_WAIT_TIMEOUT = (
    "Timeout waiting for conference host to join or permit access to locked conference"
)
HOSTS_DEPARTED = "All conference hosts departed hosted conference"
TOKEN_EXPIRED = "Timer expired awaiting token refresh"

# Bodies of the 5xx replies a proxy or an overloaded node gives (reference section 1i).
SERVER_ERRORS: dict[int, str] = {
    502: "502 Bad Gateway",
    503: "503 Service Unavailable",
    504: "504 Gateway Timeout",
}


def clean_text(text: str) -> str:
    """`text` without lone surrogates (valid JSON escapes, but not encodable as UTF-8)."""
    return text.encode("utf-8", "replace").decode("utf-8")


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON; json.dumps escapes newlines, so a value always fits one SSE line."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def reply(result: Any, status_code: int = 200, status: str = "success") -> Response:
    return raw_reply(dumps({"status": status, "result": result}), status_code)


def raw_reply(body: bytes, status_code: int = 200) -> Response:
    return Response(content=body, status_code=status_code, media_type=JSON_TYPE)


def refused(message: str) -> Response:
    """403 with a string result; the reference uses "success" for these."""
    return reply(message, 403)


def failed(status_code: int, message: str) -> Response:
    return reply(message, status_code, status="failed")


class Reply(Exception):
    """Raised inside a handler to answer at once with `response`."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response
