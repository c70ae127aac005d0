"""What the node remembers for tests: requests, chat, released and expired participants.

Never a PIN or a token value: only whether one was sent and how.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RequestRecord:
    method: str
    path: str  # the raw path as sent, percent-encoding kept, no query string
    alias: str | None = None  # decoded
    route: str | None = None  # e.g. "request_token", "participants/{uuid}/mute"
    status: int = 0
    has_pin_header: bool = False
    pin_header_is_none: bool = False
    token_source: str | None = None  # "header", "query" or None
    body_keys: tuple[str, ...] = ()
    fault: str | None = None  # "fail", "html" or "truncated" when a fault answered


@dataclass(frozen=True)
class ChatRecord:
    alias: str
    origin: str  # sender's display name
    sender_uuid: str
    type: str
    payload: str
    direct_to: str | None = None  # target participant uuid for a direct message


@dataclass
class Journal:
    """Shared by the node and its conferences; the node exposes these lists to tests."""

    requests: list[RequestRecord] = field(default_factory=list)
    messages: list[ChatRecord] = field(default_factory=list)
    released: list[str] = field(default_factory=list)
    expired: list[str] = field(default_factory=list)
