"""The plan as the queries see it: the validated files, their records as tuples, and what is
derived once from them (deadlines, the task index, the unit registry).

A plan read from the index (ipcity/index/) has a `source`: its log is read from there
the first time any code asks for plan.records, plan.checks or plan.extensions, and the
answers that the index keeps (answers/derived.memo) are read from there instead of
being worked out from the log again. Nothing else tells such a plan from a loaded one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from ipcity.plan.deadlines import Deadline
from ipcity.plan.shapes import (
    Attachment,
    Item,
    Office,
    Period,
    Status,
    Task,
    Verdict,
    Verification,
    Written,
)
from ipcity.plan.units import UnitRegistry

if TYPE_CHECKING:
    from ipcity.plan.models import StatusRecord
    from ipcity.plan.problems import Problem

Day = date  # a field named `date` hides the type in the tuples below


class Record(NamedTuple):
    """A progress record (one with a status) as a loaded plan holds it: a validated
    StatusRecord's first fields in a tuple, which a cached plan of 100,000 records reads
    back several times faster."""

    task: str
    date: date
    status: Status
    by: str | None
    note: str | None
    values: dict[str, float]
    evidence: str | None
    count: int | None  # type: ignore[assignment]  # the field, not tuple.count
    duty: str | None
    unit: str | None
    all_parts: bool
    source: str | None = None  # the form and row `collect` read it from
    attachments: tuple[Attachment, ...] = ()

    @classmethod
    def of(cls, record: StatusRecord | Written) -> Record:
        # The model keeps its fields in __dict__ in this order (a test holds them equal):
        # read in C, where iterating a model costs a Python call per field.
        if isinstance(record, tuple):  # its shape (shapes.Written): the same first fields
            return tuple.__new__(cls, record[:_RECORD_FIELDS])
        if record.attachments:  # models: the shape holds them as shapes
            return cls.of(record.plain())
        return tuple.__new__(cls, islice(record.__dict__.values(), _RECORD_FIELDS))


_RECORD_FIELDS = len(Record._fields)


class Check(NamedTuple):
    """A verification record: the office's verdict on a unit's claim of completion.
    `seq` is its place in the log (0 for the first entry), among entries of every kind."""

    task: str
    date: date
    unit: str | None
    verify: Verdict
    by: str | None
    note: str | None
    evidence: str | None
    seq: int
    attachments: tuple[Attachment, ...] = ()


class Extension(NamedTuple):
    """An extension record: a request to move a part's due date, approved when
    approved_by is given. `seq` as for Check."""

    task: str
    date: date
    unit: str | None
    extend_to: Day
    reason: str
    approved_by: str | None
    by: str | None
    note: str | None
    evidence: str | None
    seq: int
    source: str | None = None  # the form and row `collect` read the request from
    attachments: tuple[Attachment, ...] = ()


Entry = Record | Check | Extension


class Log(NamedTuple):
    """A status log's entries by kind, each list in file order."""

    records: list[Record]
    checks: list[Check]
    extensions: list[Extension]

    @property
    def size(self) -> int:
        return len(self.records) + len(self.checks) + len(self.extensions)

    def in_file_order(self) -> Iterator[tuple[int, Entry]]:
        """Every entry with its place in the log, in file order. (Of a log whose progress
        records were replaced by some of them, in the order their places allow.)"""
        if not self.checks and not self.extensions:
            yield from enumerate(self.records)  # progress records alone: in order
            return
        others: list[Check | Extension] = [*self.checks, *self.extensions]
        others.sort(key=lambda e: e.seq)
        records = iter(self.records)
        at = 0
        for other in others:
            while at < other.seq and (record := next(records, None)) is not None:
                yield at, record
                at += 1
            yield at, other
            at += 1
        for record in records:
            yield at, record
            at += 1

    def known_by(self, day: Day) -> Log:
        """The entries dated on or before day, numbered again in file order."""
        found = Log([], [], [])
        for entry in (e for _, e in self.in_file_order() if e.date <= day):
            at = found.size
            if isinstance(entry, Record):
                found.records.append(entry)
            elif isinstance(entry, Check):
                found.checks.append(entry._replace(seq=at))
            else:
                found.extensions.append(entry._replace(seq=at))
        return found


def log_of(models: Iterable[tuple[int, StatusRecord | Written]]) -> Log:
    """Validated entries with their place in the log (record_rules passed: each is of
    one kind), split by kind."""
    log = Log([], [], [])
    records = log.records
    for seq, model in models:
        if type(model) is Written and model.status is not None:
            records.append(tuple.__new__(Record, model[:_RECORD_FIELDS]))  # (Record.of)
            continue
        entry = entry_of(model, seq)
        if isinstance(entry, Record):
            log.records.append(entry)
        elif isinstance(entry, Check):
            log.checks.append(entry)
        elif entry is not None:
            log.extensions.append(entry)
    return log


