"""The half-yearly 督查 (inspection): the 督查通报 for one period, as plain dicts.

The plan is judged as it stood on the period's last day (Plan.as_at: progress records,
checks and extensions dated after it are not read), and compared with the plan as it stood
the day before the period began. Each unit answers for its own parts (answers/parts.py):
a done part is never listed against it, nor a claim that waits for the office's check
(those are listed for the office). What the 通报 holds:

- the frame: tasks.yaml's `office`, with what the command line says (Issuing);
- the numbers: tasks and parts as of the period's end, and what the round rests on;
- achievements: the parts done in the period, with their evidence;
- the indicators, the city's figure and each unit's share, against 序时进度;
- problems: each unit's overdue parts, missed duties and parts left without a record;
  blocked parts with their reasons; claims to check, extensions to approve;
- what changed since the previous period;
- each unit's standing and rank (answers/scoring.py), with its light (answers/lights.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, timedelta

from ipcity.answers.briefs import claim_row, extension_row, part_brief
from ipcity.answers.contract import Inspection, Issued
from ipcity.answers.indicators import indicator_rows
from ipcity.answers.lights import judgements, parts_by_unit
from ipcity.answers.parts import (
    part_states,
    part_tracks,
    pending_claims,
    pending_extensions,
)
from ipcity.answers.progress import summary
from ipcity.answers.recurring import duty_rows
from ipcity.answers.rounds import basis, changes
from ipcity.answers.scoring import WEIGHTS, duties_by_unit, ranked, unit_standing
from ipcity.errors import UsageError
from ipcity.plan.loaded import Plan
from ipcity.plan.shapes import Status
from ipcity.plan.units import GROUP

# Units rectify within this many days of the 通报's date, unless told otherwise.
RECTIFY_DAYS = 30


@dataclass(frozen=True)
class Issuing:
    """What the command line says of this 通报: its date (成文日期), and in place of
    tasks.yaml's `office` where given, its number, recipients and copies; the date by which
    units must rectify (RECTIFY_DAYS after the 通报's date when not given)."""

    date: dt.date
    number: str | None = None  # the whole 文号, or only its serial number (5)
    rectify_by: dt.date | None = None
    recipients: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()


def issued(plan: Plan, issuing: Issuing) -> Issued:
    """The 通报's frame: the office's name and 文号 (its 代字 and the year, the serial number
    left blank for the office to fill in), 主送, 抄送, and the dates."""
    office = plan.office
    code = (office.code or "") if office else ""
    year = issuing.date.year
    number = issuing.number
    if number is None:
        number = f"{code}〔{year}〕  号"
    elif number.strip().isdigit():
        number = f"{code}〔{year}〕{number.strip()}号"
    issuer = office.name if office else ""
    rectify_by = issuing.rectify_by or issuing.date + timedelta(days=RECTIFY_DAYS)
    if rectify_by <= issuing.date:
        later = issuing.date + timedelta(days=RECTIFY_DAYS)
        raise UsageError(
            f"--rectify-by {rectify_by.isoformat()} 不在成文日期 {issuing.date.isoformat()} 之后；"
            f"整改期限要定在成文日期之后，如 --rectify-by {later.isoformat()}"
        )
    return {
        "issuer": issuer,
        "number": number,
        "recipients": list(issuing.recipients or (office.recipients if office else [])),
        "date": issuing.date.isoformat(),
        "cc": list(issuing.cc or (office.cc if office else [])),
        "printer": (office.printer or issuer) if office else "",
        "subject": (office.subject or "") if office else "",
        "rectify_by": rectify_by.isoformat(),
    }


def inspect(plan: Plan, first: date, last: date, label: str, issuing: Issuing) -> Inspection:
    """The 督查通报 for the period first..last."""
    then = plan.as_at(last)
    since = first - timedelta(days=1)
    earlier = plan.as_at(since)
    # As a day ends: what fell due on the period's last day and is not done is overdue in its
    # 通报 (judged as of the next morning), as what fell due on the day before it began is.
    end = last + timedelta(days=1)
    parts = part_states(then, end)
    before = {(p.task, p.unit): p for found in part_states(earlier, first).values() for p in found}
    tracks = part_tracks(then)
    indicators = indicator_rows(then, last)
    duties = duty_rows(then, last)
    lights = judgements(then, end, indicators, duties)
    in_period = duties_by_unit(duties, since=first)
    by_unit = parts_by_unit(parts)
    units = [
        unit_standing(then, name, by_unit[name], before, in_period.get(name, []), first, last)
        for name, unit in plan.units.units.items()
        if unit.kind != GROUP and name in by_unit
    ]
    achieved, blocked = [], []
    for task_id, found in parts.items():
        for part, track in zip(found, tracks[task_id], strict=True):
            if (
                part.status is Status.done
                and before[(task_id, part.unit)].status is not Status.done
            ):
                achieved.append(part_brief(then, part, track))
            elif part.status is Status.blocked:
                blocked.append(part_brief(then, part, track))
    return {
        "title": plan.title,
        "period": {"label": label, "first": first.isoformat(), "last": last.isoformat()},
        "issued": issued(plan, issuing),
        "summary": summary(then, end),
        "parts": sum(len(found) for found in parts.values()),
        "parts_done": sum(p.status is Status.done for found in parts.values() for p in found),
        "basis": basis(then, first, last),
        "achievements": achieved,
        "indicators": indicators,
        "blocked": blocked,
        "claims": [claim_row(then, part) for part in pending_claims(then, end)],
        "extensions": [extension_row(then, ask) for ask in pending_extensions(then)],
        "changes": changes(then, earlier, parts, before, indicators, first, last),
        "units": [u for u in units if u["problems"]],
        "commended": [u["unit"] for u in units if not u["problems"]],
        "scorecard": ranked(units, {name: found[1] for name, found in lights.items()}),
        "weights": dict(WEIGHTS),
    }
