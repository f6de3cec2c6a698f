"""The forms loop with units that never open a terminal: fill-in workbooks out (`forms`),
their records in (`collect`), and notices to the units with something to answer for
(`remind`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipcity.cli.options import AsOf, DataDir, as_of, day_option, given_date, load, unit_option

Period = Annotated[
    str, typer.Option("--period", "-p", help="填报时段，如 2009H1、2009年上半年、2009Q3")
]


def forms(
    period: Period,
    out: Annotated[
        Path,
        typer.Option(
            "--out", help="写到这个目录（没有时新建），每个单位一个文件，如 市科技局.xlsx"
        ),
    ],
    unit: Annotated[str | None, unit_option("--unit", "-u", help="只给这个单位生成填报表")] = None,
    due: Annotated[str | None, day_option("--due", "报回期限，写在表头，如 2009-07-05")] = None,
    as_of_text: AsOf = None,
    data_dir: DataDir = Path("data"),
) -> None:
    """生成各责任单位本期的进度填报表（Excel、WPS 可直接填写），登记在 forms.yaml。

    表中列出该单位未完成（或本期完成）的每项任务、要报的量化指标和经常性工作，
    只有浅黄色单元格可填；填好报回后用 ipcity collect 收集。

    示例：ipcity forms --period 2009H1 --out 填报表 --due 2009-07-05
    """
    from ipcity.answers.forms import build_forms
    from ipcity.errors import UsageError
    from ipcity.files.form_register import REGISTER, register
    from ipcity.output.form_book import write_all
    from ipcity.plan.forms import IssuedForm
    from ipcity.plan.periods import parse_period

    first, last, label = parse_period(period)
    plan = load(data_dir)
    today = as_of(as_of_text)
    back = given_date(due, "--due") if due is not None else None
    built = build_forms(plan, first, last, label, today=today, due=back, unit=unit)
    if not built:
        raise UsageError(f"{label}没有哪个单位有要填报的任务、指标或经常性工作")
    paths = write_all(built, out)
    register(
        data_dir,
        [
            IssuedForm(form=f.id, unit=f.unit, period=f.period, issued=today, due=back)
            for f in built
        ],
    )
    for form, path in zip(built, paths, strict=True):
        counts = [f"{len(form.tasks)} 项任务"]
        if form.readings:
            counts.append(f"{len(form.readings)} 项指标")
        if form.duties:
            counts.append(f"{len(form.duties)} 项经常性工作")
        typer.echo(f"{path.name}　{'、'.join(counts)}　表格编号 {form.id}")
    typer.echo(
        f"已生成{label}填报表 {len(built)} 份，写在 {out}，登记在 {data_dir / REGISTER}；"
        "报回后用 ipcity collect 收集"
    )
