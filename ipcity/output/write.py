"""The one output switch: a document written in a format, to the terminal or a file."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import IO, Literal

from ipcity.errors import OutputError, UsageError
from ipcity.output.document import Document

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


_NOT_IN_FILE_NAMES = re.compile(r'[\x00-\x1f<>:"/\\|?*]')
_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?")


def file_name(name: str, used: set[str] | None = None) -> str:
    """A unit's name as a file name Windows accepts (no <>:"/\\|?*, no control character,
    no CON or NUL, no trailing dot or space, at most 80 characters), unique among `used`
    compared as Windows compares them (case aside); added to `used`."""
    safe = _NOT_IN_FILE_NAMES.sub("_", name)[:80].rstrip(" .") or "_"
    if _RESERVED.fullmatch(safe):
        safe = "_" + safe
    if used is None:
        return safe
    found, n = safe, 2
    while found.casefold() in used:
        found, n = f"{safe}({n})", n + 1
    used.add(found.casefold())
    return found
