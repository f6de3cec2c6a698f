"""What each unit owes for a period, as the lines of its fill-in form (`ipcity forms`):

- a line for each of its parts (a task it is responsible for, itself or through a group)
  not done, or done in the period;
- a line for each indicator figure it reports: the city's, for each indicator of a task it
  leads (its first responsible unit); its own share where it has a 分解指标, is a co-lead,
  or has reported a share before; for indicators due after the period began, counted
  from before it ended;
- a line for each recurring duty it answers for (its own, or the task's where it leads)
  over the duty's periods that meet the form's period.

The workbook is drawn by output/form_book.py; the layout is plan/forms.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ipcity.answers.indicators import indicator_due, readings_by_unit
from ipcity.answers.lookup import resolve_unit
from ipcity.answers.owed import PartLine
from ipcity.answers.parts import part_states, part_tracks
from ipcity.answers.recurring import Duty, duties, occurrences
from ipcity.errors import UsageError
from ipcity.plan.deadlines import date_range
from ipcity.plan.forms import LineKey, form_id, plan_digest
from ipcity.plan.loaded import Plan
from ipcity.plan.parts import lead_unit, task_parts
from ipcity.plan.periods import period_code, spans
from ipcity.plan.shapes import EVERY_MONTHS, Indicator, Status, Task
from ipcity.plan.units import GROUP


@dataclass(frozen=True)
class ReadingLine:
    """One indicator figure the unit reports: the city's (its lead) or its own share."""

    task: str
    name: str
    city: bool
    target: float | None  # the city's, or the unit's 分解指标; None: a share with none
    direction: str
    measure: str  # 计量单位
    last: tuple[date, float] | None  # the latest reading of that figure


@dataclass(frozen=True)
class DutyLine:
    """One recurring duty over the duty's periods that meet the form's period."""

    task: str
    name: str
    requirement: str  # 每年至少 2 次
    periods: str  # 2009年, or 2009年1月至2009年6月
    asked: int  # times required over those periods
    held: int  # times recorded in them so far
    first: date  # the days an occurrence reported on the form may fall on
    last: date


@dataclass(frozen=True)
class Form:
    """One unit's form for one period."""

    title: str
    office: str | None
    digest: str
    unit: str
    period: str  # 2009H1
    label: str  # 2009年上半年
    first: date
    last: date
    issued: date
    due: date | None  # the day it is to be returned by
    tasks: list[PartLine]
    readings: list[ReadingLine]
    duties: list[DutyLine]

    @property
    def keys(self) -> list[LineKey]:
        """Every fill-in line, in the order the form lists them."""
        return [
            *(LineKey("task", line.task) for line in self.tasks),
            *(LineKey("reading", line.task, line.name) for line in self.readings),
            *(LineKey("duty", line.task, line.name) for line in self.duties),
        ]

    @property
    def id(self) -> str:
        return form_id(self.digest, self.unit, self.period, self.keys)


def build_forms(
    plan: Plan,
    first: date,
    last: date,
    label: str,
    *,
    today: date,
    due: date | None = None,
    unit: str | None = None,
) -> list[Form]:
    """The form of each unit with something to report for first..last (of one unit, when
    named), in units.yaml order. Raises UsageError for a unit that answers for no task."""
    digest = plan_digest(plan)
    code = period_code(first, last)
    units = [name for name, u in plan.units.units.items() if u.kind != GROUP]
    if unit is not None:
        named = resolve_unit(plan, unit)
        if not any(named in task_parts(plan.units, t) for _, t in plan.tasks.values()):
            raise UsageError(f"{named}不是任何任务的责任单位，没有要它填报的进度")
        units = [named]
    found = []
    for name in units:
        form = Form(
            title=plan.title,
            office=plan.office.name if plan.office else None,
            digest=digest,
            unit=name,
            period=code,
            label=label,
            first=first,
            last=last,
            issued=today,
            due=due,
            tasks=_task_lines(plan, name, first, last, today),
            readings=_reading_lines(plan, name, first, last, today),
            duties=_duty_lines(plan, name, first, last),
        )
        if form.tasks or form.readings or form.duties:
            found.append(form)
    return found


