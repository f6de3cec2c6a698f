"""Text as a person reads it: widths on a terminal, lists of names, cut-down excerpts,
headings' numbers and dates in Chinese, and text from a plan made safe to show (hidden characters
escaped) or to put in a spreadsheet cell (never read as a formula)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

# Marks that never end a line (opening) or start one (closing), as Chinese is set: the
# terminal's tables break lines by them (output/breaks.py), and --help by the full-width
# ones (cli/help.py). The annex writes half-width marks in Chinese text too ("建设,每年").
OPENING_MARKS = "（《“‘〈「『【〔［｛([{"
CLOSING_MARKS = "、，。．）》”’〉」』】〕］｝；：！？…％,.;:!?)]}%"


def display_width(text: str) -> int:
    """Terminal columns taken by text: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def join_names(names: list[str] | tuple[str, ...]) -> str:
    return "、".join(names)


def shorten(text: str, limit: int) -> str:
    """At most limit characters, an ellipsis marking a cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Characters a reader cannot see, or that change what is shown around them: controls (ESC
# starts a terminal escape, CR overwrites a line), format characters (bidi overrides and
# isolates reorder text, zero-width joiners and spaces make look-alike names), lone
# surrogates (undecodable bytes of a command line) and the line and paragraph separators.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Where such characters lie, as one character class so that clean text (nearly all of it)
# is passed by one regex search; each match is then checked by its category.
# tests/test_hostile_text.py checks that the class holds every one of them.
_CANDIDATE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u2000-\u206f\ufeff\ufff0-\ufffb\ud800-\udfff\U000110bd\U000110cd"
    "\U00013430-\U0001345f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def hidden(ch: str) -> bool:
    """Whether a character is one a reader cannot see or that changes what is shown."""
    return unicodedata.category(ch) in HIDDEN_CATEGORIES


def first_hidden(text: str) -> str | None:
    """The first hidden character in text, or None."""
    for match in _CANDIDATE.finditer(text):
        if hidden(match[0]):
            return match[0]
    return None


def escape_char(ch: str) -> str:
    """A character as Python writes it in a string: \\x1b, \\u202e, \\U000e0001."""
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str, keep: str = "\n\t", escape: Callable[[str], str] = escape_char) -> str:
    """text with every hidden character but those in keep written as its escape, so that
    nothing in it can move the cursor, recolour a terminal or reorder what follows."""
    if not _CANDIDATE.search(text):
        return text
    return _CANDIDATE.sub(
        lambda m: m[0] if m[0] in keep or not hidden(m[0]) else escape(m[0]), text
    )


# What makes Excel, WPS and LibreOffice take a cell for a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(text: str) -> str:
    """Text for a CSV or XLSX cell: hidden characters escaped (an XLSX cell cannot hold most
    controls at all), and text that would start a formula led by an apostrophe, as OWASP
    recommends: "=1+1" is written '=1+1. Numbers are not text: they are never passed here."""
    return _neutralised(text)[0]


def _neutralised(text: str) -> tuple[str, bool]:
    shown = visible(text)
    if shown.startswith(FORMULA_STARTS):
        return "'" + shown, True
    return shown, False


def cell_value(value: object) -> object:
    """A value for a spreadsheet cell: text as cell_text, anything else (a number, a date,
    None) as it is, so that numbers stay numbers."""
    return cell_text(value) if isinstance(value, str) else value


def csv_line(cells: Iterable[str]) -> str:
    """One CSV row (without its line end) of text cells, each made safe by cell_text. A cell
    is quoted when it holds a comma, a quote or a line break (as the csv module does), and
    when it was neutralised, as OWASP asks: the apostrophe and the text stay one cell."""
    fields = []
    for cell in cells:
        safe, neutralised = _neutralised(cell)
        if neutralised or any(c in safe for c in ',"\n\r'):
            safe = '"' + safe.replace('"', '""') + '"'
        fields.append(safe)
    return ",".join(fields)


def append_row(sheet: Any, values: Sequence[object]) -> None:
    """A row of cells below the last of an openpyxl worksheet, made safe by cell_value and
    typed as text: openpyxl takes a str starting with = for a formula, #N/A for an error."""
    sheet.append([cell_value(value) for value in values])
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row, column).data_type = "s"


def chinese_date(day: date | str) -> str:
    """2009年6月30日: a day (or its ISO text) as a 公文 writes it."""
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return f"{day.year}年{day.month}月{day.day}日"


_DIGITS = "一二三四五六七八九"


def chinese_number(n: int) -> str:
    """A heading's number as Chinese writes it: 1 一, 10 十, 14 十四, 23 二十三, 101 一百零一,
    110 一百一十, 1010 一千零一十, 10001 一万零一, 120000 十二万; in digits from a hundred
    million (and below one)."""
    if not 0 < n < 10**8:
        return str(n)
    high, low = divmod(n, 10_000)
    if not high:
        return _below_10000(low, leading=True)
    text = _below_10000(high, leading=True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _below_10000(low, leading=False)
    return text


def _below_10000(n: int, *, leading: bool) -> str:
    """1–9999 in Chinese; leading: the number starts here (十四, not 一十四)."""
    text, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if not digit:
            zero = zero or bool(text)  # a 零 for the places skipped, once, before a digit
            continue
        one_ten = value == 10 and digit == 1 and leading and not text
        text += ("零" if zero else "") + ("" if one_ten else _DIGITS[digit - 1]) + unit
        zero = False
    return text
