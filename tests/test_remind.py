"""`ipcity remind`: a 催办通知 for each unit with something to answer for, naming its parts
by their tasks' titles, in Markdown, HTML and Word from one builder; none for a unit with
nothing to answer for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Cli
from docx import Document as read_docx
from formbook import write_forms
from test_contacts import add_contacts
from tests_support import COUNTIES

OVERDUE_ON_JUNE_30 = {
    "市政府办公室": ["1", "2", "3", "4"],
    "市科技局": ["2"],
    **{county: ["13.2"] for county in COUNTIES},
}


def remind(cli: Cli, out: Path, *more: str) -> str:
    result = cli("remind", "--as-of", "2009-06-30", "--out", str(out), *more)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def section(text: str, heading: str) -> list[list[str]]:
    """The rows of the Markdown table under a heading (## 一、已逾期的任务（4 项）)."""
    found = re.search(rf"## .、{heading}（\d+ [项份]）\n\n(.*?)\n\n", text + "\n\n", re.S)
    if found is None:
        return []
    lines = found[1].splitlines()[2:]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]


def test_each_unit_with_overdue_parts_is_told_which_by_their_titles(
    cli: Cli, tmp_path: Path
) -> None:
    remind(cli, tmp_path, "--format", "md")
    for unit, tasks in OVERDUE_ON_JUNE_30.items():
        text = (tmp_path / f"{unit}催办通知.md").read_text(encoding="utf-8")
        assert [row[0] for row in section(text, "已逾期的任务")] == tasks, unit
    office = (tmp_path / "市政府办公室催办通知.md").read_text(encoding="utf-8")
    assert section(office, "已逾期的任务")[0] == [
        "1", "成立国家知识产权试点城市工作领导小组", "2008-09-30", "未开始，逾期", "273 天"
    ]  # fmt: skip
    haining = (tmp_path / "海宁市政府催办通知.md").read_text(encoding="utf-8")
    assert section(haining, "已逾期的任务") == [
        [
            "13.2",
            "建立完善各类知识产权专项资金：各县(市、区)应设立相应的知识产权专项资金",
            "2008-12-31",
            "未开始，逾期",
            "181 天",
        ]
    ]


def without_office(data_dir: Path) -> None:
    """The plan as one that names no issuing office: its notices are plain letters."""
    tasks = data_dir / "tasks.yaml"
    lines = tasks.read_text(encoding="utf-8").split("\n")
    start = lines.index("office:")
    end = next(n for n in range(start + 1, len(lines)) if not lines[n].startswith("  "))
    tasks.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")


