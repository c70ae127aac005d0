"""`pexjoin-tui`: parse the command line, then run the app (and the demo node if asked)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import SecretStr

from . import __version__

if TYPE_CHECKING:
    from .node import Meeting
    from .ui.screens.join import SampleMeeting

PIN_VARIABLE = "PEXJOIN_PIN"


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="pexjoin-tui",
        description=(
            "Join a Pexip Infinity meeting from the terminal and watch who is there. "
            "Given --node, --alias and --name it joins at once; otherwise it shows a form. "
            f"A PIN is asked on screen, or read from the {PIN_VARIABLE} environment variable "
            "(never from a flag, so it stays out of shell history and process lists)."
        ),
    )
    parser.add_argument("--node", help="Conference Node: host, host:port or https://host[:port]")
    parser.add_argument("--alias", help="conference alias, e.g. meet.alice@example.com")
    parser.add_argument("--name", help="your display name in the participant list")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start a built-in emulated Conference Node on loopback with sample meetings",
    )
    trust = parser.add_mutually_exclusive_group()
    trust.add_argument(
        "--ca-bundle",
        type=Path,
        metavar="PATH",
        help="trust this CA bundle (PEM) instead of the operating system's trust store",
    )
    trust.add_argument(
        "--insecure",
        action="store_true",
        help="do not verify the node's TLS certificate (labs only)",
    )
    parser.add_argument("--log", type=Path, metavar="FILE", help="write a debug log to FILE")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    arguments = parser.parse_args(argv)
    if arguments.ca_bundle is not None and not arguments.ca_bundle.is_file():
        parser.error(f"--ca-bundle {arguments.ca_bundle}: no such file")
    return arguments


def configure_logging(path: Path | None) -> None:
    # The screen belongs to the TUI: log lines go to a file or nowhere.
    if path is None:
        logging.getLogger().addHandler(logging.NullHandler())
        return
    logging.basicConfig(
        filename=path,
        level=logging.DEBUG,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs request URLs at INFO; they hold no secrets, but keep the log about us.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


@contextmanager
def demo_node() -> Iterator[tuple[str, list[Meeting]]]:
    """The emulated node on a free loopback port, with the sample meetings."""
    from .node import Node, NodeServer, sample_meetings

    meetings = sample_meetings()
    node = Node(meetings)
    with NodeServer(node) as url:
        yield url, meetings


def describe_samples(meetings: list[Meeting]) -> list[SampleMeeting]:
    from .ui.screens.join import SampleMeeting

    samples = []
    for meeting in meetings:
        host_pin, guest_pin = meeting.host_pin, meeting.guest_pin
        if host_pin and guest_pin:
            pins = f"host {host_pin}, guest {guest_pin}"
            about = "PIN required; the PIN sets your role"
        elif host_pin:
            pins = f"host {host_pin}, guests none"
            about = "PIN optional; blank = guest, waits"
        else:
            pins = "none"
            about = "Open meeting"
        if meeting.simulate:
            about = "Busy: simulated people"
        if meeting.locked:
            about = "Locked: a host lets you in"
        samples.append(SampleMeeting(meeting.alias, pins, about))
    return samples


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    configure_logging(arguments.log)

    from .config import load_settings, settings_path
    from .session import Session, Target
    from .ui import PexjoinApp

    pin_text = os.environ.pop(PIN_VARIABLE, "")
    preset_pin = SecretStr(pin_text) if pin_text.strip() else None
    verify: str | bool = True
    if arguments.insecure:
        verify = False
        print("Warning: TLS certificates will not be checked (--insecure).", file=sys.stderr)
    elif arguments.ca_bundle is not None:
        verify = str(arguments.ca_bundle)

    path = settings_path()
    settings = load_settings(path)
    with demo_node() if arguments.demo else _no_node() as (demo_url, meetings):
        node = arguments.node or demo_url or settings.node
        # The demo node's port changes every run: remember nothing from a demo.
        default_alias = "meet.pin" if arguments.demo else settings.alias
        target = Target(
            node or "",
            arguments.alias or default_alias,
            arguments.name or settings.display_name,
        )
        session = Session(verify=verify)
        app = PexjoinApp(
            session,
            settings=settings,
            settings_file=None if arguments.demo else path,
            samples=describe_samples(meetings),
            target=target,
            join_now=bool(node and arguments.alias and arguments.name),
            preset_pin=preset_pin,
        )
        try:
            app.run()
        finally:
            if session.holding_token:
                # The app ended without leaving (a crash): release so nobody sees a ghost.
                asyncio.run(session.release_orphaned())
    return app.return_code or 0


@contextmanager
def _no_node() -> Iterator[tuple[str, list[Meeting]]]:
    yield "", []


if __name__ == "__main__":
    sys.exit(main())
