"""The log writer: one record a line, appended whole or not at all, under a lock."""

from __future__ import annotations

import errno
import os
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from ipcity.files import append, yaml_read, yaml_write

RECORD = {"task": "6.3", "date": "2009-05-01", "status": "in_progress", "by": "市工商局"}
LINE = "- {task: '6.3', date: 2009-05-01, status: in_progress, by: 市工商局}"


def entry(**fields: Any) -> tuple[str, dict[str, Any]]:
    """The line for RECORD plus fields, and the data it must read back as."""
    data = {**RECORD, **fields}
    line = yaml_write.flow_entry({**data, "date": date(2009, 5, 1)}, quote=("task",))
    return line, data


def read_back(text: str) -> Any:
    doc = yaml_read.load_text(text, "status.yaml")
    assert doc.problems == []
    return doc.data


@pytest.mark.parametrize(
    ("note", "written"),
    [
        ("已启动商标培育工作", "已启动商标培育工作"),
        ("《嘉兴市专利资助办法》已印发", "《嘉兴市专利资助办法》已印发"),
        ("完成 80%", '"完成 80%"'),
        ("🎉 完成", "🎉 完成"),
        ("进度: 一半", '"进度: 一半"'),
        ("见 #12", '"见 #12"'),
        ("- 开头是短横", '"- 开头是短横"'),
        ("他说'好'", "\"他说'好'\""),
        ('引号"', '"引号\\""'),
        ("第一行\n第二行", '"第一行\\n第二行"'),
        ("行尾有空格 ", '"行尾有空格 "'),
        (" 行首有空格", '" 行首有空格"'),
        ("no", '"no"'),
        ("012", '"012"'),
        ("2009-05-01", '"2009-05-01"'),
        ("1e-07", '"1e-07"'),
        ("~", '"~"'),
        ("", '""'),
        ("a\x85b", '"a\\Nb"'),
        ("a\u2028b\u2029c", '"a\\Lb\\Pc"'),
        ("\ufeff零宽\u200b", '"\\uFEFF零宽\\u200B"'),
        ("制表\t符\r\n", '"制表\\t符\\r\\n"'),
        ("\x00\x7f\x9f", '"\\0\\x7F\\x9F"'),
        ("全角　空格", '"全角　空格"'),
        ("标签\U000e0001", '"标签\\U000E0001"'),  # above U+FFFF: \U and eight digits
        ("\U0010ffff", '"\\U0010FFFF"'),
        ("a\\b", '"a\\\\b"'),
    ],
)
def test_a_note_is_written_plain_when_safe_quoted_otherwise_and_reads_back(
    note: str, written: str
) -> None:
    line, data = entry(note=note)
    assert line == LINE[:-1] + f", note: {written}}}"
    assert read_back(line + "\n") == [data]
    # Any YAML 1.1 reader agrees (PyYAML's own, with its date resolver), not only ipcity's.
    assert yaml.safe_load(line)[0]["note"] == note


def test_values_are_a_nested_flow_mapping_with_numbers_yaml_reads_as_numbers() -> None:
    line, data = entry(values={"年注册商标数": 1320, "实施率": 0.705, "小": 1e-07})
    assert line == LINE[:-1] + ", values: {年注册商标数: 1320, 实施率: 0.705, 小: 1.0e-07}}"
    assert read_back(line) == [data]


def test_an_id_is_always_quoted_and_a_lone_surrogate_is_refused() -> None:
    assert yaml_write.flow_entry({"task": "14"}, quote=("task",)) == "- {task: '14'}"
    assert yaml_write.flow_entry({"task": "it's"}, quote=("task",)) == '- {task: "it\'s"}'
    with pytest.raises(yaml_write.EntryError, match="U\\+DCFF"):
        yaml_write.flow_entry({"note": "\udcff"})


