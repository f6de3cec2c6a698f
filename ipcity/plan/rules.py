"""Rules across the entries of tasks.yaml and units.yaml: ids, units, groups, deadlines,
indicators and duties. Pure: validated entries in, findings out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ipcity.plan.deadlines import FORMS, Deadline, DeadlineError, date_range, parse_deadline
from ipcity.plan.problems import TASKS, UNITS, Finding
from ipcity.plan.shapes import Item, Task
from ipcity.plan.units import GROUP, UnitLike, UnitRegistry, normalize
from ipcity.text import join_names

_ITEM_ID = re.compile(r"\d+")


def unknown_unit_hint(registry: UnitRegistry, name: str) -> str:
    close = registry.suggest(name)
    found = f"最接近的已知单位：{join_names(close)}。" if close else ""
    return f"{found}若是新单位，请在 units.yaml 中登记"


def check_units(units: Sequence[tuple[int, UnitLike]], registry: UnitRegistry) -> list[Finding]:
    findings: list[Finding] = []
    for i, unit in units:
        if registry.units.get(unit.name) is not unit:
            findings.append(
                Finding(
                    UNITS, ("units", i, "name"), f"单位「{unit.name}」重复登记", "删去重复的一条"
                )
            )
            continue
        for j, form in enumerate(registry.names_of(unit)):
            owner = registry.resolve(form)
            if owner != unit.name:
                in_aliases = 0 < j <= len(unit.aliases)
                loc = ("units", i, "aliases", j - 1) if in_aliases else ("units", i, "name")
                findings.append(
                    Finding(
                        UNITS,
                        loc,
                        f"名称「{form}」已是「{owner}」的名称或别名",
                        "一个名称只能指一个单位",
                    )
                )
        if unit.kind != GROUP:
            if unit.members:
                findings.append(
                    Finding(
                        UNITS,
                        ("units", i, "members"),
                        f"「{unit.name}」不是单位组，不能有 members",
                        "把 kind 改为 group，或删去 members",
                    )
                )
            continue
        for j, member in enumerate(unit.members):
            loc = ("units", i, "members", j)
            canonical = registry.resolve(member)
            if canonical is None:
                findings.append(
                    Finding(
                        UNITS, loc, f"成员「{member}」未登记", unknown_unit_hint(registry, member)
                    )
                )
            elif canonical == unit.name or unit.name in _groups_below(registry, canonical):
                findings.append(
                    Finding(
                        UNITS,
                        loc,
                        f"单位组「{unit.name}」包含了它自己",
                        "单位组不能直接或间接包含自身",
                    )
                )
    return findings


def _groups_below(registry: UnitRegistry, start: str) -> set[str]:
    """Every unit reachable from start through group membership."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        for member in registry.members_of(stack.pop()):
            if member not in seen:
                seen.add(member)
                stack.append(member)
    return seen


def check_tasks(
    items: list[tuple[int, Item]],
    period_end: date | None,
    registry: UnitRegistry,
    declared: set[str] | None,
) -> tuple[list[Finding], dict[str, Deadline]]:
    """Findings in tasks.yaml, and the deadline of every task whose 工作进度 could be read.

    Without a valid period the phrases are still read (against a far end) to name bad ones.
    declared holds every unit name written in units.yaml, valid or not; None when that
    file could not be read, and then unit names are not checked.
    """
    findings: list[Finding] = []
    deadlines: dict[str, Deadline] = {}
    item_ids: set[str] = set()
    task_ids: set[str] = set()
    for i, item in items:
        if not _ITEM_ID.fullmatch(item.id):
            findings.append(
                Finding(
                    TASKS,
                    ("items", i, "id"),
                    f"工作项目序号「{item.id}」应为数字",
                    "写成 '1'、'2' 这样",
                )
            )
        elif item.id in item_ids:
            findings.append(
                Finding(
                    TASKS,
                    ("items", i, "id"),
                    f"工作项目序号「{item.id}」重复",
                    "每个项目用不同的序号",
                )
            )
        item_ids.add(item.id)
        for j, task in enumerate(item.tasks):
            loc = ("items", i, "tasks", j)
            if _ITEM_ID.fullmatch(item.id):  # else the item's own error is the one to fix
                findings += _check_task_id(item.id, len(item.tasks), task.id, loc)
            if task.id in task_ids:
                findings.append(
                    Finding(
                        TASKS, (*loc, "id"), f"任务序号「{task.id}」重复", "每个任务用不同的序号"
                    )
                )
            task_ids.add(task.id)
            if declared is not None:
                findings += _check_task_units(task, loc, registry, declared)
            try:
                deadlines[task.id] = parse_deadline(task.deadline, period_end or date.max)
            except DeadlineError as exc:
                findings.append(Finding(TASKS, (*loc, "deadline"), str(exc), f"可以写 {FORMS}"))
    return findings, deadlines


