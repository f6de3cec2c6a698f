"""The one output switch: a document written in a format, to the terminal or a file."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Literal

from ipcity.errors import OutputError, UsageError
from ipcity.output.document import Document
from ipcity.plan.file_names import safe_name, unique_name

Format = Literal["table", "md", "json", "csv", "html", "xlsx", "docx"]
BINARY: frozenset[str] = frozenset({"xlsx", "docx"})


def write(doc: Document, fmt: Format, destination: Path | None, *, limit: int = 0) -> None:
    """Draw doc as fmt to stdout, or to the file `destination` names (UTF-8 text, or a
    workbook). A terminal table shows at most `limit` rows a table (0: all)."""
    if fmt in BINARY:
        if destination is None:
            raise UsageError(
                f"{fmt} 是二进制文件，不能输出到终端；请用 --output 指定文件，"
                f"如 --output {doc.name}.{fmt}"
            )
        from ipcity.output import docx, xlsx

        try:
            with freed_as_they_go():  # a province's tables: rows made and let go by the thousand
                (xlsx.write if fmt == "xlsx" else docx.write)(doc, destination)
        except OSError as exc:
            raise OutputError.writing(destination, exc) from None
        return
    draw = _drawer(doc, fmt, limit)
    if destination is None:
        draw(sys.stdout)
        return
    try:
        with destination.open("w", encoding="utf-8", newline="") as out:
            draw(out)
    except OSError as exc:
        raise OutputError.writing(destination, exc) from None


def _drawer(doc: Document, fmt: Format, limit: int) -> Callable[[IO[str]], object]:
    if fmt == "json":
        from ipcity.output.text import write_json

        return lambda out: write_json(doc.data, out)
    if fmt == "csv":
        from ipcity.output.text import document_csv

        return lambda out: document_csv(doc, out)
    if fmt == "md":
        from ipcity.output import markdown

        return lambda out: out.write(markdown.document(doc))
    if fmt == "html":
        from ipcity.output import html

        return lambda out: out.write(html.page(doc))
    from ipcity.output import terminal

    return lambda out: terminal.draw(doc, out, limit=limit)


@contextmanager
def freed_as_they_go() -> Iterator[None]:
    """Documents written or read one after another (a unit's each) freed as they go. A
    command runs with the cyclic collector off (cli/app.py), and python-docx's and
    openpyxl's objects refer to each other in cycles: every document stayed in memory
    (979 reminders of a province took 5.5 GB; collecting 979 forms 2.8 GB). What lives
    already (a province's plan, millions of objects) is frozen out of the collector's way
    meanwhile, so that each of its passes looks at the documents alone. Within another
    (a document among a unit's each), what it made is collected at its end: left to the
    collector's own pace, a few documents' worth waited at a time (remind: 263 MB, not
    150). Where the collector is on anyway, it does nothing."""
    global _freeing
    if _freeing:
        yield
        gc.collect()  # (the plan frozen: a pass over this document alone)
        return
    if gc.isenabled():
        yield
        return
    gc.freeze()
    gc.enable()
    _freeing = True
    try:
        yield
    finally:
        _freeing = False
        gc.collect()  # the last documents too (a pass over them alone)
        gc.disable()
        gc.unfreeze()


_freeing = False  # within freed_as_they_go, the plan frozen


def folder_for(path: Path) -> Path:
    """The folder a command writes its files into (forms, notices), made when missing."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError.writing(path, exc) from None
    return path


def file_name(name: str, extension: str, used: set[str] | None = None) -> str:
    """A file named for a unit (市科技局.xlsx), safe on Windows and everywhere else by the
    rules the evidence files keep (plan/file_names.py); unique among `used` as Windows
    compares names (市科技局 (2).xlsx), and added to it."""
    safe = safe_name(name + extension, fallback="_")
    return safe if used is None else unique_name(safe, used)
