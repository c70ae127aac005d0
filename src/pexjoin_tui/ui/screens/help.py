"""F1: the keys that work right now, read from the live bindings so it never drifts."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

ABOUT = (
    "pexjoin-tui joins Pexip Infinity meetings as a control-only participant: no audio or "
    "video, just the participant list (chat and host controls come later)."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self._keys = keys

    def compose(self) -> ComposeResult:
        table = Text()
        for key, description in self._keys:
            table.append(f"{key:>16}  ", style="bold")
            table.append(f"{description}\n")
        with Vertical(id="help-box"):
            yield Static("Keys", classes="title")
            yield Static(table)
            yield Static(ABOUT, classes="hint")
            yield Static("Esc closes this help.", classes="hint")