def entry_of(model: StatusRecord | Written, seq: int) -> Entry | None:
    """A validated entry as a plan holds it, by its kind; None when it has no kind."""
    if model.status is not None:
        return Record.of(model)
    entry = model if isinstance(model, tuple) else model.plain()  # attachments as shapes
    if entry.verify is not None:
        return Check(
            entry.task, entry.date, entry.unit, entry.verify, entry.by, entry.note,
            entry.evidence, seq, entry.attachments,
        )  # fmt: skip
    if entry.extend_to is not None:
        return Extension(
            entry.task, entry.date, entry.unit, entry.extend_to, entry.reason or "",
            entry.approved_by, entry.by, entry.note, entry.evidence, seq, entry.source,
            entry.attachments,
        )  # fmt: skip
    return None


class Source(Protocol):
    """Where a plan read from the index finds its log, and the answers kept beside it."""

    def log(self) -> Log:
        """Every entry of the log."""
        ...

    def derived(self, key: str) -> Any:
        """The answer kept for a memo key (answers/derived.py); KeyError when none is kept."""
        ...


_LOG_FIELDS = ("records", "checks", "extensions")
# The memo key under which answers/derived.duplicate_pairs keeps the log's records written
# twice (the loader, which finds them while it has the log's lines, keeps them there too).
DUPLICATES = "duplicates"
# The start of a memo key whose answer is of tasks.yaml and units.yaml alone (a form's
# digest of the plan): kept when records are added.
FILES_ONLY = "files: "


@dataclass
class Plan:
    """Everything a query needs: the validated files and what is derived from them."""

    title: str
    period: Period
    items: list[Item]
    units: UnitRegistry
    records: list[Record]
    deadlines: dict[str, Deadline] = field(default_factory=dict)
    tasks: dict[str, tuple[Item, Task]] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    verification: Verification = "none"
    office: Office | None = None  # who issues the 通报 and the 催办通知
    # Where the log and the answers kept for it are read from: the index, or None. Not
    # copied by dataclasses.replace: a plan made from this one holds a log of its own.
    source: Source | None = field(default=None, init=False, repr=False, compare=False)
    # validate's warnings about the files (records written twice), placed when the files
    # were read: none for a plan read from an index (the index keeps them itself).
    warnings: list[Problem] = field(default_factory=list, init=False, repr=False, compare=False)
    # What queries derive once per plan (latest records, who answers for what): never
    # copied by dataclasses.replace, emptied when records are added but for what is of
    # tasks.yaml and units.yaml alone (its key starts with FILES_ONLY).
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for item in self.items:
            for task in item.tasks:
                self.tasks.setdefault(task.id, (item, task))

    @property
    def log(self) -> Log:
        return Log(self.records, self.checks, self.extensions)

    def as_at(self, day: Day) -> Plan:
        """The plan as it stood at the end of a day: every entry dated after it left out
        (replacing `records` alone would leave later checks and extensions in)."""
        log = self.log.known_by(day)
        return replace(
            self, records=log.records, checks=log.checks, extensions=log.extensions, tasks={}
        )

    def add_log(self, log: Log) -> None:
        """Entries read after the plan's own (their `seq` counts on from its entries)."""
        # New lists: a plan made by dataclasses.replace shares its lists with another.
        self.records = self.records + log.records
        self.checks = self.checks + log.checks
        self.extensions = self.extensions + log.extensions
        self.source = None  # what it kept was for the log without these
        self.memo = {k: v for k, v in self.memo.items() if k.startswith(FILES_ONLY)}

    def add_records(self, records: list[Record]) -> None:
        self.add_log(Log(records, [], []))

    def defer_log(self, source: Source) -> Plan:
        """Read the log from source when it is first asked for, and the answers it keeps."""
        self.source = source
        for name in _LOG_FIELDS:
            self.__dict__.pop(name, None)
        return self

    if not TYPE_CHECKING:  # to mypy, the fields are always there

        def __getattr__(self, name: str) -> Any:
            # Reached only for an attribute the plan does not hold: a deferred log.
            source = self.__dict__.get("source")
            if name not in _LOG_FIELDS or source is None:
                raise AttributeError(name)
            self.records, self.checks, self.extensions = source.log()
            return self.__dict__[name]
