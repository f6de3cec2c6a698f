"""The pre-commit hook, run the way a data repository runs it, from this project as it is now.

As `pre-commit try-repo` does, the project's HEAD plus its staged and modified tracked files
(not untracked ones) is committed in a scratch clone; each test's temporary git repository,
holding a copy of the bundled data, names that clone in its configuration. One clone and
one pre-commit home serve the run, on whichever worker asks first, so ipcity is
pip-installed into a fresh environment once, not once a test (pre-commit locks its home
while it installs).
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from breakage import break_unit
from tests_support import BUNDLED, ROOT

# each run of the hook's first install pip-installs ipcity into a fresh environment
pytestmark = pytest.mark.slow

HOOK_LINE = re.compile(r"^ipcity validate\.+(Passed|Failed|\(no files to check\)Skipped)$", re.M)


def git(repo: Path, *args: str) -> str:
    identity = ("-c", "user.name=ipcity", "-c", "user.email=ipcity@example.invalid")
    done = subprocess.run(
        ["git", *identity, "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The configuration naming this project's hook as it is now, and the pre-commit home
    that installs it: made by the first worker to ask, under a lock the others wait on."""
    # xdist's workers keep their temporary folders in one folder of this run's own
    # (grouping the tests on one worker, --dist loadgroup, is lost on pytest 9.2).
    shared = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in os.environ:
        shared = shared.parent
    scratch = shared / "pre-commit-hook"
    config = scratch / "pre-commit-config.yaml"
    with (shared / "pre-commit-hook.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not config.exists():
            _configure(scratch, config)
    return config, scratch / "pre-commit-home"


def _configure(scratch: Path, config: Path) -> None:
    scratch.mkdir()
    clone = scratch / "ipcity"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    for name in git(ROOT, "diff", "--name-only", "HEAD").splitlines():
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, clone / name)
        else:
            (clone / name).unlink(missing_ok=True)
    git(clone, "add", "--all")
    git(clone, "commit", "--quiet", "--allow-empty", "--message", "as it is now")
    rev = git(clone, "rev-parse", "HEAD").strip()
    config.write_text(
        f"repos:\n- repo: {clone}\n  rev: {rev}\n  hooks:\n  - id: ipcity-validate\n",
        encoding="utf-8",
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "plans"
    shutil.copytree(BUNDLED, repo / "data")
    (repo / "README.md").write_text("嘉兴的工作方案\n", encoding="utf-8")
    git(repo, "init", "--quiet")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "the bundled plan")
    return repo


def run_hook(repo: Path, hooks: tuple[Path, Path], *files: str) -> tuple[int, str]:
    config, home = hooks
    env = {k: v for k, v in os.environ.items() if k != "IPCITY_DATA"}
    env["PRE_COMMIT_HOME"] = str(home)
    selection = ["--files", *files] if files else ["--all-files"]
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--config", str(config), *selection],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    return done.returncode, done.stdout + done.stderr


def test_hook_passes_the_bundled_plan(repo: Path, hooks: tuple[Path, Path]) -> None:
    code, output = run_hook(repo, hooks)
    assert HOOK_LINE.findall(output) == ["Passed"], output
    assert code == 0


def test_hook_fails_a_broken_plan_naming_file_and_line(
    repo: Path, hooks: tuple[Path, Path]
) -> None:
    _, line, col = break_unit(repo / "data")
    git(repo, "add", "--all")
    code, output = run_hook(repo, hooks)
    assert HOOK_LINE.findall(output) == ["Failed"], output
    assert code == 1
    assert f"\ndata/tasks.yaml:{line}:{col}: error: 未知单位「市工商总局」\n" in output
    assert "共 1 个错误，在 1 个文件中" in output


def test_hook_skips_a_commit_that_touches_no_data_file(
    repo: Path, hooks: tuple[Path, Path]
) -> None:
    break_unit(repo / "data")  # broken, but not among the files being committed
    code, output = run_hook(repo, hooks, "README.md")
    assert HOOK_LINE.findall(output) == ["(no files to check)Skipped"], output
    assert code == 0
