"""Simulated people: deterministic for a seed, lively, and kept between 8 and 20."""

from __future__ import annotations

from pexjoin_tui.node import Node
from pexjoin_tui.node.simulation import FEWEST, MOST

from .helpers import Served


def _run(seed: int, steps: int) -> tuple[list[str], list[tuple[str, str, bool]]]:
    node = Node(seed=seed)
    for _ in range(steps):
        node.simulator.step()
    busy = node.conference("meet.busy")
    roster = [(p.uuid, p.display_name, p.muted) for p in busy.participants.values()]
    return list(node.simulator.log), roster


def test_the_simulation_is_deterministic_for_a_seed() -> None:
    first = _run(seed=42, steps=200)
    assert first == _run(seed=42, steps=200)
    assert first != _run(seed=43, steps=200)


def test_simulated_people_do_everything_and_stay_in_range() -> None:
    node = Node(seed=1)
    busy = node.conference("meet.busy")
    sizes = []
    for _ in range(400):
        node.simulator.step()
        sizes.append(len(busy.participants))
    assert min(sizes) >= FEWEST and max(sizes) <= MOST
    log = " ".join(node.simulator.log)
    for verb in ("joins", "leaves", "muted=", "hand=", "says"):
        assert verb in log
    assert any(m.alias == "meet.busy" for m in node.messages)
    # Only meet.busy moves.
    assert len(node.conference("meet.open").participants) == 0


async def test_the_busy_meeting_moves_on_a_running_node(serve) -> None:
    served: Served = serve(simulate_interval=0.02)
    alice = await served.join("meet.busy", "Alice")
    async with served.events("meet.busy", alice["token"]) as events:
        burst = await events.burst()
        assert 8 <= sum(1 for name, _ in burst if name == "participant_create") - 1 <= 20
        seen = set()
        while not {"participant_update", "message_received"} <= seen:
            seen.add((await events.next(within=3))[0])
