"""The app with a large roster under an event flood, headless.

Syncs N participants (5,000 by default) into the participant list, then has the node change
people at a steady rate (500 updates a second for 10 s) while it measures:

- the time from starting the join to the full roster on screen;
- the longest gap between ticks of a 60 Hz timer on the UI loop (a frame cannot be drawn and a
  key cannot be handled while the loop is busy, so this is the longest freeze);
- the slowest key press during the flood (cursor down, until the list has moved);
- peak memory of the process (the node runs in the same process, so this includes it).

    python benchmarks/ui_roster.py [--participants N] [--rate R] [--seconds S]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import resource
import sys
import threading
import time

from pexjoin_tui.node import Meeting, Node, NodeServer
from pexjoin_tui.session import Session, Target
from pexjoin_tui.ui import PexjoinApp
from pexjoin_tui.ui.screens.conference import ConferenceScreen
from pexjoin_tui.ui.widgets.roster import RosterView

ALIAS = "meet.large"


def flood(node: Node, server: NodeServer, rate: int, seconds: float, stop: threading.Event) -> int:
    """Change random people at `rate` updates a second, in 20 ms batches; returns the count."""
    people = list(node.conference(ALIAS).participants)
    chooser = random.Random(7)
    batch = max(1, rate // 50)
    sent = 0
    start = time.perf_counter()
    while not stop.is_set() and time.perf_counter() - start < seconds:
        chosen = [chooser.choice(people) for _ in range(batch)]

        def change(chosen: list[str] = chosen) -> None:
            conference = node.conference(ALIAS)
            for uuid in chosen:
                participant = conference.participants.get(uuid)
                if participant is not None:
                    node.update_person(ALIAS, uuid, muted=not participant.muted)

        server.call(change)
        sent += batch
        next_tick = start + sent / rate
        time.sleep(max(0.0, next_tick - time.perf_counter()))
    return sent


async def measure(url: str, node: Node, server: NodeServer, args: argparse.Namespace) -> dict:
    app = PexjoinApp(Session(), target=Target(url, ALIAS, "Bench"), join_now=True)
    ticks: list[float] = []
    figures: dict[str, float] = {}
    started = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        while not (
            isinstance(app.screen, ConferenceScreen)
            and app.screen.is_mounted
            and app.screen.query_one(RosterView).row_count >= args.participants + 1
        ):
            await asyncio.sleep(0.005)
        figures["show_seconds"] = time.perf_counter() - started
        await asyncio.sleep(0.5)  # let the first full paint finish; it is counted above
        view = app.screen.query_one(RosterView)
        app.set_interval(1 / 60, lambda: ticks.append(time.perf_counter()))
        stop = threading.Event()
        flooding = asyncio.create_task(
            asyncio.to_thread(flood, node, server, args.rate, args.seconds, stop)
        )
        slowest_key = 0.0
        while not flooding.done():
            # Time from a key press until the list has moved its cursor.
            before = view.cursor
            pressed = time.perf_counter()
            typing = asyncio.create_task(pilot.press("down"))
            while view.cursor == before and time.perf_counter() - pressed < 10:
                await asyncio.sleep(0.001)
            slowest_key = max(slowest_key, time.perf_counter() - pressed)
            await typing
            await asyncio.sleep(0.2)
        figures["updates"] = await flooding
        figures["slowest_key_ms"] = slowest_key * 1000
        gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
        figures["longest_gap_ms"] = max(gaps, default=0.0) * 1000
        figures["rows"] = app.screen.query_one(RosterView).row_count
        await app.action_quit()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--rate", type=int, default=500, help="updates a second")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    node = Node([Meeting(alias=ALIAS, name="Large meeting", people=args.participants)])
    server = NodeServer(node)
    url = server.start()
    try:
        figures = asyncio.run(measure(url, node, server, args))
    finally:
        server.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"full roster of {args.participants + 1} rows shown in {figures['show_seconds']:.2f} s")
    print(
        f"flood: {figures['updates']:.0f} updates in {args.seconds:.0f} s; longest UI loop gap "
        f"{figures['longest_gap_ms']:.0f} ms; slowest key press {figures['slowest_key_ms']:.0f} ms"
    )
    print(f"rows at the end: {figures['rows']:.0f}; peak RSS {peak:.0f} MiB (node included)")
    print(
        f"ui_roster participants={args.participants} show_seconds={figures['show_seconds']:.2f} "
        f"longest_gap_ms={figures['longest_gap_ms']:.0f} peak_rss_mib={peak:.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
