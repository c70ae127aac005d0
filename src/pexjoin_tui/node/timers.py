"""Deadlines kept in a heap and fired by one ticker task on the server loop.

A heap instead of loop.call_later: deadlines can be set before any loop exists (people
seeded at start-up), and stale entries are simply checked and skipped when they come due.
"""

from __future__ import annotations

import heapq
import itertools

Key = tuple[str, str, str]  # (kind, conference key, participant uuid or "")


class Deadlines:
    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Key]] = []
        self._order = itertools.count()

    def schedule(self, when: float, key: Key) -> None:
        heapq.heappush(self._heap, (when, next(self._order), key))

    def due(self, now: float) -> list[Key]:
        keys: list[Key] = []
        while self._heap and self._heap[0][0] <= now:
            keys.append(heapq.heappop(self._heap)[2])
        return keys

    def __len__(self) -> int:
        return len(self._heap)
