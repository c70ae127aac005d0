"""The App: owns the session, runs its work in App-level workers, routes states to screens."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Awaitable, Callable
from pathlib import Path

from pydantic import SecretStr
from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from pexjoin_tui.config import Settings, save_settings
from pexjoin_tui.infinity import AddressError, parse_node_address
from pexjoin_tui.session import (
    PIN_STATES,
    ConnectionState,
    Problem,
    Session,
    SessionUpdate,
    StateChanged,
    Target,
)

from .messages import SessionUpdated
from .screens.conference import ConferenceScreen
from .screens.connecting import ConnectingScreen
from .screens.error import ErrorScreen
from .screens.help import HelpScreen
from .screens.join import JoinScreen, SampleMeeting
from .screens.pin import PinScreen

log = logging.getLogger(__name__)


class PexjoinApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "pexjoin-tui"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        # In a terminal client Ctrl+C means "get me out", and out means leaving cleanly.
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("f1", "help", "Help"),
    ]

    def __init__(
        self,
        session: Session,
        *,
        settings: Settings | None = None,
        settings_file: Path | None = None,
        samples: list[SampleMeeting] | None = None,
        target: Target | None = None,
        join_now: bool = False,
        preset_pin: SecretStr | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.settings = settings or Settings()
        self._settings_file = settings_file
        self.samples = samples or []
        self._target = target or Target(
            self.settings.node, self.settings.alias, self.settings.display_name
        )
        self._join_now = join_now
        self._preset_pin = preset_pin
        self._quitting = False
        self._unsubscribe = session.subscribe(self._forward)

    def _forward(self, update: SessionUpdate) -> None:
        # Session updates join Textual's message queue, so handlers run in order, on the UI.
        self.post_message(SessionUpdated(update))

    async def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            try:
                loop.add_signal_handler(number, self._signalled, number)
            except (NotImplementedError, RuntimeError, ValueError):
                log.debug("cannot handle signal %s here", number)
        await self.push_screen(JoinScreen(self._target, self.samples, self.settings.recent))
        if self._join_now:
            self.join(self._target, self._preset_pin)

    def _signalled(self, number: int) -> None:
        # Leave the meeting before anything else.
        if number == signal.SIGHUP:
            self.run_worker(self._hang_up(), name="hang-up", group="quit")
        else:
            self.run_worker(self.action_quit(), name="quit", group="quit")

    async def _hang_up(self) -> None:
        """The terminal is gone: leave the meeting, then end at once.

        Textual's writer thread can block forever on a closed terminal (seen with a dialog
        open), and there is no screen left to restore, so the process ends without it.
        """
        self._quitting = True
        try:
            await self.session.close()
        finally:
            logging.shutdown()
            os._exit(0)

    # -- what screens ask for ----------------------------------------------------------------

    def join(self, target: Target, pin: SecretStr | None = None) -> None:
        if self._busy():
            return
        self._target = target
        if self._settings_file is not None:
            try:
                # Remember the address alone: a pasted meeting link may carry a PIN.
                node = str(parse_node_address(target.node))
            except AddressError:
                node = None  # the join fails and says why; nothing worth remembering
            if node is not None:
                self.settings.remember(node, target.alias, target.display_name)
                save_settings(self.settings, self._settings_file)
        self._run(
            lambda: self.session.join(target.node, target.alias, target.display_name, pin=pin)
        )

    def submit_pin(self, pin: str) -> bool:
        """Hand a PIN to the session; False when an earlier step is still running."""
        if self._busy():
            return False
        secret = SecretStr(pin)
        self._run(lambda: self.session.submit_pin(secret))
        return True

    def cancel_join(self) -> None:
        self.workers.cancel_group(self, "session")

    def retry(self) -> None:
        if self._busy():
            return
        if self.session.state is ConnectionState.ERROR:
            self._run(self.session.retry)
        elif self.session.state is ConnectionState.DISCONNECTED:
            self.join(self._target)

    def go_back(self) -> None:
        state = self.session.state
        if state is ConnectionState.CONNECTING:
            self.cancel_join()
        elif self._busy():
            return
        elif state in PIN_STATES or state is ConnectionState.ERROR:
            self._run(self.session.back)
        else:
            self.switch_screen(JoinScreen(self._target, self.samples, self.settings.recent))

    def leave(self) -> None:
        if not self._busy():
            self._run(self.session.leave)

    def _busy(self) -> bool:
        # One step at a time: a second Enter must not cancel (or race) the first one's request.
        return any(worker.group == "session" and not worker.is_finished for worker in self.workers)

    @work(group="session", exit_on_error=False)
    async def _run(self, step: Callable[[], Awaitable[None]]) -> None:
        await step()

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.group == "session":
            # A bug, not a network problem (the session turns those into states): say so
            # without a traceback, which could hold a PIN in its locals.
            error = event.worker.error
            log.error("session step failed: %s", type(error).__name__)
            self.switch_screen(
                ErrorScreen(
                    "Something went wrong",
                    Problem(
                        f"pexjoin-tui hit an internal error ({type(error).__name__}). "
                        "Press r to try again or Esc to start over."
                    ),
                )
            )

    # -- routing -----------------------------------------------------------------------------

    @on(SessionUpdated)
    async def _session_updated(self, message: SessionUpdated) -> None:
        update = message.update
        if self._quitting or not self.screen_stack:
            return  # no new screens while the app is going away
        if isinstance(update, StateChanged):
            # Wait for each switch to finish: states can follow each other faster than screens
            # mount (a PIN from the environment answers the challenge at once).
            await self._route(update)
            return
        # The conference screen keeps up even under the help or a question.
        for screen in reversed(self.screen_stack):
            if isinstance(screen, ConferenceScreen):
                screen.apply(update)
                break

    async def _route(self, changed: StateChanged) -> None:
        state = changed.state
        while isinstance(self.screen, ModalScreen) and len(self.screen_stack) > 1:
            await self.pop_screen()  # a dialog about the old state has no answer to give
        screen = self.screen
        session = self.session
        if isinstance(screen, PinScreen):
            # Checking a PIN happens on the PIN screen, and a wrong PIN stays there.
            if state is ConnectionState.CONNECTING:
                screen.set_busy(True)
                return
            if state in PIN_STATES and screen.optional == (state is ConnectionState.PIN_OPTIONAL):
                screen.set_busy(False)
                screen.show_problem(changed.problem)
                return
        target = session.target or self._target
        new: Screen[None]
        if state is ConnectionState.DISCONNECTED:
            new = JoinScreen(target, self.samples, self.settings.recent)
            if changed.previous is ConnectionState.CONNECTED:
                self.notify(f"You left {target.alias}.", markup=False)
        elif state is ConnectionState.CONNECTING:
            new = ConnectingScreen(target)
        elif state in PIN_STATES:
            new = PinScreen(
                target.alias,
                optional=state is ConnectionState.PIN_OPTIONAL,
                problem=changed.problem,
            )
        elif state is ConnectionState.CONNECTED:
            new = ConferenceScreen(session)
        else:
            title = (
                "You are no longer in the meeting"
                if changed.previous is ConnectionState.CONNECTED
                else "Could not join"
            )
            new = ErrorScreen(title, changed.problem or Problem("Something went wrong."))
        await self.switch_screen(new)

    # -- keys --------------------------------------------------------------------------------

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        keys: list[tuple[str, str]] = []
        seen: set[str] = set()
        for active in self.active_bindings.values():
            binding = active.binding
            if binding.show and binding.description and binding.description not in seen:
                seen.add(binding.description)
                keys.append(
                    (binding.key_display or self.get_key_display(binding), binding.description)
                )
        keys += [
            ("Tab / Shift+Tab", "Next / previous field"),
            ("↑ ↓  j k", "Move in a list"),
            ("PgUp PgDn", "Page through a list"),
            ("Home End", "First / last in a list"),
        ]
        self.push_screen(HelpScreen(keys))

    async def action_quit(self) -> None:
        """Leave the meeting (release the token) before the app goes away."""
        if self._quitting:
            return
        self._quitting = True
        try:
            # close() stops any join in flight and releases whatever token it may still bring.
            await self.session.close()
        finally:
            self._unsubscribe()
            self.exit()
