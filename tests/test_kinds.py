"""A plan's unit kinds are its own list (units.yaml `kinds:`), not Jiaxing's: a 湖州 plan has
驻湖单位 and calls its county level 县(区). A file that lists none keeps Jiaxing's three."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Cli
from tests_support import BUNDLED
from typer.testing import CliRunner, Result

from ipcity.cli import app
from ipcity.plan.kinds import DEFAULT, UnitKinds, declared
from ipcity.tables.importing import guess_kind

HUZHOU_TASKS = """\
title: 湖州市知识产权试点城市工作任务分解
period: {start: 2011-01-01, end: 2013-12-31}
items:
  - id: '1'
    content: 加强知识产权海关保护
    tasks:
      - id: '1'
        deadline: 2012年底
        responsible: [湖州海关]
        cooperating: [德清县, 市科技局]
  - id: '2'
    content: 建立县级知识产权管理机构
    tasks:
      - id: '2'
        deadline: 试点期内
        responsible: [各县(区)政府]
"""

HUZHOU_UNITS = """\
kinds: [市级部门, 县(区), 驻湖单位]
county_kind: 县(区)
units:
  - {name: 市科技局, kind: 市级部门}
  - {name: 湖州海关, kind: 驻湖单位}
  - {name: 德清县政府, kind: 县(区)}
  - {name: 长兴县政府, kind: 县(区)}
  - {name: 各县(区)政府, kind: group, members: [德清县政府, 长兴县政府]}
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def huzhou(tmp_path: Path, units: str = HUZHOU_UNITS) -> Path:
    plan = tmp_path / "huzhou"
    plan.mkdir()
    (plan / "tasks.yaml").write_text(HUZHOU_TASKS, encoding="utf-8")
    (plan / "units.yaml").write_text(units, encoding="utf-8")
    (plan / "status.yaml").write_text("", encoding="utf-8")
    return plan


def listed(plan: Path, unit: str) -> list[str]:
    result = run("list", "--unit", unit, "--format", "json", "--data-dir", str(plan))
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.stdout)]


def test_a_plan_with_kinds_of_its_own(tmp_path: Path) -> None:
    plan = huzhou(tmp_path)
    checked = run("validate", "--data-dir", str(plan))
    assert (checked.exit_code, checked.stdout) == (0, "")
    # 县(区) is this plan's county level: 德清县 is 德清县政府, and sees its group's task
    for name in ("德清县", "德清县政府", "德清县人民政府"):
        assert listed(plan, name) == ["1", "2"]
    assert listed(plan, "湖州海关") == ["1"]
    units = run("units", "--format", "json", "--data-dir", str(plan))
    kinds = {row["name"]: row["kind"] for row in json.loads(units.stdout)}
    assert kinds["湖州海关"] == "驻湖单位"
    assert kinds["德清县政府"] == "县(区)"


def test_without_county_kind_a_county_answers_only_to_its_name(tmp_path: Path) -> None:
    """县(区) is not the default county kind: not naming it loses 德清县 = 德清县政府."""
    plan = huzhou(tmp_path, HUZHOU_UNITS.replace("county_kind: 县(区)\n", ""))
    checked = run("validate", "--data-dir", str(plan))
    assert checked.exit_code == 1
    assert checked.stdout == (
        f"{plan / 'tasks.yaml'}:10:23: error: 未知单位「德清县」\n"
        "  10 |         cooperating: [德清县, 市科技局]\n"
        "     |                       ^\n"
        "  提示：最接近的已知单位：德清县政府。若是新单位，请在 units.yaml 中登记\n"
        "共 1 个错误，在 1 个文件中\n"
    )


def test_a_kind_from_another_plan_is_named_with_this_plans_choices(tmp_path: Path) -> None:
    plan = huzhou(tmp_path, HUZHOU_UNITS.replace("kind: 驻湖单位", "kind: 驻嘉单位"))
    checked = run("validate", "--data-dir", str(plan))
    assert checked.exit_code == 1
    assert checked.stdout == (
        f"{plan / 'units.yaml'}:5:24: error: kind（类别）「驻嘉单位」不是可用的取值\n"
        "  5 |   - {name: 湖州海关, kind: 驻嘉单位}\n"
        "    |                            ^\n"
        "  提示：应为 市级部门、县(区)、驻湖单位、group 之一；新的类别先加进文件开头的 kinds\n"
        "共 1 个错误，在 1 个文件中\n"
    )


def test_a_units_file_without_kinds_keeps_the_jiaxing_list(cli: Cli, data_dir: Path) -> None:
    units = data_dir / "units.yaml"
    text = units.read_text(encoding="utf-8")
    declared_lines = "kinds: [市级部门, 县(市、区), 驻嘉单位]\ncounty_kind: 县(市、区)\n"
    assert declared_lines in text
    before = cli.json("list", "--unit", "海宁市")
    units.write_text(text.replace(declared_lines, ""), encoding="utf-8")
    assert cli("validate").exit_code == 0
    assert cli.json("list", "--unit", "海宁市") == before
    assert len(before) == 10


def test_the_bundled_plan_declares_its_kinds() -> None:
    text = (BUNDLED / "units.yaml").read_text(encoding="utf-8")
    assert "\nkinds: [市级部门, 县(市、区), 驻嘉单位]\ncounty_kind: 县(市、区)\n" in text


HUZHOU = declared(["市级部门", "县(区)", "驻湖单位"], "县(区)")
PROVINCE = declared(["省级部门", "设区市"], None)  # no county level among its units


@pytest.mark.parametrize(
    ("name", "kinds", "kind"),
    [
        ("市科技局", DEFAULT, "市级部门"),
        ("海宁市政府", DEFAULT, "县(市、区)"),
        ("各县(市、区)政府", DEFAULT, "group"),
        ("德清县政府", HUZHOU, "县(区)"),
        ("德清县", HUZHOU, "县(区)"),
        ("湖州海关", HUZHOU, "市级部门"),  # 驻湖单位 is not guessed: a person says so
        ("各县(区)政府", HUZHOU, "group"),
        ("省科技厅", PROVINCE, "省级部门"),
        ("德清县政府", PROVINCE, "省级部门"),  # the plan has no county level to guess
    ],
)
def test_guess_kind_guesses_among_the_plans_own_kinds(
    name: str, kinds: UnitKinds, kind: str
) -> None:
    assert guess_kind(name, kinds) == kind
