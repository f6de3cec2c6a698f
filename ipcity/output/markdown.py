"""Markdown: a document to paste into a 通报 or a wiki, and tables of rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from ipcity.output.document import Bullets, Document, Heading, Paragraph, Table


class Headed(Protocol):
    @property
    def header(self) -> str: ...
    def cell(self, row: Any) -> str: ...


def md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def markdown(rows: Sequence[Any], columns: Sequence[Headed], *, title: str | None = None) -> str:
    lines = [f"**{title}**", ""] if title else []
    lines.append("| " + " | ".join(c.header for c in columns) + " |")
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    lines += ["| " + " | ".join(md_cell(c.cell(r)) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def document(doc: Document) -> str:
    """The whole document: headings as #, paragraphs, lists, tables (charts as their text)."""
    parts = [f"# {doc.title}\n"]
    if doc.frame is not None:  # an official document: whom it is sent to, who signs it
        parts.append(f"{'，'.join(doc.frame.recipients)}：\n")
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {block.text}\n")
        elif isinstance(block, Paragraph):
            parts.append(f"{block.text}\n")
        elif isinstance(block, Bullets):
            parts.append("".join(f"- {item}\n" for item in block.items))
        elif isinstance(block, Table) and block.shown != "data":
            if block.title:
                parts.append(f"{'#' * block.level} {block.title}\n")
            if block.note:
                parts.append(f"{block.note}\n")
            columns = block.columns_for("reading")
            parts.append(markdown(block.rows, columns) if block.rows else f"{block.empty}\n")
    if doc.frame is not None:
        parts += [f"{doc.frame.issuer}\n", f"{doc.frame.date}\n"]
    return "\n".join(parts)
