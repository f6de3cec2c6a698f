"""A data directory's plan, from its index when the index answers for the files as they
are now; else loaded from the files (and the index built for next time), or, when the
log has only had entries appended, read from the index with the new entries checked and
added to it.

The index answers only for bytes it has parsed: each file's state (fresh.py) is its stat
and the SHA-256 of the bytes the loader parsed (handed to the loader as read, never read
twice). A file whose stat differs is read and hashed: the same bytes (touched, copied
back) keep the index; a log that holds the bytes indexed and more after a line end is
extended by its tail; anything else is loaded whole. A damaged, foreign or older index
is ignored and replaced.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ipcity.index import fresh, store
from ipcity.index.reading import BadIndex, read_meta
from ipcity.index.schema import VERSION
from ipcity.index.source import IndexSource
from ipcity.plan.loaded import Plan
from ipcity.plan.problems import FILES, STATUS, Problem


@dataclass
class Index:
    """A fresh index, open for reading."""

    db: sqlite3.Connection
    meta: dict[str, Any]
    source: IndexSource = field(init=False)
    _plan: Plan | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.source = IndexSource(self.db, self.meta)

    def plan(self) -> Plan:
        if self._plan is None:
            self._plan = self.source.plan()
        return self._plan

    def task_plan(self, task_id: str) -> Plan:
        """The plan as a command about one task needs it: that task alone of the plan's
        tasks (source.plan_of_task), or the whole plan when the index has no such task
        (the command then words its error as ever). Never kept as plan()'s answer."""
        return self.source.plan_of_task(task_id) or self.plan()

    def report_plan(self) -> Plan:
        """The plan as answers/progress.report reads it from an index: every item, but
        only the tasks it reads whole (those with indicators, recurring duties, extensions
        or claims waiting for the office); the rest it reads as rows (memo keys the index
        answers: tallies, overdue rows, marks), never as 10,000 Task objects.
        test_index_answers holds its report to a loaded plan's. For the report alone."""
        return self.source.plan(REPORT_TASKS)


REPORT_TASKS = (
    "indicators != '[]' OR recurring != '[]'"
    " OR id IN (SELECT task FROM records WHERE kind = 'extend')"
    " OR id IN (SELECT task FROM parts WHERE claimed AND verified IS NULL AND status != 'done')"
)


@dataclass
class Loaded:
    """The files loaded whole: the plan, or the problems that keep it from loading."""

    plan: Plan | None
    problems: list[Problem]


def path_of(data_dir: Path) -> Path | None:
    """Where the data directory's index lives; None when the index is turned off."""
    folder = store.cache_dir()
    return store.index_path(folder, data_dir) if folder is not None else None


def load(data_dir: Path, today: date) -> tuple[Plan | None, list[Problem]]:
    """The plan, or the problems that keep it from loading (as files/load.load_plan)."""
    found = open_plan(data_dir, today)
    if isinstance(found, Index):
        return found.plan(), []
    return found.plan, found.problems


def open_plan(data_dir: Path, today: date, *, as_loaded: bool = False) -> Index | Loaded:
    """The data directory's plan: its fresh index, or the files loaded. as_loaded: a plan
    the files were loaded for is answered from as loaded, with the index written for next
    time (`validate`, which reads nothing more: a province's plan, freed to read the index
    again, took a tenth of a second to free)."""
    folder = store.cache_dir()
    if folder is None:
        return _load(data_dir, today, None)
    path = store.index_path(folder, data_dir)
    found = _fresh(path, data_dir, today)
    if isinstance(found, Index | Loaded):
        return found
    return _load(data_dir, today, path, as_loaded=as_loaded)


def _fresh(path: Path, data_dir: Path, today: date) -> Index | Loaded | None:
    """The index at path when it answers for the files now (refreshed or extended if need
    be); the problems of a log's new tail; None when the files must be loaded whole."""
    db = store.open_read(path)
    if db is None:
        return None
    try:
        meta = read_meta(db)
        if not _ours(meta, data_dir, today):
            return None
        states = {name: fresh.FileState.of_json(meta["files"][name]) for name in FILES}
        if all(fresh.unchanged(states[n], fresh.stat_of(data_dir / n)) for n in FILES):
            return Index(db, meta)
        return _changed(path, db, meta, data_dir, today, states)
    except (BadIndex, sqlite3.Error, KeyError, TypeError, ValueError):
        return None


