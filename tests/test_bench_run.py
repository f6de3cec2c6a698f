"""bench/run.py: every cold run it times is cold (no index left by the run before), and
the warm ones find the index the cold ones leave."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tests_support import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import run  # (bench/run.py, beside bench/generate.py which it imports)

# Stands for ipcity: says whether it found what a run before it left in the index folder,
# and leaves it there, as a command writes its index.
PROBE = """\
import os, pathlib, sys
index = pathlib.Path(os.environ["IPCITY_CACHE_DIR"]) / "index.sqlite"
with open(os.environ["PROBE_LOG"], "a") as log:
    log.write("warm\\n" if index.exists() else "cold\\n")
index.write_text("")
"""


@pytest.mark.slow  # real processes, as the bench runs them
def test_each_cold_run_starts_without_an_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "probe.py").write_text(PROBE)
    log = tmp_path / "runs.log"
    monkeypatch.setenv("PROBE_LOG", str(log))
    setup = run.Setup(Path(sys.executable).parent, runs=2, caches=(), cold_runs=3)
    probe = run.Command("probe", "{python} {data}/probe.py")
    run.time_ipcity(probe, run.Size("3", plan, "市科技局"), setup)
    assert log.read_text().split() == ["cold", "cold", "cold", "warm", "warm"]
