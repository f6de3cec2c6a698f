"""Files attached to an entry typed on the command line (`record`, `verify`, `extend`
with --attach): staged before the entry is built, since their places and hashes go into
it; copied in as it is appended; removed again when it is not (files/evidence_store.py)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ipcity.answers.lookup import find_task
from ipcity.files.evidence_store import Staged
from ipcity.files.evidence_store import stage as stage_files
from ipcity.log.entry import NewRecord, append_record
from ipcity.plan.loaded import Plan


def stage(plan: Plan, data_dir: Path, task_id: str, sources: Sequence[Path]) -> Staged:
    """The files given for an entry of a task, read, hashed and placed, nothing written."""
    if not sources:
        return Staged(data_dir, [])
    _, task = find_task(plan, task_id)  # the task's own number names its folder
    return stage_files(data_dir, task.id, sources)


def append(data_dir: Path, new: NewRecord, staged: Staged) -> None:
    """Copy the staged files in and append the entry: both, or neither."""
    with staged.committed():
        append_record(data_dir, new)


def summary(staged: Staged) -> list[str]:
    """A line per file attached: where it went, or which stored file it is."""
    lines = []
    for staged_file in staged.files:
        name, path = staged_file.source.name, staged_file.path
        if staged_file.fate == "stored":
            lines.append(f"附件 {name} 与已存的 {path} 内容相同，不再另存")
        elif staged_file.fate == "repeat":
            lines.append(f"附件 {name} 与 {path} 内容相同，只存一份")
        elif path.rsplit("/", 1)[-1] != name:
            lines.append(f"附件已存入 {path}（原名 {name}）")
        else:
            lines.append(f"附件已存入 {path}")
    return lines
