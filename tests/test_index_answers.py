"""The index gives the answers a plan loaded afresh gives: for many random plans, logs and
as-of days, `list` (every filter), `due`, `show`, the report (and what SQLite works out
for it from the rows) and `validate`'s warnings, from an index written whole and from one
extended by the log's appended tail."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from randomplans import Files, as_of_days, plans, unit_names

from ipcity.answers.derived import duplicate_pairs, supported_counts, task_readings
from ipcity.answers.lights import part_marks
from ipcity.answers.progress import report, task_tallies
from ipcity.answers.tasks import TaskFilter, overdue_tasks, show_task
from ipcity.errors import UsageError
from ipcity.files.load import load_plan
from ipcity.index import open as index
from ipcity.index.queries import due_list, list_rows, log_list
from ipcity.plan.loaded import Plan

pytestmark = pytest.mark.slow  # property runs over random plans, each answered twice

TODAY = date(2026, 11, 25)
FILTERS: list[dict[str, Any]] = [
    {},
    {"role": "responsible"},
    {"role": "cooperating"},
    {"status": "overdue"},
    {"item": "2"},
    {"item": "9"},
    {"stale": 90},
]

# `log`'s filters: by the unit asked about (its group's members too), since a day, one
# task (as typed: full-width digits), the newest `first` of them.
LOGS: list[tuple[bool, date | None, str | None, int]] = [
    (False, None, None, 0),
    (False, None, None, 3),
    (True, None, None, 0),
    (True, None, None, 2),
    (False, date(2009, 6, 1), None, 0),
    (True, date(2009, 6, 1), "1", 4),
    (False, None, "２", 0),
    (False, None, "99.9", 0),
]


def listed(found: tuple[Any, int]) -> tuple[list[Any], int]:
    rows, total = found
    return list(rows), total


def answer(ask: Any) -> Any:
    """What a question gives: its rows, or the usage error it raises."""
    try:
        return ask()
    except UsageError as exc:
        return ("usage error", str(exc))


def answers(found: index.Index | Plan, plan: Plan, day: date, unit: str) -> dict[str, Any]:
    """Every answer compared: from `found` (an index or the plan) where a command reads it,
    and from `plan` (read from the index, or loaded) for the rest."""
    given: dict[str, Any] = {}
    for filters in FILTERS:
        for who in (None, unit):
            key = f"list {who} {filters}"
            given[key] = answer(
                lambda who=who, filters=filters: list_rows(found, day, TaskFilter(who, **filters))
            )
    given["due"] = due_list(found, day)
    given["due overdue"] = due_list(found, day, overdue=True)
    given["due range"] = due_list(found, day, before=date(2009, 12, 31), after=date(2009, 1, 1))
    for who, since, task, first in LOGS:
        given[f"log {who} {since} {task} {first}"] = answer(
            lambda who=who, since=since, task=task, first=first: listed(
                log_list(found, unit=unit if who else None, since=since, task=task, first=first)
            )
        )
    for task_id in plan.tasks:
        given[f"show {task_id}"] = show_task(plan, task_id, day)
    given["report"] = report(plan, day)
    # As `report` asks it of an index: the plan's tasks only those it reads whole.
    run = found.report_plan() if isinstance(found, index.Index) else plan
    given["report as run"] = report(run, day)
    given["report shown on a terminal"] = report(run, day, shown=2)
    # What the report reads of the rows (SQLite works these out from an index's rows).
    given["tallies"] = task_tallies(plan, day)
    given["overdue"] = overdue_tasks(plan, day)
    given["marks"] = part_marks(plan, day)
    given["supported"] = supported_counts(plan)
    given["readings"] = task_readings(plan)
    given["duplicates"] = duplicate_pairs(plan)
    return given


def loaded_afresh(data_dir: Path) -> Plan | list[str]:
    plan, problems = load_plan(data_dir, TODAY)
    return plan if plan is not None else [p.message for p in problems]


def from_index(data_dir: Path) -> index.Index | list[str]:
    """The index, as the second command finds it (the first writes it)."""
    index.open_plan(data_dir, TODAY)
    found = index.open_plan(data_dir, TODAY)
    if isinstance(found, index.Loaded):
        assert found.plan is None
        return [p.message for p in found.problems]
    return found


def same_answers(data_dir: Path, day: date, unit: str) -> None:
    fresh = loaded_afresh(data_dir)
    found = from_index(data_dir)
    if isinstance(fresh, list):
        assert found == fresh
        return
    assert isinstance(found, index.Index), found
    assert answers(found, found.plan(), day, unit) == answers(fresh, fresh, day, unit)


@pytest.fixture
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each example writes its plan (each in a folder of its own, with an index of
    its own in the test's private cache)."""
    return tmp_path_factory.mktemp("plans")


EACH = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@EACH
@given(files=plans(), day=as_of_days, unit=unit_names)
def test_an_index_written_whole_answers_as_the_files(
    folder: Path, files: Files, day: date, unit: str
) -> None:
    data_dir = Path(tempfile.mkdtemp(dir=folder)) / "data"
    files.write(data_dir)
    same_answers(data_dir, day, unit)


@EACH
@given(files=plans(), day=as_of_days, unit=unit_names, cut=st.integers(0, 14))
def test_an_index_extended_by_a_tail_answers_as_the_files(
    folder: Path, files: Files, day: date, unit: str, cut: int
) -> None:
    data_dir = Path(tempfile.mkdtemp(dir=folder)) / "data"
    files.write(data_dir, entries=cut)
    if isinstance(loaded_afresh(data_dir), list):
        return  # the first part alone does not load: nothing to extend
    from_index(data_dir)
    files.write_log(data_dir)
    fresh = loaded_afresh(data_dir)
    found = index.open_plan(data_dir, TODAY)  # the tail read and checked alone
    if isinstance(fresh, list):
        assert isinstance(found, index.Loaded) and found.plan is None
        assert sorted(p.message for p in found.problems) == sorted(fresh)
        return
    assert isinstance(found, index.Index)
    assert answers(found, found.plan(), day, unit) == answers(fresh, fresh, day, unit)
