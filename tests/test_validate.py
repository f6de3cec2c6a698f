"""Broken data: `ipcity validate` names every error with its file, line and column, shows
the line, says how to fix it, and exits 1 — never a traceback. The cases are the corpus
in tests/data/bad (see tests/corpus.py)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import corpus
import pytest
from conftest import Cli

CASES = corpus.cases()


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


def breaks(data_dir: Path, name: str) -> None:
    corpus.apply(corpus.read_case(corpus.BAD / name), data_dir)


def test_a_record_dated_after_today_is_refused(cli: Cli, data_dir: Path) -> None:
    tomorrow = date.today() + timedelta(days=1)
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write(f"- task: '6.3'\n  date: {tomorrow.isoformat()}\n  status: done\n")
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        f"{data_dir}/status.yaml:12:9: error: 日期 {tomorrow.isoformat()} 在今天"
        f"（{date.today().isoformat()}）之后\n"
        f"  12 |   date: {tomorrow.isoformat()}\n"
        "     |         ^\n"
        "  提示：进度记录只能记已经发生的事\n"
        "共 1 个错误，在 1 个文件中\n"
    )


def test_every_problem_in_every_file_is_collected(cli: Cli, data_dir: Path) -> None:
    for name in ("unknown_deadline", "unknown_unit", "unknown_group_member", "python_tag"):
        breaks(data_dir, name)
    result = cli("validate")
    assert result.exit_code == 1
    headlines = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert [h.split(": error: ")[0].removeprefix(f"{data_dir}/") for h in headlines] == [
        "tasks.yaml:78:19",
        "tasks.yaml:273:23",
        "units.yaml:90:57",
        "status.yaml:11:9",
    ]
    assert result.stdout.endswith("共 4 个错误，在 3 个文件中\n")


def test_other_commands_refuse_broken_data_on_stderr(cli: Cli, data_dir: Path) -> None:
    breaks(data_dir, "unknown_unit")
    result = cli("list")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"{data_dir}/tasks.yaml:273:23: error: 未知单位「市财政厅」\n")
    assert result.stderr.endswith("先改正这些错误（`ipcity validate` 可单独检查）。\n")


def test_crlf_line_ends_and_a_byte_order_mark_are_accepted(cli: Cli, data_dir: Path) -> None:
    for name in ("tasks.yaml", "units.yaml", "status.yaml"):
        path = data_dir / name
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = cli("validate")
    assert (result.exit_code, result.stdout) == (0, "")
