"""ipcity inspect: the draft 督查通报 names exactly the units and duties that missed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import Cli
from statuslog import rec, write_log, write_plan
from tests_support import COUNTIES

from ipcity.errors import UsageError
from ipcity.plan.periods import parse_period

SMALL_PLAN = """\
  - id: '1'
    content: 工作一
    tasks: [{id: '1', deadline: 2009年9月, responsible: [甲局]}]
  - id: '2'
    content: 工作二
    tasks: [{id: '2', deadline: 2009年3月, responsible: [乙局]}]
  - id: '3'
    content: 工作三
    tasks:
      - id: '3'
        target: 各责任单位每年培训2次
        deadline: 试点期内
        responsible: [甲局, 丙局]
        recurring: [{name: 培训, every: year, at_least: 2, per: unit}]
  - id: '4'
    content: 工作四
    tasks:
      - id: '4'
        target: 每半年督查一次
        deadline: 试点期内
        responsible: [丁局]
        recurring: [{name: 督查, every: half, per: task}]
  - id: '5'
    content: 工作五
    tasks: [{id: '5', deadline: 试点期内, responsible: [丙局]}]
"""

GAPPY_LOG = [
    rec("1", "2009-10-15", "done", by="甲局"),  # done, two weeks late
    rec("2", "2009-08-01", by="乙局"),  # reported, but past due and not done
    rec("3", "2009-05-01", count=1, by="丙局"),  # 丙局's only training of 2009
    rec("3", "2009-11-01", count=2, by="甲局"),  # 甲局's two: counts for 甲局 only
    rec("4", "2009-03-01", count=1),  # 2009H1 inspected; 2009H2 not
    rec("5", "2009-06-01", "done", by="丙局"),  # done before the period
    rec("3", "2010-01-05", count=1, by="丙局"),  # after the period: not read
]


@pytest.fixture
def small(tmp_path: Path) -> Cli:
    return Cli(
        write_plan(tmp_path / "plan", SMALL_PLAN, ["甲局", "乙局", "丙局", "丁局"], GAPPY_LOG)
    )


def test_periods_as_typed() -> None:
    assert parse_period("2009H2") == (date(2009, 7, 1), date(2009, 12, 31), "2009年下半年")
    assert parse_period("2009h1") == (date(2009, 1, 1), date(2009, 6, 30), "2009年上半年")
    assert parse_period("2009Q3") == (date(2009, 7, 1), date(2009, 9, 30), "2009年第三季度")
    assert parse_period("2009") == (date(2009, 1, 1), date(2009, 12, 31), "2009年")
    assert parse_period("２００９年下半年") == (
        date(2009, 7, 1),
        date(2009, 12, 31),
        "2009年下半年",
    )
    with pytest.raises(UsageError, match="督查时段「2009H3」不存在"):
        parse_period("2009H3")


def test_a_log_with_gaps_names_exactly_who_missed_what(small: Cli) -> None:
    data = small.json("inspect", "--period", "2009H2")
    assert data["period"] == {"label": "2009年下半年", "first": "2009-07-01", "last": "2009-12-31"}
    named = {
        u["unit"]: (
            [t["id"] for t in u["overdue"]],
            [(d["task"], d["duty"], d["period"], d["count"]) for d in u["missed"]],
            [t["id"] for t in u["silent"]],
        )
        for u in data["units"]
    }
    assert named == {
        "乙局": (["2"], [], []),
        "丙局": ([], [("3", "培训", "2009年", 1)], ["3"]),
        "丁局": ([], [("4", "督查", "2009年下半年", 0)], ["4"]),
    }
    assert data["commended"] == ["甲局"]
    # The score: 按期完成率 40%, 进度报送率 25%, 经常性工作 25%, 完成率 10%, a rate that
    # does not apply (None) leaving its weight to the others. 甲局: (0×40 + 100×25 +
    # 100×25 + 50×10) / 100; 乙局: (0×40 + 100×25 + 0×10) / 75; 丙局: (0×25 + 0×25 +
    # 50×10) / 60. The three with a red light (overdue, duty missed) come after 甲局.
    assert [
        (s["rank"], s["unit"], s["light"], s["completion_rate"], s["on_time_rate"],
         s["duty_rate"], s["report_rate"], s["score"])
        for s in data["scorecard"]
    ] == [
        (1, "甲局", "green", 50.0, 0.0, 100.0, 100.0, 55.0),
        (2, "乙局", "red", 0.0, 0.0, None, 100.0, 33.3),
        (3, "丙局", "red", 50.0, None, 0.0, 0.0, 8.3),
        (4, "丁局", "red", 0.0, None, 0.0, 0.0, 0.0),
    ]  # fmt: skip
    assert data["weights"] == {
        "on_time_rate": 40, "report_rate": 25, "duty_rate": 25, "completion_rate": 10
    }  # fmt: skip


def test_the_first_half_reads_only_its_own_records(small: Cli) -> None:
    data = small.json("inspect", "--period", "2009H1")
    named = {
        u["unit"]: (
            [t["id"] for t in u["overdue"]],
            [(d["task"], d["period"]) for d in u["missed"]],
            [t["id"] for t in u["silent"]],
        )
        for u in data["units"]
    }
    # 2009 is not over in June: the yearly training is not judged yet; 丁局 inspected.
    assert named == {"甲局": ([], [], ["1", "3"]), "乙局": (["2"], [], ["2"])}
    assert data["commended"] == ["丙局", "丁局"]
    assert data["summary"]["done"] == 1  # task 5; task 1 is done only in October


def test_markdown_bulletin(small: Cli) -> None:
    result = small("inspect", "--period", "2009H2", "--date", "2010-01-15")
    assert result.exit_code == 0, result.output
    text = result.stdout
    # No office in this plan's tasks.yaml: the frame leaves its name and recipients to fill.
    assert text.startswith(
        "（发文机关）\n\n〔2010〕  号\n\n# 关于2009年下半年工作督查情况的通报\n\n（主送机关）：\n\n"
        "按照《测试方案》的要求，对各责任单位2009年下半年承担任务的进展情况进行了督查。"
        "现将有关情况通报如下。\n\n## 一、总体情况\n\n"
        "截至2009年12月31日，任务共5项：已完成2项（40%），进行中3项，受阻0项，未开始0项；"
        "逾期1项。按责任单位分为6份（一个责任单位一份，单位组按其成员计），已完成2份；"
        "任务的各份都完成，任务才算完成。\n"
    )
    problems = text[text.index("## 四、存在的问题") : text.index("## 五、与上期相比")]
    assert problems == (
        "## 四、存在的问题\n\n"
        "### （一）逾期未完成的任务\n\n"
        "截至期末，以下单位承担的任务逾期未完成：\n\n"
        "- 乙局：2 工作二（2009年3月31日到期，进行中）\n\n"
        "### （二）经常性工作未达到要求\n\n"
        "以下单位的经常性工作未达到要求：\n\n"
        "- 丙局：3 培训（每年至少 2 次），2009年1次\n"
        "- 丁局：4 督查（每半年至少 1 次），2009年下半年0次\n\n"
        "### （三）未报送进度的单位\n\n"
        "以下2个单位承担的未完成任务，本期有未报送进度的（括号内为未报送的项数）："
        "丙局（1项）、丁局（1项）。\n\n"
    )
    # The 下步要求, the annex after the signature, and the scorecard.
    assert (
        "- 各单位要对照本通报指出的问题逐项整改，于2010年2月14日前将整改情况书面报送（发文机关）；"
        "整改情况在下一次督查中通报。\n\n附件：各单位工作情况评分表\n\n（发文机关）\n\n"
        "2010年1月15日\n\n---\n\n# 附件\n\n# 各单位工作情况评分表\n\n评分办法：" in text
    )
    assert text.endswith(
        "| 1 | 甲局 | 绿 | 0%<br>（0/1） | 100%<br>（2/2） | 100%<br>（1/1） | 50%<br>（1/2） | 55 |  |\n"
        "| 2 | 乙局 | 红 | 0%<br>（0/1） | 100%<br>（1/1） | — | 0%<br>（0/1） | 33.3 | "
        "逾期1项；90天无记录1项 |\n"
        "| 3 | 丙局 | 红 | — | 0%<br>（0/1） | 0%<br>（0/1） | 50%<br>（1/2） | 8.3 | "
        "经常性工作未完成1期；90天无记录1项 |\n"
        "| 4 | 丁局 | 红 | — | 0%<br>（0/1） | 0%<br>（0/1） | 0%<br>（0/1） | 0 | "
        "经常性工作未完成1期；90天无记录1项 |\n\n"
        "（发文机关）　　2010年1月15日印发\n"
    )
    assert "量化指标" not in text  # the plan sets none: no section for them


def test_bundled_plan_half_year_with_gaps(cli: Cli, data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            rec("1", "2008-09-25", "done", by="市政府办公室"),
            rec("2", "2009-03-25", "done", by="市政府办公室"),
            rec("3", "2009-03-30", "done", by="市政府办公室"),
            rec("4", "2009-08-10", "done", by="市政府办公室"),
            rec("5.2", "2009-09-01", count=1),
            rec("14", "2009-12-20", count=1, by="市政府办公室"),
            rec("13.1", "2009-10-01", by="市财政局", note="专项资金已拨付"),
            rec("12.5", "2009-11-01", by="市教育局"),
            rec("10.5", "2009-11-01", by="嘉兴海关"),
            rec("10.3", "2009-11-01", by="嘉兴海关"),  # counts for 嘉兴海关 only
            rec("12.2", "2009-05-01", count=1, by="市委组织部"),
            rec("12.2", "2009-09-01", by="市委组织部"),
        ],
    )
    data = cli.json("inspect", "--period", "2009H2")
    assert data["commended"] == ["市政府办公室", "市委组织部", "市教育局", "市财政局", "嘉兴海关"]
    named = {u["unit"] for u in data["units"]}
    assert set(COUNTIES) <= named and "嘉兴检验检疫局" in named
    overdue = {u["unit"]: [t["id"] for t in u["overdue"]] for u in data["units"] if u["overdue"]}
    # 市政府办公室's record of 2 speaks for its own part: 市科技局's part of 2 is overdue;
    # 6.1 fell due on the period's last day. 市政府办公室's own claims wait for the office.
    assert overdue == {"市科技局": ["2", "6.1"], **{c: ["13.2"] for c in COUNTIES}}
    assert [(c["task"], c["unit"]) for c in data["claims"]] == [
        ("1", "市政府办公室"), ("2", "市政府办公室"), ("3", "市政府办公室"), ("4", "市政府办公室")
    ]  # fmt: skip
    missed = {(u["unit"], d["task"], d["duty"]) for u in data["units"] for d in u["missed"]}
    assert missed == {
        ("市委宣传部", "11.2", "宣传活动"),
        ("市文化局", "11.2", "宣传活动"),
        ("市科技局", "11.2", "宣传活动"),
        ("市工商局", "11.2", "宣传活动"),
        ("市委宣传部", "11.4", "电视台专题节目"),
        ("市委宣传部", "11.4", "报纸专栏"),
        ("市科技局", "12.1", "知识产权培训"),
        ("市经贸委", "12.1", "知识产权培训"),
        ("市工商局", "12.1", "知识产权培训"),
        ("市文化局", "12.1", "知识产权培训"),
        ("市经贸局", "12.1", "知识产权培训"),
    }
    newspaper = [d["period"] for u in data["units"] for d in u["missed"] if d["duty"] == "报纸专栏"]
    assert newspaper == [f"2009年{m}月" for m in range(7, 13)]


def test_html_bulletin_and_bad_periods(small: Cli, tmp_path: Path) -> None:
    out = tmp_path / "通报.html"
    result = small("inspect", "--period", "2009H2", "--format", "html", "--output", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<title>关于2009年下半年工作督查情况的通报</title>" in page
    assert "<li>丁局：4 督查（每半年至少 1 次），2009年下半年0次</li>" in page
    assert "予以表扬：甲局。</p>" in page
    result = small("inspect", "--period", "下半年")
    assert result.exit_code == 2
    assert result.stderr == (
        "错误：无法识别的督查时段「下半年」；可以写 2009H2、2009H1、2009Q3、2009、2009年下半年\n"
    )
