"""What `list`, `due` and `log` read straight from an index's rows, without a plan: the
rows the index keeps of the tasks asked for (one unit's, one item's, those due in a
range), then the same filters and order as from a plan (answers/tasks.picked, due_rows);
the log's entries a page shows, newest first, not its 100,000. The answers are the plan's
(a test compares them for many plans, logs and days)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from ipcity.answers.lookup import find_task, task_key, unknown_unit
from ipcity.answers.records import log_rows, record_row
from ipcity.answers.tasks import (
    EVERY_TASK,
    Row,
    TaskFilter,
    check_item,
    due_rows,
    due_tasks,
    list_tasks,
    picked,
    stale_since,
)
from ipcity.index.open import Index
from ipcity.index.source import IndexSource, kept_rows_of
from ipcity.plan.loaded import Plan
from ipcity.plan.units import normalize


def list_rows(found: Index | Plan, as_of: date, keep: TaskFilter = EVERY_TASK) -> list[Row]:
    """As answers/tasks.list_tasks gives them from the plan (from the plan itself when
    there is no index: the cache turned off, or the files loaded just now)."""
    if isinstance(found, Plan):
        return list_tasks(found, as_of, keep)
    unit, item, stale = keep.unit, keep.item, keep.stale
    index = found
    source = index.source
    kept: list[Any] = []
    roles = None
    if unit is not None:
        canonical = resolve(index, unit)
        roles = dict(
            source.rows("SELECT task, role FROM roles WHERE unit = ? ORDER BY seq", (canonical,))
        )
        kept = source.rows(
            "SELECT s.row, s.open_due FROM roles r JOIN task_states s ON s.seq = r.seq"
            " WHERE r.unit = ? ORDER BY r.seq",
            (canonical,),
        )
    check_item(item, [i for (i,) in source.rows("SELECT id FROM items ORDER BY seq")])
    if unit is None and item is not None:
        kept = source.rows(
            "SELECT s.row, s.open_due FROM tasks t JOIN task_states s ON s.seq = t.seq"
            " WHERE t.item = ? ORDER BY t.seq",
            (item.strip(),),
        )
    elif unit is None:
        kept = source.rows("SELECT row, open_due FROM task_states ORDER BY seq")
    recent = None
    if stale:
        since = (stale_since(as_of, stale).isoformat(), as_of.isoformat())
        recent = {
            task
            for (task,) in source.rows(
                "SELECT DISTINCT task FROM records"
                " WHERE kind = 'status' AND date > ? AND date <= ?",
                since,
            )
        }
    rows = kept_rows_of(kept)
    return picked(
        rows, as_of, roles=roles, role=keep.role, status=keep.status, item=item, recent=recent
    )


def due_list(
    found: Index | Plan,
    as_of: date,
    *,
    before: date | None = None,
    after: date | None = None,
    overdue: bool = False,
) -> list[Row]:
    """As answers/tasks.due_tasks gives them from the plan (or from the plan itself)."""
    if isinstance(found, Plan):
        return due_tasks(found, as_of, before=before, after=after, overdue=overdue)
    where = ["due IS NOT NULL"]
    params: list[Any] = []
    if before is not None:
        where.append("due <= ?")
        params.append(before.isoformat())
    if after is not None:
        where.append("due >= ?")
        params.append(after.isoformat())
    if overdue:
        where.append("open_due < ?")
        params.append(as_of.isoformat())
    rows = found.source.rows(
        f"SELECT row, open_due FROM task_states WHERE {' AND '.join(where)} ORDER BY due, seq",
        params,
    )
    return due_rows(picked(kept_rows_of(rows), as_of), before=before, after=after, overdue=overdue)


def resolve(index: Index, name: str) -> str:
    """A unit typed by a person, by the forms the plan's registry keeps (units.yaml's
    names and aliases, normalised); the registry itself only to suggest close names."""
    found = index.source.rows("SELECT unit FROM unit_names WHERE form = ?", (normalize(name),))
    if found:
        return str(found[0][0])
    raise unknown_unit(index.source.registry(), name)


def log_list(
    found: Index | Plan,
    *,
    unit: str | None = None,
    since: date | None = None,
    task: str | None = None,
    first: int = 0,
) -> tuple[Iterable[Row], int]:
    """The newest `first` records (0: all) as answers/records.log_rows gives them (each
    pass over them gives them all), and how many it gives: from an index, only the
    entries shown are read, a few hundred at a time, again for each pass."""
    if isinstance(found, Plan):
        rows = log_rows(found, unit=unit, since=since, task=task)
        return (rows[:first] if first else rows), len(rows)
    source = found.source
    reporters = None
    if unit is not None:  # (asked first, as log_rows asks)
        registry = source.registry()
        canonical = registry.resolve(unit)
        if canonical is None:
            raise unknown_unit(registry, unit)
        reporters = {canonical, *registry.members_of(canonical)}
    where, params = ["1"], []
    if task is not None:
        where.append("task = ?")
        params.append(find_task(found.task_plan(task_key(task)), task)[1].id)
    if since is not None:
        where.append("date >= ?")
        params.append(since.isoformat())
    picked = f"FROM records WHERE {' AND '.join(where)}"
    newest = f"{picked} ORDER BY date DESC, seq DESC"
    if reporters is None:
        places = [
            seq for (seq,) in source.rows(f"SELECT seq {newest} LIMIT ?", (*params, first or -1))
        ]
        ((total,),) = source.rows(f"SELECT count(*) {picked}", params)
    else:  # whom a record names, as the registry resolves what it says (its forms, aliases)
        places = [
            seq
            for seq, by, named in source.rows(f'SELECT seq, "by", unit {newest}', params)
            if (by is not None and registry.resolve(by) in reporters)
            or (named is not None and registry.resolve(named) in reporters)
        ]
        total = len(places)
        places = places[:first] if first else places
    return _Entries(source, places), total


class _Entries:
    """The rows of the log's entries at these places, in their order: each pass reads
    them a few hundred at a time."""

    def __init__(self, source: IndexSource, places: list[int]) -> None:
        self._source, self._places = source, places

    def __iter__(self) -> Iterator[Row]:
        places = self._places
        for start in range(0, len(places), _AT_ONCE):
            chunk = places[start : start + _AT_ONCE]
            entries = dict(self._source.entries(f"seq IN ({', '.join('?' * len(chunk))})", chunk))
            yield from (record_row(entries[seq]) for seq in chunk)


_AT_ONCE = 500  # places asked for in one statement (SQLite once took at most 999 values)
