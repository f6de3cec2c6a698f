"""The plan's data as Pydantic models (what the files hold) and the loaded Plan. No I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from ipcity.deadlines import Deadline, DeadlineError, date_range

if TYPE_CHECKING:
    from ipcity.units import UnitRegistry


def _text_date(value: Any) -> Any:
    """Dates in the files are written as text (ISO or 2009年5月1日); YAML gives them as str."""
    if isinstance(value, str):
        try:
            first, last = date_range(value)
        except DeadlineError as exc:
            raise ValueError(str(exc)) from None
        if first != last:
            raise ValueError(f"日期要具体到日「{value}」")
        return first
    if isinstance(value, date):
        return value
    raise ValueError("日期要写成 2009-05-01 这样的文字")


TextDate = Annotated[date, BeforeValidator(_text_date)]
Name = Annotated[str, Field(min_length=1)]
# A person's words (a note, a reference), kept exactly as written: leading and trailing
# spaces included, so what `record` wrote is what the loader reads back.
Text = Annotated[str, StringConstraints(strip_whitespace=False)]


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
        return _STATUS_WORDS.get(key)


STATUS_LABELS = {
    Status.not_started: "未开始",
    Status.in_progress: "进行中",
    Status.done: "已完成",
    Status.blocked: "受阻",
}
_STATUS_WORDS = {s.value: s for s in Status} | {label: s for s, label in STATUS_LABELS.items()}
STATUS_CHOICES = "、".join(f"{s.value}（{s.label}）" for s in Status)


def _status_word(value: Any) -> Any:
    if isinstance(value, str) and (status := Status.parse(value)):
        return status
    raise ValueError(f"未知状态「{value}」，应为 {STATUS_CHOICES} 之一")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Indicator(_Model):
    """A number the annex sets as a target (年专利申请量 ≥ 5500 件), read from status records."""

    name: Name
    target: float
    unit: str = ""
    direction: Literal[">=", "<="] = ">="
    due: str | None = None  # a 工作进度 phrase; the task's own deadline when absent


class Task(_Model):
    id: Name
    target: str = ""
    deadline: Name
    responsible: list[Name] = Field(min_length=1)
    cooperating: list[Name] = []
    indicators: list[Indicator] = []


class Item(_Model):
    id: Name
    content: Name
    tasks: list[Task] = Field(min_length=1)


class Period(_Model):
    start: TextDate
    end: TextDate

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("试点期的结束日期早于开始日期")
        return self


class TasksFile(_Model):
    title: Name
    period: Period
    items: list[Item] = []


UnitKind = Literal["市级部门", "县(市、区)", "驻嘉单位", "group"]
UNIT_KINDS: tuple[str, ...] = ("市级部门", "县(市、区)", "驻嘉单位", "group")


class Unit(_Model):
    name: Name
    aliases: list[Name] = []
    kind: UnitKind
    members: list[Name] = []


class UnitsFile(_Model):
    units: list[Unit] = []


class StatusRecord(_Model):
    task: Name
    date: TextDate
    status: Annotated[Status, BeforeValidator(_status_word)]
    by: Name | None = None
    note: Text | None = None
    values: dict[Name, float] = {}
    evidence: Text | None = None


@dataclass
class Plan:
    """Everything a query needs: the validated files and what is derived from them."""

    title: str
    period: Period
    items: list[Item]
    units: UnitRegistry
    records: list[StatusRecord]
    deadlines: dict[str, Deadline] = field(default_factory=dict)
    tasks: dict[str, tuple[Item, Task]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for item in self.items:
            for task in item.tasks:
                self.tasks.setdefault(task.id, (item, task))
