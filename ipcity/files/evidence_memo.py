"""What `validate` remembers of the evidence files it hashed, so that a province's
thousands of attachments are not read again on every run, while a changed file never
passes.

A file's SHA-256 is taken from the memo only when its stat is exactly as it was when it
was hashed: size, modification and change times to the nanosecond, inode and device.
Writing a file changes its change time (ctime), which no program can set back, so a
file rewritten with the same size and its modification time put back still differs.
One gap remains, git's "racily clean" file: one changed within the same tick of a
coarse file-system clock as it was hashed (FAT counts in 2 s) keeps its times. So a
file is remembered only when both its times are over 2 s older than the moment its
hashing began; a younger one is hashed again next time, until it is old enough.

Windows reports the creation time as st_ctime, not the change time, so there the memo
is not used: every referenced file is hashed. Nor does CI have one (a fresh checkout
hashes everything), and `dossier` never uses it: it hashes what it packs. The memo lives
in the user's cache folder, one file per data directory; IPCITY_CACHE=off turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from ipcity.files.cache_folder import cache_dir

RACY_NS = 2_000_000_000  # the coarsest file-system clock in use (FAT: 2 s)

Stamp = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device


def stamp(st: os.stat_result) -> Stamp:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


class HashMemo:
    """Hashes known by stat, for one data directory (see the module's docstring)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, tuple[Stamp, str]] = {}
        self.changed = False
        if path is not None:
            self._read(path)

    def known(self, relative: str, st: os.stat_result) -> str | None:
        """The file's SHA-256 when its stat is as when it was last hashed."""
        found = self.entries.get(relative)
        return found[1] if found is not None and found[0] == stamp(st) else None

    def remember(self, relative: str, st: os.stat_result, sha256: str, began_ns: int) -> None:
        """Keep a hash taken from a file whose stat was st before and after reading it,
        the reading having begun at began_ns; unless its times are too recent to trust."""
        if self.path is None or max(st.st_mtime_ns, st.st_ctime_ns) >= began_ns - RACY_NS:
            self.entries.pop(relative, None)
            return
        self.entries[relative] = (stamp(st), sha256)
        self.changed = True

    def save(self) -> None:
        """Write the memo if it changed; a cache that cannot be written costs speed only."""
        if self.path is None or not self.changed:
            return
        data = {k: [*st, sha] for k, (st, sha) in self.entries.items()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
            os.replace(temp, self.path)
        except OSError:
            Path(temp).unlink(missing_ok=True)

    def _read(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # none yet, or unreadable: everything is hashed
        if not isinstance(data, dict):
            return
        for key, value in data.items():
            if (
                isinstance(value, list)
                and len(value) == 6
                and all(isinstance(n, int) for n in value[:5])
                and isinstance(value[5], str)
            ):
                self.entries[key] = ((value[0], value[1], value[2], value[3], value[4]), value[5])


def memo_for(data_dir: Path) -> HashMemo:
    """The memo of a data directory; an empty one that keeps nothing where none is used."""
    folder = cache_dir()
    if folder is None or sys.platform == "win32":
        return HashMemo(None)
    key = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:32]
    return HashMemo(folder / f"evidence-{key}.json")


def now_ns() -> int:
    return time.time_ns()
