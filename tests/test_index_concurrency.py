"""The index under processes running at once: several building it from nothing, and
`record` appending while others read. No answer is ever one the files did not give at
some moment, and the index left behind answers as the files do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # many processes of the real command

TASK = "6.3"


def env(cache: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONUTF8": "1", "NO_COLOR": "1", "IPCITY_CACHE_DIR": str(cache)}


def start(data_dir: Path, cache: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ipcity", *args, "--data-dir", str(data_dir)],
        env=env(cache),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(data_dir: Path, cache: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ipcity", *args, "--data-dir", str(data_dir)],
        env=env(cache),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_processes_building_the_index_at_once_agree_and_leave_one_index(
    data_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    truth = run(data_dir, tmp_path / "elsewhere", "report", "--format", "json")
    readers = [start(data_dir, cache, "report", "--format", "json") for _ in range(8)]
    outcomes = [(p.communicate(timeout=120), p.returncode) for p in readers]
    assert [code for _, code in outcomes] == [0] * 8, [err for (_, err), _ in outcomes]
    assert {out for (out, _), _ in outcomes} == {truth}
    left = sorted(p.name for p in cache.iterdir())
    assert len(left) == 1 and left[0].endswith(".sqlite"), left
    assert run(data_dir, cache, "report", "--format", "json") == truth


def test_readers_while_record_appends_see_only_what_the_log_held(
    data_dir: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    run(data_dir, cache, "validate")
    writers = [
        subprocess.Popen(
            [
                sys.executable, "-c",
                "import subprocess, sys\n"
                "for k in range(5):\n"
                "    subprocess.run([sys.executable, '-m', 'ipcity', 'record', sys.argv[1],"
                " '--status', 'in_progress', '--by', '市工商局', '--date', '2009-05-01',"
                " '--force', '--note', f'{sys.argv[2]}-{k}', '--data-dir', sys.argv[3]],"
                " check=True, capture_output=True)",
                TASK, f"w{n}", str(data_dir),
            ],
            env=env(cache),
        )
        for n in range(4)
    ]  # fmt: skip
    seen: list[list[str]] = []
    while any(w.poll() is None for w in writers):
        readers = [start(data_dir, cache, "show", TASK, "--format", "json") for _ in range(3)]
        for reader in readers:
            out, err = reader.communicate(timeout=120)
            assert reader.returncode == 0, err
            [shown] = json.loads(out)
            seen.append([h["note"] for h in shown["history"]])
    assert [w.wait(timeout=120) for w in writers] == [0] * 4
    final = json.loads(run(data_dir, cache, "show", TASK, "--format", "json"))[0]
    notes = [h["note"] for h in final["history"]]
    assert len(notes) == 20
    assert seen, "no reader ran while the writers did"
    for history in seen:  # each a state the log was in: its first entries, in order
        assert history == notes[: len(history)]
    afresh = run(data_dir, tmp_path / "no index", "report", "--format", "json")
    assert run(data_dir, cache, "report", "--format", "json") == afresh
