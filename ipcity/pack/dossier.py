"""Writing the 验收 pack (`ipcity dossier`): the index workbook, the 自评报告, and the
evidence files, one folder a work item and task, to a new folder or a zip:

    验收材料索引.xlsx
    自评报告.docx
    佐证材料/1 成立国家知识产权试点城市工作领导小组/1/嘉政办发〔2008〕…pdf
    佐证材料/6 提高全市知识产权创造能力/6.1/…

The attached files are checked first, as `validate` checks them: a file missing, changed
or leading out of evidence/ refuses the pack, every problem listed. Each file is then
read only through evidence/ and hashed as it is copied: a file whose content is not the
one its record holds never gets into the pack. Everything is written to a temporary
folder (and zip) beside the destination and moved into place once whole, so a pack that
fails leaves nothing behind. The zip's entries are sorted and dated on the as-of day;
names not in ASCII carry the UTF-8 flag, which zip readers on Windows honour.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ipcity.answers.dossier import dossier
from ipcity.answers.dossier_contract import Dossier
from ipcity.errors import DataError, OutputError
from ipcity.files.evidence_check import evidence_problems
from ipcity.files.evidence_files import CHUNK, Unsafe, evidence_root, open_evidence
from ipcity.files.evidence_memo import HashMemo
from ipcity.output.dossier_index import index
from ipcity.output.dossier_report import report
from ipcity.output.write import write
from ipcity.plan.loaded import Plan
from ipcity.plan.problems import errors

INDEX = "验收材料索引.xlsx"
REPORT = "自评报告.docx"
# Already compressed: stored as they are (deflating them again costs time for nothing).
_STORED = frozenset(
    {".pdf", ".jpg", ".jpeg", ".png", ".gif", ".zip", ".rar", ".7z", ".gz", ".docx",
     ".xlsx", ".pptx", ".ofd", ".mp4", ".mp3", ".webp", ".heic"}
)  # fmt: skip


@dataclass(frozen=True)
class Packed:
    """What the pack holds: its data, and the files copied into it (count, bytes)."""

    data: Dossier
    files: int
    size: int


def assemble(
    plan: Plan, data_dir: Path, as_of: date, *, out: Path | None, zip_path: Path | None
) -> Packed:
    """Write the pack to the new folder `out` and/or the zip `zip_path` (see the module's
    docstring). DataError when attached files are missing or changed; OutputError when
    a destination cannot be written."""
    problems = errors(evidence_problems(data_dir, plan, HashMemo(None)))
    if problems:
        raise DataError(
            problems, "先改正这些附件问题（`ipcity validate` 可单独检查），验收材料未生成。"
        )
    data = dossier(plan, as_of)
    with _staging(out) as folder:
        write(index(data), "xlsx", folder / INDEX)
        write(report(data), "docx", folder / REPORT)
        count, size = _copy_evidence(data, data_dir, folder)
        if zip_path is not None:
            _zip(folder, zip_path, as_of)
        if out is not None:
            _move(folder, out)
    return Packed(data, count, size)


@contextmanager
def _staging(out: Path | None) -> Iterator[Path]:
    """A temporary folder (beside the destination folder, so that it can be renamed into
    place), removed afterwards unless it was moved."""
    try:
        folder = Path(tempfile.mkdtemp(prefix=".验收材料-", dir=out.parent if out else None))
    except OSError as exc:
        raise OutputError.writing(out or tempfile.gettempdir(), exc) from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _copy_evidence(data: Dossier, data_dir: Path, folder: Path) -> tuple[int, int]:
    """Copy each file into its place in the pack, reading it only through evidence/ and
    checking its hash as it is copied."""
    root = evidence_root(data_dir)
    copied: set[str] = set()
    total = 0
    for entry in data["files"]:
        if entry["packed"] in copied:
            continue
        copied.add(entry["packed"])
        target = folder / entry["packed"]
        target.parent.mkdir(parents=True, exist_ok=True)
        total += _copy_one(root, data_dir, entry["path"], entry["sha256"], target)
    return len(copied), total


def _copy_one(root: Path, data_dir: Path, path: str, sha256: str, target: Path) -> int:
    try:
        fd, _ = open_evidence(root, data_dir, path)
    except Unsafe as exc:  # checked a moment ago: it changed since
        why = _UNSAFE[exc.trouble] + (f"：{exc.detail}" if exc.detail else "")
        raise OutputError(
            f"附件 {path} 在打包时无法读取（{why}），验收材料未生成；运行 `ipcity validate` 查看"
        ) from None
    h = hashlib.sha256()
    size = 0
    try:
        with open(fd, "rb", closefd=True) as source, target.open("wb") as copy:
            while chunk := source.read(CHUNK):
                h.update(chunk)
                copy.write(chunk)
                size += len(chunk)
    except OSError as exc:
        raise OutputError.writing(target, exc) from None
    if h.hexdigest() != sha256:
        raise OutputError(
            f"附件 {path} 在打包时被改动了，内容与记录的 SHA-256 不符，验收材料未生成；"
            "运行 `ipcity validate` 查看"
        )
    return size


_UNSAFE = {
    "missing": "文件不见了",
    "outside": "指向 evidence 目录之外",
    "special": "不是普通文件",
    "unreadable": "读取出错",
}


def _entries(folder: Path) -> list[tuple[str, Path]]:
    """Every file in the pack by its name in the zip, sorted."""
    found = [
        (path.relative_to(folder).as_posix(), path) for path in folder.rglob("*") if path.is_file()
    ]
    return sorted(found)


def _zip(folder: Path, zip_path: Path, as_of: date) -> None:
    """The pack as a zip, written beside zip_path and moved into place whole."""
    try:
        fd, temp = tempfile.mkstemp(
            prefix=f".{zip_path.name}.", suffix=".part", dir=zip_path.parent
        )
    except OSError as exc:
        raise OutputError.writing(zip_path, exc) from None
    day = (as_of.year, as_of.month, as_of.day, 0, 0, 0)
    try:
        with os.fdopen(fd, "wb") as raw:
            with zipfile.ZipFile(raw, "w", allowZip64=True) as pack:
                for name, path in _entries(folder):
                    info = zipfile.ZipInfo(name, date_time=day)
                    info.external_attr = 0o644 << 16
                    info.file_size = path.stat().st_size
                    stored = Path(name).suffix.lower() in _STORED
                    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                    with path.open("rb") as source, pack.open(info, "w") as entry:
                        shutil.copyfileobj(source, entry, CHUNK)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temp, zip_path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutputError.writing(zip_path, exc) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _move(folder: Path, out: Path) -> None:
    """Rename the finished pack to out: a folder that does not exist, or is empty."""
    try:
        if out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        os.rename(folder, out)
    except OSError as exc:
        raise OutputError.writing(out, exc) from None
