"""What a loaded plan is made of, without Pydantic: the status words, and frozen dataclasses
with the models' own field names (task.id, task.target, task.responsible, indicator.name …).

plan/models.py holds the Pydantic models that check the files; the loader turns each
validated model into the shape here of the same name (models.Task.plain()), and the index
builds the same shapes from its rows. A command answered from the index never imports
Pydantic (a tenth of a second before anything else is done). Every model and its shape
keep the same fields, in the same order, with the same defaults: a test holds them so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Literal, NamedTuple, Protocol


class Status(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    done = "done"
    blocked = "blocked"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @classmethod
    def parse(cls, word: str) -> Status | None:
        """English or Chinese word, any width; None when it is neither."""
        key = "".join(str(word).split()).lower()
        return STATUS_WORDS.get(key)


STATUS_LABELS = {
    Status.not_started: "未开始",
    Status.in_progress: "进行中",
    Status.done: "已完成",
    Status.blocked: "受阻",
}
STATUS_WORDS = {s.value: s for s in Status} | {label: s for s, label in STATUS_LABELS.items()}
STATUS_CHOICES = "、".join(f"{s.value}（{s.label}）" for s in Status)

Verdict = Literal["accepted", "returned"]
VERDICT_LABELS: dict[str, str] = {"accepted": "通过", "returned": "退回"}
VERDICT_WORDS = {v: v for v in VERDICT_LABELS} | {label: v for v, label in VERDICT_LABELS.items()}

Verification = Literal["required", "none"]

Every = Literal["year", "half", "quarter", "month"]
EVERY_MONTHS: dict[str, int] = {"year": 12, "half": 6, "quarter": 3, "month": 1}
EVERY_LABELS: dict[str, str] = {
    "year": "每年",
    "half": "每半年",
    "quarter": "每季度",
    "month": "每月",
}

# The Jiaxing annex's kinds of unit: what a units.yaml that lists none of its own means.
UNIT_KINDS: tuple[str, ...] = ("市级部门", "县(市、区)", "驻嘉单位")
COUNTY_KIND = "县(市、区)"


@dataclass(frozen=True, slots=True, kw_only=True)
class Indicator:
    """A number the annex sets as a target; plan/models.Indicator says what each field means."""

    name: str
    target: float
    unit: str = ""
    direction: Literal[">=", "<="] = ">="
    due: str | None = None
    kind: Literal["count", "total", "rate"] = "count"
    start: str | None = None
    targets: dict[str, float] = field(default_factory=dict)
    additive: bool | None = None

    @property
    def adds_up(self) -> bool:
        return self.additive if self.additive is not None else self.kind != "rate"


@dataclass(frozen=True, slots=True, kw_only=True)
class Recurring:
    """A duty the annex asks again and again; plan/models.Recurring says more."""

    name: str
    every: Every
    at_least: int = 1
    per: Literal["task", "unit"] = "task"

    @property
    def requirement(self) -> str:
        """每年至少 2 次: the rule in words."""
        return f"{EVERY_LABELS[self.every]}至少 {self.at_least} 次"


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    id: str
    target: str = ""
    deadline: str
    responsible: list[str]
    cooperating: list[str] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    recurring: list[Recurring] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    id: str
    content: str
    tasks: list[Task]


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    start: date
    end: date


@dataclass(frozen=True, slots=True, kw_only=True)
class Unit:
    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str
    members: list[str] = field(default_factory=list)
    contact: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Office:
    """Who issues the plan's documents; plan/models.Office says what each field means."""

    name: str
    code: str | None = None
    recipients: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    printer: str | None = None
    subject: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TasksHeader:
    """What tasks.yaml says besides its items (models.TasksFile's other fields)."""

    title: str
    period: Period
    verification: Verification = "none"
    office: Office | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UnitsHeader:
    """What units.yaml says besides its units: its kinds, its county kind, and which of
    the two it writes (`given`; the defaults stand for the others)."""

    kinds: list[str]
    county_kind: str
    given: frozenset[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class Attachment:
    """A file kept as proof of a record: its path under evidence/ and its SHA-256."""

    path: str
    sha256: str


class UnitLike(Protocol):
    """A unit as units.yaml declares it: a loaded plan's (Unit above) or a model being
    checked (plan/models.Unit, which import builds from a table)."""

    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> list[str]: ...
    @property
    def kind(self) -> str: ...
    @property
    def members(self) -> list[str]: ...
    @property
    def contact(self) -> str | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...


Day = date  # a field named `date` hides the type


class Written(NamedTuple):
    """One entry of the status log as written: models.StatusRecord's fields, in its order,
    with its defaults. What the loader keeps of each validated entry (a tuple: a tenth of
    a model's memory, and a progress record's first fields are loaded.Record's), and what
    `record`, `verify` and `extend` check a new entry as, with the same rules (an entry
    built by the tool is already in canonical words)."""

    task: str
    date: Day
    status: Status | None = None
    by: str | None = None
    note: str | None = None
    values: dict[str, float] = {}  # noqa: RUF012  # never changed: a tuple's, read only
    evidence: str | None = None
    count: int | None = None  # type: ignore[assignment]  # the field, not tuple.count
    duty: str | None = None
    unit: str | None = None
    all_parts: bool = False
    source: str | None = None
    attachments: tuple[Attachment, ...] = ()
    verify: Verdict | None = None
    extend_to: Day | None = None
    reason: str | None = None
    approved_by: str | None = None


WRITTEN_FIELDS: tuple[str, ...] = Written._fields
