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


class UnitRow(TypedDict):
    unit: str
    kind: str
    led: int
    supported: int
    done: int
    overdue: int
    blocked: int
    due_soon: int
    quiet: int
    behind: int
    missed_duties: int
    percent_done: float
    overdue_tasks: list[str]
    blocked_tasks: list[str]
    due_soon_tasks: list[str]
    quiet_tasks: list[str]
    behind_indicators: list[str]
    light: Light


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


class PeriodSpan(TypedDict):
    label: str
    first: str
    last: str


class TaskBrief(TypedDict):
    id: str
    text: str
    due: str | None
    status: str


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
    """What a unit's rates rest on: the counts behind each, and the score they make."""

    unit: str
    led: int
    done: int
    fell_due: int
    on_time: int
    duties: int
    duties_met: int
    open: int
    reported: int
    score: float
    problems: int


class ScoreRow(Standing):
    rank: int


class InspectedUnit(Standing):
    overdue: list[TaskBrief]
    missed: list[MissedDuty]
    silent: list[TaskBrief]


class Inspection(TypedDict):
    """The draft 督查通报 for one period."""

    title: str
    period: PeriodSpan
    summary: Summary
    units: list[InspectedUnit]
    commended: list[str]
    scorecard: list[ScoreRow]


# The 验收 dossier (`ipcity dossier`): every task with its target, its result part by
# part, the office's checks, its indicators and its proof, and where each file lies in
# the pack.


class DossierFile(TypedDict):
    """A file attached to a task's records, as the pack holds it."""

    task: str
    path: str  # in the data directory: evidence/2/嘉政办发〔2009〕12号.pdf
    packed: str  # in the pack: 佐证材料/2 印发创建工作方案…/2/嘉政办发〔2009〕12号.pdf
    sha256: str
    date: str  # the first record that attaches it
    kind: str  # that record's kind: status, verify or extend_to
    by: str | None
    units: list[str]  # the parts it speaks for ([] for a cooperating unit's note)
    note: str | None


class DossierPart(TypedDict):
    """One responsible unit's part: its state as `show` gives it, its latest note, and
    how many files speak for it."""

    unit: str
    status: str
    claimed: bool
    verified: bool | None
    claim_date: str | None
    returned_reason: str | None
    due: str | None
    original_due: str | None
    extension_reason: str | None
    approved_by: str | None
    requested_due: str | None
    overdue: bool
    note: str | None
    files: int


class DossierTask(TypedDict):
    id: str
    item: str
    content: str
    target: str
    deadline_text: str
    due: str | None
    original_due: str | None
    standing: bool
    responsible: list[str]
    cooperating: list[str]
    status: str
    overdue: bool
    awaiting_check: bool
    parts: list[DossierPart]
    indicators: list[IndicatorRow]
    references: list[str]  # what records give as evidence in words (文号, 档案位置)
    files: list[DossierFile]


class MissingEvidence(TypedDict):
    """A part counted done whose records attach no file."""

    task: str
    content: str
    target: str
    unit: str
    claim_date: str | None
    verified: bool | None
    references: list[str]


class DossierCounts(TypedDict):
    items: int
    tasks: int
    done: int
    verified: int  # tasks whose every part's claim the office accepted
    in_progress: int
    blocked: int
    not_started: int
    overdue: int
    percent_done: float
    responsible_units: int
    cooperating_units: int
    records: int
    checks: int
    extensions: int
    files: int


class Dossier(TypedDict):
    """The 验收 pack's facts: what the index workbook and the 自评报告 are built from."""

    title: str
    as_of: str
    period: PeriodSpan
    verification: str
    counts: DossierCounts
    missing: list[MissingEvidence]
    tasks: list[DossierTask]
    files: list[DossierFile]
