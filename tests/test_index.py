"""The index answers only for bytes it has parsed: every change to a file is seen, and the
answers after it are the answers of the files loaded afresh."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli

from ipcity.index import fresh, store
from ipcity.index import open as index
from ipcity.plan.shapes import Attachment, Status

TODAY = date(2026, 11, 25)
RECORD = "- task: '{task}'\n  date: 2009-05-01\n  status: {status}\n"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.sqlite"))


def statuses(data_dir: Path) -> list[tuple[str, Status]]:
    plan, problems = index.load(data_dir, TODAY)
    assert problems == []
    assert plan is not None
    return [(r.task, r.status) for r in plan.records]


def append(data_dir: Path, text: str) -> None:
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write(text)


def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the index reads (and hashes) from now on."""
    seen: list[str] = []
    real = fresh.read

    def counted(path: os.PathLike[str] | str) -> fresh.Read | None:
        seen.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(fresh, "read", counted)
    return seen


def settle(data_dir: Path) -> None:
    """Make every file's mtime old enough that stat vouches for it (not racy)."""
    for name in ("tasks.yaml", "units.yaml", "status.yaml"):
        path = data_dir / name
        old = path.stat().st_mtime_ns - 10 * fresh.RACY_NS
        os.utime(path, ns=(old, old))


def test_a_loaded_plan_is_indexed_and_served_again(data_dir: Path, private_cache: Path) -> None:
    assert statuses(data_dir) == []
    [entry] = entries(private_cache)
    before = entry.stat().st_mtime_ns
    assert statuses(data_dir) == []
    assert entries(private_cache) == [entry]
    assert entry.stat().st_mtime_ns == before


