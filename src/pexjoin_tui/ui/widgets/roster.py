"""The participant list: a line-rendered view, updated in place by participant uuid.

Textual's DataTable redraws every visible cell after any change, which froze the UI under a
flood of updates to thousands of people. This view renders only the visible lines and keeps
each row's rendered line until that row changes, so a redraw costs a few dictionary lookups.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Iterable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pexjoin_tui.infinity import Participant
from pexjoin_tui.session import Roster, RosterDelta

from ..text import clean

HEADERS = ("Name", "Role", "Audio", "Status", "Via", "Joined")
NAME_WIDTH = 40  # longer names are cut with an ellipsis
NAME_NARROWEST = 14  # below this the list scrolls sideways instead
GAP = "  "

Cells = tuple[str, ...]
Order = tuple[object, ...]


def order_of(participant: Participant) -> Order:
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


def fit(text: str, width: int) -> str:
    """Pad or cut `text` to exactly `width` terminal cells (wide characters included)."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class RosterView(ScrollView, can_focus=True):
    """Who is in the meeting, one line each, with a header and a cursor."""

    COMPONENT_CLASSES = {"roster--header", "roster--cursor", "roster--self"}
    DEFAULT_CSS = """
    RosterView {
        background: $surface;
    }
    RosterView > .roster--header {
        text-style: bold;
        background: $panel;
    }
    RosterView > .roster--cursor {
        text-style: reverse;
    }
    RosterView > .roster--self {
        text-style: bold;
    }
    """
    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(False)", "First", show=False),
        Binding("end", "edge(True)", "Last", show=False),
    ]

    cursor = reactive(0, always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._order: list[str] = []
        self._orders: dict[str, Order] = {}
        self._cells: dict[str, Cells] = {}
        self._strips: dict[str, tuple[object, Strip]] = {}
        self._widths: tuple[int, ...] = tuple(len(header) for header in HEADERS)
        self._natural: list[int] = [len(header) for header in HEADERS]
        self._self_uuid: str | None = None

    # -- what tests and screens read ---------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._order)

    def row_at(self, index: int) -> Cells:
        return self._cells[self._order[index]]

    @property
    def cursor_uuid(self) -> str | None:
        return self._order[self.cursor] if self._order else None

    # -- updates -----------------------------------------------------------------------------

    def show(self, roster: Roster, delta: RosterDelta, self_uuid: str | None) -> None:
        """Bring the view in line with `roster`, looking only at the rows `delta` names."""
        touched = (
            (self._cells.keys() | roster.participants.keys()) if delta.reset else delta.touched
        )
        self._self_uuid = self_uuid
        at_cursor = self.cursor_uuid
        reorder = False
        for uuid in touched:
            participant = roster.get(uuid)
            if participant is None:
                if self._cells.pop(uuid, None) is not None:
                    self._orders.pop(uuid, None)
                    self._strips.pop(uuid, None)
                    reorder = True
                continue
            cells = cells_of(participant, self_uuid)
            order = order_of(participant)
            if self._cells.get(uuid) != cells:
                self._cells[uuid] = cells
                self._strips.pop(uuid, None)
            if self._orders.get(uuid) != order:
                self._orders[uuid] = order
                reorder = True
        if reorder:
            self._order = sorted(self._cells, key=self._orders.__getitem__)
            self._measure()
        elif touched:
            self._measure(touched)
        self._resize_columns()
        # Keep the cursor on the same person as the list moves around them.
        if at_cursor in self._cells and reorder:
            self.cursor = self._index_of(at_cursor)
        else:
            self.cursor = min(self.cursor, max(len(self._order) - 1, 0))
        self.refresh()

    def _index_of(self, uuid: str) -> int:
        return bisect_left(self._order, self._orders[uuid], key=self._orders.__getitem__)

    def _measure(self, uuids: Iterable[str] | None = None) -> None:
        """Natural column widths from every row, or grown to fit just `uuids`."""
        if uuids is None:
            widths = [len(header) for header in HEADERS]
            rows: Iterable[Cells] = self._cells.values()
        else:
            widths = self._natural
            rows = (self._cells[uuid] for uuid in uuids if uuid in self._cells)
        for cells in rows:
            for column, text in enumerate(cells):
                widths[column] = max(widths[column], cell_len(text))
        self._natural = widths

    def _resize_columns(self) -> None:
        # The name gets whatever the other columns leave, within bounds.
        others = sum(self._natural[1:]) + len(GAP) * (len(HEADERS) - 1) + 2
        room = max(NAME_NARROWEST, self.size.width - others)
        widths = (min(self._natural[0], NAME_WIDTH, room), *self._natural[1:])
        if widths != self._widths:
            self._widths = widths
            self._strips.clear()
        line_width = sum(widths) + len(GAP) * (len(HEADERS) - 1) + 2
        self.virtual_size = Size(line_width, len(self._order) + 1)

    def on_resize(self) -> None:
        self._resize_columns()
        self.refresh()

    # -- drawing -----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        if y == 0:
            style = self.get_component_rich_style("roster--header")
            line = self._line(HEADERS, style)
        else:
            index = scroll_y + y - 1
            if index >= len(self._order):
                return Strip.blank(width, self.rich_style)
            uuid = self._order[index]
            line = self._row(uuid, index == self.cursor)
        return line.crop_extend(scroll_x, scroll_x + width, self.rich_style)

    def _row(self, uuid: str, at_cursor: bool) -> Strip:
        key = (at_cursor, self.has_focus, self._widths)
        cached = self._strips.get(uuid)
        if cached is not None and cached[0] == key:
            return cached[1]
        style = self.rich_style
        cells = self._cells[uuid]
        if uuid == self._self_uuid:
            style += self.get_component_rich_style("roster--self")
        if at_cursor:
            style += self.get_component_rich_style("roster--cursor")
        strip = self._line(cells, style)
        self._strips[uuid] = (key, strip)
        return strip

    def _line(self, cells: Cells, style: Style) -> Strip:
        fitted = (fit(cell, width) for cell, width in zip(cells, self._widths, strict=True))
        text = " " + GAP.join(fitted) + " "
        return Strip([Segment(text, style)], cell_len(text))

    # -- moving around -----------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        for index in (old, new):
            if 0 <= index < len(self._order):
                self._strips.pop(self._order[index], None)
        self._scroll_to_cursor()
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        visible = max(self.size.height - 1, 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)

    def _clamp(self, index: int) -> int:
        return max(0, min(index, len(self._order) - 1))

    def action_move(self, step: int) -> None:
        self.cursor = self._clamp(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self.cursor = self._clamp(self.cursor + direction * max(self.size.height - 2, 1))

    def action_edge(self, last: bool) -> None:
        self.cursor = self._clamp(len(self._order) - 1 if last else 0)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.cursor = self._clamp(int(self.scroll_y) + event.y - 1)
