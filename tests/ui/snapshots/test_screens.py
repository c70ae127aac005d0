"""SVG snapshots of every screen at 80x24 and 120x40, offline and deterministic.

Regenerate with `pytest tests/ui/snapshots --snapshot-update` and look at the SVGs before
committing them: a snapshot only guards what a person has judged to look right.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from pexjoin_tui.cli import describe_samples
from pexjoin_tui.infinity import (
    ConferenceNotFoundError,
    ConferenceStatus,
    InfinityError,
    NodeError,
    Participant,
    Token,
)
from pexjoin_tui.node import sample_meetings
from pexjoin_tui.session import (
    ConnectionState,
    Problem,
    RosterChanged,
    Session,
    StreamStatus,
    Target,
    Waiting,
)
from pexjoin_tui.ui import PexjoinApp
from pexjoin_tui.ui.messages import SessionUpdated
from pexjoin_tui.ui.screens.conference import ConferenceScreen
from pexjoin_tui.ui.screens.connecting import ConnectingScreen
from pexjoin_tui.ui.screens.error import ErrorScreen
from pexjoin_tui.ui.screens.pin import PinScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

TARGET = Target("node.example.com", "meet.pin", "Tess")
SELF_UUID = "00000000-0000-4000-8000-000000000001"
# 2026-01-05 09:00 UTC; everyone joined a few minutes apart.
MEETING_START = 1_767_603_600.0

SnapCompare = Callable[..., bool]
RunBefore = Callable[[Pilot[None]], Awaitable[None]]


@pytest.fixture(autouse=True)
def steady_screen(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Same pixels every run: UTC clock, no blinking cursor, a frozen loading indicator."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    # The indicator's dots are drawn from the time since mount: pin it to the first frame.
    monkeypatch.setattr("textual.widgets._loading_indicator.time", lambda: 0.0)
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def make_app(
    session: Session | None = None, *, target: Target = TARGET, samples: bool = True
) -> PexjoinApp:
    app = PexjoinApp(
        session or Session(),
        samples=describe_samples(sample_meetings()) if samples else [],
        target=target,
    )
    app.animation_level = "none"
    return app


def person(number: int, name: str, **fields: Any) -> Participant:
    data: dict[str, Any] = {
        "uuid": f"00000000-0000-4000-8000-{number:012d}",
        "display_name": name,
        "role": "guest",
        "protocol": "webrtc",
        "start_time": MEETING_START + 60 * number,
        **fields,
    }
    return Participant.model_validate(data)


def busy_session() -> Session:
    """A connected host in a meeting of eight, with every kind of row the roster can show."""
    session = Session()
    session.target = TARGET
    session.token = Token.model_validate(
        {
            "token": "fixed-token-for-snapshots",
            "participant_uuid": SELF_UUID,
            "display_name": "Tess",
            "role": "HOST",
            "conference_name": "Weekly design review",
        }
    )
    session.state = ConnectionState.CONNECTED
    session.conference = ConferenceStatus(started=True, guests_muted=True)
    session.roster.begin_sync()
    for participant in (
        person(1, "Tess", role="chair", protocol="api"),
        person(2, "Hannah Host", role="chair", is_presenting="YES"),
        person(3, "Alice Andersson", is_muted="YES", buzz_time=MEETING_START + 600, protocol="sip"),
        person(4, "Bob Builder", buzz_time=MEETING_START + 660, protocol="h323"),
        person(5, "[bold red]Mallory[/]", spotlight=MEETING_START + 300),
        person(6, "Walter Waiting", service_type="waiting_room"),
        person(
            7,
            "Meeting Room 4.12 (Polycom Studio X50, 4th floor east wing)",
            protocol="sip",
            is_muted="YES",
        ),
        person(8, "Dave on the phone", protocol="mssip"),
    ):
        session.roster.upsert(participant)
    session.roster.end_sync()
    return session


def waiting_session() -> Session:
    """A guest who left the optional PIN blank, waiting for a host to arrive."""
    session = Session()
    session.target = Target("node.example.com", "meet.hostpin", "Gus")
    session.token = Token.model_validate(
        {
            "token": "fixed-token-for-snapshots",
            "participant_uuid": SELF_UUID,
            "display_name": "Gus",
            "role": "GUEST",
            "conference_name": "Host PIN meeting",
            "current_service_type": "waiting_room",
        }
    )
    session.state = ConnectionState.CONNECTED
    session.conference = ConferenceStatus()
    session.waiting = Waiting.FOR_HOST
    session.roster.begin_sync()
    session.roster.upsert(person(1, "Gus", service_type="waiting_room"))
    session.roster.upsert(person(2, "Greta Guest", service_type="waiting_room", protocol="sip"))
    session.roster.end_sync()
    return session


def on_conference(session: Session, *keys: str) -> RunBefore:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.switch_screen(ConferenceScreen(session))
        await pilot.pause()
        # The roster arrives as the live session delivers it: one delta after the sync burst.
        pilot.app.post_message(SessionUpdated(RosterChanged(session.roster.take_delta())))
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()

    return run_before


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()


# -- the join form ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_join_form_with_sample_meetings(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_join_form_with_validation_errors(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        screen = pilot.app.screen
        screen.query_one("#node", Input).value = "ftp://what ever"
        await pilot.pause()
        screen.action_join()  # type: ignore[attr-defined]
        await pilot.pause()

    app = make_app(target=Target("", "", ""))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


# -- joining ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_connecting(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.switch_screen(ConnectingScreen(TARGET))
        await pilot.pause()

    app = make_app()
    # The dots people see (with animations off it says "Loading..."); time is frozen above.
    app.animation_level = "full"
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_pin_required(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.switch_screen(PinScreen("meet.pin", optional=False))
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_pin_optional_after_a_wrong_pin(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    problem = Problem("That PIN is not right (wrong once). Check it and try again.", "#pex101")

    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.switch_screen(PinScreen("meet.hostpin", optional=True, problem=problem))
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


ERRORS = [
    pytest.param(ConferenceNotFoundError(), id="pex154"),
    # A typical sentence is longer than one line of the box.
    pytest.param(NodeError(503, "Out of resource"), id="pex114-long"),
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("error", ERRORS)
def test_error_with_pex_code(
    snap_compare: SnapCompare, size: tuple[int, int], error: InfinityError
) -> None:
    problem = Problem(error.message, error.code)

    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.switch_screen(ErrorScreen("Could not join", problem))
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


# -- in the meeting --------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_conference_roster(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=on_conference(busy_session()))


@pytest.mark.parametrize("size", SIZES)
def test_conference_waiting_for_host(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=on_conference(waiting_session()))


@pytest.mark.parametrize("size", SIZES)
def test_conference_reconnecting(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    session = busy_session()
    session.stream = StreamStatus.RECONNECTING
    assert snap_compare(make_app(), terminal_size=size, run_before=on_conference(session))


@pytest.mark.parametrize("size", SIZES)
def test_help_over_the_conference(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(), terminal_size=size, run_before=on_conference(busy_session(), "f1")
    )


@pytest.mark.parametrize("size", SIZES)
def test_leave_confirmation(snap_compare: SnapCompare, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(), terminal_size=size, run_before=on_conference(busy_session(), "l")
    )
