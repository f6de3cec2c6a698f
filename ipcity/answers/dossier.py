"""The 验收 dossier's facts, as of a day: every task with its target, its due date and any
approved extension, its result part by part (answers/parts.py), the office's checks, its
indicators (the city's figure and each unit's share), the proof its records give — files
attached and references in words — and where each file goes in the pack; and first, the
parts counted done whose records attach no file, which 验收 will ask for.

A file speaks for the parts its record speaks for (plan/parts.py): a unit's own record
for its part, a record for the whole task for every part, a check or an extension for
the part it names; a cooperating unit's note for none (its files are still the task's).
"""

from __future__ import annotations

from datetime import date

from ipcity.answers.derived import task_entries
from ipcity.answers.dossier_contract import (
    Dossier,
    DossierCounts,
    DossierFile,
    DossierPart,
    DossierTask,
    MissingEvidence,
)
from ipcity.answers.indicators import indicator_row
from ipcity.answers.parts import PartState, part_states, part_tracks, task_states
from ipcity.plan.file_names import safe_folder, safe_name, unique_name
from ipcity.plan.loaded import Check, Entry, Plan, Record
from ipcity.plan.parts import entry_part, record_parts, task_parts
from ipcity.plan.shapes import Item, Status, Task

EVIDENCE_FOLDER = "佐证材料"  # the pack's folder of files, one folder a work item and task
ITEM_FOLDER_CHARS = 24  # 1 成立国家知识产权试点城市工作领导小组: a work item's name, cut


def item_folder(item: Item) -> str:
    return safe_folder(f"{item.id} {item.content}", limit=ITEM_FOLDER_CHARS)


class _Packer:
    """Where each file goes in the pack: its work item's and task's folder, under its own
    name made safe and unique in that folder; one content packed once a task."""

    def __init__(self) -> None:
        self.taken: dict[str, set[str]] = {}
        self.placed: dict[tuple[str, str], str] = {}

    def place(self, item: Item, task: Task, path: str, sha256: str) -> str:
        key = (task.id, sha256)
        if key not in self.placed:
            folder = f"{EVIDENCE_FOLDER}/{item_folder(item)}/{safe_folder(task.id)}"
            name = unique_name(
                safe_name(path.rsplit("/", 1)[-1]), self.taken.setdefault(folder, set())
            )
            self.placed[key] = f"{folder}/{name}"
        return self.placed[key]


def _kind(entry: Entry) -> str:
    if isinstance(entry, Record):
        return "status"
    return "verify" if isinstance(entry, Check) else "extend_to"


def _spoken(plan: Plan, parts: list[str], entry: Entry) -> list[str]:
    """The parts an entry speaks for."""
    if isinstance(entry, Record):
        return record_parts(plan.units, parts, entry.by, entry.unit, entry.all_parts)
    part = entry_part(plan.units, parts, entry.unit)
    return [part] if part is not None else []


class _Proof:
    """A task's proof: files (each path once), per-part counts, references in words."""

    def __init__(self) -> None:
        self.files: dict[str, DossierFile] = {}
        self.per_part: dict[str, int] = {}
        self.references: list[str] = []


def _proof(plan: Plan, item: Item, task: Task, parts: list[str], packer: _Packer) -> _Proof:
    proof = _Proof()
    for _, entry in task_entries(plan).get(task.id, []):
        if entry.evidence and entry.evidence not in proof.references:
            proof.references.append(entry.evidence)
        if not entry.attachments:
            continue
        spoken = _spoken(plan, parts, entry)
        for unit in spoken:
            proof.per_part[unit] = proof.per_part.get(unit, 0) + len(entry.attachments)
        for attachment in entry.attachments:
            known = proof.files.get(attachment.path)
            if known is not None:
                known["units"] += [u for u in spoken if u not in known["units"]]
                continue
            proof.files[attachment.path] = {
                "task": task.id,
                "path": attachment.path,
                "packed": packer.place(item, task, attachment.path, attachment.sha256),
                "sha256": attachment.sha256,
                "date": entry.date.isoformat(),
                "kind": _kind(entry),
                "by": entry.by,
                "units": list(spoken),
                "note": entry.note,
            }
    return proof


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _part(state: PartState, note: str | None, files: int) -> DossierPart:
    return {
        "unit": state.unit,
        "status": state.status.value,
        "claimed": state.claimed,
        "verified": state.verified,
        "claim_date": _iso(state.claim_date),
        "returned_reason": state.returned_reason,
        "due": _iso(state.due),
        "original_due": _iso(state.original_due),
        "extension_reason": state.extension_reason,
        "approved_by": state.approved_by,
        "requested_due": _iso(state.requested_due),
        "overdue": state.overdue,
        "note": note,
        "files": files,
    }


