"""No traceback from any command, whatever it is given, and no output over the data: dates
at the ends of the calendar, names too long for the file system, full disks, control
characters on their way into a workbook, outputs that name the data's own files, and a
status log that is a symlink out of the data directory."""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from openpyxl import load_workbook
from typer.testing import CliRunner

from ipcity.cli import app
from ipcity.files import staged
from ipcity.output import report, xlsx
from ipcity.tables import sheets

RANGE = "超出范围：年份应在 1900 至 2999 之间"
DATES = "可以写 2009-06-30、2009年6月、2009年底"


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "--as-of", "9999-12-31"), f"--as-of 日期「9999-12-31」{RANGE}；{DATES}"),
        (("report", "--as-of", "0001-01-01"), f"--as-of 日期「0001-01-01」{RANGE}；{DATES}"),
        (("due", "--before", "0000年3月"), f"--before 日期「0000年3月」{RANGE}；{DATES}"),
        (("inspect", "--period", "0000H1"), f"督查时段「0000H1」{RANGE}"),
        (("inspect", "--period", "9999H2"), f"督查时段「9999H2」{RANGE}"),
        (
            ("record", "6.3", "--status", "done", "--date", "0001-01-01"),
            f"--date 日期「0001-01-01」{RANGE}；写成 2009-05-01 或 2009年5月1日",
        ),
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_usage_errors(
    cli: Cli, args: tuple[str, ...], message: str
) -> None:
    result = cli(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"错误：{message}\n")


def test_the_last_year_in_range_is_computed_to_its_end(cli: Cli) -> None:
    data = cli.json("report", "--as-of", "2999-12-31")
    assert data["summary"]["overdue"] == 44 - 1  # all but 13.1, a standing task (常设)
    result = cli("inspect", "--period", "2999H2")
    assert result.exit_code == 0, result.output


def test_a_date_in_the_data_outside_the_range_is_a_problem_at_its_line(
    cli: Cli, data_dir: Path
) -> None:
    log = data_dir / "status.yaml"
    with log.open("a", encoding="utf-8") as out:
        out.write("- {task: '6.3', date: 0001-01-01, status: done}\n")
    line = len(log.read_text(encoding="utf-8").splitlines())
    result = cli("validate")
    assert (result.exit_code, result.stdout.splitlines()[0]) == (
        1,
        f"{log}:{line}:23: error: date（日期）：日期「0001-01-01」{RANGE}",
    )


LONG = "长" * 100  # 300 bytes in UTF-8: past the 255 a file name may have


