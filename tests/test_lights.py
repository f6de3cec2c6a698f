"""The report's lights judge each unit by its own parts, its own indicator shares and its
own duties, and each light carries its reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import Cli
from statuslog import check, rec, write_log, write_plan

AS_OF = "2009-06-30"
CO_LEADS = ["市科技局", "市工商局", "市文化局", "市质量技监局", "市公安局"]  # 10.2's parts


def units(cli: Cli, as_of: str = AS_OF) -> dict[str, Any]:
    return {u["unit"]: u for u in cli.json("report", "--as-of", as_of)["units"]}


def reasons(row: dict[str, Any]) -> dict[str, Any]:
    """What a light rests on: every list of the row's reasons, and the light."""
    keys = (
        "light", "overdue_tasks", "blocked_tasks", "behind_indicators", "missed_duties",
        "missed_duty_names", "due_soon_tasks", "quiet_tasks", "pending_duties",
        "awaiting_tasks",
    )  # fmt: skip
    return {key: row[key] for key in keys}


def test_a_unit_that_missed_its_duties_is_red_for_them(cli: Cli) -> None:
    # An empty log by mid-2009: 市委宣传部 has run no newspaper column since September
    # 2008 (11.4, monthly: ten months ended by June 30), and its parts are quiet. It was
    # green with 经常性工作未完成; now the missed periods make it red, its reasons its own.
    # Its yearly duties of 2009 are under way and not yet met.
    row = units(cli)["市委宣传部"]
    assert reasons(row) == {
        "light": "red",
        "overdue_tasks": [],
        "blocked_tasks": [],
        "behind_indicators": [],
        "missed_duties": 10,
        "missed_duty_names": ["11.4 报纸专栏"],
        "due_soon_tasks": [],
        "quiet_tasks": ["11.2", "11.4"],
        "pending_duties": ["11.2 宣传活动", "11.4 电视台专题节目"],
        "awaiting_tasks": [],
    }
    result = cli("report", "--as-of", AS_OF, "--by", "unit", "--format", "csv")
    [line] = [line for line in result.stdout.splitlines() if ",市委宣传部," in line]
    assert line == (
        "红,市委宣传部,2,0,0,0,0,0,0,2,10,经常性工作未完成10期（11.4 报纸专栏）；"
        "90天无记录2项（11.2、11.4）；本期经常性工作尚未完成2项（11.2 宣传活动、"
        "11.4 电视台专题节目）"
    )


def test_the_city_closure_rate_reddens_its_lead_alone(cli: Cli, data_dir: Path) -> None:
    # 10.2's 案件结案率 (≥ 90%, a rate held at every reading) is the city's figure, which
    # its first responsible unit reports. 80% is behind: 市科技局 answers for it; the four
    # other co-leads did not report it and are not judged by it.
    before = {name: row["light"] for name, row in units(cli).items()}
    write_log(data_dir, [rec("10.2", "2009-06-20", by="市科技局", values={"案件结案率": 80})])
    after = units(cli)
    assert after["市科技局"]["behind_indicators"] == ["10.2 案件结案率"]
    for unit in CO_LEADS[1:]:
        assert after[unit]["behind_indicators"] == [], unit
        assert after[unit]["light"] == before[unit] == "yellow", unit  # 90 days quiet only


def test_a_co_lead_is_held_to_its_own_target(cli: Cli, data_dir: Path) -> None:
    # 市公安局's reading of 10.2 is its share. With no 分解指标 of its own it is not judged;
    # with one (≥ 90 for 市公安局) its 70 is behind and it alone turns red for it.
    tasks = data_dir / "tasks.yaml"
    line = "{name: 案件结案率, target: 90, unit: '%', kind: rate}"
    write_log(data_dir, [rec("10.2", "2009-06-20", by="市公安局", values={"案件结案率": 70})])
    assert units(cli)["市公安局"]["behind_indicators"] == []
    text = tasks.read_text(encoding="utf-8")
    assert line in text
    tasks.write_text(text.replace(line, line[:-1] + ", targets: {市公安局: 90}}"), "utf-8")
    after = units(cli)
    assert reasons(after["市公安局"]) == {
        "light": "red",
        "overdue_tasks": [],
        "blocked_tasks": [],
        "behind_indicators": ["10.2 案件结案率（本单位分解指标）"],
        "missed_duties": 0,
        "missed_duty_names": [],
        "due_soon_tasks": [],
        "quiet_tasks": ["10.3"],  # its part of 10.2 has its record of 06-20
        "pending_duties": [],
        "awaiting_tasks": [],
    }
    assert after["市科技局"]["behind_indicators"] == []  # no city figure yet
    assert [after[u]["behind_indicators"] for u in CO_LEADS[1:4]] == [[], [], []]