def _done_before(part: dict[str, Any], first: date) -> bool:
    claimed = part["claim_date"]
    return (
        part["status"] == Status.done.value and claimed is not None and claimed < first.isoformat()
    )


def _parts_of(plan: Plan, unit: str, today: date) -> dict[str, dict[str, Any]]:
    """The unit's part of each task it answers for, as `show --format json` gives parts."""
    return {
        task_id: part.json()
        for task_id, parts in part_states(plan, today).items()
        for part in parts
        if part.unit == unit
    }


def _task_lines(plan: Plan, unit: str, first: date, last: date, today: date) -> list[PartLine]:
    parts = _parts_of(plan, unit, today)
    tracks = part_tracks(plan)
    lines = []
    for item in plan.items:
        for task in item.tasks:
            part = parts.get(task.id)
            if part is None or _done_before(part, first):
                continue
            if part["status"] == Status.done.value and part["claim_date"] > last.isoformat():
                continue  # done after the period: nothing to report for it
            track = next(t for t in tracks[task.id] if t.unit == unit)
            lines.append(PartLine.of(item, task, part, track.last))
    return lines


def _reading_lines(
    plan: Plan, unit: str, first: date, last: date, today: date
) -> list[ReadingLine]:
    parts = _parts_of(plan, unit, today)
    lines = []
    for _, task in plan.tasks.values():
        part = parts.get(task.id)
        if part is not None and _done_before(part, first):
            continue
        lead = lead_unit(plan.units, task) == unit
        for indicator in task.indicators:
            due = indicator_due(plan, task, indicator)
            if due is not None and due < first:
                continue  # its figure was due before the period
            if indicator.start and date_range(indicator.start)[0] > last:
                continue  # it counts from after the period (2010's 年专利申请量)
            line = _reading(plan, task, indicator, unit, lead, co_lead=part is not None)
            if line is not None:
                lines.append(line)
    return lines


def _reading(
    plan: Plan, task: Task, indicator: Indicator, unit: str, lead: bool, *, co_lead: bool
) -> ReadingLine | None:
    city, shares = readings_by_unit(plan, task, indicator)
    own = {plan.units.resolve(name): value for name, value in indicator.targets.items()}
    if lead:
        target: float | None = indicator.target
        history = city
    elif unit in own or co_lead or unit in shares:
        target = own.get(unit)
        history = shares.get(unit, [])
    else:
        return None
    return ReadingLine(
        task=task.id,
        name=indicator.name,
        city=lead,
        target=target,
        direction=indicator.direction,
        measure=indicator.unit,
        last=history[-1] if history else None,
    )


def answers_for(plan: Plan, duty: Duty, unit: str) -> bool:
    """A duty asked of each unit is its own; one asked of the task, its lead's to report."""
    if duty.unit is not None:
        return duty.unit == unit
    return lead_unit(plan.units, duty.task) == unit and unit in duty.units


def _duty_lines(plan: Plan, unit: str, first: date, last: date) -> list[DutyLine]:
    lines = []
    for duty in duties(plan):
        if not answers_for(plan, duty, unit):
            continue
        months = EVERY_MONTHS[duty.duty.every]
        met = [
            s
            for s in spans(months, plan.period.start, plan.period.end)
            if s.first <= last and s.last >= first
        ]
        if not met:
            continue  # none of its periods lies in the plan's period and meets the form's
        start, end = met[0].first, met[-1].last
        held = sum(n for day, n in occurrences(plan, duty) if start <= day <= end)
        lines.append(
            DutyLine(
                task=duty.task.id,
                name=duty.duty.name,
                requirement=duty.duty.requirement,
                periods=_span_label(met[0].label, met[-1].label),
                asked=duty.duty.at_least * len(met),
                held=held,
                first=start,
                last=end,
            )
        )
    return lines


def _span_label(first: str, last: str) -> str:
    """2009年, or 2009年1月至6月 (the year said once), or 2009年7月至2010年6月."""
    if first == last:
        return first
    year = first[:5]
    return f"{first}至{last.removeprefix(year) if last.startswith(year) else last}"
