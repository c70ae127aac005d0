"""Messages that carry the session's updates into Textual's message queue."""

from __future__ import annotations

from textual.message import Message

from pexjoin_tui.session import SessionUpdate


class SessionUpdated(Message):
    def __init__(self, update: SessionUpdate) -> None:
        super().__init__()
        self.update = update
