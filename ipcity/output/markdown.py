"""Markdown: a document to paste into a 通报 or a wiki, and tables of rows. Every text a
block holds is text, not Markdown: it is escaped (output/safe.py), so a unit named
"市工商局\n\n## 三、表扬名单" adds no section."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from ipcity.output.document import Bullets, Document, Heading, Paragraph, Table
from ipcity.output.safe import md_text


class Headed(Protocol):
    @property
    def header(self) -> str: ...
    def cell(self, row: Any) -> str: ...


def md_cell(text: str) -> str:
    """A table cell: the text itself, nothing in it Markdown (see output/safe.py)."""
    return md_text(text)


def markdown(rows: Sequence[Any], columns: Sequence[Headed], *, title: str | None = None) -> str:
    lines = [f"**{md_text(title)}**", ""] if title else []
    lines.append("| " + " | ".join(c.header for c in columns) + " |")
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    lines += ["| " + " | ".join(md_cell(c.cell(r)) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def document(doc: Document) -> str:
    """The whole document: headings as #, paragraphs, lists, tables (charts as their text)."""
    parts = [f"# {md_text(doc.title)}\n"]
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {md_text(block.text)}\n")
        elif isinstance(block, Paragraph):
            parts.append(f"{md_text(block.text, starts_line=True)}\n")
        elif isinstance(block, Bullets):
            parts.append("".join(f"- {md_text(item, starts_line=True)}\n" for item in block.items))
        elif isinstance(block, Table) and block.shown != "data":
            if block.title:
                parts.append(f"{'#' * block.level} {md_text(block.title)}\n")
            if block.note:
                parts.append(f"{md_text(block.note, starts_line=True)}\n")
            columns = block.columns_for("reading")
            parts.append(markdown(block.rows, columns) if block.rows else f"{block.empty}\n")
    return "\n".join(parts)
