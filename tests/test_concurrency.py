"""Several people recording at once: 24 processes on one file, and two git branches merged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from realgit import ENV, ipcity

from ipcity.files import load

pytestmark = pytest.mark.slow  # many processes of the real command, and git repositories

ROOT = Path(__file__).resolve().parent.parent


def test_24_processes_recording_at_once_all_land(data_dir: Path) -> None:
    status = data_dir / "status.yaml"
    before = status.read_text(encoding="utf-8")
    plan, _ = load.load_plan(data_dir, date.today())
    assert plan is not None
    tasks = list(plan.tasks)[:24]
    assert len(tasks) == 24
    processes = [
        subprocess.Popen(
            [
                sys.executable, "-m", "ipcity", "record", task,
                "--status", "in_progress", "--date", "2009-05-01",
                "--note", f"第 {n} 条: 同时记录 #{n}", "--force", "--by", "市科技局",
                "--data-dir", str(data_dir),
            ],
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, task in enumerate(tasks)
    ]  # fmt: skip
    # Every process is started before any is waited on.
    outcomes = [(p.communicate(timeout=120), p.returncode) for p in processes]
    assert [code for _, code in outcomes] == [0] * 24, [err for (_, err), _ in outcomes]

    text = status.read_text(encoding="utf-8")
    assert text.startswith(before)
    added = text[len(before) :].splitlines()
    assert sorted(added) == sorted(
        f"- {{task: '{task}', date: 2009-05-01, status: in_progress, by: 市科技局, "
        f'note: "第 {n} 条: 同时记录 #{n}"}}'
        for n, task in enumerate(tasks)
    )
    again, problems = load.load_plan(data_dir, date.today())
    assert again is not None, problems
    assert len(again.records) == 24
    assert ipcity("validate", "--data-dir", str(data_dir)).returncode == 0


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=repo,
        env={**ENV, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def record(repo: Path, *args: str) -> None:
    result = ipcity("record", *args, "--data-dir", "data", cwd=repo)
    assert result.returncode == 0, result.stderr


def new_repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the bundled data and the project's .gitattributes."""
    repo = tmp_path / "plan"
    shutil.copytree(ROOT / "data", repo / "data")
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "办公室")
    git(repo, "config", "user.email", "office@example.org")
    git(repo, "checkout", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "计划")
    return repo


def test_two_branches_that_append_merge_without_conflict_and_validate(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)

    # Two liaisons record on their own branches. Their records share everything but the
    # task: written as blocks, their last lines would be merged into one.
    git(repo, "checkout", "-q", "-b", "gongshang")
    same = ["--status", "in_progress", "--date", "2009-05-01", "--by", "市工商局"]
    record(repo, "6.3", *same, "--note", "已启动")
    record(repo, "6.4", *same, "--note", "已启动")
    git(repo, "commit", "-q", "-am", "市工商局报进度")
    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "-b", "keji")
    record(repo, "9.3", *same, "--note", "已启动")
    record(repo, "6.1", "--status", "done", "--date", "2009-12-31", "--by", "市科技局")
    git(repo, "commit", "-q", "-am", "市科技局报进度")

    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "gongshang")
    git(repo, "merge", "-q", "--no-edit", "keji")  # both appended at the same place

    text = (repo / "data" / "status.yaml").read_text(encoding="utf-8")
    assert "<<<<<<<" not in text
    result = ipcity("validate", "--data-dir", "data", cwd=repo)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    plan, _ = load.load_plan(repo / "data", date.today())
    assert plan is not None
    assert sorted((r.task, r.date.isoformat(), r.status.value, r.by) for r in plan.records) == [
        ("6.1", "2009-12-31", "done", "市科技局"),
        ("6.3", "2009-05-01", "in_progress", "市工商局"),
        ("6.4", "2009-05-01", "in_progress", "市工商局"),
        ("9.3", "2009-05-01", "in_progress", "市工商局"),
    ]
    assert len(git(repo, "log", "-1", "--format=%P").split()) == 2  # a real merge


WRONG = ["6.3", "--status", "done", "--date", "2009-05-01", "--by", "市工商局", "--note", "记错了"]


def test_git_revert_takes_back_the_latest_record(tmp_path: Path) -> None:
    repo = new_repo(tmp_path)
    status = repo / "data" / "status.yaml"
    record(repo, "6.4", "--status", "in_progress", "--date", "2009-04-01", "--by", "市工商局")
    git(repo, "commit", "-q", "-am", "6.4")
    before = status.read_bytes()
    record(repo, *WRONG)
    git(repo, "commit", "-q", "-am", "6.3")
    git(repo, "revert", "--no-edit", "HEAD")
    assert status.read_bytes() == before
    assert ipcity("validate", "--data-dir", "data", cwd=repo).returncode == 0


def test_git_revert_cannot_take_back_a_record_that_others_follow(tmp_path: Path) -> None:
    """What the README says: union keeps the line, so delete it by hand and validate."""
    repo = new_repo(tmp_path)
    status = repo / "data" / "status.yaml"
    record(repo, *WRONG)
    git(repo, "commit", "-q", "-am", "6.3")
    wrong = status.read_text(encoding="utf-8").splitlines()[-1]
    record(repo, "6.4", "--status", "in_progress", "--date", "2009-05-02", "--by", "市工商局")
    git(repo, "commit", "-q", "-am", "6.4")
    after = status.read_text(encoding="utf-8")

    reverted = subprocess.run(
        ["git", "revert", "--no-edit", "HEAD~1"],
        cwd=repo,
        env={**ENV, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert reverted.returncode != 0
    assert "nothing to commit" in reverted.stdout + reverted.stderr
    assert status.read_text(encoding="utf-8") == after

    status.write_text(after.replace(wrong + "\n", ""), encoding="utf-8")
    assert ipcity("validate", "--data-dir", "data", cwd=repo).returncode == 0
    plan, _ = load.load_plan(repo / "data", date.today())
    assert plan is not None
    assert [(r.task, r.note) for r in plan.records] == [("6.4", None)]
