"""Tables on a terminal, drawn with Rich: fixed widths where the columns declare them,
Chinese text broken into lines as Chinese is set (breaks.py: never inside a task's
number or a date) rather than cut. Written to a file or a pipe, the same text comes from
plain.py, without Rich's rendering (a province's report draws a fifth faster)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any, Protocol

from rich.cells import cell_len

from ipcity.output import plain
from ipcity.output.breaks import broken, line_spans, narrowest
from ipcity.output.document import Bullets, Document, Heading, Paragraph, Table
from ipcity.output.safe import terminal_text
from ipcity.text import visible


class Sized(Protocol):
    """What a terminal needs of a column: its header and how wide it may be."""

    @property
    def header(self) -> str: ...
    @property
    def width(self) -> int | None: ...
    @property
    def share(self) -> float | None: ...
    @property
    def min_width(self) -> int: ...
    @property
    def max_width(self) -> int: ...
    @property
    def rest(self) -> bool: ...


def console(out: IO[str]) -> Any:
    from rich.console import Console

    return Console(file=out, highlight=False, emoji=False, markup=False)


def table(
    cells: Sequence[Sequence[str]],
    columns: Sequence[Sized],
    *,
    title: str | None,
    out: IO[str],
    bold: frozenset[int] = frozenset(),
) -> None:
    screen = console(out)
    sizes = widths(columns, screen.width)
    # The text terminal_text gives Rich: hidden characters written as escapes.
    shown = [[_cell(v, width) for v, width in zip(row, sizes, strict=True)] for row in cells]
    title = _title(title, sizes)
    if not screen.is_terminal:
        headers = [c.header for c in columns]
        text = plain.table(shown, headers, sizes, screen.width, title=title)
        if text is not None:
            out.write(text)
            return
    from rich import box
    from rich.table import Table

    drawn = Table(
        title=terminal_text(title) if title else None,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    for c, width in zip(columns, sizes, strict=True):
        drawn.add_column(c.header, width=width, overflow="fold")
    for i, row in enumerate(shown):
        drawn.add_row(*(_Set(terminal_text(v)) for v in row), style="bold" if i in bold else None)
    screen.print(drawn)


def streamed(
    again: Callable[[], Iterable[Sequence[str]]],
    columns: Sequence[Sized],
    *,
    out: IO[str],
) -> None:
    """table() of cells made again for each pass, never all held (a province's log of
    100,000 records): written plainly, a first pass finds that plain text shows them, a
    second writes them a row at a time. On a terminal, or for text plain.py leaves to
    Rich, table() draws them all."""
    screen = console(out)
    sizes = widths(columns, screen.width)
    headers = [c.header for c in columns]
    # (broken() only adds line breaks: a cell is simple() as shown when its text is)
    if (
        not screen.is_terminal
        and plain.fits(headers, sizes, screen.width, None)
        and plain.simple(visible(v) for row in again() for v in row)
    ):
        shown = ([_cell(v, w) for v, w in zip(row, sizes, strict=True)] for row in again())
        out.writelines(plain.lines(shown, headers, sizes))
        return
    table(list(again()), columns, title=None, out=out)


class _Set:
    """A cell's Text as Rich lays it out in a column it measures: as narrow as its widest
    unit (breaks.narrowest, not its whole line: Rich's own measure of Chinese, which has
    no spaces), and broken as Chinese is set at the width the column gets."""

    def __init__(self, text: Any) -> None:
        self.text = text

    def __rich_measure__(self, screen: Any, options: Any) -> Any:
        from rich.measure import Measurement

        shown = self.text.plain
        widest = max(map(cell_len, shown.split("\n")))
        return Measurement(min(narrowest(shown), widest), widest).clamp(max_width=options.max_width)

    def __rich_console__(self, screen: Any, options: Any) -> Any:
        from rich.text import Text

        spans = line_spans(self.text.plain, options.max_width)
        yield Text("\n").join(self.text[start:end] for start, end in spans)


def _title(title: str | None, sizes: Sequence[int | None]) -> str | None:
    """A table's title as _cell shows it, broken where the table's width must break it."""
    if not title:
        return None
    fixed = [w for w in sizes if w is not None]
    return _cell(title, plain.table_width(fixed) if len(fixed) == len(sizes) else None)


def _cell(text: str, width: int | None) -> str:
    """A cell's text as it is shown: hidden characters escaped, and broken into lines
    where a column of a fixed width must break it (Rich measures the others)."""
    shown = visible(text)
    return shown if width is None else broken(shown, width)


def widths(columns: Sequence[Sized], total: int) -> list[int | None]:
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


LIGHT_STYLES = {"red": "bold red", "yellow": "bold yellow", "green": "bold green"}


def draw(document: Document, out: IO[str], *, limit: int = 0) -> None:
    """A document on a terminal: its title, its sentences, its tables (at most `limit`
    rows each, 0 for all, with a line saying how to see the rest). Text from the data
    shows its hidden characters escaped (terminal_text): a note cannot drive the terminal."""
    screen = console(out)
    say = _sayer(screen, out)
    say(document.title, "bold")
    for block in document.blocks:
        if isinstance(block, Heading):
            say("")
            say(block.text, "bold")
        elif isinstance(block, Paragraph):
            say(block.text)
        elif isinstance(block, Bullets):
            for item in block.items:
                say(f"- {item}")
        elif isinstance(block, Table) and block.shown != "data":
            say("")
            _draw_table(block, out, limit)


def _sayer(screen: Any, out: IO[str]) -> Any:
    """A line of text on the screen (Rich's console.print of terminal_text), or written
    as Rich writes it (its hidden characters escaped the same way)."""
    plainly = not screen.is_terminal

    def say(text: str, style: str | None = None) -> None:
        shown = broken(visible(text), screen.width)
        if plainly and plain.simple([shown]):
            lines = plain.wrapped(shown, screen.width, "default") if shown else [""]
            out.write("".join(line + "\n" for line in lines))
        elif shown:
            screen.print(terminal_text(shown, style=style))
        else:
            screen.print()

    return say


def _draw_table(block: Table[Any], out: IO[str], limit: int) -> None:
    screen = console(out)
    say = _sayer(screen, out)
    title = f"{block.title}（{block.note}）" if block.note else block.title
    if not block.rows:
        say(f"{title}：{block.empty}", "bold")
        return
    columns = block.columns_for("reading")
    rows = block.rows[:limit] if limit else block.rows
    sizes = widths(columns, screen.width)
    texts = [[_cell(c.cell(row), w) for c, w in zip(columns, sizes, strict=True)] for row in rows]
    heading = _title(title, sizes)
    if not screen.is_terminal:
        headers = [c.header for c in columns]
        text = plain.table(texts, headers, sizes, screen.width, title=heading, title_justify="left")
        if text is not None:
            out.write(text)
            _more(say, rows, block)
            return
    from rich import box
    from rich.table import Table as RichTable

    drawn = RichTable(
        title=terminal_text(heading) if heading else None,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    for c, width in zip(columns, sizes, strict=True):
        drawn.add_column(c.header, width=width, overflow="fold")
    for row, shown_row in zip(rows, texts, strict=True):
        cells = []
        for c, shown in zip(columns, shown_row, strict=True):
            cell = terminal_text(shown)
            light = c.light(row) if c.light is not None else None
            if light is not None:
                cell.stylize(LIGHT_STYLES[light])
            cells.append(_Set(cell))
        drawn.add_row(*cells)
    screen.print(drawn)
    _more(say, rows, block)


def _more(say: Any, rows: Sequence[Any], block: Table[Any]) -> None:
    if len(rows) < block.count:
        say(
            f"仅显示前 {len(rows)} 行，共 {block.count} 行。"
            "--limit 0 显示全部；--format md、html、xlsx 或 json 输出全部。"
        )
