"""`ipcity export`: the plan as a breakdown table in the annex's columns, CSV or XLSX."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import Cli
from openpyxl import load_workbook
from tests_support import BUNDLED

from ipcity.files import yaml_read

HEADER = ["序号", "工作内容", "目标要求", "工作进度", "责任单位", "配合单位"]


def bundled_tasks() -> list[tuple[str, str]]:
    """(item id, task id) of every task of the bundled plan, read straight from the YAML."""
    data = yaml_read.load(BUNDLED / "tasks.yaml").data
    return [(item["id"], task["id"]) for item in data["items"] for task in item["tasks"]]


def test_csv_is_utf8_with_bom_one_row_per_task(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    result = cli("export", "--format", "csv", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"已导出 44 项任务到 {out}；CSV 只有任务分解表的六列，单位的类别和单位组的成员、量化指标、"
        "经常性工作都不在其中（导入时类别按名称推测，指标按目标要求推测）。要完整交换，请用 --format xlsx\n"
    )
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf\xe5\xba\x8f\xe5\x8f\xb7,")  # BOM, then 序号
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == HEADER
    assert len(rows) == 1 + len(bundled_tasks()) == 45
    assert rows[1] == [
        "1",
        "成立国家知识产权试点城市工作领导小组",
        "",
        "2008年9月",
        "市政府办公室",
        "",
    ]
    item5 = [row for row in rows if row[2].startswith(("1.各县", "2.完善", "3.各县"))][:3]
    assert item5 == [
        [
            "5",
            "加强知识产权行政管理机构、管理人员和协调机构建设",
            "1.各县(市、区)建立知识产权管理机构,配备专职人员",
            "试点期内",
            "各县(市、区)政府",
            "",
        ],
        [
            "",
            "",
            "2.完善市知识产权保护工作领导小组机构建设,每年至少召开一次领导小组会议",
            "试点期内",
            "市政府办公室",
            "市科技局",
        ],
        ["", "", "3.各县(市、区)成立知识产权协调机构", "试点期内", "各县(市、区)政府", ""],
    ]
    assert rows[-1] == [
        "14",
        "定期和不定期对试点工作任务的开展落实情况进行督促检查。",
        "每半年开展一次督查",
        "试点期内",
        "市政府办公室",
        "各领导小组成员单位",
    ]
    # the item number stands on an item's first row only, as merged cells print
    assert [row[0] for row in rows[1:] if row[0]] == [str(n) for n in range(1, 15)]


def test_xlsx_has_title_header_merged_items_and_wrapped_text(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = cli("export", "--output", str(out))  # the format from the file name
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).worksheets[0]
    assert sheet["A1"].value == "嘉兴市建设国家知识产权试点城市工作目标和任务分解"
    assert [c.value for c in sheet[2]] == HEADER
    assert sheet.freeze_panes == "A3"
    assert sheet.max_row == 2 + 44

    # each work item with several tasks has its 序号 and 工作内容 merged over its rows
    first_row: dict[str, int] = {}
    count: dict[str, int] = {}
    for n, (item, _) in enumerate(bundled_tasks(), start=3):
        first_row.setdefault(item, n)
        count[item] = count.get(item, 0) + 1
    expected = {"A1:F1"}
    for item, rows in count.items():
        if rows > 1:
            top, bottom = first_row[item], first_row[item] + rows - 1
            expected |= {f"A{top}:A{bottom}", f"B{top}:B{bottom}"}
    assert {str(r) for r in sheet.merged_cells.ranges} == expected
    assert sheet.cell(first_row["6"], 1).value == "6"

    assert sheet["C7"].alignment.wrap_text
    widths = [sheet.column_dimensions[c].width for c in "ABCDEF"]
    assert widths == [6, 30, 60, 16, 24, 24]

    # rows as tall as their wrapped text (15 points a line): 5.3 fits on one line, task 1's
    # 工作内容 takes two, 6.2's 目标要求 (119 columns wide) three
    def height(target_start: str) -> float | None:
        row = next(r for r in range(3, 47) if str(sheet.cell(r, 3).value).startswith(target_start))
        return sheet.row_dimensions[row].height

    assert sheet.row_dimensions[3].height == 30
    assert (height("3.各县"), height("2.年专利")) == (15, 45)
    # printed landscape, one page wide, the header on every page
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == "$2:$2"


def test_format_must_be_known(cli: Cli, tmp_path: Path) -> None:
    result = cli("export", "--output", str(tmp_path / "plan.txt"))
    assert (result.exit_code, result.stderr) == (
        2,
        "错误：看不出 plan.txt 的格式：用 --format csv、--format xlsx 或 --format sqlite 指明\n",
    )
    written = cli("export", "--format", "csv", "--output", str(tmp_path / "plan.txt"))
    assert written.exit_code == 0
    assert (tmp_path / "plan.txt").read_bytes().startswith(b"\xef\xbb\xbf")


def test_a_broken_plan_is_not_exported(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "units.yaml").write_text("units: [\n", encoding="utf-8")
    result = cli("export", "--output", str(tmp_path / "plan.csv"))
    assert result.exit_code == 1
    assert "units.yaml:2:1: error: YAML 语法错误" in result.stderr
    assert not (tmp_path / "plan.csv").exists()


def test_an_unwritable_output_is_an_error_of_the_files(cli: Cli, tmp_path: Path) -> None:
    result = cli("export", "--output", str(tmp_path / "missing" / "plan.csv"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"错误：无法写入 {tmp_path / 'missing' / 'plan.csv'}：")
