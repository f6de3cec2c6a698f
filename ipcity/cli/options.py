"""What several commands take alike: the data directory, the output format, the as-of
date, the output file; and the helpers that read them."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from ipcity.errors import DataError, OutputError
from ipcity.plan.deadlines import DeadlineError, parse_date

if TYPE_CHECKING:
    from ipcity.plan.loaded import Plan


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


DataDir = Annotated[
    Path,
    typer.Option(
        "--data-dir",
        "-d",
        envvar="IPCITY_DATA",
        help="数据目录（也可设环境变量 IPCITY_DATA）",
    ),
]
FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="输出格式：table 表格、json、csv、md（Markdown）")
]
Limit = Annotated[
    int,
    typer.Option(
        "--limit",
        min=0,
        help="表格最多显示多少项（0 为不限）；json、csv、md 总是输出全部",
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="按哪一天计算逾期，默认今天；如 2009-06-30、2009年6月"),
]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="写入这个文件，不输出到终端（xlsx 必须指定）"),
]


def date_option(text: str | None, option: str, *, end: bool = True) -> date | None:
    """A date typed for an option: the last day it covers (the first, for a lower bound)."""
    if text is None:
        return None
    return given_date(text, option, end=end)


def given_date(text: str, option: str, *, end: bool = True) -> date:
    try:
        return parse_date(text, end=end)
    except DeadlineError as exc:
        raise DeadlineError(f"{option} {exc}；可以写 2009-06-30、2009年6月、2009年底") from None


def as_of(text: str | None) -> date:
    return date_option(text, "--as-of") or date.today()


def load(data_dir: Path, *, records: bool = True) -> Plan:
    """The plan in data_dir, or a DataError listing every problem in its files."""
    from ipcity.files import checked

    plan, problems = checked.load(data_dir, date.today(), records=records)
    if plan is None:
        raise DataError(problems, "先改正这些错误（`ipcity validate` 可单独检查）。")
    return plan


def write(output: Path | None, draw: Callable[[IO[str]], object]) -> None:
    """Text to stdout, or to a file (UTF-8) when --output names one."""
    if output is None:
        draw(sys.stdout)
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as out:
            draw(out)
    except OSError as exc:
        raise OutputError.writing(output, exc) from None
