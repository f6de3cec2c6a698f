"""ipcity report: the numbers, the unit lights, and every output format."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli
from openpyxl import load_workbook
from statuslog import check, rec, write_log, write_plan

from ipcity.text import display_width

EMPTY_AS_OF = "2009-06-30"


def test_empty_log_as_of_mid_2009(cli: Cli) -> None:
    data = cli.json("report", "--as-of", EMPTY_AS_OF)
    assert list(data) == [
        "title", "as_of", "summary", "items", "units", "overdue", "indicators", "recurring",
        "claims", "extensions",
    ]  # fmt: skip
    assert (data["claims"], data["extensions"]) == ([], [])
    assert data["summary"] == {
        "total": 44,
        "done": 0,
        "in_progress": 0,
        "blocked": 0,
        "not_started": 44,
        "overdue": 5,
        "percent_done": 0.0,
    }
    assert [i["total"] for i in data["items"]] == [1, 1, 1, 1, 3, 4, 3, 6, 3, 8, 5, 5, 2, 1]
    assert [i["item"] for i in data["items"]] == [str(n) for n in range(1, 15)]
    assert list(data["items"][0]) == ["item", "content", "total", "done", "overdue", "percent_done"]
    assert [(r["id"], r["due"], r["days"]) for r in data["overdue"]] == [
        ("1", "2008-09-30", 273),
        ("13.2", "2008-12-31", 181),
        ("2", "2009-03-31", 91),
        ("3", "2009-03-31", 91),
        ("4", "2009-03-31", 91),
    ]


@pytest.mark.parametrize("day", ["2009-04-01", date.today().isoformat()])
def test_three_done_records_leave_two_overdue(cli: Cli, data_dir: Path, day: str) -> None:
    # Recorded then, or today (as `ipcity record` dates a record by default): the report
    # reads each task's parts, as `ipcity list` does. Task 2 has two, 市政府办公室 and
    # 市科技局: a record naming no unit speaks for both; the office accepts each claim.
    claims = [rec(t, day, "done") for t in ("1", "2", "3")]
    parts = [("1", "市政府办公室"), ("2", "市政府办公室"), ("2", "市科技局"), ("3", "市政府办公室")]
    write_log(data_dir, claims + [check(t, day, unit) for t, unit in parts])
    data = cli.json("report", "--as-of", EMPTY_AS_OF)
    assert data["summary"]["done"] == 3
    assert data["summary"]["overdue"] == 2
    assert data["summary"]["percent_done"] == 6.8
    assert [r["id"] for r in data["overdue"]] == ["13.2", "4"]
    assert [(i["done"], i["percent_done"]) for i in data["items"][:4]] == [
        (1, 100.0),
        (1, 100.0),
        (1, 100.0),
        (0, 0.0),
    ]


def test_indicators_show_targets_then_readings(cli: Cli, data_dir: Path) -> None:
    def of_61(data: dict) -> list[dict]:
        return [i for i in data["indicators"] if i["task"] == "6.1"]

    empty = of_61(cli.json("report", "--as-of", EMPTY_AS_OF))
    shown = [
        (i["name"], i["target"], i["unit"], i["actual"], i["percent"], i["met"]) for i in empty
    ]
    assert shown == [
        ("年专利申请量", 5500, "件", None, None, False),
        ("年专利授权量", 3300, "件", None, None, False),
    ]
    write_log(
        data_dir,
        [
            rec("6.1", "2009-03-31", values={"年专利申请量": 1000}),
            rec("6.1", "2009-06-30", values={"年专利申请量": 2750, "年专利授权量": 1000}),
        ],
    )
    read = of_61(cli.json("report", "--as-of", EMPTY_AS_OF))
    # 序时进度 for a 2009 annual figure runs from 2009-01-01: 180 of 364 days by 06-30.
    assert [
        (i["actual"], i["percent"], i["met"], i["date"], i["expected"], i["on_pace"]) for i in read
    ] == [
        (2750, 50.0, False, "2009-06-30", 2719.8, True),
        (1000, 30.3, False, "2009-06-30", 1631.9, False),
    ]
    assert set(read[0]) >= {"task", "name", "target", "unit", "actual", "percent", "met"}


def test_rich_report_fits_100_columns_and_stays_readable_at_80(
    cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_log(
        data_dir,
        [
            rec("1", "2008-09-20", "done"),
            check("1", "2008-09-25", "市政府办公室"),
            rec("6.1", "2009-06-30", values={"年专利申请量": 2750}),
            rec("11.4", "2009-01-15", count=1, duty="报纸专栏"),
        ],
    )
    for width in (100, 80):
        monkeypatch.setenv("COLUMNS", str(width))
        result = cli("report", "--as-of", EMPTY_AS_OF)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert max(display_width(line) for line in lines) <= width
        text = result.stdout
        for heading in ("按工作项目", "按单位", "逾期任务", "量化指标", "经常性工作"):
            assert any(line.startswith(heading) for line in lines), (width, heading)
        # Unit names stay whole at both widths; the summary line is there in full.
        for unit in ("市政府办公室", "市质量技监局", "海宁市政府", "市委宣传部"):
            assert unit in text, (width, unit)
        assert "任务 44 项：已完成 1 项（2.3%），进行中 2，受阻 0，未开始 41；逾期 4 项。" in text
        assert "年专利申请量" in text and "2750件" in text and "50%" in text


def test_units_are_counted_by_list_unit_rules(cli: Cli) -> None:
    report_units = {u["unit"]: u for u in cli.json("report", "--as-of", EMPTY_AS_OF)["units"]}
    listed = {u["name"]: u for u in cli.json("units") if u["kind"] != "group"}
    for name, row in report_units.items():
        assert (row["led"], row["supported"]) == (
            listed[name]["responsible"],
            listed[name]["cooperating"],
        ), name
    # A county answers for 各县(市、区)政府's tasks: 5.1, 5.3, 13.2 led, seven supported.
    haining = report_units["海宁市政府"]
    assert (haining["led"], haining["supported"], haining["overdue_tasks"]) == (3, 7, ["13.2"])
    # Units with no task at all are not rows; groups are represented by their members.
    assert "各县(市、区)政府" not in report_units
    assert set(listed) - set(report_units) == set()


LIGHT_PLAN = """\
  - id: '1'
    content: 工作甲
    tasks: [{id: '1', deadline: 2009年3月, responsible: [甲局]}]
  - id: '2'
    content: 工作乙
    tasks: [{id: '2', deadline: 试点期内, responsible: [乙局]}]
  - id: '3'
    content: 工作丙
    tasks:
      - id: '3'
        target: 新增示范企业100家
        deadline: 试点期内
        responsible: [丙局]
        indicators: [{name: 新增示范企业, target: 100, unit: 家}]
  - id: '4'
    content: 工作丁
    tasks: [{id: '4', deadline: 2009年7月, responsible: [丁局]}]
  - id: '5'
    content: 工作戊
    tasks: [{id: '5', deadline: 试点期内, responsible: [戊局]}]
  - id: '6'
    content: 工作己
    tasks: [{id: '6', deadline: 试点期内, responsible: [己局], cooperating: [庚局]}]
