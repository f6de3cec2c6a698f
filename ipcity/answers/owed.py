"""A part a unit owes, as a fill-in form and a 催办通知 both show it: the task in the
annex's words, the part's state, and the part's latest progress record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ipcity.plan.loaded import Record
from ipcity.plan.shapes import Item, Task


@dataclass(frozen=True)
class PartLine:
    task: str
    content: str  # 工作内容
    target: str  # 目标要求
    deadline: str  # 工作进度 as written
    part: dict[str, Any]  # the part as `show --format json` gives it
    last_date: date | None  # its latest progress record's date and note
    last_note: str | None

    @classmethod
    def of(cls, item: Item, task: Task, part: dict[str, Any], last: Record | None) -> PartLine:
        return cls(
            task.id,
            item.content,
            task.target,
            task.deadline,
            part,
            last.date if last else None,
            last.note if last else None,
        )
