"""Writing a status log straight into a data directory, as a person editing status.yaml would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def write_log(data_dir: Path, records: list[dict[str, Any]]) -> None:
    """Replace data_dir/status.yaml with these records, oldest first."""
    text = yaml.safe_dump(records, allow_unicode=True, sort_keys=False) if records else ""
    (data_dir / "status.yaml").write_text(text, encoding="utf-8")


# What a progress record's row holds of the fields of the other kinds (show's history and
# log's JSON give every field of the log, null when an entry has none).
NO_KIND_FIELDS: dict[str, Any] = {
    "unit": None,
    "all_parts": False,
    "verify": None,
    "extend_to": None,
    "reason": None,
    "approved_by": None,
    "source": None,
    "attachments": [],
}


def check(
    task: str, day: str, unit: str, verify: str = "accepted", **fields: Any
) -> dict[str, Any]:
    """One verification record: the office's verdict on a unit's claim."""
    return {"task": task, "date": day, "unit": unit, "verify": verify, **fields}


def rec(task: str, day: str, status: str = "in_progress", **fields: Any) -> dict[str, Any]:
    """One record: task, date, status, then any other field (by, values, count, duty…)."""
    return {"task": task, "date": day, "status": status, **fields}


def write_plan(data_dir: Path, tasks: str, units: list[str], records: list[dict[str, Any]]) -> Path:
    """A small plan of one's own: tasks.yaml's items (YAML text), units by name, a log."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "tasks.yaml").write_text(
        "title: 测试方案\nperiod: {start: 2009-01-01, end: 2010-12-31}\nitems:\n" + tasks,
        encoding="utf-8",
    )
    listed = "".join(f"  - {{name: {name}, kind: 市级部门}}\n" for name in units)
    (data_dir / "units.yaml").write_text("units:\n" + listed, encoding="utf-8")
    write_log(data_dir, records)
    return data_dir
