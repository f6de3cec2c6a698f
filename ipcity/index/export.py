"""`ipcity export --format sqlite F`: the index's tables and views as a database of its own,
for an analyst's sqlite3 or Datasette (docs/sqlite.md documents them). Written under a
temporary name beside F and renamed into place: F is the whole database or unchanged."""

from __future__ import annotations

import os
import secrets
import sqlite3
from datetime import date
from pathlib import Path

from ipcity.errors import OutputError
from ipcity.index.open import Index
from ipcity.index.schema import VERSION
from ipcity.index.write import office_json, write_plan
from ipcity.plan.loaded import Plan


def export(found: Index | Plan, path: Path, today: date) -> int:
    """Write the plan (its fresh index copied, or the loaded plan written) to path; the
    number of tasks written."""
    temp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:  # a file as any other the user writes (the umask decides who may read it)
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        raise OutputError.writing(path, exc) from None
    try:
        out = sqlite3.connect(temp, isolation_level=None)
        try:
            if isinstance(found, Index):
                found.db.backup(out)
                # What only the index itself reads (its files' states, the build) goes.
                out.execute("DELETE FROM meta WHERE key IN (?, ?, ?, ?, ?)", _BOOKKEEPING)
                out.execute("INSERT INTO meta VALUES ('exported on', ?)", (f'"{today}"',))
            else:
                write_plan(out, found, _meta(found, today))
            tasks = int(out.execute("SELECT count(*) FROM tasks").fetchone()[0])
        finally:
            out.close()
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise OutputError.writing(path, exc) from None
    except sqlite3.Error as exc:
        temp.unlink(missing_ok=True)
        raise OutputError(f"无法写入 {path}：{exc}") from None
    return tasks


_BOOKKEEPING = ("files", "build", "data dir", "log", "built on")


def _meta(plan: Plan, today: date) -> dict[str, object]:
    """What an exported database says of itself when no index was at hand (no file states:
    it is never read back as an index)."""
    kinds = plan.units.kinds
    return {
        "version": VERSION,
        "exported on": today.isoformat(),
        "title": plan.title,
        "period": [plan.period.start.isoformat(), plan.period.end.isoformat()],
        "verification": plan.verification,
        "office": office_json(plan.office),
        "kinds": [list(kinds.names), kinds.county, kinds.declared],
    }
