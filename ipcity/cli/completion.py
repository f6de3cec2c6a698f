"""Shell completion of the values options take: units, task IDs, a task's recurring
duties and indicators from the data directory being typed at; status words."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ipcity.plan.loaded import Plan

Choice = tuple[str, str]  # a shell completion: the value and what it is


def _complete(
    ctx: typer.Context, incomplete: str, choices: Callable[[Plan, str], list[Choice]]
) -> list[Choice]:
    """Choices from the data directory the command line names so far (--data-dir, else
    IPCITY_DATA, else ./data); none when that data is broken. Never raises."""
    from ipcity.index.open import load

    try:
        data_dir = ctx.params.get("data_dir") or os.environ.get("IPCITY_DATA") or "data"
        plan, _ = load(Path(data_dir), date.today())
        return choices(plan, incomplete) if plan else []
    except Exception:  # a completion never puts a traceback on the user's command line
        return []


def complete_unit(ctx: typer.Context, incomplete: str) -> list[Choice]:
    """Shell completion of a unit name (canonical or alias), for --unit and --by."""
    from ipcity.answers.completion import unit_choices

    return _complete(ctx, incomplete, unit_choices)


def complete_task(ctx: typer.Context, incomplete: str) -> list[Choice]:
    """Shell completion of a task ID, for show and record."""
    from ipcity.answers.completion import task_choices

    return _complete(ctx, incomplete, task_choices)


def complete_status(incomplete: str) -> list[Choice]:
    """Status words for record --status, English and Chinese."""
    from ipcity.answers.completion import status_choices

    return status_choices(overdue=False)


def complete_status_filter(incomplete: str) -> list[Choice]:
    """Status words for list --status, with overdue (逾期)."""
    from ipcity.answers.completion import status_choices

    return status_choices(overdue=True)


def complete_duty(ctx: typer.Context, incomplete: str) -> list[Choice]:
    """The recurring duties of the task typed before (record 14 --duty …), else all."""
    from ipcity.answers.completion import duty_choices

    task_id = ctx.params.get("task_id")
    return _complete(ctx, incomplete, lambda plan, typed: duty_choices(plan, task_id, typed))


def complete_value(ctx: typer.Context, incomplete: str) -> list[Choice]:
    """`NAME=` for the indicators of the task typed before (record 6.3 --value …), else all."""
    from ipcity.answers.completion import indicator_choices

    task_id = ctx.params.get("task_id")
    return _complete(ctx, incomplete, lambda plan, typed: indicator_choices(plan, task_id, typed))
