"""Small helpers for tests that wait on a live node or app."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def eventually(predicate: Callable[[], object], timeout: float = 5.0) -> None:
    """Wait until `predicate()` is true, failing the test after `timeout` seconds.

    A predicate that raises AssertionError or LookupError (a row not there yet) counts as
    "not yet"; the last such error is raised if time runs out.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            if predicate():
                return
            failure: Exception = AssertionError(f"condition not met within {timeout}s")
        except (AssertionError, LookupError) as error:
            failure = error
        if time.monotonic() > deadline:
            raise failure
        await asyncio.sleep(0.02)
