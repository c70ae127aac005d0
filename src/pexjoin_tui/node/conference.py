"""One conference's state and rules: admission, waiting room, hosts, chat, tokens, events.

Everything here runs on the server loop; nothing awaits, so each method is atomic with
respect to the event streams (a connecting stream never misses or doubles an event).
"""

from __future__ import annotations

import time
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any

from .events import EventStream, frame, participant_frame
from .meetings import Meeting
from .participant import CHAIR, CONFERENCE, GUEST, WAITING_ROOM, Participant
from .records import ChatRecord, Journal
from .timers import Deadlines
from .tokens import TokenRecord, new_token
from .wire import HOST_WAIT_TIMEOUT, HOSTS_DEPARTED, TOKEN_EXPIRED

STAGE_SIZE = 8

# Friendly names accepted by Conference.update (and Node.update_person).
_FLAGS = {
    "muted": "muted",
    "client_muted": "client_muted",
    "video_muted": "video_muted",
    "presenting": "presenting",
    "audio_only": "audio_only",
}
_TIMES = {"buzz": "buzz_time", "spotlight": "spotlight"}


@dataclass
class Settings:
    expires: int = 120
    ping_interval: float = 10.0
    host_wait_timeout: float = 900.0
    host_departed_grace: float = 60.0
    # Tiny, so tests with 2-3 s tokens stay fast; the JS SDK itself allows +5 s.
    expiry_grace: float = 0.5


