"""Commands that judge progress: the leaders' report and the half-yearly 督查通报."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ipcity.cli import options as opt
from ipcity.files.outputs import refuse_data_file


def report(
    by: Annotated[
        opt.ReportBy | None,
        opt.choice("--by", opt.REPORT_BY_WORDS, "只列一种分类：按工作项目或按单位；默认两种都列"),
    ] = None,
    as_of_text: opt.AsOf = None,
    fmt: Annotated[
        opt.ReportFormat,
        opt.formats(
            "输出格式：table 表格、md、json、csv（全部表，每行以表名开头；"
            "与 --by 同用时只出那一张表）、html（单个文件，可打印 A4）、"
            "xlsx（Excel/WPS 工作簿，每表一页）、docx（Word，公文格式）；xlsx、docx 须用 --output"
        ),
    ] = "table",
    output: opt.Output = None,
    limit: opt.Limit = 50,
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """工作进展报告：总体进度、各工作项目、各单位（红黄绿灯）、逾期任务、量化指标、经常性工作。

    示例：ipcity report --as-of 2009-06-30    ipcity report --format html --output 进展.html
    """
    from ipcity.answers import progress
    from ipcity.index.open import Index
    from ipcity.output import report as builder
    from ipcity.output.write import write

    refuse_data_file(output, data_dir)
    found = opt.opened(data_dir)
    plan = found.report_plan() if isinstance(found, Index) else found
    # A terminal shows `limit` rows a table: only those overdue tasks are worked out.
    shown = limit if fmt == "table" else 0
    doc = builder.document(progress.report(plan, opt.as_of(as_of_text), shown=shown), by)
    if fmt == "csv" and by is not None:
        doc = doc.only("items" if by == "item" else "units")
    write(doc, fmt, output, limit=limit)


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
        opt.InspectFormat,
        opt.formats(
            "输出格式：md（Markdown，默认）、docx（Word，GB/T 9704 公文格式）、html、json、"
            "xlsx、csv；docx、xlsx 须用 --output"
        ),
    ] = "md",
    output: opt.Output = None,
    date_text: Annotated[
        str | None, opt.day("--date", "成文日期，默认今天；如 2009-07-10、2009年7月10日")
    ] = None,
    number: Annotated[
        str | None,
        typer.Option(
            "--number",
            metavar="文号",
            help="发文字号：整个文号（嘉知试办〔2009〕5号），或只写序号（5）；"
            "默认留空由办公室填写（〔2009〕  号），代字取 tasks.yaml 的 office.code",
        ),
    ] = None,
    rectify_text: Annotated[
        str | None, opt.day("--rectify-by", "各单位整改完成的期限，默认成文日期后 30 天")
    ] = None,
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to", metavar="机关", help="主送机关，可重复；默认取 tasks.yaml 的 office.recipients"
        ),
    ] = None,
    cc: Annotated[
        list[str] | None,
        typer.Option(
            "--cc", metavar="机关", help="抄送机关，可重复；默认取 tasks.yaml 的 office.cc"
        ),
    ] = None,
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """督查：生成一个时段的督查通报（总体情况、成效、问题、下步要求、各单位评分）。

    示例：ipcity inspect --period 2009H1 --format docx --output 通报.docx
    """
    from ipcity.answers import inspection
    from ipcity.output import inspection as builder
    from ipcity.output.write import write
    from ipcity.plan.periods import parse_period

    first, last, label = parse_period(period)
    refuse_data_file(output, data_dir)
    issuing = inspection.Issuing(
        date=opt.date_option(date_text, "--date") or date.today(),
        number=number,
        rectify_by=opt.date_option(rectify_text, "--rectify-by"),
        recipients=tuple(to or ()),
        cc=tuple(cc or ()),
    )
    plan = opt.load(data_dir)
    write(builder.document(inspection.inspect(plan, first, last, label, issuing)), fmt, output)
