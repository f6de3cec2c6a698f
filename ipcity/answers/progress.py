"""The leaders' report: overall progress, per work item, per unit, overdue tasks,
indicators and recurring duties. Pure functions of a plan and an as-of date returning
plain dicts (JSON-ready); render, html and xlsx draw them.

A task's status is its latest record, as in `ipcity list` (the as-of date decides what
is overdue, due soon or quiet). Units are counted by `list --unit`'s rules: a unit
answers for the tasks of the groups it belongs to; groups themselves are not rows.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from ipcity.answers.contract import (
    DutyRow,
    IndicatorRow,
    ItemRow,
    Light,
    OverdueRow,
    Report,
    Summary,
    UnitRow,
)
from ipcity.answers.derived import latest_records, unit_roles
from ipcity.answers.indicators import indicator_rows
from ipcity.answers.recurring import duty_rows
from ipcity.answers.tasks import due_tasks, list_tasks
from ipcity.plan.loaded import Plan, Record
from ipcity.plan.shapes import Status
from ipcity.plan.units import GROUP

Row = dict[str, Any]

DUE_SOON_DAYS = 30
QUIET_DAYS = 90
LIGHTS: tuple[Light, ...] = ("red", "yellow", "green")


def percent(part: int, whole: int) -> float:
    return round(part / whole * 100, 1) if whole else 0.0


def _counts(rows: list[Row]) -> Summary:
    statuses = [row["status"] for row in rows]
    done = statuses.count(Status.done.value)
    return {
        "total": len(rows),
        "done": done,
        "in_progress": statuses.count(Status.in_progress.value),
        "blocked": statuses.count(Status.blocked.value),
        "not_started": statuses.count(Status.not_started.value),
        "overdue": sum(row["overdue"] for row in rows),
        "percent_done": percent(done, len(rows)),
    }


def summary(plan: Plan, as_of: date) -> Summary:
    return _counts(list_tasks(plan, as_of))


def item_rows(plan: Plan, as_of: date) -> list[ItemRow]:
    by_item: dict[str, list[Row]] = {}
    for row in list_tasks(plan, as_of):
        by_item.setdefault(row["item"], []).append(row)
    found: list[ItemRow] = []
    for item in plan.items:
        counts = _counts(by_item.get(item.id, []))
        found.append(
            {
                "item": item.id,
                "content": item.content,
                "total": counts["total"],
                "done": counts["done"],
                "overdue": counts["overdue"],
                "percent_done": counts["percent_done"],
            }
        )
    return found


def overdue_rows(plan: Plan, as_of: date) -> list[OverdueRow]:
    """Tasks not done and past due, longest overdue first."""
    return [
        cast(OverdueRow, {**row, "days": (as_of - date.fromisoformat(row["due"])).days})
        for row in due_tasks(plan, as_of, overdue=True)
    ]


def _quiet(plan: Plan, record: Record | None, as_of: date) -> bool:
    """No record for QUIET_DAYS, counting from the plan's start for a task never reported."""
    last = max(record.date, plan.period.start) if record else plan.period.start
    return (as_of - last).days > QUIET_DAYS


def unit_rows(
    plan: Plan,
    as_of: date,
    indicators: list[IndicatorRow] | None = None,
    duties: list[DutyRow] | None = None,
) -> list[UnitRow]:
    """Each unit with tasks: led and supported, and of those it leads, done, overdue,
    blocked, due within 30 days, quiet for 90 days, indicators behind 序时进度; the
    traffic light (红 overdue/blocked/behind, 黄 due soon/quiet, 绿 otherwise), worst first.
    """
    indicators = indicator_rows(plan, as_of) if indicators is None else indicators
    duties = duty_rows(plan, as_of) if duties is None else duties
    latest = latest_records(plan)
    rows = {row["id"]: row for row in list_tasks(plan, as_of)}
    soon = as_of + timedelta(days=DUE_SOON_DAYS)
    roles = unit_roles(plan)
    behind_by_task: dict[str, list[str]] = {}
    for i in indicators:
        if i["on_pace"] is False:
            behind_by_task.setdefault(i["task"], []).append(f"{i['task']} {i['name']}")
    found: list[tuple[int, UnitRow]] = []
    for order, (name, unit) in enumerate(plan.units.units.items()):
        if unit.kind == GROUP:
            continue
        led = [t for t, role in roles[name].items() if role == "responsible"]  # plan order
        supported = [t for t, role in roles[name].items() if role == "cooperating"]
        if not led and not supported:
            continue
        open_ = [t for t in led if rows[t]["status"] != Status.done.value]
        due_soon = [
            t
            for t in open_
            if rows[t]["due"] and as_of <= date.fromisoformat(rows[t]["due"]) <= soon
        ]
        behind = [b for t in led for b in behind_by_task.get(t, [])]
        missed = sum(d["missed"] for d in duties if name in d["units"])
        overdue = [t for t in open_ if rows[t]["overdue"]]
        blocked = [t for t in open_ if rows[t]["status"] == Status.blocked.value]
        quiet = [t for t in open_ if _quiet(plan, latest.get(t), as_of)]
        light: Light = "green"
        if overdue or blocked or behind:
            light = "red"
        elif due_soon or quiet:
            light = "yellow"
        row: UnitRow = {
            "unit": name,
            "kind": unit.kind,
            "led": len(led),
            "supported": len(supported),
            "done": len(led) - len(open_),
            "overdue": len(overdue),
            "blocked": len(blocked),
            "due_soon": len(due_soon),
            "quiet": len(quiet),
            "behind": len(behind),
            "missed_duties": missed,
            "percent_done": percent(len(led) - len(open_), len(led)),
            "overdue_tasks": overdue,
            "blocked_tasks": blocked,
            "due_soon_tasks": due_soon,
            "quiet_tasks": quiet,
            "behind_indicators": behind,
            "light": light,
        }
        found.append((order, row))
    found.sort(
        key=lambda pair: (
            LIGHTS.index(pair[1]["light"]),
            -pair[1]["overdue"],
            -pair[1]["blocked"],
            -pair[1]["behind"],
            -pair[1]["due_soon"] - pair[1]["quiet"],
            pair[0],
        )
    )
    return [row for _, row in found]


def report(plan: Plan, as_of: date) -> Report:
    """Everything the leaders' report shows, as one JSON-ready dict."""
    indicators = indicator_rows(plan, as_of)
    duties = duty_rows(plan, as_of)
    return {
        "title": plan.title,
        "as_of": as_of.isoformat(),
        "summary": summary(plan, as_of),
        "items": item_rows(plan, as_of),
        "units": unit_rows(plan, as_of, indicators, duties),
        "overdue": overdue_rows(plan, as_of),
        "indicators": indicators,
        "recurring": duties,
    }
