"""The PIN screen: required, or optional (blank joins as a guest)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from pexjoin_tui.session import Problem

from ..text import plain
from ..widgets.pin_input import PinInput


class PinScreen(Screen[None]):
    AUTO_FOCUS = "#pin"
    BINDINGS = [
        Binding("enter", "submit", "Join", show=True),
        Binding("escape", "back", "Back"),
        Binding("f2", "reveal", "Show/hide PIN"),
    ]

    def __init__(self, alias: str, *, optional: bool, problem: Problem | None = None) -> None:
        super().__init__()
        self.alias = alias
        self.optional = optional
        self._problem = problem

    def compose(self) -> ComposeResult:
        if self.optional:
            title = f"{self.alias} has a host PIN"
            lines = (
                "Hosts: type the host PIN.\n"
                "Guests: leave it blank and press Enter to join as a guest."
            )
            placeholder = "Host PIN, or blank to join as a guest"
        else:
            title = f"{self.alias} needs a PIN"
            lines = (
                "Type the PIN you were given. The host PIN makes you a host;\n"
                "the guest PIN makes you a guest."
            )
            placeholder = "PIN (digits, may end with #)"
        with Center(), Vertical(id="pin-box"):
            yield Static(plain(title, 100), classes="title")
            yield Static(lines, id="pin-help")
            yield PinInput(placeholder=placeholder, id="pin")
            yield Static("", id="pin-error", classes="field-error")
            yield Static(
                ("PIN optional" if self.optional else "PIN required") + " · Enter joins",
                id="pin-kind",
                classes="hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.show_problem(self._problem)

    def show_problem(self, problem: Problem | None) -> None:
        self._problem = problem
        # The #pex code of a wrong PIN says nothing a person needs here; the sentence does.
        self._say(problem.message if problem else "")
        if problem is not None:
            field = self.query_one("#pin", PinInput)
            field.value = ""
            field.focus()

    def _say(self, message: str) -> None:
        line = self.query_one("#pin-error", Static)
        line.update(plain(message, 300))
        line.display = bool(message)

    def set_busy(self, busy: bool) -> None:
        field = self.query_one("#pin", PinInput)
        field.disabled = busy
        if busy:
            self._say("Checking the PIN…")
        else:
            field.focus()

    @on(Input.Submitted, "#pin")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        field = self.query_one("#pin", PinInput)
        if field.disabled:
            return
        if not field.value.strip() and not self.optional:
            self._say("This meeting needs a PIN. Type it, or press Esc to go back.")
            return
        # Hand the PIN over and forget it here, so it does not linger in the widget; busy at
        # once, so a second Enter cannot send a blank (guest) PIN behind the real one.
        if self.app.submit_pin(field.value):  # type: ignore[attr-defined]
            field.value = ""
            self.set_busy(True)

    def action_back(self) -> None:
        self.app.go_back()  # type: ignore[attr-defined]

    def action_reveal(self) -> None:
        field = self.query_one("#pin", PinInput)
        field.password = not field.password
