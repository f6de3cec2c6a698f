"""What queries derive from a plan once and share: the latest record of each task, each
task's records, who answers for what. Kept in the plan's memo, emptied when records are
added.

A plan read from the index (plan/loaded.Source) has kept some of these answers: memo()
asks it first, by the same key, and works an answer out only when none was kept. The
index keeps what these very functions computed when it was built (index/build.py), so
there is one way to each answer. What a command needs of one task or one unit has a key
of its own (of_task, roles_of): the index then reads that task's rows, not all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import date
from typing import Any, NamedTuple, TypeVar, cast

from ipcity.plan.loaded import DUPLICATES, Entry, Plan, Record

T = TypeVar("T")
_MISSING: Any = object()


def memo(plan: Plan, key: str, compute: Callable[[], T]) -> T:
    """Derived once per plan: a report asks the same of 10,000 tasks many times."""
    found = plan.memo.get(key, _MISSING)
    if found is _MISSING:
        if plan.source is not None:
            with suppress(KeyError):  # not kept: worked out below
                found = plan.source.derived(key)
        if found is _MISSING:
            found = compute()
        plan.memo[key] = found
    return cast(T, found)


def of_task(plan: Plan, key: str, task_id: str, one: Callable[[], T], missing: T) -> T:
    """One task's part of a derived answer (`key`, a dict by task): from the whole answer
    when it is at hand (`missing` when the task has no entry in it: no records, say), else
    under a key of its own ("parts of 6.3"), which the index answers from that task's rows
    and one() works out otherwise."""
    whole = plan.memo.get(key, _MISSING)
    if whole is not _MISSING:
        return cast(T, whole.get(task_id, missing))
    return memo(plan, f"{key} of {task_id}", one)


def task_entries(plan: Plan) -> dict[str, list[tuple[int, Entry]]]:
    """Each task's entries of every kind with their place in the log, in the order a log
    is replayed in: by date, then file order (plan/parts.in_order, for a whole log)."""

    def compute() -> dict[str, list[tuple[int, Entry]]]:
        log = enumerate(plan.records) if not plan.checks and not plan.extensions else None
        keyed = [(entry.date, seq, entry) for seq, entry in log or plan.log.in_file_order()]
        keyed.sort()  # by (date, place): places differ. A log mostly runs in date order: one pass
        found: dict[str, list[tuple[int, Entry]]] = {}
        add = found.setdefault
        for _, seq, entry in keyed:
            add(entry.task, []).append((seq, entry))
        return found

    return memo(plan, "entries", compute)


def latest_of(records: Iterable[Record]) -> Record | None:
    """A task's current record: the latest by date, file order breaking ties."""
    latest: Record | None = None
    for record in records:
        if latest is None or record.date >= latest.date:
            latest = record
    return latest


def latest_records(plan: Plan) -> dict[str, Record]:
    """The current record of each task (latest_of its records): the last record of its
    entries in the order they are replayed in (task_entries: by date, then file order)."""

    def compute() -> dict[str, Record]:
        found: dict[str, Record] = {}
        for task_id, entries in task_entries(plan).items():
            latest = next((e for _, e in reversed(entries) if isinstance(e, Record)), None)
            if latest is not None:
                found[task_id] = latest
        return found

    return memo(plan, "latest", compute)


def latest_record(plan: Plan, task_id: str) -> Record | None:
    return of_task(plan, "latest", task_id, lambda: latest_records(plan).get(task_id), None)


def records_by_task(plan: Plan) -> dict[str, list[Record]]:
    """Each task's records, in file order."""

    def compute() -> dict[str, list[Record]]:
        found: dict[str, list[Record]] = {}
        add = found.setdefault
        for record in plan.records:
            add(record.task, []).append(record)
        return found

    return memo(plan, "by_task", compute)


def readings_by_task(plan: Plan) -> dict[str, list[Record]]:
    """Each task's records that carry indicator readings (values), in file order."""
    return _records_that(plan, "readings", lambda r: bool(r.values))


class Reading(NamedTuple):
    """One indicator value a record carries: its date, the name and value as written, and
    whom the record speaks for (its `unit`, else its reporter, `by`)."""

    date: date
    name: str
    value: float
    named: str | None


def task_readings(plan: Plan) -> dict[str, list[Reading]]:
    """Each task's readings, in file order (a record's in the order written): what the
    indicators read, and the index keeps as rows of their own."""

    def compute() -> dict[str, list[Reading]]:
        return {
            task_id: [
                Reading(r.date, name, value, r.unit or r.by)
                for r in records
                for name, value in r.values.items()
            ]
            for task_id, records in readings_by_task(plan).items()
        }

    return memo(plan, "task readings", compute)


def counts_by_task(plan: Plan) -> dict[str, list[Record]]:
    """Each task's records that count occurrences of a recurring duty, in file order."""
    return _records_that(plan, "counts", lambda r: r.count is not None)


def _records_that(plan: Plan, key: str, keep: Callable[[Record], bool]) -> dict[str, list[Record]]:
    def compute() -> dict[str, list[Record]]:
        return {
            task_id: found
            for task_id, records in records_by_task(plan).items()
            if (found := [r for r in records if keep(r)])
        }

    return memo(plan, key, compute)


def duplicate_pairs(plan: Plan) -> list[tuple[int, int]]:
    """Each entry of the log equal to an earlier one, with the first of them."""
    from ipcity.plan.duplicate_rules import duplicates  # the rules: only when not kept

    return memo(plan, DUPLICATES, lambda: duplicates(plan.log.in_file_order(), plan.units))


def log_size(plan: Plan) -> int:
    """How many entries the log holds, of every kind (a new entry's place)."""
    return memo(plan, "log size", lambda: plan.log.size)


def unit_roles(plan: Plan) -> dict[str, dict[str, str]]:
    """For each unit (canonical name), the tasks it answers for and how: responsible or
    cooperating. A task naming X is seen by X, by X's members if X is a group, and by the
    groups X belongs to — the same relation `list --unit` uses, worked out once."""

    def compute() -> dict[str, dict[str, str]]:
        units = plan.units
        scopes: dict[str, set[str]] = {}  # a name's: a plan names its units again and again

        def viewers(names: list[str]) -> set[str]:
            seen: set[str] = set()
            for name in names:
                scope = scopes.get(name)
                if scope is None:
                    canonical = units.resolve(name)
                    scope = scopes[name] = units.scope(canonical) if canonical else set()
                seen |= scope
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


def roles_of(plan: Plan, unit: str) -> dict[str, str]:
    """The tasks one unit (canonical name) answers for, and how, in plan order."""
    if "roles" in plan.memo or plan.source is None:
        return unit_roles(plan).get(unit, {})
    return memo(plan, f"roles of {unit}", lambda: unit_roles(plan).get(unit, {}))


def supported_counts(plan: Plan) -> dict[str, int]:
    """How many tasks each unit (canonical name) supports: cooperating, not responsible
    (a unit supporting none is left out)."""

    def compute() -> dict[str, int]:
        found = {
            name: sum(role == "cooperating" for role in tasks.values())
            for name, tasks in unit_roles(plan).items()
        }
        return {name: n for name, n in found.items() if n}

    return memo(plan, "supported", compute)
