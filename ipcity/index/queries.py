"""What `list` and `due` read straight from an index's rows, without a plan: the rows the
index keeps of the tasks asked for (one unit's, one item's, those due in a range), then
the same filters and order as from a plan (answers/tasks.picked, due_rows), so that the
answers are the plan's (a test compares them for many plans, logs and days)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ipcity.answers.lookup import unknown_unit
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
from ipcity.index.source import kept_rows_of
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
