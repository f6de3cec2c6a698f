"""Attaching files: each copied into the data directory's evidence/<task>/ folder under a
safe name, the same content stored once, with its SHA-256 for the record.

In two steps, so that a record and its files stand or fall together. `stage` reads each
file given (a regular file, at most MAX_FILE_BYTES), hashes it and chooses where it goes,
writing nothing; the record is then built and checked with the entries it returns. Then
`Staged.committed()` copies the files (each created new, never over another, checked
against the hash it was staged with, and flushed to disk) and runs the append inside it:
if the append fails, or a copy does, every file and folder it created is removed again.
`record`, `verify` and `extend` attach this way, and so can any other writer of records.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ipcity.errors import OutputError, UsageError
from ipcity.files.evidence_files import (
    CHUNK,
    Unsafe,
    digest,
    evidence_root,
    open_regular,
)
from ipcity.plan.attachment_rules import EVIDENCE
from ipcity.plan.file_names import name_key, safe_folder, safe_name, unique_name

MAX_FILE_BYTES = 200 * 1024 * 1024  # a scanned document runs to tens of MB; a video is not proof
MAX_MB = MAX_FILE_BYTES // (1024 * 1024)


# What becomes of a file staged: copied in (new), or not, because the same content is
# already stored in the task's folder (stored) or was given earlier in the same call (repeat).
Fate = Literal["new", "stored", "repeat"]


@dataclass(frozen=True)
class StagedFile:
    source: Path  # as the person gave it
    path: str  # where it is stored, relative to the data directory: evidence/2/通知.pdf
    sha256: str
    size: int
    fate: Fate


@dataclass
class Staged:
    """Files chosen a place in evidence/, not yet copied (see the module's docstring)."""

    data_dir: Path
    files: list[StagedFile]
    created: list[Path] = field(default_factory=list)  # what committed() made, to undo

    @property
    def entries(self) -> list[dict[str, str]]:
        """The record's attachments: each stored file once, in the order given."""
        seen: dict[str, dict[str, str]] = {}
        for staged in self.files:
            seen.setdefault(staged.path, {"path": staged.path, "sha256": staged.sha256})
        return list(seen.values())

    @contextmanager
    def committed(self) -> Iterator[None]:
        """Copy the staged files, then run the body (the append); on any failure in
        either, remove every file and folder this made, and let the error through."""
        try:
            for staged in self.files:
                if staged.fate == "new":
                    self._copy(staged)
            yield
        except BaseException:
            self.undo()
            raise

    def undo(self) -> None:
        for made in reversed(self.created):
            with suppress(OSError):  # a folder someone else filled meanwhile stays
                made.rmdir() if made.is_dir() else made.unlink()
        self.created.clear()

    def _copy(self, staged: StagedFile) -> None:
        target = self.data_dir / staged.path
        self._folders(target.parent)
        try:
            out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o644)
        except FileExistsError:
            raise OutputError(
                f"{staged.path} 刚被另一个命令存入，这次没有附上；请再运行一次"
            ) from None
        except OSError as exc:
            raise OutputError.writing(target, exc) from None
        self.created.append(target)
        try:
            written = _copy_checked(staged, out)
            os.fsync(out)
        except OSError as exc:
            raise OutputError.writing(target, exc) from None
        finally:
            os.close(out)
        if written != staged.sha256:
            raise UsageError(
                f"--attach {staged.source} 在附上的过程中被改动了，这次没有附上；请再运行一次"
            )
        _sync_folder(target.parent)

    def _folders(self, folder: Path) -> None:
        missing: list[Path] = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for made in reversed(missing):
            try:
                made.mkdir()
            except OSError as exc:
                raise OutputError.writing(made, exc) from None
            self.created.append(made)


_BINARY = getattr(os, "O_BINARY", 0)


def _copy_checked(staged: StagedFile, out: int) -> str:
    """Copy the source into out, hashing what was copied."""
    fd, _ = _open_source(staged.source)
    h = hashlib.sha256()
    try:
        while chunk := os.read(fd, CHUNK):
            h.update(chunk)
            view = memoryview(chunk)
            while view:
                view = view[os.write(out, view) :]
    finally:
        os.close(fd)
    return h.hexdigest()


