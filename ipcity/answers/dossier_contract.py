"""The 验收 dossier's fields (`ipcity dossier`), as the JSON contract has them: every task
with its target, its result part by part, the office's checks, its indicators and its
proof, and where each file lies in the pack."""

from __future__ import annotations

from typing import TypedDict

from ipcity.answers.contract import IndicatorRow, PeriodSpan


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
