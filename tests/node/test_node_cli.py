"""`pexjoin-node` as a person runs it: prints the URL and PINs, stops cleanly on a signal."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from pexjoin_tui.node.cli import _is_loopback


def _start(*args: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "pexjoin_tui.node.cli", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if line.startswith("Tokens last"):
            break
    match = re.search(r"http://127\.0\.0\.1:(\d+)", "\n".join(lines))
    assert match, lines
    return process, match.group(0), lines


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_cli_prints_url_and_pins_and_stops_cleanly(sig: signal.Signals) -> None:
    process, url, lines = _start("--expires", "30")
    try:
        text = "\n".join(lines)
        for alias in ("meet.open", "meet.pin", "meet.hostpin", "meet.busy"):
            assert alias in text
        assert "host PIN 1234, guest PIN 5678" in text
        assert "Tokens last 30 s" in text
        response = httpx.post(
            f"{url}/api/client/v2/conferences/meet.open/request_token",
            json={"display_name": "CLI"},
        )
        assert response.json()["result"]["expires"] == "30"
    finally:
        process.send_signal(sig)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "Traceback" not in err
    assert "stopped" in out


def test_cli_config_and_participants(tmp_path: Path) -> None:
    config = tmp_path / "meetings.toml"
    config.write_text('[[meeting]]\nalias = "team"\nhost_pin = "2468"\n', encoding="utf-8")
    process, url, lines = _start("--config", str(config), "--participants", "50", "--no-simulate")
    try:
        text = "\n".join(lines)
        assert "team" in text and "2468" in text
        assert "50 quiet people" in text
        base = f"{url}/api/client/v2/conferences"
        token = httpx.post(f"{base}/meet.open/request_token", json={"display_name": "A"}).json()[
            "result"
        ]["token"]
        people = httpx.get(f"{base}/meet.open/participants", headers={"token": token}).json()
        assert len(people["result"]) == 51
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)
    assert process.returncode == 0


def test_cli_rejects_a_bad_config(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[[meeting]]\nalias = "x"\nhost_pin = 12\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pexjoin_tui.node.cli", "--port", "0", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2
    assert "write PINs as strings" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_help_mentions_the_simulation() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pexjoin_tui.node.cli", "--help"],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 0
    assert "--no-simulate" in result.stdout


def test_is_loopback() -> None:
    assert _is_loopback("127.0.0.1") and _is_loopback("::1") and _is_loopback("localhost")
    assert not _is_loopback("0.0.0.0") and not _is_loopback("192.168.1.5")
