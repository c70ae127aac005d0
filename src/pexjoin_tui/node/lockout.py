"""Wrong-PIN lockout per client address and conference (reference section 11)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

Key = tuple[str, str]  # (client address, conference key)


@dataclass
class _Attempts:
    failures: deque[float] = field(default_factory=deque)
    blocked_until: float | None = None


class PinLockout:
    """After `attempts` wrong PINs in a row within `window` seconds, block for `window`."""

    def __init__(self, attempts: int, window: float) -> None:
        self.attempts = attempts
        self.window = window
        self._entries: dict[Key, _Attempts] = {}

    def blocked(self, key: Key, now: float) -> bool:
        entry = self._entries.get(key)
        if entry is None or entry.blocked_until is None:
            return False
        if now < entry.blocked_until:
            return True
        del self._entries[key]  # the block is over; start counting afresh
        return False

    def failure(self, key: Key, now: float) -> None:
        entry = self._entries.setdefault(key, _Attempts())
        while entry.failures and entry.failures[0] <= now - self.window:
            entry.failures.popleft()
        entry.failures.append(now)
        if len(entry.failures) >= self.attempts:
            entry.failures.clear()
            entry.blocked_until = now + self.window

    def success(self, key: Key) -> None:
        self._entries.pop(key, None)
