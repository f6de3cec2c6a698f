"""A record's attachments in the log: written as one line, read back the same, and a path
that could lead out of evidence/ refused wherever the record comes from."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import Cli

from ipcity.files.append import append_entry
from ipcity.files.yaml_write import flow_entry
from ipcity.plan.attachment_rules import path_problem

DIGEST = "0f2e1c5a9f0b3d7e4c6a8b1d2f3e5a7c9b0d1e3f5a7c9e1b3d5f7a9c1e3b5d7f"


def test_a_record_with_attachments_is_one_line_that_reads_back(data_dir: Path) -> None:
    fields = {
        "task": "2",
        "date": "2009-03-20",
        "status": "done",
        "by": "市政府办公室",
        "attachments": [
            {"path": "evidence/2/嘉政办发〔2009〕12号.pdf", "sha256": DIGEST},
            {"path": "evidence/2/会议纪要 (2).pdf", "sha256": "1" * 64},
        ],
    }
    line = flow_entry({**fields, "date": date(2009, 3, 20)}, quote=("task",))
    assert line == (
        "- {task: '2', date: 2009-03-20, status: done, by: 市政府办公室, attachments: ["
        f"{{path: evidence/2/嘉政办发〔2009〕12号.pdf, sha256: {DIGEST}}}, "
        f'{{path: evidence/2/会议纪要 (2).pdf, sha256: "{"1" * 64}"}}]}}'
    )
    append_entry(data_dir / "status.yaml", line, fields)
    read = yaml.safe_load((data_dir / "status.yaml").read_text(encoding="utf-8"))
    assert read == [{**fields, "date": date(2009, 3, 20)}]


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("evidence/2/通知.pdf", None),
        ("evidence/2/材料/通知.pdf", None),
        (
            "evidence/../tasks.yaml",
            "附件路径「evidence/../tasks.yaml」含有 ..，会指到 evidence/ 目录之外",
        ),
        ("/etc/passwd", "附件路径「/etc/passwd」是绝对路径，只能是 evidence/ 目录里的文件"),
        (
            "C:/Windows/win.ini",
            "附件路径「C:/Windows/win.ini」是绝对路径，只能是 evidence/ 目录里的文件",
        ),
        ("evidence\\2\\通知.pdf", "附件路径「evidence\\2\\通知.pdf」要用 / 分隔，不能用 \\"),
        ("evidence//通知.pdf", "附件路径「evidence//通知.pdf」含有“.”或空的一段（如 //）"),
        ("evidence/./通知.pdf", "附件路径「evidence/./通知.pdf」含有“.”或空的一段（如 //）"),
        ("tasks.yaml", "附件路径「tasks.yaml」不在 evidence/ 目录下"),
        ("evidence", "附件路径「evidence」不在 evidence/ 目录下"),
        ("evidence/2/a\x1b[2J.pdf", "附件路径含有控制字符 U+001B"),
        ("evidence/2/\u202efdp.exe", "附件路径含有控制字符 U+202E"),
    ],
)
def test_a_path_names_a_file_in_evidence_or_says_why_not(path: str, problem: str | None) -> None:
    assert path_problem(path) == problem


def test_a_path_listed_twice_in_one_record_is_named(cli: Cli, data_dir: Path) -> None:
    twice = f"{{path: evidence/2/通知.pdf, sha256: {DIGEST}}}"
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write(
            "- {task: '2', date: 2009-03-20, status: done, by: 市政府办公室, "
            f"attachments: [{twice}, {twice}]}}\n"
        )
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].endswith(
        "error: 附件 evidence/2/通知.pdf 在这条记录中列了两次"
    )


def test_every_command_refuses_a_log_pointing_out_of_evidence(cli: Cli, data_dir: Path) -> None:
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write(
            "- {task: '2', date: 2009-03-20, status: done, by: 市政府办公室, "
            f"attachments: [{{path: ../../etc/passwd, sha256: {DIGEST}}}]}}\n"
        )
    result = cli("list")
    assert result.exit_code == 1
    assert "附件路径「../../etc/passwd」含有 ..，会指到 evidence/ 目录之外" in result.stderr
