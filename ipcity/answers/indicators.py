"""Indicators against their targets: the latest reading, % of target, met, and 序时进度.

Readings are the `values` of status records. The 序时进度 (the schedule 督查 offices
hold a figure to) is a straight line to the target at the indicator's due date: from 0
at its start for a count, from its first reading for a total; a rate must meet the
target at every reading. A reading is on pace when it reaches the line on the as-of day.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ipcity.answers.contract import IndicatorRow
from ipcity.answers.derived import records_by_task
from ipcity.plan.deadlines import date_range, parse_deadline
from ipcity.plan.loaded import Plan
from ipcity.plan.models import Indicator, Task
from ipcity.plan.units import normalize

Row = dict[str, Any]


def number(value: float) -> float | int:
    """5500.0 reads 5500 in JSON and in tables; 92.5 stays as it is."""
    return int(value) if float(value).is_integer() else value


def readings(plan: Plan, task: Task, indicator: Indicator) -> list[tuple[date, float]]:
    """Every reading of one indicator, oldest first (file order within a day)."""
    wanted = normalize(indicator.name)  # a reading typed 新增（件） counts for 新增(件)
    found = [
        (record.date, value)
        for record in records_by_task(plan).get(task.id, [])
        for name, value in record.values.items()
        if normalize(name) == wanted
    ]
    found.sort(key=lambda reading: reading[0])  # stable: a later line wins a tied day
    return found


def indicator_due(plan: Plan, task: Task, indicator: Indicator) -> date | None:
    return parse_deadline(indicator.due or task.deadline, plan.period.end).due


def _met(indicator: Indicator, value: float) -> bool:
    return value >= indicator.target if indicator.direction == ">=" else value <= indicator.target


def _share(start: date, due: date, as_of: date) -> float:
    """How much of the way from start to due as_of is, within 0..1."""
    if due <= start:
        return 1.0 if as_of >= due else 0.0
    return min(max((as_of - start).days / (due - start).days, 0.0), 1.0)


def expected(
    plan: Plan,
    indicator: Indicator,
    due: date | None,
    history: list[tuple[date, float]],
    as_of: date,
) -> float | None:
    """The 序时进度 figure for as_of, or None when there is no line to hold it to."""
    if due is None:
        return None
    if indicator.kind == "rate" or indicator.direction == "<=" or as_of >= due:
        return indicator.target
    if indicator.kind == "total":
        if len(history) < 2:
            return None  # one reading is a starting level, not yet a pace
        (first_day, first_value), *_ = history
        return first_value + (indicator.target - first_value) * _share(first_day, due, as_of)
    start = date_range(indicator.start)[0] if indicator.start else plan.period.start
    return indicator.target * _share(start, due, as_of)


def indicator_row(plan: Plan, task: Task, indicator: Indicator, as_of: date) -> IndicatorRow:
    history = readings(plan, task, indicator)
    due = indicator_due(plan, task, indicator)
    line = expected(plan, indicator, due, history, as_of)
    actual = history[-1][1] if history else None
    met = actual is not None and _met(indicator, actual)
    on_pace: bool | None = None
    if met:
        on_pace = True
    elif actual is not None and line is not None:
        # Not met: a ceiling or a level missed is behind; a count or total must reach the line.
        on_pace = indicator.direction == ">=" and actual >= line
    return {
        "task": task.id,
        "name": indicator.name,
        "target": number(indicator.target),
        "unit": indicator.unit,
        "direction": indicator.direction,
        "kind": indicator.kind,
        "due": due.isoformat() if due else None,
        "actual": number(actual) if actual is not None else None,
        "date": history[-1][0].isoformat() if history else None,
        "percent": round(actual / indicator.target * 100, 1)
        if actual is not None and indicator.target
        else None,
        "met": met,
        "expected": number(round(line, 1)) if line is not None else None,
        "on_pace": on_pace,
    }


def indicator_rows(plan: Plan, as_of: date) -> list[IndicatorRow]:
    """Every indicator of the plan, in plan order."""
    return [
        indicator_row(plan, task, indicator, as_of)
        for item in plan.items
        for task in item.tasks
        for indicator in task.indicators
    ]
