"""An index written from a loaded plan, or extended by the entries appended to its log.

What the index keeps beside the plan (each task's row and parts, who answers for what,
each task's latest record, the records written twice) is what the answers' own functions
compute (answers/derived.py, parts.py, tasks.py): the index keeps their results, it does
not work them out again another way. Extending by a log's tail works out again only the
tasks the new entries are about, with the same functions.
"""

from __future__ import annotations

import dataclasses
import json
import operator
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ipcity.answers.derived import duplicate_pairs, latest_of, latest_records, unit_roles
from ipcity.answers.parts import PartState, kept_parts, parts_of_task
from ipcity.answers.tasks import KeptRow, kept_row, kept_rows
from ipcity.index import schema
from ipcity.index.columns import Column, column, plain
from ipcity.index.fresh import FileState
from ipcity.index.inserts import CHUNK, insert, insert_columns
from ipcity.index.store import build_stamp
from ipcity.plan.duplicate_rules import duplicates
from ipcity.plan.loaded import Check, Entry, Extension, Plan, Record
from ipcity.plan.problems import Problem
from ipcity.plan.shapes import Office
from ipcity.plan.shapes_json import compact_json

Meta = dict[str, Any]


def write_plan(
    db: sqlite3.Connection, plan: Plan, meta: Meta, warnings: Sequence[Problem] = ()
) -> None:
    """Write a whole index of a loaded plan (its log held whole) into an empty database,
    with `validate`'s warnings about its log (records written twice, at their lines)."""
    db.executescript(schema.TABLES + schema.VIEWS)
    db.execute("PRAGMA cache_size = -4000")  # 4 MB while the rows go in
    db.execute("BEGIN")
    order = {task_id: n for n, task_id in enumerate(plan.tasks)}
    db.executemany(
        "INSERT INTO items VALUES (?, ?, ?)",
        ((n, item.id, item.content) for n, item in enumerate(plan.items)),
    )
    _tasks(db, plan, order)
    _units(db, plan)
    roles = unit_roles(plan)
    insert(
        db,
        "roles",
        _ROLE_COLUMNS,
        (
            (unit, order[task_id], task_id, role)
            for unit, tasks in roles.items()
            for task_id, role in tasks.items()
        ),
    )
    entries = list(plan.log.in_file_order())
    _entries(db, entries)
    latest = latest_records(plan)
    wanted = {id(record) for record in latest.values()}
    places = {id(entry): seq for seq, entry in entries if id(entry) in wanted}
    parts = kept_parts(plan)
    tasks = [task for item in plan.items for task in item.tasks]
    insert(
        db,
        "task_states",
        _STATE_COLUMNS,
        (
            _task_state(order[t.id], t.id, kept, parts[t.id], places.get(id(latest.get(t.id))))
            for t, kept in zip(tasks, kept_rows(plan), strict=True)
        ),
    )
    _parts(db, ((order[t], t, p) for t, found in parts.items() for p in found))
    db.executemany("INSERT INTO duplicates VALUES (?, ?)", duplicate_pairs(plan))
    _warnings(db, warnings)
    _meta(db, {**meta, "log size": len(entries)})
    for statement in schema.INDEXES.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("COMMIT")


def _warnings(db: sqlite3.Connection, warnings: Sequence[Problem]) -> None:
    db.execute("DELETE FROM warnings")
    n = plain("n", "INTEGER")
    rows = ((i, *(getattr(w, c.name) for c in schema.WARNING)) for i, w in enumerate(warnings))
    insert(db, "warnings", [n, *schema.WARNING], rows)


