"""The 验收 pack: `ipcity dossier`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ipcity.cli import options as opt


def dossier(
    out: Annotated[
        Path | None,
        typer.Option("--out", metavar="目录", help="写进这个新目录（不存在，或是空目录）"),
    ] = None,
    zip_path: Annotated[
        Path | None,
        typer.Option("--zip", metavar="文件", help="打成一个 zip 文件（可与 --out 同用）"),
    ] = None,
    as_of_text: opt.AsOf = None,
    data_dir: opt.DataDir = Path("data"),
) -> None:
    """生成验收材料：索引表（xlsx）、自评报告（Word）和按工作项目、任务分好的佐证文件。

    索引表第一页列出缺少佐证文件的已完成任务；自评报告中【请填写：…】处由办公室填写。
    所附文件缺失或被改动时不生成（先运行 ipcity validate 查看）。

    示例：ipcity dossier --zip 验收材料.zip    ipcity dossier --out 验收材料 --as-of 2010年底
    """
    from ipcity.pack.destinations import check_destinations
    from ipcity.pack.dossier import INDEX, REPORT, assemble

    check_destinations(out, zip_path, data_dir)
    day = opt.as_of(as_of_text)
    plan = opt.load(data_dir)
    packed = assemble(plan, data_dir, day, out=out, zip_path=zip_path)
    counts = packed.data["counts"]
    where = "、".join(str(p) for p in (out, zip_path) if p is not None)
    typer.echo(f"已生成验收材料（截至 {day.isoformat()}）：{where}")
    typer.echo(f"  {INDEX}：任务 {counts['tasks']} 项，已完成 {counts['done']} 项")
    typer.echo(f"  {REPORT}：【请填写：…】处待办公室填写")
    typer.echo(f"  佐证材料：{packed.files} 个文件，共 {_size(packed.size)}")
    if packed.data["missing"]:
        typer.echo(
            f"缺少佐证文件的已完成任务 {len(packed.data['missing'])} 项，见{INDEX}第一页“缺少佐证”"
        )


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(round(size / 1024), 1 if size else 0)} KB"
