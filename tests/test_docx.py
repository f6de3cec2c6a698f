"""Word output laid out as GB/T 9704-2012 gives it, read back from the file itself."""

from __future__ import annotations

import gc
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import Cli
from docx import Document as read_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ipcity.output import docx, png
from ipcity.output.document import (
    Bar,
    Bullets,
    Column,
    Document,
    Frame,
    Heading,
    PageBreak,
    Paragraph,
    Squares,
    Table,
)


def east_asian_font(element: object) -> str | None:
    fonts = element.find(qn("w:rPr")).find(qn("w:rFonts"))  # type: ignore[attr-defined]
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_the_report_in_word_has_the_standard_page(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "进展.docx"
    result = cli("report", "--as-of", "2009-06-30", "--format", "docx", "--output", str(target))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    word = read_docx(str(target))
    (section,) = word.sections

    # §5.2.1: A4; 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm.
    def mm(length: int | None) -> float:
        assert length is not None
        return round(length / Mm(1), 1)  # Word keeps twentieths of a point

    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)
    assert (mm(section.top_margin), mm(section.left_margin)) == (37.0, 28.0)
    assert (mm(section.right_margin), mm(section.bottom_margin)) == (26.0, 35.0)
    # §5.2.2–5.2.3: 3号仿宋 on 22 lines of the 版心, a fixed 29 pt pitch.
    normal = word.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert east_asian_font(normal.element) == "仿宋_GB2312"
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.paragraph_format.line_spacing == Pt(29)
    # §7.3.1: the title in 2号小标宋, centred.
    title = word.paragraphs[0]
    assert (
        title.text
        == "嘉兴市建设国家知识产权试点城市工作目标和任务分解：工作进展（截至 2009-06-30）"
    )
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22)
    assert east_asian_font(title.runs[0]._r) == "方正小标宋简体"
    # §7.5: — 1 — in 4号宋体, odd pages right and even pages left.
    assert word.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    for footer in (odd, even):
        assert footer.text == "— 1 —"
        assert "PAGE" in footer._p.xml and 'w:fldCharType="begin"' in footer._p.xml
    # The tables: a header row repeated on each page; a red light shaded red.
    units = next(t for t in word.tables if t.rows[0].cells[0].text == "状况")
    assert "w:tblHeader" in units.rows[0]._tr.xml
    first = units.rows[1].cells[0]
    assert first.text == "红" and 'w:fill="FFC7CE"' in first._tc.xml


def test_a_units_reasons_get_the_width_its_long_name_would_have_taken(
    cli: Cli, tmp_path: Path
) -> None:
    """The 说明 column is what the units table is read for: the unit column, as wide as
    嘉兴经济开发区管委会 would make it (49 mm), gives up width down to six characters
    for it; the items table, whose 工作内容 has room, is laid out as before."""
    target = tmp_path / "进展.docx"
    cli("report", "--as-of", "2009-12-31", "--format", "docx", "--output", str(target))
    word = read_docx(str(target))

    def widths(first: str) -> list[float]:
        table = next(t for t in word.tables if t.rows[0].cells[0].text == first)
        return [round(c.width / Mm(1), 1) for c in table.columns]

    assert widths("状况") == [13.8, 31.4, 13.8, 13.8, 13.8, 13.8, 55.6]
    assert widths("序号") == [13.8, 67.0, 13.8, 13.8, 13.8, 13.8, 20.0]
    assert round(sum(widths("状况"))) == 156  # the 版心


def test_a_table_of_many_charts_is_built_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """python-docx numbers a picture by searching the whole document for the highest
    number so far, and a column's cells by walking every cell of the table: a province's
    report (17,900 rows, 5,000 bars) had not finished after 13 minutes. Each table now
    searches once, and each cell takes its width as it is made."""
    from docx.parts.story import StoryPart
    from docx.table import Table as WordTable

    searches: list[int] = []
    numbered = StoryPart.next_id
    monkeypatch.setattr(
        StoryPart, "next_id", property(lambda part: searches.append(1) or numbered.fget(part))
    )
    walks: list[int] = []
    cells = WordTable._cells
    monkeypatch.setattr(
        WordTable, "_cells", property(lambda table: walks.append(1) or cells.fget(table))
    )
    rows = [(f"{n}", Bar(n / 3, pace=50.0, light="red" if n % 2 else None)) for n in range(300)]
    columns = [
        Column[tuple[str, Bar]]("序号", lambda r: r[0], nowrap=True),
        Column[tuple[str, Bar]]("进度", None, chart=lambda r: r[1]),
    ]
    target = tmp_path / "a.docx"
    docx.write(Document("标题", "截至 2009-06-30", {}, [Table("t", "进度", columns, rows)]), target)
    assert (len(searches), len(walks)) == (1, 0)

    monkeypatch.undo()
    (table,) = read_docx(str(target)).tables
    assert [row.cells[0].text for row in table.rows] == ["序号"] + [r[0] for r in rows]
    numbers = [
        drawing.get("id")
        for row in table.rows[1:]
        for drawing in row.cells[1]._tc.iter(qn("wp:docPr"))
    ]
    assert len(set(numbers)) == len(numbers) == 300  # one picture a row, each its number
    grid = [column.width for column in table.columns]
    assert all([cell.width for cell in row.cells] == grid for row in table.rows)


