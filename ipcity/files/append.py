"""Appending entries to the top-level list of a YAML file: whole, or not at all.

Each entry is one line (files/yaml_write.py says why). Under an exclusive lock the file is
read, the lines are checked to read back as exactly the entries, and they are written in
one call and fsynced; on any failure the file is cut back to its length before. A batch
(the records of one returned form) goes in the same way: all its lines, or none.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from ipcity.errors import IpcityError
from ipcity.files import locks, safe_read
from ipcity.files.yaml_document import Document
from ipcity.files.yaml_loader import MAX_BYTES
from ipcity.files.yaml_messages import decode
from ipcity.files.yaml_read import load_text


class AppendError(IpcityError):
    """The entry was not appended; the file is as it was. The message says why."""


def _write(fd: int, data: bytes) -> int:
    """One write call (a seam for tests that make a write fail part-way)."""
    return os.write(fd, data)


def _read_all(fd: int) -> bytes:
    """The file, or one byte past MAX_BYTES of it (which _payload refuses)."""
    os.lseek(fd, 0, os.SEEK_SET)
    return safe_read.read_upto(fd, MAX_BYTES + 1)


def append_entry(path: Path, entry: str, expected: Any, name: str | None = None) -> None:
    """Append one line holding one entry to the top-level list of a YAML file.

    Under an exclusive lock: read the file, check that the file with the line added
    reads as the same list plus exactly `expected` (so a hand-edited end such as an
    indented list or an unclosed quote is refused, not corrupted), write the line in one
    call and fsync. If anything fails after the write began, the file is cut back to its
    length before, so it holds the whole entry or none of it. Raises AppendError.
    """
    append_entries(path, [(entry, expected)], name)


# Called under the lock with the file's text as it is then: a message when the batch must
# not go in after all (another process has just appended the same records), else None.
Guard = Callable[[str], str | None]


def append_entries(
    path: Path,
    entries: Sequence[tuple[str, Any]],
    name: str | None = None,
    *,
    guard: Guard | None = None,
) -> int | None:
    """Append several lines, each holding one entry, as append_entry appends one: under
    one lock, checked once (the file plus the lines reads as the list plus exactly the
    entries, in order), written in one call and fsynced, cut back whole on failure. The
    guard, when given, sees the file under the lock and may refuse the batch (its
    message becomes the AppendError's). Gives the file's size before (where the lines
    start, or one line end before them); raises AppendError; nothing, None, for no
    entries."""
    name = name or str(path)
    if not entries:
        return None
    real = _inside_its_folder(path, name)
    try:
        # Not blocking: a FIFO would block the open (or the read) for ever.
        fd = os.open(path, os.O_RDWR | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise AppendError(f"{name}：无法打开（{exc.strerror}）") from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise AppendError(
                f"{name}：不是普通文件，而是{safe_read.kind_of(opened.st_mode)}，不追加"
            )
        if not os.path.samestat(opened, os.stat(real)):
            raise AppendError(f"{name}：检查后被换成了别的文件，不追加；请重试")
        with locks.exclusive(fd):
            raw = _read_all(fd)
            payload = _payload(raw, entries, name, guard)
            _write_whole(fd, len(raw), payload, name)
            return len(raw)
    except OSError as exc:  # locking or reading failed (a network share without locks)
        raise AppendError(f"{name}：无法追加（{exc.strerror or exc}），文件未改动") from exc
    finally:
        os.close(fd)


def _inside_its_folder(path: Path, name: str) -> Path:
    """Where path really is; an AppendError when it is a symlink out of its folder (the
    data directory): a repository could commit status.yaml -> ~/.bashrc, and record would
    append to that file."""
    try:
        return safe_read.within(path, path.parent)
    except safe_read.Outside as exc:
        raise AppendError(f"{name}：{exc}，不追加；进度记录只写进数据目录里的文件") from None


def _payload(
    raw: bytes, entries: Sequence[tuple[str, Any]], name: str, guard: Guard | None
) -> bytes:
    if len(raw) > MAX_BYTES:
        raise AppendError(f"{name}：文件过大，上限 32 MB")
    doc = Document(Path(name), name, None, [])
    text = decode(raw, doc)
    if text is None:
        raise AppendError(doc.problems[0].headline())
    if guard is not None and (refusal := guard(text)) is not None:
        raise AppendError(refusal)
    # Keep the file's own line ends (an editor on Windows may have saved CRLF).
    newline = "\r\n" if text.endswith("\r\n") else "\n"
    lead = newline if text and not text.endswith(("\n", "\r")) else ""
    lines = [entry + newline for entry, _ in entries]
    starts = []
    at = len(text) + len(lead)
    for line in lines:
        starts.append(at)
        at += len(line)
    added = lead + "".join(lines)
    expected = [data for _, data in entries]
    if not _appends_cleanly(text, starts, added, expected, name):
        raise _why_not(text, name)
    return added.encode("utf-8")


def _appends_cleanly(
    text: str, starts: Sequence[int], added: str, expected: Sequence[Any], name: str
) -> bool:
    """Whether text + added reads as the list in text plus exactly `expected`.

    Each new entry must start on its new line (`starts`: where each line begins) and
    equal its expected data, and the entry before the first must end before that line, so
    the new lines neither changed nor were swallowed by anything above them. Only the
    file from its last entry on is parsed: what lies before a line starting with "- "
    cannot reach past it, so the check costs the same whatever the log's size. (Marks are
    character offsets in both the C and the Python parser.)
    """
    start = _last_entry_start(text)
    after = load_text(text[start:] + added, name)
    root = after.parts[0].root if after.parts else None
    if after.problems or not isinstance(root, yaml.SequenceNode):
        return False
    items: list[yaml.Node] = root.value
    count = len(expected)
    new = items[-count:]
    return (
        isinstance(after.data, list)
        and len(after.data) == len(items)
        and len(items) >= count
        and all(
            item.start_mark.index == at - start + 2  # after "- "
            for item, at in zip(new, starts, strict=True)
        )
        and (len(items) == count or items[-count - 1].end_mark.index <= starts[0] - start)
        and after.data[-count:] == list(expected)
    )


_ENTRY_START = re.compile(r"^-(?:[ \t]|$)", re.MULTILINE)


def _last_entry_start(text: str) -> int:
    """Where the last line starting a top-level list entry ("- ") begins; 0 if none.
    Searched from the end in growing windows: a log's last entry is near its end."""
    size = 4096
    while True:
        begin = max(0, len(text) - size)
        starts = [m.start() for m in _ENTRY_START.finditer(text, begin)]
        if starts or begin == 0:
            return starts[-1] if starts else 0
        size *= 8


