"""Problems found in the data, and the errors a command raises for bad input."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one data file, at a line and column (both from 1)."""

    file: str
    line: int
    col: int
    message: str
    hint: str = ""
    excerpt: str = ""

    def headline(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: error: {self.message}"

    def format(self) -> str:
        """The headline, the offending line with a caret under the column, and the hint."""
        out = [self.headline()]
        if self.excerpt:
            number = str(self.line)
            gutter = " " * len(number)
            text, at = _window(self.excerpt.replace("\t", " "), max(self.col - 1, 0))
            caret = " " * display_width(text[:at])
            out.append(f"  {number} | {text}")
            out.append(f"  {gutter} | {caret}^")
        if self.hint:
            out.append(f"  提示：{self.hint}")
        return "\n".join(out)


@dataclass(frozen=True)
class Finding:
    """A problem found by a rule, placed by its path in a file's data (before it has a line)."""

    file: str
    loc: tuple[str | int, ...]
    message: str
    hint: str = ""
    at_key: bool = False  # place it at the key of a mapping entry (a name), not its value


class UsageError(Exception):
    """Something typed on the command line that cannot be done (unknown unit, task, date)."""


EXCERPT = 60  # characters of a long line shown on each side of the column


def _window(text: str, at: int) -> tuple[str, int]:
    """A long line cut to the part around a column, and the column within that part."""
    if len(text) <= 2 * EXCERPT:
        return text, at
    start = max(at - EXCERPT, 0)
    end = at + EXCERPT
    head = "…" if start else ""
    tail = "…" if end < len(text) else ""
    return head + text[start:end] + tail, at - start + len(head)


def display_width(text: str) -> int:
    """Terminal columns taken by text: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def join_names(names: list[str] | tuple[str, ...]) -> str:
    return "、".join(names)


def shorten(text: str, limit: int) -> str:
    """At most limit characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
