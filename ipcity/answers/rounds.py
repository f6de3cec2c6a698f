"""One 督查 round against the log: what it rests on (the entries dated in the period),
and what changed since the previous period's end. Each a single pass over what it reads."""

from __future__ import annotations

from datetime import date, timedelta

from ipcity.answers.briefs import part_brief, titles
from ipcity.answers.contract import Basis, Changes, IndicatorMove, IndicatorRow
from ipcity.answers.indicators import indicator_rows
from ipcity.answers.parts import PartState, part_tracks, task_states
from ipcity.answers.progress import summary
from ipcity.plan.loaded import Plan
from ipcity.plan.shapes import Status


def basis(plan: Plan, first: date, last: date) -> Basis:
    """The entries of the log dated in first..last: progress records and the units that
    made them (or for whose parts the office made them), checks, extensions."""
    units: dict[str, None] = {}
    records = 0
    for record in plan.records:
        if not first <= record.date <= last:
            continue
        records += 1
        named = record.by or record.unit
        unit = plan.units.resolve(named) if named else None
        if unit is not None:
            units.setdefault(unit)
    checks = [c for c in plan.checks if first <= c.date <= last]
    asked = [e for e in plan.extensions if first <= e.date <= last]
    order = {name: n for n, name in enumerate(plan.units.units)}
    return {
        "records": records,
        "units": sorted(units, key=order.__getitem__),
        "checks": len(checks),
        "returned": sum(c.verify == "returned" for c in checks),
        "requests": sum(e.approved_by is None for e in asked),
        "approvals": sum(e.approved_by is not None for e in asked),
        "records_to_date": sum(r.date <= last for r in plan.records),
    }


def changes(
    then: Plan,
    earlier: Plan,
    parts: dict[str, list[PartState]],
    before: dict[tuple[str, str], PartState],
    indicators: list[IndicatorRow],
    first: date,
    last: date,
) -> Changes:
    """Since the day before `first` (earlier: the plan as it stood then; before: its
    parts at that day's end): tasks done, parts newly overdue, indicators' city figures
    that moved. Overdue as a day ends (answers/inspection.py)."""
    since = first - timedelta(days=1)
    now_tasks = task_states(then, last + timedelta(days=1))
    then_tasks = task_states(earlier, first)
    tracks = part_tracks(then)
    newly_overdue = [
        part_brief(then, part, track)
        for task_id, found in parts.items()
        for part, track in zip(found, tracks[task_id], strict=True)
        if part.overdue and not part.awaiting_check and not before[(task_id, part.unit)].overdue
    ]
    return {
        "since": since.isoformat(),
        "before": summary(earlier, first),
        "newly_done_tasks": [
            {"id": task_id, "title": titles(then)[task_id]}
            for task_id, state in now_tasks.items()
            if state.status is Status.done and then_tasks[task_id].status is not Status.done
        ],
        "newly_overdue": newly_overdue,
        "indicators": _moves(indicator_rows(earlier, since), indicators),
    }


def _moves(before: list[IndicatorRow], now: list[IndicatorRow]) -> list[IndicatorMove]:
    """The indicators whose city figure changed, in plan order."""
    return [
        {
            "task": new["task"],
            "name": new["name"],
            "unit": new["unit"],
            "before": old["actual"],
            "after": new["actual"],
            "before_date": old["date"],
            "after_date": new["date"],
        }
        for old, new in zip(before, now, strict=True)
        if old["actual"] != new["actual"]
    ]
