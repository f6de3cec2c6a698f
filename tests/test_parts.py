"""Parts: each responsible unit (a group standing for its members) answers for its own part
of a task; the task is done when every part is; a cooperating unit's record is a note."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli
from hypothesis import given, settings
from hypothesis import strategies as st
from statuslog import check, rec, write_log
from tests_support import BUNDLED, COUNTIES

from ipcity.answers.parts import part_states, task_states
from ipcity.files import load
from ipcity.plan.loaded import Check, Extension, Log, Plan, Record
from ipcity.plan.models import Status
from ipcity.plan.parts import lead_unit, task_parts


@pytest.fixture(scope="module")
def bundled() -> Plan:
    plan, problems = load.load_plan(BUNDLED, date(2011, 1, 1))
    assert plan is not None, problems
    return plan


AS_OF = "2009-06-30"


def parts_of(cli: Cli, task: str, *args: str) -> list[tuple[str, str]]:
    [shown] = cli.json("show", task, "--as-of", AS_OF, *args)
    return [(p["unit"], p["status"]) for p in shown["parts"]]


def test_a_tasks_parts_are_its_responsible_units_groups_by_their_members(data_dir: Path) -> None:
    plan, _ = load.load_plan(data_dir, date(2011, 1, 1))
    assert plan is not None
    tasks = {task_id: task for task_id, (_, task) in plan.tasks.items()}
    assert task_parts(plan.units, tasks["13.2"]) == COUNTIES
    assert task_parts(plan.units, tasks["10.2"]) == [
        "市科技局", "市工商局", "市文化局", "市质量技监局", "市公安局",
    ]  # fmt: skip
    # 各领导小组成员单位 has no members, and only cooperates on task 2.
    assert task_parts(plan.units, tasks["2"]) == ["市政府办公室", "市科技局"]
    assert task_parts(plan.units, tasks["9.2"]) == ["市科技局"]  # written 市科技局(知识产权局)
    assert lead_unit(plan.units, tasks["6.1"]) == "市科技局"


def test_haining_done_and_pinghu_in_progress_leave_13_2_open(cli: Cli) -> None:
    assert (
        cli(
            "record", "13.2", "--status", "done", "--by", "海宁市", "--date", "2009-05-01"
        ).exit_code
        == 0
    )
    assert (
        cli(
            "record", "13.2", "--status", "in_progress", "--by", "平湖市", "--date", "2009-05-02"
        ).exit_code
        == 0
    )
    assert (
        cli("verify", "13.2", "--unit", "海宁市", "--accept", "--date", "2009-05-10").exit_code == 0
    )
    [shown] = cli.json("show", "13.2", "--as-of", AS_OF)
    assert [p["unit"] for p in shown["parts"]] == COUNTIES
    assert shown["status"] == "not_started"  # the least advanced of seven parts
    assert shown["overdue"] is True
    haining, pinghu = shown["parts"][4], shown["parts"][5]
    assert haining == {
        "unit": "海宁市政府",
        "status": "done",
        "verified": True,
        "claimed": True,
        "due": "2008-12-31",
        "original_due": "2008-12-31",
        "last_date": "2009-05-01",
        "overdue": False,
        "claim_date": "2009-05-01",
        "returned_reason": None,
        "extension_reason": None,
        "approved_by": None,
        "requested_due": None,
    }
    assert (pinghu["status"], pinghu["claimed"], pinghu["verified"]) == ("in_progress", False, None)
    assert (pinghu["last_date"], pinghu["overdue"]) == ("2009-05-02", True)
    assert [p["status"] for p in shown["parts"]].count("not_started") == 5


def test_the_terminal_show_lists_the_parts(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    cli("record", "13.2", "--status", "done", "--by", "海宁市", "--date", "2009-05-01")
    cli("record", "13.2", "--status", "in_progress", "--by", "平湖市", "--date", "2009-05-02")
    result = cli("show", "13.2", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert [line.rstrip() for line in result.stdout.splitlines()] == [
        "序号      13.2",
        "工作内容  建立完善各类知识产权专项资金",
        "目标要求  各县(市、区)应设立相应的知识产权专项资金",
        "工作进度  2008年,以后常设（2008-12-31）",
        "责任单位  各县(市、区)政府",
        "配合单位",
        "状态      未开始 逾期（7 个责任单位中 0 个已完成）",
        "",
        "                          各责任单位",
        "单位         状态                       期限         最近记录",
        "───────────────────────────────────────────────────────────────",
        "南湖区政府   未开始，逾期               2008-12-31   无记录",
        "秀洲区政府   未开始，逾期               2008-12-31   无记录",
        "嘉善县政府   未开始，逾期               2008-12-31   无记录",
        "海盐县政府   未开始，逾期               2008-12-31   无记录",
        "海宁市政府   已报完成（待核查），逾期   2008-12-31   2009-05-01",
        "平湖市政府   进行中，逾期               2008-12-31   2009-05-02",
        "桐乡市政府   未开始，逾期               2008-12-31   无记录",
        "                        进度记录",
        "日期         状态     报告单位     说明   指标读数   佐证",
        "─────────────────────────────────────────────────────────",
        "2009-05-01   已完成   海宁市政府",
        "2009-05-02   进行中   平湖市政府",
    ]


def test_a_record_speaks_for_the_part_of_its_unit_only(cli: Cli, data_dir: Path) -> None:
    write_log(
        data_dir,
        [
            rec("10.2", "2009-05-01", "done", by="市公安局"),
            check("10.2", "2009-05-02", "市公安局"),
            rec("10.2", "2009-05-03", "in_progress", by="市工商局"),
        ],
    )
    assert parts_of(cli, "10.2") == [
        ("市科技局", "not_started"),
        ("市工商局", "in_progress"),
        ("市文化局", "not_started"),
        ("市质量技监局", "not_started"),
        ("市公安局", "done"),  # a later record of another unit does not undo it
    ]


def test_a_record_naming_no_unit_speaks_for_every_part(cli: Cli, data_dir: Path) -> None:
    # As every hand-written record did before parts: `all_parts: true` says so explicitly.
    write_log(
        data_dir,
        [
            rec("2", "2009-03-01", "in_progress"),
            rec("10.2", "2009-03-01", "blocked", by="市科技局", all_parts=True),
            rec("10.2", "2009-03-02", "in_progress", by="市科技局", unit="市公安局"),
        ],
    )
    assert parts_of(cli, "2") == [("市政府办公室", "in_progress"), ("市科技局", "in_progress")]
    assert parts_of(cli, "10.2") == [
        ("市科技局", "blocked"),
        ("市工商局", "blocked"),
        ("市文化局", "blocked"),
        ("市质量技监局", "blocked"),
        ("市公安局", "in_progress"),  # the office recording for one unit: `unit`
    ]


def test_a_cooperating_units_record_is_a_note_and_changes_no_part(cli: Cli) -> None:
    result = cli("record", "6.1", "--status", "done", "--by", "海宁市", "--date", "2009-05-04")
    assert (result.exit_code, result.stdout) == (
        0,
        "已记录：任务 6.1 已完成（2009-05-04，海宁市政府）；"
        "报告单位不是责任单位，这条作为说明，不改变任务状态\n",
    )
    [shown] = cli.json("show", "6.1", "--as-of", AS_OF)
    assert (shown["status"], shown["parts"][0]["last_date"]) == ("not_started", None)
    assert shown["updated"] == "2009-05-04"  # the task's latest record is still shown
    assert [h["by"] for h in shown["history"]] == ["海宁市政府"]


@pytest.mark.parametrize(
    ("statuses", "task_status"),
    [
        (["done", "done", "done", "done", "done"], "done"),
        (["done", "in_progress", "done", "done", "done"], "in_progress"),
        (["done", "in_progress", None, "done", "done"], "not_started"),  # least advanced
        (["done", "in_progress", None, "blocked", "done"], "blocked"),  # blocked shows first
    ],
)
def test_a_tasks_status_is_its_least_advanced_parts_blocked_first(
    cli: Cli, data_dir: Path, statuses: list[str | None], task_status: str
) -> None:
    units = ["市科技局", "市工商局", "市文化局", "市质量技监局", "市公安局"]
    records = [
        rec("10.2", "2009-05-01", status, by=unit)
        for unit, status in zip(units, statuses, strict=True)
        if status is not None
    ]
    done = [unit for unit, status in zip(units, statuses, strict=True) if status == "done"]
    accepted = [check("10.2", "2009-05-02", unit) for unit in done]
    write_log(data_dir, records + accepted)
    [row] = [r for r in cli.json("list", "--item", "10") if r["id"] == "10.2"]
    assert row["status"] == task_status
    assert [r["id"] for r in cli.json("list", "--status", task_status, "--item", "10")].count(
        "10.2"
    ) == 1


def test_a_single_part_task_behaves_as_before(cli: Cli) -> None:
    cli("record", "6.3", "--status", "blocked", "--date", "2009-05-01")
    cli("record", "6.3", "--status", "in_progress", "--by", "市工商局", "--date", "2009-05-02")
    assert parts_of(cli, "6.3") == [("市工商局", "in_progress")]
    assert [r["id"] for r in cli.json("list", "--status", "in_progress")] == ["6.3"]


def test_record_on_a_task_of_several_parts_must_say_whose(cli: Cli, data_dir: Path) -> None:
    before = (data_dir / "status.yaml").read_bytes()
    result = cli("record", "13.2", "--status", "done", "--date", "2009-05-01")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "错误：任务 13.2 有 7 个责任单位（南湖区政府、秀洲区政府、嘉善县政府、海盐县政府、"
        "海宁市政府、平湖市政府、桐乡市政府），各报各的进度：用 --by 写明是哪个单位报的"
        "（如 --by 南湖区政府）；代某个单位记录用 --unit；代全部责任单位记录加 --all\n"
    )
    assert (data_dir / "status.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "line", "said"),
    [
        (
            ["--all"],
            "- {task: '10.2', date: 2009-05-01, status: in_progress, all_parts: true}",
            "已记录：任务 10.2 全部 5 个责任单位 进行中（2009-05-01）",
        ),
        (
            ["--by", "市知识产权局", "--unit", "市公安局"],
            "- {task: '10.2', date: 2009-05-01, status: in_progress, by: 市科技局, unit: 市公安局}",
            "已记录：任务 10.2 市公安局 进行中（2009-05-01，市科技局）",
        ),
        (
            ["--by", "市工商局"],
            "- {task: '10.2', date: 2009-05-01, status: in_progress, by: 市工商局}",
            "已记录：任务 10.2 市工商局 进行中（2009-05-01，市工商局）",
        ),
        (
            ["--all"],  # a task of one part: every record speaks for it, nothing to add
            None,
            None,
        ),
    ],
)
def test_record_writes_whose_part_it_is(
    cli: Cli, data_dir: Path, args: list[str], line: str | None, said: str | None
) -> None:
    task = "10.2" if line else "6.3"
    result = cli("record", task, "--status", "in_progress", "--date", "2009-05-01", *args)
    assert result.exit_code == 0, result.output
    written = (data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()[-1]
    assert written == (line or "- {task: '6.3', date: 2009-05-01, status: in_progress}")
    assert result.stdout == (said or "已记录：任务 6.3 进行中（2009-05-01）") + "\n"
    assert cli("validate").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "海盐县"], "海盐县政府不是任务 6.1 的责任单位（责任单位：市科技局）"),
        (["--all", "--unit", "市科技局"], "--all 与 --unit 只能写一个"),
        (["--unit", "市科技厅"], "未知单位「市科技厅」。最接近的已知单位：市科技局、市科协（`ipcity units` 列出全部单位）"),
    ],
)  # fmt: skip
def test_a_part_that_is_not_the_tasks_is_refused(
    cli: Cli, data_dir: Path, args: list[str], message: str
) -> None:
    before = (data_dir / "status.yaml").read_bytes()
    result = cli("record", "6.1", "--status", "done", "--date", "2009-05-01", *args)
    assert (result.exit_code, result.stderr) == (2, f"错误：{message}\n")
    assert (data_dir / "status.yaml").read_bytes() == before


def test_a_count_on_a_part_keeps_that_parts_status(cli: Cli, data_dir: Path) -> None:
    cli("record", "11.2", "--status", "blocked", "--by", "市文化局", "--date", "2009-04-01")
    result = cli("record", "11.2", "--count", "1", "--by", "市文化局", "--date", "2009-04-26")
    assert result.exit_code == 0, result.output
    assert (data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()[-1] == (
        "- {task: '11.2', date: 2009-04-26, status: blocked, by: 市文化局, count: 1}"
    )
    result = cli("record", "11.2", "--count", "1", "--by", "市科技局", "--date", "2009-04-26")
    assert (data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()[-1] == (
        "- {task: '11.2', date: 2009-04-26, status: in_progress, by: 市科技局, count: 1}"
    )


def test_parts_are_worked_out_from_the_log_in_date_order(data_dir: Path) -> None:
    # Filled in late: the April record comes after May's in the file, and does not win.
    write_log(
        data_dir,
        [
            rec("10.2", "2009-05-01", "done", by="市工商局"),
            rec("10.2", "2009-04-01", "blocked", by="市工商局"),
            rec("10.2", "2009-05-01", "in_progress", by="市公安局"),
            rec("10.2", "2009-05-01", "blocked", by="市公安局"),  # same day: the later line
        ],
    )
    plan, problems = load.load_plan(data_dir, date(2011, 1, 1))
    assert plan is not None, problems
    states = {p.unit: p for p in part_states(plan, date(2009, 6, 30))["10.2"]}
    assert states["市工商局"].reported is Status.done
    assert states["市工商局"].status is Status.in_progress  # a claim, not yet accepted
    assert states["市工商局"].awaiting_check
    assert states["市公安局"].status is Status.blocked
    task = task_states(plan, date(2009, 6, 30))["10.2"]
    assert (task.status, task.done, task.parts, task.awaiting_check) == (
        Status.blocked, 0, 5, False,
    )  # fmt: skip


def test_inspect_reads_a_log_with_checks_and_extensions(cli: Cli, data_dir: Path) -> None:
    # inspect cuts the log at the period's end: every kind of entry must survive the cut.
    write_log(
        data_dir,
        [
            rec("6.3", "2009-05-01", "done", by="市工商局"),
            check("6.3", "2009-05-02", "市工商局"),
            rec("6.4", "2009-08-01", "done", by="市工商局"),
            check("6.4", "2009-08-02", "市工商局"),
            {"task": "6.1", "date": "2009-08-02", "unit": "市科技局", "extend_to": "2010-06-30",
             "reason": "口径调整", "approved_by": "市政府办公室"},
        ],
    )  # fmt: skip
    assert cli("inspect", "--period", "2009H1", "--format", "json").exit_code == 0
    assert cli("inspect", "--period", "2009H2", "--format", "json").exit_code == 0


KINDS = st.sampled_from(["record", "check", "extension"])
UNITS_10_2 = ["市科技局", "市工商局", "市文化局", "市质量技监局", "市公安局"]


@settings(max_examples=60, deadline=None)
@given(
    entries=st.lists(
        st.tuples(
            KINDS,
            st.sampled_from(["6.1", "10.2"]),
            st.dates(min_value=date(2009, 1, 1), max_value=date(2010, 12, 31)),
            st.sampled_from([None, *UNITS_10_2]),
            st.sampled_from(list(Status)),
        ),
        max_size=30,
    ),
    day=st.dates(min_value=date(2009, 1, 1), max_value=date(2010, 12, 31)),
)
def test_the_plan_as_at_a_day_is_the_plan_known_by_that_day(
    bundled: Plan, entries: list[tuple[str, str, date, str | None, Status]], day: date
) -> None:
    log = Log([], [], [])
    for seq, (kind, task, when, unit, status) in enumerate(entries):
        if kind == "record":
            log.records.append(
                Record(task, when, status, unit, None, {}, None, None, None, None, False)
            )
        elif kind == "check":
            verdict = "accepted" if status is Status.done else "returned"
            log.checks.append(Check(task, when, unit, verdict, None, None, None, seq))
        else:
            to = date(2011, 1, 1) + (when - date(2009, 1, 1))
            log.extensions.append(
                Extension(task, when, unit, to, "理由", unit, None, None, None, seq)
            )
    plan = replace(bundled, records=[], checks=[], extensions=[], tasks={})
    plan.add_log(log)
    kinds = {Record: "record", Check: "check", Extension: "extension"}
    placed = list(plan.log.in_file_order())
    assert [(seq, kinds[type(e)], e.task, e.date) for seq, e in placed] == [
        (seq, kind, task, when) for seq, (kind, task, when, *_) in enumerate(entries)
    ]
    then = plan.as_at(day)
    assert [(type(e), e.date) for _, e in then.log.in_file_order()] == [
        (type(e), e.date) for _, e in placed if e.date <= day
    ]
    as_of = date(2011, 1, 1)
    assert task_states(then, as_of) == task_states(plan, as_of, known_by=day)
    cut = part_states(then, as_of)
    known = part_states(plan, as_of, known_by=day)
    assert {t: [(p.unit, p.status, p.due) for p in ps] for t, ps in cut.items()} == {
        t: [(p.unit, p.status, p.due) for p in ps] for t, ps in known.items()
    }
