"""Problems found in the data files: where (file, line, column), what, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ipcity.text import display_width, visible

# An error keeps a plan from loading and makes `validate` exit 1; a warning (a record
# written twice) is shown by `validate` and changes nothing else.
Severity = Literal["error", "warning"]
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告"}

# The files of a data directory, as findings name them.
TASKS = "tasks.yaml"
UNITS = "units.yaml"
STATUS = "status.yaml"
FILES = (TASKS, UNITS, STATUS)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one data file, at a line and column (both from 1)."""

    file: str
    line: int
    col: int
    message: str
    hint: str = ""
    excerpt: str = ""
    severity: Severity = "error"

    def headline(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"

    def format(self) -> str:
        """The headline, the offending line with a caret under the column, and the hint,
        hidden characters shown as escapes (text.visible): a file may hold a raw ESC or a
        bidi override, and the excerpt shows the line as the file has it. A tab or a line
        break quoted from the data is escaped too: the headline stays one line."""
        out = [visible(self.headline(), keep="")]
        if self.excerpt:
            number = str(self.line)
            gutter = " " * len(number)
            text, at = _window(self.excerpt.replace("\t", " "), max(self.col - 1, 0))
            before, after = visible(text[:at], keep=""), visible(text[at:], keep="")
            out.append(f"  {number} | {before}{after}")
            out.append(f"  {gutter} | {' ' * display_width(before)}^")
        if self.hint:
            out.append(f"  提示：{visible(self.hint, keep='')}")
        return "\n".join(out)


@dataclass(frozen=True)
class Finding:
    """A problem found by a rule, placed by its path in a file's data (before it has a line)."""

    file: str
    loc: tuple[str | int, ...]
    message: str
    hint: str = ""
    at_key: bool = False  # place it at the key of a mapping entry (a name), not its value
    severity: Severity = "error"
    # Another entry the message names by its line: "{line}" in the message is replaced by
    # that entry's line once the file is read (an earlier record this one repeats).
    related: tuple[str | int, ...] | None = None


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


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
