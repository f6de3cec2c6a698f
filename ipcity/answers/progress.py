"""The leaders' report: overall progress, per work item, per unit, overdue tasks,
indicators and recurring duties. Pure functions of a plan and an as-of date returning
plain dicts (JSON-ready); render, html and xlsx draw them.

A task's status is its latest record, as in `ipcity list` (the as-of date decides what
is overdue, due soon or quiet). Units are counted by `list --unit`'s rules: a unit
answers for the tasks of the groups it belongs to; groups themselves are not rows.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ipcity.answers.derived import latest_records, unit_roles
from ipcity.answers.indicators import indicator_rows
from ipcity.answers.recurring import duty_rows
from ipcity.answers.tasks import due_tasks, list_tasks
from ipcity.plan.loaded import Plan, Record
from ipcity.plan.models import Status
from ipcity.plan.units import GROUP

Row = dict[str, Any]

DUE_SOON_DAYS = 30
QUIET_DAYS = 90
LIGHTS = ("red", "yellow", "green")
LIGHT_LABELS = {"red": "红", "yellow": "黄", "green": "绿"}


def percent(part: int, whole: int) -> float:
    return round(part / whole * 100, 1) if whole else 0.0


def _counts(rows: list[Row]) -> Row:
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


def summary(plan: Plan, as_of: date) -> Row:
    return _counts(list_tasks(plan, as_of))


def item_rows(plan: Plan, as_of: date) -> list[Row]:
    by_item: dict[str, list[Row]] = {}
    for row in list_tasks(plan, as_of):
        by_item.setdefault(row["item"], []).append(row)
    found = []
    for item in plan.items:
        counts = _counts(by_item.get(item.id, []))
        found.append(
            {
                "item": item.id,
                "content": item.content,
                **{k: counts[k] for k in ("total", "done", "overdue", "percent_done")},
            }
        )
    return found


def overdue_rows(plan: Plan, as_of: date) -> list[Row]:
    """Tasks not done and past due, longest overdue first."""
    return [
        {**row, "days": (as_of - date.fromisoformat(row["due"])).days}
        for row in due_tasks(plan, as_of, overdue=True)
    ]


def _quiet(plan: Plan, record: Record | None, as_of: date) -> bool:
    """No record for QUIET_DAYS, counting from the plan's start for a task never reported."""
    last = max(record.date, plan.period.start) if record else plan.period.start
    return (as_of - last).days > QUIET_DAYS


def unit_rows(
    plan: Plan, as_of: date, indicators: list[Row] | None = None, duties: list[Row] | None = None
) -> list[Row]:
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
    found = []
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
        row = {
            "unit": name,
            "kind": unit.kind,
            "led": len(led),
            "supported": len(supported),
            "done": len(led) - len(open_),
            "overdue": len([t for t in open_ if rows[t]["overdue"]]),
            "blocked": len([t for t in open_ if rows[t]["status"] == Status.blocked.value]),
            "due_soon": len(due_soon),
            "quiet": len([t for t in open_ if _quiet(plan, latest.get(t), as_of)]),
            "behind": len(behind),
            "missed_duties": missed,
            "percent_done": percent(len(led) - len(open_), len(led)),
            "overdue_tasks": [t for t in open_ if rows[t]["overdue"]],
            "blocked_tasks": [t for t in open_ if rows[t]["status"] == Status.blocked.value],
            "due_soon_tasks": due_soon,
            "quiet_tasks": [t for t in open_ if _quiet(plan, latest.get(t), as_of)],
            "behind_indicators": behind,
        }
        if row["overdue"] or row["blocked"] or row["behind"]:
            row["light"] = "red"
        elif row["due_soon"] or row["quiet"]:
            row["light"] = "yellow"
        else:
            row["light"] = "green"
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


def report(plan: Plan, as_of: date) -> Row:
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
