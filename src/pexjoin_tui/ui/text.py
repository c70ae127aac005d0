"""Text from the network (names, chat, errors) is shown as it is: no markup, no control codes."""

from __future__ import annotations

import unicodedata

from rich.text import Text


def clean(value: str, limit: int = 200) -> str:
    """Drop control characters (escape sequences, newlines) and cap the length."""
    kept = "".join(
        " " if unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} else char for char in value
    ).strip()
    return kept if len(kept) <= limit else kept[: limit - 1] + "…"


def plain(value: str, limit: int = 200) -> Text:
    """A Rich Text that is never parsed as markup."""
    return Text(clean(value, limit), no_wrap=True, overflow="ellipsis")
