"""Reading the files in a data directory's evidence/ folder, and only those.

A plan's repository is untrusted: it may commit `evidence -> /` or a symlink inside the
folder to ~/.ssh/id_rsa, and a record naming it would have `dossier` pack that file into a
zip the office sends out. So the folder must lie inside the data directory, every file is
resolved and must lie inside the folder, and the file opened must be the regular file
resolved (not a device, a FIFO that would block, or something swapped in meanwhile).
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ipcity.errors import IpcityError
from ipcity.files.safe_read import Outside, kind_of, within
from ipcity.plan.attachment_rules import EVIDENCE

CHUNK = 1 << 20

Trouble = Literal["missing", "outside", "special", "unreadable"]


class EvidenceError(IpcityError):
    """The evidence folder cannot be used as it is (its message says why and what to do)."""


@dataclass(frozen=True)
class Unsafe(Exception):
    """A referenced file that cannot be read safely: missing, leading out of evidence/
    (detail: where it leads), not a regular file (detail: what it is), or unreadable."""

    trouble: Trouble
    detail: str = ""


def evidence_root(data_dir: Path) -> Path:
    """The evidence folder, resolved; an EvidenceError when it leads out of the data
    directory (it need not exist yet)."""
    folder = data_dir / EVIDENCE
    try:
        return within(folder, data_dir)
    except Outside as exc:
        raise EvidenceError(
            f"{folder} {exc}；附件只放在数据目录自己的 evidence 目录里：删去这个链接，把文件移进来"
        ) from None


_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO would block the open for ever
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_BINARY", 0)
)


def open_regular(path: Path) -> tuple[int, os.stat_result]:
    """Open a regular file to read: its descriptor and its stat. Unsafe when it is
    missing, not a regular file, or cannot be read."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        raise Unsafe("missing") from None
    except OSError as exc:
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            raise Unsafe("unreadable", exc.strerror or str(exc)) from None
        if not stat.S_ISREG(mode):
            raise Unsafe("special", kind_of(mode)) from None
        raise Unsafe("unreadable", exc.strerror or str(exc)) from None
    opened = os.fstat(fd)
    if not stat.S_ISREG(opened.st_mode):
        os.close(fd)
        raise Unsafe("special", kind_of(opened.st_mode))
    return fd, opened


def open_evidence(root: Path, data_dir: Path, relative: str) -> tuple[int, os.stat_result]:
    """Open the file a record names (evidence/…, relative to data_dir) to read, when it
    lies inside the evidence folder `root` (evidence_root's): Unsafe otherwise."""
    path = data_dir / relative
    try:
        real = path.resolve()
    except (OSError, RuntimeError) as exc:
        raise Unsafe("unreadable", str(exc)) from None
    if not real.is_relative_to(root):
        if not path.exists() and not path.is_symlink():
            raise Unsafe("missing")
        raise Unsafe("outside", str(real))
    fd, opened = open_regular(real)
    try:
        if not os.path.samestat(opened, os.stat(real)):
            raise Unsafe("unreadable", "读取时被换成了别的文件")
    except OSError as exc:
        os.close(fd)
        raise Unsafe("unreadable", exc.strerror or str(exc)) from None
    except Unsafe:
        os.close(fd)
        raise
    return fd, opened


def digest(fd: int) -> tuple[str, int]:
    """The SHA-256 of what is left to read from fd, and how many bytes that was."""
    h = hashlib.sha256()
    size = 0
    while chunk := os.read(fd, CHUNK):
        h.update(chunk)
        size += len(chunk)
    return h.hexdigest(), size
