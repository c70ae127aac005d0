"""The join form: node, alias and display name, checked as they are typed."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Static

from pexjoin_tui.config import RecentMeeting
from pexjoin_tui.infinity import AddressError, alias_in_link, parse_node_address
from pexjoin_tui.session import Target

from ..text import plain


@dataclass(frozen=True)
class SampleMeeting:
    """A meeting of the emulated node, listed on the form in --demo."""

    alias: str
    pins: str
    about: str


class JoinScreen(Screen[None]):
    AUTO_FOCUS = "#node"
    BINDINGS = [Binding("enter", "join", "Join", show=True)]

    def __init__(
        self,
        target: Target | None,
        samples: list[SampleMeeting],
        recent: list[RecentMeeting] | None = None,
    ) -> None:
        super().__init__()
        self._target = target
        self._samples = samples
        # The list under the form: the demo's meetings, or else the ones joined lately.
        self._recent = [] if samples else (recent or [])
        self._choices: dict[str, tuple[str | None, str]] = {}

    def compose(self) -> ComposeResult:
        target = self._target or Target("", "", "")
        with VerticalScroll(id="join"):
            yield Static("Join a Pexip meeting", classes="title")
            for field, label, value, placeholder in (
                (
                    "node",
                    "Conference Node",
                    target.node,
                    "node.example.com, https://node:8443 or a meeting link",
                ),
                ("alias", "Conference alias", target.alias, "meet.alice@example.com"),
                ("name", "Display name", target.display_name, "Your name, as others see it"),
            ):
                with Horizontal(classes="field"):
                    yield Label(label, classes="label")
                    yield Input(value, placeholder=placeholder, id=field, max_length=200)
                yield Static("", id=f"{field}-error", classes="field-error")
            with Horizontal(classes="actions"):
                yield Button("Join", id="join-button", variant="primary", compact=True)
                yield Static("Tab moves between fields; Enter joins.", classes="hint")
            if self._samples:
                yield Static(
                    "Demo meetings (Enter on one fills in its alias):", classes="samples-title"
                )
                yield DataTable(id="samples", cursor_type="row", zebra_stripes=True)
            elif self._recent:
                yield Static(
                    "Recent meetings (Enter on one fills in node and alias):",
                    classes="samples-title",
                )
                yield DataTable(id="samples", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        if self._samples:
            table = self.query_one("#samples", DataTable)
            table.add_columns("Alias", "PINs", "What it shows")
            for sample in self._samples:
                self._choices[sample.alias] = (None, sample.alias)
                table.add_row(
                    plain(sample.alias), plain(sample.pins), plain(sample.about), key=sample.alias
                )
            table.styles.height = len(self._samples) + 1
        elif self._recent:
            table = self.query_one("#samples", DataTable)
            table.add_columns("Alias", "Node")
            for index, meeting in enumerate(self._recent):
                self._choices[str(index)] = (meeting.node, meeting.alias)
                table.add_row(plain(meeting.alias), plain(meeting.node), key=str(index))
            table.styles.height = len(self._recent) + 1
        # Put the cursor where typing is still needed.
        for field in ("node", "alias", "name"):
            widget = self.query_one(f"#{field}", Input)
            if not widget.value.strip():
                widget.focus()
                break
        else:
            self.query_one("#join-button").focus()

    @on(DataTable.RowSelected, "#samples")
    def _sample_chosen(self, event: DataTable.RowSelected) -> None:
        node, alias = self._choices[str(event.row_key.value)]
        if node is not None:
            self.query_one("#node", Input).value = node
        self.query_one("#alias", Input).value = alias
        name = self.query_one("#name", Input)
        name.focus()
        if name.value.strip():
            self.query_one("#join-button").focus()

    @on(Input.Changed)
    def _clear_error(self, event: Input.Changed) -> None:
        if event.input.id:
            self._show_error(event.input.id, "")

    def _show_error(self, field: str, message: str) -> None:
        error = self.query_one(f"#{field}-error", Static)
        error.update(plain(message, 300))
        error.display = bool(message)

    @on(Input.Blurred, "#node")
    def _node_left(self) -> None:
        self._take_link_apart()

    def _take_link_apart(self) -> None:
        """A pasted meeting link gives the alias; the node field keeps just the address, so a
        `?pin=` in the link is neither shown nor remembered."""
        node = self.query_one("#node", Input)
        alias = alias_in_link(node.value)
        if alias is None:
            return
        try:
            node.value = str(parse_node_address(node.value))
        except AddressError:
            return
        field = self.query_one("#alias", Input)
        if not field.value.strip():
            field.value = alias

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Enter in a field moves on to the next empty one, and joins from the last.
        event.stop()
        order = ["node", "alias", "name"]
        field = event.input.id or "name"
        if field == "node":
            self._take_link_apart()
        problem = self.problems().get(field)
        if problem:
            self._show_error(field, problem)
            return
        index = order.index(field)
        for field in order[index + 1 :]:
            widget = self.query_one(f"#{field}", Input)
            if not widget.value.strip():
                widget.focus()
                return
        self.action_join()

    @on(Button.Pressed, "#join-button")
    def _pressed(self) -> None:
        self.action_join()

    def problems(self) -> dict[str, str]:
        """What is wrong with the form, by field; empty when it can be sent."""
        node = self.query_one("#node", Input).value.strip()
        alias = self.query_one("#alias", Input).value.strip()
        name = self.query_one("#name", Input).value.strip()
        found: dict[str, str] = {}
        if not node:
            found["node"] = "Type the Conference Node's address, e.g. node.example.com."
        else:
            try:
                parse_node_address(node)
            except AddressError as error:
                found["node"] = error.message
        if not alias:
            found["alias"] = "Type the meeting's alias, e.g. meet.alice@example.com."
        if not name:
            found["name"] = "Type the name others will see in the participant list."
        return found

    def action_join(self) -> None:
        self._take_link_apart()
        found = self.problems()
        for field in ("node", "alias", "name"):
            self._show_error(field, found.get(field, ""))
        if found:
            first = next(field for field in ("node", "alias", "name") if field in found)
            self.query_one(f"#{first}", Input).focus()
            return
        target = Target(
            self.query_one("#node", Input).value.strip(),
            self.query_one("#alias", Input).value.strip(),
            self.query_one("#name", Input).value.strip(),
        )
        self.app.join(target)  # type: ignore[attr-defined]
