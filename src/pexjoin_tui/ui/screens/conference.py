"""In the meeting: who is there, live, with the connection status above them."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
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
from ..widgets.roster import RosterTable
from .confirm import ConfirmScreen

BANNERS = {
    Waiting.FOR_HOST: (
        "Waiting for the host. You are in the waiting room and will join the meeting "
        "when a host arrives."
    ),
    Waiting.FOR_ADMISSION: (
        "This meeting is locked. Waiting for a host to let you in."
    ),
}


class ConferenceScreen(Screen[None]):
    AUTO_FOCUS = "#roster"
    BINDINGS = [Binding("l", "leave", "Leave")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(id="conference-header")
        yield Static(id="waiting-banner")
        yield RosterTable(id="roster")
        yield Footer()

    def on_mount(self) -> None:
        self.apply(RosterChanged(RosterDelta(reset=True)))
        self._show_header()
        self._show_banner()

    def apply(self, update: SessionUpdate) -> None:
        if not self.is_mounted:
            return  # on_mount draws everything from the session
        match update:
            case RosterChanged(delta=delta):
                table = self.query_one(RosterTable)
                table.show(self.session.roster, delta, self.session.self_uuid)
                self._show_header()
            case ConferenceChanged():
                self._show_header()
                self._show_banner()
            case StreamChanged():
                self._show_header()

    def _show_header(self) -> None:
        session = self.session
        count = len(session.roster)
        people = "1 participant" if count == 1 else f"{count} participants"
        role = "host" if session.is_host else "guest"
        header = Text(no_wrap=True, overflow="ellipsis")
        header.append(clean(session.conference_name, 60), style="bold")
        header.append(f"  ·  you are {role}  ·  {people}")
        conference = session.conference
        if conference is not None and conference.locked:
            header.append("  ·  locked")
        if conference is not None and conference.guests_muted:
            header.append("  ·  guests muted")
        if session.stream is StreamStatus.RECONNECTING:
            header.append("  ·  Reconnecting…", style="bold reverse")
        else:
            header.append("  ·  live")
        self.query_one("#conference-header", Static).update(header)

    def _show_banner(self) -> None:
        banner = self.query_one("#waiting-banner", Static)
        text = BANNERS.get(self.session.waiting)
        banner.display = text is not None
        banner.update(text or "")

    def action_leave(self) -> None:
        def confirmed(leave: bool | None) -> None:
            if leave:
                self.app.leave()  # type: ignore[attr-defined]

        self.app.push_screen(
            ConfirmScreen("Leave the meeting?", "Enter or y leaves, Esc or n stays."), confirmed
        )
