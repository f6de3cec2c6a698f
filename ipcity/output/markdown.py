"""Markdown: a document to paste into a 通报 or a wiki, and tables of rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from ipcity.output.document import (
    Block,
    Bullets,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)


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
    """The whole document: headings as #, paragraphs, lists, tables (charts as their text);
    an official document's frame around them (版头, 主送, 附件说明 and signature, 版记), and
    its annexes after a rule."""
    frame = doc.frame
    body, annexes = doc.parts()
    parts = [f"{line}\n" for line in frame.head()] if frame else []
    parts.append(f"# {doc.title}\n")
    if frame:
        parts.append(f"{frame.salutation()}\n")
    parts += [_block(block) for block in body]
    if frame:
        parts += [f"{line}\n" for line in [*frame.annex_lines(), *frame.signature()]]
    parts += [_block(block) for block in annexes]
    if frame:
        parts += [f"{line}\n" for line in frame.colophon()]
    return "\n".join(part for part in parts if part)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {block.text}\n"
    if isinstance(block, Paragraph):
        return f"{block.text}\n"
    if isinstance(block, Bullets):
        return "".join(f"- {item}\n" for item in block.items)
    if isinstance(block, PageBreak):
        return "---\n"
    if isinstance(block, Table) and block.shown != "data":
        parts = []
        if block.title:
            parts.append(f"{'#' * block.level} {block.title}\n")
        if block.note:
            parts.append(f"{block.note}\n")
        columns = block.columns_for("reading")
        parts.append(markdown(block.rows, columns) if block.rows else f"{block.empty}\n")
        return "\n".join(parts)
    return ""