def extend(
    db: sqlite3.Connection,
    plan: Plan,
    added: list[tuple[int, Entry]],
    meta: Meta,
    warnings: Callable[[list[tuple[int, int]]], list[Problem]],
    *,
    transaction: bool = True,
) -> None:
    """Add entries appended to the log to an index of the plan before them, and keep again
    what they change: their tasks' rows, parts, latest records and records written twice
    (and `validate`'s warnings, warnings(pairs), when those changed). plan is read from
    that index; its memo takes each such task's entries with the new ones, so that the
    answers' functions see the log as it is now. transaction=False: the caller has begun
    one (and commits it)."""
    # Each task's place, from the index itself: plan may hold those tasks alone (record).
    order = {task_id: _task_seq(db, task_id) for task_id in {entry.task for _, entry in added}}
    touched = sorted(order, key=order.__getitem__)
    from ipcity.answers.parts import entries_of  # the entries each task has now

    mine: dict[str, list[tuple[int, Entry]]] = {}
    for task_id in touched:
        mine[task_id] = list(entries_of(plan, task_id))
    for seq, entry in added:
        mine[entry.task].append((seq, entry))
    plan.memo["log size"] = plan.memo.get("log size", 0) + len(added)
    pairs = dict(duplicate_pairs(plan))
    before = dict(pairs)
    if transaction:
        db.execute("BEGIN")
    _entries(db, added)
    for task_id in touched:
        found = sorted(mine[task_id], key=lambda pair: (pair[1].date, pair[0]))
        plan.memo[f"entries of {task_id}"] = found
        in_file = sorted(found, key=lambda pair: pair[0])
        records = [(seq, e) for seq, e in in_file if isinstance(e, Record)]
        latest = latest_of(e for _, e in records)
        place = next((seq for seq, e in records if e is latest), None)
        parts = parts_of_task(plan, task_id)
        item, task = plan.tasks[task_id]
        kept = kept_row(plan, item, task, latest, parts)
        db.execute("DELETE FROM task_states WHERE task = ?", (task_id,))
        db.execute("DELETE FROM parts WHERE task = ?", (task_id,))
        db.execute(_STATE, _task_state(order[task_id], task_id, kept, parts, place))
        _parts(db, ((order[task_id], task_id, p) for p in parts))
        places = [seq for seq, _ in in_file]
        db.executemany("DELETE FROM duplicates WHERE seq = ?", ((s,) for s in places))
        again = duplicates(in_file, plan.units)
        db.executemany("INSERT INTO duplicates VALUES (?, ?)", again)
        for seq in places:
            pairs.pop(seq, None)
        pairs.update(again)
    if pairs != before:
        _more_warnings(db, before, pairs, warnings)
    _meta(db, {**meta, "log size": plan.memo["log size"]})
    if transaction:
        db.execute("COMMIT")


def _more_warnings(
    db: sqlite3.Connection,
    before: dict[int, int],
    pairs: dict[int, int],
    warnings: Callable[[list[tuple[int, int]]], list[Problem]],
) -> None:
    """validate's warnings with the log's new records written twice: entries appended
    after every earlier one only add pairs of their own, placed alone and kept after the
    warnings before them (the log's lines before are the lines they were); else all are
    placed again."""
    new = sorted((seq, earlier) for seq, earlier in pairs.items() if before.get(seq) != earlier)
    if any(pairs.get(seq) != earlier for seq, earlier in before.items()) or (
        before and new and new[0][0] < max(before)
    ):
        _warnings(db, warnings(sorted(pairs.items())))
        return
    (kept,) = db.execute("SELECT count(*) FROM warnings").fetchone()
    n = plain("n", "INTEGER")
    rows = (
        (kept + i, *(getattr(w, c.name) for c in schema.WARNING))
        for i, w in enumerate(warnings(new))
    )
    insert(db, "warnings", [n, *schema.WARNING], rows)


def _task_seq(db: sqlite3.Connection, task_id: str) -> int:
    found = db.execute("SELECT seq FROM tasks WHERE id = ?", (task_id,)).fetchone()
    if found is None:  # a log's entry is of a task the plan holds: an index that is not
        raise sqlite3.DatabaseError(f"no task {task_id}")
    return int(found[0])


def index_meta(
    plan: Plan, data_dir: Path, today: date, states: Mapping[str, FileState], lines: int
) -> Meta:
    """What an index of a plan loaded from its files, read in these states (the log of
    that many lines), says of itself."""
    kinds = plan.units.kinds
    return {
        "version": schema.VERSION,
        "build": build_stamp(),
        "data dir": str(data_dir.resolve()),
        "built on": today.isoformat(),
        "files": {name: state.json() for name, state in states.items()},
        "log": [lines, plan.log.size],
        "title": plan.title,
        "period": [plan.period.start.isoformat(), plan.period.end.isoformat()],
        "verification": plan.verification,
        "office": office_json(plan.office),
        "kinds": [list(kinds.names), kinds.county, kinds.declared],
    }


def office_json(office: Office | None) -> dict[str, Any] | None:
    """The office that issues the plan's documents, as the meta table keeps it."""
    return dataclasses.asdict(office) if office is not None else None


def write_meta(db: sqlite3.Connection, meta: Meta) -> None:
    db.execute("BEGIN")
    _meta(db, meta)
    db.execute("COMMIT")


def _meta(db: sqlite3.Connection, meta: Meta) -> None:
    db.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        ((key, json.dumps(value, ensure_ascii=False)) for key, value in meta.items()),
    )


