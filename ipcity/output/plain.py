"""Tables written as Rich writes them to a file or a pipe, without Rich's rendering.

Rich builds, measures and pads every cell through its renderables and segments: on a
report of a province's plan that took longer than working the report out. When the
output is not a terminal (no styles are written then), the text Rich would write is
plain lines: each cell's text folded to its column's fixed width with Rich's own line
breaking (rich._wrap.divide_line, rich.cells), padded, and the columns joined as the
SIMPLE_HEAD box joins them. Only the layouts terminal.py asks for are written here (fixed
widths that fit the console, left-justified cells) and only text whose every character
takes one or two cells on its own (no tabs, control or zero-width characters, combining
marks or emoji, which Rich measures as clusters); for anything else, and on a terminal,
Rich draws. tests/test_plain.py compares the two on many tables.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import Literal

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size

Justify = Literal["left", "center", "default"]

_CONTROL = str.maketrans(dict.fromkeys([7, 8, 11, 12, 13]))  # what rich.Text strips
_TRAILING_SPACE = re.compile(r"\s+$")
_CLUSTERED = frozenset({"Mn", "Me", "Mc", "Cf", "Cc", "Co", "Cs", "Cn"})


def simple(texts: Iterable[str]) -> bool:
    """Whether every character stands alone in a cell or two (see the module's doc)."""
    for text in texts:
        ascii_only = text.isascii()
        for c in text:
            if (c < " " or c == "\x7f") and c != "\n":
                return False
            if (
                not ascii_only
                and c > "~"
                and (c > "\uffff" or unicodedata.category(c) in _CLUSTERED)
            ):
                return False
    return True


def wrapped(text: str, width: int, justify: Justify = "left") -> list[str]:
    """A text's lines at a width, as rich.Text wraps them (overflow "fold")."""
    text = text.translate(_CONTROL)
    lines: list[str] = []
    for line in text.split("\n"):
        if len(line) * 2 <= width or cell_len(line) <= width:  # fits: nothing to fold
            lines.append(_justified(line, width, justify))
            continue
        offsets = divide_line(line, width, fold=True)
        bounds = [0, *offsets, len(line)]
        for start, end in pairwise(bounds):
            lines.append(_justified(_stripped(line[start:end], width), width, justify))
    return lines


def _stripped(piece: str, width: int) -> str:
    """Text.rstrip_end: white space past the width (counted in characters) removed."""
    if len(piece) > width and (space := _TRAILING_SPACE.search(piece)):
        return piece[: len(piece) - min(len(space.group(0)), len(piece) - width)]
    return piece


def _justified(piece: str, width: int, justify: Justify) -> str:
    if justify == "center":
        piece = _truncated(piece.rstrip(), width)
        left = (width - cell_len(piece)) // 2
        piece = " " * left + piece
        return piece + " " * (width - cell_len(piece))
    piece = _truncated(piece, width)
    length = cell_len(piece)
    if justify == "left" and length < width:
        piece += " " * (width - length)
    return piece


def _truncated(piece: str, width: int) -> str:
    return set_cell_size(piece, width) if cell_len(piece) > width else piece


def table(
    cells: Sequence[Sequence[str]],
    headers: Sequence[str],
    widths: Sequence[int | None],
    console_width: int,
    *,
    title: str | None = None,
    title_justify: Justify = "center",
) -> str | None:
    """A SIMPLE_HEAD table (pad_edge and show_edge off) as Rich writes it to a file; None
    when its layout is not one written here (a width left to measure, a tab, a table
    wider than the console)."""
    if not fits(headers, widths, console_width, title) or not simple(
        v for row in cells for v in row
    ):
        return None
    return "".join(lines(cells, headers, widths, title=title, title_justify=title_justify))


def fits(
    headers: Sequence[str], widths: Sequence[int | None], console_width: int, title: str | None
) -> bool:
    """Whether a table of these widths, headers and title is one written here (fixed
    widths that fit the console, simple() text); its cells are asked of simple() apart."""
    if any(w is None or w < 1 for w in widths) or not widths:
        return False
    if table_width([int(w) for w in widths if w is not None]) > console_width:
        return False
    return simple(headers) and (not title or simple([title]))


def lines(
    cells: Iterable[Sequence[str]],
    headers: Sequence[str],
    widths: Sequence[int | None],
    *,
    title: str | None = None,
    title_justify: Justify = "center",
) -> Iterator[str]:
    """The table's lines, each with its line break, a row at a time (fits() and simple()
    said it is written here)."""
    fixed = [int(w) for w in widths if w is not None]
    last = len(fixed) - 1
    total = table_width(fixed)
    found = wrapped(title, total, title_justify) if title else []
    found += _row(headers, fixed, last, header=True)
    found.append("─" * total)
    yield from (line + "\n" for line in found)
    for row in cells:
        yield from (line + "\n" for line in _row(row, fixed, last))


def table_width(widths: Sequence[int]) -> int:
    """How wide a table of columns this wide is drawn: a cell padded by one space on each
    side, but at the table's own edges, and a space between cells."""
    return sum(widths) + 3 * (len(widths) - 1)


def _row(values: Sequence[str], widths: list[int], last: int, header: bool = False) -> list[str]:
    """A row's lines: each cell folded, the shorter ones filled with blank lines below (a
    header's above: Rich aligns a header to the bottom)."""
    columns = [wrapped(v, w) for v, w in zip(values, widths, strict=True)]
    height = max(len(c) for c in columns)
    lines = []
    for n in range(height):
        parts = []
        for i, (column, width) in enumerate(zip(columns, widths, strict=True)):
            at = n - (height - len(column)) if header else n
            text = column[at] if 0 <= at < len(column) else " " * width
            parts.append((" " if i > 0 else "") + text + (" " if i < last else ""))
        lines.append(" ".join(parts))
    return lines
