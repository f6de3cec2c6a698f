"""tools/pick_python.py: `make` makes the venv with the fastest build of the Python that
python3 is; never with another feature version, nor one that cannot make a venv."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests_support import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import pick_python  # (tools/pick_python.py)

VERSION = f"{sys.version_info[0]} {sys.version_info[1]}"


def fake(folder: Path, name: str, answer: str, *, log: Path | None = None) -> Path:
    """An executable that answers the probe as an interpreter would (answer: its version
    and time), noting in log each time it is run."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    note = f'echo run >> "{log}"\n' if log else ""
    path.write_text(f'#!/bin/sh\n{note}echo "{answer} $0"\n')
    path.chmod(0o755)
    return path


def picked(path: list[Path]) -> str:
    """What the tool prints, run as make runs it, with only these folders on PATH."""
    env = {**os.environ, "PATH": os.pathsep.join(str(p) for p in path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "pick_python.py")],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return done.stdout.strip()


@pytest.mark.slow  # real processes
def test_a_faster_build_of_the_same_version_is_picked(tmp_path: Path) -> None:
    fast = fake(tmp_path / "bin", f"python3.{sys.version_info[1]}", f"{VERSION} 1e-09")
    assert picked([tmp_path / "bin"]) == str(fast)


@pytest.mark.slow
def test_a_slower_build_leaves_python3_as_it_is(tmp_path: Path) -> None:
    fake(tmp_path / "bin", "python3", f"{VERSION} 10.0")
    assert picked([tmp_path / "bin"]) == sys.executable


@pytest.mark.slow
def test_another_version_or_a_broken_interpreter_is_never_picked(tmp_path: Path) -> None:
    fake(tmp_path / "a", "python3", "3 99 1e-09")  # faster, another feature version
    broken = tmp_path / "b" / "python3"
    broken.parent.mkdir()
    broken.write_text("#!/bin/sh\necho 'No module named ensurepip' >&2\nexit 1\n")
    broken.chmod(0o755)
    assert picked([tmp_path / "a", tmp_path / "b"]) == sys.executable


@pytest.mark.slow
def test_only_names_of_the_version_are_run_and_each_file_once(tmp_path: Path) -> None:
    log = tmp_path / "runs.log"
    other = fake(tmp_path / "a", "python3.99", f"{VERSION} 1e-09", log=log)
    real = fake(tmp_path / "a", "python3", f"{VERSION} 10.0", log=log)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "python3").symlink_to(real)  # as /bin/python3 is /usr/bin/python3
    assert picked([tmp_path / "a", tmp_path / "b"]) == sys.executable
    # python3.99 never ran; python3 ran once a round, though two folders hold it.
    assert log.read_text().split() == ["run"] * pick_python.ROUNDS
    assert other.exists()


def test_a_tie_keeps_the_default() -> None:
    assert pick_python.choose({"a": 1.0, "b": 0.96}, "a") == "a"
    assert pick_python.choose({"a": 1.0, "b": 0.9}, "a") == "b"
    assert pick_python.choose({"b": 0.9, "c": 0.5}, "a") == "c"  # the default did not run
    assert pick_python.choose({}, "a") == "a"
