"""One person's participation in one meeting: join, PIN, roster, refresh, reconnect, leave.

Plain asyncio, no Textual. Listeners get `SessionUpdate`s; the session alone decides the
connection state. Every way out releases the token, so a person who leaves vanishes from
everyone's roster at once instead of lingering until the token expires.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import ssl
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

import httpx
from pydantic import SecretStr

from pexjoin_tui.infinity import (
    ChatMessage,
    ConferenceStatus,
    ConferenceUpdate,
    Disconnect,
    Event,
    InfinityClient,
    InfinityError,
    InvalidPinError,
    InvalidTokenError,
    MessageReceived,
    Participant,
    ParticipantCreate,
    ParticipantDelete,
    ParticipantSyncBegin,
    ParticipantSyncEnd,
    ParticipantUpdate,
    PinChallenge,
    RefreshTokenRequested,
    StreamDroppedError,
    Token,
    parse_node_address,
)

from .reasons import disconnect_problem
from .roster import Roster
from .state import PIN_STATES, ConnectionState, Trigger, next_state
from .updates import (
    ConferenceChanged,
    MessageArrived,
    Problem,
    RosterChanged,
    SessionUpdate,
    StateChanged,
    StreamChanged,
    StreamStatus,
    Waiting,
)

log = logging.getLogger(__name__)

ClientFactory = Callable[[httpx.URL, str], InfinityClient]
Listener = Callable[[SessionUpdate], None]

GUEST_PIN = SecretStr("none")


@dataclass(frozen=True)
class Target:
    """The meeting a person asked for."""

    node: str
    alias: str
    display_name: str


@dataclass(frozen=True)
class Timing:
    """Pacing of the background duties; tests shorten them."""

    refresh_fraction: float = 1 / 3
    reconnect_first: float = 0.5
    reconnect_longest: float = 10.0
    roster_flush: float = 0.05
    release_timeout: float = 3.0


class Session:
    def __init__(
        self,
        *,
        verify: ssl.SSLContext | str | bool = True,
        client_factory: ClientFactory | None = None,
        timing: Timing | None = None,
    ) -> None:
        self._verify = verify
        self._client_factory = client_factory or self._default_client
        self.timing = timing or Timing()
        self.state = ConnectionState.DISCONNECTED
        self.problem: Problem | None = None
        self.target: Target | None = None
        self.token: Token | None = None
        self.roster = Roster()
        self.conference: ConferenceStatus | None = None
        self.waiting = Waiting.NONE
        self.stream = StreamStatus.LIVE
        self.messages: deque[ChatMessage] = deque(maxlen=1000)
        self.pin_attempts = 0
        self.pin_state: ConnectionState | None = None
        self._preset_pin: SecretStr | None = None
        self._client: InfinityClient | None = None
        self._attendance: asyncio.Task[None] | None = None
        self._requester: asyncio.Task[object] | None = None
        self._settling: set[asyncio.Task[None]] = set()
        self._refresh_now = asyncio.Event()
        self._flush_handle: asyncio.TimerHandle | None = None
        self._listeners: list[Listener] = []

    # -- listening ---------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every update; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _emit(self, update: SessionUpdate) -> None:
        for listener in list(self._listeners):
            try:
                listener(update)
            except Exception:
                # A broken listener must not take the meeting down with it.
                log.exception("session listener failed on %s", type(update).__name__)

    def _move(self, trigger: Trigger, problem: Problem | None = None) -> None:
        previous = self.state
        self.state = next_state(previous, trigger, self.pin_state)
        self.problem = problem
        log.info("state %s -> %s (%s)", previous.value, self.state.value, trigger.value)
        self._emit(StateChanged(self.state, previous, problem))

    # -- what the UI shows -------------------------------------------------------------------

    @property
    def self_uuid(self) -> str | None:
        return self.token.participant_uuid if self.token else None

    @property
    def me(self) -> Participant | None:
        uuid = self.self_uuid
        return self.roster.get(uuid) if uuid else None

    @property
    def is_host(self) -> bool:
        me = self.me
        if me is not None:
            return me.is_host
        return self.token is not None and self.token.role.value == "HOST"

    @property
    def conference_name(self) -> str:
        if self.token and (self.token.conference_name or self.token.service_name):
            return self.token.conference_name or self.token.service_name
        return self.target.alias if self.target else ""

    @property
    def holding_token(self) -> bool:
        return self._client is not None and self._client.token is not None

    # -- joining -----------------------------------------------------------------------------

    async def join(
        self, node: str, alias: str, display_name: str, *, pin: SecretStr | None = None
    ) -> None:
        """Ask the node for a token; ends in Connected, a PIN state or Error.

        `pin` (from the environment, say) answers the first PIN challenge without asking.
        """
        await self._discard_client()
        try:
            # Keep only the address itself: a pasted meeting link may carry a PIN.
            node = str(parse_node_address(node))
        except InfinityError:
            node = node.strip()  # the request below fails with the parser's own sentence
        self.target = Target(node, alias.strip(), display_name.strip())
        self._preset_pin = pin
        self.pin_attempts = 0
        self.pin_state = None
        self._move(Trigger.JOIN)
        await self._request(None)

    async def submit_pin(self, pin: str | SecretStr) -> None:
        """Send the PIN typed on the PIN screen; blank means "guest" where that is allowed."""
        value = pin.get_secret_value() if isinstance(pin, SecretStr) else pin
        value = value.strip()
        if not value:
            if self.state is not ConnectionState.PIN_OPTIONAL:
                self.problem = Problem("This meeting needs a PIN: type it to join.")
                self._emit(StateChanged(self.state, self.state, self.problem))
                return
            secret = GUEST_PIN
        else:
            secret = SecretStr(value)
        self._move(Trigger.PIN_SUBMITTED)
        await self._request(secret)

    async def retry(self) -> None:
        """Join the same meeting again after an error."""
        if self.target is None:
            raise RuntimeError("nothing to retry")
        await self._discard_client()
        self.pin_state = None
        self._move(Trigger.RETRY)
        await self._request(None)

    async def back(self) -> None:
        """Give up on this meeting (from a PIN screen or an error) and return to the form."""
        await self._discard_client()
        self._move(Trigger.BACK)

    async def _request(self, pin: SecretStr | None) -> None:
        assert self.target is not None
        self._requester = asyncio.current_task()
        request: asyncio.Future[Token | PinChallenge] | None = None
        try:
            if self._client is None:
                self._client = self._client_factory(
                    parse_node_address(self.target.node), self.target.alias
                )
            client = self._client
            # The node may grant a token just as the person gives up: the request runs on so
            # that such a token can be released rather than left behind in the roster.
            request = asyncio.ensure_future(client.request_token(self.target.display_name, pin))
            outcome = await asyncio.shield(request)
        except asyncio.CancelledError:
            if request is None:
                await self._discard_client()
            else:
                self._client = None
                self._settle_later(request, client)
            if self.state is ConnectionState.CONNECTING:
                self._move(Trigger.CANCEL)
            raise
        except InvalidPinError as error:
            self._pin_rejected(error.code)
            return
        except InfinityError as error:
            await self._discard_client()
            self._move(Trigger.FAILED, Problem(error.message, error.code))
            return
        finally:
            self._requester = None
        if isinstance(outcome, PinChallenge):
            self._challenged(outcome, pin)
            if self._preset_pin is not None and self.state in PIN_STATES:
                preset, self._preset_pin = self._preset_pin, None
                await self.submit_pin(preset)
            return
        self._granted(outcome)

    def _settle_later(
        self, request: asyncio.Future[Token | PinChallenge], client: InfinityClient
    ) -> None:
        async def settle() -> None:
            try:
                # A request that failed granted nothing; one that succeeded is released below.
                with contextlib.suppress(InfinityError):
                    if isinstance(await request, Token):
                        log.info("a token arrived after the join was abandoned; releasing it")
            finally:
                await self._release_and_close(client)

        task = asyncio.create_task(settle(), name="pexjoin-settle")
        self._settling.add(task)
        task.add_done_callback(self._settling.discard)

    def _challenged(self, challenge: PinChallenge, sent: SecretStr | None) -> None:
        if sent is not None:
            # Some nodes answer a wrong PIN with the challenge again (reference 1d).
            self._pin_rejected("#pex101")
            return
        self.pin_state = (
            ConnectionState.PIN_REQUIRED if challenge.required else ConnectionState.PIN_OPTIONAL
        )
        trigger = (
            Trigger.PIN_CHALLENGE_REQUIRED if challenge.required else Trigger.PIN_CHALLENGE_OPTIONAL
        )
        self._move(trigger)

    def _pin_rejected(self, code: str | None) -> None:
        self.pin_attempts += 1
        if self.pin_state is None:
            # A PIN we never sent cannot be wrong; the node is confused.
            self._move(Trigger.FAILED, Problem("The node rejected a PIN that was not sent.", code))
            return
        times = "once" if self.pin_attempts == 1 else f"{self.pin_attempts} times"
        self._move(
            Trigger.PIN_INVALID,
            Problem(f"That PIN is not right (wrong {times}). Check it and try again.", code),
        )

    def _granted(self, token: Token) -> None:
        self.token = token
        self.roster = Roster()
        self.conference = None
        self.messages.clear()
        self.stream = StreamStatus.LIVE
        self.waiting = self._waiting_now()
        self._refresh_now = asyncio.Event()
        self._attendance = asyncio.create_task(self._attend(), name="pexjoin-attendance")
        self._move(Trigger.TOKEN_GRANTED)

    # -- leaving -----------------------------------------------------------------------------

    async def leave(self) -> None:
        """Leave the meeting: release the token so everyone sees us go at once."""
        await self._stop_attending()
        await self._release()
        if self.state is ConnectionState.CONNECTED:
            self._move(Trigger.LEAVE)

    async def close(self) -> None:
        """Every way out ends here: leave if in a meeting, free the connection. Idempotent."""
        requester = self._requester
        if requester is not None and requester is not asyncio.current_task():
            # A join or PIN check in flight: stop waiting for it; its token is settled below.
            requester.cancel()
            await asyncio.wait({requester}, timeout=self.timing.release_timeout)
        if self.state is ConnectionState.CONNECTED:
            await self.leave()
        else:
            await self._discard_client()
        if self._settling:
            await asyncio.wait(set(self._settling), timeout=self.timing.release_timeout + 10)

    async def __aenter__(self) -> Session:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def _stop_attending(self) -> None:
        task, self._attendance = self._attendance, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None

    async def _release(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            await self._release_and_close(client)

    async def _release_and_close(self, client: InfinityClient) -> None:
        """Release the client's token if it holds one, then close its connections."""
        try:
            if client.token is not None:
                await asyncio.wait_for(client.release_token(), self.timing.release_timeout)
        except (InfinityError, TimeoutError) as error:
            # The node will drop us when the token expires; nothing more we can do.
            log.warning("could not release the token: %s", error)
        finally:
            await client.aclose()

    async def _discard_client(self) -> None:
        await self._stop_attending()
        await self._release()

    # -- attending: refresh and events -------------------------------------------------------

    async def _attend(self) -> None:
        refresher = asyncio.create_task(self._refresh_loop(), name="pexjoin-refresh")
        pump = asyncio.create_task(self._event_loop(), name="pexjoin-events")
        try:
            done, _ = await asyncio.wait({refresher, pump}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (refresher, pump):
                task.cancel()
            await asyncio.gather(refresher, pump, return_exceptions=True)
        finished = done.pop()
        problem = finished.result() if not finished.cancelled() else None
        # We are ending ourselves: detach so _release does not cancel this very task.
        self._attendance = None
        await self._release()
        self._flush_roster()
        if self.state is ConnectionState.CONNECTED:  # unless the person left meanwhile
            self._move(Trigger.LOST, problem or Problem("The connection to the meeting ended."))

    async def _refresh_loop(self) -> Problem:
        assert self._client is not None and self.token is not None
        client = self._client
        expires = self.token.expires
        last_success = time.monotonic()
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self._refresh_now.wait(), expires * self.timing.refresh_fraction
                )
            self._refresh_now.clear()
            deadline = last_success + expires
            delay = 0.25
            while True:
                try:
                    refreshed = await client.refresh_token()
                except InvalidTokenError as error:
                    return Problem(
                        "The node no longer recognises this connection; it may have restarted.",
                        error.code,
                    )
                except InfinityError as error:
                    if time.monotonic() + delay >= deadline:
                        return Problem(
                            f"Lost the meeting: the token could not be renewed in time. "
                            f"{error.message}",
                            error.code,
                        )
                    log.warning("token refresh failed, retrying in %.1fs: %s", delay, error)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 5.0)
                    continue
                last_success = time.monotonic()
                expires = refreshed.expires
                break

    async def _event_loop(self) -> Problem:
        assert self._client is not None
        client = self._client
        attempt = 0
        while True:
            try:
                async for event in client.events():
                    if attempt:
                        attempt = 0
                        self._set_stream(StreamChanged(StreamStatus.LIVE))
                    problem = self._apply(event)
                    if problem is not None:
                        return problem
                raise StreamDroppedError("The event stream ended.")
            except InvalidTokenError as error:
                return Problem(
                    "The node no longer recognises this connection; it may have restarted.",
                    error.code,
                )
            except InfinityError as error:
                attempt += 1
                delay = min(
                    self.timing.reconnect_first * 2 ** (attempt - 1), self.timing.reconnect_longest
                )
                delay *= random.uniform(0.8, 1.2)
                log.warning("event stream lost (%s); reconnecting in %.1fs", error, delay)
                self._set_stream(
                    StreamChanged(
                        StreamStatus.RECONNECTING,
                        attempt,
                        delay,
                        Problem(error.message, error.code),
                    )
                )
                await asyncio.sleep(delay)

    def _set_stream(self, update: StreamChanged) -> None:
        self.stream = update.status
        self._emit(update)

    def _apply(self, event: Event) -> Problem | None:
        match event:
            case (
                ParticipantCreate(participant=participant)
                | ParticipantUpdate(participant=participant)
            ):
                self.roster.upsert(participant)
                if participant.uuid == self.self_uuid:
                    self._update_waiting()
                self._schedule_flush()
            case ParticipantDelete(uuid=uuid):
                self.roster.remove(uuid)
                self._schedule_flush()
            case ParticipantSyncBegin():
                self.roster.begin_sync()
            case ParticipantSyncEnd():
                self.roster.end_sync()
                self._flush_roster()
                self._update_waiting()
            case ConferenceUpdate(status=status):
                self.conference = status
                self._update_waiting(force=True)
            case MessageReceived(message=message):
                self.messages.append(message)
                self._emit(MessageArrived(message))
            case Disconnect(reason=reason):
                return disconnect_problem(reason)
            case RefreshTokenRequested():
                self._refresh_now.set()
        return None

    def _waiting_now(self) -> Waiting:
        me = self.me
        if me is not None:
            service_type = me.service_type
        elif self.token is not None:
            service_type = self.token.current_service_type
        else:
            return Waiting.NONE
        if service_type != "waiting_room":
            return Waiting.NONE
        if self.conference is not None and self.conference.locked:
            return Waiting.FOR_ADMISSION
        return Waiting.FOR_HOST

    def _update_waiting(self, *, force: bool = False) -> None:
        waiting = self._waiting_now()
        if waiting is self.waiting and not force:
            return
        self.waiting = waiting
        if self.conference is not None:
            self._emit(ConferenceChanged(self.conference, waiting))

    def _schedule_flush(self) -> None:
        # Coalesce: one roster update per interval, however many events arrived.
        if self._flush_handle is None and not self.roster.syncing:
            loop = asyncio.get_running_loop()
            self._flush_handle = loop.call_later(self.timing.roster_flush, self._flush_roster)

    def _flush_roster(self) -> None:
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        delta = self.roster.take_delta()
        if delta:
            self._emit(RosterChanged(delta))

    # -- after a crash -----------------------------------------------------------------------

    async def release_orphaned(self) -> None:
        """Release a token whose event loop is gone (the app crashed or was killed)."""
        if self._client is None or self._client.token is None or self.target is None:
            return
        token = self._client.token
        self._client = None
        client = self._client_factory(parse_node_address(self.target.node), self.target.alias)
        client.token = token
        await self._release_and_close(client)

    def _default_client(self, node: httpx.URL, alias: str) -> InfinityClient:
        return InfinityClient(node, alias, verify=self._verify)
