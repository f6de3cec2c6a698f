"""The half-yearly 督查 (inspection): a draft 督查通报 for one period, as plain dicts.

The plan is judged as it stood on the period's last day (records dated after it are not
read). For each unit that leads tasks: what fell due in or before the period and is not
done; the recurring duties whose periods ended in it and were missed; the open tasks
with no record in it. Units with none of these are commended. A scorecard closes it:
completion rate (tasks done of those led), on-time rate (done by their due date, of those
that fell due), duty rate (duty periods met) and report rate (open tasks with a record in
the period); the score is the mean of the rates that apply, and ranks the units.

A record counts for a unit when the unit made it (`by`), or when it was made for the task
as a whole (no `by`, or `by` a unit that does not lead the task, such as the office).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from ipcity.answers.contract import (
    InspectedUnit,
    Inspection,
    MissedDuty,
    Rates,
    ScoreRow,
    TaskBrief,
)
from ipcity.answers.derived import latest_records, records_by_task, unit_roles
from ipcity.answers.progress import percent, summary
from ipcity.answers.recurring import duty_rows
from ipcity.plan.loaded import Plan, Record
from ipcity.plan.shapes import Status
from ipcity.plan.units import GROUP

Row = dict[str, Any]


def _as_at(plan: Plan, day: date) -> Plan:
    """The plan as it stood at the end of a day: records dated after it left out."""
    return replace(plan, records=[r for r in plan.records if r.date <= day], tasks={})


def _first_done(plan: Plan) -> dict[str, date]:
    """The day each task was first recorded done."""
    found: dict[str, date] = {}
    for record in sorted(plan.records, key=lambda r: r.date):
        if record.status is Status.done:
            found.setdefault(record.task, record.date)
    return found


def _counts_for(plan: Plan, record: Record, unit: str, responsible: list[str]) -> bool:
    by = plan.units.resolve(record.by) if record.by else None
    return by is None or by not in responsible or by in plan.units.scope(unit)


def inspect(plan: Plan, first: date, last: date, period_label: str) -> Inspection:
    """The draft 督查通报 for the period first..last."""
    then = _as_at(plan, last)
    latest = latest_records(then)
    before = latest_records(_as_at(plan, first - timedelta(days=1)))
    done_on = _first_done(then)
    duties = duty_rows(then, last, since=first)
    units: list[InspectedUnit] = []
    roles = unit_roles(plan)
    reports = records_by_task(then)
    for name, unit in plan.units.units.items():
        if unit.kind == GROUP:
            continue
        led = [plan.tasks[t] for t, role in roles[name].items() if role == "responsible"]
        if not led:
            continue
        overdue: list[TaskBrief] = []
        silent: list[TaskBrief] = []
        on_time = done = fell_due = open_ = 0
        for item, task in led:
            status = latest[task.id].status if task.id in latest else Status.not_started
            due = plan.deadlines[task.id].due
            is_done = status is Status.done
            done += is_done
            if due is not None and due <= last:
                fell_due += 1
                if is_done and done_on[task.id] <= due:
                    on_time += 1
                if not is_done:
                    overdue.append(_task_brief(item.content, task.id, task.target, due, status))
            was_done = task.id in before and before[task.id].status is Status.done
            responsible = plan.units.expand(task.responsible)
            reported = any(
                first <= r.date <= last and _counts_for(plan, r, name, responsible)
                for r in reports.get(task.id, [])
            )
            open_ += not was_done
            if not was_done and not reported:
                silent.append(_task_brief(item.content, task.id, task.target, due, status))
        missed: list[MissedDuty] = [
            {
                "task": d["task"],
                "duty": d["duty"],
                "requirement": d["requirement"],
                "period": p["period"],
                "count": p["count"],
            }
            for d in duties
            if name in d["units"]
            for p in d["periods"]
            if not p["met"]
        ]
        judged = [p for d in duties if name in d["units"] for p in d["periods"]]
        met = sum(p["met"] for p in judged)
        rates: Rates = {
            "completion_rate": percent(done, len(led)),
            "on_time_rate": percent(on_time, fell_due) if fell_due else None,
            "duty_rate": percent(met, len(judged)) if judged else None,
            "report_rate": percent(open_ - len(silent), open_) if open_ else None,
        }
        applicable = [
            r
            for r in (
                rates["completion_rate"],
                rates["on_time_rate"],
                rates["duty_rate"],
                rates["report_rate"],
            )
            if r is not None
        ]
        units.append(
            {
                **rates,
                "unit": name,
                "led": len(led),
                "done": done,
                "fell_due": fell_due,
                "on_time": on_time,
                "duties": len(judged),
                "duties_met": met,
                "open": open_,
                "reported": open_ - len(silent),
                "score": round(sum(applicable) / len(applicable), 1),
                "overdue": overdue,
                "missed": missed,
                "silent": silent,
                "problems": len(overdue) + len(missed) + len(silent),
            }
        )
    return {
        "title": plan.title,
        "period": {"label": period_label, "first": first.isoformat(), "last": last.isoformat()},
        "summary": summary(then, last),
        "units": [u for u in units if u["problems"]],
        "commended": [u["unit"] for u in units if not u["problems"]],
        "scorecard": _ranked(units),
    }


def _task_brief(
    content: str, task_id: str, target: str, due: date | None, status: Status
) -> TaskBrief:
    return {
        "id": task_id,
        "text": target or content,
        "due": due.isoformat() if due else None,
        "status": status.value,
    }


def _ranked(units: list[InspectedUnit]) -> list[ScoreRow]:
    """Units ranked by score (the mean of the rates that apply to them), then fewer
    problems; equal keys share a rank (1, 1, 3), units.yaml order among them."""

    def key(u: InspectedUnit) -> tuple[float, int]:
        return (-u["score"], u["problems"])

    ordered = sorted(units, key=key)
    rows: list[ScoreRow] = []
    for n, u in enumerate(ordered):
        rank = n + 1 if n == 0 or key(ordered[n - 1]) != key(u) else rows[-1]["rank"]
        rows.append(
            {
                "rank": rank,
                "unit": u["unit"],
                "led": u["led"],
                "done": u["done"],
                "completion_rate": u["completion_rate"],
                "fell_due": u["fell_due"],
                "on_time": u["on_time"],
                "on_time_rate": u["on_time_rate"],
                "duties": u["duties"],
                "duties_met": u["duties_met"],
                "duty_rate": u["duty_rate"],
                "open": u["open"],
                "reported": u["reported"],
                "report_rate": u["report_rate"],
                "score": u["score"],
                "problems": u["problems"],
            }
        )
    return rows
