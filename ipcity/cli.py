"""The command line: options, exit codes, nothing else. 0 ok, 1 data errors, 2 usage errors."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, NoReturn

import typer

from ipcity import __version__
from ipcity.errors import UsageError
from ipcity.plan.deadlines import DeadlineError, parse_date

if TYPE_CHECKING:
    from ipcity.plan.loaded import Plan

# The core is imported inside each command: `ipcity --help` and a shell completion need
# none of it, and a command needs only its own part (pydantic, PyYAML, Rich, openpyxl).

Choice = tuple[str, str]  # a shell completion: the value and what it is

app = typer.Typer(
    name="ipcity",
    help="知识产权试点城市工作方案的任务分解：检查、查询、记录进度。\n\n"
    "数据在 ./data（tasks.yaml、units.yaml、status.yaml），可用 --data-dir 或 IPCITY_DATA 指定。",
    no_args_is_help=True,
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
Limit = Annotated[
    int,
    typer.Option(
        "--limit",
        min=0,
        help="表格最多显示多少项（0 为不限）；json、csv、md 总是输出全部",
    ),
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
    return _given_date(text, option, end=end)


def _given_date(text: str, option: str, *, end: bool = True) -> date:
    try:
        return parse_date(text, end=end)
    except DeadlineError as exc:
        _fail(f"{option} {exc}；可以写 2009-06-30、2009年6月、2009年底")


def _as_of(text: str | None) -> date:
    return _date(text, "--as-of") or date.today()


def _load(data_dir: Path, *, records: bool = True) -> Plan:
    from ipcity import render
    from ipcity.files import cache

    plan, problems = cache.load(data_dir, date.today(), records=records)
    if plan is None:
        render.problems(problems, sys.stderr)
        sys.stderr.write("先改正这些错误（`ipcity validate` 可单独检查）。\n")
        raise typer.Exit(1)
    return plan


def _complete(
    ctx: typer.Context, incomplete: str, choices: Callable[[Plan, str], list[Choice]]
) -> list[Choice]:
    """Choices from the data directory the command line names so far (--data-dir, else
    IPCITY_DATA, else ./data); none when that data is broken. Never raises."""
    from ipcity.files import cache

    try:
        data_dir = ctx.params.get("data_dir") or os.environ.get("IPCITY_DATA") or "data"
        plan, _ = cache.load(Path(data_dir), date.today(), records=False)
        return choices(plan, incomplete) if plan else []
    except Exception:  # a completion never puts a traceback on the user's command line
        return []


def complete_unit(ctx: typer.Context, incomplete: str) -> list[Choice]:
    """Shell completion of a unit name (canonical or alias), for --unit and --by."""
    from ipcity import queries

    return _complete(ctx, incomplete, queries.unit_choices)


def complete_task(ctx: typer.Context, incomplete: str) -> list[Choice]:
    """Shell completion of a task ID, for show and record."""
    from ipcity import queries

    return _complete(ctx, incomplete, queries.task_choices)


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


class ProblemFormat(StrEnum):
    text = "text"
    github = "github"
    json = "json"


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


Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="写入这个文件，不输出到终端（xlsx 必须指定）"),
]


def _write(output: Path | None, draw: Callable[[IO[str]], object]) -> None:
    """Text to stdout, or to a file (UTF-8) when --output names one."""
    if output is None:
        draw(sys.stdout)
        return
    try:
        with output.open("w", encoding="utf-8", newline="") as out:
            draw(out)
    except OSError as exc:
        _fail(f"无法写入 {output}：{exc.strerror}", 1)


class SchemaName(StrEnum):
    tasks = "tasks"
    units = "units"
    status = "status"


class TableFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


@app.command()
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
    from ipcity import render
    from ipcity.files import cache

    _, problems = cache.load(data_dir, date.today())
    if problems or fmt is ProblemFormat.json:
        render.problems(problems, fmt=fmt.value)
    if problems:
        raise typer.Exit(1)


@app.command("list")
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
    as_of: AsOf = None,
    fmt: FormatOpt = Format.table,
    limit: Limit = 200,
    data_dir: DataDir = Path("data"),
) -> None:
    """列出任务，可按单位、职责、状态、工作项目筛选。

    示例：ipcity list --unit 市工商局 --role responsible    ipcity list --stale 30
    """
    from ipcity import queries, render

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
    render.tasks(rows, fmt.value, limit=limit, updated=stale is not None)


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
    limit: Limit = 200,
    data_dir: DataDir = Path("data"),
) -> None:
    """列出有期限的任务，期限近的在前；常设任务不在其中。

    示例：ipcity due --before 2010年底    ipcity due --overdue --as-of 2009-06-30
    """
    from ipcity import queries, render

    plan = _load(data_dir)
    rows = queries.due_tasks(
        plan,
        _as_of(as_of),
        before=_date(before, "--before"),
        after=_date(after, "--after", end=False),
        overdue=overdue,
    )
    render.tasks(rows, fmt.value, due_first=True, limit=limit)


@app.command()
def show(
    task_id: Annotated[
        str, typer.Argument(metavar="ID", help="任务序号，如 6.3", autocompletion=complete_task)
    ],
    as_of: AsOf = None,
    fmt: FormatOpt = Format.table,
    data_dir: DataDir = Path("data"),
) -> None:
    """显示一项任务的全部内容和进度记录。

    示例：ipcity show 6.3
    """
    from ipcity import queries, render

    plan = _load(data_dir)
    with _usage():
        row = queries.show_task(plan, task_id, _as_of(as_of))
    render.record_detail(row, fmt=fmt.value)


@app.command()
def record(
    task_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="任务序号，如 6.3", autocompletion=complete_task),
    ],
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            help="状态：not_started 未开始、in_progress 进行中、done 已完成、blocked 受阻"
            "（只记 --count 时可省，沿用任务当前状态）",
        ),
    ] = None,
    date_text: Annotated[
        str | None,
        typer.Option("--date", help="进度发生的日期，默认今天；如 2009-05-01、2009年5月1日"),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="报告单位，应是该任务的责任单位或配合单位（含所属单位组）",
            autocompletion=complete_unit,
        ),
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
    count: Annotated[
        int | None,
        typer.Option(
            "--count",
            min=1,
            help="经常性工作（会议、培训、专栏、督查）这一天办成的次数，如 --count 1",
        ),
    ] = None,
    duty: Annotated[
        str | None,
        typer.Option("--duty", help="哪一项经常性工作（任务有多项时必填），如 --duty 报纸专栏"),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="报告单位既非责任单位也非配合单位时，仍然记录（代为记录）"),
    ] = False,
    data_dir: DataDir = Path("data"),
) -> None:
    """在 status.yaml 末尾追加一条进度记录；先全部检查，有一处不对就什么也不写。

    示例：ipcity record 6.3 --status in_progress --date 2009-05-01 --by 市工商局 --note 已启动
    经常性工作办成一次：ipcity record 14 --count 1 --date 2009-12-20 --note 下半年督查
    """
    from ipcity.log import new as recording

    plan = _load(data_dir, records=status is None)  # a count keeps the current status
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
            count=count,
            duty=duty,
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
    from ipcity import queries, render

    plan = _load(data_dir)
    with _usage():
        rows = queries.log_rows(
            plan, unit=unit, since=_date(since, "--since", end=False), task=task_id
        )
    render.records(rows, fmt.value)


@app.command()
def units(fmt: FormatOpt = Format.table, data_dir: DataDir = Path("data")) -> None:
    """列出全部单位，及各自牵头、配合的任务数（含所属单位组的任务）。

    示例：ipcity units --format md
    """
    from ipcity import queries, render

    plan = _load(data_dir, records=False)
    render.render(queries.unit_rows(plan), fmt.value, render.UNIT_COLUMNS)


@app.command()
def report(
    by: Annotated[
        By | None,
        typer.Option("--by", help="只列一种分类：item 按工作项目、unit 按单位；默认两种都列"),
    ] = None,
    as_of: AsOf = None,
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
    from ipcity import progress, render

    if fmt is ReportFormat.xlsx and output is None:
        _fail("xlsx 是二进制文件，不能输出到终端；请用 --output 指定文件，如 --output 进展.xlsx")
    plan = _load(data_dir)
    data = progress.report(plan, _as_of(as_of))
    by_name = by.value if by else None
    if fmt is ReportFormat.xlsx:
        from ipcity import xlsx

        assert output is not None
        try:
            xlsx.write_report(data, output)
        except OSError as exc:
            _fail(f"无法写入 {output}：{exc.strerror}", 1)
        return
    if fmt is ReportFormat.html:
        from ipcity import html

        page = html.report_page(data, by_name)
        _write(output, lambda out: out.write(page))
        return
    _write(
        output,
        lambda out: render.report(data, fmt.value, by=by_name, out=out, limit=limit),
    )


@app.command()
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
    from ipcity import inspection, render

    with _usage():
        first, last, label = inspection.parse_period(period)
    plan = _load(data_dir)
    data = inspection.inspect(plan, first, last, label)
    if fmt is InspectFormat.json:
        _write(output, lambda out: render.report(data, "json", out=out))
    elif fmt is InspectFormat.html:
        from ipcity import html

        page = html.inspection_page(data)
        _write(output, lambda out: out.write(page))
    else:
        text = render.inspection_markdown(data)
        _write(output, lambda out: out.write(text))


@app.command()
def export(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="写到这个文件（已有则覆盖）", show_default=False)
    ],
    fmt: Annotated[
        TableFormat | None,
        typer.Option(
            "--format", "-f", help="csv 或 xlsx；不写时按 --output 的扩展名", show_default=False
        ),
    ] = None,
    data_dir: DataDir = Path("data"),
) -> None:
    """把工作方案导出为任务分解表（序号、工作内容、目标要求、工作进度、责任单位、配合单位）。

    CSV 为带 BOM 的 UTF-8，Excel、WPS 直接打开；XLSX 带标题、表头和合并单元格。

    示例：ipcity export --format xlsx --output 任务分解.xlsx
    """
    from ipcity import exchange

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".")
        if suffix not in TableFormat.__members__:
            _fail(f"看不出 {output.name} 的格式：用 --format csv 或 --format xlsx 指明")
        fmt = TableFormat(suffix)
    plan = _load(data_dir, records=False)
    with _usage():
        count = exchange.export(plan, output, fmt.value)
    sys.stderr.write(f"已导出 {count} 项任务到 {output}\n")


@app.command("import")
def import_(
    source: Annotated[
        Path, typer.Argument(metavar="F", help="任务分解表：.csv 或 .xlsx", show_default=False)
    ],
    into: Annotated[
        Path, typer.Option("--into", help="写入这个数据目录（不能已有数据）", show_default=False)
    ],
    title: Annotated[
        str | None, typer.Option("--title", help="标题；不写时取表头上方的标题行，或文件名")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="试点期开始；不写时取最早的工作进度")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", help="试点期结束；不写时取最晚的工作进度")
    ] = None,
) -> None:
    """从任务分解表（CSV 或 XLSX）新建一套工作方案数据。

    表头为 序号、工作内容、目标要求、工作进度、责任单位、配合单位；序号、工作内容为空的行
    属于上面的工作项目（同合并单元格）；目标要求以 1. 2. 编号的，成为任务 N.1、N.2。
    表中有错时一个文件也不写，逐行列出错误，退出码 1。

    示例：ipcity import 任务分解.xlsx --into plans/huzhou --start 2011年 --end 2013年底
    """
    from ipcity import exchange, render

    first = _date(start, "--start", end=False)
    last = _date(end, "--end")
    with _usage():
        try:
            done = exchange.import_table(
                source, into, title=title, start=first, end=last, today=date.today()
            )
        except exchange.ImportRefused as refused:
            render.problems(refused.problems, sys.stderr)
            sys.stderr.write(refused.summary + "\n")
            raise typer.Exit(1) from None
    derived = (
        f"（{'、'.join(done.derived)}由表推定，可在 tasks.yaml 中修改）" if done.derived else ""
    )
    sys.stderr.write(
        f"已导入 {len(done.items)} 个工作项目、{done.tasks} 项任务、{len(done.units)} 个单位到 "
        f"{into}：{done.title}，试点期 {done.start.isoformat()} 至 {done.end.isoformat()}"
        f"{derived}。\nunits.yaml 中单位的类别是按名称推测的，请核对；单位组的成员请补全。\n"
    )


@app.command()
def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="新数据目录（不存在时新建）", show_default=False)
    ],
    title: Annotated[str, typer.Option("--title", help="工作方案（任务分解表）的标题")],
    start: Annotated[str, typer.Option("--start", help="试点期开始，如 2011-01-01、2011年")],
    end: Annotated[str, typer.Option("--end", help="试点期结束，如 2013-12-31、2013年底")],
) -> None:
    """新建一套空的工作方案数据（tasks.yaml、units.yaml、status.yaml），内附填写示例。

    不覆盖已有的文件。

    示例：ipcity init plans/huzhou --title 湖州市试点城市任务分解 --start 2011年 --end 2013年底
    """
    from ipcity.files import scaffold

    first = _given_date(start, "--start", end=False)
    last = _given_date(end, "--end")
    with _usage():
        if not title.strip():
            raise UsageError("--title 不能为空")
        paths = scaffold.write(directory, scaffold.new_plan(title.strip(), first, last))
    names = "、".join(path.name for path in paths)
    sys.stderr.write(
        f"已在 {directory} 新建 {names}；照文件里的示例填写，然后运行 ipcity validate\n"
    )


@app.command("schema")
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


def main() -> None:
    # A command lives a fraction of a second and makes no garbage cycles worth chasing,
    # while loading a large plan makes millions of objects: the cyclic collector would
    # run hundreds of times for nothing (three times the cost of loading a province).
    gc.disable()
    # Redirected to a file on a Chinese Windows, stdout is GBK: never die on a character.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    app()
