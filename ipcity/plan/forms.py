"""A fill-in form (填报表) both ways: the layout `forms` writes and `collect` reads back, and
what a returned workbook holds, cell by cell. Shared by the writer (output/form_book.py),
the reader (tables/form_read.py) and the collector (log/collect.py); pure data.

The workbook has a sheet a person fills in for each kind of line (SHEETS: the tasks, the
indicator figures, the recurring duties; a kind with no line has none) and a hidden one
(META_SHEET) that says what the form is: which plan (its title and digest), unit and
period, the form's id, and for each fill-in row which sheet, task, indicator or duty it
is. The form's id is
a digest of those, so the same form written twice has the same id, and a hidden sheet
edited by hand no longer matches its id.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, TypedDict

from pydantic import BaseModel, ConfigDict

from ipcity.plan.loaded import FILES_ONLY, Plan
from ipcity.plan.models import Name, TextDate
from ipcity.plan.problems import Problem

FORMAT = "ipcity-form 1"  # the hidden sheet's first value: a workbook of this layout
META_SHEET = "ipcity"

LineKind = Literal["task", "reading", "duty"]
KIND_WORDS: dict[str, str] = {"task": "任务", "reading": "指标", "duty": "经常性工作"}
SHEETS: dict[str, str] = {"task": "任务进展", "reading": "量化指标", "duty": "经常性工作"}
TASK_SHEET = SHEETS["task"]

# The header cells of every sheet: the unit the form is for (a person must not type
# another over it); and on the tasks' sheet, the day the unit fills the form in (the
# records' date). The column header is on HEADER_ROW, the lines below it.
UNIT_CELL = "A3"
UNIT_PREFIX = "填报单位："
FILLED_ON_CELL = "F3"
HEADER_ROW = 5


@dataclass(frozen=True)
class Column:
    key: str  # what the collector calls the cell
    header: str  # what the sheet calls it
    width: float  # in Excel's units (a Chinese character takes about two)
    fill: bool = False  # a cell the unit fills in


# The sheets' columns, each sheet's from A: (its line kind, key, header, width). The cells
# the unit fills in start at F on every sheet: a sheet's first five columns tell, the rest
# ask.
FIRST_FILL = 5  # F
_LAYOUT: tuple[tuple[LineKind, str, str, float], ...] = (
    ("task", "id", "序号", 6),
    ("task", "work", "工作内容 / 目标要求", 34),
    ("task", "deadline", "工作进度", 14),
    ("task", "current", "当前状态", 12),
    ("task", "last", "最近进度", 20),
    ("task", "status", "本期状态", 10),
    ("task", "done", "完成情况", 28),
    ("task", "problems", "存在问题", 16),
    ("task", "next", "下步打算", 16),
    ("task", "evidence", "佐证材料", 16),
    ("task", "extend_to", "申请延期至", 11),
    ("task", "reason", "延期理由", 16),
    ("reading", "id", "序号", 6),
    ("reading", "name", "指标", 30),
    ("reading", "target", "目标值", 10),
    ("reading", "measure", "计量单位", 9),
    ("reading", "last", "最近读数", 20),
    ("reading", "reading", "本期读数", 14),
    ("duty", "id", "序号", 6),
    ("duty", "name", "经常性工作", 24),
    ("duty", "requirement", "要求", 16),
    ("duty", "asked", "本期应办", 18),
    ("duty", "held", "已记录", 10),
    ("duty", "times", "本期已办次数", 12),
    ("duty", "dates", "每次的日期", 40),
)


def _columns(kind: LineKind) -> tuple[Column, ...]:
    sheet = [(key, header, width) for of, key, header, width in _LAYOUT if of == kind]
    return tuple(
        Column(key, header, width, fill=n >= FIRST_FILL)
        for n, (key, header, width) in enumerate(sheet)
    )


TASK_COLUMNS = _columns("task")
READING_COLUMNS = _columns("reading")
DUTY_COLUMNS = _columns("duty")
COLUMNS: dict[str, tuple[Column, ...]] = {
    "task": TASK_COLUMNS,
    "reading": READING_COLUMNS,
    "duty": DUTY_COLUMNS,
}
STATUS_CHOICES = ("未开始", "进行中", "已完成", "受阻")  # the drop-down of 本期状态

# The hidden sheet: these keys, one a row (key in A, value in B), then a blank row, then
# LINES_HEADER and one row per fill-in line.
META_KEYS = (
    "format",
    "plan_title",
    "plan_digest",
    "unit",
    "period",
    "period_label",
    "first",
    "last",
    "form_id",
    "issued",
    "due",
)
LINES_HEADER = ("sheet", "row", "kind", "task", "name", "label")

# Bounds on what is read of a returned workbook: a form is a few hundred cells.
MAX_FILE_BYTES = 20 << 20
MAX_UNPACKED_BYTES = 100 << 20
MAX_ROWS = 2000
MAX_TEXT = 2000  # characters a cell may hold


@dataclass(frozen=True)
class LineKey:
    """Which fill-in line a row is: a task (the unit's part), an indicator's reading, a
    recurring duty."""

    kind: LineKind
    task: str
    name: str = ""  # the indicator or duty; "" for a task


def form_id(digest: str, unit: str, period: str, lines: Sequence[LineKey]) -> str:
    """2009H1-1a2b3c4d: the period, and a digest of the plan, the unit and the lines."""
    text = json.dumps(
        [digest, unit, period, [[k.kind, k.task, k.name] for k in lines]], ensure_ascii=False
    )
    return f"{period}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


def plan_digest(plan: Plan) -> str:
    """A digest of what a form depends on in tasks.yaml and units.yaml: the title, period
    and rules, every item and task, every unit's names, kind and members. Comments,
    layout, the office and the units' contacts do not count: editing them leaves the
    forms already sent out valid. Worked out once a plan (a province's: 0.4 s)."""
    found = plan.memo.get(_DIGEST)
    if found is None:
        found = plan.memo[_DIGEST] = _digest(plan)
    return str(found)


_DIGEST = f"{FILES_ONLY}plan digest"  # kept when a form's records are added (collect)


def _digest(plan: Plan) -> str:
    units = [
        {"name": u.name, "aliases": u.aliases, "kind": u.kind, "members": u.members}
        for u in plan.units.units.values()
    ]
    content = {
        "title": plan.title,
        "period": {"start": plan.period.start, "end": plan.period.end},
        "verification": plan.verification,
        # The shapes' fields are the models' (a test holds them so): what model_dump gave.
        "items": [_as_dict(item) for item in plan.items],
        "units": units,
        "kinds": [list(plan.units.kinds.names), plan.units.kinds.county],
    }
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, default=date.isoformat)
    return hashlib.sha256(text.encode()).hexdigest()


def _as_dict(value: Any) -> Any:
    """What dataclasses.asdict makes of a value, without the deep copy of every string
    it makes on the way (four fifths of a province's digest)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _as_dict(getattr(value, f.name)) for f in _fields(type(value))}
    if isinstance(value, (list, tuple)):
        return [_as_dict(v) for v in value]  # (JSON writes a tuple as a list)
    if isinstance(value, dict):
        return {_as_dict(k): _as_dict(v) for k, v in value.items()}
    return value


@functools.cache
def _fields(kind: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(kind)


def source_of(form: str, sheet: str, row: int) -> str:
    """What a collected record's `source` says: the form's id, and the sheet and row it
    came from, as Excel names a place (2009H1-1a2b3c4d#任务进展!7)."""
    return f"{form}#{sheet}!{row}"


CellValue = str | int | float | bool | date | datetime | None


@dataclass(frozen=True)
class Cell:
    """One cell of a returned form as the workbook holds it (a date typed into Excel may be
    a date, a number a float), with its place and its column's name."""

    sheet: str
    ref: str  # F12
    row: int
    col: int
    value: CellValue
    header: str  # 本期状态

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass(frozen=True)
class FilledLine:
    """A fill-in line of a returned form with something in it: the cells of its fill-in
    columns, by key (blank ones too)."""

    key: LineKey
    sheet: str
    row: int
    cells: dict[str, Cell]


@dataclass
class Returned:
    """A returned form as read: what the hidden sheet says, the header cells a person may
    have touched, the filled lines, and what could not be read (each at its cell)."""

    file: str
    meta: dict[str, str] = field(default_factory=dict)
    unit_cells: list[Cell] = field(default_factory=list)  # 填报单位, on every sheet
    filled_on: Cell | None = None
    lines: list[FilledLine] = field(default_factory=list)
    keys: list[LineKey] = field(default_factory=list)  # every fill-in line, filled or not
    problems: list[Problem] = field(default_factory=list)

    def problem(self, cell: Cell | None, message: str, hint: str = "") -> None:
        """A problem at a cell (or of the whole file, cell None)."""
        self.problems.append(located(self.file, cell, message, hint))


def located(file: str, cell: Cell | None, message: str, hint: str = "") -> Problem:
    """FILE:ROW:COL: error: 「SHEET」表第 ROW 行「COLUMN」（F12）：MESSAGE, as import names a
    cell of a table; a problem of the whole file at 1:1."""
    if cell is None:
        return Problem(file, 1, 1, message, hint)
    where = f"「{cell.sheet}」表第 {cell.row} 行「{cell.header}」（{cell.ref}）"
    return Problem(file, cell.row, cell.col, f"{where}：{message}", hint)


class IssuedForm(BaseModel):
    """One line of the data directory's forms.yaml: a form `forms` wrote and sent out."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    form: Name  # its id
    unit: Name
    period: Name  # 2009H1
    issued: TextDate
    due: TextDate | None = None


class CollectedRow(TypedDict):
    """A record `collect` appends from a form, as its preview shows it."""

    place: str  # 任务进展!7: the sheet and row it came from
    kind: Literal["progress", "extension", "reading", "count"]
    fields: dict[str, Any]  # the record as status.yaml will hold it
