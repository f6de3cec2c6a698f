"""Writing a status log straight into a data directory, as a person editing status.yaml would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def write_log(data_dir: Path, records: list[dict[str, Any]]) -> None:
    """Replace data_dir/status.yaml with these records, oldest first."""
    text = yaml.safe_dump(records, allow_unicode=True, sort_keys=False) if records else ""
    (data_dir / "status.yaml").write_text(text, encoding="utf-8")


def rec(task: str, day: str, status: str = "in_progress", **fields: Any) -> dict[str, Any]:
    """One record: task, date, status, then any other field (by, values, count, duty…)."""
    return {"task": task, "date": day, "status": status, **fields}
