"""Commands that judge progress: the leaders' report and the half-yearly 督查通报."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipcity.cli.options import AsOf, DataDir, Limit, Output, as_of, load, write
from ipcity.errors import OutputError, UsageError
from ipcity.files.outputs import refuse_data_file


class ReportFormat(StrEnum):
    table = "table"
    md = "md"
    json = "json"
    csv = "csv"
    html = "html"
    xlsx = "xlsx"


class InspectFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


class By(StrEnum):
    item = "item"
    unit = "unit"


def report(
    by: Annotated[
        By | None,
        typer.Option("--by", help="只列一种分类：item 按工作项目、unit 按单位；默认两种都列"),
    ] = None,
    as_of_text: AsOf = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：table 表格、md、json、csv（一张表，由 --by 选，默认按工作项目）、"
            "html（单个文件，可打印 A4）、xlsx（Excel/WPS 工作簿，须用 --output）",
        ),
    ] = ReportFormat.table,
    output: Output = None,
    limit: Limit = 50,
    data_dir: DataDir = Path("data"),
) -> None:
    """工作进展报告：总体进度、各工作项目、各单位（红黄绿灯）、逾期任务、量化指标、经常性工作。

    示例：ipcity report --as-of 2009-06-30    ipcity report --format html --output 进展.html
    """
    from ipcity.answers import progress
    from ipcity.output import report as draw

    if fmt is ReportFormat.xlsx and output is None:
        raise UsageError(
            "xlsx 是二进制文件，不能输出到终端；请用 --output 指定文件，如 --output 进展.xlsx"
        )
    refuse_data_file(output, data_dir)
    plan = load(data_dir)
    data = progress.report(plan, as_of(as_of_text))
    by_name = by.value if by else None
    if fmt is ReportFormat.xlsx:
        from ipcity.output import xlsx

        assert output is not None
        try:
            xlsx.write_report(data, output)
        except OSError as exc:
            raise OutputError.writing(output, exc) from None
        return
    if fmt is ReportFormat.html:
        from ipcity.output import html

        page = html.report_page(data, by_name)
        write(output, lambda out: out.write(page))
        return
    write(output, lambda out: draw.report(data, fmt.value, by=by_name, out=out, limit=limit))


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
        InspectFormat,
        typer.Option("--format", "-f", help="输出格式：md（Markdown，默认）、html、json"),
    ] = InspectFormat.md,
    output: Output = None,
    data_dir: DataDir = Path("data"),
) -> None:
    """督查：生成一个时段的督查通报草稿（各单位问题、表扬名单、工作情况排名）。

    示例：ipcity inspect --period 2009H2 --output 2009年下半年督查通报.md
    """
    from ipcity.answers import inspection
    from ipcity.plan.periods import parse_period

    first, last, label = parse_period(period)
    refuse_data_file(output, data_dir)
    plan = load(data_dir)
    data = inspection.inspect(plan, first, last, label)
    if fmt is InspectFormat.json:
        from ipcity.output.text import write_json

        write(output, lambda out: write_json(data, out))
    elif fmt is InspectFormat.html:
        from ipcity.output import html

        page = html.inspection_page(data)
        write(output, lambda out: out.write(page))
    else:
        from ipcity.output.inspection import inspection_markdown

        text = inspection_markdown(data)
        write(output, lambda out: out.write(text))
