"""Readings per unit: an indicator's figure is the city's, reported by its lead; any other
unit's reading is that unit's share, held to its own target (分解指标) where it has one."""

from __future__ import annotations

from pathlib import Path

from conftest import Cli
from statuslog import rec, write_log

AS_OF = "2009-07-10"
TARGETS = "targets: {海宁市: 800, 平湖市政府: 600}"


def indicator(cli: Cli, task: str, name: str, as_of: str = AS_OF) -> dict:
    rows = cli.json("report", "--as-of", as_of)["indicators"]
    [row] = [r for r in rows if (r["task"], r["name"]) == (task, name)]
    return row


def with_targets(data_dir: Path, targets: str = TARGETS) -> None:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    line = "{name: 年专利申请量, target: 5500, unit: 件, start: 2009年}"
    assert line in text
    tasks.write_text(text.replace(line, line[:-1] + f", {targets}}}"), encoding="utf-8")


def test_the_citys_2600_stands_after_hainings_820(cli: Cli) -> None:
    city = ["record", "6.1", "--status", "in_progress", "--by", "市科技局", "--date", "2009-06-30"]
    assert cli(*city, "--value", "年专利申请量=2600").exit_code == 0
    result = cli("record", "6.1", "--status", "in_progress", "--by", "海宁市", "--date",
                 "2009-07-05", "--value", "年专利申请量=820")  # fmt: skip
    assert result.stdout == (
        "已记录：任务 6.1 进行中（2009-07-05，海宁市政府）；报告单位不是责任单位，这条作为说明，"
        "不改变任务状态；指标读数计为海宁市政府自己的一份，不替代全市数\n"
    )
    row = indicator(cli, "6.1", "年专利申请量")
    assert (row["actual"], row["date"], row["percent"], row["actual_is_sum"]) == (
        2600, "2009-06-30", 47.3, False,
    )  # fmt: skip
    assert row["parts"] == [
        {
            "unit": "海宁市政府",
            "actual": 820,
            "target": None,
            "date": "2009-07-05",
            "expected": None,
            "met": None,
            "on_pace": None,
            "percent": None,
        }
    ]


def test_a_reading_with_no_unit_is_the_citys(cli: Cli, data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            rec("6.1", "2009-06-30", values={"年专利申请量": 2600}),
            rec("6.1", "2009-07-01", by="平湖市", values={"年专利申请量": 500}),
        ],
    )
    row = indicator(cli, "6.1", "年专利申请量")
    assert (row["actual"], [p["unit"] for p in row["parts"]]) == (2600, ["平湖市政府"])


def test_with_no_city_figure_the_sum_of_the_latest_shares_stands_in(
    cli: Cli, data_dir: Path
) -> None:
    write_log(
        data_dir,
        [
            rec("6.1", "2009-05-01", by="海宁市", values={"年专利申请量": 500}),
            rec("6.1", "2009-06-30", by="海宁市", values={"年专利申请量": 820}),
            rec("6.1", "2009-07-02", by="平湖市", values={"年专利申请量": 600}),
        ],
    )
    row = indicator(cli, "6.1", "年专利申请量")
    assert (row["actual"], row["actual_is_sum"], row["date"]) == (1420, True, "2009-07-02")
    assert [(p["unit"], p["actual"]) for p in row["parts"]] == [
        ("海宁市政府", 820),
        ("平湖市政府", 600),
    ]


def test_rates_and_figures_per_head_are_never_summed(cli: Cli, data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            rec("10.2", "2009-06-30", by="市工商局", values={"案件结案率": 92}),
            rec("10.2", "2009-06-30", by="市公安局", values={"案件结案率": 85}),
            rec("6.2", "2010-06-30", by="海宁市", values={"每万人专利申请数": 12}),
            rec("6.2", "2010-06-30", by="平湖市", values={"每万人专利申请数": 9}),
        ],
    )
    closure = indicator(cli, "10.2", "案件结案率", "2010-07-01")
    assert (closure["actual"], closure["actual_is_sum"], closure["met"]) == (None, False, False)
    assert [(p["unit"], p["actual"]) for p in closure["parts"]] == [
        ("市工商局", 92),
        ("市公安局", 85),
    ]
    per_head = indicator(cli, "6.2", "每万人专利申请数", "2010-07-01")
    assert (per_head["actual"], per_head["actual_is_sum"]) == (None, False)


def test_a_co_leads_reading_is_its_share_the_first_named_reports_the_citys(
    cli: Cli, data_dir: Path
) -> None:
    write_log(
        data_dir,
        [
            rec("10.2", "2009-06-30", by="市知识产权局", values={"案件结案率": 91}),
            rec("10.2", "2009-07-01", by="市工商局", values={"案件结案率": 80}),
        ],
    )
    row = indicator(cli, "10.2", "案件结案率")
    assert (row["actual"], row["met"], row["on_pace"]) == (91, True, True)
    assert [(p["unit"], p["actual"]) for p in row["parts"]] == [("市工商局", 80)]


def test_each_share_is_held_to_its_own_target_and_pace(cli: Cli, data_dir: Path) -> None:
    with_targets(data_dir)
    write_log(
        data_dir,
        [
            rec("6.1", "2009-06-30", by="市科技局", values={"年专利申请量": 2600}),
            rec("6.1", "2009-07-05", by="海宁市", values={"年专利申请量": 820}),
            rec("6.1", "2009-07-05", by="平湖市", values={"年专利申请量": 250}),
        ],
    )
    row = indicator(cli, "6.1", "年专利申请量")
    assert row["actual"] == 2600
    # 2009-07-10 is 190 of 364 days into 2009: 序时进度 52.2% of each unit's own target.
    assert row["parts"] == [
        {
            "unit": "海宁市政府",
            "actual": 820,
            "target": 800,
            "date": "2009-07-05",
            "expected": 417.6,
            "met": True,
            "on_pace": True,
            "percent": 102.5,
        },
        {
            "unit": "平湖市政府",
            "actual": 250,
            "target": 600,
            "date": "2009-07-05",
            "expected": 313.2,
            "met": False,
            "on_pace": False,
            "percent": 41.7,
        },
    ]


def test_a_unit_with_a_target_and_no_reading_is_listed(cli: Cli, data_dir: Path) -> None:
    with_targets(data_dir)
    row = indicator(cli, "6.1", "年专利申请量")
    assert [(p["unit"], p["target"], p["actual"], p["on_pace"]) for p in row["parts"]] == [
        ("海宁市政府", 800, None, None),
        ("平湖市政府", 600, None, None),
    ]


def test_targets_name_units_of_the_task_once(cli: Cli, data_dir: Path) -> None:
    with_targets(data_dir, "targets: {海宁市: 800, 市工商局: 5, 海宁市人民政府: 3, 某某局: 1}")
    result = cli("validate")
    assert result.exit_code == 1
    path = data_dir / "tasks.yaml"
    messages = [line for line in result.stdout.splitlines() if line.startswith(str(path))]
    assert [m.split(": ", 2)[2] for m in messages] == [
        "市工商局不是任务 6.1 的责任单位或配合单位，不能给它分解指标",
        "「海宁市人民政府」与「海宁市」是同一个单位，分解指标写了两次",
        "未知单位「某某局」",
    ]
    assert (
        "  提示：可以是 市科技局、南湖区政府、秀洲区政府、嘉善县政府、海盐县政府、海宁市政府、平湖市政府、桐乡市政府"
        in result.stdout.splitlines()
    )
