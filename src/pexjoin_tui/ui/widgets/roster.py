"""The participant list: a DataTable updated in place by participant uuid."""

from __future__ import annotations

import time

from rich.text import Text
from textual.widgets import DataTable

from pexjoin_tui.infinity import Participant
from pexjoin_tui.session import Roster, RosterDelta

from ..text import clean

COLUMNS = (
    ("name", "Name"),
    ("role", "Role"),
    ("audio", "Audio"),
    ("status", "Status"),
    ("via", "Via"),
    ("joined", "Joined"),
)

Cells = tuple[str, ...]


class NameCell(Text):
    """The name cell also carries the row's place in the list, so DataTable.sort can use it."""

    order: tuple[object, ...] = ()


def order_of(participant: Participant) -> tuple[object, ...]:
    # People waiting to be let in and raised hands first (earliest hand first), then hosts.
    return (
        not participant.waiting,
        not participant.hand_raised,
        participant.buzz_time,
        not participant.is_host,
        clean(participant.display_name).casefold(),
        participant.uuid,
    )


def status_of(participant: Participant) -> str:
    words = []
    if participant.waiting:
        words.append("waiting")
    if participant.hand_raised:
        words.append("hand up")
    if participant.is_presenting:
        words.append("presenting")
    if participant.spotlighted:
        words.append("spotlight")
    return ", ".join(words)


def joined_at(start_time: float) -> str:
    if start_time <= 0:
        return ""
    return time.strftime("%H:%M", time.localtime(start_time))


def cells_of(participant: Participant, self_uuid: str | None) -> Cells:
    name = clean(participant.display_name or participant.uri or "(no name)", 60)
    if participant.uuid == self_uuid:
        name += " (you)"
    return (
        name,
        "host" if participant.is_host else "guest",
        "muted" if participant.is_muted else "",
        status_of(participant),
        clean(participant.protocol, 8),
        joined_at(participant.start_time),
    )


class RosterTable(DataTable[Text]):
    """Rows keyed by uuid; only changed cells are touched, so the cursor stays put."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._shown: dict[str, Cells] = {}

    def on_mount(self) -> None:
        for key, label in COLUMNS:
            self.add_column(label, key=key)

    def show(self, roster: Roster, delta: RosterDelta, self_uuid: str | None) -> None:
        """Bring the table in line with `roster`, touching only what `delta` names."""
        if delta.reset:
            gone = self._shown.keys() - roster.participants.keys()
            present = roster.participants.keys()
        else:
            gone = delta.removed
            present = delta.added | delta.updated
        reorder = bool(gone)
        with self.app.batch_update():
            for uuid in gone:
                if self._shown.pop(uuid, None) is not None:
                    self.remove_row(uuid)
            for uuid in present:
                participant = roster.get(uuid)
                if participant is not None:
                    reorder |= self._put(participant, self_uuid)
            if reorder:
                self.sort("name", key=lambda name: name.order)

    def _put(self, participant: Participant, self_uuid: str | None) -> bool:
        """Add or update one row; True when its place in the order may have changed."""
        cells = cells_of(participant, self_uuid)
        name = NameCell(cells[0], no_wrap=True, overflow="ellipsis")
        name.order = order_of(participant)
        if participant.uuid == self_uuid:
            name.stylize("bold")
        before = self._shown.get(participant.uuid)
        self._shown[participant.uuid] = cells
        if before is None:
            self.add_row(name, *(Text(cell) for cell in cells[1:]), key=participant.uuid)
            return True
        changed = False
        for index, ((column, _), old, new) in enumerate(zip(COLUMNS, before, cells, strict=True)):
            if index == 0:
                # The name cell also holds the order; refresh it whenever anything moved.
                continue
            if old != new:
                self.update_cell(participant.uuid, column, Text(new), update_width=True)
                changed = True
        if changed or before[0] != cells[0]:
            self.update_cell(participant.uuid, "name", name, update_width=True)
            return True
        return False
