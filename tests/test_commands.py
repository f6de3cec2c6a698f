"""Each command through the CLI runner, on a copy of the bundled plan."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import Cli
from statuslog import NO_KIND_FIELDS
from typer.testing import CliRunner

from ipcity.cli import app
from ipcity.cli.app import COMMANDS
from ipcity.text import display_width

ALL_IDS = [
    "1",
    "2",
    "3",
    "4",
    "5.1",
    "5.2",
    "5.3",
    "6.1",
    "6.2",
    "6.3",
    "6.4",
    "7.1",
    "7.2",
    "7.3",
    "8.1",
    "8.2",
    "8.3",
    "8.4",
    "8.5",
    "8.6",
    "9.1",
    "9.2",
    "9.3",
    "10.1",
    "10.2",
    "10.3",
    "10.4",
    "10.5",
    "10.6",
    "10.7",
    "10.8",
    "11.1",
    "11.2",
    "11.3",
    "11.4",
    "11.5",
    "12.1",
    "12.2",
    "12.3",
    "12.4",
    "12.5",
    "13.1",
    "13.2",
    "14",
]
SAIC = [
    "4",
    "6.3",
    "6.4",
    "8.5",
    "9.2",
    "9.3",
    "10.2",
    "10.3",
    "10.7",
    "11.1",
    "11.2",
    "11.3",
    "11.4",
    "12.1",
    "12.3",
]
COUNTY = ["5.1", "5.3", "6.1", "6.2", "7.1", "7.2", "7.3", "8.1", "10.4", "13.2"]


def ids(rows: list[dict[str, object]]) -> list[object]:
    return [row["id"] for row in rows]


def test_validate_is_silent_on_clean_data(cli: Cli) -> None:
    result = cli("validate")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_list_json_holds_all_44_tasks_with_their_fields(cli: Cli) -> None:
    rows = cli.json("list")
    assert ids(rows) == ALL_IDS
    assert rows[4] == {
        "id": "5.1",
        "item": "5",
        "content": "加强知识产权行政管理机构、管理人员和协调机构建设",
        "target": "各县(市、区)建立知识产权管理机构,配备专职人员",
        "deadline_text": "试点期内",
        "due": "2010-12-31",
        "standing": False,
        "responsible": ["各县(市、区)政府"],
        "cooperating": [],
        "status": "not_started",
        "overdue": True,
        "updated": None,
        "role": None,
        "original_due": "2010-12-31",
        "awaiting_check": False,
    }
    standing = {row["id"]: (row["due"], row["standing"]) for row in rows}
    assert standing["13.1"] == (None, True)
    assert standing["13.2"] == ("2008-12-31", True)


def test_a_unit_sees_what_it_leads_and_supports(cli: Cli) -> None:
    rows = cli.json("list", "--unit", "市工商局")
    assert ids(rows) == SAIC
    roles = {row["id"]: row["role"] for row in rows}
    assert roles["4"] == "cooperating"
    assert roles["6.3"] == "responsible"
    led = cli.json("list", "--unit", "市工商局", "--role", "responsible")
    assert ids(led) == [row["id"] for row in rows if row["role"] == "responsible"]
    assert len(led) == 8


@pytest.mark.parametrize("name", ["海宁市政府", "海宁市", "海宁市人民政府", "海宁市 政府"])
def test_a_county_sees_the_tasks_of_all_counties(cli: Cli, name: str) -> None:
    assert ids(cli.json("list", "--unit", name)) == COUNTY


def test_full_width_forms_typed_with_an_ime_match(cli: Cli) -> None:
    plain = cli.json("list", "--unit", "市科技局")
    assert len(plain) == 31
    assert cli.json("list", "--unit", "市科技局（知识产权局）") == plain
    assert cli.json("list", "--unit", "市知识产权局") == plain
    assert ids(cli.json("list", "--unit", "各县（市、区）政府")) == COUNTY


def test_an_unknown_unit_is_a_usage_error_with_the_closest_names(cli: Cli) -> None:
    result = cli("list", "--unit", "市科技厅")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "错误：未知单位「市科技厅」。最接近的已知单位：市科技局、市科协"
        "（`ipcity units` 列出全部单位）\n"
    )


def test_list_filters_by_item_and_status(cli: Cli, data_dir: Path) -> None:
    assert ids(cli.json("list", "--item", "6")) == ["6.1", "6.2", "6.3", "6.4"]
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write("- task: '6.3'\n  date: 2009-05-01\n  status: in_progress\n  by: 市工商局\n")
        log.write("- task: '1'\n  date: 2008-09-20\n  status: 已完成\n")
        log.write("- {task: '1', date: 2008-09-25, unit: 市政府办公室, verify: 通过}\n")
    assert ids(cli.json("list", "--status", "in_progress")) == ["6.3"]
    assert ids(cli.json("list", "--status", "已完成")) == ["1"]
    overdue = cli.json("list", "--status", "逾期", "--as-of", "2009-06-30")
    assert ids(overdue) == ["2", "3", "4", "13.2"]
    assert cli("list", "--item", "15").stderr == "错误：工作项目「15」不存在（共 14 项）\n"
    assert cli("list", "--status", "finished").exit_code == 2


def test_due_lists_soonest_first_and_never_standing_tasks(cli: Cli) -> None:
    assert ids(cli.json("due", "--before", "2009-12-31")) == ["1", "13.2", "2", "3", "4", "6.1"]
    assert ids(cli.json("due", "--before", "2009年底")) == ["1", "13.2", "2", "3", "4", "6.1"]
    assert "13.1" not in ids(cli.json("due"))
    assert len(cli.json("due")) == 43
    overdue = cli.json("due", "--overdue", "--as-of", "2009-06-30")
    assert ids(overdue) == ["1", "13.2", "2", "3", "4"]


def test_due_bounds_include_their_day(cli: Cli) -> None:
    rows = cli.json("due", "--after", "2009-03-31", "--before", "2009-12-31")
    assert ids(rows) == ["2", "3", "4", "6.1"]
    assert ids(cli.json("due", "--after", "2009年", "--before", "2009年")) == ids(rows)


def test_a_bad_date_option_is_a_usage_error(cli: Cli) -> None:
    result = cli("due", "--before", "2009-02-30")
    assert result.exit_code == 2
    assert result.stderr == (
        "错误：--before 日期不存在「2009-02-30」；可以写 2009-06-30、2009年6月、2009年底\n"
    )


def test_show_gives_one_task_whole_with_its_history(cli: Cli, data_dir: Path) -> None:
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write(
            "- task: '6.3'\n  date: 2009-05-01\n  status: in_progress\n  by: 市工商局\n"
            "  note: 已启动\n  evidence: 嘉工商〔2009〕12号\n"
        )
    [row] = cli.json("show", "6.3")
    assert row["target"] == "年注册商标数2800件"
    assert row["status"] == "in_progress"
    assert row["history"] == [
        {
            "date": "2009-05-01",
            "status": "in_progress",
            "by": "市工商局",
            "note": "已启动",
            "values": {},
            "evidence": "嘉工商〔2009〕12号",
            **NO_KIND_FIELDS,
        }
    ]
    table = cli("show", "6.3").stdout
    assert "年注册商标数2800件" in table
    assert "嘉工商〔2009〕12号" in table
    assert cli("show", "６．３").exit_code == 0


def test_show_an_unknown_task_is_a_usage_error(cli: Cli) -> None:
    result = cli("show", "99")
    assert result.exit_code == 2
    assert result.stderr == (
        "错误：任务「99」不存在（序号如 1、5.1、13.2；`ipcity list` 列出全部任务）\n"
    )


def test_units_counts_tasks_led_and_supported(cli: Cli) -> None:
    rows = {row["name"]: row for row in cli.json("units")}
    assert len(rows) == 33
    assert (rows["市工商局"]["responsible"], rows["市工商局"]["cooperating"]) == (8, 7)
    assert (rows["海宁市政府"]["responsible"], rows["海宁市政府"]["cooperating"]) == (3, 7)
    assert rows["各县(市、区)政府"]["members"][0] == "南湖区政府"
    assert rows["市科技局"]["aliases"] == ["市科技局(知识产权局)", "市知识产权局"]


def test_csv_and_markdown_use_the_annex_headers(cli: Cli) -> None:
    text = cli("list", "--unit", "市财政局", "--format", "csv").stdout
    assert list(csv.reader(io.StringIO(text))) == [
        ["序号", "工作内容", "目标要求", "工作进度", "责任单位", "配合单位", "状态", "职责"],
        [
            "13.1",
            "建立完善各类知识产权专项资金",
            "落实市专利专项资金和试点工作经费,为推进专利工作及试点工作提供经费保障",
            "常设",
            "市财政局",
            "",
            "未开始",
            "牵头",
        ],
    ]
    md = cli("list", "--item", "3", "--format", "md", "--as-of", "2009-01-01").stdout
    assert md == (
        "| 序号 | 工作内容 | 目标要求 | 工作进度 | 责任单位 | 配合单位 | 状态 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 3 | 召开国家知识产权试点城市建设推进大会 |  | 2009年3月 | 市政府办公室 | 市科技局 | 未开始 |\n"
    )


@pytest.mark.parametrize("width", [80, 100, 160])
def test_the_table_fits_the_terminal(data_dir: Path, width: int) -> None:
    result = CliRunner().invoke(
        app, ["list", "--data-dir", str(data_dir)], env={"COLUMNS": str(width)}
    )
    lines = result.stdout.splitlines()
    assert max(display_width(line) for line in lines) <= width
    assert lines[0].split()[0] == "序号" or lines[1].split()[0] == "序号"
    for task_id in ALL_IDS:
        assert sum(line.split()[:1] == [task_id] for line in lines) == 1


def test_the_data_directory_comes_from_ipcity_data(data_dir: Path) -> None:
    result = CliRunner().invoke(
        app, ["list", "--format", "json"], env={"IPCITY_DATA": str(data_dir)}
    )
    assert len(json.loads(result.stdout)) == 44
    missing = CliRunner().invoke(app, ["list"], env={"IPCITY_DATA": str(data_dir / "nowhere")})
    assert missing.exit_code == 1
    assert "tasks.yaml:1:1: error: 文件不存在" in missing.stderr


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "  示例：\n    ipcity " + command in result.stdout


def test_an_unknown_option_is_a_usage_error(cli: Cli) -> None:
    assert cli("list", "--colour").exit_code == 2


def test_a_units_table_shows_its_role_under_each_number_within_80_columns(
    data_dir: Path,
) -> None:
    result = CliRunner().invoke(
        app, ["list", "--unit", "市工商局", "--data-dir", str(data_dir)], env={"COLUMNS": "80"}
    )
    lines = result.stdout.splitlines()
    assert max(display_width(line) for line in lines) <= 80
    roles = [line.split()[0] for line in lines if line.split()[:1] in (["牵头"], ["配合"])]
    assert (roles.count("牵头"), roles.count("配合")) == (8, 7)


def test_a_stale_list_shows_each_tasks_latest_record_within_80_columns(data_dir: Path) -> None:
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write("- {task: '13.2', date: 2009-01-05, status: in_progress}\n")
    result = CliRunner().invoke(
        app,
        [
            "list",
            "--stale",
            "30",
            "--as-of",
            "2009-06-30",
            "--item",
            "13",
            "--data-dir",
            str(data_dir),
        ],
        env={"COLUMNS": "80"},
    )
    lines = result.stdout.splitlines()
    assert max(display_width(line) for line in lines) <= 80
    under_status = [line.split()[-1] for line in lines if line.split()[-1:] != ["逾期"]]
    assert "无记录" in under_status  # 13.1: never reported
    assert "2009-01-05" in under_status  # 13.2: last reported then
