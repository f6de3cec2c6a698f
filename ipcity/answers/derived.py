"""What queries derive from a plan once and share: the latest record of each task, each
task's records, who answers for what. Kept in the plan's memo, emptied when records are
added."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar, cast

from ipcity.plan.loaded import Plan, Record

T = TypeVar("T")


def memo(plan: Plan, key: str, compute: Callable[[], T]) -> T:
    """Derived once per plan: a report asks the same of 10,000 tasks many times."""
    if key not in plan.memo:
        plan.memo[key] = compute()
    return cast(T, plan.memo[key])


def latest_records(plan: Plan) -> dict[str, Record]:
    """The current record of each task: the latest by date, file order breaking ties."""

    def compute() -> dict[str, Record]:
        latest: dict[str, Record] = {}
        for record in plan.records:
            current = latest.get(record.task)
            if current is None or record.date >= current.date:
                latest[record.task] = record
        return latest

    return memo(plan, "latest", compute)


def records_by_task(plan: Plan) -> dict[str, list[Record]]:
    """Each task's records, in file order."""

    def compute() -> dict[str, list[Record]]:
        found: dict[str, list[Record]] = {}
        for record in plan.records:
            found.setdefault(record.task, []).append(record)
        return found

    return memo(plan, "by_task", compute)


def unit_roles(plan: Plan) -> dict[str, dict[str, str]]:
    """For each unit (canonical name), the tasks it answers for and how: responsible or
    cooperating. A task naming X is seen by X, by X's members if X is a group, and by the
    groups X belongs to — the same relation `list --unit` uses, worked out once."""

    def compute() -> dict[str, dict[str, str]]:
        units = plan.units

        def viewers(names: list[str]) -> set[str]:
            seen: set[str] = set()
            for name in names:
                canonical = units.resolve(name)
                if canonical is not None:
                    seen |= units.scope(canonical)
            return seen

        roles: dict[str, dict[str, str]] = {name: {} for name in units.units}
        for _, task in plan.tasks.values():
            responsible = viewers(task.responsible)
            for name in responsible:
                roles[name][task.id] = "responsible"
            for name in viewers(task.cooperating) - responsible:
                roles[name][task.id] = "cooperating"
        return roles

    return memo(plan, "roles", compute)
