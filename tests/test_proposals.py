"""Indicators proposed from 目标要求 when a plain table carries none: only a plain
"name + number + unit", each written marked 推测. Tried on every cell of the annex and held
against the bundled plan's hand-written indicators: 15 proposed, all 15 as written by hand
(8.6's is a stock there, kind: total, which the text does not say); the other 6 not proposed
on purpose, and nothing proposed that the bundled plan does not have."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli
from openpyxl import load_workbook
from tests_support import BUNDLED, SEED
from typer.testing import CliRunner

from ipcity.cli import app
from ipcity.files import load
from ipcity.plan.loaded import Plan
from ipcity.tables.proposals import propose, proposed

# (task, name): (target, unit, kind), as proposed from the bundled plan's 目标要求.
PROPOSED = {
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
    ("8.1", "培育市级专利示范企业"): (30, "家", "count"),
    ("8.1", "培育省级专利示范企业"): (15, "家", "count"),
    ("8.6", "参与国标和行标制订企业"): (70, "家", "count"),
    ("10.2", "案件结案率"): (90, "%", "rate"),
    ("10.4", "年结案率"): (90, "%", "rate"),
}
# The bundled plan's indicators a person read where no plain pattern stands, and why.
NOT_PROPOSED = {
    ("7.2", "重点支持专利技术"),  # 重点支持20项专利技术…: the number inside the clause
    ("7.3", "产值上亿元的高新技术企业"),  # 5~7家: a range
    ("8.1", "市级专利示范企业总数"),  # 总数达到110家: "总数" alone names nothing
    ("8.1", "省级专利示范企业总数"),  # 总数达到45家
    ("8.5", "品牌示范基地"),  # 创建5个示范基地: the number inside the clause
    ("9.3", "新增知识产权中介服务机构"),  # 新增1~2家…: a range
}


@pytest.fixture(scope="module")
def bundled() -> Plan:
    plan, problems = load.load_plan(BUNDLED, date.today())
    assert plan is not None, problems
    return plan


def test_what_is_proposed_from_the_bundled_plans_targets(bundled: Plan) -> None:
    found = {
        (task, i.name): (i.target, i.unit, i.kind)
        for task, indicators in proposed(bundled.items).items()
        for i in indicators
    }
    assert found == PROPOSED


def test_every_proposal_is_what_a_person_wrote(bundled: Plan) -> None:
    written = {
        (task.id, i.name): (i.target, i.unit, i.kind)
        for _, task in bundled.tasks.values()
        for i in task.indicators
    }
    assert len(written) == 21
    matching = {
        key for key, (target, unit, _) in PROPOSED.items() if written[key][:2] == (target, unit)
    }
    assert matching == set(PROPOSED)  # all 15: name, target and unit
    assert {key for key in PROPOSED if written[key][2] != PROPOSED[key][2]} == {
        ("8.6", "参与国标和行标制订企业")  # 试点期末…70家: a stock, kind total, by hand
    }
    assert set(written) - set(PROPOSED) == NOT_PROPOSED


def test_nothing_else_in_the_annex_is_proposed() -> None:
    """Every line of the annex as the seed document prints it, its sub-target number taken
    off as import takes it off (1.年专利申请量… is task N.1's 年专利申请量…)."""
    text = SEED.read_text(encoding="utf-8")
    annex = text[text.index("嘉兴市建设国家知识产权试点城市工作目标和任务分解") :]
    lines = [re.sub(r"^(\| )?\d+\.", "", line.removeprefix("| ")) for line in annex.splitlines()]
    assert len(lines) == 247
    found = sorted({(i.name, i.target) for line in lines for i in propose(line)})
    assert found == sorted({(name, target) for (_, name), (target, _, _) in PROPOSED.items()})


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("年专利申请量5000件以上", [("年专利申请量", 5000, "件", "count")]),
        ("年专利申请量５０００件", [("年专利申请量", 5000, "件", "count")]),  # full-width
        ("案件结案率达到90％", [("案件结案率", 90, "%", "rate")]),
        ("试点期内新增驰名商标2.5件", [("新增驰名商标", 2.5, "件", "count")]),
        ("其中,发明专利申请量达1200件;实用新型1500件", [
            ("发明专利申请量", 1200, "件", "count"), ("实用新型", 1500, "件", "count")
        ]),
        ("总数达到110家", []),
        ("报纸每月不少于1期", []),
        ("每年至少举办2次培训", []),
        ("扶持培育5~7家高新技术企业", []),
        ("力争到2010年底前培养800-100名专业技术人员", []),
        ("创建5个示范基地", []),
        ("举办4·26宣传活动", []),
        ("新增商标不少于100件", []),
        ("申请量和授权数分别达到5件和3件", []),  # 量 and 数: B cannot take A's head
    ],
)  # fmt: skip
def test_only_a_plain_name_number_and_unit(
    target: str, expected: list[tuple[str, float, str, str]]
) -> None:
    assert [(i.name, i.target, i.unit, i.kind) for i in propose(target)] == expected


def test_a_csv_import_proposes_and_marks_them(cli: Cli, tmp_path: Path) -> None:
    table = tmp_path / "嘉兴.csv"
    assert cli("export", "--output", str(table)).exit_code == 0
    into = tmp_path / "again"
    result = CliRunner().invoke(app, ["import", str(table), "--into", str(into)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[2] == (
        "从目标要求中推测了 15 个量化指标，写在 tasks.yaml 中，标有“推测”，请逐一核对。"
    )
    text = (into / "tasks.yaml").read_text(encoding="utf-8")
    marked = [line.strip() for line in text.splitlines() if line.endswith("  # 推测")]
    assert len(marked) == 15
    assert marked[:3] == [
        "- {name: 年专利申请量, target: 5500, unit: 件}  # 推测",
        "- {name: 年专利授权量, target: 3300, unit: 件}  # 推测",
        "- {name: 年专利申请量, target: 6000, unit: 件}  # 推测",
    ]
    assert '- {name: 年结案率, target: 90, unit: "%", kind: rate}  # 推测' in marked
    plan, problems = load.load_plan(into, date.today())
    assert plan is not None, problems
    written = {(task.id, i.name) for _, task in plan.tasks.values() for i in task.indicators}
    assert written == set(PROPOSED)


def test_an_xlsx_without_the_indicators_sheet_gets_proposals(cli: Cli, tmp_path: Path) -> None:
    table = tmp_path / "嘉兴.xlsx"
    assert cli("export", "--output", str(table)).exit_code == 0
    book = load_workbook(table)
    del book["量化指标"]
    book.save(table)
    into = tmp_path / "again"
    result = CliRunner().invoke(app, ["import", str(table), "--into", str(into)])
    assert result.exit_code == 0, result.output
    assert "从目标要求中推测了 15 个量化指标" in result.stderr
    plan, _ = load.load_plan(into, date.today())
    assert plan is not None
    assert [d.name for d in plan.tasks["14"][1].recurring] == ["督查"]  # the duties still read
