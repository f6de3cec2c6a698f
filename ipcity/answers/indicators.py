"""Indicators against their targets: the latest reading, % of target, met, and 序时进度;
the city's figure, and each unit's share beside it.

Readings are the `values` of status records. An indicator's figure is the city's, which
its lead unit reports (the task's first responsible unit, plan/parts.lead_unit); a
reading with no unit named is the city's too. A reading by any other unit (a co-lead, a
cooperating county) is that unit's *share* and never replaces the city's figure; where
the city has reported none, the latest shares' sum stands in (`actual_is_sum`), for
an indicator whose shares add up (a count or total, not a rate or a figure per head). A
unit with its own target (分解指标, `targets` in tasks.yaml) is held to it.

The 序时进度 (the schedule 督查 offices hold a figure to) is a straight line to the target
at the indicator's due date: from 0 at its start for a count, from its first reading for
a total; a rate must meet the target at every reading. A reading is on pace when it
reaches the line on the as-of day.
"""

from __future__ import annotations

from datetime import date

from ipcity.answers.contract import IndicatorRow, IndicatorShare, Judged
from ipcity.answers.derived import task_readings
from ipcity.plan.deadlines import date_range, parse_deadline
from ipcity.plan.loaded import Plan
from ipcity.plan.parts import lead_unit
from ipcity.plan.shapes import Indicator, Task
from ipcity.plan.units import normalize


def number(value: float) -> float | int:
    """5500.0 reads 5500 in JSON and in tables; 92.5 stays as it is."""
    return int(value) if float(value).is_integer() else value


Readings = list[tuple[date, float]]


def readings_by_unit(
    plan: Plan, task: Task, indicator: Indicator
) -> tuple[Readings, dict[str, Readings]]:
    """The city's readings of one indicator, and each other unit's (its share), oldest
    first (file order within a day). A reading is the unit's its record speaks for
    (`unit`), else its reporter's (`by`); none named, or the lead, is the city."""
    wanted = normalize(indicator.name)  # a reading typed 新增（件） counts for 新增(件)
    lead = lead_unit(plan.units, task)
    city: Readings = []
    shares: dict[str, Readings] = {}
    for day, name, value, named in task_readings(plan).get(task.id, []):
        if normalize(name) != wanted:
            continue
        owner = plan.units.resolve(named) if named else None
        if owner is None or owner == lead:
            city.append((day, value))
        else:
            shares.setdefault(owner, []).append((day, value))
    city.sort(key=lambda reading: reading[0])  # stable: a later line wins a tied day
    for found in shares.values():
        found.sort(key=lambda reading: reading[0])
    return city, shares


def indicator_due(plan: Plan, task: Task, indicator: Indicator) -> date | None:
    return parse_deadline(indicator.due or task.deadline, plan.period.end).due


def _met(indicator: Indicator, value: float, target: float | None = None) -> bool:
    target = indicator.target if target is None else target
    return value >= target if indicator.direction == ">=" else value <= target


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
    target: float | None = None,
) -> float | None:
    """The 序时进度 figure for as_of, or None when there is no line to hold it to. target
    is a unit's own (分解指标), in place of the indicator's."""
    target = indicator.target if target is None else target
    if due is None:
        return None
    if indicator.kind == "rate" or indicator.direction == "<=" or as_of >= due:
        return target
    if indicator.kind == "total":
        if len(history) < 2:
            return None  # one reading is a starting level, not yet a pace
        (first_day, first_value), *_ = history
        return first_value + (target - first_value) * _share(first_day, due, as_of)
    start = date_range(indicator.start)[0] if indicator.start else plan.period.start
    return target * _share(start, due, as_of)


def _judged(
    plan: Plan,
    indicator: Indicator,
    due: date | None,
    history: Readings,
    as_of: date,
    target: float | None,
    actual: float | None,
) -> Judged:
    """A figure against a target and its 序时进度: expected, met, on_pace, percent."""
    if target is None:  # a share with no target of its own: nothing to hold it to
        return {"expected": None, "met": None, "on_pace": None, "percent": None}
    line = expected(plan, indicator, due, history, as_of, target)
    met = actual is not None and _met(indicator, actual, target)
    on_pace: bool | None = None
    if met:
        on_pace = True
    elif actual is not None and line is not None:
        # Not met: a ceiling or a level missed is behind; a count or total must reach the line.
        on_pace = indicator.direction == ">=" and actual >= line
    return {
        "expected": number(round(line, 1)) if line is not None else None,
        "met": met,
        "on_pace": on_pace,
        "percent": round(actual / target * 100, 1) if actual is not None and target else None,
    }


def share_rows(
    plan: Plan, task: Task, indicator: Indicator, shares: dict[str, Readings], as_of: date
) -> list[IndicatorShare]:
    """Each unit's share, in the order the task names its units (others after, as first
    reported): its latest reading and date, its own target, and how it stands."""
    targets: dict[str, float] = {}
    for name, value in indicator.targets.items():
        unit = plan.units.resolve(name)
        if unit is not None:
            targets[unit] = value
    order = plan.units.expand([*task.responsible, *task.cooperating])
    units = [u for u in order if u in shares or u in targets]
    units += [u for u in [*targets, *shares] if u not in units]
    due = indicator_due(plan, task, indicator)
    rows: list[IndicatorShare] = []
    for unit in units:
        history = shares.get(unit, [])
        actual = history[-1][1] if history else None
        target = targets.get(unit)
        rows.append(
            {
                "unit": unit,
                "actual": number(actual) if actual is not None else None,
                "target": number(target) if target is not None else None,
                "date": history[-1][0].isoformat() if history else None,
                **_judged(plan, indicator, due, history, as_of, target, actual),
            }
        )
    return rows


def indicator_row(plan: Plan, task: Task, indicator: Indicator, as_of: date) -> IndicatorRow:
    """The city's figure against the target, and in `parts` each unit's share.
    `actual` is the city's latest reading; with none, the sum of the units' latest
    shares stands in (actual_is_sum) where shares add up."""
    city, shares = readings_by_unit(plan, task, indicator)
    parts = share_rows(plan, task, indicator, shares, as_of)
    history = city
    actual = city[-1][1] if city else None
    day = city[-1][0] if city else None
    summed = not city and bool(shares) and indicator.adds_up
    if summed:
        latest = [found[-1] for found in shares.values()]
        actual = sum(value for _, value in latest)
        day = max(when for when, _ in latest)
        history = [(day, actual)]  # a total's pace then starts from this sum
    due = indicator_due(plan, task, indicator)
    judged = _judged(plan, indicator, due, history, as_of, indicator.target, actual)
    return {
        "task": task.id,
        "name": indicator.name,
        "target": number(indicator.target),
        "unit": indicator.unit,
        "direction": indicator.direction,
        "kind": indicator.kind,
        "due": due.isoformat() if due else None,
        "actual": number(actual) if actual is not None else None,
        "date": day.isoformat() if day else None,
        "percent": judged["percent"],
        "met": bool(judged["met"]),  # the city always has a target
        "expected": judged["expected"],
        "on_pace": judged["on_pace"],
        "actual_is_sum": summed,
        "parts": parts,
    }


def indicator_rows(plan: Plan, as_of: date) -> list[IndicatorRow]:
    """Every indicator of the plan, in plan order."""
    return [
        indicator_row(plan, task, indicator, as_of)
        for item in plan.items
        for task in item.tasks
        for indicator in task.indicators
    ]
