"""Indicators proposed from the numbers in 目标要求, for a plain table that carries none:
`年专利申请量…5500件以上` -> 年专利申请量, target 5500, unit 件. Import writes each one marked
推测, for a person to confirm.

Conservative on purpose: a clause (between , ; 。) must be a name, an optional 达到/达/为, a
number and a unit of measure, and nothing after but 以上. `A和B分别达到X和Y` gives two, B
taking A's head (申请量和授权量 -> 年专利申请量, 年专利授权量). Not proposed: a number inside
a clause (重点支持20项专利技术), a range (5~7家, 800-100名), a name that says nothing alone
(总数), anything with 每年/每月 (a recurring duty) or with 不少于/至少 (a bound worded another
way). A % is a rate, anything else a count: whether a figure is a stock (total) the text
does not say, and a person does.
"""

from __future__ import annotations

import re
import unicodedata

from ipcity.plan.models import Indicator, Item

_UNITS = "件|家|项|个|名|人|所|亿元|万元|%"
_NAME = r"[\u4e00-\u9fff]+?"
_NUMBER = r"\d+(?:\.\d+)?"
_VERB = r"(?:达到|达|为)?"
_ONE = re.compile(rf"(?P<name>{_NAME}){_VERB}(?P<n>{_NUMBER})(?P<u>{_UNITS})(?:以上)?")
_PAIR = re.compile(
    rf"(?P<a>{_NAME})和(?P<b>{_NAME})分别{_VERB}"
    rf"(?P<x>{_NUMBER})(?P<ux>{_UNITS})(?:以上)?和(?P<y>{_NUMBER})(?P<uy>{_UNITS})(?:以上)?"
)
_CLAUSES = re.compile(r"[,;。:]")
# Words before a figure's name that are not part of it: where and when it applies.
_LEADING = re.compile(r"^(?:其中|全市|我市|全省|试点期内|试点期末)+")
_NOT_A_FIGURE = re.compile(r"每年|每月|每半年|每季度|每周|不少于|不低于|至少|不超过|不高于|以内")
_SHORTEST = 3  # 总数, 数量: a name of two characters says nothing alone
# A clause that states a figure is a phrase of the annex (the Jiaxing annex's longest is
# 29 characters, its longest clause 39): a longer one is not read, as the patterns' lazy
# names take time squared in a clause's length (a hostile cell of a million would hang).
_LONGEST = 200


def propose(target: str) -> list[Indicator]:
    """The indicators a 目标要求 states plainly, in the order it states them."""
    found: list[Indicator] = []
    for clause in _CLAUSES.split(unicodedata.normalize("NFKC", target)):
        clause = clause.strip()
        if len(clause) > _LONGEST:
            continue
        pair = _PAIR.fullmatch(clause)
        if pair is not None:
            first, second = pair["a"], pair["b"]
            if len(second) < len(first) and first[-1] == second[-1]:
                second = first[: len(first) - len(second)] + second  # 申请量, 授权量
                _add(found, first, pair["x"], pair["ux"])
                _add(found, second, pair["y"], pair["uy"])
            continue
        one = _ONE.fullmatch(clause)
        if one is not None:
            _add(found, one["name"], one["n"], one["u"])
    return found


def _add(found: list[Indicator], name: str, number: str, unit: str) -> None:
    name = _LEADING.sub("", name)
    if len(name) < _SHORTEST or _NOT_A_FIGURE.search(name) or name in {i.name for i in found}:
        return
    kind = "rate" if unit == "%" else "count"
    found.append(Indicator(name=name, target=float(number), unit=unit, kind=kind))


def proposed(items: list[Item]) -> dict[str, list[Indicator]]:
    """Each task's proposals, by task ID; tasks with none left out."""
    return {
        task.id: found for item in items for task in item.tasks if (found := propose(task.target))
    }
