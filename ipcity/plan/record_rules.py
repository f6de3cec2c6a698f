"""The rules every status record keeps, whoever wrote it (`record`, `verify`, `extend`, a
person's editor, a returned form): one kind per record, attachments inside evidence/, a
known task, a past date, known units, readings of the task's indicators, counts of its
duties, a part of the task where one is named, a claim before its check, an extension
past the due date it moves (records written twice: duplicate_rules.py). Pure: validated
records in, findings out."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from ipcity.plan.attachment_rules import check_attachments
from ipcity.plan.deadlines import Deadline
from ipcity.plan.labels import FIELD_LABELS
from ipcity.plan.loaded import Entry, Log, entry_of
from ipcity.plan.parts import Issue, in_order, replay, task_parts
from ipcity.plan.problems import STATUS, Finding
from ipcity.plan.record_measures import check_record_measures
from ipcity.plan.rules import unknown_unit_hint
from ipcity.plan.shapes import Task, Written
from ipcity.plan.units import UnitRegistry
from ipcity.text import join_names

if TYPE_CHECKING:
    from ipcity.plan.models import StatusRecord

# Entries as the loader reads them (the model) or as a command builds one (its shape).
Indexed = Sequence[tuple[int, "StatusRecord | Written"]]
# The entries of one task already in the log, with their places (a log's tail, or a new
# entry, is checked against them).
Earlier = Callable[[str], Iterable[tuple[int, Entry]]]


def earlier_in(log: Log) -> Earlier:
    """Earlier, from a log held whole."""
    return lambda task_id: (pair for pair in log.in_file_order() if pair[1].task == task_id)


def check_log(
    records: Indexed,
    tasks: dict[str, Task] | None,
    registry: UnitRegistry | None,
    today: date,
    *,
    deadlines: dict[str, Deadline] | None = None,
    earlier: Earlier | None = None,
) -> list[Finding]:
    """Every rule on status records: kind, task, date and units (check_records), readings
    and counts against the task (check_record_measures), the parts named (check_parts),
    and checks and extensions against the log before them (check_sequence). tasks or
    registry is None when its file could not be read; the rules that need it are then
    left out. earlier gives a task's entries before `records` when only a log's tail (or
    one new record) is checked; deadlines the tasks' due dates, when they could be read."""
    findings = check_kinds(records)
    findings += check_attachments(records)
    findings += check_records(records, set(tasks) if tasks is not None else None, registry, today)
    if tasks is not None and registry is not None:
        findings += check_record_measures(records, tasks, registry)
        findings += check_parts(records, tasks, registry)
        if deadlines is not None:
            findings += check_sequence(records, tasks, registry, deadlines, earlier)
    return findings


# The kinds of record, by the field that makes one; and the fields only one kind may have.
KINDS = {"status": "进度", "verify": "核查", "extend_to": "延期"}
_OWN_FIELDS = {
    "values": "status",
    "count": "status",
    "duty": "status",
    "all_parts": "status",
    "reason": "extend_to",
    "approved_by": "extend_to",
}


def _named(field: str) -> str:
    return f"{field}（{FIELD_LABELS[field]}）"


