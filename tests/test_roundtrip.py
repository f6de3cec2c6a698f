"""Any note or evidence text goes through `record` and comes back from the loader unchanged.

The only text refused is text that cannot be stored as UTF-8 at all: a lone surrogate
(U+D800..U+DFFF), which Python makes of undecodable bytes on a command line. st.text()
never generates one (its default alphabet is characters(codec="utf-8"), the whole of
Unicode but those), and test_record.py checks that record refuses one with exit 2.
Everything else st.text() can generate is allowed here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Literal, NamedTuple

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ipcity.files import load
from ipcity.log import entry, office
from ipcity.log import new as recording
from ipcity.log.entry import Typed
from ipcity.plan.loaded import Plan

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2011, 1, 1)
HEADER = "# 进度记录\n"
# How many examples each property tries (make fuzz: 1,000); raise it for a longer hunt, e.g.
# IPCITY_HYPOTHESIS_EXAMPLES=20000 .venv/bin/pytest tests/test_roundtrip.py
EXAMPLES = int(os.environ.get("IPCITY_HYPOTHESIS_EXAMPLES", "100"))

# Characters that mean something to YAML, to a line-based tool, or to a reader of Unicode,
# mixed with any character at all, so the interesting ones meet often.
TRICKY = list(
    ":#'\"-?,[]{}&*!|>%@`~=<\\ \t\n\r\x00\x07\x1b\x7f\x85\xa0\u2028\u2029\u200b\u200d"
    "\u202e\u3000\ufeff\ufffe\uffff《》，：。🎉👨\U0010ffff0123456789.eEnoyYtrufalsNul"
)
tricky_text = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"))


class Workdir(NamedTuple):
    plan: Plan
    data_dir: Path

    def __repr__(self) -> str:  # Hypothesis prints it with every failing example
        return f"Workdir({self.data_dir})"


@pytest.fixture(scope="module")
def workdir() -> Iterator[Workdir]:
    """The bundled plan, loaded once, and a data dir of its own whose log each example resets."""
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data_dir)
        plan, problems = load.load_plan(data_dir, TODAY)
        assert plan is not None, problems
        yield Workdir(plan, data_dir)


def record_and_reload(plan: Plan, data_dir: Path, notes: list[tuple[str, str]]) -> Plan:
    (data_dir / "status.yaml").write_text(HEADER, encoding="utf-8")
    for note, evidence in notes:
        typed = Typed("6.3", TODAY, "2009-05-01", by="市工商局", note=note)
        new = recording.build_record(plan, typed, "in_progress", evidence=evidence)
        assert "\n" not in new.line  # one record, one line, whatever the text
        recording.append_record(data_dir, new)
    again, problems = load.load_plan(data_dir, TODAY)
    assert again is not None, [p.format() for p in problems]
    return again


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None)
@given(note=st.text(), evidence=st.text())
@example(note="", evidence=" ")
@example(note="a\x85b", evidence="\u2028\u2029")
@example(note="no", evidence="2009-05-01")
def test_any_text_round_trips(workdir: Workdir, note: str, evidence: str) -> None:
    plan, data_dir = workdir
    [record] = record_and_reload(plan, data_dir, [(note, evidence)]).records
    assert (record.note, record.evidence) == (note, evidence)


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None)
@given(note=tricky_text, evidence=tricky_text)
def test_text_full_of_yaml_and_unicode_specials_round_trips(
    workdir: Workdir, note: str, evidence: str
) -> None:
    plan, data_dir = workdir
    [record] = record_and_reload(plan, data_dir, [(note, evidence)]).records
    assert (record.note, record.evidence) == (note, evidence)


@pytest.mark.slow
@settings(max_examples=max(EXAMPLES // 2, 10), deadline=None)
@given(st.lists(st.tuples(tricky_text, st.text()), min_size=1, max_size=6))
def test_records_appended_one_after_another_all_read_back_in_order(
    workdir: Workdir, notes: list[tuple[str, str]]
) -> None:
    plan, data_dir = workdir
    records = record_and_reload(plan, data_dir, notes).records
    assert [(r.note, r.evidence) for r in records] == notes


CLI_NOTES = [
    "进度: 50% # 见附件",
    "- 以短横开头",
    "no",
    "012",
    "2009-05-01",
    "《嘉兴市专利资助办法》🎉",
    "第一行\n第二行\r\n第三行",
    "  前后有空格  ",
    "\x85\u2028\u2029\ufeff",
    "'单引号' \"双引号\" \\反斜杠",
    "{[,]}&*!|>%@`",
    "\t",
    "",
]


@pytest.mark.slow  # a process of the installed command for each note
@pytest.mark.parametrize("note", CLI_NOTES)
def test_notes_given_on_a_real_command_line_round_trip(data_dir: Path, note: str) -> None:
    result = subprocess.run(
        [
            sys.executable, "-m", "ipcity", "record", "6.3", "--status", "done",
            "--date", "2009-05-01", "--note", note, "--data-dir", str(data_dir),
        ],
        env={**os.environ, "PYTHONUTF8": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    plan, problems = load.load_plan(data_dir, date.today())
    assert plan is not None, problems
    assert [r.note for r in plan.records] == [note]


CLAIM = "- {task: '6.3', date: 2009-05-01, status: done, by: 市工商局}\n"


@pytest.fixture(scope="module")
def claimed() -> Iterator[Workdir]:
    """The bundled plan whose log holds one claim of completion (6.3, by 市工商局)."""
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data_dir)
        (data_dir / "status.yaml").write_text(HEADER + CLAIM, encoding="utf-8")
        plan, problems = load.load_plan(data_dir, TODAY)
        assert plan is not None, problems
        yield Workdir(plan, data_dir)


days = st.dates(min_value=date(2009, 5, 1), max_value=TODAY)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    note=tricky_text,
    verdict=st.sampled_from(["accepted", "returned"]),
    day=days,
    by=st.sampled_from([None, "市科技局", "市知识产权局", "市政府办公室"]),
)
def test_any_verification_reads_back_as_written(
    claimed: Workdir, note: str, verdict: Literal["accepted", "returned"], day: date, by: str | None
) -> None:
    plan, data_dir = claimed
    (data_dir / "status.yaml").write_text(HEADER + CLAIM, encoding="utf-8")
    if verdict == "returned" and not note:
        note = "缺"
    typed = Typed("6.3", TODAY, day.isoformat(), by=by, note=note)
    new = office.build_verification(plan, typed, verdict)
    assert "\n" not in new.line
    entry.append_record(data_dir, new)
    again, problems = load.load_plan(data_dir, TODAY)
    assert again is not None, [p.format() for p in problems]
    assert again.checks == [new.record]


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    reason=tricky_text.filter(bool),
    day=days,
    to=st.dates(min_value=date(2011, 1, 1), max_value=date(2099, 12, 31)),
    approved_by=st.sampled_from([None, "市政府办公室", "市科技局(知识产权局)"]),
)
def test_any_extension_reads_back_as_written(
    claimed: Workdir, reason: str, day: date, to: date, approved_by: str | None
) -> None:
    plan, data_dir = claimed
    (data_dir / "status.yaml").write_text(HEADER + CLAIM, encoding="utf-8")
    typed = Typed("6.3", TODAY, day.isoformat())
    new = office.build_extension(
        plan, typed, to_text=to.isoformat(), reason=reason, approved_by=approved_by
    )
    assert "\n" not in new.line
    entry.append_record(data_dir, new)
    again, problems = load.load_plan(data_dir, TODAY)
    assert again is not None, [p.format() for p in problems]
    assert again.extensions == [new.record]
    assert again.extensions[0].reason == reason


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    note=tricky_text,
    how=st.sampled_from([("市工商局", None, False), ("市科技局", "市公安局", False),
                         (None, None, True), (None, "市文化局", False)]),
)  # fmt: skip
def test_any_record_for_a_part_reads_back_as_written(
    workdir: Workdir, note: str, how: tuple[str | None, str | None, bool]
) -> None:
    plan, data_dir = workdir
    by, unit, all_parts = how
    (data_dir / "status.yaml").write_text(HEADER, encoding="utf-8")
    typed = Typed("10.2", TODAY, "2009-05-01", unit, by, note)
    new = recording.build_record(plan, typed, "in_progress", all_parts=all_parts)
    recording.append_record(data_dir, new)
    again, problems = load.load_plan(data_dir, TODAY)
    assert again is not None, [p.format() for p in problems]
    assert again.records == [new.record]
