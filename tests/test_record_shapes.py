"""A log's records shaped without Pydantic (files/record_shapes.py) are what the model
and its plain() make of them, and every problem is the model's own, for records written
plainly and not."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_yaml_fast import records as yaml_records
from test_yaml_fast import usual_lines

from ipcity.files import yaml_fast
from ipcity.files.model_errors import validate_batch
from ipcity.files.record_shapes import _plain, shaped_batch, written
from ipcity.files.yaml_document import Document
from ipcity.files.yaml_loader import split_lines
from ipcity.plan.problems import Problem
from ipcity.plan.shapes import Status, Written

names = st.sampled_from(
    ["6.3", "市工商局", " 市工商局", "市工商局 ", "市\u200d工商局", "", " ", "\u3000市", "市\xa0局",
     "a\tb", "😀", "\ufeff6.3", 6, 6.3, True, None]
)  # fmt: skip
days = st.sampled_from(
    ["2009-05-01", "2009-13-01", "1899-05-01", "2999-05-01", "2009-W01-1", "20090501",
     "2009年5月1日", "2009-5-1", " 2009-05-01", "2009-05", 20090501, None]
)  # fmt: skip
statuses = st.sampled_from(
    ["in_progress", "done", "进行中", "已完成", "DONE", " done", "in progress", "finished", "",
     1, None]
)  # fmt: skip
texts = st.sampled_from(["经费尚未到位", " 前后有空格 ", "", "a\u200db", 12, 1.5, False, None])
readings = st.sampled_from(
    [1320, 0, -5, 97.5, 1e300, 1e-300, float("nan"), float("inf"), True, "12", 10**400, None]
)
fields = st.fixed_dictionaries(
    {},
    optional={
        "task": names,
        "date": days,
        "status": statuses,
        "by": names,
        "note": texts,
        "evidence": texts,
        "values": st.dictionaries(names, readings, max_size=2) | texts,
        "unit": names,
        "count": st.sampled_from([1, 0, "2"]),
        "all_parts": st.sampled_from([True, "yes"]),
        "verify": st.sampled_from(["accepted", "通过"]),
        "color": names,
    },
)
records = fields | st.sampled_from([None, "- task: 6.3", ["6.3"], 6])


def doc() -> Document:
    lines = ["- task: '6.3'", "  date: 2009-05-01"] * 40
    return Document(
        Path("status.yaml"), "status.yaml", None, lines, entry_starts=list(range(0, 80, 2))
    )


def by_model(batch: list[Any], first: int) -> tuple[list[tuple[int, Written]], list[Problem]]:
    problems: list[Problem] = []
    found = [(i, m.plain()) for i, m in validate_batch(doc(), batch, first, problems)]
    return found, problems


@settings(max_examples=400, deadline=None)
@given(st.lists(records, max_size=12), st.integers(0, 3))
def test_shaped_as_the_model_shapes_them(batch: list[Any], first: int) -> None:
    problems: list[Problem] = []
    found = shaped_batch(doc(), batch, first, problems)
    expected, expected_problems = by_model(batch, first)
    assert found == expected
    assert [tuple(map(type, r)) for _, r in found] == [tuple(map(type, r)) for _, r in expected]
    assert problems == expected_problems


def test_a_plain_record_is_shaped_without_the_model() -> None:
    entry = {"task": "6.3", "date": "2009-05-01", "status": "进行中", "by": "市工商局",
             "values": {"年注册商标数": 1320}}  # fmt: skip
    assert _plain(entry) is not None
    problems: list[Problem] = []
    assert shaped_batch(doc(), [entry], 0, problems) == by_model([entry], 0)[0]
    assert problems == []


@settings(max_examples=200, deadline=None)
@given(yaml_records() | yaml_records(usual_lines))
def test_shaped_from_its_lines_as_read_then_shaped(written_lines: list[str]) -> None:
    """written(lines) is _plain(yaml_fast.record(lines)), or None where that is not a
    shape (the two steps then run); never another shape."""
    text = "\n".join(written_lines)
    lines = split_lines(text)
    assume(lines and lines[0].startswith("- ") and yaml_fast.printable(text))
    try:
        expected = _plain(yaml_fast.record(lines, True))
    except yaml_fast.NotPlain:
        expected = None
    found = written(lines)
    assert found is None or found == expected
    if found is not None:
        assert type(found) is Written and found._asdict() == expected._asdict()


def test_a_record_ipcity_writes_is_shaped_from_its_lines() -> None:
    lines = ["- task: '234.2'", "  date: 2008-09-01", "  status: 进行中", "  by: 嘉兴市国土资源局",
             "  note: 经费尚未到位，进度滞后", "  values: {年专利申请量: 3000}"]  # fmt: skip
    found = written(lines)
    assert found == _plain(yaml_fast.record(lines, True))
    assert found is not None and found.values == {"年专利申请量": 3000.0}
    again = written(lines)  # its lines read once: the readings are the record's own
    assert again is not None and again.values == found.values and again.values is not found.values


def test_a_record_as_record_writes_it_is_shaped_from_its_items() -> None:
    line = "- {task: '6.3', date: 2026-12-01, status: in_progress, by: 市工商局, note: 测试}"
    found = written([line])
    assert found == _plain(yaml_fast.record([line], True))
    assert found == Written("6.3", date(2026, 12, 1), Status.in_progress, "市工商局", "测试")
    # An item the shape does not take (a count, a key twice): the two steps decide.
    assert written(["- {task: '6.3', date: 2026-12-01, status: done, count: 2}"]) is None
    assert written(["- {task: '6.3', date: 2026-12-01, status: done, task: '6.4'}"]) is None
