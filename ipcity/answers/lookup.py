"""What a person typed, found in the plan: a unit by any of its names, a task by its
number, a status word. A UsageError names the closest known names when nothing matches."""

from __future__ import annotations

from typing import Literal

from ipcity.answers.derived import roles_of
from ipcity.errors import UsageError
from ipcity.plan.loaded import Plan
from ipcity.plan.shapes import Item, Status, Task
from ipcity.plan.units import UnitRegistry
from ipcity.text import join_names

OVERDUE_WORDS = {"overdue", "逾期"}


def resolve_unit(plan: Plan, name: str) -> str:
    """The canonical name of a unit typed by a person, or a UsageError with the closest names."""
    canonical = plan.units.resolve(name)
    if canonical is None:
        raise unknown_unit(plan.units, name)
    return canonical


def unknown_unit(units: UnitRegistry, name: str) -> UsageError:
    """The error for a unit name that resolves to none, with the closest names."""
    close = units.suggest(name)
    hint = f"。最接近的已知单位：{join_names(close)}" if close else ""
    return UsageError(f"未知单位「{name}」{hint}（`ipcity units` 列出全部单位）")


def task_key(task_id: str) -> str:
    """A task's number as typed (full-width digits, spaces around) as the plan writes it."""
    return task_id.strip().translate(_FULL_WIDTH_DIGITS)


def find_task(plan: Plan, task_id: str) -> tuple[Item, Task]:
    key = task_key(task_id)
    if key in plan.tasks:
        return plan.tasks[key]
    raise UsageError(f"任务「{task_id}」不存在（序号如 1、5.1、13.2；`ipcity list` 列出全部任务）")


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．。", "0123456789..")


def parse_status_filter(word: str) -> Status | Literal["overdue"]:
    if word.strip().lower() in OVERDUE_WORDS:
        return "overdue"
    status = Status.parse(word)
    if status is None:
        raise UsageError(
            f"未知状态「{word}」，应为 not_started（未开始）、in_progress（进行中）、"
            "done（已完成）、blocked（受阻）或 overdue（逾期）"
        )
    return status


def unit_role(plan: Plan, task: Task, unit: str) -> str | None:
    """What a unit (canonical name) is on a task: responsible, cooperating or None.
    A unit counts as named when one of its groups is, as in `list --unit`."""
    return roles_of(plan, unit).get(task.id)
