"""Markdown: a document to paste into a 通报 or a wiki, and tables of rows. Every text a
block holds is text, not Markdown: it is escaped (output/safe.py), so a unit named
"市工商局\n\n## 三、表扬名单" adds no section."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
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
from ipcity.output.safe import md_text


class Headed(Protocol):
    @property
    def header(self) -> str: ...
    def cell(self, row: Any) -> str: ...


def md_cell(text: str) -> str:
    """A table cell: the text itself, nothing in it Markdown (see output/safe.py)."""
    return md_text(text)


def markdown(rows: Iterable[Any], columns: Sequence[Headed], *, title: str | None = None) -> str:
    return "".join(markdown_lines(rows, columns, title=title))


def markdown_lines(
    rows: Iterable[Any], columns: Sequence[Headed], *, title: str | None = None
) -> Iterator[str]:
    """A table's lines, each with its line break, one row at a time."""
    if title:
        yield f"**{md_text(title)}**\n\n"
    yield "| " + " | ".join(c.header for c in columns) + " |\n"
    yield "|" + "|".join("---" for _ in columns) + "|\n"
    for r in rows:
        yield "| " + " | ".join(md_cell(c.cell(r)) for c in columns) + " |\n"


def document(doc: Document) -> str:
    """The whole document: headings as #, paragraphs, lists, tables (charts as their text);
    an official document's frame around them (版头, 主送, 附件说明 and signature, 版记), and
    its annexes after a rule. Every text is escaped as text (md_text)."""
    frame = doc.frame
    body, annexes = doc.parts()

    def lines(texts: list[str]) -> list[str]:
        return [f"{md_text(text, starts_line=True)}\n" for text in texts]

    parts = lines(frame.head()) if frame else []
    parts.append(f"# {md_text(doc.title)}\n")
    if frame:
        parts += lines([frame.salutation()])
    parts += [_block(block) for block in body]
    if frame:
        parts += lines([*frame.annex_lines(), *frame.signature()])
    parts += [_block(block) for block in annexes]
    if frame:
        parts += lines(frame.colophon())
    return "\n".join(part for part in parts if part)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"{'#' * block.level} {md_text(block.text)}\n"
    if isinstance(block, Paragraph):
        return f"{md_text(block.text, starts_line=True)}\n"
    if isinstance(block, Bullets):
        return "".join(f"- {md_text(item, starts_line=True)}\n" for item in block.items)
    if isinstance(block, PageBreak):
        return "---\n"
    if isinstance(block, Table) and block.shown != "data":
        parts = []
        if block.title:
            parts.append(f"{'#' * block.level} {md_text(block.title)}\n")
        if block.note:
            parts.append(f"{md_text(block.note, starts_line=True)}\n")
        columns = block.columns_for("reading")
        parts.append(markdown(block.rows, columns) if block.rows else f"{block.empty}\n")
        return "\n".join(parts)
    return ""
