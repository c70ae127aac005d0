"""Tokens: URL-safe random strings with a monotonic expiry."""

from __future__ import annotations

import secrets
from dataclasses import dataclass


@dataclass(frozen=True)
class TokenRecord:
    participant_uuid: str
    expires_at: float  # time.monotonic()

    def valid(self, now: float) -> bool:
        return now < self.expires_at


def new_token() -> str:
    # token_urlsafe never yields "+", "&", "#" or "%": the SDK puts tokens in query strings raw.
    return secrets.token_urlsafe(48)
