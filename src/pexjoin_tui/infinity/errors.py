"""Typed failures of the Client REST API.

Every failure a user can meet is an `InfinityError` whose `message` is one sentence saying what
happened and what to do next. No message, `str` or `repr` ever contains a PIN or a token: errors
are built from fixed sentences plus text that the caller has already cleaned (`printable`).
"""

from __future__ import annotations

import json
import re

__all__ = [
    "AddressError",
    "ConferenceNotFoundError",
    "ExtensionRequiredError",
    "InfinityError",
    "InvalidPinError",
    "InvalidRoleError",
    "InvalidTokenError",
    "NodeError",
    "PinRetriesExceededError",
    "ProtocolError",
    "SignInRequiredError",
    "StreamDroppedError",
    "TransportError",
    "excerpt_of",
    "excerpt_of_value",
    "pex_code",
    "printable",
]

# The reason strings a node sends and the codes Pexip's own clients show for them
# (reference sections 1i and 4, from the SDK's getErrorCode map).
_PEX_CODES: dict[str, str] = {
    "invalid pin": "#pex101",
    "invalid role": "#pex100",
    "system in maintenance mode": "#pex110",
    "502 bad gateway": "#pex111",
    "503 service unavailable": "#pex112",
    "invalid token": "#pex113",
    "timer expired awaiting token refresh": "#pex113",
    "out of resource": "#pex114",
    "neither conference nor gateway found": "#pex154",
    "api initiated conference termination": "#pex121",
    "api initiated participant disconnect": "#pex122",
    "disconnected by an administrator": "#pex123",
    "disconnected by another participant": "#pex124",
    "conference terminated by another participant": "#pex125",
    "timeout waiting for conference host to join or permit access to locked conference": (
        "#pex126"
    ),
    "all conference hosts departed hosted conference": "#pex141",
    "participant exceeded pin entry retries": "#pex192",
    "participant limit reached": "#pex194",
    "insufficient licenses": "#pex195",
}


def pex_code(reason: str) -> str | None:
    """Return the `#pex` code for a reason string the node sent, or None when unknown."""
    return _PEX_CODES.get(reason.strip().lower())


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")


def printable(text: str, limit: int = 120) -> str:
    """Untrusted text made safe for one line of a message: no control characters, bounded."""
    cleaned = _UNPRINTABLE.sub(" ", text).strip()
    if len(cleaned) > limit:
        return cleaned[: limit - 1] + "…"
    return cleaned


class InfinityError(Exception):
    """Base of every failure of the client; `message` is a sentence a user can act on."""

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r})"


class AddressError(InfinityError):
    """The node address (or the alias) typed is not usable."""


class InvalidPinError(InfinityError):
    """The node did not accept the PIN ("Invalid PIN")."""

    def __init__(
        self, message: str = "That PIN was not accepted: check it and type it again."
    ) -> None:
        super().__init__(message, code="#pex101")


class PinRetriesExceededError(InfinityError):
    """Too many wrong PINs: the node refuses this meeting for a while."""

    def __init__(
        self,
        message: str = (
            "Too many wrong PINs for this meeting: wait about ten minutes, then try again."
        ),
    ) -> None:
        super().__init__(message, code="#pex192")


class ConferenceNotFoundError(InfinityError):
    """The node has no conference (or gateway rule) for the alias."""

    def __init__(
        self,
        message: str = "The node has no meeting with that alias: check the alias and the node.",
    ) -> None:
        super().__init__(message, code="#pex154")


class ExtensionRequiredError(InfinityError):
    """The alias is a Virtual Reception: the request must name a target conference."""

    def __init__(self, extension_type: str, message: str | None = None) -> None:
        super().__init__(
            message
            or "This alias is a Virtual Reception: type the alias of the meeting to join there."
        )
        self.extension_type = extension_type


class SignInRequiredError(InfinityError):
    """The conference asks for single sign-on (an identity provider choice or a redirect)."""

    def __init__(self, identity_providers: list[str], message: str | None = None) -> None:
        if message is None:
            names = (
                ", ".join(printable(name, 40) for name in identity_providers) or "single sign-on"
            )
            message = (
                f"This meeting asks you to sign in ({names}), which this client cannot do: "
                "join it from a Pexip app or ask the host for a PIN."
            )
        super().__init__(message)
        self.identity_providers = identity_providers


class InvalidTokenError(InfinityError):
    """The node does not know the token any more (expired, released or never issued)."""

    def __init__(
        self,
        message: str = "The node ended this session (its token is no longer valid): join again.",
        *,
        code: str | None = "#pex113",
    ) -> None:
        super().__init__(message, code=code)


class InvalidRoleError(InfinityError):
    """A guest called a host-only request."""

    def __init__(
        self, message: str = "Only a host can do that: join with the host PIN to use it."
    ) -> None:
        super().__init__(message, code="#pex100")


class NodeError(InfinityError):
    """The node answered with a failure status and a reason string."""

    def __init__(self, status: int, result: str, message: str | None = None) -> None:
        reason = printable(result)
        code = pex_code(result)
        if message is None:
            # The code travels in `.code`; screens show it on its own line.
            shown = reason or f"status {status}"
            if status >= 500 or status == 529:
                advice = "try again in a moment, or tell the meeting's administrator."
            else:
                advice = "try again, or tell the meeting's administrator if it keeps happening."
            message = f"The node refused the request: {shown}; {advice}"
        super().__init__(message, code=code)
        self.status = status
        self.result = reason


class TransportError(InfinityError):
    """The node could not be reached: kind is dns, refused, tls, timeout or network."""

    KINDS = ("dns", "refused", "tls", "timeout", "network")

    def __init__(self, message: str, kind: str = "network") -> None:
        super().__init__(message)
        self.kind = kind

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, kind={self.kind!r})"


class StreamDroppedError(TransportError):
    """The event stream ended, was cut or went silent; the caller reconnects."""


# Values under these keys are credentials wherever they appear in a reply (the token of
# request_token and refresh_token, a one-time token in `refer`, TURN credentials).
_SECRET_VALUE = re.compile(
    r'("(?:token|sso_token|registration_token|credential|password)"\s*:\s*)'
    r'"(?:[^"\\]|\\.)*(?:"|\\?$)'
)


def excerpt_of(text: str, secrets: tuple[str, ...] = ()) -> str:
    """At most 80 printable characters of a reply, with every credential replaced by ***."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    text = _SECRET_VALUE.sub(r'\1"***"', text)
    return printable(text, 80)


def excerpt_of_value(value: object) -> str:
    """`excerpt_of` for a decoded JSON value."""
    try:
        text = json.dumps(value, default=str)[:2000]
    except (ValueError, TypeError, RecursionError):
        text = type(value).__name__
    return excerpt_of(text)


class ProtocolError(InfinityError):
    """The reply was not what a Conference Node sends (not JSON, wrong content type or shape)."""

    def __init__(self, message: str, excerpt: str = "") -> None:
        super().__init__(message)
        # Cleaned here as well, so no caller can put a credential in it by mistake.
        self.excerpt = excerpt_of(excerpt)
