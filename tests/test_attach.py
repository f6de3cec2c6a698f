"""`record/verify/extend --attach FILE`: the file copied into evidence/<task>/ under a safe
name, stored once, named in the record with its SHA-256; the record and its files stand
or fall together."""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

import pytest
from conftest import Cli

from ipcity.files import append
from ipcity.plan.file_names import numbered, safe_folder, safe_name, unique_name

NOTICE = "嘉政办发〔2009〕12号.pdf"
RECORD = ("record", "2", "--status", "done", "--by", "市政府办公室", "--date", "2009-03-20")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    path = tmp_path / "收文" / NOTICE
    path.parent.mkdir()
    path.write_bytes(b"%PDF-1.4 \xe5\x98\x89\xe6\x94\xbf\xe5\x8a\x9e\xe5\x8f\x91 12\n")
    return path


def last_line(data_dir: Path) -> str:
    return (data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()[-1]


def stored(data_dir: Path) -> dict[str, bytes]:
    folder = data_dir / "evidence"
    return {
        p.relative_to(data_dir).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_file_is_copied_under_its_task_and_named_in_the_record(
    cli: Cli, data_dir: Path, notice: Path
) -> None:
    result = cli(*RECORD, "--note", "已印发", "--attach", str(notice))
    assert (result.exit_code, result.stdout) == (
        0,
        "已记录：任务 2 市政府办公室 已完成（2009-03-20，市政府办公室）；"
        "待办公室核查（ipcity verify）后计为完成\n"
        f"附件已存入 evidence/2/{NOTICE}\n",
    )
    digest = sha(notice.read_bytes())
    assert last_line(data_dir) == (
        "- {task: '2', date: 2009-03-20, status: done, by: 市政府办公室, note: 已印发, "
        f"attachments: [{{path: evidence/2/{NOTICE}, sha256: {digest}}}]}}"
    )
    assert stored(data_dir) == {f"evidence/2/{NOTICE}": notice.read_bytes()}
    [entry] = cli.json("log")
    assert entry["attachments"] == [{"path": f"evidence/2/{NOTICE}", "sha256": digest}]
    assert cli("validate").exit_code == 0


def test_the_same_content_is_stored_once_and_a_taken_name_gets_a_number(
    cli: Cli, data_dir: Path, notice: Path, tmp_path: Path
) -> None:
    assert cli(*RECORD, "--attach", str(notice)).exit_code == 0
    other = tmp_path / "另一份" / NOTICE
    other.parent.mkdir()
    other.write_bytes(b"another document with the same name")
    copy = tmp_path / "副本.pdf"
    copy.write_bytes(notice.read_bytes())
    result = cli(
        "verify", "2", "--unit", "市政府办公室", "--accept", "--date", "2009-03-25",
        "--attach", str(copy), "--attach", str(other), "--attach", str(other),
    )  # fmt: skip
    assert (result.exit_code, result.stdout) == (
        0,
        "已核查：任务 2 市政府办公室 报完成，核查通过（2009-03-25），计为完成\n"
        f"附件 副本.pdf 与已存的 evidence/2/{NOTICE} 内容相同，不再另存\n"
        f"附件已存入 evidence/2/嘉政办发〔2009〕12号 (2).pdf（原名 {NOTICE}）\n"
        f"附件 {NOTICE} 与 evidence/2/嘉政办发〔2009〕12号 (2).pdf 内容相同，只存一份\n",
    )
    assert last_line(data_dir) == (
        "- {task: '2', date: 2009-03-25, unit: 市政府办公室, verify: accepted, attachments: ["
        f"{{path: evidence/2/{NOTICE}, sha256: {sha(notice.read_bytes())}}}, "
        f"{{path: evidence/2/嘉政办发〔2009〕12号 (2).pdf, sha256: {sha(other.read_bytes())}}}]}}"
    )
    assert set(stored(data_dir)) == {
        f"evidence/2/{NOTICE}",
        "evidence/2/嘉政办发〔2009〕12号 (2).pdf",
    }


def test_an_extension_may_carry_its_approval(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    approval = tmp_path / "延期批复.pdf"
    approval.write_bytes(b"approved")
    result = cli(
        "extend", "6.1", "--to", "2010年6月", "--reason", "统计口径调整", "--date", "2009-12-20",
        "--approved-by", "市政府办公室", "--attach", str(approval),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("附件已存入 evidence/6.1/延期批复.pdf\n")
    assert stored(data_dir) == {"evidence/6.1/延期批复.pdf": b"approved"}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: None, "{p}：文件不存在"),
        (
            lambda p: p.mkdir(),
            "{p} 是目录，不是普通文件；附件只能是单个文件（一个目录的材料请先压缩成一个 zip）",
        ),
        (
            lambda p: os.mkfifo(p),
            "{p} 是命名管道（FIFO），不是普通文件；附件只能是单个文件（一个目录的材料请先压缩成一个 zip）",
        ),
        (lambda p: p.write_bytes(b""), "{p} 是空文件（0 字节），不能作为佐证"),
    ],
    ids=["missing", "directory", "fifo", "empty"],
)
def test_what_is_not_a_file_to_attach_is_refused_and_nothing_written(
    cli: Cli, data_dir: Path, tmp_path: Path, make: object, message: str
) -> None:
    path = tmp_path / "材料"
    make(path)  # type: ignore[operator]
    before = (data_dir / "status.yaml").read_bytes()
    result = cli(*RECORD, "--attach", str(path))
    assert (result.exit_code, result.stderr) == (2, f"错误：--attach {message.format(p=path)}\n")
    assert (data_dir / "status.yaml").read_bytes() == before
    assert not (data_dir / "evidence").exists()


def test_a_file_over_the_cap_is_refused(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    big = tmp_path / "录像.mp4"
    with big.open("wb") as f:
        f.truncate(200 * 1024 * 1024 + 1)  # sparse: nothing is written to disk
    result = cli(*RECORD, "--attach", str(big))
    assert (result.exit_code, result.stderr) == (
        2,
        f"错误：--attach {big} 有 200 MB，超过附件上限 200 MB；"
        "请压缩或拆分后再附（视频等大文件可在 --evidence 中写明存放位置）\n",
    )
    assert not (data_dir / "evidence").exists()


def test_a_record_that_cannot_be_appended_leaves_no_file_behind(
    cli: Cli, data_dir: Path, notice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(append, "_write", full_disk)
    before = (data_dir / "status.yaml").read_bytes()
    result = cli(*RECORD, "--attach", str(notice))
    assert (result.exit_code, result.stderr) == (
        1,
        f"错误：{data_dir / 'status.yaml'}：写入失败（No space left on device），文件未改动\n",
    )
    assert (data_dir / "status.yaml").read_bytes() == before
    assert not (data_dir / "evidence").exists()  # the file, and the folders made for it


def test_a_failed_record_keeps_the_files_that_were_there(
    cli: Cli, data_dir: Path, notice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli(*RECORD, "--attach", str(notice)).exit_code == 0
    before = stored(data_dir)
    monkeypatch.setattr(append, "_write", lambda fd, data: 0)  # a write that gets nothing in
    extra = tmp_path / "会议纪要.pdf"
    extra.write_bytes(b"minutes")
    result = cli(
        "record", "2", "--status", "done", "--by", "市科技局", "--date", "2009-03-21",
        "--attach", str(notice), "--attach", str(extra),
    )  # fmt: skip
    assert result.exit_code == 1
    assert stored(data_dir) == before  # the new file gone, the one already stored kept


def test_a_refused_record_copies_nothing(cli: Cli, data_dir: Path, notice: Path) -> None:
    result = cli("record", "2", "--status", "done", "--date", "2009-03-20", "--attach", str(notice))
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：任务 2 有 2 个责任单位")
    assert not (data_dir / "evidence").exists()


def test_an_evidence_folder_leading_out_of_the_data_is_refused(
    cli: Cli, data_dir: Path, notice: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data_dir / "evidence").symlink_to(elsewhere)
    result = cli(*RECORD, "--attach", str(notice))
    assert (result.exit_code, result.stderr) == (
        1,
        f"错误：{data_dir / 'evidence'} 是指向数据目录之外的符号链接（{elsewhere}）；"
        "附件只放在数据目录自己的 evidence 目录里：删去这个链接，把文件移进来\n",
    )
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        (NOTICE, NOTICE),
        ("关于印发《工作方案》的通知.docx", "关于印发《工作方案》的通知.docx"),
        ('a/b\\c:d*e?f"g<h>i|j.pdf', "a_b_c_d_e_f_g_h_i_j.pdf"),
        ("报告\u202efdp.exe", "报告_fdp.exe"),
        ("纪要\x1b[2J.pdf", "纪要_[2J.pdf"),
        ("con.pdf", "_con.pdf"),
        ("NUL", "_NUL"),
        ("com1.tar.gz", "_com1.tar.gz"),
        ("lpt¹ .txt", "_lpt¹.txt"),
        ("console.pdf", "console.pdf"),
        ("..", "附件"),
        (".bashrc", "bashrc"),
        ("通知. . .", "通知"),
        ("  .pdf", "pdf"),
        ("通" * 100 + ".pdf", "通" * 65 + ".pdf"),  # 200 bytes of UTF-8
        ("a" * 100 + ".pdf", "a" * 76 + ".pdf"),  # 80 characters
        ("e\u0301.pdf", "\u00e9.pdf"),  # one name however the system spells é
    ],
)
def test_a_stored_file_keeps_its_name_where_that_is_safe(given: str, safe: str) -> None:
    assert safe_name(given) == safe


def test_names_that_differ_only_in_case_or_form_are_one_name() -> None:
    taken: set[str] = set()
    assert [unique_name(n, taken) for n in ["A.pdf", "a.pdf", "a.PDF", "b"]] == [
        "A.pdf", "a (2).pdf", "a (3).PDF", "b",
    ]  # fmt: skip
    assert numbered("通" * 65 + ".pdf", 12) == "通" * 63 + " (12).pdf"


def test_a_folder_name_is_cut_where_it_is_long() -> None:
    assert safe_folder("1 成立国家知识产权试点城市工作领导小组", limit=24) == (
        "1 成立国家知识产权试点城市工作领导小组"
    )
    assert safe_folder(
        "4 出台《贯彻实施〈国家知识产权战略纲要〉 大力推进知识产权保护工作的若干意见》", limit=24
    ) == ("4 出台《贯彻实施〈国家知识产权战略纲要〉 大…")
    assert safe_folder("6.3") == "6.3"
    assert safe_folder("../..") == "_"
    assert safe_folder("..") == "附件"