def _tables_document() -> Document:
    """Two tables of text, lights, multi-line cells and charts of both kinds, in a frame."""
    rows = [
        (f"{n}", f"第{n}行\n第二行 & <标记>", Bar(n / 3, pace=50.0, light="red" if n % 2 else None))
        for n in range(60)
    ]
    rows[0] = ("0", "<!--ipcity-rows-1-->", rows[0][2])  # text is escaped: never a mark
    columns = [
        Column[tuple[str, str, Bar]]("序号", lambda r: r[0], nowrap=True),
        Column[tuple[str, str, Bar]]("说明", lambda r: r[1], rest=True),
        Column[tuple[str, str, Bar]]("进度", None, chart=lambda r: r[2]),
    ]
    squares = [Column[int]("达标", None, chart=lambda n: Squares([("一季度", n % 2 == 0)] * 3))]
    return Document(
        "通报",
        "",
        {},
        [
            Heading("一、进度", 2),
            Table("a", "进度", columns, rows),
            Paragraph("两表之间"),
            Bullets([f"第{n}条" for n in range(30)]),
            PageBreak(landscape=True),
            Table("b", "达标", squares, list(range(40))),
            Paragraph("附件"),
            Table("c", "附表", columns[:1], rows[:5]),
        ],
        frame=FRAME,
    )


def test_rows_written_out_of_the_document_are_put_back_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the body holds leaves python-docx's tree as it is made (a province's report
    took 500 MB held whole), and the saved document.xml is the one the whole tree gives:
    the same bytes, each picture numbered once across the tables."""
    from ipcity.output import docx_body

    spilled = tmp_path / "spilled.docx"
    docx.write(_tables_document(), spilled)
    for name in ("flush", "begin_table", "row", "end_table"):  # all kept, as python-docx does
        monkeypatch.setattr(docx_body.Body, name, lambda *args, **kwargs: None)
    whole = tmp_path / "whole.docx"
    docx.write(_tables_document(), whole)
    with zipfile.ZipFile(spilled) as a, zipfile.ZipFile(whole) as b:
        assert a.namelist() == b.namelist()
        # (core.xml holds the time of writing)
        different = [n for n in a.namelist() if a.read(n) != b.read(n) and "core" not in n]
        written = a.read("word/document.xml")
    assert different == []
    assert written.count(b"<w:tr>") == 1 + 60 + 1 + 40 + 1 + 5
    assert b"<!--" not in written and b"&lt;!--ipcity-rows-1--&gt;" in written
    numbers = re.findall(rb'<wp:docPr id="(\d+)"', written)
    assert len(set(numbers)) == len(numbers) == 100


def test_a_tables_rows_are_let_go_as_they_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the cyclic collector off, as a command runs (cli/app.py), python-docx's row
    objects stayed: the collector is on while a document is written, the plan frozen out
    of its way (write.freed_as_they_go)."""
    from docx.table import _Row

    from ipcity.output import docx_body, write

    alive: list[int] = []
    add = docx_body.Body.row

    def counted(body: docx_body.Body, tr: object) -> None:
        add(body, tr)
        alive.append(sum(type(o) is _Row for o in gc.get_objects()))

    monkeypatch.setattr(docx_body.Body, "row", counted)
    columns = [Column[int]("序号", str, nowrap=True)]
    gc.collect()
    gc.disable()
    try:
        table = Table("t", "表", columns, list(range(400)))
        write.write(Document("标题", "", {}, [table]), "docx", tmp_path / "a.docx")
        still_off = not gc.isenabled()
    finally:
        gc.enable()
    # Held whole, the 400th row found 400 alive; collected along the way, about 100 at most.
    assert (len(alive), still_off) == (400, True)
    assert max(alive) < 200


