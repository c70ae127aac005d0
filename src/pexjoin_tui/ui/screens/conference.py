"""In the meeting: who is there, live, with the connection status above them."""

from __future__ import annotations

import gc

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Static

from pexjoin_tui.session import (
    ConferenceChanged,
    RosterChanged,
    RosterDelta,
    Session,
    SessionUpdate,
    StreamChanged,
    StreamStatus,
    Waiting,
)

from ..text import clean
from ..widgets.roster import RosterView
from .confirm import ConfirmScreen

LARGE_ROSTER = 300

BANNERS = {
    Waiting.FOR_HOST: (
        "Waiting for the host. You are in the waiting room and will join the meeting "
        "when a host arrives."
    ),
    Waiting.FOR_ADMISSION: ("This meeting is locked. Waiting for a host to let you in."),
}


class ConferenceScreen(Screen[None]):
    AUTO_FOCUS = "#roster"
    BINDINGS = [Binding("l", "leave", "Leave")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._pending: RosterDelta | None = None
        self._frozen = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="conference-bar"):
            yield Static(id="conference-header")
            yield Static(id="connection-status")
        yield Static(id="waiting-banner")
        yield RosterView(id="roster")
        yield Footer()

    def on_mount(self) -> None:
        self._pending = RosterDelta(reset=True)
        self._show_roster()
        self._show_banner()

    def apply(self, update: SessionUpdate) -> None:
        if not self.is_mounted:
            return  # on_mount draws everything from the session
        match update:
            case RosterChanged(delta=delta):
                # Deltas are merged and a large roster is redrawn a few times a second at
                # most (re-sorting thousands of rows is the costly part), however fast the
                # events come.
                if self._pending is None:
                    self._pending = delta
                    large = len(self.session.roster) > LARGE_ROSTER
                    self.set_timer(0.25 if large else 0.02, self._show_roster)
                else:
                    self._pending = self._pending.merge(delta)
            case ConferenceChanged():
                self._show_header()
                self._show_banner()
            case StreamChanged():
                self._show_header()

    def _show_roster(self) -> None:
        delta, self._pending = self._pending, None
        if delta is not None:
            table = self.query_one(RosterView)
            table.show(self.session.roster, delta, self.session.self_uuid)
            self._show_header()
            if delta.reset and len(self.session.roster) > LARGE_ROSTER:
                # A big roster is long-lived: keep the cycle collector from rescanning it all
                # (a full pass over thousands of participants stalled the UI for ~150 ms).
                # Undone when the screen goes, so a left meeting can be freed.
                gc.freeze()
                self._frozen = True

    def on_unmount(self) -> None:
        if self._frozen:
            gc.unfreeze()

    def _show_header(self) -> None:
        session = self.session
        count = len(session.roster)
        header = Text(no_wrap=True, overflow="ellipsis")
        header.append(clean(session.conference_name, 60), style="bold")
        header.append(f"  ·  {'host' if session.is_host else 'guest'}")
        header.append(f"  ·  {count} {'person' if count == 1 else 'people'}")
        conference = session.conference
        if conference is not None and conference.locked:
            header.append("  ·  locked")
        if conference is not None and conference.guests_muted:
            header.append("  ·  guests muted")
        self.query_one("#conference-header", Static).update(header)
        # The connection status has a place of its own, so a narrow terminal never hides it.
        reconnecting = session.stream is StreamStatus.RECONNECTING
        status = self.query_one("#connection-status", Static)
        status.update(" Reconnecting… " if reconnecting else " live ")
        status.set_class(reconnecting, "-reconnecting")
        self.query_one(RosterView).set_class(reconnecting, "-stale")

    def _show_banner(self) -> None:
        banner = self.query_one("#waiting-banner", Static)
        text = BANNERS.get(self.session.waiting)
        banner.display = text is not None
        banner.update(text or "")

    def action_leave(self) -> None:
        def confirmed(leave: bool | None) -> None:
            if leave:
                self.app.leave()  # type: ignore[attr-defined]

        self.app.push_screen(ConfirmScreen("Leave the meeting?", "Leave", "Stay"), confirmed)
