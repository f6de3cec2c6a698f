"""No traceback from any command, whatever it is given, and no output over the data: dates
at the ends of the calendar, names too long for the file system, full disks, control
characters on their way into a workbook, outputs that name the data's own files, and a
status log that is a symlink out of the data directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from typer.testing import CliRunner

from ipcity.cli import app

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
