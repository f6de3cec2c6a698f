"""The answers' fields: what `report` and `inspect` hold, as the JSON contract has them.

Each answer is a TypedDict, so mypy checks every key the answers build and every key the
documents read; at run time they are plain dicts, written as JSON unchanged.
"""

from __future__ import annotations

from typing import Literal, TypedDict

Light = Literal["red", "yellow", "green"]


class Summary(TypedDict):
    total: int
    done: int
    in_progress: int
    blocked: int
    not_started: int
    overdue: int
    percent_done: float


class ItemRow(TypedDict):
    item: str
    content: str
    total: int
    done: int
    overdue: int
    percent_done: float


class Judgement(TypedDict):
    """A unit's light and why, from its own parts, indicator shares and duties alone: task
    numbers (and 6.1 年专利申请量 for an indicator, 11.4 报纸专栏 for a duty)."""

    light: Light
    overdue_tasks: list[str]  # its own parts past due (a claim waiting for the office aside)
    blocked_tasks: list[str]
    behind_indicators: list[str]  # its share behind its own 序时进度; or, as lead, the city's
    missed_duties: int  # periods of its own duties finished and missed
    missed_duty_names: list[str]
    due_soon_tasks: list[str]  # its own parts due within 30 days
    quiet_tasks: list[str]  # its own open parts with no record for 90 days
    pending_duties: list[str]  # its own duties not yet met in the period under way
    awaiting_tasks: list[str]  # its claims of completion the office has yet to check


class UnitRow(Judgement):
    unit: str
    kind: str
    led: int  # its parts: the tasks it answers for as a responsible unit
    supported: int
    done: int  # its parts done
    overdue: int
    blocked: int
    due_soon: int
    quiet: int
    behind: int
    percent_done: float


class OverdueRow(TypedDict):
    """A task past due and not done: the task's row (as `list` gives it) and its days late."""

    id: str
    item: str
    content: str
    target: str
    deadline_text: str
    due: str
    standing: bool
    responsible: list[str]
    cooperating: list[str]
    status: str
    overdue: bool
    updated: str | None
    role: str | None
    days: int


class Judged(TypedDict):
    """A figure held to a target and its 序时进度."""

    expected: float | None
    met: bool | None
    on_pace: bool | None
    percent: float | None


class IndicatorShare(Judged):
    """One unit's share of an indicator: its latest reading and its own target (分解指标)."""

    unit: str
    actual: float | None
    target: float | None
    date: str | None


class IndicatorRow(TypedDict):
    task: str
    name: str
    target: float
    unit: str
    direction: str
    kind: str
    due: str | None
    actual: float | None
    date: str | None
    percent: float | None
    met: bool
    expected: float | None
    on_pace: bool | None
    actual_is_sum: bool  # no city-wide reading: the units' shares summed stand in
    parts: list[IndicatorShare]


class PeriodRow(TypedDict):
    period: str
    first: str
    last: str
    count: int
    met: bool


class DutyRow(TypedDict):
    task: str
    duty: str
    requirement: str
    every: str
    at_least: int
    per: str
    unit: str | None
    units: list[str]
    elapsed: int
    met: int
    missed: int
    missed_periods: list[str]
    periods: list[PeriodRow]
    current: PeriodRow | None


class PartOf(TypedDict):
    """Whose part, of which task: the first fields of a claim and an extension."""

    task: str
    title: str
    unit: str


class ClaimRow(PartOf):
    """A unit's claim of completion waiting for the office's check (已报完成，待核查)."""

    claim_date: str
    due: str | None
    overdue: bool  # its due date passed before the office checked it


class ExtensionRow(PartOf):
    """An extension asked for and not yet approved."""

    asked: str  # the request's date
    due: str | None  # the part's due date now
    to: str
    reason: str
    by: str | None


