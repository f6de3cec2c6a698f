"""A data directory -> a Plan, with every problem in every file collected first.

Pydantic and the models are imported only for a file not written plainly (plan_shapes.py,
record_shapes.py): a plan as people and `init` write it loads without them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from ipcity.files import in_parallel, plan_shapes, yaml_read
from ipcity.files.record_shapes import shaped_batch, written
from ipcity.files.warnings import duplicate_warnings as duplicate_warnings
from ipcity.files.yaml_document import Document
from ipcity.plan.deadlines import Deadline
from ipcity.plan.duplicate_rules import check_duplicates, duplicate_findings, duplicates
from ipcity.plan.kinds import check_kinds, kinds_of
from ipcity.plan.loaded import DUPLICATES, Log, Plan, log_of
from ipcity.plan.problems import FILES, STATUS, TASKS, UNITS, Problem
from ipcity.plan.record_rules import Earlier, check_log, earlier_in
from ipcity.plan.rules import check_measures, check_targets, check_tasks, check_units
from ipcity.plan.shapes import Item, TasksHeader, Unit, UnitsHeader, Written
from ipcity.plan.shapes_json import compact_json, reader
from ipcity.plan.units import UnitRegistry, normalize

if TYPE_CHECKING:
    from ipcity.plan.models import StatusRecord


def load_plan(
    data_dir: Path, today: date, *, contents: Mapping[str, bytes] | None = None
) -> tuple[Plan | None, list[Problem]]:
    """Load and check all three files. The plan is returned only when there is no problem.

    Each item, unit and record is validated on its own, so one bad entry neither hides
    the problems of the others nor keeps the cross-file rules from running on them.
    contents holds a file's bytes when the caller has read them already (by file name).
    """
    contents = dict(contents or {})

    def read(name: str, each: yaml_read.EachBatch | None = None) -> Document:
        path = data_dir / name  # (the bytes let go of once read: 13 MB for a province)
        shape = written if each else None
        return yaml_read.load(path, str(path), raw=contents.pop(name, None), each=each, shape=shape)

    # tasks.yaml and units.yaml read and checked on the other core while the log is read
    # here (in_parallel.py); and one file's data at a time in each process: a province's
    # tasks.yaml tree and log together would take twice the memory of either.
    sizes = {name: _size(data_dir / name, contents.get(name)) for name in FILES}
    worth_it = min(sizes[TASKS] + sizes[UNITS], sizes[STATUS]) >= PARALLEL_BYTES
    plan_files = in_parallel.started(
        lambda: _plan_files(read), _plan_files_lines, _plan_files_read, worth_it=worth_it
    )
    # The log's records validated batch by batch as they are read, each model kept as its
    # shape: its 100,000 raw dicts and models never all live at once.
    batched: list[tuple[int, StatusRecord | Written]] = []
    in_batches: list[Problem] = []

    def each(doc: Document, batch: list[Any], first: int) -> None:
        batched.extend(shaped_batch(doc, batch, first, in_batches))
        doc.problems += in_batches  # seen by the next batch's (one error for one value)

    log_doc = read(STATUS, each)
    problems: list[Problem] = []
    if log_doc.batched and log_doc.data is not None:
        records = batched
    elif log_doc.data is None:  # empty, or refused: the reader's problems alone, as read whole
        log_doc.problems = [p for p in log_doc.problems if p not in in_batches]
        records = []
    else:  # read whole: as the file has it
        from ipcity.files.model_errors import validate_records

        records = [(i, m.plain()) for i, m in validate_records(log_doc, problems)]
        log_doc.data = None
    files = plan_files()
    header = files.header
    registry = UnitRegistry((unit for _, unit in files.units), kinds_of(files.units_header))
    known = registry if files.declared else None
    problems = [*files.problems, *problems, *log_doc.problems]
    tasks = {task.id: task for _, item in files.items for task in item.tasks} if header else None
    findings = check_log(records, tasks, known, today, deadlines=files.deadlines)
    problems += [log_doc.finding(f) for f in findings]

    failed = bool(problems) or header is None
    if failed and known is not None:
        # Records written twice are named beside the errors; `validate` names them from
        # the plan when there is none (a plan loads with them: they are only warnings).
        problems += [log_doc.finding(f) for f in check_duplicates(records, known)]
    order = {str(data_dir / name): n for n, name in enumerate(FILES)}
    problems.sort(key=lambda p: (order.get(p.file, 99), p.line, p.col))
    if failed or header is None:
        return None, problems
    log = log_of(records)
    records.clear()  # the log's tuples hold what the plan needs of the entries
    plan = Plan(
        title=header.title,
        period=header.period,
        items=[item for _, item in files.items],
        units=registry,
        records=log.records,
        deadlines=files.deadlines,
        checks=log.checks,
        extensions=log.extensions,
        verification=header.verification,
        office=header.office,
    )
    # validate's warnings, placed while the log's lines are at hand (reading them again
    # took a third of a second and 20 MB on a province's log).
    pairs = duplicates(plan.log.in_file_order(), registry)
    plan.memo[DUPLICATES] = pairs
    plan.warnings = [log_doc.finding(f) for f in duplicate_findings(pairs)]
    return plan, []


# The plan's files are read beside the log when both sides are at least this large: the
# time they can save is the smaller side's (a province's: 3 MB of tasks, 10 MB of log).
PARALLEL_BYTES = 256 * 1024


def _size(path: Path, content: bytes | None) -> int:
    if content is not None:
        return len(content)
    try:
        return path.stat().st_size
    except OSError:
        return 0


class PlanFiles(NamedTuple):
    """What tasks.yaml and units.yaml give the plan and the rules of its log; the problems
    of the two files, placed in them. JSON text from the child that reads them (its
    fields' annotations say what each reads back as)."""

    header: TasksHeader | None
    items: list[tuple[int, Item]]
    units_header: UnitsHeader | None
    units: list[tuple[int, Unit]]
    declared: bool  # units.yaml lists units that names are looked up in
    deadlines: dict[str, Deadline]
    problems: list[Problem]


def _plan_files_lines(files: PlanFiles) -> Iterator[str]:
    """PlanFiles as lines of JSON: the rest, then its items and its deadlines a few hundred
    to a line (the reader never holds all of a province's 10,000 as JSON data at once)."""
    items, deadlines = files.items, list(files.deadlines.items())
    chunks = [items[at : at + _ITEMS_A_LINE] for at in range(0, len(items), _ITEMS_A_LINE)]
    days = [deadlines[at : at + _DAYS_A_LINE] for at in range(0, len(deadlines), _DAYS_A_LINE)]
    rest = files._replace(items=[], deadlines={})
    yield _JSON([rest, len(chunks), len(days)])
    yield from map(_JSON, chunks)
    yield from map(_JSON, days)


def _plan_files_read(lines: Iterator[str]) -> PlanFiles:
    """PlanFiles from its lines; one of in_parallel.UNREADABLE when they are not those
    lines, whole (no generator around next(): its StopIteration would be a RuntimeError)."""
    head, chunks, days = json.loads(next(lines))
    rest: PlanFiles = _REST(head)
    items = [pair for _ in range(chunks) for pair in _ITEMS(json.loads(next(lines)))]
    deadlines = dict([pair for _ in range(days) for pair in _DAYS(json.loads(next(lines)))])
    if next(lines, None) is not None:
        raise ValueError("more lines than PlanFiles has")
    return rest._replace(items=items, deadlines=deadlines)


def _plan_files(read: Callable[[str], Document]) -> PlanFiles:
    """Read, shape and check the plan's two files (read(name) reads one)."""
    docs = {UNITS: read(UNITS), TASKS: read(TASKS)}
    docs[TASKS].release(data=False)  # its tree: its data is all the shapes need
    problems: list[Problem] = []
    tasks_file, units_file = ("TasksFile", "items", "Item"), ("UnitsFile", "units", "Unit")
    header, items = _shaped(docs[TASKS], problems, plan_shapes.tasks_file, tasks_file)
    units_header, units = _shaped(docs[UNITS], problems, plan_shapes.units_file, units_file)
    docs[TASKS].release()
    problems += [p for name in (TASKS, UNITS) for p in docs[name].problems]
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
    problems += [docs[f.file].finding(f) for f in findings]
    return PlanFiles(header, items, units_header, units, declared is not None, deadlines, problems)


_JSON = compact_json()
_REST = reader(PlanFiles)
_ITEMS = reader(list[tuple[int, Item]])
_DAYS = reader(list[tuple[str, Deadline]])
_ITEMS_A_LINE, _DAYS_A_LINE = 200, 1000


H = TypeVar("H")
E = TypeVar("E")


def _shaped(
    doc: Document,
    problems: list[Problem],
    shape: Callable[[Any], tuple[H, list[tuple[int, E]]] | None],
    models_of: tuple[str, str, str],
) -> tuple[H | None, list[tuple[int, E]]]:
    """A mapping file's header and entries as the plan holds them: shaped straight from
    its data when it is written plainly (plan_shapes), else validated by the models, each
    entry on its own. models_of: the file's model, its entries' key and their model."""
    shaped = shape(doc.data) if not doc.problems else None
    if shaped is not None:
        return shaped
    from ipcity.files.model_errors import validate_file
    from ipcity.plan import models

    file_model, key, entry_model = models_of
    found = (key, getattr(models, entry_model))
    header, entries = validate_file(doc, getattr(models, file_model), found, problems)
    return (header.header() if header else None), [(i, e.plain()) for i, e in entries]


def records_after(
    data_dir: Path,
    plan: Plan,
    before: tuple[int, int],
    today: date,
    *,
    raw: bytes | None = None,
    earlier: Earlier | None = None,
) -> tuple[Log | None, list[Problem]]:
    """The entries appended to the log after before=(lines, entries): the lines of the
    log that held the entries already known, checked against the plan. None when the
    log no longer reads that way (edited, not appended to): load the plan whole. raw is
    the log's content when the caller has read it already; earlier gives a task's
    entries (the plan's log, scanned, when not given)."""
    path = data_dir / STATUS
    doc = yaml_read.load(path, str(path), after=before, raw=raw)
    if not doc.batched:
        return None, []
    problems = list(doc.problems)
    from ipcity.files.model_errors import validate_records

    records = validate_records(doc, problems, before[1])
    tasks = {task_id: task for task_id, (_, task) in plan.tasks.items()}
    findings = check_log(
        records,
        tasks,
        plan.units,
        today,
        deadlines=plan.deadlines,
        earlier=earlier or (lambda task_id: earlier_in(plan.log)(task_id)),
    )
    problems += [doc.finding(f) for f in findings]
    problems.sort(key=lambda p: (p.line, p.col))
    return (None if problems else log_of(records)), problems


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
