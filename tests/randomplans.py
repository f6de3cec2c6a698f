"""Small random plans for the property tests: units with aliases, county governments and a
group; items and tasks naming them; a log of progress records (some repeated), checks of
claims and extensions, mostly valid, written as a person would write the three files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

CITY = ["市科技局", "市工商局", "市财政局", "市教育局", "市公安局"]
COUNTIES = ["甲县政府", "乙县政府", "丙区政府"]
GROUP = "各县(市、区)政府"
UNITS = [*CITY, *COUNTIES, GROUP]
ALIASES = {"市科技局": ["市知识产权局"], "市工商局": ["市工商行政管理局"]}
WRITTEN = {"甲县政府": ["甲县", "甲县人民政府"], GROUP: ["各县（市、区）政府"]}
DEADLINES = ["2009年底", "试点期内", "常设", "2008年,以后常设", "2009年6月", "2010年3月"]
STATUSES = ["not_started", "in_progress", "done", "blocked", "进行中", "已完成"]
START = date(2008, 9, 1)
DAYS = [date(2008, 12, 31), date(2009, 6, 30), date(2009, 12, 31), date(2010, 12, 31)]


@dataclass
class Files:
    tasks: str
    units: str
    entries: list[dict[str, Any]]

    def write(self, data_dir: Path, entries: int | None = None) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / "tasks.yaml").write_text(self.tasks, encoding="utf-8")
        (data_dir / "units.yaml").write_text(self.units, encoding="utf-8")
        self.write_log(data_dir, entries)

    def write_log(self, data_dir: Path, entries: int | None = None) -> None:
        chosen = self.entries[:entries] if entries is not None else self.entries
        text = "".join(yaml.safe_dump([e], allow_unicode=True, sort_keys=False) for e in chosen)
        (data_dir / "status.yaml").write_text(text, encoding="utf-8")


def _units_yaml() -> str:
    entries = [{"name": n, "aliases": ALIASES.get(n, []), "kind": "市级部门"} for n in CITY] + [
        {"name": n, "kind": "县(市、区)"} for n in COUNTIES
    ]
    entries.append({"name": GROUP, "kind": "group", "members": list(COUNTIES)})
    return yaml.safe_dump({"units": entries}, allow_unicode=True, sort_keys=False)


def _written(draw: st.DrawFn, unit: str) -> str:
    return draw(st.sampled_from([unit, *WRITTEN.get(unit, [])]))


def _parts(responsible: list[str]) -> list[str]:
    found: list[str] = []
    for name in responsible:
        for unit in COUNTIES if name == GROUP else [name]:
            if unit not in found:
                found.append(unit)
    return found


@st.composite
def plans(draw: st.DrawFn) -> Files:
    verification = draw(st.sampled_from(["required", "none"]))
    items: list[dict[str, Any]] = []
    tasks: list[tuple[str, list[str], str]] = []  # id, responsible units, deadline
    for n in range(1, draw(st.integers(1, 4)) + 1):
        count = draw(st.integers(1, 3))
        entries = []
        for k in range(1, count + 1):
            task_id = str(n) if count == 1 else f"{n}.{k}"
            responsible = draw(
                st.lists(st.sampled_from(UNITS), min_size=1, max_size=2, unique=True)
            )
            others = [u for u in UNITS if u not in responsible]
            cooperating = draw(st.lists(st.sampled_from(others), max_size=2, unique=True))
            deadline = draw(st.sampled_from(DEADLINES))
            task: dict[str, Any] = {
                "id": task_id,
                "target": f"目标{task_id}",
                "deadline": deadline,
                "responsible": [_written(draw, u) for u in responsible],
                "cooperating": [_written(draw, u) for u in cooperating],
            }
            if draw(st.booleans()):
                task["indicators"] = [{"name": f"指标{task_id}", "target": 100}]
            if draw(st.integers(0, 4)) == 0:
                task["recurring"] = [{"name": f"会议{task_id}", "every": "half"}]
            entries.append(task)
            tasks.append((task_id, responsible, deadline))
        items.append({"id": str(n), "content": f"工作项目{n}", "tasks": entries})
    head = {
        "title": "随机方案",
        "period": {"start": START.isoformat(), "end": "2010-12-31"},
        "verification": verification,
        "items": items,
    }
    log: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 14))):
        task_id, responsible, deadline = draw(st.sampled_from(tasks))
        parts = _parts(responsible)
        day = START + timedelta(days=draw(st.integers(0, 900)))
        kind = draw(st.sampled_from(["record", "record", "record", "check", "extend", "again"]))
        if kind == "again" and log:
            log.append(dict(draw(st.sampled_from(log))))  # a record written twice
            continue
        if kind == "extend" and deadline != "常设":
            part = draw(st.sampled_from(parts))
            entry: dict[str, Any] = {"task": task_id, "date": day.isoformat(), "unit": part}
            entry |= {"extend_to": "2011-06-30", "reason": "经费未到位"}
            if draw(st.booleans()):
                entry["approved_by"] = "市科技局"
            if not any(
                e.get("extend_to") and e["task"] == task_id and e.get("unit") == part for e in log
            ):
                log.append(entry)
            continue
        by = draw(st.sampled_from([*parts, *UNITS, None]))
        entry = {"task": task_id, "date": day.isoformat()}
        entry["status"] = draw(st.sampled_from(STATUSES))
        if by is not None:
            entry["by"] = _written(draw, by)
        elif len(parts) > 1 and draw(st.booleans()):
            entry["all_parts"] = True
        if draw(st.integers(0, 3)) == 0:
            entry["note"] = draw(st.sampled_from(["已启动", "进展顺利", " 有空格 "]))
        log.append(entry)
        if kind == "check" and entry["status"] in ("done", "已完成") and by in parts:
            verdict = draw(st.sampled_from(["accepted", "returned"]))
            check = {"task": task_id, "date": day.isoformat(), "unit": by, "verify": verdict}
            check |= {"by": "市科技局", "note": "材料不全"} if verdict == "returned" else {}
            log.append(check)
    tasks_yaml = yaml.safe_dump(head, allow_unicode=True, sort_keys=False)
    return Files(tasks_yaml, _units_yaml(), log)


unit_names = st.sampled_from([*UNITS, "甲县", "市知识产权局", "各县（市、区）政府", "不存在的局"])
as_of_days = st.sampled_from(DAYS)
