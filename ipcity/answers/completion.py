"""Shell completion's candidates: units, tasks, statuses, a task's recurring duties and
indicators that start with the word being typed."""

from __future__ import annotations

from ipcity.answers.indicators import number
from ipcity.answers.lookup import find_task
from ipcity.errors import UsageError
from ipcity.plan.loaded import Plan
from ipcity.plan.shapes import Status, Task
from ipcity.text import shorten

# Shell completion: (value, what it is), the way Typer hands them to zsh and fish.
Choice = tuple[str, str]


def unit_choices(plan: Plan, incomplete: str) -> list[Choice]:
    """Units whose name starts with the word being typed, each with what it is; a unit
    whose name does not but an alias does (市中院 for 市中级法院) by that alias. One
    choice a unit: 市工 offers 市工商局, not also its full name 市工商行政管理局."""
    choices: list[Choice] = []
    for name, unit in plan.units.units.items():
        if name.startswith(incomplete):
            choices.append((name, unit.kind))
            continue
        alias = next((a for a in unit.aliases if a.startswith(incomplete)), None)
        if alias is not None:
            choices.append((alias, f"{name}的别名"))
    return choices


def task_choices(plan: Plan, incomplete: str) -> list[Choice]:
    """Task IDs that start with the word being typed, each with its 目标要求 (or 工作内容)."""
    choices = [(t.id, shorten(t.target or item.content, 30)) for item, t in plan.tasks.values()]
    return [c for c in choices if c[0].startswith(incomplete)]


def status_choices(*, overdue: bool) -> list[Choice]:
    """Every status word, English and Chinese, each with the other; with overdue (逾期)
    where a filter takes it (list), not where a record is written."""
    labels = {s.value: s.label for s in Status} | ({"overdue": "逾期"} if overdue else {})
    return [*labels.items(), *((label, value) for value, label in labels.items())]


def _tasks(plan: Plan, task_id: str | None) -> list[Task]:
    """The task typed on the command line, or every task when none (or no such one) is."""
    if task_id is not None:
        try:
            return [find_task(plan, task_id)[1]]
        except UsageError:
            pass
    return [task for _, task in plan.tasks.values()]


def duty_choices(plan: Plan, task_id: str | None, incomplete: str) -> list[Choice]:
    """The recurring duties of the task (of all tasks when none is typed), each with its
    rule (每年至少 1 次)."""
    choices = {d.name: d.requirement for t in _tasks(plan, task_id) for d in t.recurring}
    return [c for c in choices.items() if c[0].startswith(incomplete)]


def indicator_choices(plan: Plan, task_id: str | None, incomplete: str) -> list[Choice]:
    """`NAME=` for each indicator of the task (of all tasks when none is typed), each
    with its target; the reading is typed after the = ."""
    choices = {
        f"{i.name}=": f"目标 {'≥' if i.direction == '>=' else '≤'}{number(i.target)}{i.unit}"
        for t in _tasks(plan, task_id)
        for i in t.indicators
    }
    return [c for c in choices.items() if c[0].startswith(incomplete)]
