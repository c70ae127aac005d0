"""Something went wrong: a sentence, the #pex code when known, and what to do next."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from pexjoin_tui.session import Problem

from ..text import plain


class ErrorScreen(Screen[None]):
    BINDINGS = [
        Binding("r", "retry", "Retry"),
        Binding("escape,b", "back", "Back to the form"),
    ]

    def __init__(self, title: str, problem: Problem) -> None:
        super().__init__()
        self._title = title
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="error-box"):
            yield Static(plain(self._title, 100), classes="title")
            yield Static(plain(self.problem.message, 600), id="error-message")
            if self.problem.code:
                yield Static(plain(f"Pexip error code {self.problem.code}"), id="error-code")
            yield Static("r tries again, Esc goes back to the form, Ctrl+Q quits.", classes="hint")
        yield Footer()

    def action_retry(self) -> None:
        self.app.retry()  # type: ignore[attr-defined]

    def action_back(self) -> None:
        self.app.go_back()  # type: ignore[attr-defined]
