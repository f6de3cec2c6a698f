"""`ipcity record`: every check before a byte is written, and the line it appends."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import Cli
from statuslog import NO_KIND_FIELDS

from ipcity.files import load
from ipcity.log import new as recording
from ipcity.log.entry import Typed

TASK_6_3 = (
    "      - id: '6.3'\n"
    "        target: 年注册商标数2800件\n"
    "        deadline: 2010年底\n"
    "        responsible: [市工商局]\n"
)


def add_indicators(data_dir: Path) -> None:
    """Give task 6.3 two indicators of the test's own in its copy of the plan, in place of
    the bundled one (a second name, with full-width brackets, tests name matching)."""
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    assert TASK_6_3 in text
    text = re.sub(re.escape(TASK_6_3) + r"        indicators:\n(          - .*\n)+", TASK_6_3, text)
    indicators = (
        "        indicators:\n"
        "          - {name: 年注册商标数, target: 2800, unit: 件}\n"
        "          - {name: 新增著名商标数(件), target: 200, unit: 件}\n"
    )
    tasks.write_text(text.replace(TASK_6_3, TASK_6_3 + indicators), encoding="utf-8")


def log_bytes(data_dir: Path) -> bytes:
    return (data_dir / "status.yaml").read_bytes()


def test_record_appends_one_line_and_the_task_takes_its_status(cli: Cli, data_dir: Path) -> None:
    before = log_bytes(data_dir)
    result = cli(
        "record", "6.3", "--status", "in_progress", "--date", "2009-05-01",
        "--by", "市工商局", "--note", "已启动",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "已记录：任务 6.3 进行中（2009-05-01，市工商局）\n"
    assert (
        log_bytes(data_dir)
        == before
        + (
            "- {task: '6.3', date: 2009-05-01, status: in_progress, by: 市工商局, note: 已启动}\n"
        ).encode()
    )
    rows = {row["id"]: row for row in cli.json("list")}
    assert rows["6.3"]["status"] == "in_progress"
    assert rows["6.3"]["updated"] == "2009-05-01"
    assert [r["status"] for r in rows.values()].count("in_progress") == 1
    assert cli("validate").exit_code == 0


def test_every_field_is_written_in_order_with_the_canonical_unit(cli: Cli, data_dir: Path) -> None:
    add_indicators(data_dir)
    result = cli(
        "record", "６．３", "--status", "已完成", "--date", "2010年12月31日",
        "--by", "市工商局", "--note", "全年注册商标 3012 件: 超额完成",
        "--value", "年注册商标数＝３０１２", "--value", "新增著名商标数（件）=205",
        "--evidence", "嘉工商〔2011〕3号",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert log_bytes(data_dir).decode().splitlines()[-1] == (
        "- {task: '6.3', date: 2010-12-31, status: done, by: 市工商局, "
        'note: "全年注册商标 3012 件: 超额完成", '
        "values: {年注册商标数: 3012, 新增著名商标数(件): 205}, evidence: 嘉工商〔2011〕3号}"
    )
    [shown] = cli.json("show", "6.3")
    # A claim of completion: done once the office accepts it (the plan requires it).
    assert shown["status"] == "in_progress"
    assert [(p["claimed"], p["verified"]) for p in shown["parts"]] == [(True, None)]
    assert shown["history"] == [
        {
            "date": "2010-12-31",
            "status": "done",
            "by": "市工商局",
            "note": "全年注册商标 3012 件: 超额完成",
            "values": {"年注册商标数": 3012.0, "新增著名商标数(件)": 205.0},
            "evidence": "嘉工商〔2011〕3号",
            **NO_KIND_FIELDS,
        }
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("市知识产权局", "市科技局"),  # an alias
        ("市科技局（知识产权局）", "市科技局"),  # full-width brackets from an IME
        ("海宁市", "海宁市政府"),  # a county, through 各县(市、区)政府 cooperating on 6.1
        ("海宁市人民政府", "海宁市政府"),
    ],
)
def test_by_is_stored_as_the_canonical_name(
    cli: Cli, data_dir: Path, typed: str, stored: str
) -> None:
    result = cli("record", "6.1", "--status", "in_progress", "--date", "2009-05-01", "--by", typed)
    assert result.exit_code == 0, result.output
    assert log_bytes(data_dir).decode().splitlines()[-1] == (
        f"- {{task: '6.1', date: 2009-05-01, status: in_progress, by: {stored}}}"
    )


def test_date_defaults_to_today(cli: Cli, data_dir: Path) -> None:
    result = cli("record", "14", "--status", "进行中")
    assert result.exit_code == 0, result.output
    today = date.today().isoformat()
    assert log_bytes(data_dir).decode().splitlines()[-1] == (
        f"- {{task: '14', date: {today}, status: in_progress}}"
    )


def test_force_records_for_a_unit_not_on_the_task(cli: Cli, data_dir: Path) -> None:
    result = cli(
        "record", "6.3", "--status", "blocked", "--date", "2009-05-01", "--by", "市公安局",
        "--force",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        log_bytes(data_dir)
        .decode()
        .endswith("- {task: '6.3', date: 2009-05-01, status: blocked, by: 市公安局}\n")
    )


def test_a_note_that_looks_like_an_option_is_still_the_note(cli: Cli, data_dir: Path) -> None:
    result = cli("record", "6.3", "--status", "done", "--date", "2009-05-01", "--note", "-x")
    assert result.exit_code == 0, result.output
    [shown] = cli.json("show", "6.3")
    assert shown["history"][-1]["note"] == "-x"


def test_a_file_without_a_final_newline_still_gets_a_record_of_its_own(
    cli: Cli, data_dir: Path
) -> None:
    path = data_dir / "status.yaml"
    path.write_bytes(b"- {task: '1', date: 2008-09-28, status: done}")
    result = cli("record", "3", "--status", "done", "--date", "2009-03-20")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == (
        b"- {task: '1', date: 2008-09-28, status: done}\n"
        b"- {task: '3', date: 2009-03-20, status: done}\n"
    )
    assert [(r["task"], r["status"]) for r in cli.json("log")] == [("3", "done"), ("1", "done")]


REFUSED = [
    (
        ["9.9", "--status", "done"],
        "任务「9.9」不存在（序号如 1、5.1、13.2；`ipcity list` 列出全部任务）",
    ),
    (
        ["6.3", "--status", "finished"],
        "未知状态「finished」，应为 not_started（未开始）、in_progress（进行中）、"
        "done（已完成）、blocked（受阻）之一",
    ),
    (
        ["6.3", "--status", "done", "--date", "2009-02-30"],
        "--date 日期不存在「2009-02-30」；写成 2009-05-01 或 2009年5月1日",
    ),
    (
        ["6.3", "--status", "done", "--date", "五月一日"],
        "--date 无法识别的日期「五月一日」；写成 2009-05-01 或 2009年5月1日",
    ),
    (
        ["6.3", "--status", "done", "--date", "2009年5月"],
        "--date「2009年5月」是一段时间（2009-05-01 至 2009-05-31），"
        "进度记录要写具体哪一天，如 2009-05-01 或 2009年5月1日",
    ),
    (
        ["6.3", "--status", "done", "--by", "市工商总局"],
        "未知单位「市工商总局」。最接近的已知单位：市工商局（`ipcity units` 列出全部单位）",
    ),
    (
        ["6.3", "--status", "done", "--by", "市公安局"],
        "市公安局不是任务 6.3 的责任单位或配合单位（责任单位：市工商局；配合单位：无）。"
        "代其他单位记录时加 --force",
    ),
    (
        ["6.3", "--status", "done", "--by", "海宁市"],
        "海宁市政府不是任务 6.3 的责任单位或配合单位（责任单位：市工商局；配合单位：无）。"
        "代其他单位记录时加 --force",
    ),
    (
        ["8.4", "--status", "done", "--value", "年注册商标数=1"],
        "任务 8.4 没有指标「年注册商标数」；它没有设指标",
    ),
    (
        ["6.3", "--status", "done", "--note", "坏\udcff字"],
        "--note 中有无法保存的字符 U+DCFF（终端或脚本传入的文字不是 UTF-8 编码）",
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSED)
def test_a_refused_record_exits_2_and_leaves_the_file_byte_for_byte(
    cli: Cli, data_dir: Path, args: list[str], message: str
) -> None:
    before = log_bytes(data_dir)
    result = cli("record", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"错误：{message}\n")
    assert log_bytes(data_dir) == before


def test_a_future_date_is_refused(cli: Cli, data_dir: Path) -> None:
    before = log_bytes(data_dir)
    today = date.today()
    tomorrow = today + timedelta(days=1)
    result = cli("record", "6.3", "--status", "done", "--date", tomorrow.isoformat())
    assert result.exit_code == 2
    assert result.stderr == (
        f"错误：--date {tomorrow.isoformat()} 在今天（{today.isoformat()}）之后："
        "进度记录只能记已经发生的事\n"
    )
    assert log_bytes(data_dir) == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "专利申请量=5",
            "任务 6.3 没有指标「专利申请量」；它的指标：年注册商标数、新增著名商标数(件)",
        ),
        ("年注册商标数", "--value「年注册商标数」应写成 指标名=数值，如 年注册商标数=1320"),
        ("=5", "--value「=5」应写成 指标名=数值，如 年注册商标数=1320"),
        (
            "年注册商标数=1,320",
            "--value 年注册商标数 的读数「1,320」应为数字，如 1320 或 97.5（不写单位和千位分隔符）",
        ),
        (
            "年注册商标数=1320件",
            "--value 年注册商标数 的读数「1320件」应为数字，如 1320 或 97.5（不写单位和千位分隔符）",
        ),
        (
            "年注册商标数=nan",
            "--value 年注册商标数 的读数「nan」应为数字，如 1320 或 97.5（不写单位和千位分隔符）",
        ),
        (
            "年注册商标数=" + "9" * 400 + ".5",
            "--value 年注册商标数 的读数「"
            + "9" * 400
            + ".5」应为数字，如 1320 或 97.5（不写单位和千位分隔符）",
        ),
    ],
)
def test_a_bad_reading_is_refused(cli: Cli, data_dir: Path, value: str, message: str) -> None:
    add_indicators(data_dir)
    before = log_bytes(data_dir)
    result = cli("record", "6.3", "--status", "done", "--date", "2009-05-01", "--value", value)
    assert (result.exit_code, result.stderr) == (2, f"错误：{message}\n")
    assert log_bytes(data_dir) == before


def test_a_reading_given_twice_is_refused(cli: Cli, data_dir: Path) -> None:
    add_indicators(data_dir)
    result = cli(
        "record", "6.3", "--status", "done", "--date", "2009-05-01",
        "--value", "年注册商标数=1", "--value", "年注册商标数 = 2",
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (2, "错误：指标「年注册商标数」的读数给了两次\n")


def test_record_refuses_to_add_to_data_that_does_not_validate(cli: Cli, data_dir: Path) -> None:
    path = data_dir / "status.yaml"
    path.write_bytes(b"- {task: '6.3', date: 2009-05-01, status: dun}\n")
    result = cli("record", "6.3", "--status", "done", "--date", "2009-05-02")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:1:43: error: status（状态）：未知状态「dun」")
    assert path.read_bytes() == b"- {task: '6.3', date: 2009-05-01, status: dun}\n"


def test_a_log_whose_end_cannot_take_a_line_is_left_alone_with_exit_1(
    cli: Cli, data_dir: Path
) -> None:
    path = data_dir / "status.yaml"
    indented = b"  - {task: '6.3', date: 2009-05-01, status: in_progress}\n"
    path.write_bytes(indented)
    assert cli("validate").exit_code == 0  # valid as it is: an indented top-level list
    result = cli("record", "6.3", "--status", "done", "--date", "2009-05-02")
    assert result.exit_code == 1
    assert result.stderr == (
        f"错误：{path}：文件末尾的写法使新记录无法原样追加（如列表有缩进、引号或括号未闭合）；"
        "请检查文件末尾，改后运行 `ipcity validate`\n"
    )
    assert path.read_bytes() == indented


def test_the_core_builds_what_the_loader_reads_back(data_dir: Path) -> None:
    add_indicators(data_dir)
    today = date(2011, 1, 1)
    plan, problems = load.load_plan(data_dir, today)
    assert plan is not None, problems
    typed = Typed("6.3", today, "2010年底", by="市工商局", note="no")
    new = recording.build_record(
        plan, typed, "done", values=["年注册商标数=012"], evidence="2009-05-01"
    )
    assert new.line == (
        "- {task: '6.3', date: 2010-12-31, status: done, by: 市工商局, note: \"no\", "
        'values: {年注册商标数: 12}, evidence: "2009-05-01"}'
    )
    recording.append_record(data_dir, new)
    again, problems = load.load_plan(data_dir, today)
    assert again is not None, problems
    assert again.records == [new.record]


def test_count_records_an_occurrence_of_a_recurring_duty(cli: Cli, data_dir: Path) -> None:
    result = cli("record", "11.4", "--count", "1", "--duty", "报纸专栏", "--date", "2009-05-20",
                 "--by", "市委宣传部")  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert (
        log_bytes(data_dir)
        .decode()
        .endswith(
            "- {task: '11.4', date: 2009-05-20, status: in_progress, by: 市委宣传部,"
            " count: 1, duty: 报纸专栏}\n"
        )
    )
    report = cli.json("report", "--as-of", "2009-05-31")
    [newspaper] = [d for d in report["recurring"] if d["duty"] == "报纸专栏"]
    may = next(p for p in newspaper["periods"] if p["period"] == "2009年5月")
    assert (may["count"], may["met"]) == (1, True)


def test_a_count_keeps_the_tasks_current_status(cli: Cli, data_dir: Path) -> None:
    assert cli("record", "14", "--status", "blocked", "--date", "2009-03-01").exit_code == 0
    assert cli("record", "14", "--count", "1", "--date", "2009-06-20").exit_code == 0
    assert (
        log_bytes(data_dir)
        .decode()
        .endswith("- {task: '14', date: 2009-06-20, status: blocked, count: 1}\n")
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["11.4", "--count", "1", "--duty", "广播", "--by", "市委宣传部"],
         "任务 11.4 没有经常性工作「广播」；可以是 报纸专栏、电视台专题节目"),
        (["6.3", "--count", "1", "--status", "done"],
         "任务 6.3 没有经常性工作，不能记 count"),
        (["6.3", "--duty", "报纸专栏", "--status", "done"],
         "--duty 要与 --count 同用：--count 写这一天办成了几次"),
        (["6.3"], "缺少 --status（如 --status in_progress）"),
    ],
)  # fmt: skip
def test_a_bad_count_is_refused(cli: Cli, data_dir: Path, args: list[str], message: str) -> None:
    before = log_bytes(data_dir)
    result = cli("record", *args)
    assert (result.exit_code, result.stderr) == (2, f"错误：{message}\n")
    assert log_bytes(data_dir) == before
