"""`InfinityClient`: one participant's conversation with a Conference Node (Client REST API v2).

The PIN travels only in the `pin` header of `request_token`, the token only in the `token`
header: neither ever appears in a URL, a log line or an error.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import AsyncIterator, Mapping
from types import TracebackType

import httpx
from httpx_sse import EventSource
from pydantic import SecretStr

from .. import __version__
from .address import parse_node_address
from .errors import (
    AddressError,
    InfinityError,
    InvalidPinError,
    InvalidTokenError,
    ProtocolError,
    StreamDroppedError,
    excerpt_of_value,
)
from .events import Event, parse_event
from .models import (
    ConferenceStatus,
    Participant,
    ParticipantRole,
    PinChallenge,
    RefreshedToken,
    Token,
    fits_header,
    read_model,
)
from .transport import tls_context, transport_failure
from .wire import Reply, decode_reply, path_segment, read_challenge

__all__ = ["InfinityClient"]

logger = logging.getLogger(__name__)

_API = "/api/client/v2/conferences/"
_USER_AGENT = f"pexjoin-tui/{__version__}"


class InfinityClient:
    """A control-only participant of one conference on one node.

    Use it as an async context manager (or call `aclose`): it owns one `httpx.AsyncClient`.
    Every method raises only `InfinityError` subclasses. The constructor raises `AddressError`
    for a bad node address or an empty alias, and `TransportError` for an unreadable CA bundle.
    """

    def __init__(
        self,
        node: str | httpx.URL,
        alias: str,
        *,
        verify: ssl.SSLContext | str | bool = True,
        timeout: float = 10.0,
        stream_timeout: float = 35.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        # An httpx.URL goes through the same checks as typed text.
        node = parse_node_address(str(node))
        alias = alias.strip()
        if not alias:
            raise AddressError("Type the alias of the meeting, like meet.alice.")
        self.node: httpx.URL = node
        self.alias: str = alias
        self.token: SecretStr | None = None
        self.participant_uuid: str | None = None
        self._where = node.netloc.decode("ascii")
        self._timeout = timeout
        self._stream_timeout = stream_timeout
        self._http = httpx.AsyncClient(
            verify=tls_context(verify),
            timeout=httpx.Timeout(timeout),
            transport=transport,
            follow_redirects=False,
            headers={"user-agent": _USER_AGENT},
        )

    def __repr__(self) -> str:
        joined = "joined" if self.token is not None else "not joined"
        return f"InfinityClient(node={str(self.node)!r}, alias={self.alias!r}, {joined})"

    async def __aenter__(self) -> InfinityClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connections (the token is not released: see `release_token`)."""
        await self._http.aclose()

    # -- joining and leaving -------------------------------------------------------------

    async def request_token(
        self,
        display_name: str,
        pin: SecretStr | None = None,
        *,
        conference_extension: str | None = None,
    ) -> Token | PinChallenge:
        """Ask to join as `display_name`: a `Token`, or a `PinChallenge` when a PIN is needed.

        `pin` None sends no PIN; `SecretStr("none")` joins as a guest where guests need none.
        Raises InvalidPinError, PinRetriesExceededError, ConferenceNotFoundError,
        ExtensionRequiredError, SignInRequiredError, NodeError, TransportError, ProtocolError.
        """
        headers: dict[str, str] = {}
        if pin is not None:
            value = pin.get_secret_value()
            # A PIN is digits with an optional trailing "#" (or "none"); never longer than 64.
            if len(value) > 64 or not fits_header(value):
                raise InvalidPinError(
                    "A PIN is made of digits, sometimes ending in #: check it and type it again."
                )
            headers["pin"] = value
        body: dict[str, object] = {
            "display_name": display_name,
            "chosen_idp": "none",
            "sso_token": "none",
            "direct_media": False,
            "supports_direct_chat": True,
        }
        if conference_extension is not None:
            body["conference_extension"] = conference_extension
        reply = await self._send(
            "POST", ("request_token",), body=body, headers=headers, alias=conference_extension
        )
        if reply.status == 403 and isinstance(reply.result, dict):
            challenge = read_challenge(reply.result)
            if pin is not None:
                # A node may repeat the question instead of saying "Invalid PIN" (the Swift
                # SDK treats it so): the PIN that was sent is not accepted.
                raise InvalidPinError()
            return challenge
        token = read_model(Token, reply.result, "a token")
        self.token = token.token
        self.participant_uuid = token.participant_uuid
        return token

    async def refresh_token(self) -> RefreshedToken:
        """Get a new token before the current one expires; it replaces `self.token`."""
        result = await self._control("refresh_token")
        refreshed = read_model(RefreshedToken, result, "a refreshed token")
        self.token = refreshed.token
        return refreshed

    async def release_token(self) -> None:
        """Leave the conference at once. `self.token` is cleared even when the request fails."""
        token, self.token, self.participant_uuid = self.token, None, None
        if token is None:
            return
        headers = {"token": token.get_secret_value()}
        reply = await self._send("POST", ("release_token",), body={}, headers=headers)
        self._expect_result(reply)

    # -- reading the conference ----------------------------------------------------------

    async def participants(self) -> list[Participant]:
        """The current roster (`GET participants`)."""
        result = await self._control("participants", method="GET")
        if not isinstance(result, list):
            raise ProtocolError(
                f"{self._where} sent a roster that is not a list: check that the address is a "
                "Pexip Conferencing Node.",
                excerpt_of_value(result),
            )
        return [read_model(Participant, entry, "a participant") for entry in result]

    async def conference_status(self) -> ConferenceStatus:
        """Lock, mute and start state of the conference (`GET conference_status`)."""
        result = await self._control("conference_status", method="GET")
        return read_model(ConferenceStatus, result, "a conference status")

    async def events(self) -> AsyncIterator[Event]:
        """Typed events of `GET events`, starting with the roster burst, until the stream ends.

        Raises StreamDroppedError when the stream cannot be opened, ends, is cut or is silent
        for longer than `stream_timeout` (the node pings every 10 s): reconnect then.
        InvalidTokenError when the node no longer knows the token. An unreadable event is
        logged and skipped.
        """
        headers = {
            "token": self._token_value(),
            "accept": "text/event-stream",
            "cache-control": "no-store",
        }
        timeout = httpx.Timeout(self._timeout, read=self._stream_timeout)
        opened = False
        try:
            async with self._http.stream(
                "GET", self._url("events"), headers=headers, timeout=timeout
            ) as response:
                self._check_stream(response, await self._error_body(response))
                opened = True
                async for sse in EventSource(response).aiter_sse():
                    try:
                        event = parse_event(sse.event, sse.data, sse.id)
                    except ProtocolError as error:
                        logger.warning("skipped a %s event: %s", sse.event, error)
                        continue
                    yield event
        except httpx.HTTPError as error:
            failure = self._stream_error(error, opened, headers["token"])
        else:
            failure = StreamDroppedError(
                f"{self._where} closed the event stream: reconnect to keep the roster up to date."
            )
        raise failure

    # -- chat ----------------------------------------------------------------------------

    async def send_message(self, text: str, *, participant_uuid: str | None = None) -> bool:
        """Send a chat message to everyone, or privately to `participant_uuid`."""
        body = {"type": "text/plain", "payload": text}
        if participant_uuid is None:
            return self._boolean(await self._control("message", body=body))
        return await self._participant(participant_uuid, "message", body=body)

    # -- host controls (section 6): a guest gets InvalidRoleError ------------------------

    async def lock(self) -> bool:
        """Lock the conference: newcomers wait until a host admits them."""
        return self._boolean(await self._control("lock"))

    async def unlock(self) -> bool:
        """Unlock the conference (everyone waiting is admitted)."""
        return self._boolean(await self._control("unlock"))

    async def mute_guests(self) -> bool:
        """Mute every guest."""
        return self._boolean(await self._control("muteguests"))

    async def unmute_guests(self) -> bool:
        """Unmute every guest."""
        return self._boolean(await self._control("unmuteguests"))

    async def start_conference(self) -> bool:
        """Start the conference: guests in the waiting room join."""
        return self._boolean(await self._control("start_conference"))

    async def end_conference(self) -> bool:
        """Disconnect everyone, this participant included."""
        return self._boolean(await self._control("disconnect"))

    async def mute(self, uuid: str) -> bool:
        """Mute one participant's audio."""
        return await self._participant(uuid, "mute")

    async def unmute(self, uuid: str) -> bool:
        """Unmute one participant's audio."""
        return await self._participant(uuid, "unmute")

    async def disconnect_participant(self, uuid: str) -> bool:
        """Remove one participant from the conference."""
        return await self._participant(uuid, "disconnect")

    async def admit(self, uuid: str) -> bool:
        """Let a participant in from the waiting room (`participants/<uuid>/unlock`)."""
        return await self._participant(uuid, "unlock")

    async def spotlight(self, uuid: str, on: bool) -> bool:
        """Turn the spotlight on a participant on or off."""
        return await self._participant(uuid, "spotlighton" if on else "spotlightoff")

    async def set_role(self, uuid: str, role: ParticipantRole) -> bool:
        """Make a participant a host (chair) or a guest."""
        return await self._participant(uuid, "role", body={"role": ParticipantRole(role).value})

    async def raise_hand(self, uuid: str) -> bool:
        """Raise a hand (`buzz`)."""
        return await self._participant(uuid, "buzz")

    async def lower_hand(self, uuid: str) -> bool:
        """Lower a hand (`clearbuzz`)."""
        return await self._participant(uuid, "clearbuzz")

    # -- plumbing ------------------------------------------------------------------------

    def _url(self, *path: str) -> httpx.URL:
        # Built as a raw path so nothing re-interprets the encoded alias or uuid segments.
        raw = _API + path_segment(self.alias) + "".join("/" + part for part in path)
        try:
            return self.node.copy_with(raw_path=raw.encode("ascii"))
        except httpx.InvalidURL:  # only a path over httpx's 64 KiB limit gets here
            raise AddressError(
                "The meeting alias (or a participant id) is far too long to send: check it."
            ) from None

    def _token_value(self) -> str:
        if self.token is None:
            raise InvalidTokenError(
                "This client has not joined the meeting (or has left it): join first.", code=None
            )
        return self.token.get_secret_value()

    async def _send(
        self,
        method: str,
        path: tuple[str, ...],
        *,
        body: Mapping[str, object] | None = None,
        headers: dict[str, str],
        alias: str | None = None,
    ) -> Reply:
        secrets = tuple(headers[name] for name in ("token", "pin") if name in headers)
        try:
            response = await self._http.request(
                method, self._url(*path), json=body, headers=headers
            )
        except httpx.HTTPError as error:
            failure = transport_failure(error, self._where, self._timeout, secrets=secrets)
        else:
            logger.debug("%s %s: %d", method, path[-1], response.status_code)
            return decode_reply(
                response.status_code,
                response.headers.get("content-type"),
                response.content,
                node=self._where,
                alias=alias or self.alias,
                secrets=secrets,
            )
        raise failure

    async def _control(
        self, *path: str, method: str = "POST", body: Mapping[str, object] | None = None
    ) -> object:
        headers = {"token": self._token_value()}
        reply = await self._send(method, path, body=body, headers=headers)
        return self._expect_result(reply)

    async def _participant(
        self, uuid: str, action: str, *, body: Mapping[str, object] | None = None
    ) -> bool:
        result = await self._control("participants", path_segment(uuid), action, body=body)
        return self._boolean(result)

    def _expect_result(self, reply: Reply) -> object:
        if reply.status == 403:
            raise ProtocolError(
                f"{self._where} answered with a question where none was expected: check that "
                "the address is a Pexip Conferencing Node.",
                excerpt_of_value(reply.result),
            )
        return reply.result

    def _boolean(self, result: object) -> bool:
        # Most controls answer true/false; some (participant disconnect) answer null = done.
        if result is None:
            return True
        if isinstance(result, bool):
            return result
        raise ProtocolError(
            f"{self._where} answered with something other than true or false: check that the "
            "address is a Pexip Conferencing Node.",
            excerpt_of_value(result),
        )

    async def _error_body(self, response: httpx.Response) -> bytes:
        if response.status_code == 200:
            return b""
        return await response.aread()

    def _check_stream(self, response: httpx.Response, body: bytes) -> None:
        content_type = response.headers.get("content-type", "")
        if response.status_code != 200:
            decode_reply(
                response.status_code,
                content_type,
                body,
                node=self._where,
                alias=self.alias,
                secrets=(self._token_value(),),
            )
            # A 2xx (or a 403 question) other than 200 is not an event stream either.
        if response.status_code != 200 or not content_type.startswith("text/event-stream"):
            raise ProtocolError(
                f"{self._where} did not answer with an event stream: check that the address "
                "is a Pexip Conferencing Node.",
                content_type,
            )

    def _stream_error(self, error: httpx.HTTPError, opened: bool, token: str) -> InfinityError:
        failure = transport_failure(
            error, self._where, self._timeout, secrets=(token,), cls=StreamDroppedError
        )
        if not opened:
            return failure
        if isinstance(error, httpx.TimeoutException):
            dropped = StreamDroppedError(
                f"{self._where} went silent for {self._stream_timeout:g} seconds, so the event "
                "stream was dropped: reconnect.",
                "timeout",
            )
        else:
            dropped = StreamDroppedError(
                f"The event stream from {self._where} was cut: reconnect to keep the roster up "
                "to date."
            )
        dropped.__cause__ = failure.__cause__
        return dropped
