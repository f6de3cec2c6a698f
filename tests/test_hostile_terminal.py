"""What a hostile plan (tests/hostile.py) cannot do on a terminal or in a document: no
terminal escape, bidi override or zero-width character reaches a terminal raw, and text
from the data never becomes Markdown or HTML structure. The writers are tested on their
own too, with names that `validate` would refuse: they must be safe without it."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from hostile import MD_TARGET, NOTE, make_hostile
from statuslog import rec, write_plan

from ipcity.answers import inspection, progress
from ipcity.cli import app
from ipcity.files.load import load_plan
from ipcity.output import html, markdown, report, terminal
from ipcity.output import inspection as bulletin
from ipcity.output.columns import UNIT_COLUMNS
from ipcity.output.problems import github_annotation
from ipcity.output.text import render
from ipcity.plan.problems import Problem
from ipcity.text import HIDDEN_CATEGORIES

FORGED = "市工商局\n\n## 三、表扬名单\n\n全部单位予以表扬"
ESCAPED_NOTE = "\\x1b]0;pwned\\x07\\x1b[2J\\u202eabc"


def raw_hidden(text: str) -> list[str]:
    """Hidden characters (controls, bidi, zero-width…) in text, but line breaks."""
    import unicodedata

    return [
        f"U+{ord(ch):04X}"
        for ch in text
        if ch != "\n" and unicodedata.category(ch) in HIDDEN_CATEGORIES
    ]


def unfolded(text: str) -> str:
    """A terminal table's text with the folding and the padding taken out."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def hostile(cli: Cli, data_dir: Path) -> Cli:
    make_hostile(data_dir)
    return cli


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("log",), ESCAPED_NOTE),
        (("show", "6.3"), ESCAPED_NOTE),
        # and in Markdown, each backslash and bracket escaped once more
        (("log", "--format", "md"), "\\\\x1b\\]0;pwned\\\\x07\\\\x1b\\[2J\\\\u202eabc"),
    ],
)
def test_a_note_full_of_escapes_is_shown_escaped(
    hostile: Cli, args: tuple[str, ...], shown: str
) -> None:
    # wide enough that the note is not folded across lines
    result = hostile.runner.invoke(
        app, [*args, "--data-dir", str(hostile.data_dir)], env={"COLUMNS": "400"}
    )
    assert result.exit_code == 0, result.output
    assert raw_hidden(result.stdout) == []
    assert shown in result.stdout


def plan_of(tmp_path: Path) -> Any:
    data_dir = write_plan(
        tmp_path / "plan",
        "  - {id: '1', content: 工作一, tasks: [{id: '1', deadline: 2009年9月, responsible: [甲局]}]}\n"
        "  - {id: '2', content: 工作二, tasks: [{id: '2', deadline: 2009年3月, responsible: [乙局]}]}\n",
        ["甲局", "乙局"],
        [rec("1", "2009-10-15", "done", by="甲局")],
    )
    plan, problems = load_plan(data_dir, date(2011, 1, 1))
    assert plan is not None, problems
    return plan


def test_the_report_heading_and_tables_are_shown_escaped(tmp_path: Path) -> None:
    data = progress.report(plan_of(tmp_path), date(2010, 1, 15))
    data["title"] = "\x1b]0;pwned\x07方案\u202e"
    data["units"][0]["unit"] = "乙局\x1b[2J"
    out = io.StringIO()
    terminal.draw(report.document(data), out)
    assert raw_hidden(out.getvalue()) == []
    assert out.getvalue().startswith("\\x1b]0;pwned\\x07方案\\u202e：工作进展（截至 2010-01-15）\n")
    assert "乙局\\x1b[2J" in unfolded(out.getvalue())


def test_units_are_shown_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [
        {"name": "市工商局\u200d", "kind": "市级部门", "aliases": ["市工商局\u202e"]},
    ]
    out = io.StringIO()
    monkeypatch.setenv("COLUMNS", "200")  # no escape folded over two lines of its column
    render([r | {"responsible": 1, "cooperating": 0} for r in rows], "table", UNIT_COLUMNS, out=out)
    assert raw_hidden(out.getvalue()) == []
    assert "市工商局\\u200d" in unfolded(out.getvalue())
    assert "市工商局\\u202e" in unfolded(out.getvalue())


def test_a_problem_shows_the_line_and_the_message_escaped() -> None:
    problem = Problem(
        "status.yaml", 3, 11, "未知单位「乙局\x1b[2J」", "删去\u202e", '  by: "乙局\x1b[2J" # x'
    )
    # the caret stands under the column, past the escape that is now four characters wide
    assert problem.format() == (
        "status.yaml:3:11: error: 未知单位「乙局\\x1b[2J」\n"
        '  3 |   by: "乙局\\x1b[2J" # x\n'
        "    |                ^\n"
        "  提示：删去\\u202e"
    )


