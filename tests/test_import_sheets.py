"""Import keeps what export wrote: the XLSX's sheets beside the breakdown table (单位类别,
单位, 量化指标, 经常性工作) carry the kinds, units, groups, indicators and duties, so the
plan that comes back answers the same questions. Every problem in those sheets is named by
sheet, row and column, and then nothing is written."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from openpyxl import load_workbook
from tests_support import BUNDLED
from typer.testing import CliRunner, Result

from ipcity.cli import app
from ipcity.files import load

SHEETS = ["单位类别", "单位", "量化指标", "经常性工作"]


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def exported(cli: Cli, tmp_path: Path) -> Path:
    table = tmp_path / "嘉兴.xlsx"
    result = cli("export", "--output", str(table))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"已导出 44 项任务到 {table}，另有「单位类别」「单位」「量化指标」「经常性工作」工作表\n"
    )
    return table


def listed(data_dir: Path, *args: str) -> Any:
    result = run(*args, "--format", "json", "--data-dir", str(data_dir))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def edit(table: Path, sheet: str, cells: dict[str, Any]) -> None:
    """Change cells of one sheet, as a person would in Excel."""
    book = load_workbook(table)
    for coordinate, value in cells.items():
        book[sheet][coordinate] = value
    book.save(table)


def test_the_workbook_carries_the_rest_of_the_plan(cli: Cli, tmp_path: Path) -> None:
    book = load_workbook(exported(cli, tmp_path))
    assert book.sheetnames[1:] == SHEETS
    rows = {name: [[c.value for c in row] for row in book[name].iter_rows()] for name in SHEETS}
    assert rows["单位类别"] == [
        ["类别", "县级政府"],
        ["市级部门", None],
        ["县(市、区)", "是"],
        ["驻嘉单位", None],
    ]
    assert rows["单位"][:3] == [
        ["名称", "别名", "类别", "成员", "联系人", "电话", "邮箱"],
        ["市政府办公室", "市政府办、嘉兴市人民政府办公室", "市级部门", None, None, None, None],
        ["市科技局", "市科技局(知识产权局)、市知识产权局", "市级部门", None, None, None, None],
    ]
    assert rows["单位"][-2] == [
        "各县(市、区)政府",
        None,
        "group",
        "南湖区政府、秀洲区政府、嘉善县政府、海盐县政府、海宁市政府、平湖市政府、桐乡市政府",
        None,
        None,
        None,
    ]
    assert rows["量化指标"][:2] == [
        ["任务序号", "指标名称", "目标值", "计量单位", "方向", "期限", "读法", "起点", "可加", "分解指标"],
        ["6.1", "年专利申请量", 5500, "件", "不少于", None, "累计数", "2009年", None, None],
    ]  # fmt: skip
    assert rows["量化指标"][5] == [
        "6.2", "发明专利年均增长", 20, "%", "不少于", None, "比率", None, None, None
    ]  # fmt: skip
    # A figure per head does not add up over the counties: the plan says so, the sheet too.
    assert rows["量化指标"][6] == [
        "6.2", "每万人专利申请数", 17, "件", "不少于", None, "累计数", "2010年", "否", None
    ]  # fmt: skip
    assert rows["经常性工作"] == [
        ["任务序号", "事项", "周期", "至少次数", "对象"],
        ["5.2", "领导小组会议", "每年", 1, "任务整体"],
        ["11.2", "宣传活动", "每年", 1, "各责任单位"],
        ["11.4", "报纸专栏", "每月", 1, "任务整体"],
        ["11.4", "电视台专题节目", "每年", 3, "任务整体"],
        ["12.1", "知识产权培训", "每年", 2, "各责任单位"],
        ["12.2", "知识产权课程", "每年", 1, "任务整体"],
        ["14", "督查", "每半年", 1, "任务整体"],
    ]


def test_export_then_import_answers_the_same_questions(cli: Cli, tmp_path: Path) -> None:
    into = tmp_path / "again"
    result = run("import", str(exported(cli, tmp_path)), "--into", str(into))
    assert result.exit_code == 0, result.output
    assert (
        result.stderr.splitlines()[1]
        == "单位类别、单位、量化指标、经常性工作取自表中同名的工作表。"
    )
    assert "推测" not in (into / "units.yaml").read_text(encoding="utf-8")
    assert "推测" not in (into / "tasks.yaml").read_text(encoding="utf-8")

    haining = listed(into, "list", "--unit", "海宁市")
    assert haining == listed(BUNDLED, "list", "--unit", "海宁市")
    assert [row["id"] for row in haining] == [
        "5.1", "5.3", "6.1", "6.2", "7.1", "7.2", "7.3", "8.1", "10.4", "13.2"
    ]  # fmt: skip
    units = listed(BUNDLED, "units")
    assert listed(into, "units") == units
    for name in [row["name"] for row in units] + ["市知识产权局", "海宁市人民政府"]:
        assert listed(into, "list", "--unit", name) == listed(BUNDLED, "list", "--unit", name)

    again, problems = load.load_plan(into, date.today())
    bundled, _ = load.load_plan(BUNDLED, date.today())
    assert again is not None and bundled is not None, problems
    assert again.items == bundled.items  # indicators and recurring duties included
    assert again.units.units == bundled.units.units
    assert again.units.kinds == bundled.units.kinds
    assert (again.title, again.period) == (bundled.title, bundled.period)


def test_a_unit_missing_from_the_sheet_is_guessed_and_marked(cli: Cli, tmp_path: Path) -> None:
    table = exported(cli, tmp_path)
    book = load_workbook(table)
    units = book["单位"]
    row = next(r for r in range(2, units.max_row + 1) if units.cell(r, 1).value == "嘉兴海关")
    units.delete_rows(row)
    book.save(table)
    into = tmp_path / "again"
    result = run("import", str(table), "--into", str(into))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[2] == (
        "units.yaml 中有 1 个单位不在「单位」表中，类别是按名称推测的（标有“推测”），请核对。"
    )
    text = (into / "units.yaml").read_text(encoding="utf-8")
    assert text.endswith("  - name: 嘉兴海关\n    kind: 市级部门  # 推测\n")
    assert [line for line in text.splitlines() if "# 推测" in line] == [
        "    kind: 市级部门  # 推测"
    ]


def test_without_a_kinds_sheet_the_kinds_are_those_the_units_use(tmp_path: Path) -> None:
    """A 湖州 office's own workbook: a 单位 sheet with 驻湖单位, no 单位类别 sheet."""
    from openpyxl import Workbook

    book = Workbook()
    table = book.active
    assert table is not None
    table.append(["序号", "工作内容", "目标要求", "工作进度", "责任单位", "配合单位"])
    table.append(["1", "加强知识产权海关保护", "", "2012年底", "湖州海关", "德清县政府"])
    units = book.create_sheet("单位")
    for row in [
        ["名称", "别名", "类别", "成员"],
        ["湖州海关", "", "驻湖单位", ""],
        ["德清县政府", "", "县(市、区)", ""],
    ]:
        units.append(row)
    book.save(tmp_path / "湖州.xlsx")
    into = tmp_path / "huzhou"
    result = run("import", str(tmp_path / "湖州.xlsx"), "--into", str(into))
    assert result.exit_code == 0, result.output
    text = (into / "units.yaml").read_text(encoding="utf-8")
    assert (
        "# 推测：表中没有「单位类别」表，这里按「单位」表用到的类别列出；\n"
        "# 县级政府的那一类请写在 county_kind 中。\n"
        "kinds: [驻湖单位, 县(市、区)]\n"
        "county_kind: 县(市、区)\n"
    ) in text
    assert [row["id"] for row in listed(into, "list", "--unit", "德清县")] == ["1"]