class Report(TypedDict):
    """Everything the leaders' report shows."""

    title: str
    as_of: str
    summary: Summary
    items: list[ItemRow]
    units: list[UnitRow]
    overdue: list[OverdueRow]
    indicators: list[IndicatorRow]
    recurring: list[DutyRow]
    claims: list[ClaimRow]
    extensions: list[ExtensionRow]


class PeriodSpan(TypedDict):
    label: str
    first: str
    last: str


class TaskBrief(TypedDict):
    """One of a unit's own parts, by its task: the number, the task's title (the first
    clause of its 目标要求, or of its 工作内容) and its 目标要求 whole."""

    id: str
    title: str
    text: str
    due: str | None  # after approved extensions
    original_due: str | None  # the plan's
    status: str


class PartBrief(TypedDict):
    """A unit's part of a task, and the record it rests on."""

    task: str
    title: str
    unit: str
    status: str
    due: str | None
    original_due: str | None
    date: str | None  # of the claim (done), else of its latest record
    note: str | None
    evidence: str | None


class MissedDuty(TypedDict):
    task: str
    duty: str
    requirement: str
    period: str
    count: int


class Rates(TypedDict):
    completion_rate: float
    on_time_rate: float | None
    duty_rate: float | None
    report_rate: float | None


class Standing(Rates):
    """What a unit's rates rest on (its own parts and duties): the counts behind each, and
    the score they make."""

    unit: str
    led: int  # its parts
    done: int
    fell_due: int  # its parts due by the period's end
    on_time: int  # of those, done by their due date
    duties: int  # periods of its duties that ended in the period
    duties_met: int
    open: int  # its parts open at the period's start (claims waiting since before aside)
    reported: int  # of those, with a record for the part in the period
    score: float
    problems: int


class ScoreRow(Standing, Judgement):
    rank: int


class InspectedUnit(Standing):
    overdue: list[TaskBrief]  # its own parts past due, not done
    missed: list[MissedDuty]
    silent: list[TaskBrief]  # its own open parts with no record in the period


class Basis(TypedDict):
    """What the round rests on: the log's entries dated in the period."""

    records: int  # progress records
    units: list[str]  # the units that made them (or whose parts they were made for)
    checks: int  # claims the office checked
    returned: int  # of those, returned
    requests: int  # extensions asked for
    approvals: int  # extensions approved
    records_to_date: int  # progress records up to the period's end


class IndicatorMove(TypedDict):
    """An indicator's city figure at the previous period's end and at this one's."""

    task: str
    name: str
    unit: str
    before: float | None
    after: float | None
    before_date: str | None
    after_date: str | None


class TaskTitle(TypedDict):
    id: str
    title: str


class Changes(TypedDict):
    """What changed since the previous period's end."""

    since: str  # the previous period's last day
    before: Summary
    newly_done_tasks: list[TaskTitle]  # tasks whose last open part was done in the period
    newly_overdue: list[PartBrief]  # parts that fell due in the period and are not done
    indicators: list[IndicatorMove]


class Issued(TypedDict):
    """The 通报's frame: tasks.yaml's `office`, with what the command line said."""

    issuer: str
    number: str  # 发文字号: 〔2009〕  号 until the office fills it in
    recipients: list[str]
    date: str  # 成文日期
    cc: list[str]
    printer: str
    subject: str
    rectify_by: str  # the date units must rectify by (下步要求)


class Inspection(TypedDict):
    """The 督查通报 for one period."""

    title: str
    period: PeriodSpan
    issued: Issued
    summary: Summary  # tasks as of the period's end
    parts: int  # parts (a task's responsible units, groups expanded)
    parts_done: int
    basis: Basis
    achievements: list[PartBrief]  # parts done in the period
    indicators: list[IndicatorRow]  # as of the period's end
    blocked: list[PartBrief]
    claims: list[ClaimRow]
    extensions: list[ExtensionRow]
    changes: Changes
    units: list[InspectedUnit]  # units with a problem
    commended: list[str]
    scorecard: list[ScoreRow]
    weights: dict[str, int]  # each rate's weight in the score, in percent
