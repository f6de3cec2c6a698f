"""bench/generate.py: the plan `make bench` times is valid, as large as asked, and reproducible."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from tests_support import ROOT
from typer.testing import CliRunner

from ipcity.cli import app

GENERATOR = ROOT / "bench" / "generate.py"
TASKS, UNITS, RECORDS = 150, 40, 900
FILES = ("tasks.yaml", "units.yaml", "status.yaml")


def generate(out: Path) -> Path:
    sizes = ["--tasks", str(TASKS), "--units", str(UNITS), "--records", str(RECORDS)]
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(out), *sizes], check=True)
    return out


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("generated") / "data")


def load(path: Path) -> object:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # all text


def test_ipcity_validate_accepts_the_generated_plan(plan: Path) -> None:
    result = CliRunner().invoke(app, ["validate", "--data-dir", str(plan)])
    assert (result.exit_code, result.output) == (0, "")


def test_the_plan_has_as_many_tasks_units_and_records_as_asked(plan: Path) -> None:
    tasks, units, records = (load(plan / name) for name in FILES)
    assert isinstance(tasks, dict) and isinstance(units, dict) and isinstance(records, list)
    assert sum(len(item["tasks"]) for item in tasks["items"]) == TASKS
    assert len(units["units"]) == UNITS
    assert len(records) == RECORDS


def test_records_run_oldest_first_up_to_the_fixed_day(plan: Path) -> None:
    records = load(plan / "status.yaml")
    assert isinstance(records, list)
    dates = [record["date"] for record in records]
    assert dates == sorted(dates)
    assert dates[0] >= "2008-09-01" and dates[-1] <= "2010-06-30"


def test_two_runs_write_the_same_bytes(plan: Path, tmp_path: Path) -> None:
    again = generate(tmp_path / "again")
    for name in FILES:
        assert (again / name).read_bytes() == (plan / name).read_bytes(), name