@pytest.mark.parametrize("command", ["init", "import"])
def test_a_directory_name_too_long_is_an_error_of_the_files(tmp_path: Path, command: str) -> None:
    into = tmp_path / LONG
    if command == "init":
        args = ["init", str(into), "--title", "T", "--start", "2011年", "--end", "2012年"]
    else:
        table = tmp_path / "t.csv"
        table.write_text(
            "序号,工作内容,目标要求,工作进度,责任单位,配合单位\n1,成立,,2011年,市政府办公室,\n",
            encoding="utf-8",
        )
        args = ["import", str(table), "--into", str(into)]
    result = run(*args)
    assert (result.exit_code, result.stderr) == (1, f"错误：无法写入 {into}：File name too long\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if command == "init" else ["t.csv"])


def init_args(into: Path) -> list[str]:
    return ["init", str(into), "--title", "湖州", "--start", "2011年", "--end", "2012年"]


@pytest.mark.slow  # a process of the real command
def test_a_full_disk_leaves_no_half_plan(tmp_path: Path) -> None:
    """A real process whose files may not grow past 1,000 bytes (RLIMIT_FSIZE): the first
    file, tasks.yaml, cannot be written whole, and nothing is left of the plan."""

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    into = tmp_path / "plan"
    result = subprocess.run(
        [sys.executable, "-m", "ipcity", *init_args(into)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=small_files,
    )
    assert (result.returncode, result.stderr) == (1, f"错误：无法写入 {into}：File too large\n")
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_cannot_be_written_takes_the_others_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second file fails (a disk full half-way): neither a new directory nor one that
    held a README keeps any of the plan."""
    calls: list[int] = []
    real_fsync = os.fsync

    def fails_second(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(staged.os, "fsync", fails_second)
    new = tmp_path / "new"
    assert run(*init_args(new)).stderr == f"错误：无法写入 {new}：No space left on device\n"
    assert list(tmp_path.iterdir()) == []

    real_link = os.link
    linked: list[str] = []

    def fails_second_link(source: Any, target: Any) -> None:
        linked.append(str(target))
        if len(linked) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_link(source, target)

    monkeypatch.setattr(staged.os, "fsync", real_fsync)
    monkeypatch.setattr(staged.os, "link", fails_second_link)
    old = tmp_path / "old"
    old.mkdir()
    (old / "README").write_text("mine\n", encoding="utf-8")
    assert run(*init_args(old)).stderr == f"错误：无法写入 {old}：No space left on device\n"
    assert [p.name for p in tmp_path.iterdir()] == ["old"]
    assert [p.name for p in old.iterdir()] == ["README"]


@pytest.mark.slow  # a process of the real command for each
@pytest.mark.parametrize(
    "args",
    [
        ("report", "--format", "xlsx"),
        ("report", "--format", "md"),
        ("inspect", "--period", "2009H2"),
        ("export", "--format", "xlsx"),
        ("export", "--format", "csv"),
    ],
)
def test_a_full_disk_is_one_message(data_dir: Path, args: tuple[str, ...]) -> None:
    """/dev/full in a real process: a workbook written straight to it failed a second
    time when its zip was collected ("Exception ignored in ZipFile.__del__")."""
    result = subprocess.run(
        [sys.executable, "-m", "ipcity", *args, "--output", "/dev/full", "-d", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        "错误：无法写入 /dev/full：No space left on device\n",
    )


@pytest.mark.slow  # a process of the real command for each
@pytest.mark.parametrize(
    "args",
    [
        ("list",),  # a table written while the command runs: the write fails at once
        ("--version",),  # a line held in the buffer: it fails when flushed at the end
    ],
)
def test_a_full_standard_output_is_one_message(data_dir: Path, args: tuple[str, ...]) -> None:
    """The process ends without tearing its heap down (os._exit): its output is flushed
    first, and a failure to write it is still said, never a traceback nor a silent 0."""
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "ipcity",
                *args,
                *(["-d", str(data_dir)] if args[0] == "list" else []),
            ],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert (result.returncode, result.stderr) == (
        1,
        "错误：无法写入标准输出：No space left on device\n",
    )


@pytest.mark.slow  # a process of the real command
def test_a_reader_gone_before_the_output_is_exit_1_without_a_word(data_dir: Path) -> None:
    """`ipcity list | head -1`, the reader gone before anything was written: as Click
    answers a closed pipe, status 1 and nothing on stderr."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "ipcity", "list", "-d", str(data_dir)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (1, "")


def overdue_target(data_dir: Path, text: str) -> None:
    """Task 14's target (overdue at the end of 2010) set to text, written as YAML escapes."""
    tasks = data_dir / "tasks.yaml"
    old = "        target: 每半年开展一次督查\n"
    content = tasks.read_text(encoding="utf-8")
    assert old in content
    tasks.write_text(content.replace(old, f'        target: "{text}"\n'), encoding="utf-8")


def test_control_characters_reach_a_workbook_escaped(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    """openpyxl refuses most control characters (IllegalCharacterError): text that holds
    them is written with them escaped."""
    overdue_target(data_dir, "督查\\0\\e[2J\\x08")
    report, table = tmp_path / "r.xlsx", tmp_path / "t.xlsx"
    assert cli("report", "-f", "xlsx", "-o", str(report), "--as-of", "2011-01-01").exit_code == 0
    assert cli("export", "-o", str(table)).exit_code == 0
    [row] = [
        r for r in load_workbook(report)["逾期任务"].iter_rows(values_only=True) if r[0] == "14"
    ]
    assert row[3] == "督查\\x00\\x1b[2J\\x08"
    assert load_workbook(table).worksheets[0]["C46"].value == "督查\\x00\\x1b[2J\\x08"


def test_the_workbook_writers_are_safe_without_validate(tmp_path: Path) -> None:
    """A title or name with a control character never gets past validate; the writers
    escape it all the same."""
    sheets.write_xlsx(tmp_path / "t.xlsx", ["序号", "单位"], [["1", "乙局\x1b"]], title="方案\x00")
    sheet = load_workbook(tmp_path / "t.xlsx").worksheets[0]
    assert (sheet["A1"].value, sheet["B3"].value) == ("方案\\x00", "乙局\\x1b")
    data = {
        "title": "方案\x1b",
        "as_of": "2010-01-01",
        "summary": dict.fromkeys(
            ["total", "done", "in_progress", "blocked", "not_started", "overdue", "percent_done"], 0
        ),
        "items": [],
        "units": [],
        "overdue": [],
        "indicators": [],
        "recurring": [],
        "claims": [],
        "extensions": [],
    }
    xlsx.write(report.document(data), tmp_path / "r.xlsx")  # type: ignore[arg-type]
    assert (
        load_workbook(tmp_path / "r.xlsx").properties.title
        == "方案\\x1b：工作进展（截至 2010-01-01）"
    )


@pytest.mark.parametrize(
    ("args", "name", "what"),
    [
        (("report", "--format", "md", "--output"), "status.yaml", "进度记录"),
        (("report", "--format", "xlsx", "--output"), "units.yaml", "单位名录"),
        (("export", "--format", "csv", "--output"), "tasks.yaml", "工作方案"),
        (("inspect", "--period", "2009H2", "--output"), "status.yaml", "进度记录"),
    ],
)
def test_no_output_is_written_over_the_data(
    cli: Cli, data_dir: Path, args: tuple[str, ...], name: str, what: str
) -> None:
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    (data_dir / "hard.md").hardlink_to(data_dir / name)
    (data_dir / "soft.md").symlink_to(name)
    for output in (data_dir / name, data_dir / "soft.md", data_dir / "hard.md"):
        result = cli(*args, str(output))
        assert (result.exit_code, result.stderr) == (
            2,
            f"错误：--output {output} 就是数据文件 {data_dir / name}，写入会毁掉{what}；换一个文件名\n",
        )
    (data_dir / "hard.md").unlink()
    (data_dir / "soft.md").unlink()
    assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == before


def test_record_refuses_a_log_that_is_a_symlink_out_of_the_data(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "bashrc"
    outside.write_bytes((data_dir / "status.yaml").read_bytes())
    (data_dir / "status.yaml").unlink()
    (data_dir / "status.yaml").symlink_to(outside)
    result = cli("record", "6.3", "--status", "done", "--date", "2009-05-01")
    assert (result.exit_code, result.stderr) == (
        1,
        f"错误：{data_dir / 'status.yaml'}：是指向数据目录之外的符号链接（{outside}），"
        "不追加；进度记录只写进数据目录里的文件\n",
    )
    assert outside.read_bytes() == (tmp_path / "data" / "status.yaml").read_bytes()


def test_record_appends_through_a_symlink_inside_the_data(cli: Cli, data_dir: Path) -> None:
    (data_dir / "logs").mkdir()
    (data_dir / "status.yaml").rename(data_dir / "logs" / "2009.yaml")
    (data_dir / "status.yaml").symlink_to(Path("logs") / "2009.yaml")
    result = cli("record", "6.3", "--status", "done", "--date", "2009-05-01")
    assert result.exit_code == 0, result.output
    text = (data_dir / "logs" / "2009.yaml").read_text(encoding="utf-8")
    assert text.endswith("- {task: '6.3', date: 2009-05-01, status: done}\n")
