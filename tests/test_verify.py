"""Verification (核查): a unit's `done` is a claim until the office accepts it; a claim the
office returns puts the part back in progress, with the reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import Cli
from statuslog import check, rec, write_log

from ipcity.answers.parts import pending_claims
from ipcity.files import load

AS_OF = "2009-06-30"


def claim(cli: Cli) -> None:
    result = cli("record", "6.3", "--status", "done", "--by", "市工商局", "--date", "2009-05-01")
    assert result.stdout == (
        "已记录：任务 6.3 已完成（2009-05-01，市工商局）；待办公室核查（ipcity verify）后计为完成\n"
    )


def status_of(cli: Cli, task: str) -> tuple[str, bool, bool | None]:
    [shown] = cli.json("show", task, "--as-of", AS_OF)
    [part] = shown["parts"]
    return shown["status"], part["claimed"], part["verified"]


def done_ids(cli: Cli) -> list[str]:
    return [row["id"] for row in cli.json("list", "--status", "done")]


def test_a_claim_is_not_done_until_the_office_accepts_it(cli: Cli, data_dir: Path) -> None:
    claim(cli)
    assert status_of(cli, "6.3") == ("in_progress", True, None)
    assert done_ids(cli) == []
    [row] = [r for r in cli.json("list", "--item", "6") if r["id"] == "6.3"]
    assert row["awaiting_check"] is True
    result = cli("verify", "6.3", "--accept", "--date", "2009-05-10", "--by", "市知识产权局")
    assert (result.exit_code, result.stdout) == (
        0,
        "已核查：任务 6.3 市工商局 报完成，核查通过（2009-05-10，市科技局），计为完成\n",
    )
    assert (data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()[-1] == (
        "- {task: '6.3', date: 2009-05-10, unit: 市工商局, verify: accepted, by: 市科技局}"
    )
    assert status_of(cli, "6.3") == ("done", True, True)
    assert done_ids(cli) == ["6.3"]


def test_a_returned_claim_is_back_in_progress_with_the_reason(cli: Cli) -> None:
    claim(cli)
    result = cli(
        "verify", "6.3", "--return", "--note", "未附注册证明，请补报", "--date", "2009-05-10",
        "--by", "市科技局",
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (
        0,
        "已核查：任务 6.3 市工商局 报完成，核查退回（2009-05-10，市科技局），退回后计为进行中\n",
    )
    assert status_of(cli, "6.3") == ("in_progress", True, False)
    assert done_ids(cli) == []
    [shown] = cli.json("show", "6.3", "--as-of", AS_OF)
    assert shown["parts"][0]["returned_reason"] == "未附注册证明，请补报"
    assert shown["awaiting_check"] is False
    table = cli("show", "6.3", "--as-of", AS_OF).stdout
    assert "状态      进行中（核查退回：未附注册证明，请补报）" in table
    # Claimed again: a new claim, waiting for a new check.
    cli("record", "6.3", "--status", "done", "--by", "市工商局", "--date", "2009-05-20")
    assert status_of(cli, "6.3") == ("in_progress", True, None)


def test_a_part_of_a_group_is_checked_on_its_own(cli: Cli) -> None:
    cli("record", "13.2", "--status", "done", "--by", "海宁市", "--date", "2009-05-01")
    cli("record", "13.2", "--status", "done", "--by", "平湖市", "--date", "2009-05-01")
    cli("verify", "13.2", "--unit", "海宁市人民政府", "--accept", "--date", "2009-05-10")
    cli(
        "verify",
        "13.2",
        "--unit",
        "平湖市",
        "--return",
        "--note",
        "未见资金文件",
        "--date",
        "2009-05-10",
    )
    [shown] = cli.json("show", "13.2", "--as-of", AS_OF)
    found = {p["unit"]: (p["status"], p["verified"]) for p in shown["parts"]}
    assert (found["海宁市政府"], found["平湖市政府"]) == (("done", True), ("in_progress", False))


def test_where_the_plan_requires_no_verification_a_claim_counts_as_done(
    cli: Cli, data_dir: Path
) -> None:
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    tasks.write_text(text.replace("verification: required", "verification: none"), encoding="utf-8")
    cli("record", "6.3", "--status", "done", "--by", "市工商局", "--date", "2009-05-01")
    assert status_of(cli, "6.3") == ("done", True, None)
    # A plan written before the setting: the same.
    tasks.write_text(text.replace("verification: required\n", ""), encoding="utf-8")
    assert status_of(cli, "6.3") == ("done", True, None)
    # The office may still return a claim it finds wanting.
    cli("verify", "6.3", "--return", "--note", "数字有误", "--date", "2009-05-10")
    assert status_of(cli, "6.3") == ("in_progress", True, False)


def test_pending_claims_are_listed_for_the_office(data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            rec("6.3", "2009-05-01", "done", by="市工商局"),
            rec("13.2", "2009-05-01", "done", by="海宁市政府"),
            rec("13.2", "2009-05-01", "done", by="平湖市政府"),
            check("13.2", "2009-05-02", "平湖市政府"),
            rec("6.4", "2009-05-01", "done", by="市工商局"),
            check("6.4", "2009-05-02", "市工商局", "returned", note="缺证明"),
        ],
    )
    plan, problems = load.load_plan(data_dir, date(2011, 1, 1))
    assert plan is not None, problems
    pending = pending_claims(plan, date(2009, 6, 30))
    assert [(p.task, p.unit, p.claim_date) for p in pending] == [
        ("6.3", "市工商局", date(2009, 5, 1)),
        ("13.2", "海宁市政府", date(2009, 5, 1)),
    ]
    # Known by a day before the claims: none yet.
    assert pending_claims(plan, date(2009, 6, 30), known_by=date(2009, 4, 30)) == []


VERIFY_REFUSED = [
    (["6.3", "--accept"], "市工商局在任务 6.3 上没有报完成，无从核查（它还没有报过进度）"),
    (["13.2", "--unit", "嘉善县", "--accept"],
     "嘉善县政府在任务 13.2 上没有报完成，无从核查（它还没有报过进度）"),
    (["13.2", "--unit", "市科技局", "--accept"],
     "市科技局不是任务 13.2 的责任单位（责任单位：南湖区政府、秀洲区政府、嘉善县政府、"
     "海盐县政府、海宁市政府、平湖市政府、桐乡市政府）"),
    (["13.2", "--accept"],
     "任务 13.2 有 7 个责任单位，要用 --unit 写明核查的是哪一个（责任单位：南湖区政府、"
     "秀洲区政府、嘉善县政府、海盐县政府、海宁市政府、平湖市政府、桐乡市政府）"),
    (["13.2", "--unit", "海宁市", "--return"], "退回要在 --note（说明）中写明原因"),
    (["13.2", "--unit", "海宁市"], "要写核查结论：--accept（通过）或 --return（退回）"),
    (["13.2", "--unit", "海宁市", "--accept", "--return"], "--accept 与 --return 只能用一个"),
    (["13.2", "--unit", "海宁", "--accept"],
     "未知单位「海宁」。最接近的已知单位：海宁市政府（`ipcity units` 列出全部单位）"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), VERIFY_REFUSED)
def test_verify_refuses_what_it_cannot_check(
    cli: Cli, data_dir: Path, args: list[str], message: str
) -> None:
    cli("record", "13.2", "--status", "done", "--by", "海宁市", "--date", "2009-05-01")
    cli("record", "6.3", "--status", "in_progress", "--date", "2009-05-01")
    path = data_dir / "status.yaml"
    before = path.read_bytes()
    # 6.3 has a record, but no claim: its latest status is in progress.
    expected = (
        message.replace("（它还没有报过进度）", "（它最近报的状态：进行中）")
        if args[0] == "6.3"
        else message
    )
    result = cli("verify", *args, "--date", "2009-05-10")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"错误：{expected}\n")
    assert path.read_bytes() == before


def test_a_check_before_its_claim_is_refused_by_date(cli: Cli, data_dir: Path) -> None:
    cli("record", "6.3", "--status", "done", "--by", "市工商局", "--date", "2009-05-10")
    result = cli("verify", "6.3", "--accept", "--date", "2009-05-01")
    assert (result.exit_code, result.stderr) == (
        2,
        "错误：市工商局在任务 6.3 上没有报完成，无从核查（它还没有报过进度）\n",
    )


def test_validate_names_a_hand_written_check_that_has_no_claim(cli: Cli, data_dir: Path) -> None:
    (data_dir / "status.yaml").write_text(
        "- {task: '6.3', date: 2009-05-01, status: in_progress, by: 市工商局}\n"
        "- {task: '6.3', date: 2009-05-02, unit: 市工商局, verify: 通过}\n"
        "- {task: '13.2', date: 2009-05-02, verify: returned, note: 缺}\n",
        encoding="utf-8",
    )
    result = cli("validate")
    assert result.exit_code == 1
    path = data_dir / "status.yaml"
    assert result.stdout == (
        f"{path}:2:55: error: 市工商局在任务 6.3 上没有报完成，无从核查（它最近报的状态：进行中）\n"
        "  2 | - {task: '6.3', date: 2009-05-02, unit: 市工商局, verify: 通过}\n"
        "    |                                                           ^\n"
        "  提示：责任单位报完成（status: done）之后，办公室才能核查\n"
        f"{path}:3:44: error: 任务 13.2 有 7 个责任单位，要用 unit 写明核查的是哪一个"
        "（责任单位：南湖区政府、秀洲区政府、嘉善县政府、海盐县政府、海宁市政府、平湖市政府、桐乡市政府）\n"
        "  3 | - {task: '13.2', date: 2009-05-02, verify: returned, note: 缺}\n"
        "    |                                            ^\n"
        "  提示：unit 写其中一个\n"
        "共 2 个错误，在 1 个文件中\n"
    )