HEADER = "# 进度记录\n# - task: '6.3'\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("", LINE + "\n"),
        (HEADER, HEADER + LINE + "\n"),
        (HEADER + LINE, HEADER + LINE + "\n" + LINE + "\n"),  # no newline at the end
        (HEADER + LINE + "  # 注释", HEADER + LINE + "  # 注释\n" + LINE + "\n"),
        ("# Windows\r\n" + LINE + "\r\n", "# Windows\r\n" + LINE + "\r\n" + LINE + "\r\n"),
        (
            "- task: '1'\n  date: 2008-09-30\n  status: done\n",
            "- task: '1'\n  date: 2008-09-30\n  status: done\n" + LINE + "\n",
        ),
        ("\ufeff" + HEADER, "\ufeff" + HEADER + LINE + "\n"),
        (  # a block scalar that keeps its blank lines ends exactly where the new line starts
            "- task: '1'\n  note: |+\n    甲\n\n",
            "- task: '1'\n  note: |+\n    甲\n\n" + LINE + "\n",
        ),
    ],
)
def test_append_adds_the_line_at_the_end_and_nothing_else(
    tmp_path: Path, before: str, after: str
) -> None:
    path = tmp_path / "status.yaml"
    path.write_bytes(before.encode())
    append.append_entry(path, LINE, RECORD)
    assert path.read_bytes() == after.encode()
    assert read_back(after) == [*(read_back(before) or []), RECORD]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "  - {task: '1', date: 2008-09-30, status: done}\n",
            "文件末尾的写法使新记录无法原样追加",
        ),
        ("- task: '1'\n  note: \"未闭合\n", "YAML 语法错误"),
        ("task: '1'\n", "最外层不是列表，无法追加记录"),
        ("- {task: '1', note: a}\n- {task: '1', task: '2'}\n", "键「task」重复"),
    ],
)
def test_an_end_that_cannot_take_the_line_is_refused_and_left_alone(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "status.yaml"
    path.write_bytes(text.encode())
    with pytest.raises(append.AppendError, match=message):
        append.append_entry(path, LINE, RECORD)
    assert path.read_bytes() == text.encode()


def test_a_line_that_would_not_read_back_as_the_record_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "status.yaml"
    path.write_bytes(HEADER.encode())
    with pytest.raises(append.AppendError):
        append.append_entry(path, LINE, {**RECORD, "by": "市科技局"})
    assert path.read_bytes() == HEADER.encode()


def half_then(exc: BaseException) -> Any:
    def write(fd: int, data: bytes) -> int:
        os.write(fd, data[: len(data) // 2])
        raise exc

    return write


@pytest.mark.parametrize(
    "exc", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()]
)
def test_a_write_that_fails_half_way_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException
) -> None:
    path = tmp_path / "status.yaml"
    before = (HEADER + LINE + "\n").encode()
    path.write_bytes(before)
    monkeypatch.setattr(append, "_write", half_then(exc))
    note = "一条很长的说明，" * 20
    line, data = entry(note=note)
    with pytest.raises((append.AppendError, KeyboardInterrupt)) as raised:
        append.append_entry(path, line, data)
    if isinstance(exc, OSError):
        assert str(raised.value).endswith("写入失败（No space left on device），文件未改动")
    assert path.read_bytes() == before
    assert read_back(path.read_text()) == [RECORD]

    monkeypatch.undo()  # the next record goes in whole
    append.append_entry(path, line, data)
    assert read_back(path.read_text()) == [RECORD, data]


def test_a_short_write_is_taken_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "status.yaml"
    path.write_bytes(HEADER.encode())
    monkeypatch.setattr(append, "_write", lambda fd, data: os.write(fd, data[:10]))
    with pytest.raises(append.AppendError, match=r"只写入了 10/\d+ 字节"):
        append.append_entry(path, LINE, RECORD)
    assert path.read_bytes() == HEADER.encode()


def test_a_failed_fsync_after_a_whole_write_takes_the_line_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "status.yaml"
    path.write_bytes(HEADER.encode())
    calls: list[int] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 1:
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(append.AppendError, match="Input/output error"):
        append.append_entry(path, LINE, RECORD)
    assert path.read_bytes() == HEADER.encode()


def test_a_second_writer_waits_for_the_lock_and_both_records_land(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first writer holds the lock inside its write; the second must wait, then see
    the first line. Without the lock both would write at the same offset and one be lost."""
    path = tmp_path / "status.yaml"
    path.write_bytes(HEADER.encode())
    inside, release = threading.Event(), threading.Event()
    real_write = append._write

    def slow_write(fd: int, data: bytes) -> int:
        if b"'6.3'" in data:
            inside.set()
            release.wait(10)
        return real_write(fd, data)

    monkeypatch.setattr(append, "_write", slow_write)
    other, other_data = entry(task="7.1")
    other = other.replace("'6.3'", "'7.1'")
    first = threading.Thread(target=append.append_entry, args=(path, LINE, RECORD))
    second = threading.Thread(target=append.append_entry, args=(path, other, other_data))
    first.start()
    assert inside.wait(10)
    second.start()
    time.sleep(0.2)  # give the second writer the chance to run ahead if nothing stops it
    release.set()
    first.join(10)
    second.join(10)
    assert path.read_text() == HEADER + LINE + "\n" + other + "\n"


def test_a_write_that_cannot_be_taken_back_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "status.yaml"
    path.write_bytes(HEADER.encode())
    monkeypatch.setattr(append, "_write", half_then(OSError(errno.EIO, "Input/output error")))

    def ftruncate(fd: int, size: int) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "ftruncate", ftruncate)
    with pytest.raises(append.AppendError) as raised:
        append.append_entry(path, LINE, RECORD)
    assert str(raised.value) == (
        f"{path}：写入失败，已写入的部分也未能撤回（Read-only file system）；"
        "请运行 `ipcity validate` 检查文件末尾"
    )


def test_a_lock_that_cannot_be_had_is_an_append_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    path = tmp_path / "status.yaml"
    path.write_bytes(HEADER.encode())

    def flock(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", flock)
    with pytest.raises(append.AppendError) as raised:
        append.append_entry(path, LINE, RECORD)
    assert str(raised.value) == f"{path}：无法追加（No locks available），文件未改动"
    assert path.read_bytes() == HEADER.encode()


def batch(*tasks: str) -> list[tuple[str, dict[str, Any]]]:
    """One entry per task: the line for RECORD on that task, and its data."""
    found = []
    for task in tasks:
        line, data = entry(task=task)
        found.append((line, data))
    return found


def test_a_batch_goes_in_whole_in_its_order_under_one_check(tmp_path: Path) -> None:
    path = tmp_path / "status.yaml"
    path.write_bytes((HEADER + LINE).encode())  # no line end after the last entry
    entries = batch("7.1", "8.2", "14")
    append.append_entries(path, entries)
    assert path.read_text() == HEADER + LINE + "\n" + "".join(f"{line}\n" for line, _ in entries)
    assert read_back(path.read_text()) == [RECORD, *(data for _, data in entries)]


def test_a_batch_with_one_line_that_does_not_read_back_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "status.yaml"
    path.write_bytes(HEADER.encode())
    entries = batch("7.1", "8.2")
    entries[1] = (entries[1][0], {**entries[1][1], "by": "市科技局"})
    with pytest.raises(append.AppendError, match="文件末尾的写法使新记录无法原样追加"):
        append.append_entries(path, entries)
    assert path.read_bytes() == HEADER.encode()


def test_a_batch_whose_line_holds_two_entries_is_refused(tmp_path: Path) -> None:
    """A line that is not one entry would shift every entry after it."""
    path = tmp_path / "status.yaml"
    path.write_bytes(HEADER.encode())
    (first, data), (second, _), (third, other) = batch("7.1", "8.2", "14")
    with pytest.raises(append.AppendError):
        append.append_entries(path, [(first + "\n" + second, data), (third, other)])
    assert path.read_bytes() == HEADER.encode()


def test_the_guard_sees_the_file_under_the_lock_and_may_refuse_the_batch(tmp_path: Path) -> None:
    path = tmp_path / "status.yaml"
    path.write_bytes((HEADER + LINE + "\n").encode())
    seen: list[str] = []

    def guard(text: str) -> str | None:
        seen.append(text)
        return "已经收集过" if "'6.3'" in text else None

    with pytest.raises(append.AppendError, match=r"^已经收集过$"):
        append.append_entries(path, batch("7.1"), guard=guard)
    assert seen == [HEADER + LINE + "\n"]
    assert path.read_bytes() == (HEADER + LINE + "\n").encode()


def test_a_batch_that_fails_half_way_is_taken_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "status.yaml"
    path.write_bytes(HEADER.encode())
    monkeypatch.setattr(append, "_write", half_then(OSError(errno.ENOSPC, "No space left")))
    with pytest.raises(append.AppendError, match="文件未改动"):
        append.append_entries(path, batch("7.1", "8.2", "14"))
    assert path.read_bytes() == HEADER.encode()


def test_an_empty_batch_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "status.yaml"
    path.write_bytes(HEADER.encode())
    append.append_entries(path, [])
    assert path.read_bytes() == HEADER.encode()
