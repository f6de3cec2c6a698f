"""Validated plans kept between runs, so that a command on a large plan does not read and
check every file again.

An entry is keyed by the data directory and valid only while every file holds the same
bytes (compared by digest, not by date) and the tool is the same build. The status log
is append-only: when it has only grown, the records after the cached ones are read and
checked alone. Anything unexpected — an unreadable entry, an edited log, a file that
changes while it is read — falls back to loading the plan whole; the cache never
answers for data it has not seen.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from ipcity import __version__

if TYPE_CHECKING:
    from ipcity.plan.loaded import Plan
    from ipcity.plan.problems import Problem

# The loader (PyYAML, the rules) is imported only when the cache cannot answer.
TASKS, UNITS, STATUS = "tasks.yaml", "units.yaml", "status.yaml"

REWRITE_AFTER = 500  # records read from the log's tail before the entry is rewritten


@dataclass
class Entry:
    build: str
    plan_digest: str  # tasks.yaml and units.yaml
    log_size: int  # bytes of status.yaml that the plan's records come from
    log_digest: str
    log_lines: int
    log_records: int  # entries of every kind
    plan: Plan  # its log is kept in the file after the entry, read only when asked for


def load(data_dir: Path, today: date, *, records: bool = True) -> tuple[Plan | None, list[Problem]]:
    """Like load.load_plan, answering from the cache when the files allow it.

    records=False leaves the plan's status log out (no records, checks or extensions)
    for a command that does not read it, such as `units`; the log is still checked."""
    folder = cache_dir()
    try:
        files = {name: (data_dir / name).read_bytes() for name in (TASKS, UNITS, STATUS)}
    except OSError:
        folder = None  # the loader says which file and why
    if folder is None:
        return _load_whole(data_dir, today)
    path = folder / (hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:32] + ".pickle")
    log = files[STATUS]
    entry = _read(path, records)
    if (
        entry is not None
        and entry.build == _build()
        and entry.plan_digest == _digest(files[TASKS], files[UNITS])
    ):
        if len(log) == entry.log_size and _digest(log) == entry.log_digest:
            return entry.plan, []
        if _appended(entry, log) and (records or (entry := _read(path, True)) is not None):
            # The entries appended are checked against those before them (a check against
            # the claim it checks), so the log is read even when the caller needs none of it.
            tail, problems = _loader().records_after(
                data_dir, entry.plan, (entry.log_lines, entry.log_records), today
            )
            if problems:
                return None, problems
            if tail is not None:
                entry.plan.add_log(tail)
                # Saving rewrites the whole entry: do it once the tail is worth it,
                # not on every record a liaison adds (a tail reads in milliseconds).
                if tail.size > REWRITE_AFTER:
                    _save_if_unchanged(path, data_dir, files, entry.plan)
                if not records:
                    return replace(entry.plan, records=[], checks=[], extensions=[]), []
                return entry.plan, []
    plan, problems = _load_whole(data_dir, today)
    if plan is not None:
        _save_if_unchanged(path, data_dir, files, plan)
        if not records:
            plan = replace(plan, records=[], checks=[], extensions=[])
    return plan, problems


def _load_whole(data_dir: Path, today: date) -> tuple[Plan | None, list[Problem]]:
    result: tuple[Plan | None, list[Problem]] = _loader().load_plan(data_dir, today)
    return result


def _loader() -> ModuleType:
    from ipcity.files import load  # PyYAML and the rules, only when needed

    return load


def cache_dir() -> Path | None:
    """Where entries live: IPCITY_CACHE_DIR, else the user's cache folder. IPCITY_CACHE=off
    turns the cache off."""
    if os.environ.get("IPCITY_CACHE", "").lower() in ("0", "off", "no", "false"):
        return None
    if configured := os.environ.get("IPCITY_CACHE_DIR"):
        return Path(configured)
    if sys.platform == "win32" and (local := os.environ.get("LOCALAPPDATA")):
        return Path(local) / "ipcity" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ipcity"


def _digest(*contents: bytes) -> str:
    h = hashlib.blake2b(digest_size=20)
    for content in contents:
        h.update(len(content).to_bytes(8, "little"))
        h.update(content)
    return h.hexdigest()


def _build() -> str:
    """The tool's version and the state of its own source: an entry made by other code
    (an upgrade, a developer's edit) is never read back."""
    package = Path(__file__).parent.parent
    stamps = sorted(
        (str(p.relative_to(package)), p.stat().st_mtime_ns, p.stat().st_size)
        for p in package.rglob("*.py")
    )
    return f"{__version__}:{_digest(repr(stamps).encode())}"


def _appended(entry: Entry, log: bytes) -> bool:
    """The log holds the cached bytes and more, after a line end, with no carriage
    returns to make line counting differ from the YAML reader's."""
    head = log[: entry.log_size]
    return (
        len(log) > entry.log_size
        and (entry.log_size == 0 or head.endswith(b"\n"))
        and b"\r" not in log
        and _digest(head) == entry.log_digest
    )


def _read(path: Path, records: bool) -> Entry | None:
    try:
        with path.open("rb") as f:
            entry = pickle.load(f)
            if not isinstance(entry, Entry):
                return None
            if records:
                entry.plan.add_log(pickle.load(f))
    except Exception:  # missing, truncated, from another Python: all mean "not cached"
        return None
    return entry


def _save_if_unchanged(path: Path, data_dir: Path, files: dict[str, bytes], plan: Plan) -> None:
    """Keep the plan, unless a file changed while it was loaded (the entry would pair
    one version's digests with another's data)."""
    from ipcity.files import yaml_loader

    try:
        if any((data_dir / name).read_bytes() != content for name, content in files.items()):
            return
        log = files[STATUS]
        entry = Entry(
            _build(),
            _digest(files[TASKS], files[UNITS]),
            len(log),
            _digest(log),
            yaml_loader.count_lines(log),
            plan.log.size,
            replace(plan, records=[], checks=[], extensions=[]),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return  # a read-only or full disk costs speed, never an answer
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(entry, f, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(plan.log, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except OSError:
        Path(temp).unlink(missing_ok=True)
