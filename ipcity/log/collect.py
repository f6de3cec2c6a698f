"""A returned form's filled lines as records of the status log (`ipcity collect`), checked
by the rules every record keeps (plan/record_rules.py, as `record`, `extend` and
`validate` apply them), and appended all of one form's or none.

A form is refused whole when it is not this plan's (its title), the plan has changed
since it was written (its digest), it is for another period than the one collected, its
hidden sheet was edited (its id no longer matches), or another unit's name was typed over
its header. Each filled line becomes:

- a task's line: a progress record (本期状态, with 完成情况/存在问题/下步打算 as its note
  and 佐证材料 as its evidence), and an extension request when 申请延期至 is filled;
- an indicator's line: a progress record with the reading, keeping its part's status;
- a duty's line: a record with `count` on each day it was held, keeping the status.

Every record is `by` the form's unit and carries `source`, the form's id and its row: a
row already in the log is skipped, so collecting a form twice appends nothing. The
records of one form are appended in one batch under the log's lock; the lock's guard
refuses the batch if another process has appended the same rows meanwhile.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from ipcity.answers.parts import entries_of, part_states
from ipcity.errors import UsageError
from ipcity.files import append
from ipcity.files.yaml_write import scalar
from ipcity.log import form_cells as read
from ipcity.log.entry import entry_text
from ipcity.log.form_check import refusal
from ipcity.plan.forms import Cell, CollectedRow, FilledLine, Returned, located, source_of
from ipcity.plan.loaded import Plan
from ipcity.plan.models import Status, StatusRecord
from ipcity.plan.problems import STATUS, Problem
from ipcity.plan.record_rules import check_log

Kind = Literal["count", "reading", "progress", "extension"]
_ORDER: tuple[Kind, ...] = ("count", "reading", "progress", "extension")


@dataclass(frozen=True)
class Draft:
    """One record to append: its fields in the order written, the line it came from, and
    the cell each field was read from (for a rule's finding)."""

    kind: Kind
    fields: dict[str, Any]
    line: FilledLine
    cells: dict[str, Cell]

    def cell(self, name: str | int | None) -> Cell:
        """The cell a field was read from; the line's first fill-in cell for any other."""
        return self.cells.get(str(name)) or next(iter(self.line.cells.values()))


@dataclass
class Outcome:
    """A form collected: its id and unit, the records to append (with their lines), the
    rows already in the log, and the problems that refuse it (then nothing is appended)."""

    file: str
    form: str = ""
    unit: str = ""
    label: str = ""
    drafts: list[Draft] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    skipped: list[FilledLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def rows(self) -> list[CollectedRow]:
        """The records to append, as the preview shows them."""
        return [
            {"place": f"{d.line.sheet}!{d.line.row}", "kind": d.kind, "fields": d.fields}
            for d in self.drafts
        ]

    @property
    def skipped_places(self) -> list[str]:
        return [f"{line.sheet}!{line.row}" for line in self.skipped]


def collect(plan: Plan, returned: Returned, *, today: date, period: str | None) -> Outcome:
    """The records a returned form holds, checked; period is the one being collected
    (2009H1), None to take the form's own."""
    found = Outcome(returned.file, problems=list(returned.problems))
    if found.problems:
        return found
    meta = returned.meta
    found.form, found.unit, found.label = meta["form_id"], meta["unit"], meta["period_label"]
    found.problems = refusal(plan, returned, period)
    if found.problems:
        return found
    if not returned.lines:
        found.problems.append(
            located(
                returned.file,
                None,
                "表格中没有填写任何内容（浅黄色单元格都是空的）",
                "请该单位填写后再报回",
            )
        )
        return found
    first, last = date.fromisoformat(meta["first"]), date.fromisoformat(meta["last"])
    reader = _Reader(plan, returned, found, today, first, last)
    drafts: list[Draft] = []
    for line in returned.lines:
        try:
            drafts += reader.drafts(line)
        except _Refused:
            continue
    if found.problems:
        return found
    drafts.sort(key=lambda d: _ORDER.index(d.kind))  # on one day the task's own line last
    done = {r.source for r in plan.records if r.source}
    asked = {e.source for e in plan.extensions if e.source}
    for draft in drafts:
        seen = asked if draft.kind == "extension" else done
        if draft.fields["source"] in seen:
            if draft.line not in found.skipped:
                found.skipped.append(draft.line)
        else:
            found.drafts.append(draft)
    _check(plan, found, today)
    if not found.problems:
        try:
            found.lines = [entry_text(d.fields) for d in found.drafts]
        except UsageError as exc:
            found.problems.append(located(returned.file, None, str(exc)))
    return found


class _Refused(Exception):
    """A line with a cell that cannot be read (its problem is on the outcome)."""


class _Reader:
    """Reads the lines of one form into drafts, each problem at its cell."""

    def __init__(
        self, plan: Plan, returned: Returned, found: Outcome, today: date, first: date, last: date
    ) -> None:
        self.plan, self.returned, self.found = plan, returned, found
        self.today, self.first, self.last = today, first, last
        self.unit = returned.meta["unit"]
        self.form = returned.meta["form_id"]
        self.on = self.filled_on()

    def problem(self, cell: Cell | None, message: str, hint: str = "") -> None:
        self.found.problems.append(located(self.returned.file, cell, message, hint))

    def value(self, reader: Any, cell: Cell, *args: Any, **kwargs: Any) -> Any:
        try:
            return reader(cell, *args, **kwargs)
        except read.CellError as exc:
            self.problem(cell, str(exc), exc.hint)
            raise _Refused from None

    def filled_on(self) -> date:
        """The records' date: the 填报日期 written, else the period's end (or today, when
        the form comes back before it)."""
        cell = self.returned.filled_on
        default = min(self.last, self.today)
        if cell is None:
            return default
        try:
            day: date | None = self.value(read.day, cell)
        except _Refused:
            return default
        if day is None:
            return default
        if day > self.today:
            self.problem(
                cell,
                f"填报日期 {day.isoformat()} 在今天（{self.today.isoformat()}）之后",
                "写填表的那一天",
            )
        elif day < self.first:
            self.problem(
                cell,
                f"填报日期 {day.isoformat()} 在本期（{self.first.isoformat()} 起）之前",
                f"写填表的那一天，如 {self.last.isoformat()}",
            )
        return day

    def drafts(self, line: FilledLine) -> list[Draft]:
        if line.key.kind == "task":
            return self.task(line, self.on)
        if line.key.kind == "reading":
            return self.reading(line, self.on)
        return self.duty(line, self.on)

    def draft(self, kind: Kind, line: FilledLine, fields: dict[str, Any], **cells: Cell) -> Draft:
        fields["source"] = source_of(self.form, line.sheet, line.row)
        return Draft(kind, fields, line, cells)

    def task(self, line: FilledLine, on: date) -> list[Draft]:
        c = line.cells
        word = self.value(read.status, c["status"])
        said = {key: self.value(read.text, c[key]) for key in ("done", "problems", "next")}
        evidence = self.value(read.text, c["evidence"])
        to = self.value(read.day, c["extend_to"], last=True)
        reason = self.value(read.text, c["reason"])
        found = []
        if word is None and (any(said.values()) or evidence):
            written = "、".join(f"“{c[k].header}”" for k in (*said, "evidence") if not c[k].blank)
            self.problem(
                c["status"], f"填了{written}，没有选本期状态", f"从下拉列表中选择 {read.WORDS}"
            )
            raise _Refused
        if word is not None:
            fields: dict[str, Any] = {"task": line.key.task, "date": on.isoformat()}
            fields |= {"status": word.value, "by": self.unit}
            if (note := _note(said)) is not None:
                fields["note"] = note
            if evidence is not None:
                fields["evidence"] = evidence
            cells = {"status": c["status"], "note": c["done"], "evidence": c["evidence"]}
            found.append(self.draft("progress", line, fields, **cells))
        if to is None and reason is not None:
            self.problem(c["extend_to"], "写了延期理由，没有写申请延期至哪一天", "如 2010-06-30")
            raise _Refused
        if to is not None:
            if reason is None:
                self.problem(c["reason"], "申请延期要写延期理由", "写明为什么不能按期完成")
                raise _Refused
            fields = {"task": line.key.task, "date": on.isoformat(), "unit": self.unit}
            fields |= {"extend_to": to.isoformat(), "reason": reason, "by": self.unit}
            found.append(
                self.draft("extension", line, fields, extend_to=c["extend_to"], reason=c["reason"])
            )
        return found

    def reading(self, line: FilledLine, on: date) -> list[Draft]:
        task = self.plan.tasks[line.key.task][1]
        indicator = next(i for i in task.indicators if i.name == line.key.name)
        cell = line.cells["reading"]
        number = self.value(read.reading, cell, indicator.unit)
        fields: dict[str, Any] = {"task": task.id, "date": on.isoformat()}
        fields |= {"status": self.kept(task.id), "by": self.unit}
        fields["values"] = {indicator.name: number}
        return [self.draft("reading", line, fields, values=cell, status=cell)]

    def duty(self, line: FilledLine, on: date) -> list[Draft]:
        times_cell, dates_cell = line.cells["times"], line.cells["dates"]
        times = self.value(read.count, times_cell)
        days = self.value(read.days, dates_cell)
        if times is not None and times > 0 and not days:
            self.problem(
                dates_cell,
                f"本期已办 {times} 次，要写明每次的日期",
                "如 2009-03-15、2009-05-20；同一天办了两次的，那天写两遍",
            )
            raise _Refused
        if times is not None and days and times != len(days):
            self.problem(
                dates_cell,
                f"写了 {len(days)} 个日期，本期已办次数是 {times}",
                "每次写一个日期；同一天办了两次的，那天写两遍",
            )
            raise _Refused
        for day in days:
            if not self.first <= day <= self.last:
                self.problem(
                    dates_cell,
                    f"日期 {day.isoformat()} 不在本期（{self.first.isoformat()} 至 "
                    f"{self.last.isoformat()}）内",
                    "只填本期办的",
                )
                raise _Refused
            if day > on:
                self.problem(dates_cell, f"日期 {day.isoformat()} 在填报日期 {on.isoformat()} 之后")
                raise _Refused
        task = self.plan.tasks[line.key.task][1]
        kept = self.kept(task.id)
        found = []
        for day, n in sorted(Counter(days).items()):
            fields = {"task": task.id, "date": day.isoformat(), "status": kept, "by": self.unit}
            fields["count"] = n
            if len(task.recurring) > 1:
                fields["duty"] = line.key.name
            found.append(self.draft("count", line, fields, count=times_cell, date=dates_cell))
        return found

    def kept(self, task_id: str) -> str:
        """The status a reading or a count keeps: its part's, as the unit last reported it
        (in progress where it reported nothing, or the office returned its claim)."""
        for part in part_states(self.plan, self.today).get(task_id, []):
            if part.unit == self.unit:
                if part.reported is None or (part.claimed and part.verified is False):
                    break
                return part.reported.value
        return Status.in_progress.value


def _note(said: dict[str, str | None]) -> str | None:
    labels = {"done": "完成情况", "problems": "存在问题", "next": "下步打算"}
    filled = [(labels[key], text) for key, text in said.items() if text]
    if not filled:
        return None
    if len(filled) == 1 and filled[0][0] == "完成情况":
        return filled[0][1]
    return "；".join(f"{label}：{text}" for label, text in filled)


# A rule's hint names the log's fields; a person with a form in front of them fills cells.
_FIELD_WORDS = {
    "extend_to": "“申请延期至”",
    "reason": "“延期理由”",
    "note": "“完成情况”",
    "status: done": "“已完成”",
}
_FIELD = re.compile("(" + "|".join(_FIELD_WORDS) + r") ?")


def _form_words(text: str) -> str:
    return _FIELD.sub(lambda m: _FIELD_WORDS[m[1]], text)


def _check(plan: Plan, found: Outcome, today: date) -> None:
    """The record rules on the drafts, as if appended after the log."""
    seq = plan.log.size
    models: list[tuple[int, StatusRecord]] = []
    for n, draft in enumerate(found.drafts):
        try:
            models.append((seq + n, StatusRecord.model_validate(draft.fields)))
        except ValidationError as exc:  # every cell was read before: kept as a backstop
            error = exc.errors(include_url=False)[0]
            name = error["loc"][0] if error["loc"] else None
            found.problems.append(located(found.file, draft.cell(name), str(error["msg"])))
    if found.problems:
        return
    tasks = {task.id: task for _, task in plan.tasks.values()}
    for finding in check_log(
        models,
        tasks,
        plan.units,
        today,
        deadlines=plan.deadlines,
        earlier=lambda task_id: entries_of(plan, task_id),
    ):
        draft = found.drafts[int(finding.loc[0]) - seq]
        name = finding.loc[1] if len(finding.loc) > 1 else None
        found.problems.append(
            located(found.file, draft.cell(name), finding.message, _form_words(finding.hint))
        )


def append_outcome(data_dir: Path, found: Outcome) -> int | None:
    """Append the form's records whole, or none (AppendError); refused when another
    process has appended any of its rows since the plan was read. Gives the log's size
    before them (None when there were none)."""
    path = data_dir / STATUS
    marks = [f"source: {scalar(d.fields['source'])}" for d in found.drafts]

    def guard(text: str) -> str | None:
        if any(mark + end in text for mark in marks for end in (",", "}")):
            return (
                f"表格 {found.form}（{found.unit}）的记录刚刚已由另一个 ipcity collect 写入 "
                f"{STATUS}，这次没有追加"
            )
        return None

    entries = [(line, d.fields) for line, d in zip(found.lines, found.drafts, strict=True)]
    return append.append_entries(path, entries, str(path), guard=guard)
