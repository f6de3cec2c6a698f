"""Reading the history: current status, `show`, `log`, and `list --stale`."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import Cli
from statuslog import NO_KIND_FIELDS

# Filled in by hand and by `record`, in no particular order: 6.3's April record was
# added after its May one, and 6.1 has two records on one day. The office accepted task
# 1's completion (the bundled plan requires verification).
LOG = """\
# 手工补记的和 record 追加的混在一起
- task: '6.3'
  date: 2009-05-01
  status: in_progress
  by: 市工商局
  note: 已启动商标培育工作
- {task: '6.1', date: 2009-06-30, status: in_progress, by: 海宁市, note: "上半年申请 2600 件,|竖线"}
- {task: '6.3', date: 2009-04-01, status: blocked, by: 市工商局, note: "补记：四月受阻\\n待协调"}
- {task: '1', date: 2008-09-28, status: done, by: 市政府办公室, evidence: 嘉政办〔2008〕1号}
- {task: '6.1', date: 2009-06-30, status: blocked, by: 市知识产权局, note: 同日第二条}
- {task: '6.4', date: 2009-06-15, status: in_progress, by: 市工商局}
- {task: '1', date: 2008-09-30, unit: 市政府办公室, verify: accepted, by: 市科技局}
"""


@pytest.fixture
def logged(cli: Cli, data_dir: Path) -> Cli:
    (data_dir / "status.yaml").write_text(LOG, encoding="utf-8")
    return cli


def ids(rows: list[dict[str, object]]) -> list[object]:
    return [row["id"] for row in rows]


def test_the_current_status_is_the_latest_record_by_date_file_order_breaking_ties(
    logged: Cli,
) -> None:
    rows = {row["id"]: row for row in logged.json("list", "--item", "6")}
    assert {k: (r["status"], r["updated"]) for k, r in rows.items()} == {
        "6.1": ("blocked", "2009-06-30"),  # the later of two on one day
        "6.2": ("not_started", None),
        "6.3": ("in_progress", "2009-05-01"),  # not April's, though it comes later in the file
        "6.4": ("in_progress", "2009-06-15"),
    }
    assert ids(logged.json("list", "--status", "blocked")) == ["6.1"]
    assert ids(logged.json("list", "--status", "进行中", "--item", "6")) == ["6.3", "6.4"]
    assert ids(logged.json("list", "--status", "done")) == ["1"]


def test_show_gives_the_whole_history_oldest_first(logged: Cli) -> None:
    [shown] = logged.json("show", "6.3")
    assert shown["history"] == [
        {
            "date": "2009-04-01",
            "status": "blocked",
            "by": "市工商局",
            "note": "补记：四月受阻\n待协调",
            "values": {},
            "evidence": None,
            **NO_KIND_FIELDS,
        },
        {
            "date": "2009-05-01",
            "status": "in_progress",
            "by": "市工商局",
            "note": "已启动商标培育工作",
            "values": {},
            "evidence": None,
            **NO_KIND_FIELDS,
        },
    ]
    result = logged("show", "6.3", "--format", "md")
    assert result.stdout.endswith(
        "**进度记录**\n\n"
        "| 日期 | 状态 | 报告单位 | 说明 | 指标读数 | 佐证 |\n"
        "|---|---|---|---|---|---|\n"
        "| 2009-04-01 | 受阻 | 市工商局 | 补记：四月受阻<br>待协调 |  |  |\n"
        "| 2009-05-01 | 进行中 | 市工商局 | 已启动商标培育工作 |  |  |\n"
    )


def test_log_lists_the_records_newest_first(logged: Cli) -> None:
    result = logged("log", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == (
        "序号,日期,状态,报告单位,说明,指标读数,佐证\n"
        "6.1,2009-06-30,受阻,市知识产权局,同日第二条,,\n"
        '6.1,2009-06-30,进行中,海宁市,"上半年申请 2600 件,|竖线",,\n'
        "6.4,2009-06-15,进行中,市工商局,,,\n"
        "6.3,2009-05-01,进行中,市工商局,已启动商标培育工作,,\n"
        '6.3,2009-04-01,受阻,市工商局,"补记：四月受阻\n待协调",,\n'
        "1,2008-09-30,核查通过,市科技局（市政府办公室）,,,\n"
        "1,2008-09-28,已完成,市政府办公室,,,嘉政办〔2008〕1号\n"
    )


def test_log_as_json_has_the_records_keys(logged: Cli) -> None:
    assert logged.json("log", "--task", "1") == [
        {
            "task": "1",
            "date": "2008-09-30",
            "status": None,
            "by": "市科技局",
            "note": None,
            "values": {},
            "evidence": None,
            **NO_KIND_FIELDS,
            "unit": "市政府办公室",
            "verify": "accepted",
        },
        {
            "task": "1",
            "date": "2008-09-28",
            "status": "done",
            "by": "市政府办公室",
            "note": None,
            "values": {},
            "evidence": "嘉政办〔2008〕1号",
            **NO_KIND_FIELDS,
        },
    ]


def test_log_as_markdown_and_as_a_table(logged: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = logged("log", "--unit", "市工商局", "--format", "md")
    assert result.stdout == (
        "| 序号 | 日期 | 状态 | 报告单位 | 说明 | 指标读数 | 佐证 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 6.4 | 2009-06-15 | 进行中 | 市工商局 |  |  |  |\n"
        "| 6.3 | 2009-05-01 | 进行中 | 市工商局 | 已启动商标培育工作 |  |  |\n"
        "| 6.3 | 2009-04-01 | 受阻 | 市工商局 | 补记：四月受阻<br>待协调 |  |  |\n"
    )
    table = logged("log", "--task", "6.3").stdout.splitlines()
    assert [line.rstrip() for line in table] == [
        "序号   日期         状态     报告单位       说明",
        "─" * 77,
        "6.3    2009-05-01   进行中   市工商局       已启动商标培育工作",
        "6.3    2009-04-01   受阻     市工商局       补记：四月受阻",
        "                                            待协调",
    ]
    assert logged("log", "--since", "2010-01-01").stdout == "没有符合条件的进度记录\n"
    assert logged.json("log", "--since", "2010-01-01") == []


def test_a_long_log_shows_its_newest_records_up_to_the_limit(
    cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A province's log is 100,000 records: `log` drew them all (7.9 s, 364 MB).
    monkeypatch.setenv("COLUMNS", "80")
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        for n in range(1, 251):
            day = date(2009, 1, 1) + timedelta(days=n)
            log.write(f"- {{task: '6.3', date: {day}, status: in_progress, by: 市工商局}}\n")
    lines = cli("log").stdout.splitlines()
    assert [line.split()[:2] for line in lines[2:4]] == [
        ["6.3", "2009-09-08"],
        ["6.3", "2009-09-07"],
    ]
    assert len(lines) == 2 + 200 + 1
    assert (
        lines[-1]
        == "仅显示最新的 200 条，共 250 条。--limit 0 显示全部；--format csv、md 或 json 输出全部。"
    )
    assert len(cli("log", "--limit", "0").stdout.splitlines()) == 2 + 250
    assert len(cli("log", "--limit", "3").stdout.splitlines()) == 2 + 3 + 1
    assert len(cli("log", "--format", "csv").stdout.splitlines()) == 1 + 250


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--unit", "市工商局"],
            [("6.4", "2009-06-15"), ("6.3", "2009-05-01"), ("6.3", "2009-04-01")],
        ),
        # written as its alias 市知识产权局; and its check of task 1
        (["--unit", "市科技局"], [("6.1", "2009-06-30"), ("1", "2008-09-30")]),
        (["--unit", "海宁市人民政府"], [("6.1", "2009-06-30")]),
        (
            ["--unit", "各县（市、区）政府"],
            [("6.1", "2009-06-30")],
        ),  # a group: its members' records
        (
            ["--since", "2009年6月"],
            [("6.1", "2009-06-30"), ("6.1", "2009-06-30"), ("6.4", "2009-06-15")],
        ),
        (["--since", "2009-06-30"], [("6.1", "2009-06-30"), ("6.1", "2009-06-30")]),
        (["--task", "６．３"], [("6.3", "2009-05-01"), ("6.3", "2009-04-01")]),
        (["--task", "6.1", "--unit", "海宁市"], [("6.1", "2009-06-30")]),
        (["--task", "6.2"], []),
    ],
)
def test_log_filters(logged: Cli, args: list[str], expected: list[tuple[str, str]]) -> None:
    assert [(r["task"], r["date"]) for r in logged.json("log", *args)] == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--task", "9.9"], "任务「9.9」不存在（序号如 1、5.1、13.2；`ipcity list` 列出全部任务）"),
        (
            ["--unit", "市工商总局"],
            "未知单位「市工商总局」。最接近的已知单位：市工商局（`ipcity units` 列出全部单位）",
        ),
        (
            ["--since", "六月"],
            "--since 无法识别的日期「六月」；可以写 2009-06-30、2009年6月、2009年底",
        ),
    ],
)
def test_log_usage_errors_exit_2(logged: Cli, args: list[str], message: str) -> None:
    result = logged("log", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"错误：{message}\n")


def test_stale_lists_open_tasks_without_a_record_in_the_last_days(logged: Cli) -> None:
    # As of 2009-07-10 the last 30 days are 06-11..07-10: 6.1 (06-30) and 6.4 (06-15) are fresh.
    rows = logged.json("list", "--stale", "30", "--as-of", "2009-07-10", "--item", "6")
    assert [(r["id"], r["status"], r["updated"]) for r in rows] == [
        ("6.2", "not_started", None),
        ("6.3", "in_progress", "2009-05-01"),
    ]
    # 25 days are 06-16..07-10: 6.4's record of 06-15 is one day too old.
    rows = logged.json("list", "--stale", "25", "--as-of", "2009-07-10", "--item", "6")
    assert ids(rows) == ["6.2", "6.3", "6.4"]
    rows = logged.json("list", "--stale", "26", "--as-of", "2009-07-10", "--item", "6")
    assert ids(rows) == ["6.2", "6.3"]
    # Records after the as-of day do not count: on 2009-06-20, 6.1 had none yet.
    rows = logged.json("list", "--stale", "10", "--as-of", "2009-06-20", "--item", "6")
    assert ids(rows) == ["6.1", "6.2", "6.3"]


def test_stale_leaves_out_done_tasks_and_combines_with_other_filters(logged: Cli) -> None:
    every = ids(logged.json("list"))
    stale = ids(logged.json("list", "--stale", "30", "--as-of", "2009-07-10"))
    assert stale == [i for i in every if i not in ("1", "6.1", "6.4")]  # 1 is done
    mine = logged.json("list", "--stale", "30", "--as-of", "2009-07-10", "--unit", "市工商局")
    assert "6.4" not in ids(mine) and "6.3" in ids(mine)
    assert all(r["role"] in ("responsible", "cooperating") for r in mine)
    result = logged("list", "--stale", "30", "--as-of", "2009-07-10", "--item", "6", "-f", "csv")
    assert result.stdout.splitlines()[0] == (
        "序号,工作内容,目标要求,工作进度,责任单位,配合单位,状态,最近记录"
    )
    assert result.stdout.splitlines()[-1] == (
        "6.3,提高全市知识产权创造能力,年注册商标数2800件,2010年底,市工商局,,进行中,2009-05-01"
    )


def test_stale_with_more_days_than_the_calendar_has_is_the_tasks_never_reported_on(
    logged: Cli,
) -> None:
    every = ids(logged.json("list"))
    assert ids(logged.json("list", "--stale", "99999999999", "--as-of", "2009-07-10")) == [
        i for i in every if i not in ("1", "6.1", "6.3", "6.4")
    ]


def test_stale_needs_at_least_one_day(logged: Cli) -> None:
    result = logged("list", "--stale", "0")
    assert result.exit_code == 2
    assert "--stale" in result.stderr
