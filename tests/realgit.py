"""Real git and real ipcity processes, as an office drives them in a plan's repository."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENV = {**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1"}
# No user's or system's git settings (a diff3 conflict style, a signing key) leak in.
GIT_ENV = {
    **ENV,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "办公室",
    "GIT_AUTHOR_EMAIL": "office@example.org",
    "GIT_COMMITTER_NAME": "办公室",
    "GIT_COMMITTER_EMAIL": "office@example.org",
}


def ipcity(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a process of its own."""
    env = {k: v for k, v in ENV.items() if k != "IPCITY_DATA"}
    return subprocess.run(
        [sys.executable, "-m", "ipcity", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["git", *args], cwd=repo, env=GIT_ENV, capture_output=True, text=True, timeout=60
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def new_repo(repo: Path) -> None:
    """git init on branch main, everything in it committed."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "--all")
    git(repo, "commit", "-q", "-m", "计划")