def test_every_problem_in_the_sheets_is_named_by_sheet_row_and_column(
    cli: Cli, tmp_path: Path
) -> None:
    table = exported(cli, tmp_path)
    edit(table, "单位", {"C3": "省级部门", "A5": "市工商局", "D33": "南湖区政府、南湖县政府"})
    edit(table, "量化指标", {"A2": "6.9", "C3": "五千", "G4": "平均数", "F5": "明年"})
    edit(table, "经常性工作", {"C2": "每周", "D3": 0, "B5": "报纸专栏"})
    into = tmp_path / "again"
    result = run("import", str(table), "--into", str(into))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{table}:3:3: error: 「单位」表第 3 行「类别」：类别「省级部门」不是本方案的类别\n"
        "  提示：应为 市级部门、县(市、区)、驻嘉单位、group 之一；新的类别先加进「单位类别」表\n"
        f"{table}:5:1: error: 「单位」表第 5 行「名称」：单位「市工商局」重复登记\n"
        "  提示：删去重复的一条\n"
        f"{table}:33:4: error: 「单位」表第 33 行「成员」：成员「南湖县政府」未登记\n"
        "  提示：最接近的已知单位：南湖区政府。若是新单位，请在「单位」表中登记\n"
        f"{table}:2:1: error: 「量化指标」表第 2 行「任务序号」：任务序号「6.9」不在任务分解表中\n"
        "  提示：写任务分解表中的任务序号，如 6.1\n"
        f"{table}:3:3: error: 「量化指标」表第 3 行「目标值」：应为数字「五千」\n"
        "  提示：只写数字，如 5500 或 0.9\n"
        f"{table}:4:7: error: 「量化指标」表第 4 行「读法」：无法识别「平均数」\n"
        "  提示：写 累计数、总量、比率 之一\n"
        f"{table}:5:6: error: 「量化指标」表第 5 行「期限」：无法识别的工作进度「明年」\n"
        "  提示：可以写 2009-03-31、2009年3月、2009年底、2009年上半年、试点期内、常设、"
        "2008年,以后常设，或空着\n"
        f"{table}:2:3: error: 「经常性工作」表第 2 行「周期」：无法识别「每周」\n"
        "  提示：写 每年、每半年、每季度、每月 之一\n"
        f"{table}:3:4: error: 「经常性工作」表第 3 行「至少次数」：应为正整数「0」\n"
        "  提示：如 1、2、3；空着为 1\n"
        f"{table}:5:2: error: 「经常性工作」表第 5 行「事项」：任务 11.4 的「报纸专栏」重复\n"
        "  提示：同一任务的每项用不同的名称\n"
        "共 10 个错误，在 1 个文件中\n"
        "表中有错，什么也没有写入；改正后重新导入。\n"
    )
    assert not into.exists()


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            {"B2": "是"},
            "「单位类别」表第 3 行「县级政府」：县级政府的类别只能有一个（已有「市级部门」）\n"
            "  提示：只在一行写“是”",
        ),
        (
            {"A4": "市级部门"},
            "「单位类别」表第 4 行「类别」：类别「市级部门」重复\n  提示：每个类别只写一行",
        ),
        ({"B4": "对"}, "「单位类别」表第 4 行「县级政府」：应为“是”或空着，写的是「对」"),
    ],
)
def test_the_kinds_sheet_is_checked_first(
    cli: Cli, tmp_path: Path, cells: dict[str, str], message: str
) -> None:
    table = exported(cli, tmp_path)
    edit(table, "单位类别", cells)
    result = run("import", str(table), "--into", str(tmp_path / "again"))
    assert result.exit_code == 1
    assert result.stderr.split(": error: ", 1)[1] == (
        f"{message}\n共 1 个错误，在 1 个文件中\n表中有错，什么也没有写入；改正后重新导入。\n"
    )


