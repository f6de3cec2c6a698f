"""Each unit's light (红/黄/绿) and the reasons for it, judged by its own parts, its own
indicator shares and its own duties alone: what the report's 按单位 table and the 通报's
scorecard show.

Red: a part of the unit overdue or blocked; a duty of its own missed in a finished
period; an indicator share of its own behind its 序时进度 or, for the lead of the task
(its first responsible unit), the city's figure behind it.
Yellow: a part of its own due within 30 days; an open part with no record for 90 days
(counting from the plan's start for a part never reported); a duty of its own not yet met
in the period under way.
Green: none of these.

A claim of completion waiting for the office's check (已报完成，待核查) is the office's
turn: it is listed, and neither overdue, due soon nor quiet against the unit. A duty asked
of each responsible unit (per: unit) is that unit's; one asked of the task (per: task) is
each of its responsible units'. A group leading an indicator holds none of its members to
the city's figure: each answers for its own share.

Everything is bucketed by unit in one pass over the parts, the indicators and the duties,
so a province's 1,000 units cost no more than its parts.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from ipcity.answers.contract import DutyRow, IndicatorRow, Judgement, Light, UnitRow
from ipcity.answers.derived import memo, supported_counts
from ipcity.answers.parts import PartState, part_states
from ipcity.plan.loaded import Plan
from ipcity.plan.parts import lead_unit
from ipcity.plan.shapes import Status
from ipcity.plan.units import GROUP

DUE_SOON_DAYS = 30
QUIET_DAYS = 90
LIGHTS: tuple[Light, ...] = ("red", "yellow", "green")


def percent(part: int, whole: int) -> float:
    return round(part / whole * 100, 1) if whole else 0.0


def parts_by_unit(parts: dict[str, list[PartState]]) -> dict[str, list[PartState]]:
    """Each unit's parts, in plan order."""
    found: dict[str, list[PartState]] = {}
    for task_parts in parts.values():
        for part in task_parts:
            found.setdefault(part.unit, []).append(part)
    return found


def behind_by_unit(plan: Plan, indicators: list[IndicatorRow]) -> dict[str, list[str]]:
    """The indicators each unit is behind on: its own shares, and the city's figure for
    the lead of the task."""
    found: dict[str, list[str]] = {}
    for row in indicators:
        label = f"{row['task']} {row['name']}"
        if row["on_pace"] is False:
            lead = lead_unit(plan.units, plan.tasks[row["task"]][1])
            if lead is not None and plan.units.units[lead].kind != GROUP:
                found.setdefault(lead, []).append(label)
        for share in row["parts"]:
            if share["on_pace"] is False:
                found.setdefault(share["unit"], []).append(f"{label}（本单位分解指标）")
    return found


class _Duties:
    """Each unit's duties: the periods it missed, and those under way not yet met."""

    def __init__(self, duties: list[DutyRow]) -> None:
        self.missed: dict[str, int] = {}
        self.missed_names: dict[str, list[str]] = {}
        self.pending: dict[str, list[str]] = {}
        for duty in duties:
            label = f"{duty['task']} {duty['duty']}"
            current = duty["current"]
            for unit in duty["units"]:
                if duty["missed"]:
                    self.missed[unit] = self.missed.get(unit, 0) + duty["missed"]
                    self.missed_names.setdefault(unit, []).append(label)
                if current is not None and not current["met"]:
                    self.pending.setdefault(unit, []).append(label)


class Mark(NamedTuple):
    """What a unit's light reads of one of its parts as of a day (the index answers these
    from its rows, without the parts' states)."""

    unit: str
    task: str
    done: bool
    blocked: bool
    awaiting: bool  # a claim the office has yet to check: neither overdue, due soon nor quiet
    overdue: bool
    due_soon: bool  # due within DUE_SOON_DAYS
    quiet: bool  # no record for QUIET_DAYS


def part_marks(plan: Plan, as_of: date) -> list[Mark]:
    """Every part's Mark, in plan order (the parts in the order the plan names them)."""

    def compute() -> list[Mark]:
        soon = _days_after(as_of, DUE_SOON_DAYS)
        return [
            Mark(
                p.unit,
                p.task,
                p.status is Status.done,
                p.status is Status.blocked,
                p.awaiting_check,
                p.overdue,
                p.due is not None and as_of <= p.due <= soon,
                _quiet(plan, p.last_date, as_of),
            )
            for parts in part_states(plan, as_of).values()
            for p in parts
        ]

    return memo(plan, f"marks on {as_of.isoformat()}", compute)


