"""The emulated Conference Node: its conferences, timers, simulator and the test hooks."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from typing import Any

from .conference import Conference, Settings
from .faults import Faults
from .lockout import PinLockout
from .meetings import Meeting, sample_meetings
from .participant import GUEST
from .records import ChatRecord, Journal, RequestRecord
from .routes import build_app
from .simulation import Simulator, make_uuid, seed_people
from .timers import Deadlines
from .wire import DISCONNECTED_BY_PARTICIPANT

logger = logging.getLogger(__name__)

TICK = 0.1  # seconds between deadline checks


class Node:
    """The domain state of an emulated node; `node.app` is its Starlette app.

    State is touched only on the loop that serves the app: from another thread, go
    through `NodeServer.call`. Reading the record lists from a test thread is fine.
    """

    def __init__(
        self,
        meetings: list[Meeting] | None = None,
        *,
        expires: int = 120,
        seed: int = 0,
        ping_interval: float = 10.0,
        host_wait_timeout: float = 900.0,
        host_departed_grace: float = 60.0,
        pin_attempts: int = 5,
        pin_lockout: float = 600.0,
        simulate_interval: float = 2.0,
    ) -> None:
        if expires < 1:
            raise ValueError("expires must be at least 1 second")
        self.meetings = list(sample_meetings() if meetings is None else meetings)
        self.settings = Settings(
            expires=expires,
            ping_interval=ping_interval,
            host_wait_timeout=host_wait_timeout,
            host_departed_grace=host_departed_grace,
        )
        self.faults = Faults()
        self.journal = Journal()
        self.lockout = PinLockout(pin_attempts, pin_lockout)
        self.deadlines = Deadlines()
        self.random = random.Random(seed)
        self.conferences: dict[str, Conference] = {}
        for meeting in self.meetings:
            key = meeting.alias.casefold()
            if key in self.conferences:
                raise ValueError(f"two meetings have the alias {meeting.alias!r}")
            conference = Conference(meeting, self.settings, self.journal, self.deadlines)
            self.conferences[key] = conference
            seed_people(conference, meeting.people, self.random, simulated=meeting.simulate)
        self.simulator = Simulator(self.conferences.values(), self.random, simulate_interval)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self.app = build_app(self)

    # --- records for tests --------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        return self.journal.requests

    @property
    def messages(self) -> list[ChatRecord]:
        return self.journal.messages

    @property
    def released(self) -> list[str]:
        return self.journal.released

    @property
    def expired(self) -> list[str]:
        return self.journal.expired

    def conference(self, alias: str) -> Conference:
        """The conference for an alias (KeyError if the node has none)."""
        conference = self.find(alias)
        if conference is None:
            raise KeyError(alias)
        return conference

    def find(self, alias: str) -> Conference | None:
        # Aliases match without regard to case, as on Infinity.
        return self.conferences.get(alias.casefold())

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        """Start the deadline ticker and the simulator on the running loop (idempotent)."""
        if self._tasks:
            return
        self._loop = asyncio.get_running_loop()
        self._tasks.append(asyncio.create_task(self._tick(), name="pexjoin-node-deadlines"))
        if self.simulator.conferences:
            self._tasks.append(asyncio.create_task(self.simulator.run(), name="pexjoin-node-sim"))

    async def stop(self) -> None:
        self.close_streams()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        self._loop = None

    def close_streams(self) -> None:
        """End every open event stream (participants stay); lets a server stop at once."""
        for conference in self.conferences.values():
            for stream in list(conference.streams):
                conference.close_stream(stream)

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(TICK)
            try:
                self.fire_due(time.monotonic())
            except Exception:
                logger.exception("a node timer failed")

    def fire_due(self, now: float) -> None:
        for kind, key, participant_uuid in self.deadlines.due(now):
            conference = self.conferences.get(key)
            if conference is not None:
                conference.fire(kind, participant_uuid, now)

    # --- driving the node from tests (run these on the server loop) ---------------------

    def _check_thread(self) -> None:
        loop = self._loop
        if loop is None or not loop.is_running():
            return
        try:
            current = asyncio.get_running_loop()
        except RuntimeError:
            current = None
        if current is not loop:
            raise RuntimeError("Node state lives on the server loop: use NodeServer.call(...)")

    def add_person(
        self,
        alias: str,
        display_name: str,
        role: str = GUEST,
        protocol: str = "webrtc",
        **details: Any,
    ) -> str:
        """A simulated participant joins (admission rules apply); returns its uuid."""
        self._check_thread()
        conference = self.conference(alias)
        participant = conference.join(
            display_name,
            role,
            protocol,
            uuid=make_uuid(self.random),
            simulated=True,
            bypass_lock=role != GUEST and conference.meeting.host_pin is not None,
            **details,
        )
        return participant.uuid

    def update_person(self, alias: str, uuid: str, **changes: Any) -> None:
        """Change a participant: muted=, buzz=, spotlight=, presenting=, role=, ..."""
        self._check_thread()
        conference = self.conference(alias)
        conference.update(conference.participants[uuid], **changes)

    def remove_person(self, alias: str, uuid: str) -> None:
        """The participant leaves (participant_delete to the others)."""
        self._check_thread()
        self.conference(alias).leave(uuid)

    def say(self, alias: str, uuid: str, text: str) -> None:
        """The participant sends `text` to the whole conference."""
        self._check_thread()
        conference = self.conference(alias)
        conference.chat(conference.participants[uuid], "text/plain", text)

    def kick(self, alias: str, uuid: str, reason: str = DISCONNECTED_BY_PARTICIPANT) -> None:
        """`disconnect` with `reason` to the participant, then it is removed."""
        self._check_thread()
        self.conference(alias).leave(uuid, reason)

    def admit_person(self, alias: str, uuid: str) -> None:
        """Let a waiting participant into the conference, as a host's `unlock` would."""
        self._check_thread()
        conference = self.conference(alias)
        conference.admit(conference.participants[uuid])

    def expire_token_now(self, uuid: str) -> bool:
        """Eject a participant as if its newest token had expired; False if not found."""
        self._check_thread()
        for conference in self.conferences.values():
            if uuid in conference.participants:
                return conference.expire(uuid)
        return False
