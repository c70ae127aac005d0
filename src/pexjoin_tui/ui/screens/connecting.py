"""Shown while the node is asked for a token; Esc gives up."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static

from pexjoin_tui.session import Target

from ..text import plain


class ConnectingScreen(Screen[None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, target: Target) -> None:
        super().__init__()
        self._target = target

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="connecting"):
            yield Static(plain(f"Joining {self._target.alias}", 100), classes="title")
            yield Static(plain(f"Asking {self._target.node} for a place in the meeting…", 200))
            yield LoadingIndicator()
            yield Static("Esc cancels.", classes="hint")
        yield Footer()

    def action_cancel(self) -> None:
        self.app.cancel_join()  # type: ignore[attr-defined]
