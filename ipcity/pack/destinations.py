"""Where a pack may be written: never into the data directory's own files (its three
YAML files and its evidence/ folder, through a symlink or a hard link alike), never over
a folder that holds anything, never a zip inside the folder being written."""

from __future__ import annotations

import os
from pathlib import Path

from ipcity.errors import UsageError
from ipcity.plan.attachment_rules import EVIDENCE
from ipcity.plan.problems import FILES, STATUS, TASKS, UNITS

_OWN = {TASKS: "工作方案", UNITS: "单位名录", STATUS: "进度记录", EVIDENCE: "佐证文件目录"}


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compared as written
        return path.absolute()


def refuse_data_files(target: Path, data_dir: Path, option: str) -> None:
    """A UsageError when target is the data directory, one of its files or its evidence
    folder, or lies inside one of them."""
    real, home = _real(target), _real(data_dir)
    if real == home:
        raise UsageError(f"{option} {target} 就是数据目录 {data_dir}；换一个位置，如 验收材料")
    for name in (*FILES, EVIDENCE):
        own = _real(data_dir / name)
        same = real == own
        if not same and target.exists() and (data_dir / name).exists():
            try:
                same = os.path.samefile(target, data_dir / name)
            except OSError:
                same = False
        if same:
            raise UsageError(
                f"{option} {target} 就是数据目录的{_OWN[name]} {data_dir / name}，"
                "写入会毁掉它；换一个位置"
            )
        if real.is_relative_to(own):
            raise UsageError(
                f"{option} {target} 在数据目录的{_OWN[name]} {data_dir / name} 里，"
                "写入会弄乱数据；换一个位置"
            )


def check_destinations(out: Path | None, zip_path: Path | None, data_dir: Path) -> None:
    """Before anything is read: one destination at least, neither in the data's own files,
    the folder new or empty, the zip not inside the folder."""
    if out is None and zip_path is None:
        raise UsageError(
            "要用 --out 目录 或 --zip 文件 指明验收材料写到哪里，如 --zip 验收材料.zip"
        )
    if out is not None:
        refuse_data_files(out, data_dir, "--out")
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {out} 已存在，不是目录；换一个新目录名")
        if out.is_dir() and any(out.iterdir()):
            raise UsageError(f"--out {out} 已存在且不是空目录；换一个新目录名，或先清空它")
    if zip_path is not None:
        refuse_data_files(zip_path, data_dir, "--zip")
        if zip_path.is_dir():
            raise UsageError(f"--zip {zip_path} 是一个目录；写一个文件名，如 验收材料.zip")
        if out is not None and _real(zip_path).is_relative_to(_real(out)):
            raise UsageError(f"--zip {zip_path} 在 --out 目录 {out} 里；放到它外面")
