"""Reading a file someone else controls: only a regular file, and never past a size cap.

A data repository can commit a symlink to /dev/zero (read forever), a FIFO (a read that
blocks forever) or a socket, and CI reads whatever the repository holds. A file is opened
without blocking, checked with fstat to be a regular file before a byte is read, and read
to at most cap + 1 bytes: one more than the cap says the file is too large.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ipcity.files import locks

MB = 1024 * 1024


class ReadRefused(OSError):
    """A file that is not read: not a regular file, or larger than the cap. The message
    says what it is, in the user's words."""


class NotRegular(ReadRefused):
    pass


class TooLarge(ReadRefused):
    def __init__(self, size: int, cap: int) -> None:
        super().__init__(f"文件过大（{size // MB} MB），上限 {cap // MB} MB")
        self.size = size


_KINDS = (
    (stat.S_ISDIR, "目录"),
    (stat.S_ISFIFO, "命名管道（FIFO）"),
    (stat.S_ISCHR, "字符设备"),
    (stat.S_ISBLK, "块设备"),
    (stat.S_ISSOCK, "套接字"),
    (stat.S_ISLNK, "符号链接"),  # what lstat, or an open with O_NOFOLLOW, meets
)


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    return next((name for test, name in _KINDS if test(mode)), "特殊文件")


def not_regular(path: Path, mode: int) -> NotRegular:
    link = ""
    if path.is_symlink():
        link = f"（符号链接，指向 {os.readlink(path)}）"
    return NotRegular(f"不是普通文件，而是{kind_of(mode)}{link}，已拒绝读取")


def check(path: Path, cap: int) -> None:
    """Raise ReadRefused (or the OSError of stat) unless path is a regular file within
    the cap; reads nothing, never blocks."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise not_regular(path, info.st_mode)
    if info.st_size > cap:
        raise TooLarge(info.st_size, cap)


def read_capped(path: Path, cap: int) -> bytes:
    """The bytes of a regular file of at most cap bytes. Raises ReadRefused, or the
    OSError of opening or reading it (FileNotFoundError when it is missing)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno is not None and not isinstance(exc, FileNotFoundError):
            # A socket cannot be opened at all (ENXIO): say what it is.
            try:
                mode = path.stat().st_mode
            except OSError:
                raise exc from None
            if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
                raise not_regular(path, mode) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise not_regular(path, info.st_mode)
        if info.st_size > cap:
            raise TooLarge(info.st_size, cap)
        with locks.shared(fd):  # never half of a line being appended to the log
            # A file may grow after fstat: read one byte past the cap at most.
            content = read_upto(fd, cap + 1)
        if len(content) > cap:  # it grew after fstat
            raise TooLarge(max(os.fstat(fd).st_size, cap + 1), cap)
        return content
    finally:
        os.close(fd)


def read_upto(fd: int, limit: int) -> bytes:
    """An open file's bytes from where it stands to its end, limit of them at most."""
    chunks = []
    left = limit
    while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


class Outside(OSError):
    """A path that leads out of the folder it belongs in (by a symlink), or that cannot
    be resolved (a symlink loop); the message says which, in the user's words."""


def within(path: Path, folder: Path) -> Path:
    """Where path really is, when that is inside folder (which need not exist); Outside
    otherwise. A repository can commit data/status.yaml -> ~/.bashrc or evidence -> /etc."""
    try:
        real = path.resolve()
        home = folder.resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop
        raise Outside(f"无法打开（{exc}）") from None
    if not real.is_relative_to(home):
        raise Outside(f"是指向数据目录之外的符号链接（{real}）")
    return real
