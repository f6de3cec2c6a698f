"""Each unit's standing in a 督查 period, judged by its own parts and duties, and the
ranking the 通报's annex prints.

Four rates, each of the unit's own parts or duties:
- 按期完成率 (on_time_rate): of its parts due by the period's end (after approved
  extensions), those done by their due date — a claim counts from its date once the office
  has accepted it;
- 进度报送率 (report_rate): of its parts open at the period's start (a claim waiting for
  the office since before it aside), those with a record for the part in the period;
- 经常性工作完成率 (duty_rate): of the periods of its duties that ended in the period, those
  met;
- 完成率 (completion_rate): of all its parts, those done.
The score is their weighted mean (WEIGHTS, in percent), a rate that does not apply (nothing
fell due, nothing open, no duty) leaving its weight to the others. Being late weighs most:
a part not done by its due date is what a 督查 is for. The ranking puts every unit with a
red light (answers/lights.py: a part overdue or blocked, a duty missed, an indicator
behind) after the others, whatever its score: a unit with a task overdue is never ranked
above one without. Every unit is scored alike, the office's own and the units that lead
the most.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ipcity.answers.briefs import task_brief
from ipcity.answers.contract import (
    DutyRow,
    InspectedUnit,
    Judgement,
    MissedDuty,
    Rates,
    ScoreRow,
    Standing,
)
from ipcity.answers.lights import percent
from ipcity.answers.parts import PartState
from ipcity.plan.loaded import Plan
from ipcity.plan.shapes import Status

WEIGHTS: dict[str, int] = {
    "on_time_rate": 40,
    "report_rate": 25,
    "duty_rate": 25,
    "completion_rate": 10,
}


def score(rates: Rates) -> float:
    """The weighted mean of the rates that apply."""
    values: dict[str, float | None] = {
        "on_time_rate": rates["on_time_rate"],
        "report_rate": rates["report_rate"],
        "duty_rate": rates["duty_rate"],
        "completion_rate": rates["completion_rate"],
    }
    applying = [(WEIGHTS[key], value) for key, value in values.items() if value is not None]
    weight = sum(w for w, _ in applying)
    return round(sum(w * v for w, v in applying) / weight, 1) if weight else 0.0


def duties_by_unit(
    duties: Iterable[DutyRow], *, since: date
) -> dict[str, list[tuple[DutyRow, int, bool]]]:
    """Each unit's duty periods that ended on or after `since`: (the duty, the period's
    index in its `periods`, met)."""
    found: dict[str, list[tuple[DutyRow, int, bool]]] = {}
    for duty in duties:
        for n, period in enumerate(duty["periods"]):
            if date.fromisoformat(period["last"]) < since:
                continue
            for unit in duty["units"]:
                found.setdefault(unit, []).append((duty, n, period["met"]))
    return found


def unit_standing(
    plan: Plan,
    name: str,
    parts: list[PartState],
    before: dict[tuple[str, str], PartState],
    duties: list[tuple[DutyRow, int, bool]],
    first: date,
    last: date,
) -> InspectedUnit:
    """One unit over the period first..last (its parts as of last, and as of the day
    before first in `before`): what it is told (its overdue parts, missed duties, parts
    left without a record) and its rates."""
    last_before = [before[(p.task, p.unit)] for p in parts]
    done = [p for p in parts if p.status is Status.done]
    fell_due = [p for p in parts if p.due is not None and p.due <= last]
    on_time = [p for p in fell_due if p.status is Status.done and _in_time(p)]
    open_ = [
        p
        for p, then in zip(parts, last_before, strict=True)
        if then.status is not Status.done and not _claimed_before(p, first)
    ]
    reported = [p for p in open_ if p.last_date is not None and p.last_date >= first]
    silent = [
        p
        for p in open_
        if (p.last_date is None or p.last_date < first)
        and p.status is not Status.done
        and not p.awaiting_check
    ]
    overdue = [p for p in parts if p.overdue and not p.awaiting_check]
    missed: list[MissedDuty] = [
        {
            "task": duty["task"],
            "duty": duty["duty"],
            "requirement": duty["requirement"],
            "period": duty["periods"][n]["period"],
            "count": duty["periods"][n]["count"],
        }
        for duty, n, met in duties
        if not met
    ]
    met = len(duties) - len(missed)
    rates: Rates = {
        "completion_rate": percent(len(done), len(parts)),
        "on_time_rate": percent(len(on_time), len(fell_due)) if fell_due else None,
        "duty_rate": percent(met, len(duties)) if duties else None,
        "report_rate": percent(len(reported), len(open_)) if open_ else None,
    }
    blocked = sum(p.status is Status.blocked for p in parts)
    return {
        **rates,
        "unit": name,
        "led": len(parts),
        "done": len(done),
        "fell_due": len(fell_due),
        "on_time": len(on_time),
        "duties": len(duties),
        "duties_met": met,
        "open": len(open_),
        "reported": len(reported),
        "score": score(rates),
        "overdue": [task_brief(plan, p) for p in overdue],
        "missed": missed,
        "silent": [task_brief(plan, p) for p in silent],
        "problems": len(overdue) + blocked + len(missed) + len(silent),
    }


def _in_time(part: PartState) -> bool:
    """Done by its due date: claimed on or before it (the claim the office accepted)."""
    return part.claim_date is not None and part.due is not None and part.claim_date <= part.due


def _claimed_before(part: PartState, first: date) -> bool:
    """A claim made before the period that still stands (waiting, or accepted)."""
    return (
        part.claimed
        and part.verified is not False
        and part.claim_date is not None
        and part.claim_date < first
    )


def ranked(units: list[InspectedUnit], lights: dict[str, Judgement]) -> list[ScoreRow]:
    """Units ranked in two tiers: those with a red light (a part overdue or blocked, a duty
    missed, an indicator behind) after all others; within a tier by score, then fewer
    problems. Equal keys share a rank (1, 1, 3), units.yaml order among them. Each row
    carries the unit's light and its reasons."""

    def key(u: Standing) -> tuple[bool, float, int]:
        return (lights[u["unit"]]["light"] == "red", -u["score"], u["problems"])

    ordered = sorted(units, key=key)
    rows: list[ScoreRow] = []
    for n, u in enumerate(ordered):
        rank = n + 1 if n == 0 or key(ordered[n - 1]) != key(u) else rows[-1]["rank"]
        standing: Standing = {
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
        rows.append({"rank": rank, **standing, **lights[u["unit"]]})
    return rows
