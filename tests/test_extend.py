"""Extensions (延期): a request changes nothing; an approved one moves that part's due date,
and the plan's date stays beside it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import Cli
from statuslog import rec, write_log

from ipcity.answers.parts import Request, pending_extensions
from ipcity.files import load

REQUEST = ["6.1", "--to", "2010年6月", "--reason", "统计口径调整", "--date", "2009-12-01"]
APPROVE = [*REQUEST[:-1], "2009-12-20", "--approved-by", "市政府办公室"]


def overdue_on_15_january(cli: Cli) -> tuple[list[str], list[str]]:
    due = [row["id"] for row in cli.json("due", "--overdue", "--as-of", "2010-01-15")]
    listed = [row["id"] for row in cli.json("list", "--status", "overdue", "--as-of", "2010-01-15")]
    return due, listed


def test_an_approved_extension_of_6_1_makes_it_not_overdue(cli: Cli, data_dir: Path) -> None:
    before = overdue_on_15_january(cli)
    assert "6.1" in before[0] and "6.1" in before[1]
    result = cli("extend", *REQUEST)
    assert (result.exit_code, result.stdout) == (
        0,
        "已记录延期申请：任务 6.1 市科技局 期限 2009-12-31，申请延至 2010-06-30；"
        "批准前期限不变（批准后再记一条，加 --approved-by）\n",
    )
    assert overdue_on_15_january(cli) == before  # a request changes nothing
    result = cli("extend", *APPROVE)
    assert (result.exit_code, result.stdout) == (
        0,
        "已记录延期：任务 6.1 市科技局 原定 2009-12-31，经批准延至 2010-06-30（市政府办公室批准）\n",
    )
    assert (data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()[-2:] == [
        "- {task: '6.1', date: 2009-12-01, unit: 市科技局, extend_to: 2010-06-30, reason: 统计口径调整}",
        "- {task: '6.1', date: 2009-12-20, unit: 市科技局, extend_to: 2010-06-30, reason: 统计口径调整,"
        " approved_by: 市政府办公室}",
    ]
    due, listed = overdue_on_15_january(cli)
    assert "6.1" not in due and "6.1" not in listed
    assert [i for i in before[0] if i != "6.1"] == due  # nothing else moved
    [row] = [r for r in cli.json("due", "--as-of", "2010-01-15") if r["id"] == "6.1"]
    assert (row["due"], row["original_due"], row["overdue"]) == ("2010-06-30", "2009-12-31", False)
    [shown] = cli.json("show", "6.1", "--as-of", "2010-01-15")
    assert shown["parts"][0]["due"] == "2010-06-30"
    assert shown["parts"][0]["original_due"] == "2009-12-31"
    assert shown["parts"][0]["extension_reason"] == "统计口径调整"
    assert shown["parts"][0]["approved_by"] == "市政府办公室"
    # Overdue again once the new date has passed.
    assert "6.1" in [r["id"] for r in cli.json("due", "--overdue", "--as-of", "2010-07-01")]


def test_show_due_and_list_give_the_original_beside_the_approved_date(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    cli("extend", *APPROVE)
    shown = cli("show", "6.1", "--as-of", "2010-01-15").stdout.splitlines()
    assert shown[3].rstrip() == "工作进度  2009年底（原定 2009-12-31，经批准延至 2010-06-30）"
    due = [
        line.rstrip()
        for line in cli(
            "due", "--before", "2010-06-30", "--as-of", "2010-01-15"
        ).stdout.splitlines()
    ]
    at = next(i for i, line in enumerate(due) if line.startswith("6.1"))
    assert due[at].startswith("6.1    2010-06-30   ")
    assert due[at + 1].startswith("       原定         ")
    assert due[at + 2] == "       2009-12-31"
    listed = [
        line.rstrip()
        for line in cli("list", "--item", "6", "--as-of", "2010-01-15").stdout.splitlines()
    ]
    at = next(i for i, line in enumerate(listed) if line.startswith("6.1"))
    assert (
        "2009年底" in listed[at]
        and "经批准延至" in listed[at + 1]
        and "2010-06-30" in listed[at + 2]
    )


def test_an_extension_moves_only_its_own_part(cli: Cli) -> None:
    cli("extend", "13.2", "--unit", "海宁市", "--to", "2009-06-30", "--reason", "县财政预算调整",
        "--approved-by", "市政府办公室", "--date", "2008-12-01")  # fmt: skip
    [shown] = cli.json("show", "13.2", "--as-of", "2009-01-15")
    dues = {p["unit"]: (p["due"], p["overdue"]) for p in shown["parts"]}
    assert dues["海宁市政府"] == ("2009-06-30", False)
    assert dues["平湖市政府"] == ("2008-12-31", True)
    # The task is held to its earliest open part's date: still overdue, by 平湖 and others.
    assert (shown["due"], shown["original_due"], shown["overdue"]) == (
        "2008-12-31",
        "2008-12-31",
        True,
    )
    table = cli("show", "13.2", "--as-of", "2009-01-15").stdout
    assert "海宁市政府   未开始         原定 2008-12-31，经批准延至 2009-06-30   无记录" in table


def test_pending_extensions_are_listed_for_the_office(data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            {"task": "6.1", "date": "2009-12-01", "unit": "市科技局", "extend_to": "2010-06-30", "reason": "口径调整"},
            {"task": "13.2", "date": "2009-12-01", "unit": "海宁市政府", "extend_to": "2010-03-31", "reason": "预算"},
            {"task": "13.2", "date": "2009-12-05", "unit": "海宁市政府", "extend_to": "2010-03-31", "reason": "预算",
             "approved_by": "市政府办公室"},
            {"task": "6.4", "date": "2009-12-01", "unit": "市工商局", "extend_to": "2011-06-30", "reason": "x"},
            rec("6.4", "2009-12-02", "done", by="市工商局"),
            {"task": "6.4", "date": "2009-12-03", "unit": "市工商局", "verify": "accepted"},
        ],
    )  # fmt: skip
    plan, problems = load.load_plan(data_dir, date(2011, 1, 1))
    assert plan is not None, problems
    assert pending_extensions(plan) == [
        Request(
            "6.1",
            "市科技局",
            date(2009, 12, 1),
            date(2010, 6, 30),
            "口径调整",
            None,
            date(2009, 12, 31),
        ),
    ]  # 13.2's was approved; 6.4 is done


EXTEND_REFUSED = [
    (["13.1", "--to", "2010-06-30"], "任务 13.1 是常设任务，没有期限，不能延期"),
    (["6.1", "--to", "2009-12-31"], "延期要延到市科技局在任务 6.1 上的现行期限之后（现行期限 2009-12-31）"),
    (["6.1", "--to", "2009年"], "延期要延到市科技局在任务 6.1 上的现行期限之后（现行期限 2009-12-31）"),
    (["6.1", "--to", "明年"], "--to 无法识别的日期「明年」；写成 2010-06-30、2010年6月或 2010年底"),
    (["6.1", "--unit", "海宁市", "--to", "2010-06-30"],
     "海宁市政府不是任务 6.1 的责任单位（责任单位：市科技局）"),
    (["13.2", "--to", "2010-06-30"],
     "任务 13.2 有 7 个责任单位，要用 --unit 写明延期的是哪一个（责任单位：南湖区政府、"
     "秀洲区政府、嘉善县政府、海盐县政府、海宁市政府、平湖市政府、桐乡市政府）"),
    (["6.1", "--to", "2010-06-30", "--approved-by", "市长"],
     "未知单位「市长」（`ipcity units` 列出全部单位）"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), EXTEND_REFUSED)
def test_extend_refuses_what_cannot_be_extended(
    cli: Cli, data_dir: Path, args: list[str], message: str
) -> None:
    path = data_dir / "status.yaml"
    before = path.read_bytes()
    result = cli("extend", *args, "--reason", "理由", "--date", "2009-12-01")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"错误：{message}\n")
    assert path.read_bytes() == before


def test_an_approved_extension_is_the_date_the_next_must_pass(cli: Cli) -> None:
    assert cli("extend", *APPROVE).exit_code == 0
    result = cli("extend", "6.1", "--to", "2010-03-31", "--reason", "再议", "--date", "2009-12-21")
    assert result.stderr == (
        "错误：延期要延到市科技局在任务 6.1 上的现行期限之后（现行期限 2010-06-30，已经批准延期）\n"
    )
