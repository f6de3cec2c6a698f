"""plan/shapes_json.py: a shape written as JSON reads back as the same value, of the same
classes, whatever its annotation nests (the loader hands the plan's files across
processes so, the index keeps its JSON columns so)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import pytest

from ipcity.plan.shapes import Indicator, Item, Office, Period, Task, TasksHeader, UnitsHeader
from ipcity.plan.shapes_json import compact_json, reader


@dataclass(frozen=True)
class Holder:
    pairs: list[tuple[int, Item]]
    maybe: TasksHeader | None
    kinds: UnitsHeader
    day: date | None = None
    names: frozenset[str] = field(default_factory=frozenset)


class Row(NamedTuple):
    holder: Holder
    count: int
    ratio: float


def round_trip(value: Row) -> Row:
    found: Row = reader(Row)(json.loads(compact_json()(value)))
    return found


def test_a_shape_reads_back_as_itself_classes_and_all() -> None:
    task = Task(
        id="6.3",
        target="建立专利信息平台",
        deadline="2009年3月",
        responsible=["市科技局"],
        indicators=[Indicator(name="年注册商标数", target=1320, targets={"2009": 660.5})],
    )
    header = TasksHeader(
        title="方案",
        period=Period(start=date(2008, 9, 1), end=date(2010, 12, 31)),
        office=Office(name="办公室", recipients=["各成员单位"]),
    )
    kinds = UnitsHeader(
        kinds=["部门", "县（市、区）"], county_kind="县（市、区）", given=frozenset({"kinds"})
    )
    value = Row(
        Holder([(3, Item(id="6", content="信息平台", tasks=[task]))], header, kinds, date(2009, 5, 1),
               frozenset({"乙", "甲"})),
        7,
        0.5,
    )  # fmt: skip
    back = round_trip(value)
    assert back == value
    assert type(back.holder.pairs[0]) is tuple and type(back.holder.pairs[0][1]) is Item
    assert type(back.holder.pairs[0][1].tasks[0].indicators[0].target) is int  # as written
    assert type(back.holder.maybe) is TasksHeader and type(back.holder.names) is frozenset


def test_none_stays_none_where_the_annotation_allows_it() -> None:
    kinds = UnitsHeader(kinds=[], county_kind="", given=frozenset())
    value = Row(Holder([], None, kinds), 0, 1.0)
    assert round_trip(value) == value


def test_a_tuple_of_another_length_is_refused() -> None:
    pair = reader(tuple[int, Item])
    item = {"id": "6", "content": "信息平台", "tasks": []}
    assert pair([3, dict(item)]) == (3, Item(id="6", content="信息平台", tasks=[]))
    for wrong in ([3], [3, dict(item), 4]):
        with pytest.raises(ValueError):
            pair(wrong)