def _days_after(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:  # past the calendar's end: every day up to it
        return date.max


def judgements(
    plan: Plan, as_of: date, indicators: list[IndicatorRow], duties: list[DutyRow]
) -> dict[str, tuple[list[Mark], Judgement]]:
    """Every unit with parts, shares or duties of its own: its parts' marks, and its light
    with the reasons for it."""
    by_unit: dict[str, list[Mark]] = {}
    for mark in part_marks(plan, as_of):
        by_unit.setdefault(mark.unit, []).append(mark)
    behind = behind_by_unit(plan, indicators)
    owed = _Duties(duties)
    found: dict[str, tuple[list[Mark], Judgement]] = {}
    for name in plan.units.units:
        marks = by_unit.get(name, [])
        if not (marks or name in behind or name in owed.missed or name in owed.pending):
            continue
        judged = [m for m in marks if not m.done and not m.awaiting]
        judgement: Judgement = {
            "light": "green",
            "overdue_tasks": [m.task for m in judged if m.overdue],
            "blocked_tasks": [m.task for m in judged if m.blocked],
            "behind_indicators": behind.get(name, []),
            "missed_duties": owed.missed.get(name, 0),
            "missed_duty_names": owed.missed_names.get(name, []),
            "due_soon_tasks": [m.task for m in judged if m.due_soon],
            "quiet_tasks": [m.task for m in judged if m.quiet],
            "pending_duties": owed.pending.get(name, []),
            "awaiting_tasks": [m.task for m in marks if m.awaiting],
        }
        judgement["light"] = light(judgement)
        found[name] = (marks, judgement)
    return found


def light(j: Judgement) -> Light:
    if j["overdue_tasks"] or j["blocked_tasks"] or j["behind_indicators"] or j["missed_duties"]:
        return "red"
    if j["due_soon_tasks"] or j["quiet_tasks"] or j["pending_duties"]:
        return "yellow"
    return "green"


def _quiet(plan: Plan, last: date | None, as_of: date) -> bool:
    """No record for QUIET_DAYS, counting from the plan's start for a part never reported."""
    since = max(last, plan.period.start) if last else plan.period.start
    return (as_of - since).days > QUIET_DAYS


def unit_rows(
    plan: Plan, as_of: date, indicators: list[IndicatorRow], duties: list[DutyRow]
) -> list[UnitRow]:
    """Each unit with tasks: led (its parts) and supported, and of its parts done,
    overdue, blocked, due soon, quiet; its light and the reasons for it; worst first."""
    judged = judgements(plan, as_of, indicators, duties)
    supported_by = supported_counts(plan)
    found: list[tuple[int, UnitRow]] = []
    for order, (name, unit) in enumerate(plan.units.units.items()):
        if unit.kind == GROUP:
            continue
        supported = supported_by.get(name, 0)
        if name not in judged and not supported:
            continue
        parts, judgement = judged.get(name, ([], _clear()))
        done = sum(m.done for m in parts)
        row: UnitRow = {
            "unit": name,
            "kind": unit.kind,
            "led": len(parts),
            "supported": supported,
            "done": done,
            "overdue": len(judgement["overdue_tasks"]),
            "blocked": len(judgement["blocked_tasks"]),
            "due_soon": len(judgement["due_soon_tasks"]),
            "quiet": len(judgement["quiet_tasks"]),
            "behind": len(judgement["behind_indicators"]),
            "percent_done": percent(done, len(parts)),
            **judgement,
        }
        found.append((order, row))
    found.sort(
        key=lambda pair: (
            LIGHTS.index(pair[1]["light"]),
            -pair[1]["overdue"],
            -pair[1]["blocked"],
            -pair[1]["behind"],
            -pair[1]["missed_duties"],
            -pair[1]["due_soon"] - pair[1]["quiet"],
            pair[0],
        )
    )
    return [row for _, row in found]


def _clear() -> Judgement:
    return {
        "light": "green",
        "overdue_tasks": [],
        "blocked_tasks": [],
        "behind_indicators": [],
        "missed_duties": 0,
        "missed_duty_names": [],
        "due_soon_tasks": [],
        "quiet_tasks": [],
        "pending_duties": [],
        "awaiting_tasks": [],
    }
