"""`export --format sqlite F`: a database of the plan, its parts and its log that sqlite3
opens, with the tables and views docs/sqlite.md documents, the same from the index as
from the files loaded afresh."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import Cli
from tests_support import ROOT

TABLES = {
    "meta", "items", "tasks", "units", "unit_names", "group_members", "roles", "task_states",
    "parts", "records", "readings", "duplicates", "warnings",
}  # fmt: skip
VIEWS = {"task_status", "unit_tasks", "unit_parts", "overdue_parts"}


def dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = {n: db.execute(f"SELECT * FROM {n} ORDER BY 1, 2").fetchall() for n in names}
    db.close()
    return found


def test_the_plan_is_exported_as_a_database(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.sqlite"
    result = cli("export", "--format", "sqlite", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"已导出 44 项任务到 {out}（SQLite，表和视图见 docs/sqlite.md）\n"
    with sqlite3.connect(out) as db:
        kinds = dict(
            db.execute("SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite%'")
        )
        assert {n for n, t in kinds.items() if t == "table"} == TABLES
        assert {n for n, t in kinds.items() if t == "view"} == VIEWS
        assert db.execute("SELECT count(*) FROM task_status").fetchone() == (44,)
        content, target = db.execute(
            "SELECT content, target FROM task_status WHERE task = '6.3'"
        ).fetchone()
        assert (content, target) == ("提高全市知识产权创造能力", "年注册商标数2800件")
        assert db.execute("SELECT typeof(target) FROM tasks WHERE id = '6.3'").fetchone() == (
            "text",
        )
        parts = db.execute("SELECT unit FROM unit_parts WHERE task = '13.2'").fetchall()
        assert len(parts) == 7
    db.close()


def test_a_warm_export_copies_the_index_and_a_cold_one_writes_the_same(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("record", "6.3", "--status", "done", "--by", "市工商局", "--date", "2009-05-01")
    cli("validate")  # the index is written
    warm = tmp_path / "warm.db"
    assert cli("export", "-o", str(warm)).exit_code == 0
    monkeypatch.setenv("IPCITY_CACHE", "off")
    cold = tmp_path / "cold.db"
    assert cli("export", "--format", "sqlite", "--output", str(cold)).exit_code == 0
    warm_tables, cold_tables = dump(warm), dump(cold)
    del warm_tables["meta"], cold_tables["meta"]
    assert warm_tables == cold_tables
    assert len(warm_tables["records"]) == 1


def test_the_documented_query_gives_what_the_documentation_shows(cli: Cli, tmp_path: Path) -> None:
    """docs/sqlite.md's sample query, run on the bundled plan, prints its sample output."""
    doc = (ROOT / "docs" / "sqlite.md").read_text(encoding="utf-8")
    query = doc.split("```sql\n", 1)[1].split("```", 1)[0]
    shown = doc.split("```text\n", 1)[1].split("```", 1)[0]
    out = tmp_path / "plan.sqlite"
    cli("export", "--format", "sqlite", str(out))
    with sqlite3.connect(out) as db:
        rows = db.execute(query).fetchall()
    db.close()
    assert "\n".join("|".join(str(v) for v in row) for row in rows) + "\n" == shown


def test_one_file_at_a_time(cli: Cli, tmp_path: Path) -> None:
    result = cli("export", str(tmp_path / "a.db"), "-o", str(tmp_path / "b.db"))
    assert (result.exit_code, result.stderr) == (2, "错误：文件只能写一个：F 或 --output\n")
    assert not (tmp_path / "a.db").exists() and not (tmp_path / "b.db").exists()