def _sync_folder(folder: Path) -> None:
    """Make a new file's name durable before a record names it (POSIX; Windows cannot)."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _open_source(source: Path) -> tuple[int, os.stat_result]:
    try:
        return open_regular(source)
    except Unsafe as exc:
        if exc.trouble == "missing":
            raise UsageError(f"--attach {source}：文件不存在") from None
        if exc.trouble == "special":
            raise UsageError(
                f"--attach {source} 是{exc.detail}，不是普通文件；附件只能是单个文件"
                "（一个目录的材料请先压缩成一个 zip）"
            ) from None
        raise UsageError(f"--attach {source}：无法读取（{exc.detail}）") from None


def _read(source: Path) -> tuple[str, int]:
    """A source's SHA-256 and size, refused when it is empty or over the cap."""
    fd, opened = _open_source(source)
    try:
        if opened.st_size > MAX_FILE_BYTES:
            raise UsageError(_too_big(source, opened.st_size))
        sha, size = digest(fd)
    except OSError as exc:
        raise UsageError(f"--attach {source}：无法读取（{exc.strerror or exc}）") from None
    finally:
        os.close(fd)
    if size > MAX_FILE_BYTES:  # it grew while read
        raise UsageError(_too_big(source, size))
    if size == 0:
        raise UsageError(f"--attach {source} 是空文件（0 字节），不能作为佐证")
    return sha, size


def _too_big(source: Path, size: int) -> str:
    return (
        f"--attach {source} 有 {size / (1024 * 1024):.0f} MB，超过附件上限 {MAX_MB} MB；"
        "请压缩或拆分后再附（视频等大文件可在 --evidence 中写明存放位置）"
    )


def task_folder(task_id: str) -> str:
    """The folder of a task's files, relative to the data directory: evidence/6.3."""
    return f"{EVIDENCE}/{safe_folder(task_id)}"


def stage(data_dir: Path, task_id: str, sources: Sequence[Path]) -> Staged:
    """Read and hash each file given and choose where it is stored, writing nothing.

    A file whose content is already in the task's folder (attached before, under any
    name) is not stored again: the record names the stored one. Raises UsageError for a
    file that is missing, not a regular file, empty or over MAX_FILE_BYTES, and
    EvidenceError when the evidence folder leads out of the data directory."""
    root = evidence_root(data_dir)
    folder = task_folder(task_id)
    here = root / folder.split("/", 1)[1]
    if here.exists() and not here.resolve().is_relative_to(root):
        raise UsageError(f"{data_dir / folder} 指向 evidence 目录之外，不能存放附件")
    taken: set[str] = set()
    by_size: dict[int, list[str]] = {}
    if here.is_dir():
        for entry in os.scandir(here):
            taken.add(name_key(entry.name))
            if entry.is_file(follow_symlinks=False):
                by_size.setdefault(entry.stat(follow_symlinks=False).st_size, []).append(entry.name)
    found: dict[str, str] = {}  # sha256 -> the path of a file given earlier in this call
    files: list[StagedFile] = []
    for source in sources:
        sha, size = _read(source)
        fate: Fate = "repeat"
        path = found.get(sha)
        if path is None:
            fate = "stored"
            path = _stored_copy(here, folder, by_size.get(size, []), sha)
        if path is None:
            fate = "new"
            path = f"{folder}/{unique_name(safe_name(source.name), taken)}"
        found[sha] = path
        files.append(StagedFile(source, path, sha, size, fate))
    return Staged(data_dir, files)


def _stored_copy(here: Path, folder: str, names: list[str], sha: str) -> str | None:
    """The path of a file in the task's folder with this content, if there is one."""
    for name in names:
        try:
            fd, _ = open_regular(here / name)
        except Unsafe:
            continue
        try:
            same = digest(fd)[0] == sha
        except OSError:
            same = False
        finally:
            os.close(fd)
        if same:
            return f"{folder}/{name}"
    return None
