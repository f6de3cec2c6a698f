"""The office's entries: the check of a unit's claimed completion (`verify`) and an
extension of a part's due date (`extend`), typed on the command line, checked by the
record rules and appended like any record (log/entry.py)."""

from __future__ import annotations

from typing import Any, Literal

from ipcity.answers.lookup import find_task, resolve_unit
from ipcity.answers.parts import task_kept_parts
from ipcity.errors import UsageError
from ipcity.log.entry import NewRecord, Typed, due_date, finish, record_date, text
from ipcity.plan.loaded import Check, Extension, Plan
from ipcity.plan.parts import entry_part, task_parts
from ipcity.plan.shapes import VERDICT_LABELS


def _part(plan: Plan, typed: Typed) -> dict[str, Any]:
    """The first fields of an office's entry: the task, the day, and the part it concerns
    by its canonical name (the only part when the task has one and none is named)."""
    _, task = find_task(plan, typed.task_id)
    day = record_date(typed.date_text, typed.today)
    fields: dict[str, Any] = {"task": task.id, "date": day.isoformat()}
    if typed.unit is not None:
        fields["unit"] = resolve_unit(plan, typed.unit)
    else:
        only = entry_part(plan.units, task_parts(plan.units, task), None)
        if only is not None:
            fields["unit"] = only
    return fields  # a part that is not the task's is the record rules' to refuse


def build_verification(
    plan: Plan, typed: Typed, verdict: Literal["accepted", "returned"] | None
) -> NewRecord:
    """The office's verdict on a unit's claim of completion: accepted, it counts as done;
    returned (with the reason in the note), the part is back in progress. The files
    attached are the proof the office checked."""
    if verdict is None:
        raise UsageError("要写核查结论：--accept（通过）或 --return（退回）")
    fields = _part(plan, typed)
    fields["verify"] = verdict
    if typed.by is not None:
        fields["by"] = resolve_unit(plan, typed.by)
    if typed.note is not None:
        fields["note"] = text(typed.note, "--note")
    return _finished(plan, typed, fields)


def build_extension(
    plan: Plan, typed: Typed, *, to_text: str, reason: str, approved_by: str | None = None
) -> NewRecord:
    """An extension of a part's due date: asked for, it changes nothing until approved;
    approved (approved_by), it moves the part's due date to `to`. The files attached are
    the request, the approval."""
    fields = _part(plan, typed)
    fields["extend_to"] = due_date(to_text).isoformat()
    fields["reason"] = text(reason, "--reason")
    if approved_by is not None:
        fields["approved_by"] = resolve_unit(plan, approved_by)
    return _finished(plan, typed, fields)


def _finished(plan: Plan, typed: Typed, fields: dict[str, Any]) -> NewRecord:
    if typed.attachments:
        fields["attachments"] = list(typed.attachments)
    return finish(plan, fields, typed.today, force=typed.force)


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
