"""How long joining and reading the roster burst takes, and how much memory it needs.

    python benchmarks/roster_sync.py [--participants N]            # in-process emulated node
    python benchmarks/roster_sync.py --node URL --alias A           # a node you run

Without --node, the emulated node runs in this process (in its own thread) with N quiet
participants seeded in the meeting, so the peak memory covers both the node and the client.
The last line is `roster_sync participants=N seconds=S peak_rss_mib=M`, where S is the time
from opening the event stream to `participant_sync_end` and N the people in the roster besides
this client.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time
from contextlib import ExitStack

from pexjoin_tui.infinity import (
    InfinityClient,
    Participant,
    ParticipantCreate,
    ParticipantDelete,
    ParticipantSyncBegin,
    ParticipantSyncEnd,
    ParticipantUpdate,
    PinChallenge,
)


def peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / scale / 1024


async def sync_roster(url: str, alias: str) -> tuple[int, float]:
    """Join, read the burst into a roster keyed by uuid, leave; (others, seconds)."""
    async with InfinityClient(url, alias, timeout=60.0, stream_timeout=120.0) as client:
        started = time.perf_counter()
        token = await client.request_token("roster benchmark")
        if isinstance(token, PinChallenge):
            raise SystemExit(f"{alias} asks for a PIN: use a meeting without one")
        joined = time.perf_counter()
        print(f"joined in {joined - started:.3f} s")
        roster: dict[str, Participant] = {}
        try:
            async for event in client.events():
                if isinstance(event, ParticipantSyncBegin):
                    roster.clear()
                elif isinstance(event, ParticipantCreate | ParticipantUpdate):
                    roster[event.participant.uuid] = event.participant
                elif isinstance(event, ParticipantDelete):
                    roster.pop(event.uuid, None)
                elif isinstance(event, ParticipantSyncEnd):
                    break
            synced = time.perf_counter()
        finally:
            await client.release_token()
    others = len(roster) - (1 if token.participant_uuid in roster else 0)
    print(f"roster of {len(roster)} (self included) in {synced - joined:.3f} s")
    return others, synced - joined


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--node", help="base URL of a node (default: start the emulated one)")
    parser.add_argument("--alias", default="meet.open", help="meeting alias (default meet.open)")
    parser.add_argument(
        "--participants", type=int, default=5000, help="people to seed (emulated node only)"
    )
    options = parser.parse_args(argv)
    with ExitStack() as stack:
        url = options.node
        if url is None:
            from pexjoin_tui.node import Meeting, Node, NodeServer

            meeting = Meeting(
                alias=options.alias, name="Roster benchmark", people=options.participants
            )
            seeding = time.perf_counter()
            url = stack.enter_context(NodeServer(Node([meeting])))
            print(
                f"node with {options.participants} people up in "
                f"{time.perf_counter() - seeding:.3f} s at {url}"
            )
        others, seconds = asyncio.run(sync_roster(url, options.alias))
    print(
        f"roster_sync participants={others} seconds={seconds:.3f} peak_rss_mib={peak_rss_mib():.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
