"""Warnings about records written twice, placed from the log's bytes by regular
expressions (files/warnings.py, for `record` on a province's log), are placed as
entry_places places them, or left to it: for logs written plainly and not."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ipcity.files import warnings, yaml_read
from ipcity.plan.duplicate_rules import duplicate_findings

entries = st.sampled_from(
    ["- task: '6.3'\n  date: 2009-05-01\n", "- {task: '6.3', date: 2009-05-01}\n",
     "-   task: '1'\n", "-\ttask: '1'\n", "- task: 单位\n\n  note: 说明\n", "-\n  task: '2'\n"]
)  # fmt: skip
others = st.sampled_from(
    ["# 注释\n", "\n", "  # 缩进的注释\n", "x: 1\n", "-x\n", "\ttask: '1'\n", "- a\r\n",
     "- b\x85\n", "- c\u2028\n", "- d\x0c\n", "\ufeff", "- e"]
)  # fmt: skip
logs = st.lists(entries | others, min_size=1, max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(logs, st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), max_size=4))
def test_placed_as_entry_places_places_them(log: str, pairs: list[tuple[int, int]]) -> None:
    raw = log.encode("utf-8")
    name = "data/status.yaml"
    doc = yaml_read.entry_places(Path(name), name, raw=raw)
    starts = doc.entry_starts or []
    pairs = [(a, b) for a, b in pairs if a < len(starts) and b < len(starts)]
    findings = duplicate_findings(pairs)
    placed = warnings._placed_plainly(raw, name, findings)
    if placed is not None:
        assert placed == [doc.finding(f) for f in findings]
    plain = all(c not in log for c in "\r\x85\u2028\x0c\ufeff\t") and not any(
        line[:1] not in ("", " ", "#", "-") or (line[:1] == "-" and line[1:2] not in ("", " "))
        for line in log.split("\n")
    )
    if plain and pairs:
        assert placed is not None


def test_a_plain_log_is_placed_without_splitting_it() -> None:
    raw = "- task: '6.3'\n  date: 2009-05-01\n# 注释\n- task: '6.3'\n  date: 2009-05-01\n"
    found = warnings._placed_plainly(raw.encode(), "status.yaml", duplicate_findings([(1, 0)]))
    assert found is not None
    assert [(p.line, p.col, p.excerpt) for p in found] == [(4, 3, "- task: '6.3'")]
    assert "第 1 行" in found[0].message
