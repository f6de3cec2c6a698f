"""The cells of a returned form read as what they mean: a status word, a day, a reading, a
count, dates, a text. Excel and WPS change types when they save (a typed date becomes a
date cell, a number a float, a number a text in a text cell): each reader takes every
form a person's entry may arrive in, and raises CellError saying, in the form's words,
what is wrong and how to put it right. The same words as `record` accepts: a status in
Chinese or English, dates as 2009-05-01 or 2009年5月1日."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime

from ipcity.plan.deadlines import DeadlineError, date_range
from ipcity.plan.forms import MAX_TEXT, STATUS_CHOICES, Cell
from ipcity.plan.shapes import Status


class CellError(ValueError):
    """A cell that cannot be read as what its column asks for."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_SEPARATORS = re.compile(r"[、,，;；\s]+")
WORDS = "、".join(STATUS_CHOICES)


def text(cell: Cell) -> str | None:
    """What a person wrote, as text; None for a blank cell. A number or a date that the
    office suite made of it is written back as a person would (15, not 15.0)."""
    value = cell.value
    if cell.blank:
        return None
    if isinstance(value, bool):
        found = "是" if value else "否"
    elif isinstance(value, float) and value.is_integer():
        found = str(int(value))
    elif isinstance(value, datetime):
        found = value.isoformat(sep=" ", timespec="minutes")
    elif isinstance(value, date):
        found = value.isoformat()
    else:
        found = str(value).strip()
    if len(found) > MAX_TEXT:
        raise CellError(
            f"内容过长（{len(found)} 字，每格最多 {MAX_TEXT} 字）",
            "写要点；详细材料作为佐证另附，在“佐证材料”中写明名称",
        )
    return found


def status(cell: Cell) -> Status | None:
    written = text(cell)
    if written is None:
        return None
    found = Status.parse(written)
    if found is None:
        raise CellError(
            f"「{written}」不是状态",
            f"从下拉列表中选择 {WORDS} 之一（也可写 not_started、in_progress、done、blocked）",
        )
    return found


def day(cell: Cell, *, last: bool = False) -> date | None:
    """A date typed or saved as a date. last=True takes a month or a year end as its
    last day (申请延期至 2010年6月 is 2010-06-30); otherwise it must name one day."""
    value = cell.value
    if cell.blank:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _day(text(cell) or "", last=last)


def _day(written: str, *, last: bool) -> date:
    example = "2010-06-30、2010年6月" if last else "2009-06-30 或 2009年6月30日"
    try:
        first, final = date_range(written)
    except DeadlineError as exc:
        raise CellError(f"{exc}", f"写成日期，如 {example}") from None
    if first != final and not last:
        raise CellError(
            f"「{written}」是一段时间（{first.isoformat()} 至 {final.isoformat()}），不是一天",
            f"写具体哪一天，如 {example}",
        )
    return final


def days(cell: Cell) -> list[date]:
    """The dates of a duty's occurrences: one date cell, or dates separated by 、 , ;"""
    value = cell.value
    if cell.blank:
        return []
    if isinstance(value, date):
        return [value.date() if isinstance(value, datetime) else value]
    written = unicodedata.normalize("NFKC", text(cell) or "")
    return [_day(part, last=False) for part in _SEPARATORS.split(written) if part]


def reading(cell: Cell, measure: str) -> int | float | None:
    """An indicator's reading: a number, with the indicator's unit of measure allowed after
    it (2600件); no thousands separators, no words."""
    value = cell.value
    if cell.blank:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number: int | float = value
    else:
        written = unicodedata.normalize("NFKC", text(cell) or "").replace(" ", "")
        bare = written.removesuffix(unicodedata.normalize("NFKC", measure)) if measure else written
        if not _NUMBER.fullmatch(bare):
            raise CellError(
                f"「{written}」不是数字",
                "只填数字，不写单位和千位分隔符，如 2600 或 92.5",
            )
        number = float(bare) if "." in bare else int(bare)
    if not math.isfinite(number):
        raise CellError(f"「{value}」不是数字", "只填数字，如 2600 或 92.5")
    return int(number) if isinstance(number, float) and number.is_integer() else number


def count(cell: Cell) -> int | None:
    """How many times a duty was held: a whole number, 次 allowed after it."""
    value = cell.value
    if cell.blank:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        found = value
    else:
        written = unicodedata.normalize("NFKC", text(cell) or "").replace(" ", "")
        bare = written.removesuffix("次")
        found = int(bare) if bare.isdigit() else -1
    if found < 0 or not float(found).is_integer():
        raise CellError(f"「{text(cell)}」不是次数", "填整数，如 2；没办的填 0 或不填")
    return int(found)
