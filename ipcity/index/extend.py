"""An index extended by the entries appended to its log since it was written: the new
entries read and checked alone (against the plan and the log before them, as `validate`
checks them), and a new index written with them, reworking only the tasks they touch."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from ipcity.index import fresh, store
from ipcity.plan.loaded import Entry, Log, Plan
from ipcity.plan.problems import STATUS


def extended(
    path: Path,
    db_before: sqlite3.Connection,
    meta_before: dict[str, Any],
    plan: Plan,
    data_dir: Path,
    today: date,
    states: dict[str, fresh.FileState],
    tail: fresh.Read,
) -> dict[str, Any] | None:
    """Write at path the index (db_before, of plan) with the log's new entries (tail: the
    log as read now), and give its meta; None when the new entries do not read or break a
    rule, or no index could be written (load the files then)."""
    from ipcity.answers.parts import entries_of
    from ipcity.files.load import records_after
    from ipcity.files.warnings import duplicate_warnings
    from ipcity.files.yaml_loader import count_lines
    from ipcity.index.write import extend

    lines, entries = (int(n) for n in meta_before["log"])
    log, problems = records_after(
        data_dir,
        plan,
        (lines, entries),
        today,
        raw=tail.content,
        earlier=lambda task_id: entries_of(plan, task_id),
    )
    if problems or log is None:
        # A tail that does not read as records, or breaks a rule: the files are loaded
        # whole, for every problem as a fresh load words it (and duplicates beside them).
        return None
    added = placed(log, entries)
    states = {**states, STATUS: tail.state}
    meta = {
        **meta_before,
        "files": {name: state.json() for name, state in states.items()},
        "log": [count_lines(tail.content), entries + len(added)],
    }
    copy = store.copy_of(path, db_before)
    if copy is None:
        return None
    temp, db = copy
    try:
        extend(
            db,
            plan,
            added,
            meta,
            lambda pairs: duplicate_warnings(data_dir, pairs, raw=tail.content),
        )
    except sqlite3.Error:
        store.discard(temp, db)
        return None
    except BaseException:
        store.discard(temp, db)
        raise
    return meta if store.publish(temp, db, path) else None


def placed(log: Log, first: int) -> list[tuple[int, Entry]]:
    """A tail's entries with their places in the whole log (the first at `first`), in file
    order: checks and extensions carry theirs, progress records fill the rest in order."""
    others: dict[int, Entry] = {}
    for check in log.checks:
        others[check.seq] = check
    for extension in log.extensions:
        others[extension.seq] = extension
    records = iter(log.records)
    return [
        (place, others[place] if place in others else next(records))
        for place in range(first, first + log.size)
    ]
