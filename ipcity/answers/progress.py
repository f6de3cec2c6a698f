"""The leaders' report: overall progress, per work item, per unit, overdue tasks,
indicators, recurring duties, and what waits for the office (claims to check, extensions
to approve). Pure functions of a plan and an as-of date returning plain dicts
(JSON-ready); output/report.py builds the document from them.

A task's status is its parts', as in `ipcity list` (the as-of date decides what is
overdue, due soon or quiet). Each unit is judged by its own parts, shares and duties
(answers/lights.py); groups themselves are not rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple, cast

from ipcity.answers.briefs import claim_row, extension_row
from ipcity.answers.contract import ItemRow, OverdueRow, Report, Summary
from ipcity.answers.derived import memo
from ipcity.answers.indicators import indicator_rows
from ipcity.answers.lights import percent, unit_rows
from ipcity.answers.parts import pending_claims, pending_extensions
from ipcity.answers.recurring import duty_rows
from ipcity.answers.tasks import list_tasks, overdue_tasks
from ipcity.plan.loaded import Plan
from ipcity.plan.shapes import Status

Row = dict[str, Any]


class Tally(NamedTuple):
    """What the report counts of a task as of a day: its work item, status and whether
    it is overdue (the index answers these from its rows, without the tasks' rows)."""

    item: str
    status: str
    overdue: bool


def task_tallies(plan: Plan, as_of: date) -> list[Tally]:
    """Every task's Tally, in plan order."""
    return memo(
        plan,
        f"tallies on {as_of.isoformat()}",
        lambda: [
            Tally(row["item"], row["status"], row["overdue"]) for row in list_tasks(plan, as_of)
        ],
    )


def _counts(tallies: list[Tally]) -> Summary:
    statuses = [t.status for t in tallies]
    done = statuses.count(Status.done.value)
    return {
        "total": len(tallies),
        "done": done,
        "in_progress": statuses.count(Status.in_progress.value),
        "blocked": statuses.count(Status.blocked.value),
        "not_started": statuses.count(Status.not_started.value),
        "overdue": sum(t.overdue for t in tallies),
        "percent_done": percent(done, len(tallies)),
    }


def summary(plan: Plan, as_of: date) -> Summary:
    return _counts(task_tallies(plan, as_of))


def item_rows(plan: Plan, as_of: date) -> list[ItemRow]:
    by_item: dict[str, list[Tally]] = {}
    for tally in task_tallies(plan, as_of):
        by_item.setdefault(tally.item, []).append(tally)
    found: list[ItemRow] = []
    for item in plan.items:
        mine = by_item.get(item.id, [])
        done = sum(t.status == Status.done.value for t in mine)
        found.append(
            {
                "item": item.id,
                "content": item.content,
                "total": len(mine),
                "done": done,
                "overdue": sum(t.overdue for t in mine),
                "percent_done": percent(done, len(mine)),
            }
        )
    return found


def overdue_rows(plan: Plan, as_of: date, first: int = 0) -> list[OverdueRow]:
    """Tasks not done and past due, longest overdue first (the first `first`, when not 0:
    as many as the summary's overdue count, else)."""
    return [
        cast(OverdueRow, {**row, "days": (as_of - date.fromisoformat(row["due"])).days})
        for row in overdue_tasks(plan, as_of, first)
    ]


def report(plan: Plan, as_of: date, *, shown: int = 0) -> Report:
    """Everything the leaders' report shows, as one JSON-ready dict. shown, when not 0:
    only the first `shown` overdue tasks are worked out, as a terminal shows them (the
    summary counts them all); every other list is whole."""
    indicators = indicator_rows(plan, as_of)
    duties = duty_rows(plan, as_of)
    return {
        "title": plan.title,
        "as_of": as_of.isoformat(),
        "summary": summary(plan, as_of),
        "items": item_rows(plan, as_of),
        "units": unit_rows(plan, as_of, indicators, duties),
        "overdue": overdue_rows(plan, as_of, shown),
        "indicators": indicators,
        "recurring": duties,
        "claims": [claim_row(plan, part) for part in pending_claims(plan, as_of)],
        "extensions": [extension_row(plan, ask) for ask in pending_extensions(plan)],
    }