def _why_not(text: str, name: str) -> AppendError:
    before = load_text(text, name)
    if before.problems:
        return AppendError(f"{before.problems[0].headline()}（先改正，`ipcity validate` 可检查）")
    if before.data is not None and not isinstance(before.data, list):
        return AppendError(f"{name}：最外层不是列表，无法追加记录")
    return AppendError(
        f"{name}：文件末尾的写法使新记录无法原样追加（如列表有缩进、引号或括号未闭合）；"
        "请检查文件末尾，改后运行 `ipcity validate`"
    )


def _write_whole(fd: int, size: int, payload: bytes, name: str) -> None:
    os.lseek(fd, size, os.SEEK_SET)
    try:
        written = _write(fd, payload)
        if written != len(payload):
            raise OSError(errno.EIO, f"只写入了 {written}/{len(payload)} 字节")
        os.fsync(fd)
    except BaseException as exc:
        # Whatever happened (a full disk, an interrupt), take back the part that got in.
        try:
            os.ftruncate(fd, size)
            os.fsync(fd)
        except OSError as undo:
            raise AppendError(
                f"{name}：写入失败，已写入的部分也未能撤回（{undo.strerror or undo}）；"
                "请运行 `ipcity validate` 检查文件末尾"
            ) from exc
        if isinstance(exc, OSError):
            raise AppendError(f"{name}：写入失败（{exc.strerror or exc}），文件未改动") from exc
        raise
