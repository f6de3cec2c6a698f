"""After `record`, `verify` or `extend` appended one entry: the index extended with it
there and then, so that the next command neither reads the log's tail nor imports the
loader (Pydantic, a tenth of a second) to check it.

Only when the log is now exactly the bytes the index was built from and the line the
command wrote (read back and compared), ending where a record may end: that line was
read by PyYAML as the entry (files/append.py checks it before writing) and the entry
was checked by the record rules (log/entry.py), as the loader would read and check it.
Anything else (another writer's line, an edit) is left to the next command, which reads
the tail or the whole log.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ipcity.index import fresh, store
from ipcity.index.open import Index
from ipcity.index.reading import BadIndex, read_meta
from ipcity.plan.loaded import Entry, Plan
from ipcity.plan.problems import STATUS, Problem


def record_appended(
    found: Index, plan: Plan, path: Path, data_dir: Path, line: str, entry: Entry
) -> bool:
    """Write at path the index `found` (of plan: the whole plan, or found.task_plan of
    the entry's task) with the entry appended as line; whether it was."""
    from ipcity.index.write import extend

    known = fresh.FileState.of_json(found.meta["files"][STATUS])
    got = fresh.read(data_dir / STATUS)
    added = (line + "\n").encode("utf-8")
    size = known.size
    if got is None or not _just(got.content, size, added, known.digest):
        return False
    entries = int(found.meta["log"][1])
    meta = {
        **found.meta,
        "files": {**found.meta["files"], STATUS: got.state.json()},
        "log": [fresh.count_lines(got.content), entries + 1],
    }

    def warnings(pairs: list[tuple[int, int]]) -> list[Problem]:
        from ipcity.files.warnings import duplicate_warnings  # a record written twice

        return duplicate_warnings(data_dir, pairs, raw=got.content)

    changed: list[bool] = []

    def still(db: sqlite3.Connection) -> bool:
        """Whether the index at path is the one found read: the same files, the same log."""
        now = read_meta(db)
        changed.append(any(now.get(k) != found.meta.get(k) for k in ("files", "log", "build")))
        return not changed[-1]

    # Its one entry written into the index where it is (a province's is 30 MB: copying
    # it took longer than the rest of the command); a copy where that cannot be done.
    if found.db.in_transaction:
        found.db.execute("COMMIT")  # this command's own read ends: its write may commit
    try:
        with store.in_place(path, still) as db:
            if db is not None:
                extend(db, plan, [(entries, entry)], meta, warnings, transaction=False)
                return True
    except (sqlite3.Error, BadIndex):
        return False
    if changed:  # another process has written the index since: the next command catches up
        return False
    copy = store.copy_of(path, found.db)
    if copy is None:
        return False
    temp, db = copy
    try:
        extend(db, plan, [(entries, entry)], meta, warnings)
    except sqlite3.Error:
        store.discard(temp, db)
        return False
    return store.publish(temp, db, path)


def _just(content: bytes, size: int, added: bytes, digest: str) -> bool:
    """Whether content is the bytes indexed (size, digest), after a line end, then added."""
    return (
        len(content) == size + len(added)
        and content[size:] == added
        and (size == 0 or content[size - 1 : size] == b"\n")
        and b"\r" not in added
        and fresh.digest(memoryview(content)[:size]) == digest
    )
