"""The plan as the queries see it: the validated files, their records as tuples, and what is
derived once from them (deadlines, the task index, the unit registry)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from ipcity.plan.deadlines import Deadline
from ipcity.plan.models import Item, Period, Status, StatusRecord, Task
from ipcity.plan.units import UnitRegistry


class Record(NamedTuple):
    """A status record as a loaded plan holds it: a validated StatusRecord's fields in a
    tuple, which a cached plan of 100,000 records reads back several times faster."""

    task: str
    date: date
    status: Status
    by: str | None
    note: str | None
    values: dict[str, float]
    evidence: str | None
    count: int | None  # type: ignore[assignment]  # the field, not tuple.count
    duty: str | None

    @classmethod
    def of(cls, record: StatusRecord) -> Record:
        # The model keeps its fields in __dict__ in this order (a test holds them equal):
        # read in C, where iterating a model costs a Python call per field.
        return tuple.__new__(cls, record.__dict__.values())


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
    # What queries derive once per plan (latest records, who answers for what): never
    # copied by dataclasses.replace, never pickled, emptied when records are added.
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for item in self.items:
            for task in item.tasks:
                self.tasks.setdefault(task.id, (item, task))

    def add_records(self, records: list[Record]) -> None:
        self.records += records
        self.memo.clear()

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "memo": {}}
