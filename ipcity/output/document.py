"""A document as typed blocks, built once and drawn by every writer.

A builder (output/report.py, output/inspection.py) turns an answer into a Document:
headings, paragraphs, lists and tables, each sentence written once. A writer draws the
blocks in its own format (terminal, Markdown, HTML, XLSX, CSV, Word) and never adds a
sentence of its own; JSON is the answer itself, `Document.data`.

Formats come in two families. *Reading* formats (terminal, Markdown, HTML, Word) are for
a person reading a page: they show the reading columns and tables and draw charts.
*Data* formats (XLSX, CSV) are for an office that sorts and sums: they hold the numbers
as numbers and the data-only columns and tables (counts a reading page folds into a
sentence), and skip charts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, Literal, TypeAlias, TypeVar

R = TypeVar("R")

Shown = Literal["all", "reading", "data"]
Light = Literal["red", "yellow", "green"]
Number = int | float

# A light printed as a shaded cell: Excel's own "light red fill with dark red text" and
# its yellow and green siblings (fill, text), familiar to every office.
LIGHT_FILLS: dict[Light, tuple[str, str]] = {
    "red": ("FFC7CE", "9C0006"),
    "yellow": ("FFEB9C", "9C5700"),
    "green": ("C6EFCE", "006100"),
}
HEADER_FILL = "EEEEEE"


@dataclass(frozen=True)
class Bar:
    """A percentage drawn as a bar: `percent` filled, a mark at `pace` (序时进度)."""

    percent: float
    pace: float | None = None
    light: Light | None = None  # the bar's colour where it judges (on pace or behind)


@dataclass(frozen=True)
class Squares:
    """One square per period: met (True) or missed (False), each with what it stands for."""

    met: Sequence[tuple[str, bool]]


Chart: TypeAlias = Bar | Squares


@dataclass(frozen=True)
class Column(Generic[R]):
    """A table's column: its header, the text of a cell, and what else a format needs.

    `number` gives the cell's value for data formats (None for a blank cell); the header
    then carries `unit` in brackets (完成率(%)). `light` colours the cell (a fill in XLSX,
    a dot in HTML, a style on a terminal). `chart` draws the cell as a picture in reading
    formats that can (HTML, Word); the terminal and Markdown draw a Bar as text, data
    formats leave chart columns out. The widths are for a terminal (a Chinese character
    takes two cells): `width` fixed, `share` a fraction of what is left, `rest` the rest.
    """

    header: str
    text: Callable[[R], str] | None  # None: a picture only (see chart)
    number: Callable[[R], Number | None] | None = None
    unit: str = ""
    light: Callable[[R], Light | None] | None = None
    chart: Callable[[R], Chart | None] | None = None
    shown: Shown = "all"
    width: int | None = None
    share: float | None = None
    min_width: int = 8
    max_width: int = 40
    rest: bool = False
    nowrap: bool = False  # short cells that read badly broken: a light, a date, a number
    legend: str = ""  # how to read the chart, said where it is drawn
    # A workbook column's width in characters (its text wraps within it); by default
    # as wide as its longest line, up to xlsx.MAX_WIDTH.
    sheet_width: int | None = None

    def data_header(self) -> str:
        return f"{self.header}({self.unit})" if self.unit else self.header

    def cell(self, row: R) -> str:
        return self.text(row) if self.text is not None else ""


@dataclass(frozen=True)
class Table(Generic[R]):
    """Rows under a title. `name` is the table's name for a script (CSV's 表 column);
    `sheet` the XLSX sheet it fills; `note` a legend read before the rows; `empty` what
    stands in for no rows."""

    name: str
    title: str
    columns: Sequence[Column[R]]
    rows: Sequence[R]
    note: str = ""
    empty: str = "无"
    shown: Shown = "all"
    sheet: str = ""
    level: int = 2
    total: int | None = None  # rows there are, when `rows` holds only the first (--limit)

    @property
    def count(self) -> int:
        return len(self.rows) if self.total is None else max(self.total, len(self.rows))

    def columns_for(
        self, family: Literal["reading", "data"], *, pictures: bool = False
    ) -> list[Column[R]]:
        """The columns a format shows: a data format's, or a reading format's (with the
        picture-only columns when it can draw them)."""
        if family == "data":
            return [c for c in self.columns if c.shown != "reading" and c.chart is None]
        return [c for c in self.columns if c.shown != "data" and (pictures or c.text is not None)]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: Sequence[str]


@dataclass(frozen=True)
class StatusRing:
    """Tasks by status as a ring with the % done inside, and the counts beside it: a
    picture of the paragraph that states them, drawn by HTML and Word."""

    counts: Sequence[tuple[str, int, str]]  # (label, count, status for its colour)
    percent_done: float


@dataclass(frozen=True)
class PageBreak:
    """What follows starts a new page (an annex, in Word and in print); on a landscape
    page when it is a table too wide for the portrait page (GB/T 9704 §10, 横排表格)."""

    landscape: bool = False


Block: TypeAlias = Heading | Paragraph | Bullets | Table[Any] | StatusRing | PageBreak


@dataclass(frozen=True)
class Frame:
    """What stands around an official document's body (公文, GB/T 9704): the issuing
    office's mark and its number (版头), whom it is sent to (主送), the annexes it
    lists, the office's signature and date, and whom it is copied to (版记)."""

    issuer: str  # 发文机关, as it signs
    number: str  # 发文字号, e.g. 嘉知试办〔2009〕  号: the office fills in the number
    recipients: Sequence[str]  # 主送机关
    date: str  # 成文日期, e.g. 2009年7月10日
    cc: Sequence[str] = ()  # 抄送机关
    printer: str = ""  # 印发机关
    annexes: Sequence[str] = ()  # 附件说明: each annex's name

    # The frame's lines as every writer prints them, in reading order (GB/T 9704 §7):
    # written here once, so that Markdown, HTML and Word state them alike.

    def head(self) -> list[str]:
        """The 版头: the office's name, its number."""
        return [self.issuer, self.number]

    def salutation(self) -> str:
        """主送: 各县（市、区）人民政府，各领导小组成员单位："""
        return f"{'，'.join(self.recipients)}："

    def annex_lines(self) -> list[str]:
        """附件说明: 附件：1. … with the others aligned under the first."""
        lines = []
        for n, annex in enumerate(self.annexes, start=1):
            lead = "附件：" if n == 1 else "　　　"
            number = f"{n}. " if len(self.annexes) > 1 else ""
            lines.append(f"{lead}{number}{annex}")
        return lines

    def signature(self) -> list[str]:
        """The office's name over the date (成文日期)."""
        return [self.issuer, self.date]

    def colophon(self) -> list[str]:
        """The 版记: 抄送, then who prints it and when."""
        lines = [f"抄送：{'，'.join(self.cc)}。"] if self.cc else []
        if self.printer:
            lines.append(f"{self.printer}　　{self.date}印发")
        return lines


@dataclass(frozen=True)
class Document:
    """What a command writes: its answer (the JSON), a title, when it speaks of, and blocks."""

    title: str
    dated: str  # 截至 2009-06-30: on every page and every sheet
    data: Mapping[str, Any]
    blocks: Sequence[Block] = field(default_factory=list)
    name: str = "输出"  # what to call its file: 进展, 督查通报
    frame: Frame | None = None  # an official document's frame (the 通报); None for a report

    def parts(self) -> tuple[list[Block], list[Block]]:
        """The body, and the annexes from the first page break on: an official document
        prints them after its signature (GB/T 9704 §7.3.7)."""
        for n, block in enumerate(self.blocks):
            if isinstance(block, PageBreak):
                return list(self.blocks[:n]), list(self.blocks[n:])
        return list(self.blocks), []

    def only(self, table: str) -> Document:
        """The document with one table of its tables and nothing else (a CSV of it)."""
        kept = [b for b in self.blocks if isinstance(b, Table) and b.name == table]
        return replace(self, blocks=kept)

    def tables(self, family: Literal["reading", "data"]) -> list[Table[Any]]:
        return [b for b in self.blocks if isinstance(b, Table) and b.shown in ("all", family)]


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:g}%"


def number_text(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:g}{unit}"
