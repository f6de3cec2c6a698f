"""Shell completion's candidates: units and tasks that start with the word being typed."""

from __future__ import annotations

from ipcity.plan.loaded import Plan
from ipcity.text import shorten

# Shell completion: (value, what it is), the way Typer hands them to zsh and fish.
Choice = tuple[str, str]


def unit_choices(plan: Plan, incomplete: str) -> list[Choice]:
    """Unit names and aliases that start with the word being typed, each with what it is."""
    choices: list[Choice] = []
    for name, unit in plan.units.units.items():
        choices.append((name, unit.kind))
        choices += [(alias, f"{name}的别名") for alias in unit.aliases]
    return [c for c in choices if c[0].startswith(incomplete)]


def task_choices(plan: Plan, incomplete: str) -> list[Choice]:
    """Task IDs that start with the word being typed, each with its 目标要求 (or 工作内容)."""
    choices = [(t.id, shorten(t.target or item.content, 30)) for item, t in plan.tasks.values()]
    return [c for c in choices if c[0].startswith(incomplete)]