def test_a_bar_is_a_png_of_its_fill_and_its_pace() -> None:
    picture = png.bar(Bar(25.0, pace=50.0, light="red"))
    assert picture[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", picture[16:24])
    assert (width, height) == (360, 40)  # 90 × 10 points, four pixels a point
    start = picture.index(b"IDAT") + 4
    (size,) = struct.unpack(">I", picture[start - 8 : start - 4])
    raw = zlib.decompress(picture[start : start + size])
    rows = [raw[n * (1 + 3 * width) : (n + 1) * (1 + 3 * width)] for n in range(height)]
    assert len(set(rows)) == 1 and rows[0][0] == 0  # every row alike, unfiltered

    def pixel(x: int) -> tuple[int, ...]:
        return tuple(rows[0][1 + 3 * x : 4 + 3 * x])

    assert [pixel(0), pixel(89), pixel(90), pixel(180), pixel(183), pixel(184)] == [
        png.COLORS["red"], png.COLORS["red"], png.TRACK, png.PACE, png.PACE, png.TRACK
    ]  # fmt: skip


def test_fonts_name_their_stand_ins_for_machines_without_them(tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    docx.write(Document("标题", "截至 2009-06-30", {}, [Paragraph("正文")]), target)
    word = read_docx(str(target))
    table = next(r.target_part for r in word.part.rels.values() if "fontTable" in r.reltype)
    fonts = table.blob.decode("utf-8")
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in fonts
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
    assert '<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"/>' in fonts


FRAME = Frame(
    issuer="嘉兴市知识产权试点城市工作领导小组办公室",
    number="嘉知试办〔2009〕  号",
    recipients=["各县（市、区）人民政府", "市级有关部门"],
    date="2010年1月15日",
    cc=["市委办公室", "市人大常委会办公室"],
    printer="嘉兴市知识产权试点城市工作领导小组办公室",
    annexes=["各单位工作情况评分表"],
)


def test_an_official_document_has_its_frame_in_order(tmp_path: Path) -> None:
    columns: list[Column[dict[str, str]]] = [Column("单位", lambda r: r["unit"])]
    doc = Document(
        "关于2009年下半年试点工作督查情况的通报",
        "督查时段 2009-07-01 至 2009-12-31",
        {},
        [
            Heading("一、总体情况", 2),
            Paragraph("任务 44 项。"),
            Heading("（一）市科技局", 3),
            Bullets(["到期未完成：6.1", "本期无进度记录：7.1"]),
            PageBreak(),
            Paragraph("附件"),
            Table("scorecard", "各单位工作情况评分表", columns, [{"unit": "市科技局"}]),
        ],
        frame=FRAME,
    )
    target = tmp_path / "通报.docx"
    docx.write(doc, target)
    word = read_docx(str(target))
    texts = [p.text for p in word.paragraphs if p.text]
    assert texts == [
        "嘉兴市知识产权试点城市工作领导小组办公室",
        "嘉知试办〔2009〕  号",
        "关于2009年下半年试点工作督查情况的通报",
        "各县（市、区）人民政府，市级有关部门：",
        "一、总体情况",
        "任务 44 项。",
        "（一）市科技局",
        "1. 到期未完成：6.1",
        "2. 本期无进度记录：7.1",
        "附件：各单位工作情况评分表",
        "嘉兴市知识产权试点城市工作领导小组办公室",
        "2010年1月15日",
        "附件",
        "各单位工作情况评分表",
        "抄送：市委办公室，市人大常委会办公室。",
        "嘉兴市知识产权试点城市工作领导小组办公室　　2010年1月15日印发",
    ]
    by_text = {p.text: p for p in word.paragraphs if p.text}
    mark = next(p for p in word.paragraphs if p.text)
    assert str(mark.runs[0].font.color.rgb) == "FF0000"  # the mark in red
    assert 'w:color="FF0000"' in by_text["嘉知试办〔2009〕  号"]._p.xml  # the red rule
    heading = by_text["一、总体情况"]
    assert east_asian_font(heading.runs[0]._r) == "黑体"
    assert east_asian_font(by_text["（一）市科技局"].runs[0]._r) == "楷体_GB2312"
    date = by_text["2010年1月15日"]
    assert date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent == Pt(64)  # 右空四字
    assert by_text["抄送：市委办公室，市人大常委会办公室。"].runs[0].font.size == Pt(14)
    assert word.tables[0].rows[1].cells[0].text == "市科技局"


def test_text_xml_cannot_hold_is_written_as_its_code(tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    docx.write(Document("标题", "", {}, [Paragraph("说明\x1b[2J结束")]), target)
    assert [p.text for p in read_docx(str(target)).paragraphs][-1] == "说明\\x1b[2J结束"


@pytest.mark.slow
def test_libreoffice_opens_the_bulletin_as_a4_pages(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "通报.docx"
    result = cli("inspect", "--period", "2009H1", "--format", "docx", "--output", str(target))
    assert result.exit_code == 0, result.output
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None, "LibreOffice is installed by .ci/run"
    converted = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(target)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    assert converted.returncode == 0, converted.stderr
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "通报.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "Page size:       595.304 x 841.89 pts (A4)" in info
    assert (
        int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages"))) >= 2
    )


def test_the_bulletin_in_word_is_laid_out_as_a_tongbao(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "通报.docx"
    result = cli(
        "inspect", "--period", "2009H1", "--date", "2009-07-10", "--format", "docx",
        "--output", str(target),
    )  # fmt: skip
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    word = read_docx(str(target))
    body, annex = word.sections

    def mm(length: int | None) -> float:
        assert length is not None
        return round(length / Mm(1), 1)

    # The body on A4 with the standard's margins; the scorecard on a landscape page whose
    # 版心 is the body's turned (225 × 156 mm), the page numbers carried on.
    assert (mm(body.page_width), mm(body.page_height)) == (210.0, 297.0)
    assert (mm(body.top_margin), mm(body.bottom_margin)) == (37.0, 35.0)
    assert (mm(body.left_margin), mm(body.right_margin)) == (28.0, 26.0)
    assert (mm(annex.page_width), mm(annex.page_height)) == (297.0, 210.0)
    assert mm(annex.page_width) - mm(annex.left_margin) - mm(annex.right_margin) == 225.0
    assert mm(annex.page_height) - mm(annex.top_margin) - mm(annex.bottom_margin) == 156.0
    assert annex.footer.is_linked_to_previous

    texts = [p.text for p in word.paragraphs if p.text]
    assert texts[:4] == [
        "嘉兴市国家知识产权试点城市工作领导小组办公室",
        "〔2009〕  号",
        "关于2009年上半年国家知识产权试点城市建设工作督查情况的通报",
        "各县（市、区）人民政府，各领导小组成员单位：",
    ]
    headings = [t for t in texts if t[1:2] == "、"]
    assert headings == [
        "一、总体情况", "二、督查工作开展情况", "三、主要成效", "四、量化指标完成情况",
        "五、存在的问题", "六、与上期相比", "七、下步要求",
    ]  # fmt: skip
    by_text = {p.text: p for p in word.paragraphs if p.text}
    mark = next(p for p in word.paragraphs if p.text)
    assert mark.runs[0].font.size == Pt(19)  # 22 characters on one line of the 版心
    assert east_asian_font(by_text["一、总体情况"].runs[0]._r) == "黑体"
    assert east_asian_font(by_text["（一）逾期未完成的任务"].runs[0]._r) == "楷体_GB2312"
    assert any(
        t.startswith("1. 市政府办公室：1 成立国家知识产权试点城市工作领导小组（2008年9月30日")
        for t in texts
    )
    assert texts[-2:] == [
        "抄送：领导小组组长、副组长。",
        "嘉兴市国家知识产权试点城市工作领导小组办公室　　2009年7月10日印发",
    ]
    # The signature keeps with the last line of the body; the annex title is centred.
    signature = texts.index("附件：各单位工作情况评分表")
    assert texts[signature + 1 : signature + 4] == [
        "嘉兴市国家知识产权试点城市工作领导小组办公室", "2009年7月10日", "附件",
    ]  # fmt: skip
    assert by_text["各单位工作情况评分表"].alignment == WD_ALIGN_PARAGRAPH.CENTER
    scorecard = word.tables[-1]
    assert [c.text for c in scorecard.rows[0].cells][:3] == ["名次", "单位", "状况"]
    assert all("w:cantSplit" in row._tr.xml for row in scorecard.rows[1:])
