"""What a table someone sent may hold, checked as it is read: a CSV or XLSX handed to
`import` is untrusted. A workbook is a zip of XML: its parts are unpacked only within a
size, its cells are read as stored (a sheet may declare the dimension A1:XFD1048576 and
hold one cell: the grid is never padded out), and every failure of an XML or zip reader
is a message, never a traceback."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ipcity.errors import UsageError

MB = 1024 * 1024
MAX_BYTES = 32 * MB  # a table file, as read from disk
MAX_UNPACKED = 64 * MB  # a workbook's parts, unpacked
MAX_ROWS = 200_000  # a breakdown table has a row per task: 10,000 for a province
MAX_COLUMNS = 200  # it has six columns, and some notes beside them


class TableError(UsageError):
    """A file that cannot be read as a table at all (not found, not XLSX, unknown encoding)."""


def check_unpacked(raw: bytes, path: Path) -> None:
    """Refuse a workbook whose parts unpack past MAX_UNPACKED (a zip bomb). The zip's own
    sizes are what the reader stops at: a part cannot unpack past what it declares."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise TableError(f"{path} 不是可读的 XLSX 文件（{exc}）") from None
    if unpacked > MAX_UNPACKED:
        raise TableError(
            f"{path} 解压后有 {unpacked // MB} MB，超过 {MAX_UNPACKED // MB} MB，不读取"
            "（任务分解表远没有这么大；可能是“压缩炸弹”）"
        )


def rows_as_stored(rows: Iterable[Sequence[Any]], path: Path, text_of: Any) -> list[list[str]]:
    """Rows of cell values (None for an empty cell) as rows of text: trailing empty cells
    dropped, a run of blank rows kept only when a row with text follows it. Refuses a row
    past MAX_ROWS, or text in a column past MAX_COLUMNS."""
    found: list[list[str]] = []
    blank = 0
    for number, values in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise TableError(f"{path} 超过 {MAX_ROWS} 行，不读取；删去多余的行后重试")
        if len(values) > MAX_COLUMNS:
            extra = values[MAX_COLUMNS:]
            if extra.count(None) + extra.count("") < len(extra):
                raise TableError(
                    f"{path} 第 {number} 行超过 {MAX_COLUMNS} 列，不读取；删去多余的列后重试"
                )
            values = values[:MAX_COLUMNS]
        cells = [text_of(value) for value in values]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            blank += 1
            continue
        found.extend([] for _ in range(blank))
        blank = 0
        found.append(cells)
    return found


def why_unreadable(exc: BaseException) -> str:
    """Why a workbook could not be read, in the user's words; openpyxl wraps what the XML
    parser said, which is the part worth telling."""
    seen: BaseException | None = exc
    while seen is not None:
        kind = type(seen).__name__
        module = type(seen).__module__
        if module.startswith("defusedxml"):
            return "XML 里定义了实体或引用了外部文件，可能是“实体炸弹”，已拒绝"
        if kind == "ParseError":
            return f"XML 格式有误：{seen}"
        seen = seen.__cause__ or seen.__context__
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return first
