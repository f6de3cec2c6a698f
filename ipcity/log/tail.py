"""A plan kept up with the entries a command appends to its log (collect, form after
form): the new entries read from the log's tail and checked as the index reads a log
appended to, instead of loading the plan and its log again (a province's: 2 s a form)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ipcity.answers.parts import entries_of
from ipcity.plan.loaded import Plan
from ipcity.plan.problems import STATUS


def appended_to(plan: Plan, data_dir: Path, before: int | None, today: date) -> bool:
    """Add to plan (in place) the entries its log holds past its first `before` bytes (its
    size before an append), as the index reads a log appended to; False when they do not
    read that way (load the plan again then)."""
    from ipcity.files import safe_read
    from ipcity.files.load import records_after
    from ipcity.files.yaml_loader import MAX_BYTES, count_lines

    if before is None:
        return False
    try:
        raw = safe_read.read_capped(data_dir / STATUS, MAX_BYTES)
    except OSError:  # (safe_read's refusals are OSErrors too)
        return False
    log, problems = records_after(
        data_dir,
        plan,
        (count_lines(raw[:before]), plan.log.size),
        today,
        raw=raw,
        earlier=lambda task_id: entries_of(plan, task_id),
    )
    if log is None or problems:
        return False
    plan.add_log(log)
    return True
