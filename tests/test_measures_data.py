"""The indicators and recurring duties read from the annex, and the rules on records that
report them (readings name an indicator of their task; counts name a duty)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from statuslog import rec, write_log

from ipcity.files import load
from ipcity.plan.loaded import Plan

TODAY = date(2011, 1, 1)


def _load(data_dir: Path) -> Plan:
    plan, problems = load.load_plan(data_dir, TODAY)
    assert problems == [], [p.format() for p in problems]
    assert plan is not None
    return plan


def test_every_quantitative_target_of_the_annex_is_an_indicator(data_dir: Path) -> None:
    plan = _load(data_dir)
    found = {
        (task.id, i.name): (i.target, i.unit, i.kind)
        for _, task in plan.tasks.values()
        for i in task.indicators
    }
    assert found == {
        ("6.1", "年专利申请量"): (5500, "件", "count"),
        ("6.1", "年专利授权量"): (3300, "件", "count"),
        ("6.2", "年专利申请量"): (6000, "件", "count"),
        ("6.2", "年专利授权量"): (3500, "件", "count"),
        ("6.2", "发明专利年均增长"): (20, "%", "rate"),
        ("6.2", "每万人专利申请数"): (17, "件", "count"),
        ("6.2", "每万人专利授权数"): (10, "件", "count"),
        ("6.3", "年注册商标数"): (2800, "件", "count"),
        ("6.4", "新增市级以上著名商标"): (200, "件", "count"),
        ("7.1", "企业专利技术实施率"): (70, "%", "rate"),
        ("7.2", "重点支持专利技术"): (20, "项", "count"),
        ("7.3", "产值上亿元的高新技术企业"): (5, "家", "count"),
        ("8.1", "培育市级专利示范企业"): (30, "家", "count"),
        ("8.1", "市级专利示范企业总数"): (110, "家", "total"),
        ("8.1", "培育省级专利示范企业"): (15, "家", "count"),
        ("8.1", "省级专利示范企业总数"): (45, "家", "total"),
        ("8.5", "品牌示范基地"): (5, "个", "count"),
        ("8.6", "参与国标和行标制订企业"): (70, "家", "total"),
        ("9.3", "新增知识产权中介服务机构"): (1, "家", "count"),
        ("10.2", "案件结案率"): (90, "%", "rate"),
        ("10.4", "年结案率"): (90, "%", "rate"),
    }
    # 12.4's "800-100名" contradicts itself: no number is set for it.
    assert plan.tasks["12.4"][1].indicators == []


def test_every_target_number_is_written_in_its_task_text(data_dir: Path) -> None:
    plan = _load(data_dir)
    for _, task in plan.tasks.values():
        for indicator in task.indicators:
            assert f"{indicator.target:g}" in task.target, (task.id, indicator.name)


def test_every_recurring_requirement_of_the_annex_is_a_duty(data_dir: Path) -> None:
    plan = _load(data_dir)
    found = {
        (task.id, d.name): (d.every, d.at_least, d.per, d.requirement)
        for _, task in plan.tasks.values()
        for d in task.recurring
    }
    assert found == {
        ("5.2", "领导小组会议"): ("year", 1, "task", "每年至少 1 次"),
        ("11.2", "宣传活动"): ("year", 1, "unit", "每年至少 1 次"),
        ("11.4", "报纸专栏"): ("month", 1, "task", "每月至少 1 次"),
        ("11.4", "电视台专题节目"): ("year", 3, "task", "每年至少 3 次"),
        ("12.1", "知识产权培训"): ("year", 2, "unit", "每年至少 2 次"),
        ("12.2", "知识产权课程"): ("year", 1, "task", "每年至少 1 次"),
        ("14", "督查"): ("half", 1, "task", "每半年至少 1 次"),
    }


def _headlines(data_dir: Path) -> list[str]:
    _, problems = load.load_plan(data_dir, TODAY)
    return [p.headline() for p in problems]


def test_readings_and_counts_that_fit_their_task_are_accepted(data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            rec("6.1", "2009-06-30", values={"年专利申请量": 2600, "年专利授权量": 1500}),
            rec("5.2", "2009-03-01", count=1),
            rec("11.4", "2009-05-20", count=1, duty="报纸专栏"),
            rec("12.1", "2009-05-20", count=2, by="市科技局(知识产权局)"),
        ],
    )
    assert _headlines(data_dir) == []


def test_readings_and_counts_that_do_not_fit_are_named_with_their_line(data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            rec("6.1", "2009-06-30", values={"专利申请量": 2600}),
            rec("1", "2009-06-30", values={"年专利申请量": 1}),
            rec("6.1", "2009-06-30", count=1),
            rec("11.4", "2009-06-30", count=1),
            rec("11.4", "2009-06-30", count=1, duty="电台节目"),
            rec("12.1", "2009-06-30", count=1),
            rec("12.1", "2009-06-30", count=1, by="市公安局"),
            rec("5.2", "2009-06-30", duty="领导小组会议"),
            rec("5.2", "2009-06-30", count=0),
        ],
    )
    log = str(data_dir / "status.yaml")
    assert _headlines(data_dir) == [
        f"{log}:5:5: error: 「专利申请量」不是任务 6.1 的指标",
        f"{log}:10:5: error: 「年专利申请量」不是任务 1 的指标",
        f"{log}:14:10: error: 任务 6.1 没有经常性工作，不能记 count",
        f"{log}:18:10: error: 任务 11.4 有多项经常性工作，要写 duty 说明是哪一项",
        f"{log}:23:9: error: 「电台节目」不是任务 11.4 的经常性工作",
        f"{log}:27:10: error: 任务 12.1 的经常性工作要求各责任单位分别完成，要写 by",
        f"{log}:32:7: error: 「市公安局」不是任务 12.1 的责任单位，它办的次数不计入",
        f"{log}:36:9: error: 写了 duty 却没有 count",
        f"{log}:40:10: error: count（次数）不能小于 1（写的是 0）",
    ]


def test_duplicate_indicator_and_duty_names_are_refused(data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    text = text.replace(
        "{name: 年专利授权量, target: 3300, unit: 件, start: 2009年}",
        "{name: 年专利申请量, target: 3300, unit: 件, start: 2009年13月}",
    )
    text = text.replace("{name: 电视台专题节目,", "{name: 报纸专栏,")
    tasks.write_text(text, encoding="utf-8")
    found = [h.split(": error: ")[1] for h in _headlines(data_dir)]
    assert found == [
        "任务 6.1 的指标「年专利申请量」重复",
        "月份不存在「2009年13月」",
        "任务 11.4 的经常性工作「报纸专栏」重复",
    ]
