"""The session against the emulated node over loopback HTTP: joins, PINs, refresh, reconnect,
release. Assertions are on the session's state (what the UI shows) and on what the node saw."""

from __future__ import annotations

import asyncio
import socket

import pytest
from pydantic import SecretStr

from pexjoin_tui.session import (
    ConnectionState,
    Session,
    SessionUpdate,
    StateChanged,
    StreamChanged,
    StreamStatus,
    Timing,
    Waiting,
)
from tests.helpers import eventually

FAST = Timing(reconnect_first=0.05, reconnect_longest=0.2, roster_flush=0.01)


def in_meeting(node, alias: str) -> dict:
    return node.conference(alias).participants


def names(session: Session) -> set[str]:
    return {participant.display_name for participant in session.roster}


async def joined(session: Session, url: str, alias: str, name: str = "Tess") -> None:
    await session.join(url, alias, name)


async def test_open_meeting_joins_shows_roster_and_leaves(start_node) -> None:
    node, _, url = start_node()
    updates: list[SessionUpdate] = []
    session = Session(timing=FAST)
    session.subscribe(updates.append)
    await session.join(url, "meet.open", "Tess")
    assert session.state is ConnectionState.CONNECTED
    await eventually(lambda: "Tess" in names(session))
    uuid = session.self_uuid
    assert uuid in in_meeting(node, "meet.open")
    assert session.is_host  # no PIN at all: everyone is a host
    assert session.waiting is Waiting.NONE

    await session.leave()
    assert session.state is ConnectionState.DISCONNECTED
    assert node.released == [uuid]
    assert uuid not in in_meeting(node, "meet.open")
    states = [u.state for u in updates if isinstance(u, StateChanged)]
    assert states == [
        ConnectionState.CONNECTING,
        ConnectionState.CONNECTED,
        ConnectionState.DISCONNECTED,
    ]


@pytest.mark.parametrize(("pin", "host"), [("1234", True), ("5678", False)])
async def test_pin_required_host_and_guest(start_node, pin: str, host: bool) -> None:
    node, _, url = start_node()
    async with Session(timing=FAST) as session:
        await session.join(url, "meet.pin", "Tess")
        assert session.state is ConnectionState.PIN_REQUIRED
        await session.submit_pin(pin)
        assert session.state is ConnectionState.CONNECTED
        await eventually(lambda: session.me is not None)
        assert session.is_host is host
    # Leaving through the context manager released the token.
    assert len(node.released) == 1


async def test_wrong_pin_stays_on_the_pin_state_then_right_pin(start_node) -> None:
    _, _, url = start_node()
    async with Session(timing=FAST) as session:
        await session.join(url, "meet.pin", "Tess")
        await session.submit_pin("0000")
        assert session.state is ConnectionState.PIN_REQUIRED
        assert session.pin_attempts == 1
        assert session.problem is not None and session.problem.code == "#pex101"
        assert "0000" not in session.problem.message
        await session.submit_pin("9999")
        assert session.pin_attempts == 2
        assert "2 times" in session.problem.message
        await session.submit_pin("1234")
        assert session.state is ConnectionState.CONNECTED


async def test_blank_required_pin_is_not_sent(start_node) -> None:
    node, _, url = start_node()
    async with Session(timing=FAST) as session:
        await session.join(url, "meet.pin", "Tess")
        before = len(node.requests)
        await session.submit_pin("   ")
        assert session.state is ConnectionState.PIN_REQUIRED
        assert session.problem is not None and "needs a PIN" in session.problem.message
        assert len(node.requests) == before


async def test_optional_pin_blank_is_a_waiting_guest_until_a_host_arrives(start_node) -> None:
    node, server, url = start_node()
    async with Session(timing=FAST) as session:
        await session.join(url, "meet.hostpin", "Gus")
        assert session.state is ConnectionState.PIN_OPTIONAL
        await session.submit_pin("")
        assert session.state is ConnectionState.CONNECTED
        assert not session.is_host
        await eventually(lambda: session.waiting is Waiting.FOR_HOST)
        # The node saw `pin: none`, as Pexip's own clients send it.
        token_requests = [r for r in node.requests if r.path.endswith("/request_token")]
        assert token_requests[-1].pin_header_is_none

        server.call(lambda: node.add_person("meet.hostpin", "Hannah Host", role="chair"))
        await eventually(lambda: session.waiting is Waiting.NONE)
        await eventually(lambda: "Hannah Host" in names(session))


async def test_preset_pin_answers_the_challenge(start_node) -> None:
    _, _, url = start_node()
    async with Session(timing=FAST) as session:
        await session.join(url, "meet.pin", "Tess", pin=SecretStr("1234"))
        assert session.state is ConnectionState.CONNECTED
        assert session.is_host


async def test_unknown_conference_is_an_error_with_its_code(start_node) -> None:
    _, _, url = start_node()
    session = Session(timing=FAST)
    await session.join(url, "meet.nobody", "Tess")
    assert session.state is ConnectionState.ERROR
    assert session.problem is not None and session.problem.code == "#pex154"


