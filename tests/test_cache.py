"""The plans cache answers only for data it has seen: every change to a file is seen."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from ipcity.files import cache
from ipcity.plan.models import Status

TODAY = date(2026, 11, 25)
RECORD = "- task: '{task}'\n  date: 2009-05-01\n  status: {status}\n"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def statuses(data_dir: Path) -> list[tuple[str, Status]]:
    plan, problems = cache.load(data_dir, TODAY)
    assert problems == []
    assert plan is not None
    return [(r.task, r.status) for r in plan.records]


def append(data_dir: Path, text: str) -> None:
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write(text)


def test_a_loaded_plan_is_kept_and_served_again(data_dir: Path, private_cache: Path) -> None:
    assert statuses(data_dir) == []
    [entry] = entries(private_cache)
    before = entry.stat().st_mtime_ns
    assert statuses(data_dir) == []
    assert entry.stat().st_mtime_ns == before


def test_appended_records_are_read_from_the_tail(data_dir: Path) -> None:
    statuses(data_dir)
    append(data_dir, RECORD.format(task="6.3", status="in_progress"))
    assert statuses(data_dir) == [("6.3", Status.in_progress)]
    append(data_dir, RECORD.format(task="1", status="done"))
    assert statuses(data_dir) == [("6.3", Status.in_progress), ("1", Status.done)]


def test_a_bad_appended_record_is_reported_with_its_line(data_dir: Path) -> None:
    statuses(data_dir)
    lines = len((data_dir / "status.yaml").read_text("utf-8").splitlines())
    append(data_dir, RECORD.format(task="99", status="done"))
    plan, problems = cache.load(data_dir, TODAY)
    assert plan is None
    assert [(p.line, p.message) for p in problems] == [(lines + 1, "任务「99」不存在")]


def test_an_edited_log_is_read_whole(data_dir: Path) -> None:
    append(data_dir, RECORD.format(task="6.3", status="in_progress"))
    statuses(data_dir)
    log = data_dir / "status.yaml"
    log.write_text(log.read_text(encoding="utf-8").replace("in_progress", "blocked"), "utf-8")
    assert statuses(data_dir) == [("6.3", Status.blocked)]


@pytest.mark.parametrize("keep", [0, 10])
def test_a_truncated_log_is_read_whole(data_dir: Path, keep: int) -> None:
    append(data_dir, RECORD.format(task="6.3", status="in_progress"))
    statuses(data_dir)
    log = data_dir / "status.yaml"
    log.write_text("".join(log.read_text("utf-8").splitlines(keepends=True)[:keep]), "utf-8")
    assert statuses(data_dir) == []


def test_a_same_size_edit_with_the_old_time_is_still_seen(data_dir: Path) -> None:
    tasks = data_dir / "tasks.yaml"
    statuses(data_dir)
    stat = tasks.stat()
    tasks.write_text(
        tasks.read_text("utf-8").replace("deadline: 2010年底", "deadline: 2009年底", 1), "utf-8"
    )
    os.utime(tasks, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    plan, _ = cache.load(data_dir, TODAY)
    assert plan is not None
    assert plan.deadlines["6.2"].due == date(2009, 12, 31)


def test_a_replaced_units_file_is_seen(data_dir: Path) -> None:
    statuses(data_dir)
    units = data_dir / "units.yaml"
    units.write_text(units.read_text("utf-8").replace("市财政局", "市财政厅"), "utf-8")
    plan, problems = cache.load(data_dir, TODAY)
    assert plan is None
    assert "未知单位「市财政局」" in [p.message for p in problems]


def test_a_broken_entry_is_ignored(data_dir: Path, private_cache: Path) -> None:
    statuses(data_dir)
    [entry] = entries(private_cache)
    entry.write_bytes(b"not a pickle")
    assert statuses(data_dir) == []
    assert entry.read_bytes() != b"not a pickle"


def test_the_cache_can_be_turned_off(
    data_dir: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPCITY_CACHE", "off")
    assert statuses(data_dir) == []
    assert entries(private_cache) == []


def test_many_appended_records_rewrite_the_entry(data_dir: Path, private_cache: Path) -> None:
    statuses(data_dir)
    [entry] = entries(private_cache)
    before = entry.read_bytes()
    append(data_dir, RECORD.format(task="6.3", status="done") * (cache.REWRITE_AFTER + 1))
    assert len(statuses(data_dir)) == cache.REWRITE_AFTER + 1
    assert entry.read_bytes() != before


def test_a_plans_record_has_the_models_fields_in_its_order() -> None:
    from ipcity.plan.loaded import Record
    from ipcity.plan.models import StatusRecord

    # A progress record holds the model's first fields; the kinds' own fields follow them.
    assert Record._fields == tuple(StatusRecord.model_fields)[: len(Record._fields)]
    assert tuple(StatusRecord.model_fields)[len(Record._fields) :] == (
        "verify", "extend_to", "reason", "approved_by"
    )  # fmt: skip


def test_a_plan_without_its_records_still_checks_the_appended_ones(data_dir: Path) -> None:
    append(data_dir, RECORD.format(task="6.3", status="in_progress"))
    assert statuses(data_dir) == [("6.3", Status.in_progress)]
    plan, problems = cache.load(data_dir, TODAY, records=False)
    assert (problems, plan is not None and plan.records) == ([], [])
    append(data_dir, RECORD.format(task="1", status="done"))
    plan, problems = cache.load(data_dir, TODAY, records=False)
    assert (problems, plan is not None and plan.records) == ([], [])
    append(data_dir, RECORD.format(task="99", status="done"))
    plan, problems = cache.load(data_dir, TODAY, records=False)
    assert plan is None
    assert [p.message for p in problems] == ["任务「99」不存在"]
    assert problems[0].line == len((data_dir / "status.yaml").read_text("utf-8").splitlines()) - 2
