"""`record` writes its one entry into the index where it is (no copy of a province's
30 MB): the same file, answering as the files do; never while another process reads it,
never into a file that is not the one it read; and a journal a writer that died left
beside the index is never applied to a new one."""

from __future__ import annotations

import gc
import os
import sqlite3
from pathlib import Path

import pytest
from conftest import Cli

from ipcity.index import store
from ipcity.index.open import path_of

ASKED = [("report", "--as-of", "2009-12-31"), ("show", "6.3"), ("list", "--unit", "市工商局")]


def record(cli: Cli, note: str) -> None:
    # The commands run before it, in this process, keep their index open until the cycle
    # collector frees it (sqlite3's statement cache refers back to its connection); as
    # processes they would have exited. An open reader keeps `record` from writing in
    # place, so whether it did would hang on when the collector last ran.
    gc.collect()
    result = cli(
        "record", "6.3", "--status", "in_progress", "--by", "市工商局", "--date", "2009-05-01",
        "--force", "--note", note,
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def answers(cli: Cli) -> list[object]:
    return [cli.json(*question) for question in ASKED]


def index_of(cli: Cli) -> Path:
    path = path_of(cli.data_dir)
    assert path is not None
    return path


def test_record_extends_the_index_in_place(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cli("validate")
    path = index_of(cli)
    before = os.stat(path).st_ino
    record(cli, "一")
    record(cli, "一")  # the same again (--force): a record written twice, a warning more
    assert os.stat(path).st_ino == before  # written where it was, not copied
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no journal left
    warm = answers(cli), cli("validate").output
    monkeypatch.setenv("IPCITY_CACHE_DIR", str(tmp_path / "none"))
    assert (answers(cli), cli("validate").output) == warm


def test_no_commit_while_another_reads(cli: Cli) -> None:
    cli("validate")
    path = index_of(cli)
    reader = store.open_read(path)
    assert reader is not None
    (count,) = reader.execute("SELECT count(*) FROM records").fetchone()
    with (
        pytest.raises(sqlite3.OperationalError),
        store.in_place(path, lambda db: True) as db,
    ):
        assert db is not None
        db.execute("DELETE FROM records")
    assert reader.execute("SELECT count(*) FROM records").fetchone() == (count,)
    reader.close()
    again = store.open_read(path)
    assert again is not None
    assert again.execute("SELECT count(*) FROM records").fetchone() == (count,)  # rolled back


def test_not_written_into_an_index_that_is_not_the_one_read(cli: Cli) -> None:
    cli("validate")
    path = index_of(cli)
    with store.in_place(path, lambda db: False) as db:
        assert db is None


def test_a_journal_left_by_a_dead_writer_is_never_applied_to_a_new_index(cli: Cli) -> None:
    cli("validate")
    path = index_of(cli)
    journal = path.with_name(path.name + "-journal")
    journal.write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\0" * 4096)  # a hot journal
    truth = answers(cli)
    tasks = cli.data_dir / "tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # rebuilt
    assert answers(cli) == truth
    assert not journal.exists()


def test_record_reads_its_one_task_from_the_index(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from ipcity.index.source import IndexSource

    cli("validate")

    def whole(self: IndexSource) -> None:
        raise AssertionError("every task read back")

    with monkeypatch.context() as patched:
        patched.setattr(IndexSource, "plan", whole)
        result = cli("record", "６．３", "--status", "进行中", "--by", "市工商局", "--force")
        assert result.exit_code == 0, result.output
    unknown = cli("record", "99.9", "--status", "进行中")  # the whole plan, for its error
    assert unknown.exit_code == 2
    warm = answers(cli), unknown.output
    monkeypatch.setenv("IPCITY_CACHE_DIR", str(tmp_path / "none"))
    assert (answers(cli), cli("record", "99.9", "--status", "进行中").output) == warm
