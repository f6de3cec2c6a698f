"""Tables on a terminal, drawn with Rich: fixed widths where the columns declare them,
Chinese text folded rather than cut."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from ipcity.output.columns import Column, Row
from ipcity.output.safe import terminal_text


def console(out: IO[str]) -> Any:
    from rich.console import Console

    return Console(file=out, highlight=False, emoji=False, markup=False)


def table(
    cells: Sequence[Sequence[str]],
    columns: Sequence[Column],
    *,
    title: str | None,
    out: IO[str],
    bold: frozenset[int] = frozenset(),
) -> None:
    from rich import box
    from rich.table import Table

    screen = console(out)
    sizes = widths(columns, screen.width)
    drawn = Table(
        title=terminal_text(title) if title else None,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    for c, width in zip(columns, sizes, strict=True):
        drawn.add_column(c.header, width=width, overflow="fold")
    for i, row in enumerate(cells):
        drawn.add_row(*(terminal_text(v) for v in row), style="bold" if i in bold else None)
    screen.print(drawn)


def widths(columns: Sequence[Column], total: int) -> list[int | None]:
    """Fixed widths for a table whose columns declare them; None lets Rich measure."""
    if not any(c.rest for c in columns):
        return [c.width for c in columns]
    flexible = total - 3 * len(columns) - sum(c.width or 0 for c in columns)
    found: list[int | None] = []
    for c in columns:
        if c.share:
            found.append(max(c.min_width, min(c.max_width, int(flexible * c.share))))
        else:
            found.append(c.width)
    rest = flexible - sum(w for c, w in zip(columns, found, strict=True) if c.share and w)
    return [max(rest, 10) if c.rest else w for c, w in zip(columns, found, strict=True)]


def styled_table(
    rows: Sequence[Row],
    columns: Sequence[Column],
    *,
    title: str,
    out: IO[str],
    first_styles: Sequence[str | None],
) -> None:
    """A report table: fixed widths from the console's, the first cell styled per row."""
    from rich import box
    from rich.table import Table

    screen = console(out)
    sizes = widths(columns, screen.width)
    drawn = Table(
        title=terminal_text(title),
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    for c, width in zip(columns, sizes, strict=True):
        drawn.add_column(c.header, width=width, overflow="fold")
    for row, style in zip(rows, first_styles, strict=True):
        cells = [terminal_text(c.text(row)) for c in columns]
        if style:
            cells[0].stylize(style)
        drawn.add_row(*cells)
    screen.print(drawn)