class Conference:
    def __init__(
        self, meeting: Meeting, settings: Settings, journal: Journal, deadlines: Deadlines
    ) -> None:
        self.meeting = meeting
        self.key = meeting.alias.casefold()
        self.settings = settings
        self.journal = journal
        self.deadlines = deadlines
        self.participants: dict[str, Participant] = {}
        self.streams: set[EventStream] = set()
        self.tokens: dict[str, TokenRecord] = {}
        self.waiting: dict[str, Participant] = {}
        self.locked = meeting.locked
        self.guests_muted = False
        self.guests_can_unmute = False
        self.started = not meeting.waits_for_host
        self.departed_deadline: float | None = None

    @property
    def alias(self) -> str:
        return self.meeting.alias

    @property
    def name(self) -> str:
        return self.meeting.name

    def status(self) -> dict[str, Any]:
        return {
            "locked": self.locked,
            "guests_muted": self.guests_muted,
            "started": self.started,
            "all_muted": False,
            "presentation_allowed": True,
            "direct_media": False,
            "live_captions_available": False,
            "breakout_rooms": False,
            "guests_can_unmute": self.guests_can_unmute,
            "guests_can_present": True,
        }

    def hosts_present(self) -> bool:
        return any(p.is_host and not p.waiting for p in self.participants.values())

    # --- events -------------------------------------------------------------------------

    def broadcast(self, item: bytes, skip: str | None = None) -> None:
        for stream in self.streams:
            if stream.participant_uuid != skip:
                stream.push(item)

    def send_to(self, participant_uuid: str, item: bytes) -> None:
        for stream in self.streams:
            if stream.participant_uuid == participant_uuid:
                stream.push(item)

    def _status_changed(self) -> None:
        self.broadcast(frame("conference_update", self.status()))

    def _participant_changed(self, participant: Participant) -> None:
        participant.changed()
        if self.streams:
            self.broadcast(participant_frame("participant_update", participant.json()))

    def stage(self) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        for participant in self.participants.values():
            if participant.has_media and not participant.waiting:
                entries.append(
                    {"participant_uuid": participant.uuid, "stage_index": len(entries), "vad": 0}
                )
                if len(entries) == STAGE_SIZE:
                    break
        return entries

    def burst(self) -> list[bytes]:
        """The frames every new `/events` connection starts with (reference section 4)."""
        frames = [
            frame("conference_update", self.status()),
            frame("participant_sync_begin", None),
        ]
        frames.extend(participant.create_frame() for participant in self.participants.values())
        frames.append(frame("participant_sync_end", None))
        frames.append(frame("stage", self.stage()))
        return frames

    def open_stream(self, participant: Participant) -> tuple[EventStream, list[bytes]]:
        stream = EventStream(participant.uuid)
        burst = self.burst()
        self.streams.add(stream)
        return stream, burst

    def close_stream(self, stream: EventStream) -> None:
        stream.close()
        self.streams.discard(stream)

    # --- membership ---------------------------------------------------------------------

    def join(
        self,
        display_name: str,
        role: str,
        protocol: str,
        *,
        bypass_lock: bool = False,
        uuid: str | None = None,
        simulated: bool = False,
        **details: Any,
    ) -> Participant:
        """Add a participant; held in the waiting room when locked out or waiting for a host.

        `bypass_lock` is for hosts who used the host PIN: they pass a lock (section 11).
        """
        participant = Participant(
            uuid=uuid or str(uuidlib.uuid4()),
            display_name=display_name,
            role=role,
            protocol=protocol,
            local_alias=self.alias,
            simulated=simulated,
            **details,
        )
        held = self.locked and not bypass_lock
        needs_host = self.meeting.waits_for_host and not self.started and role == GUEST
        if held or needs_host:
            participant.service_type = WAITING_ROOM
            participant.held_by_lock = held
            participant.wait_deadline = time.monotonic() + self.settings.host_wait_timeout
            self.deadlines.schedule(participant.wait_deadline, ("wait", self.key, participant.uuid))
            self.waiting[participant.uuid] = participant
        if role == GUEST and self.guests_muted:
            participant.muted = True
        self.participants[participant.uuid] = participant
        if self.streams:  # serialise lazily: seeding 20,000 people must not build 20,000 frames
            self.broadcast(participant.create_frame())
        if participant.is_host and not participant.waiting:
            self._hosts_changed()
        return participant

    def leave(self, participant_uuid: str, reason: str | None = None) -> Participant | None:
        """Remove a participant: `disconnect` (when a reason is given) and end of stream for it,
        `participant_delete` for the others, and its tokens are void."""
        participant = self.participants.pop(participant_uuid, None)
        if participant is None:
            return None
        self.waiting.pop(participant_uuid, None)
        for token in participant.tokens:
            self.tokens.pop(token, None)
        participant.tokens = []
        participant.token_deadline = None
        for stream in [s for s in self.streams if s.participant_uuid == participant_uuid]:
            if reason is not None:
                stream.push(frame("disconnect", {"reason": reason}))
            self.close_stream(stream)
        self.broadcast(frame("participant_delete", {"uuid": participant_uuid}))
        if not self.participants:
            self._reset()
        elif participant.is_host and not participant.waiting:
            self._hosts_changed()
        return participant

    def end(self, reason: str) -> None:
        """Everyone out at once (`disconnect` of the whole conference)."""
        for stream in list(self.streams):
            stream.push(frame("disconnect", {"reason": reason}))
            self.close_stream(stream)
        self.participants.clear()
        self.waiting.clear()
        self.tokens.clear()
        self._reset()

    def _reset(self) -> None:
        # An empty conference ends; the next one starts from the meeting's configuration.
        self.locked = self.meeting.locked
        self.guests_muted = False
        self.guests_can_unmute = False
        self.started = not self.meeting.waits_for_host
        self.departed_deadline = None

    def _hosts_changed(self) -> None:
        if not self.meeting.waits_for_host:
            return
        if self.hosts_present():
            self.departed_deadline = None
            if not self.started:
                self.started = True
                self._status_changed()
            self._release_waiting()
        elif self.started and self.departed_deadline is None and self.participants:
            self.departed_deadline = time.monotonic() + self.settings.host_departed_grace
            self.deadlines.schedule(self.departed_deadline, ("departed", self.key, ""))

    def admit(self, participant: Participant) -> None:
        if self.waiting.pop(participant.uuid, None) is None:
            return
        participant.held_by_lock = False
        participant.wait_deadline = None
        participant.service_type = CONFERENCE
        self._participant_changed(participant)
        if participant.is_host:
            self._hosts_changed()

    def _release_waiting(self) -> None:
        for participant in list(self.waiting.values()):
            if participant.held_by_lock:
                continue
            if self.meeting.waits_for_host and not self.started and not participant.is_host:
                continue
            self.admit(participant)

    # --- tokens -------------------------------------------------------------------------

    def issue_token(self, participant: Participant) -> str:
        """A new token; older ones stay valid until their own expiry (section 11)."""
        now = time.monotonic()
        token = new_token()
        expires_at = now + self.settings.expires
        self.tokens[token] = TokenRecord(participant.uuid, expires_at)
        alive = []
        for old in participant.tokens:
            record = self.tokens.get(old)
            if record is not None and record.valid(now):
                alive.append(old)
            else:
                self.tokens.pop(old, None)
        participant.tokens = [*alive, token]
        participant.token_deadline = expires_at
        self.deadlines.schedule(
            expires_at + self.settings.expiry_grace, ("token", self.key, participant.uuid)
        )
        return token

    def authenticate(self, token: str) -> Participant | None:
        record = self.tokens.get(token)
        if record is None or not record.valid(time.monotonic()):
            return None
        return self.participants.get(record.participant_uuid)

    # --- controls -----------------------------------------------------------------------

    def set_locked(self, locked: bool) -> None:
        if locked == self.locked:
            return
        self.locked = locked
        self._status_changed()
        if not locked:
            # Unlocking admits everyone held by the lock (unless still waiting for a host).
            for participant in self.waiting.values():
                participant.held_by_lock = False
            self._release_waiting()

    def set_guests_muted(self, muted: bool) -> None:
        changed = muted != self.guests_muted
        self.guests_muted = muted
        for participant in self.participants.values():
            if participant.role == GUEST and participant.muted != muted:
                participant.muted = muted
                self._participant_changed(participant)
        if changed:
            self._status_changed()

    def set_guests_can_unmute(self, allowed: bool) -> None:
        if allowed != self.guests_can_unmute:
            self.guests_can_unmute = allowed
            self._status_changed()

    def start(self) -> None:
        """`start_conference`: lets guests out of the waiting room."""
        if not self.started:
            self.started = True
            self._status_changed()
        self._release_waiting()

    def update(self, participant: Participant, **changes: Any) -> None:
        """Change participant fields and tell everyone (one participant_update).

        Accepts muted, client_muted, video_muted, presenting, audio_only (bools),
        buzz, spotlight (True sets the time now unless already set, False clears it),
        spoke (True: spoke just now),
        display_name and role ("chair"/"guest").
        """
        dirty = False
        for name, value in changes.items():
            if name in _FLAGS:
                new: Any = bool(value)
                attribute = _FLAGS[name]
            elif name in _TIMES:
                attribute = _TIMES[name]
                current = getattr(participant, attribute)
                new = (current or time.time()) if value else 0.0
            elif name == "spoke":
                attribute, new = "last_spoken_time", time.time() if value else 0.0
            elif name == "display_name":
                attribute, new = name, str(value)
            elif name == "role":
                if value not in (CHAIR, GUEST):
                    raise ValueError(f"role must be {CHAIR!r} or {GUEST!r}")
                attribute, new = name, value
            else:
                raise TypeError(f"unknown participant change {name!r}")
            if getattr(participant, attribute) != new:
                setattr(participant, attribute, new)
                dirty = True
        if not dirty:
            return
        self._participant_changed(participant)
        if "role" in changes:
            self._hosts_changed()

    def chat(
        self, sender: Participant, kind: str, payload: str, target: Participant | None = None
    ) -> None:
        """Deliver a message: never echoed to the sender; direct ones only to the target."""
        item = frame(
            "message_received",
            {
                "origin": sender.display_name,
                "uuid": sender.uuid,
                "type": kind,
                "payload": payload,
                "direct": target is not None,
            },
        )
        if target is None:
            self.broadcast(item, skip=sender.uuid)
        else:
            self.send_to(target.uuid, item)
        self.journal.messages.append(
            ChatRecord(
                alias=self.alias,
                origin=sender.display_name,
                sender_uuid=sender.uuid,
                type=kind,
                payload=payload,
                direct_to=target.uuid if target is not None else None,
            )
        )

    # --- deadlines ----------------------------------------------------------------------

    def fire(self, kind: str, participant_uuid: str, now: float) -> None:
        """A deadline came due; act only if it is still the current one."""
        if kind == "token":
            participant = self.participants.get(participant_uuid)
            deadline = participant.token_deadline if participant is not None else None
            if deadline is not None and deadline + self.settings.expiry_grace <= now:
                self.expire(participant_uuid)
        elif kind == "wait":
            participant = self.waiting.get(participant_uuid)
            deadline = participant.wait_deadline if participant is not None else None
            if deadline is not None and deadline <= now:
                self.leave(participant_uuid, HOST_WAIT_TIMEOUT)
        elif kind == "departed" and self._departed_due(now):
            self.departed_deadline = None
            for participant in [p for p in self.participants.values() if not p.is_host]:
                self.leave(participant.uuid, HOSTS_DEPARTED)
            if self.participants and not self.hosts_present():
                self.started = False
                self._status_changed()

    def _departed_due(self, now: float) -> bool:
        return self.departed_deadline is not None and self.departed_deadline <= now

    def expire(self, participant_uuid: str) -> bool:
        if self.leave(participant_uuid, TOKEN_EXPIRED) is None:
            return False
        self.journal.expired.append(participant_uuid)
        return True