def test_a_log_read_from_the_index_holds_each_text_once(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite gives a new string for every row: a province's log read back held 100,000
    copies of a thousand names (81 MB, now 41). Each text is one object, and the log is
    read a few thousand rows at a time, as it reads whole."""
    from ipcity.index import reading

    monkeypatch.setattr(reading, "_CHUNK", 8)
    noted = RECORD + "  note: 已召开专题会议\n"
    append(data_dir, "".join(noted.format(task=t, status="in_progress") for t in ["1", "2"] * 20))
    index.load(data_dir, TODAY)  # writes the index
    plan, _ = index.load(data_dir, TODAY)
    assert plan is not None and plan.source is not None
    records = plan.records
    assert [(r.task, r.note) for r in records] == [(t, "已召开专题会议") for t in ["1", "2"] * 20]
    assert len({id(r.note) for r in records}) == 40 // 8  # one a chunk of rows read


def test_a_warm_command_reads_no_file_that_stat_vouches_for(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settle(data_dir)
    statuses(data_dir)
    seen = reads(monkeypatch)
    assert statuses(data_dir) == []
    assert seen == []


def test_a_racy_file_is_compared_by_content_until_it_settles(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("tasks.yaml", "units.yaml", "status.yaml"):
        os.utime(data_dir / name)  # written just now
    statuses(data_dir)
    seen = reads(monkeypatch)
    statuses(data_dir)
    assert sorted(seen) == ["status.yaml", "tasks.yaml", "units.yaml"]
    settle(data_dir)  # (a touch: new stat, same bytes)
    statuses(data_dir)
    seen.clear()
    statuses(data_dir)
    assert seen == []


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
    plan, problems = index.load(data_dir, TODAY)
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
    settle(data_dir)
    statuses(data_dir)
    stat = tasks.stat()
    tasks.write_text(
        tasks.read_text("utf-8").replace("deadline: 2010年底", "deadline: 2009年底", 1), "utf-8"
    )
    os.utime(tasks, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert tasks.stat().st_size == stat.st_size
    plan, _ = index.load(data_dir, TODAY)
    assert plan is not None
    assert plan.deadlines["6.2"].due == date(2009, 12, 31)


def test_a_replaced_units_file_is_seen(data_dir: Path) -> None:
    statuses(data_dir)
    units = data_dir / "units.yaml"
    units.write_text(units.read_text("utf-8").replace("市财政局", "市财政厅"), "utf-8")
    plan, problems = index.load(data_dir, TODAY)
    assert plan is None
    assert "未知单位「市财政局」" in [p.message for p in problems]


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a database", b"SQLite format 3\x00" + b"\x00" * 200],
    ids=["empty", "text", "a torn header"],
)
def test_a_damaged_index_is_ignored_and_rebuilt(
    data_dir: Path, private_cache: Path, damage: bytes
) -> None:
    statuses(data_dir)
    [entry] = entries(private_cache)
    entry.write_bytes(damage)
    assert statuses(data_dir) == []
    assert entry.read_bytes() != damage


def test_a_foreign_database_is_ignored_and_replaced(data_dir: Path, private_cache: Path) -> None:
    statuses(data_dir)
    [entry] = entries(private_cache)
    entry.unlink()
    with sqlite3.connect(entry) as db:
        db.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('version', 'a number')")
    db.close()
    assert statuses(data_dir) == []
    with sqlite3.connect(entry) as db:
        assert db.execute("SELECT count(*) FROM tasks").fetchone() == (44,)
    db.close()


def test_the_index_can_be_turned_off(
    data_dir: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPCITY_CACHE", "off")
    assert statuses(data_dir) == []
    assert entries(private_cache) == []


def test_an_unwritable_cache_folder_costs_speed_not_answers(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IPCITY_CACHE_DIR", str(data_dir / "status.yaml" / "no folder here"))
    append(data_dir, RECORD.format(task="6.3", status="in_progress"))
    assert statuses(data_dir) == [("6.3", Status.in_progress)]


def test_an_index_lives_in_the_users_cache_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("IPCITY_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert store.cache_dir() == tmp_path / "ipcity"


def test_nothing_in_the_package_unpickles() -> None:
    package = Path(__file__).resolve().parent.parent / "ipcity"
    mentions = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "pickle" in path.read_text(encoding="utf-8") or "marshal" in path.read_text("utf-8")
    ]
    assert mentions == []


def test_the_index_is_sqlite_with_its_plan_in_tables(data_dir: Path, private_cache: Path) -> None:
    statuses(data_dir)
    [entry] = entries(private_cache)
    assert entry.read_bytes()[:16] == b"SQLite format 3\x00"
    with sqlite3.connect(entry) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
        assert {
            "items",
            "tasks",
            "parts",
            "units",
            "group_members",
            "records",
            "readings",
        } <= tables
    db.close()


def test_a_kinds_columns_are_its_fields_in_order() -> None:
    """The index writes an entry's fields in its tuple's order, a check's and an
    extension's `seq` (their place) left for the row's own (write.py)."""
    from ipcity.index import schema
    from ipcity.plan.loaded import Check, Extension, Record

    assert [c.name for c in schema.RECORD] == list(Record._fields)
    assert [c.name for c in schema.CHECK] == [f for f in Check._fields if f != "seq"]
    assert [c.name for c in schema.EXTENSION] == [f for f in Extension._fields if f != "seq"]


@pytest.mark.parametrize(
    "content",
    [b"", b"a", b"a\n", b"a\nb", b"\n\n", "a\u2028b\n".encode(), b"a\r\nb\r\n", b"a\rb"],
)
def test_a_logs_lines_are_counted_as_the_yaml_reader_counts_them(content: bytes) -> None:
    from ipcity.files.yaml_loader import count_lines

    assert fresh.count_lines(content) == count_lines(content)


def test_a_column_of_one_value_is_stored_as_if_bound_row_by_row() -> None:
    """The inserts write a column's one plain value into the statement (inserts._literal):
    what SQLite stores is what binding each row stores, value and type; a value that is not
    plain (a quote, 0 beside 0.0, an integer past SQLite's) is bound."""
    from ipcity.index.columns import plain
    from ipcity.index.inserts import insert as _insert

    columns = [plain(name) for name in ("n", "none", "zero", "mixed", "word", "quote", "big")]
    rows = [(n, None, 0, 0.0 if n % 2 else 0, "[]", "it's", 2**63) for n in range(6)]
    kept, bound = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    for db in (kept, bound):
        db.execute("CREATE TABLE t (n, none, zero, mixed, word, quote, big)")
    _insert(kept, "t", columns, [(*row[:6], 1) for row in rows])  # 2**63 cannot be bound
    bound.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", [(*r[:6], 1) for r in rows])
    query = "SELECT *, typeof(zero), typeof(mixed) FROM t ORDER BY n"
    assert kept.execute(query).fetchall() == bound.execute(query).fetchall()
    big = sqlite3.connect(":memory:")
    big.execute("CREATE TABLE t (n, none, zero, mixed, word, quote, big)")
    with pytest.raises(OverflowError):  # bound as ever, not written as a REAL
        _insert(big, "t", columns, rows)


@pytest.mark.parametrize("count", [1, 19, 20, 21, 47])
@pytest.mark.parametrize("width", [3, 100])
def test_rows_many_to_a_statement_are_the_rows_bound_one_by_one(count: int, width: int) -> None:
    """Rows go in ROWS_AT_ONCE to a statement (fewer where a statement would pass 999
    values), the rest one by one: every row stored, in order, as binding each stores it."""
    from ipcity.index.columns import plain
    from ipcity.index.inserts import insert

    names = [f"c{n}" for n in range(width)]
    rows = [
        (r, f"任务{r}", *(r * n if n % 3 else None for n in range(2, width))) for r in range(count)
    ]
    many, one = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    for db in (many, one):
        db.execute(f"CREATE TABLE t ({', '.join(names)})")
    many.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)  # an SQLite before 3.32
    insert(many, "t", [plain(name) for name in names], rows)
    one.executemany(f"INSERT INTO t VALUES ({', '.join('?' * width)})", rows)
    query = "SELECT rowid, * FROM t ORDER BY rowid"
    assert many.execute(query).fetchall() == one.execute(query).fetchall()


JSON_VALUES = [
    {"目标": '年底前完成"专项"\n行动', "n": 1, "x": 2.5, "ok": True, "none": None},
    [["市科技局", "市工商局"], [], {}],
    "\u2028\x1b[31m",
    float("nan"),
    [Attachment(path="evidence/6.3/通知.pdf", sha256="0" * 64)],
]


@pytest.mark.parametrize("value", JSON_VALUES)
def test_the_indexs_json_is_what_jsons_own_encoder_writes(
    value: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index's JSON text, written by json's C encoder made once (compact_json),
    is JSONEncoder's, and so is the fallback where that encoder is not to be had."""
    import json

    from ipcity.plan.shapes_json import _fields, compact_json

    text = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_fields).encode(
        value
    )
    assert compact_json()(value) == text
    monkeypatch.setattr(json.encoder, "c_make_encoder", None)
    assert compact_json()(value) == text


def test_a_cold_validate_answers_as_a_warm_one_and_as_without_the_index(
    data_dir: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold `validate` answers from the files it has just loaded (the index written for
    the next command): as a warm one answers from the index, and as with the index off."""
    append(data_dir, RECORD.format(task="6.3", status="in_progress") * 2)  # written twice
    (data_dir / "evidence").mkdir()
    (data_dir / "evidence" / "通知.pdf").write_bytes(b"%PDF-1.4\n")  # attached by none
    cli = Cli(data_dir)

    def answer() -> tuple[int, str, str]:
        result = cli("validate")
        return result.exit_code, result.stdout, result.stderr

    cold = answer()
    [entry] = entries(private_cache)  # written by the cold command
    written = entry.stat().st_mtime_ns
    warm = answer()
    assert entry.stat().st_mtime_ns == written  # answered from it, not written again
    monkeypatch.setenv("IPCITY_CACHE", "off")
    assert cold == warm == answer()
    assert cold[0] == 0
    second = len((data_dir / "status.yaml").read_text("utf-8").splitlines()) - 2
    assert [line for line in cold[1].splitlines() if "warning:" in line] == [
        f"{data_dir / 'status.yaml'}:{second}:3: warning: "
        f"这条记录与第 {second - 3} 行的记录完全相同（重复记录）",
        f"{data_dir / 'evidence' / '通知.pdf'}:1:1: warning: 没有记录附上这个文件",
    ]


# A writer in place that died mid-transaction, after it had begun to write the file (a
# cache of one page spills): its journal is left beside the index, and no process holds
# the lock that would say it is at work (the journal is "hot", to be rolled back).
DIED_WRITING = """
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size = 1")
db.execute("BEGIN IMMEDIATE")
for table in ("tasks", "task_states", "records", "meta"):
    db.execute(f"UPDATE {table} SET rowid = rowid + 1000000")
os._exit(9)
"""


def test_an_index_a_dead_writer_left_a_journal_beside_is_not_read(
    data_dir: Path, private_cache: Path
) -> None:
    """A read-only reader cannot roll the journal back: it is told so at once, when it
    opens the index, and the files are loaded instead (the index written again, without
    the journal), never midway through a command."""
    append(data_dir, RECORD.format(task="6.3", status="in_progress"))
    command = [sys.executable, "-m", "ipcity", "validate", "--data-dir", str(data_dir)]
    subprocess.run(command, check=True, capture_output=True)  # no reader left in this process
    [path] = entries(private_cache)
    subprocess.run([sys.executable, "-c", DIED_WRITING, str(path)], check=False)
    journal = path.with_name(path.name + "-journal")
    assert journal.stat().st_size > 0
    assert store.open_read(path) is None
    result = Cli(data_dir)("show", "6.3", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["status"] == "in_progress"
    assert not journal.exists()
    again = store.open_read(path)
    assert again is not None
    again.close()
