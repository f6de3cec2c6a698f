"""bench/run.py: every cold run it times is cold (no index left by the run before), the
warm ones find the index the cold ones leave, each just after a run of the baseline its
ratio is to."""

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


BESIDE = """\
import os, sys
with open(os.environ["PROBE_LOG"], "a") as log:
    log.write(sys.argv[1] + "\\n")
"""


@pytest.mark.slow  # real processes, as the bench runs them
def test_each_warm_run_follows_a_run_of_the_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(BESIDE)
    log = tmp_path / "runs.log"
    monkeypatch.setenv("PROBE_LOG", str(log))
    setup = run.Setup(Path(sys.executable).parent, runs=2, caches=(), cold_runs=3)
    timing = run.measure(
        [sys.executable, str(probe), "cmd"],
        setup,
        before=lambda: None,
        beside=[sys.executable, str(probe), "base"],
    )
    assert log.read_text().split() == ["cmd", "cmd", "cmd", "base", "cmd", "base", "cmd"]
    assert timing.beside is not None


def test_a_ratio_to_python_is_to_the_baseline_run_beside_the_command() -> None:
    results: run.Results = {
        ("python -c pass", ""): run.Timing(0.030, 0.030, 11),
        ("record", "44"): run.Timing(0.25, 0.20, 28, beside=0.025),
        ("list --unit", "44"): run.Timing(0.25, 0.21, 28),  # (no baseline beside: the row's)
    }
    record = run.ratio_budget(
        results, "record ≤ 8× python -c pass", 8, ("record", "44"), ("python -c pass", "")
    )
    assert (record.shown, record.verdict) == ("8.00× (200 ms / 25 ms)", "PASS")
    listing = run.ratio_budget(
        results, "list --unit ≤ 10×", 10, ("list --unit", "44"), ("python -c pass", "")
    )
    assert listing.shown == "7.00× (210 ms / 30 ms)"


# A command that forks, as a cold load does: the parent holds 60 MB, its child 60 MB more
# of its own, for a moment together.
FORKS = """\
import os, time
held = bytearray(60 * 2**20)
pid = os.fork()
if pid == 0:
    mine = bytearray(60 * 2**20)
    time.sleep(0.4)
    os._exit(0)
os.waitpid(pid, 0)
"""


@pytest.mark.slow  # real processes, as the bench runs them
def test_the_peak_adds_up_a_forked_childs_memory_to_its_parents(tmp_path: Path) -> None:
    probe = tmp_path / "forks.py"
    probe.write_text(FORKS)
    _, peak = run.run_once([sys.executable, str(probe)])
    assert peak is not None
    assert peak >= 120  # GNU time's %M alone says about 70: the larger process