def test_a_sheet_without_its_columns_is_named(cli: Cli, tmp_path: Path) -> None:
    table = exported(cli, tmp_path)
    edit(table, "量化指标", {"C1": "目标"})
    result = run("import", str(table), "--into", str(tmp_path / "again"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{table}:1:1: error: 「量化指标」表第 1 行：表头缺少列：目标值\n"
        "  提示：「量化指标」表要有这几列：任务序号、指标名称、目标值、计量单位、方向、期限、读法、起点"
        "（先后不限）\n"
        "共 1 个错误，在 1 个文件中\n"
        "表中有错，什么也没有写入；改正后重新导入。\n"
    )


def test_each_units_own_target_goes_out_and_comes_back(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    line = "          - {name: 年专利申请量, target: 5500, unit: 件, start: 2009年}"
    assert line in text
    tasks.write_text(
        text.replace(line, line[:-1] + ", targets: {海宁市: 800, 平湖市: 600.5}}"),
        encoding="utf-8",
    )
    table = exported(cli, tmp_path)
    row = next(
        r
        for r in load_workbook(table)["量化指标"].iter_rows(values_only=True)
        if r[:2] == ("6.1", "年专利申请量")
    )
    assert row[8:] == (None, "海宁市=800、平湖市=600.5")
    into = tmp_path / "again"
    assert run("import", str(table), "--into", str(into)).exit_code == 0
    plan, problems = load.load_plan(into, date.today())
    assert problems == [] and plan is not None
    (indicator, _) = plan.tasks["6.1"][1].indicators
    assert indicator.targets == {"海宁市": 800, "平湖市": 600.5}

    edit(table, "量化指标", {"I2": "也许", "J2": "海宁市800、平湖市=六百"})
    result = run("import", str(table), "--into", str(tmp_path / "third"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:6] == [
        f"{table}:2:9: error: 「量化指标」表第 2 行「可加」：应为“是”“否”或空着，写的是「也许」",
        "  提示：各单位的数相加就是全市的数写“是”（如申请量），不能相加写“否”（如每万人拥有量）",
        f"{table}:2:10: error: 「量化指标」表第 2 行「分解指标」：无法识别「海宁市800」",
        "  提示：写成 单位=数值，几个单位用顿号隔开，如 海宁市=800、平湖市=600",
        f"{table}:2:10: error: 「量化指标」表第 2 行「分解指标」：无法识别「平湖市=六百」",
        "  提示：写成 单位=数值，几个单位用顿号隔开，如 海宁市=800、平湖市=600",
    ]