def _ours(meta: dict[str, Any], data_dir: Path, today: date) -> bool:
    """An index of this version of ipcity, of this data directory, checked by a day not
    after today (a log's dates are refused when they lie after the day it was read)."""
    return (
        meta.get("version") == VERSION
        and meta.get("build") == store.build_stamp()
        and meta.get("data dir") == str(data_dir.resolve())
        and str(meta.get("built on", "9999")) <= today.isoformat()
    )


def _changed(
    path: Path,
    db: sqlite3.Connection,
    meta: dict[str, Any],
    data_dir: Path,
    today: date,
    states: dict[str, fresh.FileState],
) -> Index | Loaded | None:
    """Stat does not vouch for every file: compare the content of those it does not."""
    now = dict(states)
    tail: fresh.Read | None = None
    for name in FILES:
        known = states[name]
        if fresh.unchanged(known, fresh.stat_of(data_dir / name)):
            continue
        got = fresh.read(data_dir / name)
        if got is None:
            return None
        if got.state.digest == known.digest:
            now[name] = got.state  # touched, copied back, or racy and found the same
        elif name == STATUS and appended(known, got.content):
            tail = got
        else:
            return None
    if tail is not None:
        from ipcity.index.extend import extended

        before = Index(db, meta)
        found = extended(path, db, meta, before.plan(), data_dir, today, now, tail)
        again = store.open_read(path) if found is not None else None
        return Index(again, found) if again is not None and found is not None else None
    if now == states:
        return Index(db, meta)
    return _restamped(path, db, meta, now)


def appended(known: fresh.FileState, content: bytes) -> bool:
    """Whether a log holds the bytes indexed and more: after a line end (a record cannot
    have been cut), with no carriage return (lines counted as the YAML reader counts)."""
    size = known.size
    return (
        len(content) > size
        and (size == 0 or content[size - 1 : size] == b"\n")
        and b"\r" not in content
        and fresh.digest(memoryview(content)[:size]) == known.digest
    )


def _restamped(
    path: Path, db: sqlite3.Connection, meta: dict[str, Any], states: dict[str, fresh.FileState]
) -> Index:
    """The same index with the files' new states (a touch, or a racy file now settled)."""
    meta = {**meta, "files": {name: state.json() for name, state in states.items()}}
    copy = store.copy_of(path, db)
    if copy is None:
        return Index(db, meta)  # answers all the same; the next command checks again
    temp, out = copy
    from ipcity.index.write import write_meta

    write_meta(out, meta)
    if store.publish(temp, out, path) and (again := store.open_read(path)) is not None:
        return Index(again, meta)
    return Index(db, meta)


def _load(
    data_dir: Path, today: date, path: Path | None, *, as_loaded: bool = False
) -> Index | Loaded:
    """The files loaded whole from the bytes read here; the index written from them."""
    from ipcity.files.load import load_plan

    reads = {name: fresh.read(data_dir / name) for name in FILES}
    contents = {name: got.content for name, got in reads.items() if got is not None}
    states = {name: got.state for name, got in reads.items() if got is not None}
    log = reads[STATUS]
    lines = fresh.count_lines(log.content) if log is not None else 0
    del reads, log  # the bytes go as each file is read (the loader's, now)
    whole = len(contents) == len(FILES)
    plan, problems = load_plan(data_dir, today, contents=contents)
    if plan is None or path is None or not whole:
        return Loaded(plan, problems)
    from ipcity.index.write import index_meta, write_plan

    found = store.new_file(path)
    if found is None:
        return Loaded(plan, problems)
    temp, db = found
    try:
        write_plan(db, plan, index_meta(plan, data_dir, today, states, lines), plan.warnings)
    except (sqlite3.Error, OSError):
        store.discard(temp, db)
        return Loaded(plan, problems)
    if not store.publish(temp, db, path):
        return Loaded(plan, problems)
    store.tidy(path.parent)
    if as_loaded:
        return Loaded(plan, problems)
    # Answered from the index just written, as the next command will be: the loaded plan
    # (a province's: 150 MB) goes, and the command's own work reuses its memory.
    again = store.open_read(path)
    try:
        return Index(again, read_meta(again)) if again is not None else Loaded(plan, problems)
    except BadIndex:
        return Loaded(plan, problems)
