"""The participant list, kept by uuid from the sync burst and live events.

Changes are collected rather than announced one by one, so the session can hand the UI one
delta for a whole burst of events.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pexjoin_tui.infinity import Participant


@dataclass(frozen=True)
class RosterDelta:
    """What changed since the last delta. `reset` means: redraw everything."""

    added: frozenset[str] = frozenset()
    updated: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    reset: bool = False

    def __bool__(self) -> bool:
        return self.reset or bool(self.added or self.updated or self.removed)

    @property
    def touched(self) -> frozenset[str]:
        return self.added | self.updated | self.removed

    def merge(self, later: RosterDelta) -> RosterDelta:
        """One delta for two in a row; whoever is named in either is looked at again."""
        return RosterDelta(
            added=(self.added - later.removed) | later.added,
            updated=(self.updated - later.removed) | later.updated,
            removed=(self.removed - later.added) | later.removed,
            reset=self.reset or later.reset,
        )


@dataclass
class Roster:
    participants: dict[str, Participant] = field(default_factory=dict)
    _syncing: dict[str, Participant] | None = None
    _added: set[str] = field(default_factory=set)
    _updated: set[str] = field(default_factory=set)
    _removed: set[str] = field(default_factory=set)
    _reset: bool = False

    def __len__(self) -> int:
        return len(self.participants)

    def __iter__(self) -> Iterator[Participant]:
        return iter(self.participants.values())

    def get(self, uuid: str) -> Participant | None:
        return self.participants.get(uuid)

    @property
    def syncing(self) -> bool:
        return self._syncing is not None

    def begin_sync(self) -> None:
        # The old list stays on screen until the new one is complete (a reconnect must not
        # flash an empty roster).
        self._syncing = {}

    def end_sync(self) -> None:
        if self._syncing is None:
            return
        self.participants = self._syncing
        self._syncing = None
        self._reset = True
        self._added.clear()
        self._updated.clear()
        self._removed.clear()

    def upsert(self, participant: Participant) -> None:
        if self._syncing is not None:
            self._syncing[participant.uuid] = participant
            return
        known = participant.uuid in self.participants
        self.participants[participant.uuid] = participant
        if known:
            if participant.uuid not in self._added:
                self._updated.add(participant.uuid)
        else:
            self._removed.discard(participant.uuid)
            self._added.add(participant.uuid)

    def remove(self, uuid: str) -> None:
        if self._syncing is not None:
            self._syncing.pop(uuid, None)
            return
        if self.participants.pop(uuid, None) is None:
            return
        if uuid in self._added:
            self._added.discard(uuid)
        else:
            self._removed.add(uuid)
        self._updated.discard(uuid)

    def clear(self) -> None:
        self.participants = {}
        self._syncing = None
        self._reset = True

    def take_delta(self) -> RosterDelta:
        delta = RosterDelta(
            added=frozenset(self._added),
            updated=frozenset(self._updated),
            removed=frozenset(self._removed),
            reset=self._reset,
        )
        self._added.clear()
        self._updated.clear()
        self._removed.clear()
        self._reset = False
        return delta
