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

pytestmark = pytest.mark.slow  # every question asked twice for each of two dozen changes

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


def reminders(data_dir: Path, cache: Path, out: Path) -> list[Any]:
    """What `remind` answers (it reads forms.yaml, the register of forms sent out): its
    output, and each notice it writes."""
    result = CliRunner().invoke(
        app,
        [
            "remind",
            "--as-of",
            "2009-07-10",
            "--format",
            "md",
            "--out",
            str(out),
            "-d",
            str(data_dir),
        ],
        env={"IPCITY_CACHE_DIR": str(cache)},
    )
    notices = sorted((p.name, p.read_text("utf-8")) for p in out.iterdir()) if out.is_dir() else []
    shutil.rmtree(out, ignore_errors=True)
    return [result.exit_code, result.stdout, result.stderr, notices]


def edit_register(path: Path) -> None:
    """A due date changed in place, the size and mtime kept."""
    before = path.stat()
    text = path.read_text("utf-8")
    path.write_text(text.replace("due: 2009-07-05", "due: 2009-07-25", 1), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


REGISTER_CHANGES: dict[str, Callable[[Path], None]] = {
    "edit in place": edit_register,
    "append": lambda path: path.write_text(
        path.read_text("utf-8")
        + "- {form: 2009H2-00000000, unit: 市工商局, period: '2009H2', issued: 2009-07-01,"
        " due: 2009-07-08}\n",
        "utf-8",
    ),
    "truncate": truncate,
    "replace by rename": lambda path: (
        path.with_name("forms.new").write_text(
            "\n".join(path.read_text("utf-8").splitlines()[:6]) + "\n", "utf-8"
        ),
        os.replace(path.with_name("forms.new"), path),
    ),
    "touch": touch,
}


@pytest.mark.parametrize("change", REGISTER_CHANGES, ids=list(REGISTER_CHANGES))
def test_a_changed_forms_register_gives_the_answers_of_no_index(
    logged: Path, tmp_path: Path, change: str
) -> None:
    env = {"IPCITY_CACHE_DIR": str(tmp_path / "cache")}
    sent = ["forms", "--period", "2009H1", "--due", "2009-07-05", "--out", str(tmp_path / "f")]
    assert CliRunner().invoke(app, [*sent, "--data-dir", str(logged)], env=env).exit_code == 0
    settle(logged)
    cache, out = tmp_path / "cache", tmp_path / "out"
    reminders(logged, cache, out)  # the index written, then used
    before = reminders(logged, cache, out)
    REGISTER_CHANGES[change](logged / "forms.yaml")
    after = reminders(logged, cache, out)
    assert after == reminders(logged, tmp_path / "no index yet", out)
    if change == "append":  # a form sent out and not returned: one notice more to say so
        assert after != before