async def test_node_down_is_an_error_that_says_so() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    session = Session(timing=FAST)
    await session.join(f"http://127.0.0.1:{port}", "meet.open", "Tess")
    assert session.state is ConnectionState.ERROR
    assert session.problem is not None
    assert "refused" in session.problem.message.lower()


async def test_lockout_after_too_many_wrong_pins(start_node) -> None:
    _, _, url = start_node(pin_attempts=3)
    async with Session(timing=FAST) as session:
        await session.join(url, "meet.pin", "Tess")
        for _ in range(3):
            await session.submit_pin("0000")
        await session.submit_pin("1234")
        assert session.state is ConnectionState.ERROR
        assert session.problem is not None and session.problem.code == "#pex192"


async def test_refresh_keeps_a_participant_in_across_several_lifetimes(start_node) -> None:
    node, _, url = start_node(expires=2)
    async with Session(timing=FAST) as session:
        await session.join(url, "meet.open", "Tess")
        await asyncio.sleep(6.5)  # more than three token lifetimes
        assert session.state is ConnectionState.CONNECTED
        assert session.self_uuid in in_meeting(node, "meet.open")
        assert node.expired == []
        refreshes = [r for r in node.requests if r.path.endswith("/refresh_token")]
        assert len(refreshes) >= 6


async def test_dropped_stream_reconnects_and_rebuilds_the_roster(start_node) -> None:
    node, server, url = start_node()
    updates: list[SessionUpdate] = []
    async with Session(timing=FAST) as session:
        session.subscribe(updates.append)
        await session.join(url, "meet.open", "Tess")
        await eventually(lambda: "Tess" in names(session))
        node.faults.drop_stream_after = 1
        server.call(lambda: node.add_person("meet.open", "Alice"))
        await eventually(
            lambda: any(
                isinstance(u, StreamChanged) and u.status is StreamStatus.RECONNECTING
                for u in updates
            )
        )
        node.faults.drop_stream_after = None
        await eventually(lambda: session.stream is StreamStatus.LIVE and "Alice" in names(session))
        assert session.state is ConnectionState.CONNECTED


async def test_removed_by_a_host_is_an_error_with_the_reason(start_node) -> None:
    node, server, url = start_node()
    session = Session(timing=FAST)
    await session.join(url, "meet.open", "Tess")
    uuid = session.self_uuid
    await eventually(lambda: session.me is not None)
    server.call(lambda: node.kick("meet.open", uuid))
    await eventually(lambda: session.state is ConnectionState.ERROR)
    assert session.problem is not None
    assert session.problem.code == "#pex124"
    assert "removed you" in session.problem.message
    assert not session.holding_token


async def test_an_exception_inside_the_session_block_still_releases(start_node) -> None:
    node, _, url = start_node()
    with pytest.raises(RuntimeError):
        async with Session(timing=FAST) as session:
            await session.join(url, "meet.open", "Tess")
            raise RuntimeError("the app crashed")
    assert len(node.released) == 1
    assert in_meeting(node, "meet.open") == {}


async def test_a_token_granted_after_the_person_gave_up_is_released(start_node) -> None:
    node, _, url = start_node()
    node.faults.late_answer = 1.0  # the node joins us, but its answer is slow
    session = Session(timing=FAST)
    joining = asyncio.create_task(session.join(url, "meet.open", "Tess"))
    await eventually(lambda: node.conference("meet.open").participants)
    joining.cancel()  # Esc on the connecting screen
    with pytest.raises(asyncio.CancelledError):
        await joining
    assert session.state is ConnectionState.DISCONNECTED
    await session.close()
    assert node.conference("meet.open").participants == {}
    assert len(node.released) == 1


async def test_closing_during_a_pin_check_releases_what_it_brings(start_node) -> None:
    node, _, url = start_node()
    session = Session(timing=FAST)
    await session.join(url, "meet.pin", "Tess")
    node.faults.late_answer = 1.0
    checking = asyncio.create_task(session.submit_pin("1234"))
    await eventually(lambda: node.conference("meet.pin").participants)
    await session.close()  # Ctrl+Q while the PIN is being checked
    assert checking.done()
    assert node.conference("meet.pin").participants == {}
    assert len(node.released) == 1


async def test_a_guest_join_does_not_reset_the_wrong_pin_count(start_node) -> None:
    _, _, url = start_node(pin_attempts=3)
    async with Session(timing=FAST) as session:
        await session.join(url, "meet.hostpin", "Tess")
        for attempt in range(3):
            await session.submit_pin("0000")
            if attempt == 1:
                await session.submit_pin("")  # joins as a guest...
                await session.leave()  # ...and leaves again
                await session.join(url, "meet.hostpin", "Tess")
        await session.submit_pin("1234")
        assert session.state is ConnectionState.ERROR
        assert session.problem is not None and session.problem.code == "#pex192"


def test_a_token_left_by_a_crashed_app_is_released_afterwards(start_node) -> None:
    node, _, url = start_node()
    session = Session(timing=FAST)
    # The app's event loop ends with the token still held, as after a crash.
    asyncio.run(session.join(url, "meet.open", "Tess"))
    assert session.holding_token
    asyncio.run(session.release_orphaned())
    assert node.conference("meet.open").participants == {}
    assert len(node.released) == 1
