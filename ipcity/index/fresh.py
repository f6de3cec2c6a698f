"""Whether a data file is still the bytes an index was built from, decided the way git's
index decides it: by what stat says (size, mtime_ns, ctime_ns, inode, device), and by
the content's SHA-256 when stat cannot tell.

A file's stat alone proves nothing when the file could have changed again within the
same timestamp (its mtime too close to the moment it was read: the *racy* case, with
timestamps as coarse as FAT's two seconds). Such a file is marked racy and compared by
content every time, until a read made long enough after its mtime finds the same bytes.
A file edited in place with its size and mtime put back still changes its ctime, which
no program can set; one replaced by another (a rename) has another inode.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from typing import Any, NamedTuple

from ipcity.files import locks
from ipcity.files.safe_read import read_upto

RACY_NS = 2_000_000_000  # the coarsest timestamps kept (FAT's); ext4 and NTFS are finer
MAX_BYTES = 32 * 1024 * 1024  # the loader refuses larger files (files/yaml_loader.py)


class FileState(NamedTuple):
    """What an index knows of one data file."""

    size: int
    mtime_ns: int
    ctime_ns: int
    ino: int
    dev: int
    digest: str  # SHA-256 of its bytes, hex
    racy: bool  # its stat cannot vouch for it: compare the content

    def json(self) -> list[Any]:
        return list(self)

    @classmethod
    def of_json(cls, data: Any) -> FileState:
        *numbers, content_digest, racy = data
        size, mtime_ns, ctime_ns, ino, dev = (int(n) for n in numbers)
        return cls(size, mtime_ns, ctime_ns, ino, dev, str(content_digest), bool(racy))

    def stat_matches(self, st: os.stat_result) -> bool:
        return _key(st) == (self.size, self.mtime_ns, self.ctime_ns, self.ino, self.dev)


def _key(st: os.stat_result) -> tuple[int, int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def digest(content: bytes | memoryview) -> str:
    return hashlib.sha256(content).hexdigest()


def stat_of(path: os.PathLike[str] | str) -> os.stat_result | None:
    """The stat of a regular file (through symlinks); None for anything else."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st if stat.S_ISREG(st.st_mode) else None


class Read(NamedTuple):
    """A file's bytes as read, and its state then."""

    content: bytes
    state: FileState


def read(path: os.PathLike[str] | str) -> Read | None:
    """A regular file's bytes, read whole and checked to be the same before and after;
    None when it is anything else, too large, unreadable or changing while read (the
    loader then reads it, and says what is wrong)."""
    started = time.time_ns()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return None
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode) or before.st_size > MAX_BYTES:
            return None
        with locks.shared(fd):  # never half of a line being appended
            before = os.fstat(fd)
            content = read_upto(fd, MAX_BYTES + 1)
            after = os.fstat(fd)
    except OSError:
        return None
    finally:
        os.close(fd)
    if _key(before) != _key(after) or len(content) != after.st_size:
        return None
    return Read(content, state(after, digest(content), started))


_OTHER_BREAKS = (b"\r", "\x85".encode(), "\u2028".encode(), "\u2029".encode())


def count_lines(content: bytes) -> int:
    """Lines in a log's bytes, as the YAML reader counts them (files/yaml_loader.py):
    counted in the bytes when \n is the only line break in them (no copy of 10 MB)."""
    if not any(b in content for b in _OTHER_BREAKS):
        return content.count(b"\n") + (1 if content and not content.endswith(b"\n") else 0)
    from ipcity.files.yaml_loader import count_lines as counted

    return counted(content)


def state(st: os.stat_result, content_digest: str, read_at_ns: int) -> FileState:
    """A file's state, read at read_at_ns: racy when its mtime is too close to then."""
    racy = read_at_ns - st.st_mtime_ns < RACY_NS
    return FileState(*_key(st), content_digest, racy)


def unchanged(known: FileState, st: os.stat_result | None) -> bool:
    """Whether stat alone shows a file to be the bytes known (never for a racy one)."""
    return st is not None and not known.racy and known.stat_matches(st)
