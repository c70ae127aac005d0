"""`pexjoin-node`: run the emulated Conference Node from a terminal."""

from __future__ import annotations

import argparse
import dataclasses
import ipaddress
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from .emulator import Node
from .meetings import Meeting, MeetingConfigError, load_meetings, merge_meetings, sample_meetings
from .server import NodeServer

DEFAULT_PORT = 8787


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pexjoin-node",
        description=(
            "An emulated Pexip Conference Node speaking the Client REST API v2, with sample "
            "meetings, for trying pexjoin-tui without a Pexip deployment. Plain HTTP: "
            "point the client at the printed URL."
        ),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any free)"
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="TOML file of [[meeting]] tables (alias, name, host_pin, guest_pin, locked, "
        "simulate, people, chat_enabled, guests_wait_for_host), added to the samples; "
        "a meeting with a sample's alias replaces it",
    )
    parser.add_argument(
        "--expires", type=int, default=120, metavar="S", help="token lifetime in seconds (120)"
    )
    parser.add_argument(
        "--participants",
        type=int,
        default=0,
        metavar="N",
        help="seed N quiet participants into meet.open (for large-roster benchmarks)",
    )
    parser.add_argument(
        "--simulate",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="simulated people join, leave, mute, raise hands and chat in meet.busy "
        "(and meetings with simulate = true); on by default, --no-simulate freezes them",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed of the simulation (0)")
    return parser


def _meetings(args: argparse.Namespace) -> list[Meeting]:
    meetings = sample_meetings()
    if args.config:
        meetings = merge_meetings(meetings, load_meetings(args.config))
    adjusted = []
    for meeting in meetings:
        if args.participants and meeting.alias == "meet.open":
            meeting = dataclasses.replace(meeting, people=args.participants)
        if not args.simulate and meeting.simulate:
            meeting = dataclasses.replace(meeting, simulate=False)
        adjusted.append(meeting)
    return adjusted


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _banner(url: str, node: Node) -> str:
    width = max(len(m.alias) for m in node.meetings)
    lines = [f"Emulated Pexip Conference Node at {url}", "Meetings:"]
    for meeting in node.meetings:
        extra = []
        if meeting.locked:
            extra.append("locked")
        if meeting.people:
            kind = "simulated" if meeting.simulate else "quiet"
            extra.append(f"{meeting.people} {kind} people")
        suffix = f" [{', '.join(extra)}]" if extra else ""
        lines.append(
            f"  {meeting.alias:<{width}}  {meeting.name}: {meeting.describe_access()}{suffix}"
        )
    lines.append(f"Tokens last {node.settings.expires} s. Press Ctrl+C to stop.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.expires < 1:
        parser.error("--expires must be at least 1")
    if args.participants < 0:
        parser.error("--participants cannot be negative")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be between 0 and 65535")
    logging.basicConfig(level=logging.WARNING, format="pexjoin-node: %(levelname)s: %(message)s")
    try:
        meetings = _meetings(args)
        node = Node(meetings, expires=args.expires, seed=args.seed)
    except (MeetingConfigError, ValueError) as error:
        print(f"pexjoin-node: {error}", file=sys.stderr)
        return 2

    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    server = NodeServer(node, host=args.host, port=args.port)
    try:
        try:
            url = server.start()
        except OSError as error:
            print(
                f"pexjoin-node: cannot listen on {args.host}:{args.port}: {error.strerror}. "
                "Try another --port (0 picks a free one).",
                file=sys.stderr,
            )
            return 1
        if not _is_loopback(args.host):
            print(
                f"pexjoin-node: warning: listening on {args.host}, not loopback; anyone who can "
                "reach it can join these meetings with the PINs below.",
                file=sys.stderr,
                flush=True,
            )
        print(_banner(url, node), flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("pexjoin-node: stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
