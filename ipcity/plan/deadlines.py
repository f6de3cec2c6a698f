"""工作进度 phrases (2009年3月, 2010年底, 试点期内, 常设, …) and dates typed as options."""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ipcity.errors import UsageError

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}

FORMS = "2009-03-31、2009年3月、2009年底、2009年上半年、试点期内、常设、2008年,以后常设"


class DeadlineError(UsageError, ValueError):
    """A phrase or date that cannot be read; the message says which and why. Typed on the
    command line it is a usage error; in a data file the loader makes it a problem."""


class DateOutOfRange(DeadlineError):
    """A date of a year no plan has: the calendar's ends (0001, 9999) overflow the day
    arithmetic of reports (as-of + 30 days), and a period of millennia has no end of
    months to count duties over."""


FIRST_YEAR, LAST_YEAR = 1900, 2999


def check_year(year: int, text: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DateOutOfRange(f"日期「{text}」超出范围：年份应在 {FIRST_YEAR} 至 {LAST_YEAR} 之间")


@dataclass(frozen=True)
class Deadline:
    """A task's 工作进度: the text as written, its due date, and whether it stands on."""

    text: str
    due: date | None
    standing: bool = False


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DeadlineError(f"日期不存在「{text}」") from None


# Each pattern maps the cleaned text to the (first, last) day it covers.
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_CN_DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})[日号]")
_MONTH = re.compile(r"(\d{4})(?:年(\d{1,2})月(?:底|末|份)?|-(\d{1,2}))")
_YEAR = re.compile(r"(\d{4})年(底|末|内|)")
_HALF = re.compile(r"(\d{4})年(上半年|年中|下半年)")
_QUARTER = re.compile(r"(\d{4})年第?([1-4一二三四])季度")
_YEAR_FIRST = re.compile(r"\d{4}(?=[-/.年]|$)")  # the year every form above starts with


def date_range(text: str) -> tuple[date, date]:
    """The first and last day a written date covers: 2009年3月 is 2009-03-01..2009-03-31.

    Accepts ISO dates and the Chinese forms of the annex. Raises DeadlineError.
    """
    s = _clean(text).removesuffix("前")
    if leading := _YEAR_FIRST.match(s):
        check_year(int(leading[0]), text)
    if m := _ISO.fullmatch(s) or _CN_DAY.fullmatch(s):
        day = _make(int(m[1]), int(m[2]), int(m[3]), text)
        return day, day
    if m := _MONTH.fullmatch(s):
        year, month = int(m[1]), int(m[2] or m[3])
        if not 1 <= month <= 12:
            raise DeadlineError(f"月份不存在「{text}」")
        return date(year, month, 1), _month_end(year, month)
    if m := _HALF.fullmatch(s):
        year = int(m[1])
        if m[2] == "下半年":
            return date(year, 7, 1), date(year, 12, 31)
        return date(year, 1, 1), date(year, 6, 30)
    if m := _QUARTER.fullmatch(s):
        year, quarter = int(m[1]), _CN_DIGITS.get(m[2]) or int(m[2])
        return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    if m := _YEAR.fullmatch(s):
        year = int(m[1])
        if m[2] in ("底", "末"):
            return date(year, 12, 31), date(year, 12, 31)
        return date(year, 1, 1), date(year, 12, 31)
    raise DeadlineError(f"无法识别的日期「{text}」")


_PERIOD_END = {"试点期内", "试点期末", "试点期间", "试点期"}
_STANDING = "常设"
_THEN_STANDING = re.compile(r"(.+?)[,，、;；]?(?:以后|此后|之后|起)常设")


@functools.lru_cache(maxsize=1024)  # a plan writes a few dozen phrases, 10,000 times
def parse_deadline(text: str, period_end: date) -> Deadline:
    """Read a 工作进度 phrase. A month means its last day; 试点期内 the plan's end.

    Raises DeadlineError naming the phrase when it is not one the tool knows.
    """
    s = _clean(text)
    if not s:
        raise DeadlineError("工作进度为空")
    if s == _STANDING:
        return Deadline(text, None, standing=True)
    if s in _PERIOD_END:
        return Deadline(text, period_end)
    if m := _THEN_STANDING.fullmatch(s):
        first = parse_deadline(m[1], period_end)
        return Deadline(text, first.due, standing=True)
    try:
        return Deadline(text, date_range(s)[1])
    except DateOutOfRange:
        raise
    except DeadlineError:
        raise DeadlineError(f"无法识别的工作进度「{text}」") from None


def parse_date(text: str, *, end: bool = True) -> date:
    """A date typed as an option: the last day it covers (or the first, for a lower bound)."""
    first, last = date_range(text)
    return last if end else first
