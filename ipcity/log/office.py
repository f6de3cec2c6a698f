"""The office's entries: the check of a unit's claimed completion (`verify`) and an
extension of a part's due date (`extend`), typed on the command line, checked by the
record rules and appended like any record (log/entry.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from ipcity.answers.lookup import find_task, resolve_unit
from ipcity.answers.parts import task_kept_parts
from ipcity.errors import UsageError
from ipcity.log.entry import NewRecord, due_date, finish, record_date, text
from ipcity.plan.loaded import Check, Extension, Plan
from ipcity.plan.parts import entry_part, task_parts
from ipcity.plan.shapes import VERDICT_LABELS


def _part(plan: Plan, task_id: str, day: date, unit: str | None) -> dict[str, Any]:
    """The first fields of an office's entry: the task, the day, and the part it concerns
    by its canonical name (the only part when the task has one and none is named)."""
    _, task = find_task(plan, task_id)
    fields: dict[str, Any] = {"task": task.id, "date": day.isoformat()}
    if unit is not None:
        fields["unit"] = resolve_unit(plan, unit)
    else:
        only = entry_part(plan.units, task_parts(plan.units, task), None)
        if only is not None:
            fields["unit"] = only
    return fields  # a part that is not the task's is the record rules' to refuse


def build_verification(
    plan: Plan,
    task_id: str,
    verdict: Literal["accepted", "returned"] | None,
    *,
    today: date,
    unit: str | None = None,
    date_text: str | None = None,
    note: str | None = None,
    by: str | None = None,
    attachments: Sequence[dict[str, str]] = (),
    force: bool = False,
) -> NewRecord:
    """The office's verdict on a unit's claim of completion: accepted, it counts as done;
    returned (with the reason in note), the part is back in progress. attachments: the
    files staged for it (the proof the office checked)."""
    if verdict is None:
        raise UsageError("要写核查结论：--accept（通过）或 --return（退回）")
    fields = _part(plan, task_id, record_date(date_text, today), unit)
    fields["verify"] = verdict
    if by is not None:
        fields["by"] = resolve_unit(plan, by)
    if note is not None:
        fields["note"] = text(note, "--note")
    if attachments:
        fields["attachments"] = list(attachments)
    return finish(plan, fields, today, force=force)


def build_extension(
    plan: Plan,
    task_id: str,
    *,
    today: date,
    to_text: str,
    reason: str,
    unit: str | None = None,
    date_text: str | None = None,
    approved_by: str | None = None,
    attachments: Sequence[dict[str, str]] = (),
    force: bool = False,
) -> NewRecord:
    """An extension of a part's due date: asked for, it changes nothing until approved;
    approved (approved_by), it moves the part's due date to `to`. attachments: the files
    staged for it (the request, the approval)."""
    fields = _part(plan, task_id, record_date(date_text, today), unit)
    fields["extend_to"] = due_date(to_text).isoformat()
    fields["reason"] = text(reason, "--reason")
    if approved_by is not None:
        fields["approved_by"] = resolve_unit(plan, approved_by)
    if attachments:
        fields["attachments"] = list(attachments)
    return finish(plan, fields, today, force=force)


def verification_summary(new: NewRecord) -> str:
    check = new.record
    assert isinstance(check, Check)
    by = f"，{check.by}" if check.by else ""
    said = (
        f"已核查：任务 {check.task} {check.unit} 报完成，核查{VERDICT_LABELS[check.verify]}"
        f"（{check.date.isoformat()}{by}）"
    )
    if check.verify == "accepted":
        return said + "，计为完成"
    return said + "，退回后计为进行中"


def extension_summary(new: NewRecord, plan: Plan) -> str:
    """What the extension did; plan is the plan before it (for the due date it moves)."""
    extension = new.record
    assert isinstance(extension, Extension)
    parts = {part.unit: part for part in task_kept_parts(plan, extension.task)}
    track = parts[extension.unit or ""]
    due = track.due.isoformat() if track.due else ""
    to = extension.extend_to.isoformat()
    head = f"任务 {extension.task} {extension.unit}"
    if extension.approved_by is None:
        return (
            f"已记录延期申请：{head} 期限 {due}，申请延至 {to}；"
            "批准前期限不变（批准后再记一条，加 --approved-by）"
        )
    original = track.original_due.isoformat() if track.original_due else ""
    return f"已记录延期：{head} 原定 {original}，经批准延至 {to}（{extension.approved_by}批准）"
