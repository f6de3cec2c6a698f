"""Where index files live, how they are opened, and how a new one takes an old one's place.

An index file is written whole under a temporary name beside its final one and renamed
into place; once there it is never written again (a change makes a new file). A reader
opens it read-only and `immutable`: it holds the file it opened even when another
process renames a newer one over it, so two commands building at once, or one reading
while another extends the index, each see one whole index. The last rename wins; both
were built from the bytes they name.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import time
from contextlib import suppress
from pathlib import Path

from ipcity import __version__
from ipcity.files.cache_folder import cache_dir as cache_dir  # where indexes live

STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a process that died


def index_path(folder: Path, data_dir: Path) -> Path:
    """The index of one data directory (by its absolute path)."""
    key = hashlib.sha256(str(data_dir.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return folder / f"{key[:32]}.sqlite"


def open_read(path: Path) -> sqlite3.Connection | None:
    """An index opened read-only, for good; None when there is none (or it cannot be)."""
    if not path.is_file():
        return None
    try:
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        return sqlite3.connect(uri, uri=True, check_same_thread=False)
    except (sqlite3.Error, OSError, ValueError):
        return None


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
        os.replace(temp, path)
    except (OSError, sqlite3.Error):
        temp.unlink(missing_ok=True)
        return False
    return True


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


def build_stamp() -> str:
    """The tool's version and the state of its own source: an index made by other code (an
    upgrade, a developer's edit) is never read back."""
    package = Path(__file__).parent.parent
    stamps = []
    for p in sorted(package.rglob("*.py")):
        st = p.stat()
        stamps.append(f"{p.relative_to(package)}:{st.st_mtime_ns}:{st.st_size}")
    return f"{__version__}:{hashlib.sha256(';'.join(stamps).encode()).hexdigest()[:20]}"