def test_an_error_message_is_shown_escaped(cli: Cli) -> None:
    result = cli("list", "--unit", "\x1b[31m红\u202e")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：未知单位「\\x1b[31m红\\u202e」")
    assert raw_hidden(result.stderr) == []


def bulletin_of(tmp_path: Path) -> dict[str, Any]:
    data = inspection.inspect(
        plan_of(tmp_path),
        date(2009, 7, 1),
        date(2009, 12, 31),
        "2009年下半年",
        inspection.Issuing(date(2010, 1, 15)),
    )
    assert [u["unit"] for u in data["units"]] == ["乙局"] and data["commended"] == ["甲局"]
    return data


def headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]


def inspection_markdown(data: Any) -> str:
    return markdown.document(bulletin.document(data))


def test_a_unit_name_cannot_forge_a_section_of_the_bulletin(tmp_path: Path) -> None:
    data = bulletin_of(tmp_path)
    data["units"][0]["unit"] = FORGED
    data["commended"] = ["# 标题", "- 列表"]
    data["title"] = "> 引用 | 表格 *强调* [链接](http://x) `代码` ~删除~ &amp; $x$"
    text = inspection_markdown(data)
    # The sections are the 通报's own; the forged one is text inside a list item.
    assert headings(text) == [
        "# 关于2009年下半年工作督查情况的通报",
        "## 一、总体情况",
        "## 二、督查工作开展情况",
        "## 三、主要成效",
        "### （一）本期完成的任务",
        "### （二）予以表扬的单位",
        "## 四、存在的问题",
        "### （一）逾期未完成的任务",
        "### （二）未报送进度的单位",
        "## 五、与上期相比",
        "## 六、下步要求",
        "# 附件",
        "# 各单位工作情况评分表",
    ]
    assert (
        "- 市工商局<br><br>\\#\\# 三、表扬名单<br><br>全部单位予以表扬：2 工作二"
        "（2009年3月31日到期，未开始）\n"
    ) in text
    # names stand inside the commendation's sentence, never at a line's start; what would
    # be Markdown in them is escaped
    assert "予以表扬：\\# 标题、- 列表。\n" in text
    data["commended"] = ["1. 序号", "=====", "<b>粗</b>"]
    assert "予以表扬：1. 序号、=====、\\<b\\>粗\\</b\\>。\n" in inspection_markdown(data)
    assert (
        "按照《\\> 引用 \\| 表格 \\*强调\\* \\[链接\\](http://x) \\`代码\\` \\~删除\\~ "
        "\\&amp; \\$x\\$》的要求"
    ) in text


def test_markdown_output_passes_no_html_and_no_structure_from_the_data(hostile: Cli) -> None:
    result = hostile("list", "--item", "14", "--format", "md")
    assert result.exit_code == 0, result.output
    row = result.stdout.splitlines()[2]
    assert "<img" not in result.stdout.replace("\\<img", "")
    assert (
        "\\<img src=x onerror=alert(1)\\><br><br>\\#\\# 三、表扬名单<br><br>"
        "\\| 伪造 \\| 表格 \\|<br>- 列表"
    ) in row
    assert len(result.stdout.splitlines()) == 3  # the header, the rule and one row


def test_html_escapes_what_the_data_holds(hostile: Cli, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = hostile("report", "--format", "html", "--output", str(out), "--as-of", "2011-01-01")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    data = bulletin_of(Path(str(out.parent)) / "b")
    data["units"][0]["unit"] = "<script>alert(1)</script>"
    assert "<script>" not in html.page(bulletin.document(data))


def test_a_note_is_kept_as_written(hostile: Cli) -> None:
    """Escaping is for showing: the data and the JSON hold the text itself."""
    [shown] = hostile.json("show", "6.3")
    assert shown["history"][0]["note"] == NOTE
    assert MD_TARGET in [row["target"] for row in hostile.json("list", "--item", "14")]


def test_a_github_annotation_shows_hidden_characters_escaped() -> None:
    problem = Problem("status.yaml", 3, 4, "未知单位「乙局\x1b[2J\u202e」\r\n", "改\x07")
    assert github_annotation(problem) == (
        "::error file=status.yaml,line=3,col=4::未知单位「乙局\\x1b[2J\\u202e」%0D%0A%0A提示：改\\x07"
    )


def test_a_problem_headline_stays_one_line() -> None:
    """A tab or a line break quoted from the data is escaped too (found by the fuzzer)."""
    assert Problem("f.yaml", 1, 1, "未知单位「甲\t乙\n丙」", "改\t").format() == (
        "f.yaml:1:1: error: 未知单位「甲\\x09乙\\x0a丙」\n  提示：改\\x09"
    )
