"""A data directory -> a Plan, with every problem in every file collected first."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ipcity.files import yaml_read
from ipcity.files.model_errors import validate_file, validate_records
from ipcity.plan.kinds import check_kinds, kinds_of
from ipcity.plan.loaded import Log, Plan, log_of
from ipcity.plan.models import Item, TasksFile, Unit, UnitsFile
from ipcity.plan.problems import FILES, STATUS, TASKS, UNITS, Problem
from ipcity.plan.record_rules import check_duplicates, check_log
from ipcity.plan.rules import check_measures, check_targets, check_tasks, check_units
from ipcity.plan.units import UnitRegistry, normalize


def load_plan(data_dir: Path, today: date) -> tuple[Plan | None, list[Problem]]:
    """Load and check all three files. The plan is returned only when there is no problem.

    Each item, unit and record is validated on its own, so one bad entry neither hides
    the problems of the others nor keeps the cross-file rules from running on them.
    """
    docs = {name: yaml_read.load(data_dir / name, str(data_dir / name)) for name in FILES}
    problems: list[Problem] = [p for doc in docs.values() for p in doc.problems]

    header, items = validate_file(docs[TASKS], TasksFile, ("items", Item), problems)
    units_header, units = validate_file(docs[UNITS], UnitsFile, ("units", Unit), problems)
    records = validate_records(docs[STATUS], problems)
    docs[STATUS].data = None  # the log's raw dicts: 100,000 of them on a province's plan

    registry = UnitRegistry((unit for _, unit in units), kinds_of(units_header))
    findings = check_units(units, registry)
    if units_header is not None:  # else its own error says what is wrong with the list
        findings += check_kinds(units_header, units)
    period_end = header.period.end if header else None
    # A unit whose entry is broken is still declared: its name gets no second error. And
    # a rule that refers to another file runs only when that file could be read at all,
    # so one broken file does not flood the others with errors that are not theirs.
    declared = _names_in(docs[UNITS].data)
    task_findings, deadlines = check_tasks(items, period_end, registry, declared)
    findings += task_findings
    findings += check_measures(items, period_end)
    findings += check_targets(items, registry, declared)
    tasks = {task.id: task for _, item in items for task in item.tasks} if header else None
    known = registry if declared is not None else None
    findings += check_log(records, tasks, known, today, deadlines=deadlines)
    problems += [docs[f.file].finding(f) for f in findings]

    failed = bool(problems) or header is None
    if failed and known is not None:
        # Records written twice are named beside the errors; `validate` names them from
        # the plan when there is none (a plan loads with them: they are only warnings).
        problems += [docs[STATUS].finding(f) for f in check_duplicates(records, known)]
    order = {str(data_dir / name): n for n, name in enumerate(FILES)}
    problems.sort(key=lambda p: (order.get(p.file, 99), p.line, p.col))
    if failed or header is None:
        return None, problems
    log = log_of(records)
    plan = Plan(
        title=header.title,
        period=header.period,
        items=[item for _, item in items],
        units=registry,
        records=log.records,
        deadlines=deadlines,
        checks=log.checks,
        extensions=log.extensions,
        verification=header.verification,
        office=header.office,
    )
    return plan, []


def records_after(
    data_dir: Path, plan: Plan, before: tuple[int, int], today: date
) -> tuple[Log | None, list[Problem]]:
    """The entries appended to the log after before=(lines, entries): the lines of the
    log that held the entries already known, checked against the plan. None when the
    log no longer reads that way (edited, not appended to): load the plan whole."""
    path = data_dir / STATUS
    doc = yaml_read.load(path, str(path), after=before)
    if not doc.batched:
        return None, []
    problems = list(doc.problems)
    records = validate_records(doc, problems, before[1])
    tasks = {task_id: task for task_id, (_, task) in plan.tasks.items()}
    findings = check_log(
        records, tasks, plan.units, today, deadlines=plan.deadlines, earlier=plan.log
    )
    problems += [doc.finding(f) for f in findings]
    problems.sort(key=lambda p: (p.line, p.col))
    return (None if problems else log_of(records)), problems


def duplicate_warnings(data_dir: Path, plan: Plan) -> list[Problem]:
    """A warning for each record of a loaded plan written twice, at its line. The log is
    read again only when there is one (a plan keeps no line numbers)."""
    findings = check_duplicates(plan.log.in_file_order(), plan.units)
    if not findings:
        return []
    path = data_dir / STATUS
    doc = yaml_read.entry_places(path, str(path))
    return [doc.finding(f) for f in findings]


def entry_line(data_dir: Path, index: int) -> int:
    """The line of the status log where its entry number index (from 0) starts."""
    path = data_dir / STATUS
    return yaml_read.entry_places(path, str(path)).locate((index,))[0]


def _names_in(data: Any) -> set[str] | None:
    """Every name and alias written in a units file, valid or not, normalised;
    None when the file holds no list of units to look names up in."""
    entries = data.get("units") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return None
    names: set[str] = set()
    for entry in entries:
        if isinstance(entry, dict):
            aliases = entry.get("aliases")
            for name in [entry.get("name"), *(aliases if isinstance(aliases, list) else [])]:
                if isinstance(name, str):
                    names.add(normalize(name))
    return names
