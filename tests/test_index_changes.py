"""Every way a data file can change between two commands: the second command's answers are
the answers with the index deleted. The files are settled first (their mtimes well in the
past), so that the index trusts what stat says of them, as it does on any warm command."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ipcity.cli import app
from ipcity.index import fresh

QUESTIONS = [
    ["list", "--format", "json"],
    ["list", "--unit", "海宁市", "--format", "json"],
    ["list", "--unit", "新设单位", "--format", "json"],
    ["list", "--unit", "市工商行政管理局", "--format", "json"],
    ["due", "--format", "json", "--as-of", "2009-12-31"],
    ["show", "6.3", "--format", "json"],
    ["show", "15", "--format", "json"],
    ["report", "--format", "json", "--as-of", "2009-12-31"],
    ["validate", "--format", "json"],
]
RECORD = "- {task: '6.3', date: 2009-05-01, status: in_progress, by: 市工商局, note: 已启动}\n"


def answers(data_dir: Path, cache: Path) -> list[tuple[int, str, str]]:
    env = {"IPCITY_CACHE_DIR": str(cache)}
    found = []
    for question in QUESTIONS:
        result = CliRunner().invoke(app, [*question, "--data-dir", str(data_dir)], env=env)
        found.append((result.exit_code, result.stdout, result.stderr))
    return found


def settle(data_dir: Path) -> None:
    for path in data_dir.iterdir():
        old = path.stat().st_mtime_ns - 10 * fresh.RACY_NS
        os.utime(path, ns=(old, old))


def edit_in_place(path: Path) -> None:
    """Same size, the old mtime put back: only ctime tells."""
    before = path.stat()
    text = path.read_text("utf-8")
    old, new = {
        "tasks.yaml": ("deadline: 2010年底", "deadline: 2009年底"),
        "units.yaml": ("市工商行政管理局", "市工商行政管理所"),
        "status.yaml": ("status: in_progress", "status: not_started"),
    }[path.name]
    assert len(old.encode()) == len(new.encode())
    head, _, tail = text.rpartition(old)
    path.write_text(head + new + tail, "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


def append(path: Path) -> None:
    added = {
        "tasks.yaml": "  - id: '15'\n    content: 新增工作\n    tasks:\n"
        "      - {id: '15', target: 新目标, deadline: 2010年底, responsible: [新设单位]}\n",
        "units.yaml": "  - {name: 新设单位, kind: 市级部门}\n",
        "status.yaml": RECORD,
    }[path.name]
    with path.open("a", encoding="utf-8") as f:
        f.write(added)


def truncate(path: Path) -> None:
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[: len(lines) * 2 // 3]), "utf-8")


def replace(path: Path) -> None:
    """Another file renamed over it (a checkout, an editor's save)."""
    other = path.with_name(path.name + ".new")
    text = path.read_text("utf-8")
    if path.name == "tasks.yaml":
        text = text.replace("市科技局", "市知识产权局")  # the same unit, written otherwise
    elif path.name == "units.yaml":
        text += "  - {name: 新设单位, kind: 市级部门}\n"
    else:
        text = RECORD.replace("in_progress", "blocked")
    other.write_text(text, "utf-8")
    os.replace(other, path)


def touch(path: Path) -> None:
    os.utime(path)


CHANGES: dict[str, Callable[[Path], None]] = {
    "edit in place": edit_in_place,
    "append": append,
    "truncate": truncate,
    "replace by rename": replace,
    "touch": touch,
}


@pytest.fixture
def logged(data_dir: Path) -> Path:
    """The bundled plan with a few records, so that every file has something to change."""
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as f:
        f.write(RECORD + RECORD.replace("2009-05-01", "2009-06-01") + RECORD)
    return data_dir


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
@pytest.mark.parametrize("name", ["tasks.yaml", "units.yaml", "status.yaml"])
def test_a_changed_file_gives_the_answers_of_no_index(
    logged: Path, tmp_path: Path, name: str, change: str
) -> None:
    cache = tmp_path / "cache"
    settle(logged)
    answers(logged, cache)  # the index written, then used
    before = answers(logged, cache)
    CHANGES[change](logged / name)
    after = answers(logged, cache)
    shutil.rmtree(cache)
    afresh = answers(logged, tmp_path / "no index yet")
    assert after == afresh
    if change != "touch":
        assert after != before


@pytest.mark.parametrize("change", ["append", "edit in place"])
def test_a_change_made_just_after_the_index_was_written_is_seen(
    logged: Path, tmp_path: Path, change: str
) -> None:
    """The racy case: the files written a moment before the index (their mtimes inside the
    timestamp granularity), then changed with their size kept."""
    cache = tmp_path / "cache"
    for path in logged.iterdir():
        os.utime(path)
    answers(logged, cache)
    CHANGES[change](logged / "status.yaml")
    after = answers(logged, cache)
    assert after == answers(logged, tmp_path / "no index yet")


def test_the_warnings_of_a_record_written_twice_come_with_the_index(
    logged: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    settle(logged)
    answers(logged, cache)
    append(logged / "status.yaml")  # the same record once more
    kept: Any = answers(logged, cache)[-1]
    assert kept == answers(logged, tmp_path / "no index yet")[-1]
    assert kept[1].count('"severity": "warning"') == 2
