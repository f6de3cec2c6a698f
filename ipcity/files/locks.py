"""Locks between ipcity processes on a data file: a writer appending to the log holds an
exclusive lock while it reads, checks and writes (files/append.py), and a reader a shared
one while it reads, so that it never reads half of an appended line. One write() of a
line is not seen whole by every read: a line that crosses a page of the file is made
visible a page at a time (measured: 8 of 356 reads of a file another process appended
261-byte lines to ended inside a line), and a reader given that would report a broken
record, or take a note cut short for the whole of it.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

# Windows locks byte ranges, and a locked range cannot be read by others: lock one byte
# far past the end of any plan (files are refused above MAX_BYTES) instead of the data.
_WINDOWS_LOCK_AT = 1 << 30
# How long a reader waits for a writer, in seconds. An append takes a fraction of a
# second; a writer that holds the lock longer (stopped, hung) is not waited for: the
# reader reads the file as it is (and says what is wrong with it, if anything is).
READ_WAIT = 10.0


@contextmanager
def exclusive(fd: int) -> Iterator[None]:
    """Hold an exclusive lock on an open file; other writers and readers wait for it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_AT, os.SEEK_SET)
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for 10 s, then raises
                break
            except OSError as exc:
                if exc.errno not in (errno.EDEADLOCK, errno.EACCES):
                    raise
        try:
            yield
        finally:
            os.lseek(fd, _WINDOWS_LOCK_AT, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


@contextmanager
def shared(fd: int) -> Iterator[None]:
    """Read an open file under a shared lock, once no writer holds the exclusive one.
    A writer that keeps it READ_WAIT seconds is not waited for longer, and where the file
    system has no locks (a network share) the file is read as ever. The file's position
    is as it was."""
    held = _take(fd)
    try:
        yield
    finally:
        if held:
            _give_back(fd)


def _take(fd: int) -> bool:
    """Whether the shared lock was taken (False: waited too long, or no locks here)."""
    deadline = time.monotonic() + READ_WAIT
    pause = 0.005
    while True:
        try:
            _try(fd)
            return True
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, _EDEADLOCK):
                return False  # no locks on this file system
        if time.monotonic() >= deadline:
            return False
        time.sleep(pause)
        pause = min(2 * pause, 0.1)


_EDEADLOCK = getattr(errno, "EDEADLOCK", errno.EDEADLK)  # what Windows says of a held range


def _try(fd: int) -> None:
    """Take the shared lock without waiting; OSError when a writer holds the file."""
    if sys.platform == "win32":  # no shared locks: the writer's byte, held for the read
        import msvcrt

        here = os.lseek(fd, 0, os.SEEK_CUR)
        os.lseek(fd, _WINDOWS_LOCK_AT, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        finally:
            os.lseek(fd, here, os.SEEK_SET)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)


def _give_back(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        here = os.lseek(fd, 0, os.SEEK_CUR)
        os.lseek(fd, _WINDOWS_LOCK_AT, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        os.lseek(fd, here, os.SEEK_SET)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)
