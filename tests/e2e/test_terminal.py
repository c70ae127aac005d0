"""End to end in a real terminal: tmux runs `pexjoin-tui --demo` and a person's keystrokes."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

EXECUTABLE = Path(sys.executable).parent / "pexjoin-tui"


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by tmux) counts as gone.
    status = Path(f"/proc/{pid}/stat")
    return not (status.exists() and status.read_text().split()[2] == "Z")


class Terminal:
    def __init__(self, name: str) -> None:
        self.name = name

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", text], check=True)

    def screen(self) -> str:
        result = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout

    def alive(self) -> bool:
        result = subprocess.run(["tmux", "has-session", "-t", self.name], capture_output=True)
        return result.returncode == 0

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[Terminal, Path]]:
    name = f"pexjoin-e2e-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "pexjoin.log"
    done = tmp_path / "exit-code"
    command = (
        f"PEXJOIN_CONFIG={tmp_path / 'settings.json'} {EXECUTABLE} --demo --log {log}; "
        f"echo $? > {done}"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "100", "-y", "30", command],
        check=True,
    )
    try:
        yield Terminal(name), tmp_path
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


@pytest.mark.parametrize("quit_key", ["C-q", "C-c"])
def test_demo_join_with_a_pin_watch_and_quit(
    terminal: tuple[Terminal, Path], quit_key: str
) -> None:
    term, folder = terminal
    term.wait_for("Join a Pexip meeting")
    screen = term.wait_for("meet.pin")
    assert "host 1234, guest 5678" in screen  # the demo lists its meetings and PINs
    # The node and alias are filled in by --demo; the cursor waits in the name field.
    term.type("Tess")
    term.keys("Enter")
    term.wait_for("meet.pin needs a PIN")
    term.type("1234")
    screen = term.screen()
    assert "1234" not in screen  # masked
    term.keys("Enter")
    screen = term.wait_for("Tess (you)")
    assert re.search(r"Tess \(you\)\s+host", screen)  # the host PIN made Tess a host
    term.keys(quit_key)
    deadline = time.monotonic() + 15
    exit_code = folder / "exit-code"
    # The shell creates the file before `echo` fills it: wait for the content.
    while not (exit_code.exists() and exit_code.read_text().strip()):
        assert time.monotonic() < deadline, "pexjoin-tui did not exit after Ctrl+Q"
        time.sleep(0.2)
    assert exit_code.read_text().strip() == "0"
    log = (folder / "pexjoin.log").read_text()
    assert "released its token" in log  # the node (in the same process) logged it
    assert re.search(r"\b1234\b", log) is None  # the PIN never reaches the log


@pytest.mark.parametrize("how", ["SIGTERM", "terminal closed"])
def test_killed_or_hung_up_still_leaves_at_once(tmp_path: Path, start_node, how: str) -> None:
    """A person who closes the terminal (SIGHUP) or is killed (SIGTERM) leaves everyone's
    roster at once, instead of lingering until the token expires."""
    node, _, url = start_node()
    name = f"pexjoin-e2e-{uuid.uuid4().hex[:8]}"
    pid_file = tmp_path / "pid"
    command = (
        f"echo $$ > {pid_file}; exec env PEXJOIN_CONFIG={tmp_path / 'settings.json'} "
        f"{EXECUTABLE} --node {url} --alias meet.open --name Tess"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "100", "-y", "30", command], check=True
    )
    term = Terminal(name)
    try:
        term.wait_for("Tess (you)")
        assert len(node.conference("meet.open").participants) == 1
        term.keys("l")  # with the leave question open, as a person might be
        term.wait_for("Leave the meeting?")
        pid = int(pid_file.read_text().strip())
        if how == "SIGTERM":
            os.kill(pid, signal.SIGTERM)
        else:
            subprocess.run(["tmux", "kill-session", "-t", name], check=True)
        deadline = time.monotonic() + 10
        while node.conference("meet.open").participants and time.monotonic() < deadline:
            time.sleep(0.1)
        assert node.conference("meet.open").participants == {}
        assert len(node.released) == 1  # released, not expired
        while process_alive(pid):
            assert time.monotonic() < deadline, "pexjoin-tui is still running"
            time.sleep(0.1)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
