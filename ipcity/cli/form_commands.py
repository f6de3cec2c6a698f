"""The forms loop with units that never open a terminal: fill-in workbooks out (`forms`),
their records in (`collect`), and notices to the units with something to answer for
(`remind`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer

from ipcity.cli import options as opt

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
    unit: Annotated[str | None, opt.unit("--unit", "-u", help="只给这个单位生成填报表")] = None,
    due: Annotated[str | None, opt.day("--due", "报回期限，写在表头，如 2009-07-05")] = None,
    as_of_text: opt.AsOf = None,
    data_dir: opt.DataDir = Path("data"),
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
    plan = opt.load(data_dir)
    today = opt.as_of(as_of_text)
    back = opt.given_date(due, "--due") if due is not None else None
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


def collect(
    files: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE", help="报回的填报表（.xlsx），可以一次多份", show_default=False
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只显示会追加哪些记录，不写入")
    ] = False,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            help="收集哪一期的表格，如 2009H1；不写时为最近一次 ipcity forms 生成的那一期",
        ),
    ] = None,
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """收集报回的填报表：每份表格的记录全部检查后，一次追加到 status.yaml。

    一份表格有一处不对就一条也不写，并指出是哪个工作表、哪一行、哪一列；
    已收集过的行不会再写（记录带有表格编号和行号：source）。

    示例：ipcity collect 报回/市科技局.xlsx 报回/市工商局.xlsx --dry-run
    """
    from ipcity.errors import DataError
    from ipcity.files.append import AppendError
    from ipcity.files.form_register import issued
    from ipcity.log.collect import append_outcome, collect
    from ipcity.log.tail import appended_to
    from ipcity.output.collected import document
    from ipcity.output.write import freed_as_they_go, write
    from ipcity.plan.periods import parse_period, period_code
    from ipcity.plan.problems import STATUS, Problem
    from ipcity.tables.form_read import read

    wanted = None
    if period is not None:
        first, last, _ = parse_period(period)
        wanted = period_code(first, last)
    else:
        sent = issued(data_dir)
        wanted = sent[-1].period if sent else None
    problems: list[Problem] = []
    today = date.today()
    plan = opt.load(data_dir)
    with freed_as_they_go():
        for path in files:
            found = collect(plan, read(path, str(path)), today=today, period=wanted)
            if found.problems:
                problems += found.problems
                continue
            if not dry_run and found.drafts:
                try:
                    before = append_outcome(data_dir, found)
                except AppendError as exc:
                    problems.append(Problem(str(path), 1, 1, str(exc)))
                    continue
                # The next form is checked after this one's records.
                if not appended_to(plan, data_dir, before, today):
                    plan = opt.load(data_dir)
            title = f"{path}：{found.unit} {found.label}填报表（{found.form}）"
            preview = document(
                title, found.rows(), found.skipped_places, written=not dry_run, log=STATUS
            )
            write(preview, "table", None)
    if problems:
        refused = len({p.file for p in problems})
        raise DataError(
            problems,
            f"以上 {refused} 份表格没有收集，一条记录也没有写入；改正后再运行 ipcity collect。",
        )


def remind(
    as_of_text: Annotated[
        str, opt.day("--as-of", "按哪一天催办（逾期、到期、本期都按这一天算），如 2009-06-30")
    ],
    out: Annotated[
        Path, typer.Option("--out", help="写到这个目录（没有时新建），每个单位一个文件")
    ],
    unit: Annotated[
        str | None, opt.unit("--unit", "-u", help="只给这个单位写（它没有要催办的事项时不写）")
    ] = None,
    fmt: Annotated[
        Literal["md", "html", "docx"], opt.formats("docx（Word，公文格式）、html 或 md")
    ] = "docx",
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """给有事项要催办的单位各写一份催办通知（Word、HTML 或 Markdown）。

    催办的事项：逾期的、30 日内到期的、90 日以上没有进度记录的任务，核查退回的完成情况，
    本期尚未完成的经常性工作，发出后尚未报回的填报表（见 forms.yaml）。
    没有要催办事项的单位不写。tasks.yaml 写了 office（办公室署名）时，以它的名义印发。

    示例：ipcity remind --as-of 2009-06-30 --out 催办 --format docx
    """
    from ipcity.answers.lookup import resolve_unit
    from ipcity.answers.remind import notices
    from ipcity.files.form_register import issued
    from ipcity.output.remind import counts, write_all

    plan = opt.load(data_dir)
    day = opt.given_date(as_of_text, "--as-of")
    only = resolve_unit(plan, unit) if unit is not None else None
    found = notices(plan, day, issued(data_dir), unit=only)
    office = plan.office.name if plan.office else None
    paths = write_all(found, out, fmt, plan_title=plan.title, office=office, as_of=day)
    for notice, path in zip(found, paths, strict=True):
        typer.echo(f"{path.name}　{counts(notice)}")
    if only is not None and not found:
        typer.echo(f"{only}截至 {day.isoformat()} 没有要催办的事项，没有写通知")
    elif only is None:
        typer.echo(f"已写催办通知 {len(found)} 份，写在 {out}")
