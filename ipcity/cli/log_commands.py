"""Commands on the status log: record a record, list the records."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ipcity.cli import options as opt
from ipcity.cli.completion import complete_duty, complete_value

# record's longer options, named once above it as verify's and extend's are
# (office_commands.py): its signature reads one line an option.
Status = Annotated[
    str | None,
    opt.status(
        "状态：not_started 未开始、in_progress 进行中、done 已完成、blocked 受阻"
        "（只记 --count 时可省，沿用任务当前状态）",
        overdue=False,
    ),
]
By = Annotated[
    str | None,
    opt.unit(
        "--by",
        help="报告单位，应是该任务的责任单位或配合单位（含所属单位组）；"
        "责任单位报的是它自己那一份，配合单位报的只作说明",
    ),
]
DateText = Annotated[
    str | None, opt.day("--date", "进度发生的日期，默认今天；如 2009-05-01、2009年5月1日")
]
Unit = Annotated[
    str | None,
    opt.unit("--unit", help="这条记录说的是哪个责任单位的那一份（报告单位是别人时，如办公室代记）"),
]
Values = Annotated[
    list[str] | None,
    typer.Option(
        "--value",
        metavar="NAME=N",
        help="指标读数，可重复；如 --value 年注册商标数=1320",
        autocompletion=complete_value,
    ),
]
Count = Annotated[
    int | None,
    typer.Option(
        "--count",
        min=1,
        help="经常性工作（会议、培训、专栏、督查）这一天办成的次数，如 --count 1",
    ),
]
Duty = Annotated[
    str | None,
    typer.Option(
        "--duty",
        help="哪一项经常性工作（任务有多项时必填），如 --duty 报纸专栏",
        autocompletion=complete_duty,
    ),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="报告单位既非责任单位也非配合单位时，仍然记录（代为记录）；"
        "日志中已有完全相同的记录时，仍然再记一条",
    ),
]


def record(
    task_id: opt.TaskId,
    status: Status = None,
    by: By = None,
    date_text: DateText = None,
    unit: Unit = None,
    all_parts: Annotated[
        bool, typer.Option("--all", help="这条记录代任务的全部责任单位（任务有多个责任单位时）")
    ] = False,
    note: Annotated[str | None, typer.Option("--note", help="说明：做了什么、进展如何")] = None,
    value: Values = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="佐证：文号、链接或档案位置")
    ] = None,
    count: Count = None,
    duty: Duty = None,
    attach: opt.Attach = None,
    force: Force = False,
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """在 status.yaml 末尾追加一条进度记录；先全部检查，有一处不对就什么也不写。

    示例：ipcity record 6.3 --status 进行中 --date 2009-05-01 --by 市工商局
    多个责任单位的任务，各报各的：ipcity record 13.2 --status done --by 海宁市 --note 已设立
    经常性工作办成一次：ipcity record 14 --count 1 --date 2009-12-20 --note 下半年督查
    附上佐证文件：ipcity record 2 --status done --by 市政府办公室 --attach 印发通知.pdf
    """
    from ipcity.answers.lookup import task_key
    from ipcity.cli.entries import append_typed
    from ipcity.index.open import Index
    from ipcity.log import new
    from ipcity.log.entry import Typed

    found = opt.opened(data_dir)
    # Of the index, the task recorded for alone: a province's 10,000 are not read.
    plan = found.task_plan(task_key(task_id)) if isinstance(found, Index) else found
    typed = Typed(task_id, date.today(), date_text, unit, by, note, force=force)
    record = append_typed(
        plan,
        data_dir,
        typed,
        attach,
        lambda t: new.build_record(
            plan,
            t,
            status,
            all_parts=all_parts,
            values=value or (),
            evidence=evidence,
            count=count,
            duty=duty,
        ),
        lambda entry: new.summary(entry, plan),
    )
    if isinstance(found, Index):
        from ipcity.index.appended import record_appended
        from ipcity.index.open import path_of

        if (at := path_of(data_dir)) is not None:
            record_appended(found, plan, at, data_dir, record.line, record.record)


def log(
    unit: Annotated[
        str | None, opt.unit("--unit", "-u", help="只列这个单位报告的记录（单位组含其成员的）")
    ] = None,
    since: Annotated[
        str | None, opt.day("--since", "只列这一天及以后的记录，如 2009-06-01、2009年6月")
    ] = None,
    task_id: Annotated[
        str | None, typer.Option("--task", "-t", help="只列这项任务的记录，如 6.3")
    ] = None,
    fmt: opt.FormatOpt = "table",
    limit: opt.Limit = 200,
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """列出进度记录本身，新的在前（同一天的，文件中靠后的在前）。

    示例：ipcity log --unit 市工商局 --since 2009年6月
    """
    from ipcity.index.queries import log_list
    from ipcity.output.tasks import records

    day = opt.date_option(since, "--since", end=False)
    first = limit if fmt == "table" else 0  # the other formats give every record
    rows, total = log_list(opt.opened(data_dir), unit=unit, since=day, task=task_id, first=first)
    records(rows, fmt, total=total)
