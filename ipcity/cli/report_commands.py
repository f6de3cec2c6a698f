"""Commands that judge progress: the leaders' report and the half-yearly 督查通报."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipcity.cli.options import (
    REPORT_BY_WORDS,
    AsOf,
    DataDir,
    InspectFormat,
    Limit,
    Output,
    ReportBy,
    ReportFormat,
    as_of,
    choice_option,
    format_option,
    load,
    write,
)
from ipcity.errors import OutputError, UsageError


def report(
    by: Annotated[
        ReportBy | None,
        choice_option("--by", REPORT_BY_WORDS, "只列一种分类：按工作项目或按单位；默认两种都列"),
    ] = None,
    as_of_text: AsOf = None,
    fmt: Annotated[
        ReportFormat,
        format_option(
            "输出格式：table 表格、md、json、csv（一张表，由 --by 选，默认按工作项目）、"
            "html（单个文件，可打印 A4）、xlsx（Excel/WPS 工作簿，须用 --output）"
        ),
    ] = "table",
    output: Output = None,
    limit: Limit = 50,
    data_dir: DataDir = Path("data"),
) -> None:
    """工作进展报告：总体进度、各工作项目、各单位（红黄绿灯）、逾期任务、量化指标、经常性工作。

    示例：ipcity report --as-of 2009-06-30    ipcity report --format html --output 进展.html
    """
    from ipcity.answers import progress
    from ipcity.output import report as draw

    if fmt == "xlsx" and output is None:
        raise UsageError(
            "xlsx 是二进制文件，不能输出到终端；请用 --output 指定文件，如 --output 进展.xlsx"
        )
    plan = load(data_dir)
    data = progress.report(plan, as_of(as_of_text))
    if fmt == "xlsx":
        from ipcity.output import xlsx

        assert output is not None
        try:
            xlsx.write_report(data, output)
        except OSError as exc:
            raise OutputError.writing(output, exc) from None
        return
    if fmt == "html":
        from ipcity.output import html

        page = html.report_page(data, by)
        write(output, lambda out: out.write(page))
        return
    write(output, lambda out: draw.report(data, fmt, by=by, out=out, limit=limit))


def inspect(
    period: Annotated[
        str,
        typer.Option(
            "--period",
            "-p",
            help="督查时段：2009H2 下半年、2009H1 上半年、2009Q3 第三季度、2009 全年，"
            "也可写 2009年下半年",
        ),
    ],
    fmt: Annotated[
        InspectFormat, format_option("输出格式：md（Markdown，默认）、html、json")
    ] = "md",
    output: Output = None,
    data_dir: DataDir = Path("data"),
) -> None:
    """督查：生成一个时段的督查通报草稿（各单位问题、表扬名单、工作情况排名）。

    示例：ipcity inspect --period 2009H2 --output 2009年下半年督查通报.md
    """
    from ipcity.answers import inspection
    from ipcity.plan.periods import parse_period

    first, last, label = parse_period(period)
    plan = load(data_dir)
    data = inspection.inspect(plan, first, last, label)
    if fmt == "json":
        from ipcity.output.text import write_json

        write(output, lambda out: write_json(data, out))
    elif fmt == "html":
        from ipcity.output import html

        page = html.inspection_page(data)
        write(output, lambda out: out.write(page))
    else:
        from ipcity.output.inspection import inspection_markdown

        text = inspection_markdown(data)
        write(output, lambda out: out.write(text))