def test_the_whole_notice_in_markdown(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    without_office(data_dir)
    add_contacts(data_dir, {"市政府办公室": "    contact: 王芳\n    phone: 0573-82000000\n"})
    cli("record", "5.2", "--status", "in_progress", "--by", "市政府办公室", "--date", "2009-06-01",
        "--count", "1", "--note", "召开领导小组第一次会议")  # fmt: skip
    stdout = remind(cli, tmp_path, "--unit", "市政府办", "--format", "md")
    assert (
        stdout
        == "市政府办公室催办通知.md　逾期 4 项、90 日以上无记录 1 项、经常性工作未完成 1 项\n"
    )
    assert (tmp_path / "市政府办公室催办通知.md").read_text(encoding="utf-8") == (
        "# 催办通知\n\n"
        "市政府办公室：\n\n"
        "按照《嘉兴市建设国家知识产权试点城市工作目标和任务分解》的分工，截至 2009年6月30日，"
        "贵单位有以下事项需要抓紧办理：\n\n"
        "## 一、已逾期的任务（4 项）\n\n"
        "| 序号 | 工作内容 / 目标要求 | 期限 | 状态 | 逾期 |\n"
        "|---|---|---|---|---|\n"
        "| 1 | 成立国家知识产权试点城市工作领导小组 | 2008-09-30 | 未开始，逾期 | 273 天 |\n"
        "| 2 | 印发创建工作方案,建立国家知识产权试点城市工作目标责任 | 2009-03-31 | 未开始，逾期 | 91 天 |\n"
        "| 3 | 召开国家知识产权试点城市建设推进大会 | 2009-03-31 | 未开始，逾期 | 91 天 |\n"
        "| 4 | 出台《贯彻实施〈国家知识产权战略纲要〉 大力推进知识产权保护工作的若干意见》"
        " | 2009-03-31 | 未开始，逾期 | 91 天 |\n\n"
        "## 二、90 日以上没有进度记录的任务（1 项）\n\n"
        "| 序号 | 工作内容 / 目标要求 | 期限 | 状态 | 最近进度 |\n"
        "|---|---|---|---|---|\n"
        "| 14 | 定期和不定期对试点工作任务的开展落实情况进行督促检查：每半年开展一次督查"
        " | 2010-12-31 | 未开始 | 无记录 |\n\n"
        "## 三、本期尚未完成的经常性工作（1 项）\n\n"
        "| 序号 | 经常性工作 | 要求 | 本期 | 已办 | 还差 |\n"
        "|---|---|---|---|---|---|\n"
        "| 14 | 督查 | 每半年至少 1 次 | 2009年上半年（2009-06-30 止） | 0 次 | 1 次 |\n\n"
        "请抓紧办理，并将进展情况和佐证材料报送领导小组办公室；已经办理的，请一并说明。"
        "报送进度可填写进度填报表，或直接告知办公室。\n\n"
        "（贵单位联系人：王芳，电话 0573-82000000）\n\n"
        "2009年6月30日\n"
    )


def test_a_unit_with_nothing_to_answer_for_gets_no_notice(cli: Cli, tmp_path: Path) -> None:
    cli("record", "10.3", "--status", "in_progress", "--by", "市检察院", "--date", "2009-06-01")
    stdout = remind(cli, tmp_path / "all", "--format", "md")
    assert not (tmp_path / "all" / "市检察院催办通知.md").exists()
    assert (tmp_path / "all" / "市中级法院催办通知.md").exists()
    assert stdout.splitlines()[-1] == f"已写催办通知 27 份，写在 {tmp_path / 'all'}"
    assert remind(cli, tmp_path / "one", "--unit", "市人民检察院") == (
        "市检察院截至 2009-06-30 没有要催办的事项，没有写通知\n"
    )
    assert not (tmp_path / "one").exists() or list((tmp_path / "one").iterdir()) == []


def test_returned_claims_parts_due_soon_and_forms_not_returned(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_forms(cli, Path("sent"), "--due", "2009-07-05")
    cli("record", "6.1", "--status", "done", "--by", "市科技局", "--date", "2009-06-01")
    cli("verify", "6.1", "--return", "--note", "缺全年统计表", "--date", "2009-06-10")
    cli("record", "6.3", "--status", "in_progress", "--by", "市工商局", "--date", "2009-06-01")
    result = cli("remind", "--as-of", "2009-12-10", "--out", "notices", "--format", "md")
    assert result.exit_code == 0, result.output
    tech = Path("notices", "市科技局催办通知.md").read_text(encoding="utf-8")
    assert section(tech, "核查退回、需要补报的任务") == [
        [
            "6.1",
            "提高全市知识产权创造能力：年专利申请量和授权量分别达到5500件以上和3300件以上",
            "2009-12-31",
            "进行中（核查退回：缺全年统计表）",
            "缺全年统计表",
        ]
    ]
    forms = section(tech, "尚未报回的进度填报表")
    assert [row[1:] for row in forms] == [
        ["2009年上半年", "2009-06-20", "2009-07-05", "已过报回期限，尚未报回"]
    ]
    # 6.3 is due 2010-12-31: nothing soon; the counties' 13.2 has been overdue a year.
    trade = Path("notices", "市工商局催办通知.md").read_text(encoding="utf-8")
    assert [row[0] for row in section(trade, "30 日内到期的任务")] == []
    cli("record", "2", "--status", "in_progress", "--by", "市科技局", "--date", "2009-11-20")
    cli("extend", "2", "--unit", "市科技局", "--to", "2009-12-20", "--reason", "待市政府常务会审议",
        "--approved-by", "市政府办公室", "--date", "2009-11-21")  # fmt: skip
    cli("remind", "--as-of", "2009-12-10", "--out", "again", "--format", "md")
    tech = Path("again", "市科技局催办通知.md").read_text(encoding="utf-8")
    assert section(tech, "30 日内到期的任务")[0][:3] == [
        "2",
        "印发创建工作方案,建立国家知识产权试点城市工作目标责任",
        "原定 2009-03-31，经批准延至 2009-12-20",
    ]


def test_a_collected_form_is_no_longer_chased(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from formbook import fill
    from test_collect import FILLED, FILLED_ON

    monkeypatch.chdir(tmp_path)
    write_forms(cli, Path("sent"), "--due", "2009-07-05")
    fill(Path("sent", "市科技局.xlsx"), Path("back.xlsx"), FILLED, FILLED_ON)
    assert cli("collect", "back.xlsx").exit_code == 0
    remind(cli, tmp_path / "n", "--format", "md")
    tech = (tmp_path / "n" / "市科技局催办通知.md").read_text(encoding="utf-8")
    trade = (tmp_path / "n" / "市工商局催办通知.md").read_text(encoding="utf-8")
    assert "尚未报回的进度填报表" not in tech
    assert "尚未报回的进度填报表" in trade


def test_the_office_issues_it_in_word_html_and_markdown_alike(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    named = "  name: 嘉兴市国家知识产权试点城市工作领导小组办公室\n"
    assert named in text
    tasks.write_text(text.replace(named, "  name: 试点工作领导小组办公室\n"), encoding="utf-8")
    for fmt in ("md", "html", "docx"):
        remind(cli, tmp_path, "--unit", "海宁市", "--format", fmt)
    md = (tmp_path / "海宁市政府催办通知.md").read_text(encoding="utf-8")
    # The office's mark and the number left for it (版头), then the notice; signed at the end.
    assert md.startswith(
        "试点工作领导小组办公室\n\n〔2009〕  号\n\n# 催办通知\n\n海宁市政府：\n\n按照《"
    )
    assert md.endswith("\n\n试点工作领导小组办公室\n\n2009年6月30日\n")
    html = (tmp_path / "海宁市政府催办通知.html").read_text(encoding="utf-8")
    assert (
        '<p class="issuer">试点工作领导小组办公室</p>\n<p class="number">〔2009〕  号</p>\n'
        '<h1 class="title">催办通知</h1>\n<p class="to">海宁市政府：</p>'
    ) in html
    assert ('<p class="sign">试点工作领导小组办公室</p>\n<p class="sign">2009年6月30日</p>') in html
    word = read_docx(str(tmp_path / "海宁市政府催办通知.docx"))
    paragraphs = [p.text for p in word.paragraphs if p.text]
    assert paragraphs[:4] == ["试点工作领导小组办公室", "〔2009〕  号", "催办通知", "海宁市政府："]
    assert paragraphs[-2:] == ["试点工作领导小组办公室", "2009年6月30日"]
    cells = [[c.text for c in row.cells] for table in word.tables for row in table.rows]
    for line in ("13.2", "报送进度可填写进度填报表"):
        assert line in md and line in html
    assert ["13.2", "建立完善各类知识产权专项资金：各县(市、区)应设立相应的知识产权专项资金",
            "2008-12-31", "未开始，逾期", "181 天"] in cells  # fmt: skip
    assert "13.2 | 建立完善各类知识产权专项资金：各县(市、区)应设立相应的知识产权专项资金" in md


def test_a_date_is_needed_and_an_unwritable_folder_says_so(cli: Cli, tmp_path: Path) -> None:
    result = cli("remind", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "缺少选项 --as-of" in result.stderr
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = cli("remind", "--as-of", "2009-06-30", "--out", str(blocker / "n"))
    assert (result.exit_code, result.stderr) == (
        1,
        f"错误：无法写入 {blocker / 'n'}：Not a directory\n",
    )


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (("remind", "--as-of", "2009-12-31"), "docx.document.Document"),
        (("forms", "--period", "2009H2"), "openpyxl.workbook.workbook.Workbook"),
    ],
)
def test_each_units_document_is_freed_once_written(
    cli: Cli, tmp_path: Path, args: tuple[str, ...], kind: str
) -> None:
    # A command runs with the cyclic collector off (cli/app.py), and a Word document or a
    # workbook is objects in cycles: every one written stayed in memory (979 reminders of
    # a province took 5.5 GB).
    import gc

    gc.collect()
    gc.disable()
    try:
        result = cli(*args, "--out", str(tmp_path / "out"))
        alive = [o for o in gc.get_objects() if f"{type(o).__module__}.{type(o).__name__}" == kind]
        enabled_after = gc.isenabled()
    finally:
        gc.enable()
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").iterdir())) >= 5
    assert (alive, enabled_after) == ([], False)  # freed, and the collector off again


@pytest.mark.parametrize(
    ("args", "writer", "kind"),
    [
        (("remind", "--as-of", "2009-12-31"), "ipcity.output.docx", "docx.document.Document"),
        (
            ("forms", "--period", "2009H2"),
            "ipcity.output.form_book",
            "openpyxl.workbook.workbook.Workbook",
        ),
    ],
)
def test_each_units_document_is_freed_before_the_next_is_made(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    writer: str,
    kind: str,
) -> None:
    # Left to the collector's own pace, a few units' documents waited at a time (979
    # reminders of a province peaked at 263 MB, not 150).
    import gc
    import importlib

    module = importlib.import_module(writer)
    write = module.write
    before: list[int] = []

    def counted(*given: object) -> None:
        name = lambda o: f"{type(o).__module__}.{type(o).__name__}"  # noqa: E731
        before.append(sum(name(o) == kind for o in gc.get_objects()))
        write(*given)

    monkeypatch.setattr(module, "write", counted)
    gc.collect()
    gc.disable()
    try:
        result = cli(*args, "--out", str(tmp_path / "out"))
    finally:
        gc.enable()
    assert result.exit_code == 0, result.output
    assert len(before) >= 5 and set(before) == {0}  # none left from the unit before
