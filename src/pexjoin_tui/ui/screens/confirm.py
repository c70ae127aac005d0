"""A yes/no question, with its answers in the footer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("enter,y", "answer(True)", "Yes", key_display="Enter/y"),
        Binding("escape,n", "answer(False)", "No", key_display="Esc/n"),
    ]

    def __init__(self, question: str, yes: str, no: str) -> None:
        super().__init__()
        self._question = question
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self._question, classes="title")
            yield Static(
                f"Enter or y: {self._yes.lower()}.  Esc or n: {self._no.lower()}.", classes="hint"
            )
        yield Footer()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
