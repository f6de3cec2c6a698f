"""What every entry typed on the command line goes through, whatever its kind (`record`,
`verify`, `extend`): its date and texts read, then the loader's own model and the record
rules (plan/record_rules.py), the same that `validate` applies, with their findings put
in a command line's words; a record already in the log refused; and one line appended.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ipcity.answers.derived import log_size
from ipcity.answers.parts import entries_of
from ipcity.errors import UsageError
from ipcity.files import append, yaml_write
from ipcity.files.append import AppendError as AppendError  # what append_record raises
from ipcity.plan.deadlines import DeadlineError, date_range
from ipcity.plan.duplicate_rules import duplicates
from ipcity.plan.loaded import Entry, Plan, entry_of
from ipcity.plan.problems import STATUS, Finding
from ipcity.plan.record_rules import check_log
from ipcity.plan.shapes import WRITTEN_FIELDS, Attachment, Status, Written
from ipcity.plan.values import count_problem, measure_problem, name_problem


@dataclass(frozen=True)
class Typed:
    """What any entry typed on the command line says besides its kind's own fields: the
    task, the day (date_text, today when None), whose part (unit), who says it (by), a
    note, the files staged for it (files/evidence_store.stage's entries), and force (write
    it though the log holds an equal entry, or `by` neither leads nor supports the task)."""

    task_id: str
    today: date
    date_text: str | None = None
    unit: str | None = None
    by: str | None = None
    note: str | None = None
    attachments: Sequence[dict[str, str]] = ()
    force: bool = False


@dataclass(frozen=True)
class NewRecord:
    """A checked entry: as the plan will hold it, the fields the loader reads the line
    back as (in the order written), the line, and the place of an equal entry already in
    the log (None when there is none, or when --force allows writing it again)."""

    record: Entry
    fields: dict[str, Any]
    line: str
    same_as: int | None = None


def record_date(text: str | None, today: date) -> date:
    """The day an entry is for: today by default; a real day, not a month, not the future."""
    if text is None:
        return today
    try:
        first, last = date_range(text)
    except DeadlineError as exc:
        raise UsageError(f"--date {exc}；写成 2009-05-01 或 2009年5月1日") from None
    if first != last:
        raise UsageError(
            f"--date「{text}」是一段时间（{first.isoformat()} 至 {last.isoformat()}），"
            "进度记录要写具体哪一天，如 2009-05-01 或 2009年5月1日"
        )
    if first > today:
        raise UsageError(
            f"--date {first.isoformat()} 在今天（{today.isoformat()}）之后："
            "进度记录只能记已经发生的事"
        )
    return first


def due_date(text: str) -> date:
    """The day an extension runs to (--to), written as a deadline is: 2010年6月 is its
    last day, 2010-06-30."""
    try:
        return date_range(text)[1]
    except DeadlineError as exc:
        raise UsageError(f"--to {exc}；写成 2010-06-30、2010年6月或 2010年底") from None


def text(value: str, option: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = value[exc.start]
        raise UsageError(
            f"{option} 中有无法保存的字符 U+{ord(bad):04X}（终端或脚本传入的文字不是 UTF-8 编码）"
        ) from None
    return value


def written(fields: dict[str, Any]) -> Written:
    """The entry fields hold as the loader reads it back (what models.StatusRecord makes
    of the same fields, a test holds): dates from their ISO text, the status word."""
    problem = _problem(fields)
    if problem is not None:  # what models.StatusRecord would refuse, in its words
        raise UsageError(f"记录无效：{problem}")
    shaped = dict(fields)
    for key in _DATES:
        if isinstance(shaped.get(key), str):
            shaped[key] = date.fromisoformat(shaped[key])
    if isinstance(shaped.get("status"), str):
        shaped["status"] = Status(shaped["status"])
    shaped["values"] = {name: float(v) for name, v in shaped.get("values", {}).items()}
    shaped["attachments"] = tuple(Attachment(**a) for a in shaped.get("attachments", ()))
    return Written(**shaped)


_NAMES = frozenset({"task", "by", "duty", "unit", "source", "approved_by"})


def _problem(fields: dict[str, Any]) -> str | None:
    """The first value models.StatusRecord would refuse (a hidden character in a name, a
    reading or a count past reason), field by field in its order; None when none is."""
    for key in WRITTEN_FIELDS:
        value = fields.get(key)
        if value is None:
            continue
        problems: Iterable[str | None] = ()
        if key in _NAMES:
            problems = [name_problem(value)]
        elif key == "values":
            problems = (p for n, v in value.items() for p in (name_problem(n), measure_problem(v)))
        elif key == "count":
            problems = [count_problem(value)]
        elif key == "attachments":
            problems = (name_problem(a[k]) for a in value for k in ("path", "sha256"))
        if (found := next((p for p in problems if p is not None), None)) is not None:
            return found
    return None


def finish(plan: Plan, fields: dict[str, Any], today: date, *, force: bool = False) -> NewRecord:
    """Check fields typed on the command line as the loader would read them back, against
    the log they join; the first finding refuses them (UsageError)."""
    record = written(fields)
    seq = log_size(plan)  # appended: the log's last entry
    tasks = {task.id: task for _, task in plan.tasks.values()}
    findings = check_log(
        [(seq, record)],
        tasks,
        plan.units,
        today,
        deadlines=plan.deadlines,
        earlier=lambda task_id: entries_of(plan, task_id),
    )
    if findings:
        raise UsageError(command_line_words(findings[0]))
    line = entry_text(fields)
    entry = entry_of(record, seq)
    assert entry is not None  # check_log has found it of one kind
    return NewRecord(entry, fields, line, None if force else _same_as(plan, entry, seq))


_DATES = ("date", "extend_to")


def entry_text(fields: dict[str, Any]) -> str:
    """The line an entry is appended as: its dates written as dates, its task's number
    quoted. UsageError for a value YAML cannot hold (a lone surrogate)."""
    try:
        return yaml_write.flow_entry(
            {k: date.fromisoformat(v) if k in _DATES else v for k, v in fields.items()},
            quote=("task",),
        )
    except yaml_write.EntryError as exc:
        raise UsageError(str(exc)) from None


def _same_as(plan: Plan, entry: Entry, seq: int) -> int | None:
    """The place of an entry in the log equal to this one (same task, day, part, status,
    note, readings, count…): record_rules.duplicates decides, as `validate` does."""
    same_day = [(i, e) for i, e in entries_of(plan, entry.task) if e.date == entry.date]
    found = duplicates([*same_day, (seq, entry)], plan.units)
    return next((earlier for later, earlier in found if later == seq), None)


def append_record(data_dir: Path, new: NewRecord) -> None:
    """Append the entry to the data dir's status.yaml, whole or not at all (AppendError);
    refused (UsageError, the file untouched) when the log already holds an equal one."""
    path = data_dir / STATUS
    if new.same_as is not None:
        from ipcity.files.load import entry_line  # the loader: only to name the line

        line = entry_line(data_dir, new.same_as)
        raise UsageError(
            f"{STATUS} 第 {line} 行已有一条完全相同的记录，这条未写入；"
            "确是另一件事，在 --note 中写明区别；确要重复记录，加 --force"
        )
    append.append_entry(path, new.line, new.fields, name=str(path))


# A finding names the fields of status.yaml; a person at a command line typed options.
_OPTIONS = (("status: done", "--status done"), ("all_parts: true", "--all"))
_FIELD_OPTIONS = {
    "unit": "--unit",
    "extend_to": "--to",
    "note": "--note",
    "reason": "--reason",
    "approved_by": "--approved-by",
    "all_parts": "--all",
}
_FIELD = re.compile(r"(?<![\w-])(" + "|".join(_FIELD_OPTIONS) + r")(?![\w:])")


def command_line_words(finding: Finding) -> str:
    """A finding's message as a command line's: in options where it names fields (its
    hint tells how to edit the file, which is not what a person at a command line does)."""
    words = finding.message
    for field, option in _OPTIONS:
        words = words.replace(field, option)
    return _FIELD.sub(lambda m: _FIELD_OPTIONS[m[1]], words)
