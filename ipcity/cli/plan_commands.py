"""Commands that read the plan: validate, list, due, show, units, schema."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ipcity.cli.completion import complete_task, complete_unit
from ipcity.cli.options import (
    AsOf,
    DataDir,
    Format,
    FormatOpt,
    Limit,
    as_of,
    date_option,
    load,
)
from ipcity.errors import IpcityError


class ProblemFormat(StrEnum):
    text = "text"
    github = "github"
    json = "json"


class RoleChoice(StrEnum):
    responsible = "responsible"
    cooperating = "cooperating"
    any = "any"


class SchemaName(StrEnum):
    tasks = "tasks"
    units = "units"
    status = "status"


def validate(
    fmt: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            "-f",
            help="输出格式：text 文字（默认）、github（GitHub Actions 注释）、json（错误列表）",
        ),
    ] = ProblemFormat.text,
    data_dir: DataDir = Path("data"),
) -> None:
    """检查全部数据文件；没有错误时什么也不输出。

    每个错误一行：文件:行:列: error: 说明，再附原文和改法。有错误时退出码为 1。
    --format github 输出 GitHub Actions 的 ::error 注释；
    --format json 输出错误列表（无错误时为 []）。

    示例：ipcity validate --data-dir data    ipcity validate --format github
    """
    from ipcity.files import checked
    from ipcity.output.problems import problems as write_problems

    _, problems = checked.load(data_dir, date.today())
    if problems or fmt is ProblemFormat.json:
        write_problems(problems, fmt=fmt.value)
    if problems:
        raise IpcityError("")  # the problems are the output, already written


def list_(
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            "-u",
            help="只列这个单位牵头或配合的任务（含其所属单位组的任务）",
            autocompletion=complete_unit,
        ),
    ] = None,
    role: Annotated[
        RoleChoice,
        typer.Option("--role", help="与 --unit 同用：responsible 牵头、cooperating 配合、any 都列"),
    ] = RoleChoice.any,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            help="只列此状态：not_started 未开始、in_progress 进行中、done 已完成、"
            "blocked 受阻、overdue 逾期",
        ),
    ] = None,
    item: Annotated[
        str | None, typer.Option("--item", "-i", help="只列这个工作项目（如 6）")
    ] = None,
    stale: Annotated[
        int | None,
        typer.Option(
            "--stale",
            min=1,
            metavar="DAYS",
            help="只列未完成、且截至 --as-of 的最近 DAYS 天里没有进度记录的任务",
        ),
    ] = None,
    as_of_text: AsOf = None,
    fmt: FormatOpt = Format.table,
    limit: Limit = 200,
    data_dir: DataDir = Path("data"),
) -> None:
    """列出任务，可按单位、职责、状态、工作项目筛选。

    示例：ipcity list --unit 市工商局 --role responsible    ipcity list --stale 30
    """
    from ipcity.answers.lookup import parse_status_filter
    from ipcity.answers.tasks import list_tasks
    from ipcity.output.tasks import tasks

    plan = load(data_dir)
    rows = list_tasks(
        plan,
        as_of(as_of_text),
        unit=unit,
        role=role.value,
        status=parse_status_filter(status) if status else None,
        item=item,
        stale=stale,
    )
    tasks(rows, fmt.value, limit=limit, updated=stale is not None)


def due(
    before: Annotated[
        str | None, typer.Option("--before", help="期限在这一天或之前，如 2010-12-31、2010年底")
    ] = None,
    after: Annotated[
        str | None, typer.Option("--after", help="期限在这一天或之后，如 2009-01-01、2009年")
    ] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="只列逾期（未完成且已过期限）的任务")
    ] = False,
    as_of_text: AsOf = None,
    fmt: FormatOpt = Format.table,
    limit: Limit = 200,
    data_dir: DataDir = Path("data"),
) -> None:
    """列出有期限的任务，期限近的在前；常设任务不在其中。

    示例：ipcity due --before 2010年底    ipcity due --overdue --as-of 2009-06-30
    """
    from ipcity.answers.tasks import due_tasks
    from ipcity.output.tasks import tasks

    plan = load(data_dir)
    rows = due_tasks(
        plan,
        as_of(as_of_text),
        before=date_option(before, "--before"),
        after=date_option(after, "--after", end=False),
        overdue=overdue,
    )
    tasks(rows, fmt.value, due_first=True, limit=limit)


def show(
    task_id: Annotated[
        str, typer.Argument(metavar="ID", help="任务序号，如 6.3", autocompletion=complete_task)
    ],
    as_of_text: AsOf = None,
    fmt: FormatOpt = Format.table,
    data_dir: DataDir = Path("data"),
) -> None:
    """显示一项任务的全部内容和进度记录。

    示例：ipcity show 6.3
    """
    from ipcity.answers.tasks import show_task
    from ipcity.output.tasks import record_detail

    plan = load(data_dir)
    record_detail(show_task(plan, task_id, as_of(as_of_text)), fmt=fmt.value)


def units(fmt: FormatOpt = Format.table, data_dir: DataDir = Path("data")) -> None:
    """列出全部单位，及各自牵头、配合的任务数（含所属单位组的任务）。

    示例：ipcity units --format md
    """
    from ipcity.answers.tasks import unit_rows
    from ipcity.output.columns import UNIT_COLUMNS
    from ipcity.output.text import render

    plan = load(data_dir, records=False)
    render(unit_rows(plan), fmt.value, UNIT_COLUMNS)


def schema_(
    name: Annotated[
        SchemaName,
        typer.Argument(metavar="FILE", help="哪个文件：tasks、units 或 status", show_default=False),
    ],
) -> None:
    """输出数据文件的 JSON Schema，供编辑器（VS Code 的 YAML 扩展等）提示和检查。

    示例：ipcity schema tasks > schema/tasks.schema.json
    """
    from ipcity.plan import schema

    sys.stdout.write(schema.text(name.value))
