"""What the data files hold, as Pydantic models: tasks.yaml, units.yaml, status.yaml. No I/O.

A loaded plan holds the models' Pydantic-free shapes (plan/shapes.py, each model's
`plain()`); the status words and other constants live there too and are re-exported here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from ipcity.plan import shapes

# Where the answers and other modules have always found them (plan/shapes.py holds them).
from ipcity.plan.shapes import COUNTY_KIND as COUNTY_KIND
from ipcity.plan.shapes import EVERY_LABELS as EVERY_LABELS
from ipcity.plan.shapes import EVERY_MONTHS as EVERY_MONTHS
from ipcity.plan.shapes import STATUS_CHOICES as STATUS_CHOICES
from ipcity.plan.shapes import STATUS_LABELS as STATUS_LABELS
from ipcity.plan.shapes import STATUS_WORDS as _STATUS_WORDS
from ipcity.plan.shapes import UNIT_KINDS as UNIT_KINDS
from ipcity.plan.shapes import VERDICT_LABELS as VERDICT_LABELS
from ipcity.plan.shapes import VERDICT_WORDS as _VERDICT_WORDS
from ipcity.plan.shapes import Every as Every
from ipcity.plan.shapes import Status as Status
from ipcity.plan.shapes import Verdict as Verdict
from ipcity.plan.shapes import Verification as Verification
from ipcity.plan.values import (
    email_address,
    phones,
    plausible_count,
    plausible_measure,
    text_date,
    visible_name,
)

# The JSON Schema says what the file holds (text), not what the validator makes of it.
DATE_PATTERN = r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}[日号])\s*$"
TextDate = Annotated[
    date,
    BeforeValidator(text_date),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DATE_PATTERN,
            "description": "日期，如 2009-05-01 或 2009年5月1日",
        }
    ),
]
Name = Annotated[str, Field(min_length=1), AfterValidator(visible_name)]
# A target or a reading, and a number of occurrences: plan/values.py says what is plausible.
Measure = Annotated[float, AfterValidator(plausible_measure)]
Count = Annotated[int, Field(ge=1), AfterValidator(plausible_count)]
# A person's words (a note, a reference), kept exactly as written: leading and trailing
# spaces included, so what `record` wrote is what the loader reads back.
Text = Annotated[str, StringConstraints(strip_whitespace=False)]


def _status_word(value: Any) -> Any:
    if isinstance(value, str) and (status := _STATUS_WORDS.get(value) or Status.parse(value)):
        return status
    raise ValueError(f"未知状态「{value}」，应为 {STATUS_CHOICES}之一")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Indicator(_Model):
    """A number the annex sets as a target (年专利申请量 ≥ 5500 件), read from status records.

    `kind` says how a reading is held to the target before the due date (序时进度):
    a `count` (年专利申请量, 新增著名商标) grows from nothing, so it is compared with the
    straight line from 0 at `start` to the target at `due`; a `total` (示范企业总数) is a
    stock whose starting level the annex does not give, so the line runs from its first
    reading; a `rate` (结案率, 实施率) is a level, held to the target itself.
    """

    name: Name
    target: Measure
    unit: str = ""
    direction: Literal[">=", "<="] = ">="
    due: str | None = None  # a 工作进度 phrase; the task's own deadline when absent
    kind: Literal["count", "total", "rate"] = "count"
    # Where the 序时进度 line starts: a date phrase (2009年 = 2009-01-01); the plan's start
    # when absent. An annual figure (年专利申请量 for 2009) counts from its year's first day.
    start: str | None = None
    # 分解指标: a unit's own share of the target (海宁市: 800). Names are any form of a unit
    # on the task; each share is then judged against its own target and 序时进度.
    targets: dict[Name, float] = Field(default_factory=dict)
    # Whether the units' shares add up to the city's figure, so that their sum may stand in
    # when the city has reported none: by default a count or total does, a rate does not.
    # A figure per head (每万人专利申请数) is a count that does not add up: `additive: false`.
    additive: bool | None = None

    def plain(self) -> shapes.Indicator:
        """The indicator as a plan holds it (its adds_up, and every answer, are the shape's)."""
        return shapes.Indicator(**self.__dict__)


class Recurring(_Model):
    """A duty the annex asks again and again (每年至少召开一次领导小组会议).

    Periods are calendar periods (a year, a half, a quarter, a month) that lie wholly in
    the plan's period. `per: unit` asks it of each responsible unit (各责任单位每年……),
    `per: task` of the task as a whole. A status record with `count: N` (and `duty:`
    naming this duty when the task has more than one) reports N occurrences on its date.
    """

    name: Name
    every: Every
    at_least: Count = 1
    per: Literal["task", "unit"] = "task"

    def plain(self) -> shapes.Recurring:
        """The duty as a plan holds it (its requirement in words is the shape's)."""
        return shapes.Recurring(**self.__dict__)


class Task(_Model):
    id: Name
    target: str = ""
    deadline: Name
    responsible: list[Name] = Field(min_length=1)
    cooperating: list[Name] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    recurring: list[Recurring] = Field(default_factory=list)

    def plain(self) -> shapes.Task:
        return shapes.Task(
            **{
                **self.__dict__,
                "indicators": [i.plain() for i in self.indicators],
                "recurring": [r.plain() for r in self.recurring],
            }
        )


class Item(_Model):
    id: Name
    content: Name
    tasks: list[Task] = Field(min_length=1)

    def plain(self) -> shapes.Item:
        return shapes.Item(id=self.id, content=self.content, tasks=[t.plain() for t in self.tasks])


class Period(_Model):
    start: TextDate
    end: TextDate

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError("试点期的结束日期早于开始日期")
        return self

    def plain(self) -> shapes.Period:
        return shapes.Period(start=self.start, end=self.end)


class Office(_Model):
    """The office that runs the 督查 and issues the 督查通报 (the leading group's office):
    what its 通报 carries in the frame GB/T 9704 gives an official document."""

    name: Name  # 发文机关, as it signs
    code: Name | None = None  # 发文字号的代字 (嘉知试办); without it the 文号 reads 〔2009〕  号
    recipients: list[Name] = Field(default_factory=list)  # 主送机关
    cc: list[Name] = Field(default_factory=list)  # 抄送机关
    printer: Name | None = None  # 印发机关: the office itself when left out
    subject: Name | None = None  # 关于2009年上半年{subject}督查情况的通报

    def plain(self) -> shapes.Office:
        return shapes.Office(**self.__dict__)


class TasksFile(_Model):
    title: Name
    period: Period
    # Whether a unit's `done` counts only once the office has accepted it (`ipcity verify`).
    # A plan written before the setting existed meant none: a `done` counts when recorded.
    verification: Verification = "none"
    # Who issues the plan's documents: the 督查通报 (`ipcity inspect`) and the 催办通知
    # (`ipcity remind`), and whom a fill-in form is returned to. Plain headings when absent.
    office: Office | None = None
    items: list[Item] = Field(default_factory=list)

    def header(self) -> shapes.TasksHeader:
        """What the file says besides its items, as a plan holds it."""
        return shapes.TasksHeader(
            title=self.title,
            period=self.period.plain(),
            verification=self.verification,
            office=self.office.plain() if self.office else None,
        )


class Unit(_Model):
    name: Name
    aliases: list[Name] = Field(default_factory=list)
    # One of the plan's kinds (UnitsFile.kinds), or group: checked in plan/kinds.py, where
    # the list is known, so that a wrong kind gets its line and the plan's own choices.
    kind: Name
    members: list[Name] = Field(default_factory=list)
    # How the office reaches the unit's liaison: shown on its 催办通知 (`remind`) and
    # listed by `units --format csv` for a mail merge. All optional.
    contact: Name | None = None  # 联系人
    phone: Annotated[
        Name | None,
        BeforeValidator(phones),
        WithJsonSchema({"type": "string", "description": "电话，如 0573-82345678"}),
    ] = None
    email: Annotated[
        Name | None,
        BeforeValidator(email_address),
        WithJsonSchema({"type": "string", "description": "邮箱，如 kjj@jiaxing.gov.cn"}),
    ] = None

    def plain(self) -> shapes.Unit:
        return shapes.Unit(**self.__dict__)


class UnitsFile(_Model):
    # The plan's own kinds of unit (a 湖州 plan has 驻湖单位); group (a 单位组) is always
    # a kind besides.
    kinds: list[Name] = Field(default_factory=lambda: list(UNIT_KINDS), min_length=1)
    # The kind of the county-level governments, which answer to 海宁市 as to 海宁市政府;
    # when not written, 县(市、区) if the plan lists it.
    county_kind: Name = COUNTY_KIND
    units: list[Unit] = Field(default_factory=list)

    def header(self) -> shapes.UnitsHeader:
        """What the file says besides its units, and which of it is written."""
        return shapes.UnitsHeader(
            kinds=list(self.kinds),
            county_kind=self.county_kind,
            given=frozenset(self.model_fields_set & {"kinds", "county_kind"}),
        )


def _optional(word: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A field that may be left out: None stays None, anything else must be a word."""
    return lambda value: None if value is None else word(value)


def _verdict_word(value: Any) -> Any:
    if isinstance(value, str):
        found = _VERDICT_WORDS.get("".join(value.split()).lower())
        if found is not None:
            return found
    raise ValueError(f"未知核查结论「{value}」，应为 accepted（通过）或 returned（退回）")


# A file kept as proof of a record (`record --attach`): where it lies in the data
# directory, always under evidence/, and its SHA-256, so that a file lost or changed since
# is found (`validate`) and the 验收 dossier packs exactly what was attached.
class Attachment(_Model):
    path: Name
    sha256: Name

    def plain(self) -> shapes.Attachment:
        return shapes.Attachment(path=self.path, sha256=self.sha256)


# One entry of the log. Three kinds, one per record (plan/record_rules.py checks it):
# - progress: `status` (with readings, counts, evidence), for the part(s) it speaks for;
# - verification: `verify` (accepted or returned), the office's check of a unit's claim;
# - extension: `extend_to` with `reason`, a request, approved when `approved_by` is there.
# The fields a progress record is loaded with come first, in the order loaded.Record holds
# them; `unit` names the part a record speaks for when `by` is someone else (the office),
# `all_parts` says that it speaks for every part of the task. (No docstring: the JSON
# Schema would show it to the people who edit the file.)
class StatusRecord(_Model):
    task: Name
    date: TextDate
    status: Annotated[
        Status | None,
        BeforeValidator(_optional(_status_word)),
        WithJsonSchema(
            {
                "type": "string",
                "enum": [*(s.value for s in Status), *STATUS_LABELS.values()],
                "description": f"状态：{STATUS_CHOICES}（进度记录必填）",
            }
        ),
    ] = None
    by: Name | None = None
    note: Text | None = None
    values: dict[Name, Measure] = Field(default_factory=dict)
    evidence: Text | None = None
    # Occurrences of a recurring duty held on `date` (a meeting, a training, an issue of a
    # newspaper column); `duty` names which one when the task has more than one.
    count: Count | None = None
    duty: Name | None = None
    unit: Name | None = None
    all_parts: bool = False
    # Where a progress or extension record came from when `collect` read it from a returned
    # fill-in form: its id, sheet and row (2009H1-1a2b3c4d#任务进展!7). Collecting the same form
    # again skips the rows it finds here.
    source: Name | None = None
    # Files attached (any kind of record): the last field a loaded progress record holds.
    attachments: tuple[Attachment, ...] = ()
    verify: Annotated[
        Verdict | None,
        BeforeValidator(_optional(_verdict_word)),
        WithJsonSchema(
            {
                "type": "string",
                "enum": [*VERDICT_LABELS, *VERDICT_LABELS.values()],
                "description": "核查结论：accepted（通过）、returned（退回）",
            }
        ),
    ] = None
    extend_to: TextDate | None = None
    reason: Text | None = None
    approved_by: Name | None = None

    def plain(self) -> shapes.Written:
        """The entry as a shape: a tenth of the model's memory (100,000 in a log)."""
        # The model keeps its fields in __dict__ in this order (a test holds them equal).
        written = tuple.__new__(shapes.Written, self.__dict__.values())
        if self.attachments:
            return written._replace(attachments=tuple(a.plain() for a in self.attachments))
        return written
