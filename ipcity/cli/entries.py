"""What `record`, `verify` and `extend` share: the files given with --attach staged, the
entry built with their places and hashes, both written or neither, and the lines that
confirm it to the person who typed it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:  # imported by the commands that append, when they run
    from ipcity.log.entry import NewRecord, Typed
    from ipcity.plan.loaded import Plan


def append_typed(
    plan: Plan,
    data_dir: Path,
    typed: Typed,
    attach: Sequence[Path] | None,
    build: Callable[[Typed], NewRecord],
    said: Callable[[NewRecord], str],
) -> NewRecord:
    """Build the entry (build raises on anything wrong, before a byte is written), append
    it with its files, and print said(entry) and a line per file."""
    from ipcity.log import attach as attaching

    staged = attaching.stage(plan, data_dir, typed.task_id, attach or [])
    new = build(replace(typed, attachments=staged.entries))
    attaching.append(data_dir, new, staged)
    typer.echo(said(new))
    for line in attaching.summary(staged):
        typer.echo(line)
    return new
