"""Whether a returned form may be collected into this plan at all: it was written for this
plan (its title), from the plan as it is now (its digest), for the period being collected,
its hidden sheet as written (its id), for the unit its header still names. Each refusal
says which, and what to do."""

from __future__ import annotations

from datetime import date

from ipcity.errors import UsageError
from ipcity.plan.forms import UNIT_PREFIX, Returned, form_id, located, plan_digest
from ipcity.plan.loaded import Plan
from ipcity.plan.parts import task_parts
from ipcity.plan.periods import parse_period, period_code
from ipcity.plan.problems import Problem
from ipcity.plan.units import normalize


def refusal(plan: Plan, returned: Returned, period: str | None) -> list[Problem]:
    """Why the form cannot be collected into the plan; [] when it can."""
    meta, file = returned.meta, returned.file
    unit, code, label = meta["unit"], meta["period"], meta["period_label"]
    if meta["plan_title"] != plan.title:
        return [
            located(
                file,
                None,
                f"这份表格是为另一个工作方案生成的（「{meta['plan_title']}」），"
                f"不是这里的「{plan.title}」",
                "用 --data-dir 指向那个方案的数据目录再收集；或请该单位填写本方案的表格",
            )
        ]
    if meta["plan_digest"] != plan_digest(plan):
        return [
            located(
                file,
                None,
                f"这份表格生成（{meta['issued']}）以后，工作方案改动过（tasks.yaml 或 "
                "units.yaml）：表中的任务、指标可能已与现在不符",
                f"用 ipcity forms --period {code} --unit {unit} 重新生成，"
                "请该单位把填写的内容抄到新表上报回",
            )
        ]
    if form_id(meta["plan_digest"], unit, code, returned.keys) != meta["form_id"] or not (
        _fits(plan, returned)
    ):
        return [
            located(
                file,
                None,
                "表格的隐藏信息（「ipcity」工作表）被改动过：表格编号与其中的内容不符",
                f"用 ipcity forms --period {code} --unit {unit} 重新生成一份，请该单位重填",
            )
        ]
    if period is not None and period != code:
        return [
            located(
                file,
                None,
                f"这是{label}的表格，现在收集的是{_label(period)}",
                f"核对文件；确要收集{label}的，加 --period {code}",
            )
        ]
    problems = []
    for cell in returned.unit_cells:
        typed = str(cell.value or "").strip()
        name = typed.removeprefix(UNIT_PREFIX).removeprefix(normalize(UNIT_PREFIX)).strip()
        if plan.units.resolve(name) != unit:
            changed = f"改成了「{name}」" if name else "被清空了"
            problems.append(
                located(
                    file,
                    cell,
                    f"填报单位{changed}，这份表格是发给{unit}的",
                    f"每个单位填自己的表格（ipcity forms --unit 生成）；"
                    f"若是误改，改回「{UNIT_PREFIX}{unit}」",
                )
            )
    return problems


def _label(code: str) -> str:
    try:
        return parse_period(code)[2]
    except UsageError:
        return code


def _fits(plan: Plan, returned: Returned) -> bool:
    """Whether what the hidden sheet says is what a form of this plan could say: its unit,
    its period's days, a part, an indicator or a duty of the plan on every line. (A form
    whose id matches says so unless someone has recomputed the id.)"""
    meta = returned.meta
    unit = meta["unit"]
    if plan.units.resolve(unit) != unit:
        return False
    try:
        first, last = date.fromisoformat(meta["first"]), date.fromisoformat(meta["last"])
    except ValueError:
        return False
    if first > last or period_code(first, last) != meta["period"]:
        return False
    for key in returned.keys:
        if key.task not in plan.tasks:
            return False
        task = plan.tasks[key.task][1]
        names = {
            "task": [""] if unit in task_parts(plan.units, task) else [],
            "reading": [i.name for i in task.indicators],
            "duty": [d.name for d in task.recurring],
        }[key.kind]
        if key.name not in names:
            return False
    return True
