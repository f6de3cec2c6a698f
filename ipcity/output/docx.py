"""A document in Word, laid out as GB/T 9704-2012 (党政机关公文格式) lays out an official
document, so that the office can print it, number it and issue it as it stands.

What the standard fixes, and where it is done here:
- §5.2.1 A4, 天头 (top margin) 37 mm, 订口 (left margin) 28 mm, 版心 156 × 225 mm; so the
  right margin is 26 mm and the bottom 35 mm (`_page`).
- §5.2.2–5.2.3 3号仿宋 (16 pt) throughout, 22 lines a page, 28 characters a line: 225 mm
  over 22 lines is a fixed line pitch of 29 pt (`_styles`).
- §7.2.4–7.2.7 the 版头: the issuing office's mark in red 小标宋, the 发文字号 (〔2009〕  号,
  the number left for the office), a red rule the width of the 版心 (`_head`).
- §7.3.1 the title in 2号小标宋, centred, two lines below the rule; §7.3.2 主送 one line
  below it, flush left; §7.3.3 headings 一、 in 黑体, （一） in 楷体, 1. in bold 仿宋, each
  paragraph indented two characters (`_block`).
- §7.3.4–7.3.5 附件说明 under the body, then the office's name and the date, the date
  four characters in from the right (`_signature`); §7.3.7 each annex on a new page.
- §7.4 版记: 抄送 and 印发 in 4号仿宋 between rules, at the end (`_colophon`).
- §7.5 page numbers in 4号宋体, — 1 —, odd pages right and even pages left, one
  character in from the edge (`_page_numbers`).
Fonts are named as offices install them (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312); the
font table gives Word each one's stand-in (宋体, 仿宋, 楷体) for a machine that lacks it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipcity.output import document as d
from ipcity.output.docx_body import Body
from ipcity.output.docx_page import (
    BODY_FONT,
    BODY_PT,
    HEI_FONT,
    KAI_FONT,
    RED,
    SMALL_PT,
    TITLE_FONT,
    TITLE_PT,
    add_paragraph,
    blank,
    fallback_fonts,
    landscape_page,
    page,
    page_numbers,
    rule,
    styles,
    xml_text,
)
from ipcity.output.docx_table import table
from ipcity.text import display_width

if TYPE_CHECKING:
    from docx.document import Document as Docx

MARK_PT = 26  # the issuing office's mark: 小标宋, red, sized by the office (§7.2.3)
TEXT_PT_WIDE = 156 / 25.4 * 72 * 0.96  # the 版心's width in points, a little to spare


def write(doc: d.Document, path: Path) -> None:
    """Write the Word file; OSError when it cannot be written."""
    from docx import Document as new_document

    word = new_document()
    page(word)
    styles(word)
    fallback_fonts(word)
    page_numbers(word)
    body, annexes = doc.parts()
    if doc.frame is not None:
        _head(word, doc.frame)
    add_paragraph(word, doc.title, font=TITLE_FONT, size=TITLE_PT, center=True, indent=False)
    if doc.frame is not None:
        blank(word)
        add_paragraph(word, doc.frame.salutation(), indent=False)
    with tempfile.TemporaryFile() as spill:
        written = Body(word, spill)
        for block in body:
            _block(word, block, written)
            written.flush()
        if doc.frame is not None:
            _signature(word, doc.frame)
        for block in annexes:
            _block(word, block, written)
            written.flush()
        if doc.frame is not None and (doc.frame.cc or doc.frame.printer):
            _colophon(word, doc.frame)
        word.core_properties.title = xml_text(doc.title)
        written.save(path)


def _head(word: Docx, frame: d.Frame) -> None:
    """The 版头: the office's mark in red, its number, a red rule the width of the 版心."""
    issuer, number_text = frame.head()
    # The mark on one line, as large as the 版心's width allows, 26 pt at most.
    size = min(MARK_PT, int(TEXT_PT_WIDE / max(display_width(issuer) / 2, 1)))
    add_paragraph(word, issuer, font=TITLE_FONT, size=size, center=True, indent=False, color=RED)
    blank(word)
    number = add_paragraph(word, number_text, center=True, indent=False)
    rule(number, "bottom", RED, 12)
    blank(word)
    blank(word)


def _signature(word: Docx, frame: d.Frame) -> None:
    """附件说明, then the office's name over the date, the date four characters in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    # The signature never stands alone on a page (§7.3.5): it keeps with the body's last
    # paragraph, and everything between them keeps with what follows.
    start = len(word.paragraphs) - 1
    if frame.annexes:
        blank(word)
        for annex in frame.annex_lines():
            add_paragraph(word, annex)
    blank(word)
    blank(word)
    date_width = display_width(frame.date) / 2 * BODY_PT
    for text in frame.signature():
        line = add_paragraph(word, text, indent=False)
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # The name centred over the date, the date four characters in from the right.
        name_width = display_width(text) / 2 * BODY_PT
        shift = 4 * BODY_PT + max((date_width - name_width) / 2, 0)
        line.paragraph_format.right_indent = Pt(shift if text == frame.issuer else 4 * BODY_PT)
    for paragraph in word.paragraphs[max(start, 0) : -1]:
        paragraph.paragraph_format.keep_with_next = True


def _colophon(word: Docx, frame: d.Frame) -> None:
    """The 版记: 抄送 and the office that prints it, in 4号仿宋 between rules."""
    from docx.shared import Pt

    blank(word)
    lines = frame.colophon()
    for n, text in enumerate(lines):
        line = add_paragraph(word, text, size=SMALL_PT, indent=False)
        line.paragraph_format.left_indent = Pt(SMALL_PT)
        if n == 0:
            rule(line, "top", "000000", 8)
        if n == len(lines) - 1:
            rule(line, "bottom", "000000", 8)


def _block(word: Docx, block: Any, written: Body) -> None:
    from docx.enum.text import WD_BREAK

    if isinstance(block, d.Heading):
        font, bold = {2: (HEI_FONT, False), 3: (KAI_FONT, False)}.get(
            block.level, (BODY_FONT, True)
        )
        if block.level <= 1:
            add_paragraph(word, block.text, font=HEI_FONT, indent=False)
        else:
            add_paragraph(word, block.text, font=font, bold=bold)
    elif isinstance(block, d.Paragraph):
        add_paragraph(word, block.text)
    elif isinstance(block, d.Bullets):
        for n, item in enumerate(block.items, start=1):
            add_paragraph(word, f"{n}. {item}" if len(block.items) > 1 else item)
    elif isinstance(block, d.PageBreak) and block.landscape:
        landscape_page(word)
    elif isinstance(block, d.PageBreak):
        word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    elif isinstance(block, d.Table) and block.shown != "data":
        table(word, block, written)
    elif isinstance(block, d.StatusRing):
        pass  # a picture of the paragraph before it; Word states the counts there
