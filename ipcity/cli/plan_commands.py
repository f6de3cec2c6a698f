"""Commands that read the plan: validate, list, due, show, units, schema."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ipcity.cli import options as opt
from ipcity.cli.handler import keep
from ipcity.errors import IpcityError


def validate(
    fmt: Annotated[
        opt.ProblemFormat,
        opt.formats("输出格式：text 文字（默认）、github（GitHub Actions 注释）、json（错误列表）"),
    ] = "text",
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """检查全部数据文件；没有错误、也没有警告时什么也不输出。

    每个错误一行：文件:行:列: error: 说明，再附原文和改法。有错误时退出码为 1。
    记录所附的文件（evidence/ 下）缺失或被改动是错误；没有记录附上的文件、
    重复的进度记录是警告（warning:），列出但不影响退出码。
    --format github 输出 GitHub Actions 的 ::error、::warning 注释；
    --format json 输出问题列表（每项有 severity；没有问题时为 []）。

    示例：ipcity validate --data-dir data    ipcity validate --format github
    """
    from ipcity.files.evidence_check import evidence_problems, nothing_to_check, uses_of
    from ipcity.index.open import Index, open_plan
    from ipcity.plan.problems import errors

    found = open_plan(data_dir, date.today(), as_loaded=True)
    keep(found)  # a plan loaded from the files is not freed before the process ends
    if isinstance(found, Index):
        problems = found.source.warnings(data_dir)  # kept with the index
        # The records that attach files, read alone: a province's log is not read whole.
        uses = uses_of(found.source.attached())
        if not nothing_to_check(data_dir, uses):
            problems += evidence_problems(data_dir, found.plan(), uses=uses)
    elif found.plan is not None:  # the warnings placed as the files were read
        problems = found.plan.warnings + evidence_problems(data_dir, found.plan)
    else:
        problems = found.problems
    if isinstance(found, Index) or found.plan is not None:  # the log's, then evidence/'s
        problems.sort(key=lambda p: (p.file != str(data_dir / "status.yaml"), p.line))
    if problems or fmt == "json":
        from ipcity.output.problems import problems as write_problems

        write_problems(problems, fmt=fmt)
    if errors(problems):
        raise IpcityError("")  # the problems are the output, already written


def list_(
    unit: Annotated[
        str | None,
        opt.unit("--unit", "-u", help="只列这个单位牵头或配合的任务（含其所属单位组的任务）"),
    ] = None,
    role: Annotated[
        opt.Role,
        opt.choice(
            "--role", opt.ROLE_WORDS, "与 --unit 同用：只列这个单位牵头的、配合的，或全部都列"
        ),
    ] = "any",
    status: Annotated[
        str | None,
        opt.status(
            "只列此状态：not_started 未开始、in_progress 进行中、done 已完成、"
            "blocked 受阻、overdue 逾期",
            overdue=True,
        ),
    ] = None,
    item: Annotated[
        str | None, typer.Option("--item", "-i", help="只列这个工作项目（如 6）")
    ] = None,
    as_of_text: opt.AsOf = None,
    stale: Annotated[
        int | None,
        typer.Option(
            "--stale",
            min=1,
            metavar="DAYS",
            help="只列未完成、且截至 --as-of 的最近 DAYS 天里没有进度记录的任务",
        ),
    ] = None,
    fmt: opt.FormatOpt = "table",
    limit: opt.Limit = 200,
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """列出任务，可按单位、职责、状态、工作项目筛选。

    示例：ipcity list --unit 市工商局 --role responsible    ipcity list --stale 30
    """
    from ipcity.answers.lookup import parse_status_filter
    from ipcity.answers.tasks import TaskFilter
    from ipcity.index.queries import list_rows
    from ipcity.output.tasks import tasks

    status_filter = parse_status_filter(status) if status else None
    keep = TaskFilter(unit, role, status_filter, item, stale)
    rows = list_rows(opt.opened(data_dir), opt.as_of(as_of_text), keep)
    tasks(rows, fmt, limit=limit, updated=stale is not None)


def due(
    before: Annotated[
        str | None, opt.day("--before", "期限在这一天或之前，如 2010-12-31、2010年底")
    ] = None,
    after: Annotated[
        str | None, opt.day("--after", "期限在这一天或之后，如 2009-01-01、2009年")
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="只列逾期（未完成且已过期限）的任务")
    ] = False,
    as_of_text: opt.AsOf = None,
    fmt: opt.FormatOpt = "table",
    limit: opt.Limit = 200,
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """列出有期限的任务，期限近的在前；常设任务不在其中。

    示例：ipcity due --before 2010年底    ipcity due --overdue --as-of 2009-06-30
    """
    from ipcity.index.queries import due_list
    from ipcity.output.tasks import tasks

    rows = due_list(
        opt.opened(data_dir),
        opt.as_of(as_of_text),
        before=opt.date_option(before, "--before"),
        after=opt.date_option(after, "--after", end=False),
        overdue=overdue,
    )
    tasks(rows, fmt, due_first=True, limit=limit)


def show(
    task_id: opt.TaskId,
    as_of_text: opt.AsOf = None,
    fmt: opt.FormatOpt = "table",
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """显示一项任务的全部内容和进度记录。

    示例：ipcity show 6.3
    """
    from ipcity.answers.tasks import show_task
    from ipcity.output.tasks import record_detail

    plan = opt.load(data_dir)
    record_detail(show_task(plan, task_id, opt.as_of(as_of_text)), fmt=fmt)


def units(fmt: opt.FormatOpt = "table", data_dir: opt.DataDir = Path("data")) -> None:
    """列出全部单位，及各自牵头、配合的任务数（含所属单位组的任务）。

    示例：ipcity units --format md
    """
    from ipcity.answers.tasks import unit_rows
    from ipcity.output.columns import UNIT_COLUMNS
    from ipcity.output.text import render

    plan = opt.load(data_dir, records=False)
    render(unit_rows(plan), fmt, UNIT_COLUMNS)


def schema_(
    name: Annotated[
        opt.SchemaName,
        typer.Argument(metavar="FILE", help="哪个文件：tasks、units 或 status", show_default=False),
    ],
) -> None:
    """输出数据文件的 JSON Schema，供编辑器（VS Code 的 YAML 扩展等）提示和检查。

    示例：ipcity schema tasks > schema/tasks.schema.json
    """
    from ipcity.plan import schema

    sys.stdout.write(schema.text(name))
