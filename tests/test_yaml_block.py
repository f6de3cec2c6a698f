"""A plan's files read without composing them are the data PyYAML composes and the
Builder builds, or are left to PyYAML: for many documents written plainly and not.
`make fuzz` tries many more (IPCITY_FUZZ_EXAMPLES)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from test_yaml_fast import pieces, usual
from tests_support import BUNDLED, ROOT

from ipcity.files import yaml_block, yaml_fast, yaml_read
from ipcity.files.yaml_build import Builder
from ipcity.files.yaml_document import Document
from ipcity.files.yaml_loader import MAX_DEPTH, compose, node_budget, split_lines

EXAMPLES = 5 * int(os.environ.get("IPCITY_FUZZ_EXAMPLES", "40")) // 2  # 100; make fuzz: 7,500

GENERATOR = ROOT / "bench" / "generate.py"

keys = st.sampled_from(["id", "target", "tasks", "items", "x1", "a", "b", "c", "yes"])
# Mostly what plans hold, now and then something else.
odd = st.lists(pieces, max_size=4).map("".join) | st.text(max_size=6)
scalars = st.one_of(usual, usual, usual, usual, usual, odd)
plain = st.sampled_from(
    ["6.3", "'6.3'", "市工商局", "2009年底", "已启动 工作", "12", "3.5", "-5", "yes", "~",
     "'it''s'", '"引号"', "a#b", "x:y", "＝全角"]
)  # fmt: skip


def leaves(scalars: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        scalars,
        st.lists(scalars, max_size=4).map(lambda v: "[" + ", ".join(v) + "]"),
        st.lists(st.tuples(keys, scalars), max_size=3).map(
            lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
        ),
    )


@st.composite
def trees(draw: st.DrawFn, leaves: st.SearchStrategy[str], depth: int = 0) -> Any:
    """A nested mapping or list of written leaves (a list: ("list", entries))."""
    if depth > 3 or draw(st.integers(0, 4)) == 0:
        return draw(leaves)
    least = 1 if depth < 2 else 0
    if draw(st.booleans()):
        entries = draw(st.lists(trees(leaves, depth + 1), min_size=least, max_size=3))
        return ("list", entries)
    unique = draw(st.integers(0, 5)) > 0  # now and then a key written twice
    pairs = st.tuples(keys, trees(leaves, depth + 1))
    found = draw(st.lists(pairs, min_size=least, max_size=3, unique_by=lambda p: p[0]))
    return ("map", found if unique else found + found[:1])


@st.composite
def documents(draw: st.DrawFn, scalars: st.SearchStrategy[str] = scalars) -> list[str]:
    """A tree written as a block document, with now and then an oddity on a line."""
    step = draw(st.sampled_from([2, 2, 4, 1]))
    lines: list[str] = []

    def write(node: Any, indent: int, lead: str) -> None:
        """node's lines; lead is what starts its first line (`key:` or `- `)."""
        pad = " " * indent
        if isinstance(node, str):
            lines.append(f"{pad}{lead} {node}".rstrip(" ") if lead else f"{pad}{node}")
            return
        kind, entries = node
        if lead.startswith("-") and kind == "map" and entries and draw(st.booleans()):
            # The compact form: `- key: value`, the other keys under the first.
            inner = indent + len(lead) + 1
            start = len(lines)
            for key, value in entries:
                write(value, inner, f"{key}:")
            lines[start] = pad + lead + " " + lines[start][inner:]
            return
        if lead:
            lines.append(f"{pad}{lead}")
        same = kind == "list" and lead.endswith(":") and draw(st.booleans())
        inner = indent if same or not lead else indent + step
        for entry in entries:
            if kind == "list":
                write(entry, inner, "-")
            else:
                write(entry[1], inner, f"{entry[0]}:")

    pairs = st.tuples(keys, trees(leaves(scalars), 1))
    top = st.lists(pairs, min_size=1, max_size=4, unique_by=lambda p: p[0])
    write(("map", draw(top)), 0, "")
    odd = ["", "# a comment", "  # indented", "---", "...", "  more", "- x", "\t", "key: &a 1"]
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(odd)))
    return lines