def _check_task_units(
    task: Task, loc: tuple[str | int, ...], registry: UnitRegistry, declared: set[str]
) -> list[Finding]:
    return [
        Finding(TASKS, (*loc, role, k), f"未知单位「{name}」", unknown_unit_hint(registry, name))
        for role in ("responsible", "cooperating")
        for k, name in enumerate(getattr(task, role))
        if registry.resolve(name) is None and normalize(name) not in declared
    ]


def _check_task_id(
    item_id: str, count: int, task_id: str, loc: tuple[str | int, ...]
) -> list[Finding]:
    if count == 1 and task_id == item_id:
        return []
    head, dot, tail = task_id.partition(".")
    if head == item_id and dot and tail.isdigit() and tail[0] != "0":
        return []
    example = f"{item_id}.1、{item_id}.2" if count > 1 else f"'{item_id}' 或 '{item_id}.1'"
    return [
        Finding(
            TASKS,
            (*loc, "id"),
            f"任务序号「{task_id}」与工作项目「{item_id}」不符",
            f"本项目的任务序号应写成 {example}",
        )
    ]


def check_measures(items: list[tuple[int, Item]], period_end: date | None) -> list[Finding]:
    """Indicators and recurring duties in tasks.yaml: names unique in a task, phrases readable."""
    findings: list[Finding] = []
    for i, item in items:
        for j, task in enumerate(item.tasks):
            loc = ("items", i, "tasks", j)
            seen: set[str] = set()
            for k, indicator in enumerate(task.indicators):
                at = (*loc, "indicators", k)
                if indicator.name in seen:
                    findings.append(
                        Finding(
                            TASKS,
                            (*at, "name"),
                            f"任务 {task.id} 的指标「{indicator.name}」重复",
                            "同一任务的每个指标用不同的名称",
                        )
                    )
                seen.add(indicator.name)
                if indicator.due is not None:
                    try:
                        parse_deadline(indicator.due, period_end or date.max)
                    except DeadlineError as exc:
                        findings.append(Finding(TASKS, (*at, "due"), str(exc), f"可以写 {FORMS}"))
                if indicator.start is not None:
                    try:
                        date_range(indicator.start)
                    except DeadlineError as exc:
                        findings.append(
                            Finding(TASKS, (*at, "start"), str(exc), "写成 2009年 或 2009-01-01")
                        )
            duties: set[str] = set()
            for k, duty in enumerate(task.recurring):
                if duty.name in duties:
                    findings.append(
                        Finding(
                            TASKS,
                            (*loc, "recurring", k, "name"),
                            f"任务 {task.id} 的经常性工作「{duty.name}」重复",
                            "同一任务的每项经常性工作用不同的名称",
                        )
                    )
                duties.add(duty.name)
    return findings


def check_targets(
    items: list[tuple[int, Item]], registry: UnitRegistry, declared: set[str] | None
) -> list[Finding]:
    """分解指标 (an indicator's `targets`): each name a unit of its task, responsible or
    cooperating (a group's members included), named once. Not checked when units.yaml
    could not be read (declared is None)."""
    if declared is None:
        return []
    findings: list[Finding] = []
    for i, item in items:
        for j, task in enumerate(item.tasks):
            on_task = registry.expand([*task.responsible, *task.cooperating])
            for k, indicator in enumerate(task.indicators):
                seen: dict[str, str] = {}
                for name in indicator.targets:
                    loc = ("items", i, "tasks", j, "indicators", k, "targets", name)
                    unit = registry.resolve(name)
                    if unit is None:
                        if normalize(name) not in declared:
                            findings.append(
                                Finding(
                                    TASKS,
                                    loc,
                                    f"未知单位「{name}」",
                                    unknown_unit_hint(registry, name),
                                    at_key=True,
                                )
                            )
                    elif unit not in on_task:
                        findings.append(
                            Finding(
                                TASKS,
                                loc,
                                f"{unit}不是任务 {task.id} 的责任单位或配合单位，不能给它分解指标",
                                f"可以是 {join_names(on_task)}",
                                at_key=True,
                            )
                        )
                    elif unit in seen:
                        findings.append(
                            Finding(
                                TASKS,
                                loc,
                                f"「{name}」与「{seen[unit]}」是同一个单位，分解指标写了两次",
                                "每个单位只写一次",
                                at_key=True,
                            )
                        )
                    seen.setdefault(unit or name, name)
    return findings
