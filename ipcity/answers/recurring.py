"""Recurring duties (每年至少召开一次领导小组会议): their periods, and which were met.

Periods are calendar years, halves, quarters or months, generated with dateutil's rrule
from the plan's start; only those lying wholly in the plan's period are asked for (the
Jiaxing plan starts 2008-09-01, so a yearly duty is first asked for 2009). Occurrences
come from status records with `count`, counted in the period holding their date.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from ipcity.answers.contract import DutyRow, PeriodRow
from ipcity.answers.derived import counts_by_task
from ipcity.plan.loaded import Plan
from ipcity.plan.periods import Span, spans
from ipcity.plan.shapes import EVERY_MONTHS, Recurring, Task

Row = dict[str, Any]


@dataclass(frozen=True)
class Duty:
    """One duty as asked of one party: a unit (per: unit) or the task as a whole (unit None)."""

    task: Task
    duty: Recurring
    unit: str | None
    units: list[str]  # who answers for it: the unit, or every responsible unit of the task


def duties(plan: Plan) -> Iterator[Duty]:
    """Every duty of the plan, per responsible unit where the annex asks it of each."""
    for item in plan.items:
        for task in item.tasks:
            if not task.recurring:
                continue  # most tasks: their units are not looked up
            responsible = plan.units.expand(task.responsible)
            for duty in task.recurring:
                if duty.per == "unit":
                    for unit in responsible:
                        yield Duty(task, duty, unit, [unit])
                else:
                    yield Duty(task, duty, None, responsible)


def occurrences(plan: Plan, duty: Duty) -> list[tuple[date, int]]:
    """The dated counts reported for a duty (for a per-unit duty, by that unit)."""
    only = len(duty.task.recurring) == 1
    found = []
    for record in counts_by_task(plan).get(duty.task.id, []):
        if record.count is None:
            continue
        if (record.duty or (duty.duty.name if only else None)) != duty.duty.name:
            continue
        if duty.unit is not None and (
            record.by is None or plan.units.resolve(record.by) != duty.unit
        ):
            continue
        found.append((record.date, record.count))
    return found


def _period_row(span: Span, held: list[tuple[date, int]], at_least: int) -> PeriodRow:
    count = sum(n for day, n in held if span.first <= day <= span.last)
    return {
        "period": span.label,
        "first": span.first.isoformat(),
        "last": span.last.isoformat(),
        "count": count,
        "met": count >= at_least,
    }


def duty_rows(plan: Plan, as_of: date, *, since: date | None = None) -> list[DutyRow]:
    """Per duty and per responsible unit: the periods that ended by as_of (and on or after
    `since`, when given), those met and those missed, and the period under way."""
    rows: list[DutyRow] = []
    for d in duties(plan):
        months = EVERY_MONTHS[d.duty.every]
        held = occurrences(plan, d)
        asked = spans(months, plan.period.start, plan.period.end)
        ended = [s for s in asked if s.last <= as_of and (since is None or s.last >= since)]
        periods = [_period_row(s, held, d.duty.at_least) for s in ended]
        current = next((s for s in asked if s.first <= as_of < s.last), None)
        rows.append(
            {
                "task": d.task.id,
                "duty": d.duty.name,
                "requirement": d.duty.requirement,
                "every": d.duty.every,
                "at_least": d.duty.at_least,
                "per": d.duty.per,
                "unit": d.unit,
                "units": d.units,
                "elapsed": len(periods),
                "met": sum(p["met"] for p in periods),
                "missed": sum(not p["met"] for p in periods),
                "missed_periods": [p["period"] for p in periods if not p["met"]],
                "periods": periods,
                "current": _period_row(current, held, d.duty.at_least) if current else None,
            }
        )
    return rows
