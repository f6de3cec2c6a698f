"""Text as a person reads it: widths on a terminal, lists of names, cut-down excerpts."""

from __future__ import annotations

import unicodedata


def display_width(text: str) -> int:
    """Terminal columns taken by text: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def join_names(names: list[str] | tuple[str, ...]) -> str:
    return "、".join(names)


def shorten(text: str, limit: int) -> str:
    """At most limit characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
