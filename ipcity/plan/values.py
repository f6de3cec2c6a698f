"""What a name and a number in a plan may be, whoever wrote them (a person's editor, `record`,
an imported table): the rules models.py attaches to its types.

A name (a unit, an ID, a title, an indicator or a duty) holds no hidden character: a
zero-width joiner or a bidi override makes 市工商局\\u200d a unit distinct from 市工商局
that looks the same, and a control character in a name would reach every output. A number
is finite and of a size that a city's plan can mean: NaN and infinity would reach the JSON
output (which cannot hold them) and compare as met. Each rule raises a PydanticCustomError
whose context carries a fix; files/model_errors.py puts both at the value's line. The
*_problem functions say the same for an entry checked without a model (log/entry.py).
The rules on a date, a phone number and an email address are here too, Pydantic-free: the
loader shapes a plan written plainly without the models (files/plan_shapes.py)."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from typing import Any

from ipcity.plan.deadlines import FIRST_YEAR, LAST_YEAR, DeadlineError, date_range
from ipcity.text import first_hidden

# Readings and targets: a count of patents, a sum in 万元, a rate in per cent. A trillion
# is past any of them; a millionth is below any figure a plan states (and a target that
# small would make a reading's percentage overflow).
MAX_MEASURE = 10**12
MIN_MEASURE = 1e-6
# Occurrences of a recurring duty in one record, or asked for in one period: ten thousand
# is more than one a day for any period a plan has.
MAX_COUNT = 10_000

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")

NAME_HINT = (
    "名称、序号、标题里不能有看不见的字符（它们让看上去相同的名称不同，或打乱显示）；"
    "删去它，或重新输入这段文字"
)
MEASURE_HINT = f"数值要有限，绝对值不超过 {MAX_MEASURE}、不小于 {MIN_MEASURE:f}，或为 0"
COUNT_HINT = f"次数最多 {MAX_COUNT}"


def describe(ch: str) -> str:
    """A hidden character in a person's words: 零宽字符 U+200D."""
    code = f"U+{ord(ch):04X}"
    if ch in _BIDI:
        return f"双向文字控制符 {code}"
    if ch in _ZERO_WIDTH:
        return f"零宽字符 {code}"
    if 0xD800 <= ord(ch) <= 0xDFFF:
        return f"无法保存的字符 {code}（不成对的代理码位：传入的文字不是 UTF-8 编码）"
    if ch in "\u2028\u2029":
        return f"分隔符 {code}"
    if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
        return f"控制字符 {code}"
    return f"格式字符 {code}"


def hidden_in_name(text: str) -> str | None:
    """What is wrong with text as a name (中有看不见的零宽字符 U+200D), or None."""
    ch = first_hidden(text)
    if ch is None:
        return None
    return f"中有{describe(ch)}" if 0xD800 <= ord(ch) <= 0xDFFF else f"中有看不见的{describe(ch)}"


def visible_name(value: str) -> str:
    """The rule on a Name: no hidden character."""
    if value.isprintable():  # in C: no control, format or separator character at all
        return value
    wrong = hidden_in_name(value)
    if wrong is not None:
        raise _error("hidden_character", "名称" + wrong, {"hint": NAME_HINT})
    return value


def name_problem(value: str) -> str | None:
    """What visible_name says of a name, or None: for an entry checked without a model."""
    wrong = None if value.isprintable() else hidden_in_name(value)
    return None if wrong is None else "名称" + wrong


def _measure_wrong(value: float) -> str | None:
    if not math.isfinite(value):
        return "不是有限的数"
    if abs(value) > MAX_MEASURE or 0 < abs(value) < MIN_MEASURE:
        return "超出合理范围"
    return None


def _shown(value: float) -> str:
    return str(int(value)) if math.isfinite(value) and value.is_integer() else repr(value)


def plausible_measure(value: float) -> float:
    """The rule on a target or a reading: finite, and within MIN_MEASURE..MAX_MEASURE."""
    what = _measure_wrong(value)
    if what is None:
        return value
    raise _error(
        "implausible_number",
        "数值 {value} {what}（{hint}）",
        {"value": _shown(value), "what": what, "hint": MEASURE_HINT},
    )


def measure_problem(value: float) -> str | None:
    """What plausible_measure says of a number (as the model's float), or None."""
    value = float(value)
    what = _measure_wrong(value)
    return None if what is None else f"数值 {_shown(value)} {what}（{MEASURE_HINT}）"


def plausible_count(value: int) -> int:
    """The rule on a count of occurrences: at most MAX_COUNT (at least 1 is the field's)."""
    if value > MAX_COUNT:
        raise _error(
            "implausible_number",
            "次数 {value} 超出合理范围（{hint}）",
            {"value": str(value), "what": "超出合理范围", "hint": COUNT_HINT},
        )
    return value


def count_problem(value: int) -> str | None:
    """What plausible_count says of a count, or None."""
    return f"次数 {value} 超出合理范围（{COUNT_HINT}）" if value > MAX_COUNT else None


def _error(kind: str, template: str, context: dict[str, str]) -> Exception:
    # Imported when a value is refused: a command that checks an entry without a model
    # (record, verify, extend) never loads Pydantic's core.
    from pydantic_core import PydanticCustomError

    return PydanticCustomError(kind, template, context)


def text_date(value: Any) -> Any:
    """Dates in the files are written as text (ISO or 2009年5月1日); YAML gives them as str."""
    if isinstance(value, str):
        if len(value) == 10:  # the ISO form: read in C, a hundred thousand times a log
            try:
                day = date.fromisoformat(value)
                if FIRST_YEAR <= day.year <= LAST_YEAR:  # else date_range says why not
                    return day
            except ValueError:
                pass
        try:
            first, last = date_range(value)
        except DeadlineError as exc:
            raise ValueError(str(exc)) from None
        if first != last:
            raise ValueError(f"日期要具体到日「{value}」")
        return first
    if isinstance(value, date):
        return value
    raise ValueError("日期要写成 2009-05-01 这样的文字")


_PHONE = re.compile(r"[0-9+()\- ]+(?:转[0-9]+)?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def phones(value: Any) -> Any:
    """One number or several (separated by 、), digits at any width: 0573-82345678、13812345678."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # an unquoted mobile number reads as a number
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKC", value).strip()
    numbers = [n.strip() for n in re.split(r"[、,;]", text)]
    if not all(_PHONE.fullmatch(n) and sum(c.isdigit() for c in n) >= 5 for n in numbers):
        raise ValueError(
            f"电话「{value}」应为号码，如 0573-82345678 或 13812345678（分机写“转801”），"
            "几个号码用顿号隔开"
        )
    return text


def email_address(value: Any) -> Any:
    if isinstance(value, str) and not _EMAIL.fullmatch(value.strip()):
        raise ValueError(f"邮箱「{value}」不是邮箱地址，应如 kjj@jiaxing.gov.cn")
    return value