def check_kinds(records: Indexed) -> list[Finding]:
    """One kind per record, with the fields of that kind."""
    findings: list[Finding] = []
    for i, record in records:
        if (
            record.status is not None
            and record.verify is None
            and record.extend_to is None
            and not record.reason
            and not record.approved_by
        ):
            continue  # a progress record with none of another kind's fields: most of a log
        kinds = [k for k in KINDS if getattr(record, k) is not None]
        if not kinds:
            findings.append(
                Finding(
                    STATUS,
                    (i,),
                    "缺少 status（状态）",
                    "进度记录写 status；办公室的核查写 verify，延期写 extend_to",
                )
            )
            continue
        if len(kinds) > 1:
            findings.append(
                Finding(
                    STATUS,
                    (i, kinds[1]),
                    f"一条记录只能是一种：这条既是{KINDS[kinds[0]]}记录（{kinds[0]}），"
                    f"又是{KINDS[kinds[1]]}记录（{kinds[1]}）",
                    "分成两条记录，各写一行",
                    at_key=True,
                )
            )
            continue
        kind = kinds[0]
        for field, owner in _OWN_FIELDS.items():
            if owner != kind and getattr(record, field):
                findings.append(
                    Finding(
                        STATUS,
                        (i, field),
                        f"{KINDS[kind]}记录不能写 {_named(field)}",
                        f"{field} 只用于{KINDS[owner]}记录（{owner}）；删去它，或另记一条",
                        at_key=True,
                    )
                )
        if kind == "verify" and record.source is not None:
            findings.append(
                Finding(
                    STATUS,
                    (i, "source"),
                    f"核查记录不能写 {_named('source')}",
                    "source 只用于从填报表收集的进度记录和延期记录；删去它",
                    at_key=True,
                )
            )
        if kind == "extend_to" and not record.reason:
            findings.append(
                Finding(
                    STATUS, (i, "extend_to"), "延期记录要写 reason（延期理由）", "加上 reason: …"
                )
            )
        if record.verify == "returned" and not record.note:
            findings.append(
                Finding(
                    STATUS,
                    (i, "verify"),
                    "退回要在 note（说明）中写明原因",
                    "加上 note: …，写明哪里不符、要补什么",
                )
            )
    return findings


def check_records(
    records: Indexed,
    task_ids: set[str] | None,
    registry: UnitRegistry | None,
    today: date,
) -> list[Finding]:
    """Rules on the log; task_ids or registry is None when its file could not be read."""
    findings: list[Finding] = []
    if _none_broken(records, task_ids, registry, today):
        return findings
    known: dict[str, bool] = {}  # whether a name resolves (a log names a few units often)
    for i, record in records:
        if task_ids is not None and record.task not in task_ids:
            findings.append(
                Finding(
                    STATUS,
                    (i, "task"),
                    f"任务「{record.task}」不存在",
                    "序号要与 tasks.yaml 中的一致（如 '6.3'），并加引号",
                )
            )
        if record.date > today:
            findings.append(
                Finding(
                    STATUS,
                    (i, "date"),
                    f"日期 {record.date.isoformat()} 在今天（{today.isoformat()}）之后",
                    "进度记录只能记已经发生的事",
                )
            )
        for field in ("by", "unit", "approved_by"):
            name = getattr(record, field)
            if name is None or not registry:
                continue
            if (resolves := known.get(name)) is None:
                resolves = known[name] = registry.resolve(name) is not None
            if not resolves:
                findings.append(
                    Finding(
                        STATUS, (i, field), f"未知单位「{name}」", unknown_unit_hint(registry, name)
                    )
                )
    return findings


def _none_broken(
    records: Indexed, task_ids: set[str] | None, registry: UnitRegistry | None, today: date
) -> bool:
    """Whether check_records would find nothing: no unknown task, no day after today, no
    unknown unit. Told from each task, day and name once, in C (a province's log names its
    10,000 tasks and 1,000 units in 100,000 records): the record by record loop, only
    when it will find something, finds what and where."""
    entries = list(map(_ENTRY, records))
    if not entries:
        return True
    if task_ids is not None and not task_ids.issuperset(map(_TASK, entries)):
        return False
    if max(map(_DATE, entries)) > today:
        return False
    if registry is None:
        return True
    names = {*map(_BY, entries), *map(_UNIT, entries), *map(_APPROVED_BY, entries)}
    names.discard(None)
    return all(registry.resolve(name) is not None for name in names)


_ENTRY = operator.itemgetter(1)
_TASK, _DATE = operator.attrgetter("task"), operator.attrgetter("date")
_BY, _UNIT = operator.attrgetter("by"), operator.attrgetter("unit")
_APPROVED_BY = operator.attrgetter("approved_by")


