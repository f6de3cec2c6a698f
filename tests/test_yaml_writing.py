"""Values written into new files (init, import) read back exactly as they were."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ipcity.files import yaml_read, yaml_write


def read_back(text: str) -> object:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.yaml"
        path.write_text(text, encoding="utf-8")
        doc = yaml_read.load(path)
    assert doc.problems == []
    return doc.data


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_a_scalar_reads_back_as_the_same_text(value: str) -> None:
    line = yaml_write.scalar(value)
    assert "\n" not in line
    assert read_back(f"items:\n  - target: {line}\n") == {"items": [{"target": value}]}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(min_size=1), min_size=1, max_size=4))
def test_a_flow_list_reads_back_as_the_same_texts(values: list[str]) -> None:
    line = yaml_write.flow_list(values)
    assert "\n" not in line
    assert read_back(f"responsible: {line}\n") == {"responsible": values}


def test_texts_yaml_would_read_as_something_else_are_quoted() -> None:
    assert [yaml_write.scalar(v) for v in ("1", "yes", "a: b", "市科技局", "~")] == [
        '"1"',
        '"yes"',
        '"a: b"',
        "市科技局",
        '"~"',
    ]
    assert yaml_write.flow_list(["市科技局", "各县(市、区)政府", "a,b"]) == (
        '[市科技局, 各县(市、区)政府, "a,b"]'
    )
