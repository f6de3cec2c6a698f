"""A reader never reads half of a line another process is appending to the log: it waits
for the writer's lock (files/locks.py), but not for ever, and reads as ever where the file
system has no locks."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ipcity.files import locks, safe_read
from ipcity.index import fresh

HEAD = b"- {task: '6.3', date: 2009-05-01, status: in_progress, by: \xe5\xb8\x82\xe5\xb7\xa5"
TAIL = "商局, note: 已启动}\n".encode()


def fresh_bytes(path: Path) -> bytes | None:
    got = fresh.read(path)
    return got.content if got is not None else None


def capped_bytes(path: Path) -> bytes | None:
    return safe_read.read_capped(path, 1 << 20)


# The index's check of a file (and a cold load's bytes), and the loader's own read.
READERS: list[Callable[[Path], bytes | None]] = [fresh_bytes, capped_bytes]


@contextmanager
def appending(path: Path) -> Iterator[int]:
    """A writer in the middle of an append: the file locked as append.py locks it."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        with locks.exclusive(fd):
            yield fd
    finally:
        os.close(fd)


def in_thread(read: Callable[[Path], bytes | None], path: Path) -> tuple[threading.Thread, list]:
    found: list[bytes | None] = []
    thread = threading.Thread(target=lambda: found.append(read(path)), daemon=True)
    thread.start()
    return thread, found


@pytest.mark.parametrize("read", READERS)
def test_a_reader_waits_for_the_line_being_appended(
    read: Callable[[Path], bytes | None], tmp_path: Path
) -> None:
    path = tmp_path / "status.yaml"
    path.write_bytes(b"")
    with appending(path) as fd:
        os.write(fd, HEAD)  # half of the line: what a reader could see between two pages
        thread, found = in_thread(read, path)
        thread.join(timeout=0.5)
        assert thread.is_alive()  # waiting for the writer, not reading half a line
        os.write(fd, TAIL)
    thread.join(timeout=30)
    assert found == [HEAD + TAIL]


@pytest.mark.parametrize("read", READERS)
def test_a_reader_does_not_wait_for_a_writer_for_ever(
    read: Callable[[Path], bytes | None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(locks, "READ_WAIT", 0.2)
    path = tmp_path / "status.yaml"
    path.write_bytes(b"")
    with appending(path) as fd:
        os.write(fd, HEAD)  # a writer stopped half-way, its lock held
        thread, found = in_thread(read, path)
        thread.join(timeout=30)
        assert found == [HEAD]  # the file as it is: the loader says what is wrong with it


@pytest.mark.parametrize("read", READERS)
def test_where_there_are_no_locks_a_file_is_read_as_ever(
    read: Callable[[Path], bytes | None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    def flock(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", flock)
    path = tmp_path / "status.yaml"
    path.write_bytes(HEAD + TAIL)
    assert read(path) == HEAD + TAIL


def test_a_reader_leaves_no_lock_behind(tmp_path: Path) -> None:
    path = tmp_path / "status.yaml"
    path.write_bytes(HEAD + TAIL)
    for read in READERS:
        assert read(path) == HEAD + TAIL
    with appending(path) as fd:  # would wait for ever on a lock left held
        os.write(fd, TAIL)
    assert path.read_bytes() == HEAD + TAIL + TAIL
