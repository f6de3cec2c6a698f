"""Where a command may write: never over the data it reads.

`report --output data/status.yaml` once replaced the progress log with a report, and
`export --output data/tasks.yaml` the plan with a table. An output that is one of the
data directory's files — by its path, or through a symlink or a hard link to it — is
refused before anything is read or written.
"""

from __future__ import annotations

import os
from pathlib import Path

from ipcity.errors import UsageError
from ipcity.plan.problems import FILES, STATUS, TASKS, UNITS

_WHAT = {TASKS: "工作方案", UNITS: "单位名录", STATUS: "进度记录"}


def refuse_data_file(output: Path | None, data_dir: Path) -> None:
    """A UsageError when output would write over one of data_dir's files."""
    if output is None:
        return
    for name in FILES:
        target = data_dir / name
        try:
            same = output.resolve() == target.resolve() or os.path.samefile(output, target)
        except (OSError, RuntimeError):  # either is missing, or a symlink loop: not the same
            continue
        if same:
            raise UsageError(
                f"--output {output} 就是数据文件 {target}，写入会毁掉{_WHAT[name]}；换一个文件名"
            )
