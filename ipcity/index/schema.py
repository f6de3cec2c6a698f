"""The index's tables, indexes and views: what docs/sqlite.md documents for analysts, and
what `export --format sqlite` writes. Columns that hold a plan's own fields come from
its classes (columns.py): a new field is a new column."""

from __future__ import annotations

from ipcity.answers.parts import PartState
from ipcity.index.columns import Column, columns_of, declared
from ipcity.plan.loaded import Check, Extension, Record
from ipcity.plan.problems import Problem
from ipcity.plan.shapes import Task, Unit

# Bumped when the tables change: an index of another version is never read.
VERSION = 2

TASK = columns_of(Task)
UNIT = columns_of(Unit)
PART = columns_of(PartState, leave_out=("task", "overdue"))  # overdue depends on the day
RECORD = columns_of(Record)
CHECK = columns_of(Check, leave_out=("seq",))
EXTENSION = columns_of(Extension, leave_out=("seq",))
WARNING = columns_of(Problem, leave_out=("file",))  # always status.yaml's


def _union(*groups: list[Column]) -> list[Column]:
    found: dict[str, Column] = {}
    for group in groups:
        for c in group:
            found.setdefault(c.name, c)
    return list(found.values())


ENTRY = _union(RECORD, CHECK, EXTENSION)  # the log: every kind's fields, null where it has none
KINDS = {Record: "status", Check: "verify", Extension: "extend"}

TABLES = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE items (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, content TEXT);
CREATE TABLE tasks (
    seq INTEGER PRIMARY KEY, item TEXT NOT NULL, {declared(TASK)},
    deadline_due TEXT, standing INTEGER);
CREATE TABLE units (seq INTEGER PRIMARY KEY, {declared(UNIT)});
CREATE TABLE unit_names (form TEXT PRIMARY KEY, unit TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE group_members (group_name TEXT NOT NULL, seq INTEGER, member TEXT NOT NULL);
CREATE TABLE roles (unit TEXT NOT NULL, seq INTEGER NOT NULL, task TEXT NOT NULL, role TEXT);
CREATE TABLE task_states (
    seq INTEGER PRIMARY KEY, task TEXT NOT NULL, status TEXT, due TEXT, open_due TEXT,
    awaiting_check INTEGER, parts_done INTEGER, parts INTEGER, updated TEXT, latest INTEGER,
    row TEXT);
CREATE TABLE parts (task TEXT NOT NULL, seq INTEGER NOT NULL, task_seq INTEGER, {declared(PART)});
CREATE TABLE records (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, {declared(ENTRY)});
CREATE TABLE readings (
    seq INTEGER NOT NULL, task TEXT, name TEXT, value REAL, date TEXT, "by" TEXT, unit TEXT);
CREATE TABLE duplicates (seq INTEGER PRIMARY KEY, earlier INTEGER NOT NULL);
CREATE TABLE warnings (n INTEGER PRIMARY KEY, {declared(WARNING)});
"""

# Made once the rows are in (a bulk insert into indexed tables takes twice as long); only
# on what a command looks up among many rows (one task's, one unit's), and the few records
# a report reads of a log's 100,000 (those with readings, counts, extensions).
INDEXES = """
CREATE UNIQUE INDEX tasks_id ON tasks(id);
CREATE UNIQUE INDEX units_name ON units(name);
CREATE INDEX roles_unit ON roles(unit, seq);
CREATE UNIQUE INDEX task_states_task ON task_states(task);
CREATE INDEX parts_task ON parts(task, seq);
CREATE INDEX records_task ON records(task, date, seq);
CREATE INDEX records_readings ON records(seq) WHERE "values" != '{}';
CREATE INDEX records_counts ON records(seq) WHERE "count" IS NOT NULL;
CREATE INDEX records_extend ON records(task) WHERE kind = 'extend';
"""

# For analysts: the day's view of what the tables keep whatever the day (overdue is
# worked out against the day the query runs, in local time).
VIEWS = """
CREATE VIEW task_status AS
SELECT t.id AS task, t.item, i.content, t.target, t.deadline, s.due, s.status,
       s.awaiting_check, s.parts_done, s.parts, s.updated,
       (s.open_due IS NOT NULL AND s.open_due < date('now', 'localtime')) AS overdue,
       t.responsible, t.cooperating
FROM tasks t JOIN items i ON i.id = t.item JOIN task_states s ON s.task = t.id
ORDER BY t.seq;
CREATE VIEW unit_tasks AS
SELECT r.unit, r.role, ts.* FROM roles r JOIN task_status ts ON ts.task = r.task
ORDER BY r.unit, r.seq;
CREATE VIEW unit_parts AS
SELECT p.unit, u.kind, p.task, p.status, p.due, p.original_due, p.last_date, p.claimed,
       p.verified,
       (p.status != 'done' AND p.due IS NOT NULL AND p.due < date('now', 'localtime'))
           AS overdue
FROM parts p LEFT JOIN units u ON u.name = p.unit
ORDER BY p.task_seq, p.seq;
CREATE VIEW overdue_parts AS
SELECT unit, kind, task, status, due, original_due, last_date,
       CAST(julianday(date('now', 'localtime')) - julianday(due) AS INTEGER) AS days_overdue
FROM unit_parts WHERE overdue ORDER BY due, task, unit;
"""
