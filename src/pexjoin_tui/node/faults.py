"""Fault injection for tests: latency, late answers, cut event streams, 5xx, HTML, bad JSON."""

from __future__ import annotations

import threading
from collections import deque

from starlette.responses import Response

from .wire import JSON_TYPE, SERVER_ERRORS, failed

HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>Sign in</title></head>"
    b"<body><h1>Network login required</h1><p>Please sign in to continue.</p></body></html>"
)
TRUNCATED_JSON = b'{"status":"success","result":{"token":"'


class Faults:
    """Plain attributes plus a queue of one-shot faults; safe to set from the test thread.

    Queued faults answer the next requests in order, before the node looks at them (like a
    proxy in front of it would), so they have no side effects on the conference.
    """

    def __init__(self) -> None:
        self.latency: float = 0.0
        # Seconds to hold each answer after the node has acted on the request.
        self.late_answer: float = 0.0
        self.drop_stream_after: int | None = None
        self._pending: deque[tuple[str, int]] = deque()
        self._lock = threading.Lock()

    def fail_next(self, count: int = 1, status: int = 502) -> None:
        if status not in SERVER_ERRORS:
            raise ValueError(f"status must be one of {sorted(SERVER_ERRORS)}")
        self._queue("fail", status, count)

    def html_next(self, count: int = 1) -> None:
        self._queue("html", 200, count)

    def truncated_next(self, count: int = 1) -> None:
        self._queue("truncated", 200, count)

    def clear(self) -> None:
        with self._lock:
            self._pending.clear()
        self.latency = 0.0
        self.late_answer = 0.0
        self.drop_stream_after = None

    @property
    def pending(self) -> int:
        return len(self._pending)

    def _queue(self, kind: str, status: int, count: int) -> None:
        with self._lock:
            self._pending.extend([(kind, status)] * count)

    def take(self) -> tuple[str, Response] | None:
        """The next one-shot fault's kind and response, or None."""
        with self._lock:
            if not self._pending:
                return None
            kind, status = self._pending.popleft()
        if kind == "fail":
            return kind, failed(status, SERVER_ERRORS[status])
        if kind == "html":
            return kind, Response(HTML_PAGE, 200, media_type="text/html")
        return kind, Response(TRUNCATED_JSON, 200, media_type=JSON_TYPE)
