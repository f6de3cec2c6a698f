"""The office's commands on the status log: verify a unit's claimed completion, extend a
part's due date."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer

from ipcity.cli import options as opt
from ipcity.cli.completion import complete_task

TaskId = Annotated[
    str, typer.Argument(metavar="ID", help="任务序号，如 13.2", autocompletion=complete_task)
]
Unit = Annotated[
    str | None,
    opt.unit("--unit", "-u", help="哪个责任单位的那一份（任务只有一个责任单位时可省）"),
]
DateText = Annotated[
    str | None, opt.day("--date", help="记录的日期，默认今天；如 2009-07-10、2009年7月10日")
]
Force = Annotated[bool, typer.Option("--force", help="日志中已有完全相同的记录时，仍然再记一条")]


def verify(
    task_id: TaskId,
    unit: Unit = None,
    accept: Annotated[
        bool, typer.Option("--accept", help="核查通过：这个单位报的完成计为完成")
    ] = False,
    return_: Annotated[
        bool,
        typer.Option("--return", help="核查退回：这个单位的这一份改回进行中（用 --note 写明原因）"),
    ] = False,
    date_text: DateText = None,
    note: Annotated[
        str | None, typer.Option("--note", help="核查意见；退回时必填，写明哪里不符、要补什么")
    ] = None,
    by: Annotated[
        str | None,
        opt.unit("--by", help="核查单位（如领导小组办公室所在的市科技局）"),
    ] = None,
    attach: opt.Attach = None,
    force: Force = False,
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """记录办公室对一个责任单位报完成的核查：通过则计为完成，退回则改回进行中。

    示例：ipcity verify 13.2 --unit 海宁市 --accept --date 2009-07-10 --by 市科技局
    退回：ipcity verify 13.2 --unit 平湖市 --return --note 未见资金文件，请补报
    核查时附上佐证：ipcity verify 13.2 --unit 海宁市 --accept --attach 资金文件.pdf
    """
    from ipcity.cli.entries import append_typed
    from ipcity.errors import UsageError
    from ipcity.log import office
    from ipcity.log.entry import Typed

    if accept and return_:
        raise UsageError("--accept 与 --return 只能用一个")
    plan = opt.load(data_dir)
    typed = Typed(task_id, date.today(), date_text, unit, by, note, force=force)
    verdict: Literal["accepted", "returned"] | None = (
        "accepted" if accept else "returned" if return_ else None
    )
    append_typed(
        plan,
        data_dir,
        typed,
        attach,
        lambda t: office.build_verification(plan, t, verdict),
        office.verification_summary,
    )


def extend(
    task_id: TaskId,
    to: Annotated[
        str, opt.day("--to", help="延至哪一天，须晚于现行期限；如 2010-06-30、2010年6月")
    ],
    reason: Annotated[str, typer.Option("--reason", help="延期理由")],
    unit: Unit = None,
    approved_by: Annotated[
        str | None,
        opt.unit("--approved-by", help="批准单位；不写则只是申请，期限不变"),
    ] = None,
    date_text: DateText = None,
    attach: opt.Attach = None,
    force: Force = False,
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """记录一个责任单位的延期：不写 --approved-by 是申请，期限不变；写了即经批准，期限改为 --to。

    示例：ipcity extend 6.1 --to 2010-06-30 --reason 统计口径调整 --date 2009-12-20
    批准：ipcity extend 6.1 --to 2010年6月 --reason 口径调整 --approved-by 市政府办
    附上批复：… --approved-by 市政府办公室 --attach 延期批复.pdf
    """
    from ipcity.cli.entries import append_typed
    from ipcity.log import office
    from ipcity.log.entry import Typed

    plan = opt.load(data_dir)
    typed = Typed(task_id, date.today(), date_text, unit, force=force)
    append_typed(
        plan,
        data_dir,
        typed,
        attach,
        lambda t: office.build_extension(
            plan, t, to_text=to, reason=reason, approved_by=approved_by
        ),
        lambda entry: office.extension_summary(entry, plan),
    )