def composed(lines: list[str]) -> tuple[str, Any]:
    """What PyYAML and the Builder make of a file: its data, or that they refuse it."""
    text = "\n".join(lines)
    doc = Document(Path("tasks.yaml"), "tasks.yaml", None, lines)
    try:
        root, nodes = compose(text)
    except (yaml.YAMLError, RecursionError):
        return ("refused", None)
    if root is None:
        return ("refused", None)
    builder = Builder(doc, 0, [], nodes)
    data = builder.build(root, 0)
    return ("refused", None) if builder.problems or builder.refused else ("data", data)


def plainly(lines: list[str]) -> Any:
    text = "\n".join(lines)
    return yaml_block.document(split_lines(text), yaml_fast.printable(text), node_budget(text))


@settings(max_examples=EXAMPLES, deadline=None)
@given(documents() | documents(plain))
def test_a_plain_document_reads_as_pyyaml_reads_it(written: list[str]) -> None:
    lines = split_lines("\n".join(written))  # as the loader splits a file
    try:
        fast = plainly(lines)
    except yaml_fast.NotPlain:
        return  # left to PyYAML
    assert ("data", fast) == composed(lines)


def test_the_bundled_plan_is_read_plainly_as_composed() -> None:
    for name in ["tasks.yaml", "units.yaml"]:
        lines = split_lines((BUNDLED / name).read_text(encoding="utf-8"))
        assert ("data", plainly(lines)) == composed(lines)


def test_a_generated_plan_is_read_plainly_as_composed(tmp_path: Path) -> None:
    """bench/generate.py's tasks and units (Chinese text, lists of units, quoted ids)."""
    out = tmp_path / "data"
    sizes = ["--tasks", "300", "--units", "60", "--records", "10"]
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out), *sizes], check=True)
    for name in ["tasks.yaml", "units.yaml"]:
        lines = split_lines((out / name).read_text(encoding="utf-8"))
        assert ("data", plainly(lines)) == composed(lines)


def test_what_is_left_to_pyyaml() -> None:
    left = [
        ["a: 1", "  b: 2"],  # a scalar over two lines
        ["a: 1 # why"],  # a comment after a value
        ["a: 1", "a: 2"],  # a key written twice (the Builder words it)
        ["a: &x 1", "b: *x"],  # an anchor and an alias
        ["a: !!python/object 1"],  # a tag
        ["---", "a: 1"],  # a document marker
        ["a:", "- - 1"],  # a list in a list
        ["a: |", "  text"],  # a block scalar
        ["- a: 1"],  # a list at the top: a log, read in batches
        ["a: [1, [2]]"],  # a flow list in a flow list
        ["yes: 1"],  # a key that is not text
        ["a:", "  b:", "- c"],  # a list less indented than its key
    ]
    for lines in left:
        try:
            plainly(lines)
        except yaml_fast.NotPlain:
            continue
        raise AssertionError(f"read plainly: {lines}")


def test_nesting_and_values_past_the_limits_are_left_to_pyyaml() -> None:
    deep = [" " * n + f"k{n}:" for n in range(MAX_DEPTH + 2)]
    many = ["a: [" + ", ".join("x" * 200) + "]"]
    for lines in [deep, many]:
        text = "\n".join(lines)
        try:
            yaml_block.document(split_lines(text), True, 150)
        except yaml_fast.NotPlain:
            continue
        raise AssertionError(f"read plainly: {lines[:2]}")


def test_a_finding_in_a_file_read_plainly_is_placed_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "tasks.yaml"
    path.write_text("title: 计划\nitems:\n  - id: '1'\n    tasks:\n      - id: '1.1'\n")
    doc = yaml_read.load(path)
    assert doc.parts[0].root is None  # read plainly: no node tree
    assert doc.data == {"title": "计划", "items": [{"id": "1", "tasks": [{"id": "1.1"}]}]}
    assert doc.locate(("items", 0, "tasks", 0, "id")) == (5, 13)
