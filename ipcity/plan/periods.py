"""Periods of time the plan is judged over: the calendar periods a recurring duty is asked
for (years, halves, quarters, months), and a 督查 period typed as 2009H2 or 2009年下半年."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, rrule

from ipcity.errors import UsageError
from ipcity.plan.deadlines import DateOutOfRange, DeadlineError, check_year, date_range

_CN_NUMBERS = "一二三四"


@dataclass(frozen=True)
class Span:
    """One period: its first and last day, and how a 通报 names it (2009年下半年)."""

    first: date
    last: date
    label: str


def label(first: date, months: int) -> str:
    if months == 12:
        return f"{first.year}年"
    if months == 6:
        return f"{first.year}年{'上' if first.month == 1 else '下'}半年"
    if months == 3:
        return f"{first.year}年第{_CN_NUMBERS[(first.month - 1) // 3]}季度"
    if months == 1:
        return f"{first.year}年{first.month}月"
    return f"{first.isoformat()}起{months}个月"


def spans(months: int, start: date, end: date) -> list[Span]:
    """Calendar periods of `months` months (aligned on January) lying wholly in start..end."""
    found: list[Span] = []
    for moment in rrule(
        MONTHLY,
        interval=months,
        dtstart=datetime(start.year, 1, 1),
        until=datetime(end.year, end.month, end.day),
    ):
        first = moment.date()
        last = first + relativedelta(months=months) - timedelta(days=1)
        if first >= start and last <= end:
            found.append(Span(first, last, label(first, months)))
    return found


_CODE = re.compile(r"(\d{4})(?:([HhQq])(\d))?")
_CODE_MONTHS = {"H": 6, "Q": 3}


def parse_period(text: str) -> tuple[date, date, str]:
    """2009H2, 2009H1, 2009Q3, 2009, or the Chinese forms (2009年下半年): first, last, label."""
    s = unicodedata.normalize("NFKC", text).strip()
    if m := _CODE.fullmatch(s):
        year = int(m[1])
        try:
            check_year(year, text)
        except DeadlineError as exc:
            raise UsageError(f"督查时段{str(exc).removeprefix('日期')}") from None
        if m[2] is None:
            return date(year, 1, 1), date(year, 12, 31), f"{year}年"
        months = _CODE_MONTHS[m[2].upper()]
        index = int(m[3])
        if not 1 <= index <= 12 // months:
            raise UsageError(f"督查时段「{text}」不存在：半年写 H1、H2，季度写 Q1～Q4")
        first = date(year, (index - 1) * months + 1, 1)
        last = date_range(f"{year}-{index * months:02d}")[1]
        return first, last, label(first, months)
    try:
        first, last = date_range(s)
    except DeadlineError as exc:
        if isinstance(exc, DateOutOfRange):
            raise UsageError(f"督查时段{str(exc).removeprefix('日期')}") from None
        raise UsageError(
            f"无法识别的督查时段「{text}」；可以写 2009H2、2009H1、2009Q3、2009、2009年下半年"
        ) from None
    name = s if first != last else first.isoformat()
    return first, last, name


def period_code(first: date, last: date) -> str:
    """How a form names its period, as `--period` takes it: 2009H1, 2009Q3, 2009, 2009-03;
    any other span by its days (2009-01-01~2009-02-15)."""
    whole_months = first.day == 1 and last == date_range(f"{last.year}-{last.month:02d}")[1]
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    aligned = whole_months and (first.month - 1) % months == 0
    if aligned and months == 12:
        return str(first.year)
    if aligned and months in (6, 3):
        letter = "H" if months == 6 else "Q"
        return f"{first.year}{letter}{(first.month - 1) // months + 1}"
    if aligned and months == 1:
        return f"{first.year}-{first.month:02d}"
    return f"{first.isoformat()}~{last.isoformat()}"