def test_a_county_is_judged_by_its_own_part(cli: Cli, data_dir: Path) -> None:
    # 13.2 (各县(市、区)政府, due 2008-12-31): 海宁 done and checked, 平湖 in progress,
    # 嘉善 silent. Only the counties whose part is open are overdue on it.
    write_log(
        data_dir,
        [
            rec("13.2", "2009-05-01", "done", by="海宁市"),
            check("13.2", "2009-05-10", "海宁市政府"),
            rec("13.2", "2009-05-02", by="平湖市"),
        ],
    )
    rows = units(cli)
    assert rows["海宁市政府"]["overdue_tasks"] == []
    assert (rows["海宁市政府"]["done"], rows["海宁市政府"]["led"]) == (1, 3)
    assert rows["平湖市政府"]["overdue_tasks"] == ["13.2"]
    assert rows["嘉善县政府"]["overdue_tasks"] == ["13.2"]


LIGHT_PLAN = """\
  - id: '1'
    content: 工作甲
    tasks: [{id: '1', deadline: 2009年3月, responsible: [甲局, 乙局]}]
  - id: '2'
    content: 工作乙
    tasks:
      - id: '2'
        deadline: 试点期内
        responsible: [丙局]
        recurring: [{name: 培训, every: quarter, at_least: 1, per: unit}]
"""


def test_a_claim_waiting_for_the_office_is_not_the_units_fault(tmp_path: Path) -> None:
    # Task 1 has two parts, due 2009-03-31. 甲局 claimed it done on time; the office has not
    # checked it: 甲局 is not overdue, its claim is listed. 乙局 did nothing: overdue.
    # 丙局 held its training in the first quarter, not yet in the second (under way):
    # yellow. Verification is required, so 甲局's part is not done.
    data_dir = write_plan(
        tmp_path / "plan",
        LIGHT_PLAN,
        ["甲局", "乙局", "丙局"],
        [
            rec("1", "2009-03-20", "done", by="甲局"),
            rec("2", "2009-02-10", count=1, by="丙局"),
            rec("2", "2009-05-10", by="丙局"),
        ],
    )
    tasks = data_dir / "tasks.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("items:", "verification: required\nitems:"),
        encoding="utf-8",
    )
    rows = units(Cli(data_dir), "2009-05-20")
    assert [(name, row["light"]) for name, row in rows.items()] == [
        ("乙局", "red"),
        ("丙局", "yellow"),
        ("甲局", "green"),
    ]
    assert (rows["甲局"]["awaiting_tasks"], rows["甲局"]["overdue_tasks"]) == (["1"], [])
    assert rows["乙局"]["overdue_tasks"] == ["1"]
    assert rows["丙局"]["pending_duties"] == ["2 培训"]
    data = Cli(data_dir).json("report", "--as-of", "2009-05-20")
    assert data["claims"] == [
        {
            "task": "1",
            "title": "工作甲",
            "unit": "甲局",
            "claim_date": "2009-03-20",
            "due": "2009-03-31",
            "overdue": True,
        }
    ]


def test_the_report_shows_a_units_share_under_the_city_figure(cli: Cli, data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            rec("6.1", "2009-06-30", by="市科技局", values={"年专利申请量": 2600}),
            rec("6.1", "2009-07-05", by="海宁市", values={"年专利申请量": 820}),
        ],
    )
    lines = cli("report", "--as-of", "2009-07-10", "--format", "md").stdout.splitlines()
    at = lines.index("| 6.1 | 年专利申请量 | ≥5500件 | 2600件 | 47.3% | 2870.9件 | 落后 |")
    assert lines[at + 1] == "| 6.1 | 其中：海宁市政府 | — | 820件 | — | — | 未分解 |"
    assert lines[at - 4] == (
        "实际为全市数；“其中”为各单位报的本单位数，有分解指标的按本单位的目标和序时进度判断，"
        "没有的（未分解）不作判断"
    )
