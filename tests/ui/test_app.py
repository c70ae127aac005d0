"""The app driven with Pilot against the emulated node: what a person sees at each step."""

from __future__ import annotations

import asyncio
import socket

import pytest
from pydantic import SecretStr
from textual.widgets import Input, Static

from pexjoin_tui.config import Settings, load_settings
from pexjoin_tui.session import ConnectionState, Session, Target, Timing
from pexjoin_tui.ui import PexjoinApp
from pexjoin_tui.ui.screens.conference import ConferenceScreen
from pexjoin_tui.ui.screens.connecting import ConnectingScreen
from pexjoin_tui.ui.screens.error import ErrorScreen
from pexjoin_tui.ui.screens.join import JoinScreen
from pexjoin_tui.ui.screens.pin import PinScreen
from pexjoin_tui.ui.widgets.roster import RosterView
from tests.helpers import eventually

FAST = Timing(reconnect_first=0.05, reconnect_longest=0.2, roster_flush=0.01)


def make_app(url: str, alias: str, name: str = "Tess", *, join_now: bool = True) -> PexjoinApp:
    return PexjoinApp(Session(timing=FAST), target=Target(url, alias, name), join_now=join_now)


def text_of(app: PexjoinApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def roster_names(app: PexjoinApp) -> list[str]:
    view = app.screen.query_one(RosterView)
    return [view.row_at(index)[0] for index in range(view.row_count)]


def roster_row(app: PexjoinApp, name: str) -> list[str]:
    view = app.screen.query_one(RosterView)
    for index in range(view.row_count):
        row = list(view.row_at(index))
        if row[0] == name:
            return row
    raise AssertionError(f"{name!r} not in {roster_names(app)}")


async def on_screen(app: PexjoinApp, kind: type, timeout: float = 5.0) -> None:
    await eventually(lambda: isinstance(app.screen, kind) and app.screen.is_mounted, timeout)


async def test_typing_the_form_joins_an_open_meeting(start_node) -> None:
    node, _, url = start_node()
    app = make_app("", "", "", join_now=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await on_screen(app, JoinScreen)
        await pilot.press("enter")  # empty form: errors, no request
        assert "Conference Node" in text_of(app, "#node-error")
        app.screen.query_one("#node", Input).focus()
        await pilot.press(*url, "enter", *"meet.open", "enter", *"Tess", "enter")
        await on_screen(app, ConferenceScreen)
        await eventually(lambda: "Tess (you)" in roster_names(app))
        header = text_of(app, "#conference-header")
        assert "meet.open" in header or "Open" in header
        assert "·  host  ·" in header and "1 person" in header
        await app.action_quit()
    assert len(node.released) == 1


async def test_junk_node_address_is_refused_inline(start_node) -> None:
    app = make_app("", "", "", join_now=False)
    async with app.run_test() as pilot:
        await on_screen(app, JoinScreen)
        app.screen.query_one("#node", Input).value = "ftp://what ever"
        app.screen.query_one("#alias", Input).value = "meet.open"
        app.screen.query_one("#name", Input).value = "Tess"
        await pilot.pause()
        app.screen.action_join()
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen)
        assert text_of(app, "#node-error")


@pytest.mark.parametrize(("pin", "role"), [("1234", "host"), ("5678", "guest")])
async def test_pin_required_with_host_and_guest_pin(start_node, pin: str, role: str) -> None:
    _, _, url = start_node()
    app = make_app(url, "meet.pin")
    async with app.run_test() as pilot:
        await on_screen(app, PinScreen)
        assert "PIN required" in text_of(app, "#pin-kind")
        await pilot.press(*pin, "enter")
        await on_screen(app, ConferenceScreen)
        await eventually(lambda: f"·  {role}  ·" in text_of(app, "#conference-header"))
        await eventually(lambda: roster_row(app, "Tess (you)")[1] == role)


async def test_wrong_pin_keeps_the_screen_then_the_right_one_joins(start_node) -> None:
    _, _, url = start_node()
    app = make_app(url, "meet.pin")
    async with app.run_test() as pilot:
        await on_screen(app, PinScreen)
        pin_screen = app.screen
        await pilot.press(*"1111", "enter")
        await eventually(lambda: "not right" in text_of(app, "#pin-error"))
        assert app.screen is pin_screen
        assert "wrong once" in text_of(app, "#pin-error")
        await pilot.press(*"2222", "enter")
        await eventually(lambda: "wrong 2 times" in text_of(app, "#pin-error"))
        await pilot.press(*"1234", "enter")
        await on_screen(app, ConferenceScreen)


async def test_pin_field_is_masked_and_will_not_copy(start_node) -> None:
    _, _, url = start_node()
    app = make_app(url, "meet.pin")
    async with app.run_test() as pilot:
        await on_screen(app, PinScreen)
        await pilot.press(*"1234")
        field = app.screen.query_one("#pin", Input)
        assert field.password
        assert "1234" not in str(field.render_line(0))
        field.action_select_all()
        field.action_copy()
        assert app.clipboard != "1234"


async def test_optional_pin_left_blank_waits_for_the_host(start_node) -> None:
    node, server, url = start_node()
    app = make_app(url, "meet.hostpin", "Gus")
    async with app.run_test() as pilot:
        await on_screen(app, PinScreen)
        assert "blank" in text_of(app, "#pin-help")
        await pilot.press("enter")
        await on_screen(app, ConferenceScreen)
        banner = app.screen.query_one("#waiting-banner", Static)
        await eventually(
            lambda: banner.display and "Waiting for the host" in text_of(app, "#waiting-banner")
        )
        await eventually(lambda: roster_row(app, "Gus (you)")[3] == "waiting")
        server.call(lambda: node.add_person("meet.hostpin", "Hannah Host", role="chair"))
        await eventually(lambda: not banner.display)
        await eventually(lambda: "Hannah Host" in roster_names(app))


async def test_unknown_conference_shows_the_error_and_code(start_node) -> None:
    _, _, url = start_node()
    app = make_app(url, "meet.nobody")
    async with app.run_test() as pilot:
        await on_screen(app, ErrorScreen)
        assert "#pex154" in text_of(app, "#error-code")
        await pilot.press("escape")
        await on_screen(app, JoinScreen)
        assert app.screen.query_one("#alias", Input).value == "meet.nobody"


async def test_node_down_says_so_and_retry_tries_again() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = make_app(f"http://127.0.0.1:{port}", "meet.open")
    async with app.run_test() as pilot:
        await on_screen(app, ErrorScreen)
        assert "refused" in text_of(app, "#error-message").lower()
        first = app.screen
        await pilot.press("r")
        await eventually(lambda: isinstance(app.screen, ErrorScreen) and app.screen is not first)


async def test_leaving_releases_the_token(start_node) -> None:
    node, _, url = start_node()
    app = make_app(url, "meet.open")
    async with app.run_test() as pilot:
        await on_screen(app, ConferenceScreen)
        uuid = app.session.self_uuid
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("enter")
        await on_screen(app, JoinScreen)
        assert node.released == [uuid]
        assert node.conference("meet.open").participants == {}


async def test_people_joining_changing_and_leaving_update_in_place(start_node) -> None:
    node, server, url = start_node()
    app = make_app(url, "meet.open")
    async with app.run_test(size=(120, 40)) as pilot:
        await on_screen(app, ConferenceScreen)
        alice = server.call(lambda: node.add_person("meet.open", "Alice [bold]x[/]"))
        await eventually(lambda: "Alice [bold]x[/]" in roster_names(app))
        server.call(lambda: node.update_person("meet.open", alice, muted=True, buzz=True))
        await eventually(lambda: roster_row(app, "Alice [bold]x[/]")[2] == "muted")
        assert "hand up" in roster_row(app, "Alice [bold]x[/]")[3]
        # A raised hand goes to the top of the list.
        assert roster_names(app)[0] == "Alice [bold]x[/]"
        server.call(lambda: node.remove_person("meet.open", alice))
        await eventually(lambda: "Alice [bold]x[/]" not in roster_names(app))
        assert "1 person" in text_of(app, "#conference-header")
        await pilot.pause()


async def test_dropped_stream_shows_reconnecting_and_recovers(start_node) -> None:
    node, server, url = start_node()
    app = make_app(url, "meet.open")
    async with app.run_test() as pilot:
        await on_screen(app, ConferenceScreen)
        await eventually(lambda: "live" in text_of(app, "#connection-status"))
        node.faults.drop_stream_after = 0
        server.call(lambda: node.add_person("meet.open", "Bob"))
        await eventually(lambda: "Reconnecting" in text_of(app, "#connection-status"), 5)
        assert app.screen.query_one(RosterView).has_class("-stale")
        node.faults.drop_stream_after = None
        await eventually(lambda: "live" in text_of(app, "#connection-status"), 5)
        assert not app.screen.query_one(RosterView).has_class("-stale")
        await eventually(lambda: "Bob" in roster_names(app))
        await pilot.pause()


async def test_refresh_keeps_the_app_in_across_token_lifetimes(start_node) -> None:
    node, _, url = start_node(expires=2)
    app = make_app(url, "meet.open")
    async with app.run_test():
        await on_screen(app, ConferenceScreen)
        await asyncio.sleep(6.5)
        assert isinstance(app.screen, ConferenceScreen)
        assert app.session.self_uuid in node.conference("meet.open").participants
        assert node.expired == []


async def test_pin_from_the_environment_answers_without_asking(start_node) -> None:
    _, _, url = start_node()
    app = PexjoinApp(
        Session(timing=FAST),
        target=Target(url, "meet.pin", "Tess"),
        join_now=True,
        preset_pin=SecretStr("5678"),
    )
    async with app.run_test():
        await on_screen(app, ConferenceScreen)
        await eventually(lambda: roster_row(app, "Tess (you)")[1] == "guest")


async def test_the_form_remembers_node_alias_and_name_but_never_the_pin(
    start_node, tmp_path
) -> None:
    _, _, url = start_node()
    path = tmp_path / "remembered.json"
    app = PexjoinApp(
        Session(timing=FAST),
        settings_file=path,
        target=Target(url, "meet.pin", "Tess"),
        join_now=False,
    )
    async with app.run_test() as pilot:
        await on_screen(app, JoinScreen)
        app.screen.action_join()
        await on_screen(app, PinScreen)
        await pilot.press(*"1234", "enter")
        await on_screen(app, ConferenceScreen)
        await app.action_quit()
    saved = path.read_text()
    assert url in saved and "meet.pin" in saved and "Tess" in saved
    assert "1234" not in saved
    again = PexjoinApp(Session(timing=FAST), settings=load_settings(path), join_now=False)
    async with again.run_test():
        await on_screen(again, JoinScreen)
        assert again.screen.query_one("#alias", Input).value == "meet.pin"
        assert again.screen.query_one("#node", Input).value == url


async def test_escape_while_connecting_cancels(start_node) -> None:
    node, _, url = start_node()
    node.faults.latency = 3.0
    app = make_app(url, "meet.open")
    async with app.run_test() as pilot:
        await on_screen(app, ConnectingScreen)
        await pilot.press("escape")
        await on_screen(app, JoinScreen, timeout=2.0)
        assert app.session.state is ConnectionState.DISCONNECTED


async def test_escape_on_the_pin_screen_goes_back_to_the_form(start_node) -> None:
    node, _, url = start_node()
    app = make_app(url, "meet.pin")
    async with app.run_test() as pilot:
        await on_screen(app, PinScreen)
        await pilot.press("escape")
        await on_screen(app, JoinScreen)
        assert app.screen.query_one("#alias", Input).value == "meet.pin"
        assert node.conference("meet.pin").participants == {}


async def test_readable_without_colour(start_node, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    _, _, url = start_node()
    app = make_app(url, "meet.hostpin", "Gus")
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(app, PinScreen)
        await pilot.press("enter")
        await on_screen(app, ConferenceScreen)
        await eventually(lambda: roster_row(app, "Gus (you)")[3] == "waiting")
        # State is said in words, never by colour alone.
        assert "Waiting for the host" in text_of(app, "#waiting-banner")
        assert "live" in text_of(app, "#connection-status")


async def test_enter_twice_on_the_pin_screen_sends_the_pin_once(start_node) -> None:
    node, _, url = start_node()
    node.faults.late_answer = 0.3
    app = make_app(url, "meet.hostpin", "Hana")
    async with app.run_test() as pilot:
        await on_screen(app, PinScreen)
        await pilot.press(*"1234", "enter", "enter")
        await on_screen(app, ConferenceScreen)
        await eventually(lambda: roster_row(app, "Hana (you)")[1] == "host")
        token_requests = [r for r in node.requests if r.path.endswith("/request_token")]
        assert len(token_requests) == 2  # the challenge, then the PIN: no blank guest PIN


async def test_the_list_keeps_up_while_help_is_open(start_node) -> None:
    node, server, url = start_node()
    app = make_app(url, "meet.open")
    async with app.run_test() as pilot:
        await on_screen(app, ConferenceScreen)
        await pilot.press("f1")
        await eventually(lambda: type(app.screen).__name__ == "HelpScreen")
        server.call(lambda: node.add_person("meet.open", "Alice"))
        await eventually(lambda: "Alice" in {p.display_name for p in app.session.roster})
        await pilot.pause(0.3)
        await pilot.press("escape")
        await on_screen(app, ConferenceScreen)
        await eventually(lambda: "Alice" in roster_names(app))
        assert "2 people" in text_of(app, "#conference-header")


async def test_removed_while_a_question_is_open_shows_why(start_node) -> None:
    node, server, url = start_node()
    app = make_app(url, "meet.open")
    async with app.run_test() as pilot:
        await on_screen(app, ConferenceScreen)
        await pilot.press("l")
        await pilot.pause()
        uuid = app.session.self_uuid
        server.call(lambda: node.kick("meet.open", uuid))
        await on_screen(app, ErrorScreen)
        assert "removed you" in text_of(app, "#error-message")
        assert not any(isinstance(screen, ConferenceScreen) for screen in app.screen_stack)


async def test_recent_meetings_fill_node_and_alias(start_node) -> None:
    _, _, url = start_node()
    settings = Settings()
    settings.remember(url, "meet.open", "Tess")
    settings.remember("https://node.example.com", "meet.elsewhere", "Tess")
    app = PexjoinApp(Session(timing=FAST), settings=settings, join_now=False)
    async with app.run_test() as pilot:
        await on_screen(app, JoinScreen)
        assert app.screen.query_one("#alias", Input).value == "meet.elsewhere"
        table = app.screen.query_one("#samples")
        table.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.query_one("#node", Input).value == url
        assert app.screen.query_one("#alias", Input).value == "meet.open"
        await pilot.press("enter")  # the Join button has the focus now
        await on_screen(app, ConferenceScreen)


async def test_a_pasted_meeting_link_gives_node_and_alias_and_drops_its_pin(start_node) -> None:
    _, _, url = start_node()
    app = make_app("", "", "Tess", join_now=False)
    async with app.run_test() as pilot:
        await on_screen(app, JoinScreen)
        app.screen.query_one("#node", Input).focus()
        await pilot.press(*f"{url}/webapp/m/meet.open?pin=1234&role=guest", "tab")
        assert app.screen.query_one("#node", Input).value == url
        assert app.screen.query_one("#alias", Input).value == "meet.open"
        await pilot.press("enter")  # alias and name are filled in: this joins
        await on_screen(app, ConferenceScreen)
        assert app.session.target is not None
        assert app.session.target.node == url and app.session.target.alias == "meet.open"
