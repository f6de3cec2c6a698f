"""One document, many formats: the report and the 督查通报 state the same facts in
Markdown, HTML and XLSX, because each is drawn from the one builder."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Cli
from docx import Document as read_docx
from openpyxl import load_workbook
from statuslog import check, rec, write_log

Rows = list[list[str]]
BAR = re.compile("[█░]+|进度")


class _Page(HTMLParser):
    """The visible text of an HTML page: its sentences, and its tables' rows of cells."""

    def __init__(self) -> None:
        super().__init__()
        self.sentences: list[str] = []
        self.tables: list[Rows] = []
        self._text: list[str] | None = None
        self._svg = 0
        self._picture: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg" or ("class", "chart") in attrs or ("class", "legend") in attrs:
            self._svg += 1  # a picture, its caption and its legend are not facts
            self._picture.append(tag)
            return
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        if tag in ("h1", "h2", "h3", "p", "li", "td", "th"):
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._picture and tag == self._picture[-1]:
            self._picture.pop()
            self._svg -= 1
            return
        elif tag in ("h1", "h2", "h3", "p", "li") and self._text is not None:
            self.sentences.append("".join(self._text).strip())
            self._text = None
        elif tag in ("td", "th") and self._text is not None:
            self.tables[-1][-1].append("".join(self._text).strip())
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._text is not None and not self._svg:
            self._text.append(data)


def markdown_facts(text: str) -> tuple[list[str], list[Rows]]:
    """Sentences (headings, paragraphs, list items) and tables (header and rows) of a
    Markdown document, as ipcity writes them."""
    sentences: list[str] = []
    tables: list[Rows] = []
    in_table = False
    for line in text.splitlines():
        if line.startswith("|"):
            if not in_table:
                tables.append([])
                in_table = True
            if not re.fullmatch(r"\|(---\|)+", line):
                cells = re.split(r"(?<!\\) \| ", line.strip()[2:-2])
                tables[-1].append([c.replace("<br>", "\n").replace("\\|", "|") for c in cells])
            continue
        in_table = False
        if line and line != "---":  # a page break (before an annex) is not a sentence
            sentences.append(re.sub(r"^(#+|-) ", "", line))
    return sentences, tables


def _with_progress(data_dir: Path) -> None:
    """Something in every table and every section: parts done and checked, a claim
    waiting, a blocked part with its reason, a city figure and a county's share, a duty
    met, an extension asked for."""
    write_log(
        data_dir,
        [
            rec("1", "2008-09-25", "done", by="市政府办公室"),
            check("1", "2008-09-28", "市政府办公室"),
            rec("2", "2009-03-25", "done", by="市科技局"),
            rec("6.1", "2009-06-30", values={"年专利申请量": 2750}),
            rec("9.1", "2009-05-01", "blocked", by="市科技创业服务中心", note="无场地、无经费"),
            rec("5.2", "2009-03-01", count=1),
            rec("13.2", "2009-05-01", "done", by="海宁市", evidence="海政发〔2009〕20号"),
            rec("13.2", "2009-05-02", by="平湖市", note="资金方案待县政府常务会审议"),
            check("13.2", "2009-08-10", "海宁市政府"),
            rec("6.1", "2009-09-30", by="海宁市", values={"年专利申请量": 820}),
            {
                "task": "6.1",
                "date": "2009-12-01",
                "unit": "市科技局",
                "extend_to": "2010-06-30",
                "reason": "年度统计口径调整",
            },
            rec("14", "2009-12-20", count=1, by="市政府办公室"),
        ],
    )


@pytest.mark.parametrize(
    "args",
    [
        ("report", "--as-of", "2010-01-15"),
        ("inspect", "--period", "2009H2", "--date", "2010-01-15"),
    ],
    ids=["report", "inspect"],
)
def test_markdown_html_and_xlsx_state_the_same_facts(
    cli: Cli, data_dir: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    _with_progress(data_dir)
    results = {}
    for fmt in ("md", "html", "xlsx", "docx"):
        target = tmp_path / f"out.{fmt}"
        result = cli(*args, "--format", fmt, "--output", str(target))
        assert result.exit_code == 0, result.output
        results[fmt] = target

    md_sentences, md_tables = markdown_facts(results["md"].read_text(encoding="utf-8"))
    page = _Page()
    page.feed(results["html"].read_text(encoding="utf-8"))
    # Every sentence, in the same order, in both: none is written twice in the code.
    assert page.sentences == md_sentences
    assert len(md_sentences) > 5
    # Every table, cell for cell (the HTML draws pictures beside the words, not instead).
    html_tables = [[[c for c in row if c] for row in table] for table in page.tables]
    # A bar drawn in text (████░░) stands in for a picture in Markdown, as its svg in HTML.
    md_tables = [
        [[c for c in row if c and not BAR.fullmatch(c)] for row in table] for table in md_tables
    ]
    assert html_tables == md_tables
    assert len(md_tables) >= 1

    # The Word document: the same sentences (its lists numbered 1. 2. as a 公文 numbers
    # them), the same tables but for the columns that are only pictures.
    word = read_docx(str(results["docx"]))
    word_sentences = [re.sub(r"^\d+\. ", "", p.text) for p in word.paragraphs if p.text]
    assert word_sentences == md_sentences
    assert [_without_pictures(_cells(table)) for table in word.tables] == md_tables

    # The workbook holds the same rows: each reading table's names (a task's number, a
    # unit's name) stand in one of its sheets, in the same order.
    book = load_workbook(results["xlsx"])
    columns = [
        [str(v) for v in column]
        for sheet in book
        for column in sheet.iter_cols(max_col=2, values_only=True)
    ]
    for header, *rows in md_tables:
        key = 1 if header[0] in ("状况", "名次") else 0
        names = [row[key] for row in rows]
        assert any(_in_order(names, column) for column in columns), header


def _cells(table: object) -> Rows:
    return [[cell.text for cell in row.cells] for row in table.rows]  # type: ignore[attr-defined]


def _without_pictures(rows: Rows) -> Rows:
    """A table without its picture-only columns (no text below the header), nor the
    empty cells that the other formats leave out too."""
    header, *body = rows
    keep = [n for n in range(len(header)) if any(row[n] for row in body)]
    return [[row[n] for n in keep if row[n]] for row in rows]


def _in_order(wanted: list[str], column: list[str]) -> bool:
    """Whether column holds every one of wanted, in that order (other cells between)."""
    found = iter(column)
    return all(any(value == name for value in found) for name in wanted)