"""


def test_traffic_lights_follow_the_rules_worst_first(tmp_path: Path) -> None:
    data_dir = write_plan(
        tmp_path / "plan",
        LIGHT_PLAN,
        ["甲局", "乙局", "丙局", "丁局", "戊局", "己局", "庚局"],
        [
            rec("1", "2009-07-01"),  # overdue since 03-31
            rec("2", "2009-07-01", "blocked"),
            rec("3", "2009-07-01", values={"新增示范企业": 10}),  # the line is at 25.8
            rec("4", "2009-07-01"),  # due 07-31: within 30 days
            rec("5", "2009-04-01"),  # 100 days without a record by 07-10
            rec("6", "2009-07-01"),
        ],
    )
    cli = Cli(data_dir)
    units = cli.json("report", "--as-of", "2009-07-10")["units"]
    assert [(u["unit"], u["light"]) for u in units] == [
        ("甲局", "red"),
        ("乙局", "red"),
        ("丙局", "red"),
        ("丁局", "yellow"),
        ("戊局", "yellow"),
        ("己局", "green"),
        ("庚局", "green"),
    ]
    reasons = {
        u["unit"]: (u["overdue"], u["blocked"], u["behind"], u["due_soon"], u["quiet"])
        for u in units
    }
    assert reasons["甲局"] == (1, 0, 0, 0, 0)
    assert reasons["乙局"] == (0, 1, 0, 0, 0)
    assert reasons["丙局"] == (0, 0, 1, 0, 0)
    assert reasons["丁局"] == (0, 0, 0, 1, 0)
    assert reasons["戊局"] == (0, 0, 0, 0, 1)
    assert units[2]["behind_indicators"] == ["3 新增示范企业"]
    # A day earlier 戊局's last record is exactly 90 days old: not yet quiet.
    units = cli.json("report", "--as-of", "2009-06-30")["units"]
    assert {u["unit"]: u["light"] for u in units}["戊局"] == "green"


def test_by_unit_shows_the_unit_table_only(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("report", "--as-of", EMPTY_AS_OF, "--by", "unit")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert not any(line.startswith("按工作项目") for line in lines)
    assert "".join(line.strip() for line in lines[3:6]) == (
        "按单位（按本单位的那一份任务、分解指标和经常性工作评判。红：逾期、受阻、经常性工作有"
        "未完成的周期、指标落后（牵头单位含全市数）；黄：30天内到期、90天无记录、本期经常性工作"
        "尚未完成；绿：其余；已报完成待核查的不计逾期）"
    )
    assert lines[6].split() == ["状况", "单位", "牵头", "配合", "已完成", "逾期", "说明"]
    assert lines[8].split()[:6] == ["红", "市政府办公室", "6", "0", "0", "4"]


def test_unwritable_output_is_a_data_error(cli: Cli, tmp_path: Path) -> None:
    for fmt in ("md", "xlsx"):
        result = cli("report", "-f", fmt, "-o", str(tmp_path / "no" / "such" / "dir" / "r"))
        assert result.exit_code == 1
        assert result.stderr.startswith("错误：无法写入 ")


def test_markdown_report_pastes_as_tables(cli: Cli) -> None:
    result = cli("report", "--as-of", EMPTY_AS_OF, "--format", "md", "--by", "item")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "# 嘉兴市建设国家知识产权试点城市工作目标和任务分解：工作进展（截至 2009-06-30）"
    )
    assert [line for line in lines if line.startswith("## ")] == [
        "## 按工作项目",
        "## 逾期任务",
        "## 量化指标",
        "## 经常性工作",
        "## 已报完成（待核查）",
        "## 延期申请（待批准）",
    ]
    assert "| 序号 | 工作内容 | 任务 | 已完成 | 逾期 | 完成率 | 进度 |" in lines
    assert "| 6 | 提高全市知识产权创造能力 | 4 | 0 | 0 | 0% | ░░░░░░░░░░ |" in lines
    assert "| 6.1 | 年专利申请量 | ≥5500件 | — | — | 2719.8件 | 无读数 |" in lines
    assert "| 14 | 督查<br>每半年至少 1 次 | 市政府办公室 | 0/1 | 1 |  |" in lines


def test_csv_report_holds_every_table_each_row_led_by_its_name(cli: Cli) -> None:
    lines = cli("report", "--as-of", EMPTY_AS_OF, "--format", "csv").stdout.splitlines()
    headers = [line for line in lines if line.startswith("表,")]
    assert headers == [
        "表,任务,已完成,进行中,受阻,未开始,逾期,完成率(%)",
        "表,序号,工作内容,任务,已完成,逾期,完成率(%)",
        "表,状况,单位,牵头,配合,已完成,逾期,受阻,指标落后,30天内到期,90天无记录,经常性工作未完成(期),说明",
        "表,序号,期限,逾期天数,工作内容 / 目标要求,责任单位",
        "表,序号,指标,范围,方向,目标,单位,实际,读数日期,完成率(%),序时进度,达标,判断",
        "表,序号,经常性工作,要求,单位,应完成(期),达到,未达到,未达到的周期,本期,本期次数",
        "表,序号,任务,单位,报完成日期,期限",
        "表,序号,任务,单位,现行期限,申请延至,申请日期,理由",
    ]
    assert lines[1] == "总体,44,0,0,0,44,5,0"
    assert lines[3] == "按工作项目,1,成立国家知识产权试点城市工作领导小组,1,0,1,0"
    assert "█" not in "".join(lines) and "░" not in "".join(lines)
    assert len([line for line in lines if line.startswith("按工作项目,")]) == 14


def test_csv_report_by_names_its_one_table(cli: Cli) -> None:
    items = cli("report", "--as-of", EMPTY_AS_OF, "-f", "csv", "--by", "item").stdout.splitlines()
    assert items[0] == "序号,工作内容,任务,已完成,逾期,完成率(%)"
    assert items[1] == "1,成立国家知识产权试点城市工作领导小组,1,0,1,0"
    assert len(items) == 15
    units = cli("report", "--as-of", EMPTY_AS_OF, "-f", "csv", "--by", "unit").stdout.splitlines()
    assert (
        units[0]
        == "状况,单位,牵头,配合,已完成,逾期,受阻,指标落后,30天内到期,90天无记录,经常性工作未完成(期),说明"
    )
    assert units[1] == (
        "红,市政府办公室,6,0,0,4,0,0,0,6,1,逾期4项（1、2、3、4）；经常性工作未完成1期（14 督查）；"
        "90天无记录6项（1、2、3、4、5.2、14）；本期经常性工作尚未完成1项（5.2 领导小组会议）"
    )


def test_output_writes_a_file_and_xlsx_needs_one(cli: Cli, tmp_path: Path) -> None:
    result = cli("report", "--as-of", EMPTY_AS_OF, "--format", "xlsx")
    assert result.exit_code == 2
    assert result.stderr == (
        "错误：xlsx 是二进制文件，不能输出到终端；请用 --output 指定文件，如 --output 进展.xlsx\n"
    )
    target = tmp_path / "report.json"
    result = cli("report", "--as-of", EMPTY_AS_OF, "-f", "json", "--output", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["overdue"] == 5


def test_xlsx_holds_the_same_numbers_as_the_json(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    write_log(
        data_dir,
        [
            rec("1", "2008-09-20", "done"),
            rec("10.6", "2009-05-01", "blocked"),
            rec("6.1", "2009-06-30", values={"年专利申请量": 2750}),
            rec("5.2", "2009-03-01", count=1),
        ],
    )
    data = cli.json("report", "--as-of", "2010-01-15")
    path = tmp_path / "进展.xlsx"
    result = cli("report", "--as-of", "2010-01-15", "-f", "xlsx", "-o", str(path))
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    assert book.sheetnames == [
        "总体", "按工作项目", "按单位", "逾期任务", "量化指标", "经常性工作",
        "已报完成（待核查）", "延期申请（待批准）",
    ]  # fmt: skip
    title = "嘉兴市建设国家知识产权试点城市工作目标和任务分解：工作进展（截至 2010-01-15）"
    for sheet in book:
        # A printed sheet says what it is and when: the title and the as-of date on top.
        assert sheet["A1"].value == title
        assert sheet["A2"].value == f"{sheet.title}　截至 2010-01-15"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.print_title_rows is not None
    # A red unit's light is the word on a red fill.
    units = book["按单位"]
    header = next(r for r in range(1, 6) if units.cell(r, 1).value == "状况")
    light = units.cell(header + 1, 1)
    assert (light.value, light.fill.fgColor.rgb) == ("红", "00FFC7CE")

    def rows(name: str) -> list[tuple]:
        sheet = book[name]
        top = next(r for r in range(1, 6) if sheet.cell(r, 1).value in ("任务", "序号", "状况"))
        return list(sheet.iter_rows(min_row=top + 1, values_only=True))

    summary = data["summary"]
    keys = ("total", "done", "in_progress", "blocked", "not_started", "overdue", "percent_done")
    assert rows("总体") == [tuple(summary[k] for k in keys)]
    assert [(r[0], r[2], r[3], r[4], r[5]) for r in rows("按工作项目")] == [
        (i["item"], i["total"], i["done"], i["overdue"], i["percent_done"]) for i in data["items"]
    ]
    assert [r[1:6] for r in rows("按单位")] == [
        (u["unit"], u["led"], u["supported"], u["done"], u["overdue"]) for u in data["units"]
    ]
    assert [(r[0], r[2]) for r in rows("逾期任务")] == [
        (o["id"], o["days"]) for o in data["overdue"]
    ]
    assert [(r[0], r[1], r[2], r[4], r[6], r[8], r[9]) for r in rows("量化指标")] == [
        (i["task"], i["name"], "全市", i["target"], i["actual"], i["percent"], i["expected"])
        for i in data["indicators"]
    ]
    assert [(r[0], r[1], r[4], r[5], r[6]) for r in rows("经常性工作")] == [
        (d["task"], d["duty"], d["elapsed"], d["met"], d["missed"]) for d in data["recurring"]
    ]
    # The numbers themselves, not only their agreement: 5.2's 2009 meeting was held.
    assert ("5.2", "领导小组会议", 1, 1, 0) in [
        (r[0], r[1], r[4], r[5], r[6]) for r in rows("经常性工作")
    ]


def test_bad_as_of_and_by_are_usage_errors(cli: Cli) -> None:
    result = cli("report", "--as-of", "2009年13月")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "错误：--as-of 月份不存在「2009年13月」；可以写 2009-06-30、2009年6月、2009年底\n"
    )
    assert cli("report", "--by", "county").exit_code == 2


@pytest.mark.parametrize("limit", ["2", "5", "6", "0"])
def test_a_terminal_report_works_out_only_the_overdue_tasks_it_shows(
    cli: Cli, data_dir: Path, limit: str
) -> None:
    # `report` works out the first --limit overdue tasks only; what it draws is what the
    # whole report draws, the count of the rest included (5 overdue on this day).
    from io import StringIO

    from ipcity.answers.progress import report
    from ipcity.files.load import load_plan
    from ipcity.output import report as builder
    from ipcity.output.terminal import draw

    plan, _ = load_plan(data_dir, date.today())
    assert plan is not None
    whole = StringIO()
    draw(builder.document(report(plan, date(2009, 6, 30))), whole, limit=int(limit))
    for _ in range(2):  # the files loaded, then the index
        result = cli("report", "--as-of", EMPTY_AS_OF, "--limit", limit)
        assert result.exit_code == 0, result.output
        assert result.stdout == whole.getvalue()
    if limit == "2":
        assert "仅显示前 2 行，共 5 行。" in result.stdout
