"""Commands that make or exchange a whole plan: init, export, import."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ipcity.cli import options as opt
from ipcity.errors import UsageError
from ipcity.files.outputs import refuse_data_file

BY_SUFFIX: dict[str, opt.TableFormat] = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".db": "sqlite",
}


def export(
    file: Annotated[
        Path | None,
        typer.Argument(metavar="F", help="写到这个文件（同 --output）", show_default=False),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="写到这个文件（已有则覆盖）", show_default=False),
    ] = None,
    fmt: Annotated[
        opt.TableFormat | None,
        opt.formats("csv、xlsx 或 sqlite；不写时按文件的扩展名", show_default=False),
    ] = None,
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """把工作方案导出为任务分解表（序号、工作内容、目标要求、工作进度、责任单位、配合单位）。

    CSV 为带 BOM 的 UTF-8，Excel、WPS 直接打开；XLSX 带标题、表头和合并单元格，
    另有单位类别、单位、量化指标、经常性工作四个工作表（CSV 只有这六列）。
    --format sqlite 导出为 SQLite 数据库，供分析：任务、单位、各单位的那一份、进度记录、
    指标读数等表和视图（见 docs/sqlite.md），可用 sqlite3 或 Datasette 打开。

    示例：ipcity export -o 任务分解.xlsx    ipcity export --format sqlite 方案.sqlite
    """
    if file is not None and output is not None and file != output:
        raise UsageError("文件只能写一个：F 或 --output")
    target = file or output
    if target is None:
        raise UsageError("要写明导出到哪个文件：--output F，或直接写 F")
    fmt = fmt or BY_SUFFIX.get(target.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"看不出 {target.name} 的格式：用 --format csv、--format xlsx 或 --format sqlite 指明"
        )
    refuse_data_file(target, data_dir)
    if fmt == "sqlite":
        from ipcity.index.export import export as export_sqlite

        count = export_sqlite(opt.opened(data_dir), target, date.today())
        sys.stderr.write(f"已导出 {count} 项任务到 {target}（SQLite，表和视图见 docs/sqlite.md）\n")
        return
    from ipcity.tables import breakdown

    plan = opt.load(data_dir, records=False)
    count = breakdown.export(plan, target, fmt)
    sys.stderr.write(f"已导出 {count} 项任务到 {target}{breakdown.carried(fmt)}\n")


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
    start: Annotated[str | None, opt.day("--start", "试点期开始；不写时取最早的工作进度")] = None,
    end: Annotated[str | None, opt.day("--end", "试点期结束；不写时取最晚的工作进度")] = None,
) -> None:
    """从任务分解表（CSV 或 XLSX）新建一套工作方案数据。

    表头为 序号、工作内容、目标要求、工作进度、责任单位、配合单位；序号、工作内容为空的行
    属于上面的工作项目（同合并单元格）；目标要求以 1. 2. 编号的，成为任务 N.1、N.2。
    XLSX 中另有「单位类别」「单位」「量化指标」「经常性工作」工作表（export 所写）时照表读入；
    没有时单位类别按名称推测，量化指标从目标要求推测，都标“推测”。
    表中有错时一个文件也不写，逐行列出错误，退出码 1。

    示例：ipcity import 任务分解.xlsx --into huzhou --start 2011年 --end 2013年底
    """
    from ipcity.files import repository
    from ipcity.tables import importing

    done = importing.import_table(
        source,
        into,
        title=title,
        start=opt.date_option(start, "--start", end=False),
        end=opt.date_option(end, "--end"),
        today=date.today(),
    )
    derived = (
        f"（{'、'.join(done.derived)}由表推定，可在 tasks.yaml 中修改）" if done.derived else ""
    )
    sys.stderr.write(
        f"已导入 {len(done.items)} 个工作项目、{done.tasks} 项任务、{len(done.units)} 个单位到 "
        f"{into}：{done.title}，试点期 {done.start.isoformat()} 至 {done.end.isoformat()}"
        f"{derived}。\n{done.notes()}"
    )
    sys.stderr.write(repository.write(into).report())


def init(
    directory: Annotated[
        Path, typer.Argument(metavar="DIR", help="新数据目录（不存在时新建）", show_default=False)
    ],
    title: Annotated[str, typer.Option("--title", help="工作方案（任务分解表）的标题")],
    start: Annotated[str, opt.day("--start", "试点期开始，如 2011-01-01、2011年")],
    end: Annotated[str, opt.day("--end", "试点期结束，如 2013-12-31、2013年底")],
) -> None:
    """新建一套空的工作方案数据（tasks.yaml、units.yaml、status.yaml），内附填写示例。

    并在仓库的根目录（DIR 所在 git 仓库的根目录；不在 git 仓库中时为 DIR）写上
    .gitattributes、.pre-commit-config.yaml 和 .github/workflows/validate.yml。
    不覆盖已有的文件。

    示例：ipcity init huzhou --title 湖州市任务分解 --start 2011年 --end 2013年底
    """
    from ipcity.files import repository, scaffold

    first = opt.given_date(start, "--start", end=False)
    last = opt.given_date(end, "--end")
    if not title.strip():
        raise UsageError("--title 不能为空")
    paths = scaffold.write(directory, scaffold.new_plan(title.strip(), first, last))
    names = "、".join(path.name for path in paths)
    sys.stderr.write(
        f"已在 {directory} 新建 {names}；照文件里的示例填写，然后运行 ipcity validate\n"
    )
    sys.stderr.write(repository.write(directory).report())
