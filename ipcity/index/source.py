"""A plan read back from its index: the plan's files from their tables at once, the log
and the kept answers (answers/derived.py's keys) only when some code asks for them.

Everything read from a table is checked to read as what it claims (a date as a date, a
status as a status word): an index that does not is treated as none (BadIndex), so a
damaged or foreign file is rebuilt, never trusted, never a traceback.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, ClassVar

from ipcity.answers.derived import Reading
from ipcity.answers.lights import DUE_SOON_DAYS, QUIET_DAYS, Mark
from ipcity.answers.parts import PartState
from ipcity.answers.progress import Tally
from ipcity.answers.tasks import KeptRow
from ipcity.index import schema
from ipcity.index.columns import Column, column, names, plain
from ipcity.index.reading import BadIndex, Meta, decoded, read_decoded
from ipcity.plan.deadlines import Deadline
from ipcity.plan.kinds import UnitKinds
from ipcity.plan.loaded import Check, Entry, Extension, Log, Plan, Record
from ipcity.plan.problems import STATUS, Problem
from ipcity.plan.shapes import Attachment, Item, Office, Period, Task, Unit
from ipcity.plan.shapes_json import parsed_all
from ipcity.plan.units import UnitRegistry


class IndexSource:
    """A Source (plan/loaded.py) over an open index."""

    def __init__(self, db: sqlite3.Connection, meta: Meta) -> None:
        self.db = db
        self.meta = meta

    def rows(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise BadIndex(str(exc)) from None

    # ---- the plan ----

    def plan(self, tasks: str = "1") -> Plan:
        """The plan the index was built from, its log left to be read when asked for;
        only the tasks `tasks` (an SQL condition on the tasks table) picks, when given."""
        return self._plan_of(self.rows(f"{self._TASKS} WHERE {tasks} ORDER BY seq"), None)

    def plan_of_task(self, task_id: str) -> Plan | None:
        """The plan with one task alone in its item (the rest of the plan as whole: its
        units, its log and the answers kept for it), for a command about that one task
        (`record`); None when the index holds no such task."""
        found = self.rows(f"{self._TASKS} WHERE id = ?", (task_id,))
        return self._plan_of(found, found[0][0]) if found else None

    _TASKS = f"SELECT item, {names(schema.TASK)}, deadline_due, standing FROM tasks"

    def _plan_of(self, found: list[Any], item: str | None) -> Plan:
        meta = self.meta
        registry = self.registry()
        tasks_of: dict[str, list[Task]] = {}
        deadlines: dict[str, Deadline] = {}
        lead = [plain("item")]
        extra = [column("deadline_due", date | None), column("standing", bool)]
        keys = [c.name for c in schema.TASK]
        held = len(keys)
        for item_id, *fields in decoded([*lead, *schema.TASK, *extra], found):
            task = Task(**dict(zip(keys, fields, strict=False)))
            tasks_of.setdefault(item_id, []).append(task)
            deadlines[task.id] = Deadline(task.deadline, fields[held], fields[held + 1])
        where, params = ("", ()) if item is None else (" WHERE id = ?", (item,))
        items = [
            Item(id=item_id, content=content, tasks=tasks_of.get(item_id, []))
            for item_id, content in self.rows(
                f"SELECT id, content FROM items{where} ORDER BY seq", params
            )
        ]
        start, end = (date.fromisoformat(d) for d in meta["period"])
        plan = Plan(
            title=str(meta["title"]),
            period=Period(start=start, end=end),
            items=items,
            units=registry,
            records=[],
            deadlines=deadlines,
            verification=meta["verification"],
            office=Office(**meta["office"]) if meta.get("office") else None,
        )
        return plan.defer_log(self)

    def registry(self) -> UnitRegistry:
        """The plan's units, looked up as the loaded plan looks them up."""
        names, county, declared = self.meta["kinds"]
        kinds = UnitKinds(tuple(names), county, bool(declared))
        return UnitRegistry(self.units(), kinds)

    def units(self) -> list[Unit]:
        found = self.rows(f"SELECT {names(schema.UNIT)} FROM units ORDER BY seq")
        return [
            Unit(**dict(zip((c.name for c in schema.UNIT), row, strict=True)))
            for row in decoded(schema.UNIT, found)
        ]

    # ---- the log ----

    def log(self) -> Log:
        log = Log([], [], [])
        log.records.extend(self._records("kind = 'status' ORDER BY seq"))
        for _, entry in self._others("kind != 'status' ORDER BY seq"):
            if isinstance(entry, Check):
                log.checks.append(entry)
            else:
                log.extensions.append(entry)
        return log

    def _records(self, where: str, params: Sequence[Any] = ()) -> list[Record]:
        sql = f"SELECT {names(schema.RECORD)} FROM records WHERE {where}"
        return [Record._make(row) for row in read_decoded(self.db, sql, params, schema.RECORD)]

    def _placed_records(self, where: str, params: Sequence[Any] = ()) -> list[tuple[int, Record]]:
        sql = f"SELECT seq, {names(schema.RECORD)} FROM records WHERE {where}"
        columns = [plain("seq", "INTEGER"), *schema.RECORD]
        return [
            (row[0], Record._make(row[1:])) for row in read_decoded(self.db, sql, params, columns)
        ]

    def entries(self, where: str, params: Sequence[Any]) -> list[tuple[int, Entry]]:
        """The log's entries of every kind where `where` holds, each with its place."""
        found: list[tuple[int, Entry]] = list(
            self._placed_records(f"kind = 'status' AND {where}", params)
        )
        return found + self._others(where, params)

    def _others(
        self, where: str, params: Sequence[Any] = ()
    ) -> list[tuple[int, Check | Extension]]:
        """Checks and extensions (their `seq` is their place, as the loader numbers it)."""
        seq = plain("seq", "INTEGER")
        found: list[tuple[int, Check | Extension]] = []
        for kind, columns in ((Check, schema.CHECK), (Extension, schema.EXTENSION)):
            keys = [c.name for c in columns]
            for row in decoded([seq, *columns], self._kind(kind, columns, where, params)):
                found.append((row[0], kind(seq=row[0], **dict(zip(keys, row[1:], strict=True)))))
        found.sort(key=lambda pair: pair[0])
        return found

    def _kind(
        self, kind: type, columns: Sequence[Column], where: str, params: Sequence[Any]
    ) -> list[Any]:
        return self.rows(
            f"SELECT seq, {names(columns)} FROM records WHERE kind = ? AND {where}",
            (schema.KINDS[kind], *params),
        )

    # ---- kept answers ----

    def derived(self, key: str) -> Any:
        asked, _, day = key.partition(" on ")  # "tallies on 2009-06-30", "overdue 50 on …"
        head, _, first = asked.partition(" ")
        if day and head in self._ON and (not first or first.isdigit()):
            try:
                when = date.fromisoformat(day)
            except ValueError:
                raise KeyError(key) from None
            return self._ON[head](self, when, int(first or 0))
        name, _, which = key.partition(" of ")
        if which:
            read_one = self._ONE.get(name)
            if read_one is None:
                raise KeyError(key)
            return read_one(self, which)
        read_all = self._ALL.get(key)
        if read_all is None:
            raise KeyError(key)
        return read_all(self)

    def _latest(self) -> dict[str, Record]:
        found = self._placed_records("seq IN (SELECT latest FROM task_states)")
        return {record.task: record for _, record in found}

    def _latest_of(self, task_id: str) -> Record | None:
        found = self._records("seq = (SELECT latest FROM task_states WHERE task = ?)", (task_id,))
        return found[0] if found else None

    def _roles(self) -> dict[str, dict[str, str]]:
        roles: dict[str, dict[str, str]] = {
            name: {} for (name,) in self.rows("SELECT name FROM units ORDER BY seq")
        }
        # In the order written: each unit's tasks in plan order (write.py), unsorted.
        for unit, task_id, role in self.rows("SELECT unit, task, role FROM roles ORDER BY rowid"):
            roles.setdefault(unit, {})[task_id] = role
        return roles

    def _roles_of(self, unit: str) -> dict[str, str]:
        return dict(self.rows("SELECT task, role FROM roles WHERE unit = ? ORDER BY seq", (unit,)))

    def _parts_where(self, where: str, params: Sequence[Any] = ()) -> list[PartState]:
        task = plain("task")
        found = self.rows(
            f"SELECT task, {names(schema.PART)} FROM parts WHERE {where} ORDER BY task_seq, seq",
            params,
        )
        return [PartState._make((*row, False)) for row in decoded([task, *schema.PART], found)]

    def _parts(self) -> dict[str, list[PartState]]:
        found: dict[str, list[PartState]] = {
            task_id: [] for (task_id,) in self.rows("SELECT id FROM tasks ORDER BY seq")
        }
        for part in self._parts_where("1"):
            found[part.task].append(part)
        return found

    def _parts_of(self, task_id: str) -> list[PartState]:
        return self._parts_where("task = ?", (task_id,))

    def _kept_rows(self) -> list[KeptRow]:
        return kept_rows_of(self.rows("SELECT row, open_due FROM task_states ORDER BY seq"))

    def _grouped(self, where: str) -> dict[str, list[Record]]:
        found: dict[str, list[Record]] = {}
        for record in self._records(f"kind = 'status' AND {where} ORDER BY seq"):
            found.setdefault(record.task, []).append(record)
        return found

    def _entries_of(self, task_id: str) -> list[tuple[int, Entry]]:
        return sorted(self.entries("task = ?", (task_id,)), key=lambda p: (p[1].date, p[0]))

    # ---- answers as of a day, worked out by SQLite from the rows ----

    def _tallies(self, as_of: date, _: int = 0) -> list[Tally]:
        found = self.rows(
            "SELECT t.item, s.status, s.open_due IS NOT NULL AND s.open_due < ?"
            " FROM tasks t JOIN task_states s ON s.seq = t.seq ORDER BY t.seq",
            (as_of.isoformat(),),
        )
        return [Tally(str(item), str(status), bool(late)) for item, status, late in found]

    def _overdue(self, as_of: date, first: int = 0) -> list[dict[str, Any]]:
        """The overdue tasks' rows (the first `first`, when not 0)."""
        found = self.rows(
            "SELECT row, open_due FROM task_states"
            " WHERE due IS NOT NULL AND open_due < ? ORDER BY due, seq LIMIT ?",
            (as_of.isoformat(), first or -1),
        )
        # Already those `due --overdue` keeps, in its order (ISO dates sort as text): each
        # row as of the day is its kept row, overdue.
        try:
            return [{**row, "overdue": True} for row in parsed_all([row for row, _ in found])]
        except (ValueError, TypeError) as exc:
            raise BadIndex(str(exc)) from None

    def _marks(self, as_of: date, _: int = 0) -> list[Mark]:
        """Each part's Mark (answers/lights.part_marks), as SQLite reads the parts' dates
        (ISO text, compared as text)."""
        start = str(self.meta["period"][0])
        soon = _shifted(as_of, DUE_SOON_DAYS, date.max.isoformat())
        quiet = _shifted(as_of, -QUIET_DAYS, "")  # before the calendar: nothing is quiet
        found = self.rows(
            "SELECT unit, task, status = 'done', status = 'blocked',"
            " claimed AND verified IS NULL AND status != 'done',"
            " status != 'done' AND due IS NOT NULL AND due < :day,"
            " due IS NOT NULL AND due >= :day AND due <= :soon,"
            " max(coalesce(last_date, :start), :start) < :quiet"
            " FROM parts ORDER BY task_seq, seq",
            {"day": as_of.isoformat(), "soon": soon, "quiet": quiet, "start": start},
        )
        return [
            Mark(unit, task, d == 1, b == 1, a == 1, o == 1, s == 1, q == 1)
            for unit, task, d, b, a, o, s, q in found
        ]

    def _task_readings(self) -> dict[str, list[Reading]]:
        day = column("date", date)
        found: dict[str, list[Reading]] = {}
        rows = self.rows(
            "SELECT task, date, name, value,"
            " CASE WHEN unit IS NULL OR unit = '' THEN \"by\" ELSE unit END"
            " FROM readings ORDER BY rowid"
        )
        text, number = plain("text"), column("value", float)
        for task_id, *reading in decoded([text, day, text, number, text], rows):
            found.setdefault(task_id, []).append(Reading._make(reading))
        return found

    def _supported(self) -> dict[str, int]:
        return {
            str(unit): int(n)
            for unit, n in self.rows(
                "SELECT unit, count(*) FROM roles WHERE role = 'cooperating' GROUP BY unit"
            )
        }

    def attached(self) -> list[tuple[int, tuple[Attachment, ...]]]:
        """Each entry that attaches files (its place in the log, and them), in file order."""
        seq = plain("seq", "INTEGER")
        files = column("attachments", tuple[Attachment, ...])
        found = self.rows(
            "SELECT seq, attachments FROM records WHERE attachments != '[]' ORDER BY seq"
        )
        return [(place, attachments) for place, attachments in decoded([seq, files], found)]

    def warnings(self, data_dir: Path) -> list[Problem]:
        """`validate`'s warnings about the log, kept when the index was written (the log's
        path as this command names the data directory)."""
        n = plain("n", "INTEGER")
        found = self.rows(f"SELECT n, {names(schema.WARNING)} FROM warnings ORDER BY n")
        file = str(data_dir / STATUS)
        return [Problem(file, *row[1:]) for row in decoded([n, *schema.WARNING], found)]

    def _duplicates(self) -> list[tuple[int, int]]:
        return [
            (int(a), int(b))
            for a, b in self.rows("SELECT seq, earlier FROM duplicates ORDER BY seq")
        ]

    _ALL: ClassVar[dict[str, Callable[[IndexSource], Any]]] = {
        "latest": _latest,
        "roles": _roles,
        "parts": _parts,
        "rows": _kept_rows,
        "readings": lambda self: self._grouped("\"values\" != '{}'"),
        "counts": lambda self: self._grouped('"count" IS NOT NULL'),
        "log size": lambda self: int(self.meta["log size"]),
        "duplicates": _duplicates,
        "supported": _supported,
        "task readings": _task_readings,
        "extended": lambda self: [
            task_id
            for (task_id,) in self.rows(
                "SELECT id FROM tasks WHERE id IN (SELECT task FROM records WHERE kind = 'extend')"
                " ORDER BY seq"
            )
        ],
    }
    _ON: ClassVar[dict[str, Callable[[IndexSource, date, int], Any]]] = {
        "tallies": _tallies,
        "overdue": _overdue,
        "marks": _marks,
    }
    _ONE: ClassVar[dict[str, Callable[[IndexSource, str], Any]]] = {
        "latest": _latest_of,
        "roles": _roles_of,
        "parts": _parts_of,
        "entries": _entries_of,
    }


def _shifted(day: date, days: int, beyond: str) -> str:
    """day moved by days, as ISO text; beyond when that leaves the calendar."""
    try:
        return (day + timedelta(days=days)).isoformat()
    except OverflowError:
        return beyond


def kept_rows_of(found: Iterable[tuple[str, str | None]]) -> list[KeptRow]:
    """Task rows as the index keeps them: the row's JSON and its open parts' due date."""
    pairs = list(found)
    try:
        rows = parsed_all([row for row, _ in pairs])
        return [
            KeptRow(row, date.fromisoformat(due) if due else None)
            for row, (_, due) in zip(rows, pairs, strict=True)
        ]
    except (ValueError, TypeError) as exc:
        raise BadIndex(str(exc)) from None
