"""Where index files live, how they are opened, and how a new one takes an old one's place.

An index file is written whole under a temporary name beside its final one and renamed
into place. A reader opens it read-only, in one read transaction for as long as it has
it open: it holds the file it opened even when another process renames a newer one over
it, and sees no change another process makes in place (SQLite's own locks keep a writer
from committing while a reader is in its transaction). So two commands building at
once, or one reading while another extends the index, each see one whole index. The
last rename wins; both were built from the bytes they name.

The one change made in place is `record`'s one appended entry (in_place): a journalled
transaction on the file now at the path, under a lock on the index folder that every
rename takes too, so that the file written is the file named and a journal a crashed
writer left is never applied to another file (publish removes it first). Where the
folder cannot be locked (no fcntl), nothing is written in place.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ipcity import __version__
from ipcity.files.cache_folder import cache_dir as cache_dir  # where indexes live

STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a process that died


def index_path(folder: Path, data_dir: Path) -> Path:
    """The index of one data directory (by its absolute path)."""
    key = hashlib.sha256(str(data_dir.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return folder / f"{key[:32]}.sqlite"


def open_read(path: Path) -> sqlite3.Connection | None:
    """An index opened read-only, for good, in a read transaction that lasts as long as
    the connection; None when there is none (or it cannot be)."""
    if not path.is_file():
        return None
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        db = sqlite3.connect(
            uri, uri=True, check_same_thread=False, isolation_level=None, timeout=WAIT_SECONDS
        )
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        db.execute("BEGIN")
        # Read now: the first read takes the file's shared lock, kept, and is where SQLite
        # finds a journal that a writer which died left (it must be rolled back, and a
        # read-only connection cannot): that index is not read. Left to a later read,
        # it failed there, in the middle of a command (`record`, once in a stress run).
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        db.close()
        return None
    return db


WAIT_SECONDS = 5.0  # a reader waits out a writer's commit (milliseconds)
# A writer in place waits this long for readers to end their reads, then leaves the
# entry to the next command: a reader may itself be waiting for the folder's lock.
WRITE_WAIT_SECONDS = 0.5


@contextmanager
def in_place(
    path: Path, still: Callable[[sqlite3.Connection], bool]
) -> Iterator[sqlite3.Connection | None]:
    """The index at path opened for writing, in a transaction committed when the block
    ends without an exception (rolled back otherwise); None when it cannot be written in
    place, or still(db) says it is not the index the caller read (another process has
    replaced or extended it since)."""
    with _folder_locked(path.parent) as locked:
        if not locked or not path.is_file():
            yield None
            return
        try:
            db = sqlite3.connect(path, isolation_level=None, timeout=WRITE_WAIT_SECONDS)
        except sqlite3.Error:
            yield None
            return
        try:
            db.execute("PRAGMA synchronous=NORMAL")  # journalled: a crash rolls it back
            db.execute("BEGIN IMMEDIATE")
            if not still(db):
                db.execute("ROLLBACK")
                yield None
                return
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()


@contextmanager
def _folder_locked(folder: Path) -> Iterator[bool]:
    """The index folder locked against other writers while the block runs; False when
    it cannot be (no fcntl, or the folder cannot be opened)."""
    try:
        import fcntl
    except ImportError:  # Windows: no index is written in place
        yield False
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # and the lock with it


def new_file(path: Path) -> tuple[Path, sqlite3.Connection] | None:
    """A temporary file beside path, opened for writing an index; None when the folder
    cannot take one (a read-only or full disk costs speed, never an answer)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=path.stem + ".", suffix=".tmp")
        os.close(fd)
    except OSError:
        return None
    temp = Path(name)
    try:
        return temp, writable(temp)
    except sqlite3.Error:
        temp.unlink(missing_ok=True)
        return None


def copy_of(path: Path, source: sqlite3.Connection) -> tuple[Path, sqlite3.Connection] | None:
    """A temporary copy of an index (what source has open), opened for writing."""
    found = new_file(path)
    if found is None:
        return None
    temp, db = found
    try:
        source.backup(db)
    except sqlite3.Error:
        db.close()
        temp.unlink(missing_ok=True)
        return None
    return temp, writable(temp, db)


def writable(temp: Path, db: sqlite3.Connection | None = None) -> sqlite3.Connection:
    """A file nobody else reads yet: no journal, no waiting for the disk (a crash leaves a
    temporary file, never a renamed one)."""
    db = db or sqlite3.connect(temp, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    return db


def publish(temp: Path, db: sqlite3.Connection, path: Path) -> bool:
    """Put a written index in place of the old one, whole; False when it could not be
    (the temporary file is then removed)."""
    try:
        db.close()
        with _folder_locked(path.parent):
            # A journal beside path was left by a writer in place that died (none is at
            # work now): it is the old file's, and must never be applied to this one.
            _journal(path).unlink(missing_ok=True)
            os.replace(temp, path)
    except (OSError, sqlite3.Error):
        temp.unlink(missing_ok=True)
        return False
    return True


def _journal(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def discard(temp: Path, db: sqlite3.Connection) -> None:
    with suppress(sqlite3.Error):
        db.close()
    temp.unlink(missing_ok=True)


def tidy(folder: Path) -> None:
    """Remove the temporary files that processes which died while writing left behind."""
    now = time.time()
    try:
        for entry in folder.glob("*.tmp"):
            if now - entry.stat().st_mtime > STALE_TEMP_SECONDS:
                entry.unlink(missing_ok=True)
    except OSError:
        pass


@functools.cache
def build_stamp() -> str:
    """The tool's version and the state of its own source: an index made by other code (an
    upgrade, a developer's edit) is never read back. Worked out once a process (150 stats,
    3 ms; a command asked twice), as the code it runs was read once."""
    package = Path(__file__).parent.parent
    stamps = []
    for p in sorted(package.rglob("*.py")):
        st = p.stat()
        stamps.append(f"{p.relative_to(package)}:{st.st_mtime_ns}:{st.st_size}")
    return f"{__version__}:{hashlib.sha256(';'.join(stamps).encode()).hexdigest()[:20]}"
