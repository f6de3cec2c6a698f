"""`validate` checks the attached files: missing, changed or unsafe ones are errors at the
record's line with the fix; files no record attaches are warnings. Hashes are remembered
only where a changed file cannot pass."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli

from ipcity.files import evidence_check, evidence_memo
from ipcity.files.evidence_memo import HashMemo
from ipcity.index.open import load

NOTICE = "嘉政办发〔2009〕12号.pdf"
CONTENT = b"%PDF-1.4 notice 12\n"


@pytest.fixture
def attached(cli: Cli, data_dir: Path, tmp_path: Path) -> Path:
    """Task 2 recorded done with the notice attached: the stored file."""
    source = tmp_path / NOTICE
    source.write_bytes(CONTENT)
    result = cli(
        "record", "2", "--status", "done", "--by", "市政府办公室", "--date", "2009-03-20",
        "--attach", str(source),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return data_dir / "evidence" / "2" / NOTICE


def line_of_record(data_dir: Path) -> tuple[int, str]:
    lines = (data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()
    return len(lines), lines[-1]


def test_a_clean_plan_with_attachments_validates_silently(cli: Cli, attached: Path) -> None:
    result = cli("validate")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_a_deleted_attachment_is_named_at_its_record(
    cli: Cli, data_dir: Path, attached: Path
) -> None:
    attached.unlink()
    result = cli("validate")
    number, _ = line_of_record(data_dir)
    gutter = " " * len(str(number))
    assert (result.exit_code, result.stdout) == (
        1,
        f"{data_dir}/status.yaml:{number}:80: error: 附件 evidence/2/{NOTICE} 不存在\n"
        f"  {number} | … 2009-03-20, status: done, by: 市政府办公室, attachments: "
        f"[{{path: evidence/2/{NOTICE}, sha256: {sha(CONTENT)[:22]}…\n"
        f"  {gutter} | {' ' * 67}^\n"
        f"  提示：把文件放回 {attached}（已提交到 git 的，可用 git restore 找回）；"
        "确已作废的，从这条记录的 attachments 中删去这一项\n"
        "共 1 个错误，在 1 个文件中\n",
    )


def test_validate_names_each_fault_with_its_exact_message(
    cli: Cli, data_dir: Path, attached: Path, tmp_path: Path
) -> None:
    attached.write_bytes(CONTENT.replace(b"12", b"13"))  # same size, other content
    (data_dir / "evidence" / "2" / "会议签到表.pdf").write_bytes(b"sign-in sheet")
    (data_dir / "evidence" / "2" / ".gitkeep").write_bytes(b"")
    result = cli("validate", "--format", "json")
    number, _ = line_of_record(data_dir)
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "file": f"{data_dir}/status.yaml",
            "line": number,
            "col": 80,
            "severity": "error",
            "message": f"附件 evidence/2/{NOTICE} 已被改动：内容与记录的 SHA-256 不符",
            "hint": "附上后的文件不应再改：找回原来的文件（已提交到 git 的，可用 git restore）；"
            "确要换成新文件，从这条记录中删去这一项，再用 `ipcity record … --attach` 附上新文件",
        },
        {
            "file": f"{data_dir}/evidence/2/会议签到表.pdf",
            "line": 1,
            "col": 1,
            "severity": "warning",
            "message": "没有记录附上这个文件",
            "hint": f"用 `ipcity record 2 … --attach {data_dir}/evidence/2/会议签到表.pdf` "
            "把它附到记录上（内容相同的不会另存一份）；用不着的，删去",
        },
    ]


def test_a_symlink_out_of_evidence_is_never_read(
    cli: Cli, data_dir: Path, attached: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "id_rsa"
    secret.write_bytes(CONTENT)  # even with the very content the record holds
    attached.unlink()
    attached.symlink_to(secret)
    (data_dir / "evidence" / "2" / "passwd").symlink_to("/etc/passwd")
    result = cli("validate", "--format", "json")
    found = [(p["severity"], p["message"], p["hint"]) for p in json.loads(result.stdout)]
    assert found == [
        (
            "error",
            f"附件 evidence/2/{NOTICE} 指向 evidence 目录之外（{secret}），不读取",
            "附件只能是 evidence 目录里的普通文件：删去这个符号链接，把文件本身放进来",
        ),
        ("warning", "这是一个符号链接，没有记录附上它", "附件要以文件本身附上：删去这个链接"),
    ]


def test_an_attachment_that_is_a_folder_is_named(cli: Cli, data_dir: Path, attached: Path) -> None:
    attached.unlink()
    attached.mkdir()
    result = cli("validate", "--format", "json")
    [problem] = json.loads(result.stdout)
    assert problem["message"] == f"附件 evidence/2/{NOTICE} 不是普通文件，而是目录"


def test_an_evidence_folder_leading_out_of_the_data_is_an_error(
    cli: Cli, data_dir: Path, attached: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    (data_dir / "evidence").rename(outside)
    (data_dir / "evidence").symlink_to(outside)
    result = cli("validate")
    assert (result.exit_code, result.stdout) == (
        1,
        f"{data_dir}/evidence:1:1: error: {data_dir}/evidence 是指向数据目录之外的符号链接"
        f"（{outside}）；附件只放在数据目录自己的 evidence 目录里：删去这个链接，把文件移进来\n"
        "共 1 个错误，在 1 个文件中\n",
    )


def later(monkeypatch: pytest.MonkeyPatch, seconds: int) -> None:
    """Make validate believe it runs `seconds` from now (the files look that old)."""
    now = evidence_memo.now_ns()
    monkeypatch.setattr(evidence_check, "now_ns", lambda: now + seconds * 1_000_000_000)


def test_a_file_changed_with_its_size_and_time_kept_never_passes(
    cli: Cli, data_dir: Path, attached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    later(monkeypatch, 60)
    assert cli("validate").exit_code == 0  # hashed and remembered
    [memo] = [p for p in Path(os.environ["IPCITY_CACHE_DIR"]).iterdir() if "evidence" in p.name]
    assert list(json.loads(memo.read_text(encoding="utf-8"))) == [f"evidence/2/{NOTICE}"]
    before = attached.stat()
    attached.write_bytes(CONTENT.replace(b"12", b"13"))
    os.utime(attached, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (attached.stat().st_size, attached.stat().st_mtime_ns) == (
        before.st_size,
        before.st_mtime_ns,
    )
    result = cli("validate")
    assert result.exit_code == 1
    assert f"error: 附件 evidence/2/{NOTICE} 已被改动" in result.stdout


def test_the_memo_is_believed_only_for_the_exact_stat(data_dir: Path, attached: Path) -> None:
    plan, _ = load(data_dir, date.today())
    assert plan is not None
    memo = HashMemo(None)
    # A memo that holds another hash for the file as it stands is believed: the file is
    # not read (so the stamp must be exact for it to be trusted at all).
    memo.entries[f"evidence/2/{NOTICE}"] = (evidence_memo.stamp(attached.stat()), "0" * 64)
    [problem] = evidence_check.evidence_problems(data_dir, plan, memo)
    assert problem.message.endswith("已被改动：内容与记录的 SHA-256 不符")
    memo.entries[f"evidence/2/{NOTICE}"] = (evidence_memo.stamp(attached.stat()), sha(CONTENT))
    attached.write_bytes(CONTENT + b"x")  # the stamp no longer matches: read again
    [problem] = evidence_check.evidence_problems(data_dir, plan, memo)
    assert problem.message.endswith("已被改动：内容与记录的 SHA-256 不符")


def test_a_file_too_young_to_trust_is_not_remembered(tmp_path: Path, attached: Path) -> None:
    memo = HashMemo(tmp_path / "memo.json")
    st = attached.stat()
    memo.remember("a", st, "f" * 64, began_ns=max(st.st_mtime_ns, st.st_ctime_ns) + 1)
    assert memo.entries == {}
    memo.remember("a", st, "f" * 64, began_ns=max(st.st_mtime_ns, st.st_ctime_ns) + 3 * 10**9)
    assert memo.known("a", st) == "f" * 64


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