def check_parts(records: Indexed, tasks: dict[str, Task], registry: UnitRegistry) -> list[Finding]:
    """A part named (`unit`) is one of the task's; a check or an extension of a task with
    several parts names which."""
    findings: list[Finding] = []
    parts_of: dict[str, list[str]] = {}
    for i, record in records:
        if record.unit is None and record.verify is None and record.extend_to is None:
            continue  # names no part, and needs none named: most of a log
        task = tasks.get(record.task)
        if task is None:
            continue
        if task.id not in parts_of:
            parts_of[task.id] = task_parts(registry, task)
        parts = parts_of[task.id]
        listed = f"责任单位：{join_names(parts)}"
        if record.unit is not None:
            named = registry.resolve(record.unit)
            if record.all_parts:
                findings.append(
                    Finding(
                        STATUS,
                        (i, "all_parts"),
                        "all_parts 与 unit 只能写一个",
                        "代全部责任单位记录写 all_parts: true；代其中一个写 unit",
                        at_key=True,
                    )
                )
            elif named is not None and named not in parts:
                findings.append(
                    Finding(
                        STATUS,
                        (i, "unit"),
                        f"{named}不是任务 {task.id} 的责任单位（{listed}）",
                        "unit 写其中一个",
                    )
                )
            continue
        kind = "verify" if record.verify is not None else "extend_to"
        if getattr(record, kind) is not None and len(parts) > 1:
            findings.append(
                Finding(
                    STATUS,
                    (i, kind),
                    f"任务 {task.id} 有 {len(parts)} 个责任单位，要用 unit 写明"
                    f"{KINDS[kind]}的是哪一个（{listed}）",
                    "unit 写其中一个",
                )
            )
    return findings


def check_sequence(
    records: Indexed,
    tasks: dict[str, Task],
    registry: UnitRegistry,
    deadlines: dict[str, Deadline],
    earlier: Earlier | None,
) -> list[Finding]:
    """Each check follows a claim of the part it checks; each extension moves a due date
    later. The tasks with a check or an extension among `records` are replayed whole (by
    date, then file order), with the entries of `earlier` that precede them."""
    touched = {r.task for _, r in records if r.status is None and r.task in deadlines}
    if not touched:
        return []
    found: dict[str, list[tuple[int, Entry]]] = {task_id: [] for task_id in touched}
    if earlier is not None:
        for task_id in touched:
            found[task_id] += earlier(task_id)
    checked: set[int] = set()
    for i, record in records:
        new = entry_of(record, i)
        if record.task in touched and new is not None:
            found[record.task].append((i, new))
            checked.add(i)
    findings: list[Finding] = []
    for task_id, entries in found.items():
        task = tasks[task_id]
        _, issues = replay(registry, task, deadlines[task_id].due, in_order(entries))
        findings += [_issue_finding(task, issue) for issue in issues if issue.tag in checked]
    return findings


def _issue_finding(task: Task, issue: Issue) -> Finding:
    track = issue.track
    if issue.kind == "no_claim":
        status = (
            f"（它最近报的状态：{track.last.status.label}）"
            if track.last
            else "（它还没有报过进度）"
        )
        return Finding(
            STATUS,
            (issue.tag, "verify"),
            f"{issue.unit}在任务 {task.id} 上没有报完成，无从核查{status}",
            "责任单位报完成（status: done）之后，办公室才能核查",
        )
    if issue.kind == "standing":
        return Finding(
            STATUS,
            (issue.tag, "extend_to"),
            f"任务 {task.id} 是常设任务，没有期限，不能延期",
            "只有定了期限的任务可以延期",
        )
    assert track.due is not None
    approved = "，已经批准延期" if track.approved else ""
    return Finding(
        STATUS,
        (issue.tag, "extend_to"),
        f"延期要延到{issue.unit}在任务 {task.id} 上的现行期限之后"
        f"（现行期限 {track.due.isoformat()}{approved}）",
        f"extend_to 写 {track.due.isoformat()} 以后的日期",
    )
