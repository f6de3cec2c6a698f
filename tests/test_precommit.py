"""The pre-commit hook, run the way a data repository's maintainer tries it: `pre-commit try-repo`.

try-repo takes this project's git HEAD plus its staged and modified tracked files (not
untracked ones), installs it into a fresh environment with pip, and runs the hook in a
temporary git repository that holds a copy of the bundled data.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from breakage import break_unit
from tests_support import BUNDLED, ROOT

pytestmark = pytest.mark.slow  # each try-repo pip-installs ipcity into a fresh environment

HOOK_LINE = re.compile(r"^ipcity validate\.+(Passed|Failed|\(no files to check\)Skipped)$", re.M)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "plans"
    shutil.copytree(BUNDLED, repo / "data")
    (repo / "README.md").write_text("嘉兴的工作方案\n", encoding="utf-8")
    git(repo, "init", "--quiet")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "the bundled plan")
    return repo


def git(repo: Path, *args: str) -> None:
    identity = ("-c", "user.name=ipcity", "-c", "user.email=ipcity@example.invalid")
    subprocess.run(["git", *identity, "-c", "commit.gpgsign=false", *args], cwd=repo, check=True)


def try_repo(repo: Path, tmp_path: Path, *files: str) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if k != "IPCITY_DATA"}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    selection = ["--files", *files] if files else ["--all-files"]
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "ipcity-validate", *selection],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    return done.returncode, done.stdout + done.stderr


def test_hook_passes_the_bundled_plan(repo: Path, tmp_path: Path) -> None:
    code, output = try_repo(repo, tmp_path)
    assert HOOK_LINE.findall(output) == ["Passed"], output
    assert code == 0


def test_hook_fails_a_broken_plan_naming_file_and_line(repo: Path, tmp_path: Path) -> None:
    _, line, col = break_unit(repo / "data")
    git(repo, "add", "--all")
    code, output = try_repo(repo, tmp_path)
    assert HOOK_LINE.findall(output) == ["Failed"], output
    assert code == 1
    assert f"\ndata/tasks.yaml:{line}:{col}: error: 未知单位「市工商总局」\n" in output
    assert "共 1 个错误，在 1 个文件中" in output


def test_hook_skips_a_commit_that_touches_no_data_file(repo: Path, tmp_path: Path) -> None:
    break_unit(repo / "data")  # broken, but not among the files being committed
    code, output = try_repo(repo, tmp_path, "README.md")
    assert HOOK_LINE.findall(output) == ["(no files to check)Skipped"], output
    assert code == 0
