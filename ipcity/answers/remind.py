"""What each unit has to answer for on a day (`ipcity remind`, the 催办通知): its parts
overdue, due within 30 days, or with no record in 90 days; its claims the office
returned; its recurring duties not yet met in the period under way; the forms sent to it
and not returned. A unit with none of these gets no notice.

Each part is listed once, under the first of: returned, overdue, due soon, silent. A
claim waiting for the office's check is the office's to answer, not the unit's. A form
counts as returned once a record of the log carries its id in `source` (what `collect`
writes); of several forms sent to a unit for one period (written again after the plan
changed), any one returned answers for them all, and the latest is the one chased.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ipcity.answers.forms import answers_for
from ipcity.answers.owed import PartLine
from ipcity.answers.parts import PartState, part_states, part_tracks
from ipcity.answers.recurring import duties, occurrences
from ipcity.errors import UsageError
from ipcity.plan.forms import IssuedForm
from ipcity.plan.loaded import Plan
from ipcity.plan.periods import parse_period, spans
from ipcity.plan.shapes import EVERY_MONTHS, Status
from ipcity.plan.units import GROUP

DUE_SOON_DAYS = 30
SILENT_DAYS = 90


@dataclass(frozen=True)
class DutyLine:
    """A recurring duty not yet met in the period under way."""

    task: str
    name: str
    requirement: str  # 每年至少 2 次
    period: str  # 2009年
    last: date  # the period's last day
    held: int
    at_least: int


@dataclass(frozen=True)
class FormLine:
    """A form sent to the unit and not returned."""

    form: str
    period: str  # 2009年上半年
    issued: date
    due: date | None


@dataclass
class Notice:
    """What one unit has to answer for on a day, and how to reach its liaison."""

    unit: str
    contact: str | None
    phone: str | None
    email: str | None
    returned: list[PartLine] = field(default_factory=list)
    overdue: list[PartLine] = field(default_factory=list)
    due_soon: list[PartLine] = field(default_factory=list)
    silent: list[PartLine] = field(default_factory=list)
    duties: list[DutyLine] = field(default_factory=list)
    forms: list[FormLine] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return (
            not (self.returned or self.overdue or self.due_soon or self.silent or self.duties)
            and not self.forms
        )


def notices(
    plan: Plan, as_of: date, sent: list[IssuedForm], *, unit: str | None = None
) -> list[Notice]:
    """A notice for each unit with something to answer for on as_of (of one unit, when
    named: a canonical name), in units.yaml order. The log is read as it stood that day."""
    then = plan.as_at(as_of)
    states = part_states(then, as_of)
    tracks = part_tracks(then)
    found = []
    for name, registered in plan.units.units.items():
        if registered.kind == GROUP or (unit is not None and name != unit):
            continue
        notice = Notice(name, registered.contact, registered.phone, registered.email)
        for item in plan.items:
            for task in item.tasks:
                for part in states[task.id]:
                    if part.unit == name:
                        track = next(t for t in tracks[task.id] if t.unit == name)
                        line = PartLine.of(item, task, part.json(), track.last)
                        _place(notice, line, part, as_of, plan.period.start)
        notice.duties = _duties(then, name, as_of)
        notice.forms = _forms(then, name, as_of, sent)
        if not notice.empty:
            found.append(notice)
    return found


def _place(notice: Notice, line: PartLine, part: PartState, as_of: date, start: date) -> None:
    """Put a part under the first heading that fits it, or none."""
    if part.status is Status.done or part.awaiting_check:
        return
    if part.claimed and part.verified is False:
        notice.returned.append(line)
    elif part.overdue:
        notice.overdue.append(line)
    elif part.due is not None and part.due <= as_of + timedelta(days=DUE_SOON_DAYS):
        notice.due_soon.append(line)
    elif (part.last_date or start) < as_of - timedelta(days=SILENT_DAYS):
        notice.silent.append(line)


def _duties(plan: Plan, unit: str, as_of: date) -> list[DutyLine]:
    """The unit's duties whose period under way on as_of is not yet met."""
    found = []
    for duty in duties(plan):
        if not answers_for(plan, duty, unit):
            continue
        months = EVERY_MONTHS[duty.duty.every]
        current = next(
            (
                s
                for s in spans(months, plan.period.start, plan.period.end)
                if s.first <= as_of <= s.last
            ),
            None,
        )
        if current is None:
            continue
        held = sum(n for day, n in occurrences(plan, duty) if current.first <= day <= current.last)
        if held < duty.duty.at_least:
            found.append(
                DutyLine(
                    duty.task.id,
                    duty.duty.name,
                    duty.duty.requirement,
                    current.label,
                    current.last,
                    held,
                    duty.duty.at_least,
                )
            )
    return found


def returned_forms(plan: Plan) -> set[str]:
    """The ids of the forms a record of the log came from."""
    sources = [r.source for r in plan.records] + [e.source for e in plan.extensions]
    return {source.partition("#")[0] for source in sources if source}


def _forms(plan: Plan, unit: str, as_of: date, sent: list[IssuedForm]) -> list[FormLine]:
    back = returned_forms(plan)
    latest: dict[str, IssuedForm] = {}
    answered: set[str] = set()
    for form in sent:
        if plan.units.resolve(form.unit) != unit or form.issued > as_of:
            continue
        latest[form.period] = form
        if form.form in back:
            answered.add(form.period)
    return [
        FormLine(form.form, _label(period), form.issued, form.due)
        for period, form in latest.items()
        if period not in answered
    ]


def _label(code: str) -> str:
    """2009年上半年 for 2009H1; a code that names no period, as it is."""
    try:
        return parse_period(code)[2]
    except UsageError:
        return code