def dossier(plan: Plan, as_of: date) -> Dossier:
    """The dossier's facts as the plan stood at the end of as_of."""
    plan = plan.as_at(as_of)
    states = part_states(plan, as_of)
    notes = {
        task_id: {t.unit: t.last.note if t.last else None for t in tracks}
        for task_id, tracks in part_tracks(plan).items()
    }
    summary = task_states(plan, as_of)
    packer = _Packer()
    tasks: list[DossierTask] = []
    missing: list[MissingEvidence] = []
    for item in plan.items:
        for task in item.tasks:
            proof = _proof(plan, item, task, task_parts(plan.units, task), packer)
            parts = [
                _part(s, notes[task.id].get(s.unit), proof.per_part.get(s.unit, 0))
                for s in states[task.id]
            ]
            state = summary[task.id]
            deadline = plan.deadlines[task.id]
            tasks.append(
                {
                    "id": task.id,
                    "item": item.id,
                    "content": item.content,
                    "target": task.target,
                    "deadline_text": task.deadline,
                    "due": _iso(state.due),
                    "original_due": _iso(deadline.due),
                    "standing": deadline.standing,
                    "responsible": list(task.responsible),
                    "cooperating": list(task.cooperating),
                    "status": state.status.value,
                    "overdue": state.overdue,
                    "awaiting_check": state.awaiting_check,
                    "parts": parts,
                    "indicators": [indicator_row(plan, task, i, as_of) for i in task.indicators],
                    "references": proof.references,
                    "files": list(proof.files.values()),
                }
            )
            missing += [
                {
                    "task": task.id,
                    "content": item.content,
                    "target": task.target,
                    "unit": part["unit"],
                    "claim_date": part["claim_date"],
                    "verified": part["verified"],
                    "references": proof.references,
                }
                for part in parts
                if part["status"] == Status.done.value and not part["files"]
            ]
    files = [f for task in tasks for f in task["files"]]
    return {
        "title": plan.title,
        "as_of": as_of.isoformat(),
        "period": {
            "label": f"{_chinese(plan.period.start)}至{_chinese(plan.period.end)}",
            "first": plan.period.start.isoformat(),
            "last": plan.period.end.isoformat(),
        },
        "verification": plan.verification,
        "counts": _counts(plan, tasks, files),
        "missing": missing,
        "tasks": tasks,
        "files": files,
    }


def _chinese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _counts(plan: Plan, tasks: list[DossierTask], files: list[DossierFile]) -> DossierCounts:
    statuses = [t["status"] for t in tasks]
    done = statuses.count(Status.done.value)
    responsible = {p["unit"] for t in tasks for p in t["parts"]}
    cooperating = set(plan.units.expand(name for t in tasks for name in t["cooperating"]))
    return {
        "items": len(plan.items),
        "tasks": len(tasks),
        "done": done,
        "verified": sum(
            t["status"] == Status.done.value and all(p["verified"] for p in t["parts"])
            for t in tasks
        ),
        "in_progress": statuses.count(Status.in_progress.value),
        "blocked": statuses.count(Status.blocked.value),
        "not_started": statuses.count(Status.not_started.value),
        "overdue": sum(t["overdue"] for t in tasks),
        "percent_done": round(done / len(tasks) * 100, 1) if tasks else 0.0,
        "responsible_units": len(responsible),
        "cooperating_units": len(cooperating - responsible),
        "records": len(plan.records),
        "checks": len(plan.checks),
        "extensions": len(plan.extensions),
        "files": len({f["path"] for f in files}),
    }
