"""The one decoder of every REST reply: content type, JSON, envelope, status code.

Every reply of the Client REST API is `{"status": ..., "result": ...}` with
`Content-Type: application/json`. `decode_reply` returns the result of a success and turns
every other reply into the typed error that says what went wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote

import httpx

from .errors import (
    ConferenceNotFoundError,
    ExtensionRequiredError,
    InfinityError,
    InvalidPinError,
    InvalidRoleError,
    InvalidTokenError,
    NodeError,
    PinRetriesExceededError,
    ProtocolError,
    SignInRequiredError,
    excerpt_of,
    excerpt_of_value,
    pex_code,
    printable,
)
from .models import PinChallenge, read_model

__all__ = ["Reply", "decode_reply", "path_segment", "read_challenge"]


@dataclass(frozen=True, slots=True)
class Reply:
    """A reply the caller reads: any 2xx, or a 403 whose result is an object (a question)."""

    status: int
    result: object


def path_segment(text: str) -> str:
    """`text` as exactly one percent-encoded path segment, whatever characters it holds."""
    encoded = quote(text, safe="")
    # "." and ".." survive quote() but URL normalisation (httpx, proxies) would resolve them.
    if encoded in (".", ".."):
        return encoded.replace(".", "%2E")
    return encoded


_NOT_JSON = object()


def decode_reply(
    status: int,
    content_type: str | None,
    body: bytes,
    *,
    node: str,
    alias: str,
    secrets: tuple[str, ...] = (),
) -> Reply:
    """Decode one reply; raise the `InfinityError` that matches a failure.

    `node` and `alias` name the request in messages; any of `secrets` found in text from the
    node is replaced before it reaches an error.
    """
    is_json = (content_type or "").strip().lower().startswith("application/json")
    payload: object = _NOT_JSON
    if is_json:
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):
            payload = _NOT_JSON
    if not isinstance(payload, dict) or "result" not in payload:
        raise _not_an_envelope(status, is_json, payload is _NOT_JSON, body, node, secrets)
    result = payload["result"]
    if 200 <= status < 300:
        return Reply(status, result)
    if status == 403 and isinstance(result, dict):
        return Reply(status, result)
    if not isinstance(result, str):
        if status == 403:
            raise ProtocolError(
                f"{node} refused the request without saying why: check that the address is a "
                "Pexip Conferencing Node.",
                excerpt_of(body.decode("utf-8", "replace"), secrets),
            )
        raise NodeError(status, _status_line(status))
    reason = _redact(result, secrets)
    if status == 403:
        raise _forbidden(reason)
    if status == 404 and pex_code(reason) == "#pex154":
        raise ConferenceNotFoundError(
            f"There is no meeting '{printable(alias, 80)}' on {node}: check the alias and the "
            "node address."
        )
    raise NodeError(status, reason)


def _forbidden(reason: str) -> InfinityError:
    code = pex_code(reason)
    if code == "#pex101":
        return InvalidPinError()
    if code == "#pex192":
        return PinRetriesExceededError()
    if code == "#pex113":
        return InvalidTokenError()
    if code == "#pex100":
        return InvalidRoleError()
    return NodeError(403, reason)


def _not_an_envelope(
    status: int, is_json: bool, unparsed: bool, body: bytes, node: str, secrets: tuple[str, ...]
) -> InfinityError:
    if status >= 500 or status == 429:
        # A proxy or load balancer in front of the node answers 5xx (or a rate limit) with
        # its own page: say what it said, not that this is no Pexip node.
        return NodeError(status, _status_line(status))
    excerpt = excerpt_of(body.decode("utf-8", "replace"), secrets)
    if 300 <= status < 400:
        return ProtocolError(
            f"{node} redirected the request elsewhere: type the address of the Conferencing "
            "Node itself.",
            excerpt,
        )
    if status == 404 and not is_json:
        return ProtocolError(
            f"{node} has no Pexip client API (it answered 'not found'): check that the address "
            "is a Pexip Conferencing Node.",
            excerpt,
        )
    if not is_json:
        return ProtocolError(
            f"{node} did not answer like a Pexip Conferencing Node (it sent no JSON): check the "
            "node address.",
            excerpt,
        )
    what = "JSON that could not be read" if unparsed else "JSON of an unexpected shape"
    return ProtocolError(
        f"{node} sent {what}: check that the address is a Pexip Conferencing Node.", excerpt
    )


def _status_line(status: int) -> str:
    phrase = httpx.codes.get_reason_phrase(status)
    return f"{status} {phrase}" if phrase else f"status {status}"


def _redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def read_challenge(result: dict[str, object]) -> PinChallenge:
    """The 403 object of `request_token`: a PIN question, else the sign-in or extension error."""
    if "pin" in result or "guest_pin" in result:
        return read_model(PinChallenge, result, "a PIN request")
    if "conference_extension" in result:
        kind = result.get("conference_extension_type")
        if not isinstance(kind, str):
            # Older nodes sent the type in `conference_extension` itself.
            given = result["conference_extension"]
            kind = given if given in ("standard", "mssip") else "standard"
        raise ExtensionRequiredError(printable(kind, 20))
    if "idp" in result or "redirect_url" in result:
        raise SignInRequiredError(_identity_providers(result))
    raise ProtocolError(
        "The node asked a question this client does not know: check that the address is a Pexip "
        "Conferencing Node.",
        excerpt_of_value(result),
    )


def _identity_providers(result: dict[str, object]) -> list[str]:
    entries = result.get("idp")
    if not isinstance(entries, list):
        entries = [result.get("redirect_idp")]
    names = [entry.get("name") for entry in entries if isinstance(entry, dict)]
    return [name for name in names if isinstance(name, str)]
