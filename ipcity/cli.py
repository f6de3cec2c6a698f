"""The command line: options, exit codes, nothing else. 0 ok, 1 data errors, 2 usage errors."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ipcity import __version__, queries, recording, render, store
from ipcity.deadlines import DeadlineError, parse_date
from ipcity.errors import UsageError
from ipcity.models import Plan

app = typer.Typer(
    name="ipcity",
    help="知识产权试点城市工作方案的任务分解：检查、查询、记录进度。\n\n"
    "数据在 ./data（tasks.yaml、units.yaml、status.yaml），可用 --data-dir 或 IPCITY_DATA 指定。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    md = "md"


class RoleChoice(StrEnum):
    responsible = "responsible"
    cooperating = "cooperating"
    any = "any"


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
AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="按哪一天计算逾期，默认今天；如 2009-06-30、2009年6月"),
]


def _fail(message: str, code: int = 2) -> NoReturn:
    sys.stderr.write(f"错误：{message}\n")
    raise typer.Exit(code)


@contextmanager
def _usage() -> Iterator[None]:
    """A bad unit, task, status or date typed on the command line: message, exit 2."""
    try:
        yield
    except (UsageError, DeadlineError) as exc:
        _fail(str(exc))


def _date(text: str | None, option: str, *, end: bool = True) -> date | None:
    if text is None:
        return None
    try:
        return parse_date(text, end=end)
    except DeadlineError as exc:
        _fail(f"{option} {exc}；可以写 2009-06-30、2009年6月、2009年底")


def _as_of(text: str | None) -> date:
    return _date(text, "--as-of") or date.today()


def _load(data_dir: Path) -> Plan:
    plan, problems = store.load_plan(data_dir, date.today())
    if plan is None:
        render.problems(problems, sys.stderr)
        sys.stderr.write("先改正这些错误（`ipcity validate` 可单独检查）。\n")
        raise typer.Exit(1)
    return plan


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ipcity {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本后退出"),
    ] = False,
) -> None:
    pass


@app.command()
def validate(data_dir: DataDir = Path("data")) -> None:
    """检查全部数据文件；没有错误时什么也不输出。

    每个错误一行：文件:行:列: error: 说明，再附原文和改法。有错误时退出码为 1。

    示例：ipcity validate --data-dir data
    """
    _, problems = store.load_plan(data_dir, date.today())
    if problems:
        render.problems(problems)
        raise typer.Exit(1)


@app.command("list")
def list_(
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", help="只列这个单位牵头或配合的任务（含其所属单位组的任务）"),
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
    as_of: AsOf = None,
    fmt: FormatOpt = Format.table,
    data_dir: DataDir = Path("data"),
) -> None:
    """列出任务，可按单位、职责、状态、工作项目筛选。

    示例：ipcity list --unit 市工商局 --role responsible    ipcity list --stale 30
    """
    plan = _load(data_dir)
    with _usage():
        wanted = queries.parse_status_filter(status) if status else None
        rows = queries.list_tasks(
            plan,
            _as_of(as_of),
            unit=unit,
            role=role.value,
            status=wanted,
            item=item,
            stale=stale,
        )
    render.tasks(rows, fmt.value, updated=stale is not None)


@app.command()
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
    as_of: AsOf = None,
    fmt: FormatOpt = Format.table,
    data_dir: DataDir = Path("data"),
) -> None:
    """列出有期限的任务，期限近的在前；常设任务不在其中。

    示例：ipcity due --before 2010年底    ipcity due --overdue --as-of 2009-06-30
    """
    plan = _load(data_dir)
    rows = queries.due_tasks(
        plan,
        _as_of(as_of),
        before=_date(before, "--before"),
        after=_date(after, "--after", end=False),
        overdue=overdue,
    )
    render.tasks(rows, fmt.value, due_first=True)


@app.command()
def show(
    task_id: Annotated[str, typer.Argument(metavar="ID", help="任务序号，如 6.3")],
    as_of: AsOf = None,
    fmt: FormatOpt = Format.table,
    data_dir: DataDir = Path("data"),
) -> None:
    """显示一项任务的全部内容和进度记录。

    示例：ipcity show 6.3
    """
    plan = _load(data_dir)
    with _usage():
        row = queries.show_task(plan, task_id, _as_of(as_of))
    render.record_detail(row, fmt=fmt.value)


@app.command()
def units(fmt: FormatOpt = Format.table, data_dir: DataDir = Path("data")) -> None:
    """列出全部单位，及各自牵头、配合的任务数（含所属单位组的任务）。

    示例：ipcity units --format md
    """
    plan = _load(data_dir)
    render.render(queries.unit_rows(plan), fmt.value, render.UNIT_COLUMNS)


@app.command()
def record(
    task_id: Annotated[str, typer.Argument(metavar="ID", help="任务序号，如 6.3")],
    status: Annotated[
        str,
        typer.Option(
            "--status",
            "-s",
            help="状态：not_started 未开始、in_progress 进行中、done 已完成、blocked 受阻",
        ),
    ],
    date_text: Annotated[
        str | None,
        typer.Option("--date", help="进度发生的日期，默认今天；如 2009-05-01、2009年5月1日"),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="报告单位，应是该任务的责任单位或配合单位（含所属单位组）"),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="说明：做了什么、进展如何")] = None,
    value: Annotated[
        list[str] | None,
        typer.Option(
            "--value",
            metavar="NAME=N",
            help="指标读数，可重复；如 --value 年注册商标数=1320",
        ),
    ] = None,
    evidence: Annotated[
        str | None, typer.Option("--evidence", help="佐证：文号、链接或档案位置")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="报告单位既非责任单位也非配合单位时，仍然记录（代为记录）"),
    ] = False,
    data_dir: DataDir = Path("data"),
) -> None:
    """在 status.yaml 末尾追加一条进度记录；先全部检查，有一处不对就什么也不写。

    示例：ipcity record 6.3 --status in_progress --date 2009-05-01 --by 市工商局 --note 已启动
    """
    plan = _load(data_dir)
    with _usage():
        new = recording.build_record(
            plan,
            task_id,
            status,
            today=date.today(),
            date_text=date_text,
            by=by,
            note=note,
            values=value or (),
            evidence=evidence,
            force=force,
        )
    try:
        recording.append_record(data_dir, new)
    except recording.AppendError as exc:
        _fail(str(exc), 1)
    typer.echo(recording.summary(new))


@app.command()
def log(
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", help="只列这个单位报告的记录（单位组含其成员的）"),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="只列这一天及以后的记录，如 2009-06-01、2009年6月"),
    ] = None,
    task_id: Annotated[
        str | None, typer.Option("--task", "-t", help="只列这项任务的记录，如 6.3")
    ] = None,
    fmt: FormatOpt = Format.table,
    data_dir: DataDir = Path("data"),
) -> None:
    """列出进度记录本身，新的在前（同一天的，文件中靠后的在前）。

    示例：ipcity log --unit 市工商局 --since 2009年6月
    """
    plan = _load(data_dir)
    with _usage():
        rows = queries.log_rows(
            plan, unit=unit, since=_date(since, "--since", end=False), task=task_id
        )
    render.records(rows, fmt.value)


def main() -> None:
    # Redirected to a file on a Chinese Windows, stdout is GBK: never die on a character.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    app()
