"""Broken data: `ipcity validate` names every error with its file, line and column, shows
the line, says how to fix it, and exits 1 — never a traceback. The cases are the corpus
in tests/data/bad (see tests/corpus.py)."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import corpus
import pytest
from conftest import Cli
from tests_support import BUNDLED

from ipcity.index import open as index

CASES = corpus.cases()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the corpus's frozen plan (see corpus.BASE), to break."""
    target = tmp_path / "data"
    shutil.copytree(corpus.BASE, target)
    return target


def test_the_frozen_plan_is_the_bundled_plan_but_for_layout(data_dir: Path) -> None:
    frozen, _ = index.load(data_dir, date.today())
    bundled, _ = index.load(BUNDLED, date.today())
    assert frozen is not None and bundled is not None
    assert frozen.items == bundled.items
    assert frozen.units.units == bundled.units.units


@pytest.mark.parametrize("folder", CASES, ids=[c.name for c in CASES])
def test_each_broken_input_gets_its_exact_message(cli: Cli, data_dir: Path, folder: Path) -> None:
    corpus.apply(corpus.read_case(folder), data_dir)
    result = cli("validate")
    assert (result.exit_code, result.stderr) == (1, ""), result.exception
    expected = (folder / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout == expected.replace("{d}", str(data_dir))


def test_the_corpus_is_large_and_every_case_names_a_file_and_line() -> None:
    assert len(CASES) >= 30
    for folder in CASES:
        first = (folder / "expected.txt").read_text(encoding="utf-8").splitlines()[0]
        assert re.fullmatch(r"\{d\}/(tasks|units|status)\.yaml:\d+:\d+: error: .+", first), folder


def first_line(name: str) -> str:
    return (corpus.BAD / name / "expected.txt").read_text(encoding="utf-8").splitlines()[0]


def breaks(data_dir: Path, name: str) -> None:
    corpus.apply(corpus.read_case(corpus.BAD / name), data_dir)


def test_a_record_dated_after_today_is_refused(cli: Cli, data_dir: Path) -> None:
    tomorrow = date.today() + timedelta(days=1)
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write(f"- task: '6.3'\n  date: {tomorrow.isoformat()}\n  status: done\n")
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{data_dir}/status.yaml:22:9: error: 日期 {tomorrow.isoformat()} 在今天"
        f"（{date.today().isoformat()}）之后\n"
        f"  22 |   date: {tomorrow.isoformat()}\n"
        "     |         ^\n"
        "  提示：进度记录只能记已经发生的事\n"
        "共 1 个错误，在 1 个文件中\n"
    )


def test_every_problem_in_every_file_is_collected(cli: Cli, data_dir: Path) -> None:
    names = ("unknown_deadline", "unknown_unit", "unknown_group_member", "python_tag")
    for name in names:
        breaks(data_dir, name)
    result = cli("validate")
    assert result.exit_code == 1
    headlines = [line for line in result.stdout.splitlines() if ": error: " in line]
    # each break's own error, as the corpus has it alone, and no other
    assert headlines == [first_line(name).replace("{d}", str(data_dir)) for name in names]
    assert result.stdout.endswith("共 4 个错误，在 3 个文件中\n")


def test_other_commands_refuse_broken_data_on_stderr(cli: Cli, data_dir: Path) -> None:
    breaks(data_dir, "unknown_unit")
    result = cli("list")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(first_line("unknown_unit").replace("{d}", str(data_dir)))
    assert result.stderr.endswith("先改正这些错误（`ipcity validate` 可单独检查）。\n")


def test_crlf_line_ends_and_a_byte_order_mark_are_accepted(cli: Cli, data_dir: Path) -> None:
    for name in ("tasks.yaml", "units.yaml", "status.yaml"):
        path = data_dir / name
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = cli("validate")
    assert (result.exit_code, result.stdout) == (0, "")
