"""A log's records read without composing them are the data PyYAML composes and the
Builder builds, or are left to PyYAML: for many records written plainly and not.
`make fuzz` tries many more (IPCITY_FUZZ_EXAMPLES)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests_support import ROOT

from ipcity.files import yaml_fast, yaml_read
from ipcity.files.yaml_build import Builder
from ipcity.files.yaml_document import Document
from ipcity.files.yaml_loader import compose_text, split_lines

EXAMPLES = 10 * int(os.environ.get("IPCITY_FUZZ_EXAMPLES", "40"))  # 400; make fuzz: 30,000

GENERATOR = ROOT / "bench" / "generate.py"
keys = st.sampled_from(["task", "date", "status", "by", "note", "values", "count", "yes", "x1"])
pieces = st.sampled_from(
    ["6.3", "2009-05-01", "in_progress", "进行中", "市工商局", " ", ": ", " #", "#", "'", "''",
     '"', "\\", "-", "- ", "?", ":", ",", "{", "}", "[", "]", "&a", "*a", "!!str", "|", ">",
     "%", "@", "`", "=", "<<", "~", "null", "yes", "No", "0x1F", "1_000", "3.5", ".inf", "1:30",
     "12e3", "+1", "\t", "\u3000", "\xa0", "\x85", "\u2028", "\x07", "😀", "\ufeff"]
)  # fmt: skip
scalars = st.lists(pieces, max_size=5).map("".join) | st.text(max_size=8)
values = st.one_of(
    scalars,
    scalars.map(lambda v: f"'{v}'"),
    scalars.map(lambda v: f'"{v}"'),
    st.lists(st.tuples(scalars, scalars), max_size=3).map(
        lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
    ),
)
lines = st.tuples(
    keys, st.sampled_from([": ", ":  ", ":", ": "]), values, st.sampled_from(["", " ", "  "])
)


# Mostly what people and `record` write, now and then something else.
usual = st.sampled_from(
    ["6.3", "'6.3'", "2009-05-01", "in_progress", "进行中", "市工商局", "已启动 工作", "12", "3.5",
     "yes", "null", "~", "-5", "'it''s'", '"引号"', "a#b", "1:30", "x:y", "{年专利申请量: 3000}",
     "{a: 1, b: '2'}", "{}", "＝全角", "0x1F", "1_000", "+1", ".inf", "2009年5月1日"]
)  # fmt: skip
usual_lines = st.tuples(keys, st.just(": "), usual | values, st.sampled_from(["", " "]))


@st.composite
def records(draw: st.DrawFn, lines: st.SearchStrategy[Any] = lines) -> list[str]:
    pairs = draw(st.lists(lines, min_size=1, max_size=6, unique_by=lambda p: p[0]))
    written = [f"{k}{sep}{v}{end}" for k, sep, v, end in pairs]
    if draw(st.booleans()):
        text = ["- " + written[0], *("  " + line for line in written[1:])]
    else:
        text = ["- {" + ", ".join(written) + "}"]
    extra = draw(st.sampled_from(["", "", "", "  ", "# a comment", "   deeper: 1", "  - item"]))
    return [*text, extra] if extra else text


def composed(lines: list[str]) -> tuple[str, Any]:
    """What PyYAML and the Builder make of a record: its data, or that they refuse it."""
    doc = Document.__new__(Document)
    doc.lines, doc.problems, doc.name = lines, [], "status.yaml"
    try:
        root = compose_text("\n".join(lines))
    except (yaml.YAMLError, RecursionError):
        return ("refused", None)
    if not isinstance(root, yaml.SequenceNode) or len(root.value) != 1:
        return ("refused", None)
    builder = Builder(doc, 0, [])
    data = builder.build(root, 0)
    if builder.problems:
        return ("refused", None)
    return ("data", data[0])


@settings(max_examples=EXAMPLES, deadline=None)
@given(records() | records(usual_lines))
def test_a_plain_record_reads_as_pyyaml_reads_it(written: list[str]) -> None:
    text = "\n".join(written)
    lines = split_lines(text)  # as the loader splits a file (at \x85 and \u2028 too)
    assume(lines and lines[0].startswith("- ") and not any(x[:1] == "-" for x in lines[1:]))
    try:
        fast = yaml_fast.record(lines, yaml_fast.printable(text))
    except yaml_fast.NotPlain:
        return  # left to PyYAML
    assert ("data", fast) == composed(lines)


def test_the_records_ipcity_writes_are_read_plainly() -> None:
    written = [
        ["- {task: '6.3', date: 2009-05-01, status: in_progress, by: 市工商局, note: 已启动}"],
        ["- task: '234.2'", "  date: 2008-09-01", "  status: 进行中", "  by: 嘉兴市国土资源局",
         "  note: 经费尚未到位，进度滞后", "  values: {年专利申请量: 3000}"],
    ]  # fmt: skip
    for lines in written:
        assert ("data", yaml_fast.record(lines)) == composed(lines)


def test_a_generated_log_reads_the_same_either_way(tmp_path: Path, monkeypatch: Any) -> None:
    """bench/generate.py's log (block records, readings, Chinese words): every record read
    plainly, and the data what composing gives."""
    out = tmp_path / "data"
    sizes = ["--tasks", "150", "--units", "40", "--records", "3000"]
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out), *sizes], check=True)
    path = out / "status.yaml"
    plainly = yaml_read.load(path)
    monkeypatch.setattr(yaml_read, "_read_plainly", lambda *args: None)
    assert plainly.data == yaml_read.load(path).data
    monkeypatch.undo()
    taken: list[int] = []
    real = yaml_fast.record
    monkeypatch.setattr(yaml_fast, "record", lambda *a: (real(*a), taken.append(1))[0])
    yaml_read.load(path)
    assert len(taken) == 3000


heads = st.sampled_from(
    ["", " ", "  x: 1", "#", "# c", "-", "- x", "-\tx", "- ", "-x", "--", "---", "x", ":",
     "\tx", "[", "{", "?", "\u3000x", "\ufeff- x"]
)  # fmt: skip


@given(st.lists(heads, max_size=12), st.integers(0, 3))
def test_a_log_is_read_by_records_only_when_it_is_a_plain_list(
    lines: list[str], first: int
) -> None:
    """Where a log's records start, told from the lines' first characters at once: as a
    line-by-line reading of the rule says (blank, indented and comment lines go on a
    record; `-` alone or with a blank starts one; any other line is not a plain list)."""
    starts: list[int] | None = []
    for n, line in enumerate(lines[first:], first):
        if not line or line[0] in " #":
            continue
        if line[0] == "-" and (len(line) == 1 or line[1] in " \t"):
            assert starts is not None
            starts.append(n)
        else:
            starts = None
            break
    assert yaml_read._record_starts(lines, first) == (starts or None)


@given(st.text(alphabet="a \n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029", max_size=12))
def test_a_files_lines_are_split_where_yaml_breaks_them(text: str) -> None:
    """At the YAML reader's line breaks alone (libyaml's line numbers count these), though
    str.splitlines also breaks at \\v, \\f and \\x1c-\\x1e."""
    expected = re.split("\r\n|[\n\r\x85\u2028\u2029]", text)
    if expected[-1] == "":
        expected.pop()
    assert split_lines(text) == expected
