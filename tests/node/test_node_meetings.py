"""Meeting configuration: the samples, TOML files and the PIN decision table."""

from __future__ import annotations

from pathlib import Path

import pytest

from pexjoin_tui.node import Meeting, MeetingConfigError, load_meetings, sample_meetings
from pexjoin_tui.node.access import PinOutcome, check_pin
from pexjoin_tui.node.meetings import merge_meetings


def test_sample_meetings() -> None:
    meetings = {m.alias: m for m in sample_meetings()}
    assert set(meetings) == {"meet.open", "meet.pin", "meet.hostpin", "meet.busy"}
    assert (meetings["meet.open"].host_pin, meetings["meet.open"].guest_pin) == (None, None)
    assert (meetings["meet.pin"].host_pin, meetings["meet.pin"].guest_pin) == ("1234", "5678")
    assert (meetings["meet.hostpin"].host_pin, meetings["meet.hostpin"].guest_pin) == (
        "1234",
        None,
    )
    assert meetings["meet.hostpin"].waits_for_host
    assert not meetings["meet.pin"].waits_for_host
    assert meetings["meet.busy"].simulate and meetings["meet.busy"].people >= 8


def test_load_meetings_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "meetings.toml"
    path.write_text(
        """
[[meeting]]
alias = "team/standup"
name = "Team stand-up"
host_pin = "2468"
guest_pin = "1357#"
locked = true
people = 3

[[meeting]]
alias = "board"
chat_enabled = false
simulate = true
""",
        encoding="utf-8",
    )
    standup, board = load_meetings(path)
    assert standup == Meeting(
        alias="team/standup",
        name="Team stand-up",
        host_pin="2468",
        guest_pin="1357#",
        locked=True,
        people=3,
    )
    assert (board.name, board.chat_enabled, board.simulate) == ("board", False, True)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ('[[meeting]]\nalias = "a"\nhost_pin = 1234\n', "write PINs as strings"),
        ('[[meeting]]\nalias = "a"\ncolour = "red"\n', "unknown key 'colour'"),
        ('[[meeting]]\nname = "no alias"\n', "needs an alias"),
        ('[[meeting]]\nalias = "a"\nhost_pin = "12"\n', "4-10 digits"),
        ('[[meeting]]\nalias = "a"\nguest_pin = "5678"\n', "needs a host_pin"),
        ('[[meeting]]\nalias = "a"\npeople = true\n', "people must be int"),
        ('[[meeting]]\nalias = "a"\n[[meeting]]\nalias = "A"\n', "appears twice"),
        ("[[meeting]\n", "not valid TOML"),
    ],
)
def test_load_meetings_explains_mistakes(tmp_path: Path, text: str, complaint: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MeetingConfigError, match=complaint):
        load_meetings(path)


def test_load_meetings_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MeetingConfigError, match="Cannot read"):
        load_meetings(tmp_path / "absent.toml")


def test_merge_replaces_by_alias() -> None:
    mine = Meeting("MEET.OPEN", "Mine", host_pin="1111")
    merged = merge_meetings(sample_meetings(), [mine])
    assert [m.alias for m in merged].count("meet.open") == 0
    assert merged[-1] is mine


@pytest.mark.parametrize(
    ("host", "guest", "header", "outcome"),
    [
        (None, None, None, PinOutcome.HOST),
        (None, None, "0000", PinOutcome.HOST),
        ("1234", None, None, PinOutcome.CHALLENGE),
        ("1234", None, "", PinOutcome.CHALLENGE),
        ("1234", None, "1234", PinOutcome.HOST),
        ("1234", None, "1234#", PinOutcome.HOST),
        ("1234", None, "none", PinOutcome.GUEST),
        ("1234", None, "9999", PinOutcome.INVALID),
        ("1234", "5678", None, PinOutcome.CHALLENGE),
        ("1234", "5678", "5678", PinOutcome.GUEST),
        ("1234", "5678", "none", PinOutcome.INVALID),
    ],
)
def test_pin_rules(host, guest, header, outcome) -> None:
    assert check_pin(Meeting("m", "M", host_pin=host, guest_pin=guest), header) is outcome