def _tasks(db: sqlite3.Connection, plan: Plan, order: dict[str, int]) -> None:
    lead = [plain("seq", "INTEGER"), plain("item")]
    due = [column("deadline_due", date | None), column("standing", bool)]
    rows = (
        (
            order[task.id],
            item.id,
            *_TASK_FIELDS(task),
            plan.deadlines[task.id].due,
            plan.deadlines[task.id].standing,
        )
        for item, task in plan.tasks.values()
    )
    columns = [*lead, *schema.TASK, *due]
    insert(db, "tasks", columns, rows)


def _units(db: sqlite3.Connection, plan: Plan) -> None:
    registry = plan.units
    seq = plain("seq", "INTEGER")
    rows = (
        (n, *(getattr(unit, c.name) for c in schema.UNIT))
        for n, unit in enumerate(registry.units.values())
    )
    insert(db, "units", [seq, *schema.UNIT], rows)
    db.executemany("INSERT INTO unit_names VALUES (?, ?)", registry.forms().items())
    db.executemany(
        "INSERT INTO group_members VALUES (?, ?, ?)",
        (
            (name, n, member)
            for name in registry.units
            for n, member in enumerate(registry.members_of(name))
        ),
    )


def _entries(db: sqlite3.Connection, entries: Sequence[tuple[int, Entry]]) -> None:
    """The log's entries, each kind with its own fields; and the readings they carry."""
    of_kind: dict[type, list[tuple[int, Entry]]] = {Record: [], Check: [], Extension: []}
    for seq, e in entries:  # one pass, not one per kind: a province's log is 100,000
        of_kind[type(e)].append((seq, e))
    lead = [plain("seq", "INTEGER"), plain("kind")]
    for kind, columns in (
        (Record, schema.RECORD),
        (Check, schema.CHECK),
        (Extension, schema.EXTENSION),
    ):
        # A kind's columns are its fields in order (columns.py), a check's and an
        # extension's `seq` (their place) left for the row's own. Each column is taken
        # from a chunk of entries at once (in C), not row by row.
        word = schema.KINDS[kind]
        fields = [operator.itemgetter(kind._fields.index(c.name)) for c in columns]
        mine = of_kind[kind]
        for start in range(0, len(mine), CHUNK):
            chunk = mine[start : start + CHUNK]
            found = [e for _, e in chunk]
            values: list[Sequence[Any]] = [[seq for seq, _ in chunk], [word] * len(chunk)]
            values += [list(map(field, found)) for field in fields]
            insert_columns(db, "records", [*lead, *columns], values)
    db.executemany(
        "INSERT INTO readings VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            (seq, e.task, name, value, e.date.isoformat(), e.by, e.unit)
            for seq, e in entries
            if isinstance(e, Record)
            for name, value in e.values.items()
        ),
    )


_ROLE_COLUMNS = [plain("unit"), plain("seq", "INTEGER"), plain("task"), plain("role")]
_STATE_COLUMNS = [
    plain(name)
    for name in ("seq", "task", "status", "due", "open_due", "awaiting_check", "parts_done",
                 "parts", "updated", "latest", "row")
]  # fmt: skip
_STATE = f"INSERT INTO task_states VALUES ({', '.join('?' * len(_STATE_COLUMNS))})"
_ROW_JSON = compact_json()  # one encoder for 10,000 rows


def _fields_of(columns: Sequence[Column]) -> Callable[[Any], tuple[Any, ...]]:
    """An object's values in the columns' order, read in C (a row of each of 10,000
    tasks and 20,000 parts)."""
    get = operator.attrgetter(*(c.name for c in columns))
    return get if len(columns) > 1 else lambda value: (get(value),)


_TASK_FIELDS = _fields_of(schema.TASK)
_PART_FIELDS = _fields_of(schema.PART)


def _task_state(
    seq: int, task_id: str, kept: KeptRow, parts: list[PartState], latest: int | None
) -> tuple[Any, ...]:
    """A task_states row: what the task's row and parts say, whatever the day."""
    row = kept.row
    return (
        seq,
        task_id,
        row["status"],
        row["due"],
        kept.open_due.isoformat() if kept.open_due else None,
        int(row["awaiting_check"]),
        sum(p.status == "done" for p in parts),
        len(parts),
        row["updated"],
        latest,
        _ROW_JSON(row),
    )


def _parts(db: sqlite3.Connection, parts: Iterable[tuple[int, str, PartState]]) -> None:
    lead = [
        plain("task"),
        plain("seq", "INTEGER"),
        plain("task_seq", "INTEGER"),
    ]
    rows = []
    last, n = None, 0
    for order, task_id, part in parts:
        n = n + 1 if task_id == last else 0
        last = task_id
        rows.append((task_id, n, order, *_PART_FIELDS(part)))
    insert(db, "parts", [*lead, *schema.PART], rows)
