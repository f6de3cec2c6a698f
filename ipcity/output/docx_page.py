"""Word's page, type and furniture for an official document (GB/T 9704-2012): margins,
the 3号仿宋 body on a fixed 29 pt pitch, fonts with their stand-ins, page numbers, rules
and runs. docx.py says which section of the standard each serves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ipcity.text import visible

if TYPE_CHECKING:
    from docx.document import Document as Docx
    from docx.text.paragraph import Paragraph as DocxParagraph

TITLE_FONT = ("方正小标宋简体", "宋体")
BODY_FONT = ("仿宋_GB2312", "仿宋")
KAI_FONT = ("楷体_GB2312", "楷体")
HEI_FONT = ("黑体", "黑体")
SONG_FONT = ("宋体", "宋体")

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
SMALL_PT = 14  # 4号: 版记, page numbers
TABLE_PT = 10.5  # 五号: a table's cells, so a report's tables fit the 版心
LINE_PT = 29  # 225 mm / 22 lines
INDENT_PT = 2 * BODY_PT  # two characters
RED = "FF0000"


def page(word: Docx) -> None:
    from docx.shared import Mm

    for section in word.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.header_distance = Mm(15)
        section.footer_distance = Mm(21)  # the number's top 7 mm below the 版心


def landscape_page(word: Docx) -> None:
    """What follows on a new landscape page: the 版心 turned (225 × 156 mm), its top on the
    binding side (订口) as §10 puts a 横排表格's head; the page numbers carry on."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    section = word.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(28), Mm(26)
    section.left_margin, section.right_margin = Mm(37), Mm(35)
    section.footer_distance = Mm(12)


def text_width_mm(word: Docx) -> float:
    """The width of the 版心 on the current page, in millimetres."""
    from docx.shared import Mm

    section = word.sections[-1]
    width = (section.page_width or Mm(210)) - (section.left_margin or 0)
    return float((width - (section.right_margin or 0)) / Mm(1))


def styles(word: Docx) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    normal = word.styles["Normal"]
    set_font(normal.element, BODY_FONT)
    normal.font.size = Pt(BODY_PT)
    spacing = normal.paragraph_format
    spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    spacing.line_spacing = Pt(LINE_PT)
    spacing.space_before = spacing.space_after = Pt(0)


def set_font(element: Any, font: tuple[str, str]) -> None:
    """Set a style's or a run's font for Chinese and Latin text alike."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), font[0])


def fallback_fonts(word: Docx) -> None:
    """Tell Word which installed font stands in for each named one (w:altName)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.oxml import serialize_part_xml
    from docx.oxml import parse_xml

    part = next(
        (rel.target_part for rel in word.part.rels.values() if rel.reltype == RT.FONT_TABLE),
        None,
    )
    if part is None:
        return
    root = parse_xml(part.blob)
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, stand_in in (TITLE_FONT, BODY_FONT, KAI_FONT, HEI_FONT, SONG_FONT):
        root.append(
            parse_xml(
                f'<w:font xmlns:w="{ns}" w:name="{name}"><w:altName w:val="{stand_in}"/>'
                '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/>'
                "</w:font>"
            )
        )
    part._blob = serialize_part_xml(root)


def page_numbers(word: Docx) -> None:
    """— 1 — in 4号宋体: odd pages at the right, even pages at the left, one character in."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    word.settings.odd_and_even_pages_header_footer = True
    section = word.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        line = footer.paragraphs[0]
        line.alignment = align
        fmt = line.paragraph_format
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(SMALL_PT)
        else:
            fmt.left_indent = Pt(SMALL_PT)
        add_run(line, "— ", SONG_FONT, SMALL_PT)
        field(line, "PAGE")
        add_run(line, " —", SONG_FONT, SMALL_PT)


def field(paragraph: DocxParagraph, instruction: str) -> None:
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    song = SONG_FONT[0]
    props = (
        f'<w:rPr><w:rFonts w:ascii="{song}" w:hAnsi="{song}"/>'
        f'<w:sz w:val="{SMALL_PT * 2}"/></w:rPr>'
    )
    for xml in (
        f'<w:r {ns}>{props}<w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r {ns}>{props}<w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
        f'<w:r {ns}>{props}<w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r {ns}>{props}<w:t>1</w:t></w:r>",
        f'<w:r {ns}>{props}<w:fldChar w:fldCharType="end"/></w:r>',
    ):
        paragraph._p.append(parse_xml(xml))


def rule(paragraph: DocxParagraph, side: str, color: str, eighths: int) -> None:
    """A line along one side of a paragraph, the width of the 版心."""
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    borders = parse_xml(
        f'<w:pBdr {ns}><w:{side} w:val="single" w:sz="{eighths}" w:space="1" '
        f'w:color="{color}"/></w:pBdr>'
    )
    paragraph._p.get_or_add_pPr().append(borders)


def add_paragraph(
    word: Docx,
    text: str,
    *,
    font: tuple[str, str] = BODY_FONT,
    size: float = BODY_PT,
    center: bool = False,
    indent: bool = True,
    bold: bool = False,
    color: str | None = None,
) -> DocxParagraph:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    paragraph = word.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(INDENT_PT)
    if size > BODY_PT:  # a title's line is taller than the body's fixed pitch
        paragraph.paragraph_format.line_spacing = Pt(size * 1.5)
    run = add_run(paragraph, text, font, size, bold=bold)
    if color is not None:
        run.font.color.rgb = RGBColor.from_string(color)
    return paragraph


def blank(word: Docx) -> None:
    word.add_paragraph()


def add_run(
    paragraph: DocxParagraph, text: str, font: tuple[str, str], size: float, *, bold: bool = False
) -> Any:
    from docx.shared import Pt

    run = paragraph.add_run(xml_text(text))
    set_font(run._r, font)
    run.font.size = Pt(size)
    run.font.bold = bold or None
    return run


def xml_text(text: str) -> str:
    """Text Word can hold and shows as it is: a control character (which XML forbids), a
    bidi override or a zero-width character is written as its code (\\x1b, \\u202e)."""
    return visible(text)
