"""The bundled plan is the annex of the seed, as written: every task, no invention."""

from __future__ import annotations

import re
from datetime import date

import pytest
from tests_support import BUNDLED, SEED

from ipcity.files.load import load_plan
from ipcity.plan.loaded import Plan

TASKS_PER_ITEM = [1, 1, 1, 1, 3, 4, 3, 6, 3, 8, 5, 5, 2, 1]


@pytest.fixture(scope="module")
def plan() -> Plan:
    loaded, problems = load_plan(BUNDLED, date(2026, 1, 1))
    assert problems == []
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def annex() -> str:
    text = SEED.read_text(encoding="utf-8")
    return text[text.index("嘉兴市建设国家知识产权试点城市工作目标和任务分解") :]


def test_fourteen_items_and_forty_four_tasks(plan: Plan) -> None:
    assert [len(item.tasks) for item in plan.items] == TASKS_PER_ITEM
    assert [item.id for item in plan.items] == [str(n) for n in range(1, 15)]
    ids = list(plan.tasks)
    assert len(ids) == 44
    assert ids[:7] == ["1", "2", "3", "4", "5.1", "5.2", "5.3"]
    assert ids[-3:] == ["13.1", "13.2", "14"]


def test_period_and_title(plan: Plan) -> None:
    assert plan.title == "嘉兴市建设国家知识产权试点城市工作目标和任务分解"
    assert (plan.period.start, plan.period.end) == (date(2008, 9, 1), date(2010, 12, 31))


def test_texts_are_verbatim(plan: Plan, annex: str) -> None:
    for item in plan.items:
        assert f"| {item.content}\n" in annex, item.id
        for task in item.tasks:
            number = task.id.partition(".")[2]
            target = f"{number}.{task.target}" if number else task.target
            assert f"| {target}\n" in annex or f"\n{target}\n" in annex or not target, task.id
            assert f"| {task.deadline}\n" in annex, task.id


def test_units_are_those_of_the_annex(plan: Plan, annex: str) -> None:
    cells = re.findall(r"\| ([^|\n]*)\n", annex)
    for _, task in plan.tasks.values():
        for role in (task.responsible, task.cooperating):
            if role:
                written = [
                    cell for cell in cells if set(re.split(r"[、,](?![^()]*\))", cell)) == set(role)
                ]
                assert written, (task.id, role)


def test_the_log_holds_no_invented_progress(plan: Plan) -> None:
    assert plan.records == []
