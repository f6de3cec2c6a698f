"""A task named in a sentence, and a unit's part of it, as the report and the 通报 list
them: its number beside its title in the annex's words, never a bare 10.2、10.3.

A task's title is the first clause of its 目标要求 (or of its 工作内容 when it has none):
10.2 严厉查处各种侵犯知识产权的行为, 2 印发创建工作方案. A clause ends at a comma, a
semicolon or a full stop outside brackets, so 各县(市、区)应设立相应的知识产权专项资金 and
《……若干意见》 stay whole.
"""

from __future__ import annotations

from datetime import date

from ipcity.answers.contract import ClaimRow, ExtensionRow, PartBrief, PartOf, TaskBrief
from ipcity.answers.derived import memo
from ipcity.answers.parts import PartState, Request
from ipcity.plan.loaded import Plan
from ipcity.plan.parts import Track
from ipcity.plan.shapes import Item, Task

_ENDS = set(",，;；。")
_OPEN = set("(（《〈[【“")
_CLOSE = set(")）》〉]】”")


def title(item: Item, task: Task) -> str:
    """The first clause of the task's 目标要求, or of its item's 工作内容."""
    text = task.target or item.content
    depth = 0
    for n, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        elif ch in _ENDS and depth == 0 and n > 0:
            return text[:n]
    return text


def titles(plan: Plan) -> dict[str, str]:
    """Every task's title, by its number."""
    return memo(
        plan,
        "titles",
        lambda: {task.id: title(item, task) for item in plan.items for task in item.tasks},
    )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def task_brief(plan: Plan, part: PartState) -> TaskBrief:
    """One of a unit's parts, named by its task."""
    item, task = plan.tasks[part.task]
    return {
        "id": part.task,
        "title": titles(plan)[part.task],
        "text": task.target or item.content,
        "due": _iso(part.due),
        "original_due": _iso(part.original_due),
        "status": part.status.value,
    }


def part_brief(plan: Plan, part: PartState, track: Track) -> PartBrief:
    """A unit's part with the record it rests on: its claim when done, else its latest."""
    record = track.claim if part.claimed and track.claim is not None else track.last
    evidence = record.evidence if record is not None else None
    if evidence is None and track.verdict is not None:
        evidence = track.verdict.evidence
    return {
        "task": part.task,
        "title": titles(plan)[part.task],
        "unit": part.unit,
        "status": part.status.value,
        "due": _iso(part.due),
        "original_due": _iso(part.original_due),
        "date": _iso(record.date) if record is not None else None,
        "note": record.note if record is not None else None,
        "evidence": evidence,
    }


def _part_of(plan: Plan, task: str, unit: str) -> PartOf:
    return {"task": task, "title": titles(plan)[task], "unit": unit}


def claim_row(plan: Plan, part: PartState) -> ClaimRow:
    assert part.claim_date is not None  # a claim waiting for the office
    return {
        **_part_of(plan, part.task, part.unit),
        "claim_date": part.claim_date.isoformat(),
        "due": _iso(part.due),
        "overdue": part.overdue,
    }


def extension_row(plan: Plan, request: Request) -> ExtensionRow:
    return {
        **_part_of(plan, request.task, request.unit),
        "asked": request.asked.isoformat(),
        "due": _iso(request.due),
        "to": request.to.isoformat(),
        "reason": request.reason,
        "by": request.by,
    }
