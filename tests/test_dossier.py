"""`ipcity dossier --out DIR | --zip F`: the 验收 pack holds the index workbook, the
自评报告 and every attached file under its work item and task, with the SHA-256 its record
holds; it refuses missing or changed files and destinations among the data's own files,
and a pack that fails leaves nothing behind."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from conftest import Cli

from ipcity.pack import dossier as pack

NOTICE = "嘉政办发〔2009〕12号.pdf"
ITEM2 = "2 印发创建工作方案,建立国家知识产权试点城市…"
ITEM1 = "1 成立国家知识产权试点城市工作领导小组"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def recorded(cli: Cli, data_dir: Path, tmp_path: Path) -> dict[str, bytes]:
    """Task 2 done by 市政府办公室 with the notice attached; task 1 done with two files,
    one of them a Windows device name; task 2's other part done with a number only."""
    files = {
        NOTICE: b"%PDF-1.4 notice 12\n",
        "成立通知.pdf": b"%PDF-1.4 group\n",
        "con.txt": b"c\n",
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    for args in (
        ("record", "2", "--status", "done", "--by", "市政府办公室", "--date", "2009-03-20",
         "--attach", str(tmp_path / NOTICE)),
        ("record", "2", "--status", "done", "--by", "市科技局", "--date", "2009-03-25",
         "--evidence", "嘉科〔2009〕15号"),
        ("record", "1", "--status", "done", "--date", "2008-09-25",
         "--attach", str(tmp_path / "成立通知.pdf"), "--attach", str(tmp_path / "con.txt")),
    ):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 0, result.output
    return files


def zip_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as pack_file:
        return {info.filename: pack_file.read(info) for info in pack_file.infolist()}


def test_the_zip_holds_the_file_under_its_task_with_the_recorded_hash(
    cli: Cli, data_dir: Path, tmp_path: Path, recorded: dict[str, bytes]
) -> None:
    out = tmp_path / "out.zip"
    result = cli("dossier", "--zip", str(out), "--as-of", "2010-12-31")
    assert (result.exit_code, result.stdout) == (
        0,
        f"已生成验收材料（截至 2010-12-31）：{out}\n"
        "  验收材料索引.xlsx：任务 44 项，已完成 0 项\n"
        "  自评报告.docx：【请填写：…】处待办公室填写\n"
        "  佐证材料：3 个文件，共 1 KB\n",
    )
    entries = zip_entries(out)
    assert list(entries) == [
        f"佐证材料/{ITEM1}/1/_con.txt",
        f"佐证材料/{ITEM1}/1/成立通知.pdf",
        f"佐证材料/{ITEM2}/2/{NOTICE}",
        "自评报告.docx",
        "验收材料索引.xlsx",
    ]  # sorted
    notice = entries[f"佐证材料/{ITEM2}/2/{NOTICE}"]
    lines = (data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()
    [(number, line)] = [(n, ln) for n, ln in enumerate(lines, start=1) if NOTICE in ln]
    assert f"sha256: {sha(notice)}" in line and notice == recorded[NOTICE]
    with zipfile.ZipFile(out) as pack_file:
        for info in pack_file.infolist():
            assert info.date_time == (2010, 12, 31, 0, 0, 0)
            assert info.flag_bits & 0x800, info.filename  # UTF-8 names, for Windows readers
    (data_dir / "evidence" / "2" / NOTICE).unlink()
    validated = cli("validate")
    assert (validated.exit_code, validated.stdout.splitlines()[0]) == (
        1,
        f"{data_dir}/status.yaml:{number}:80: error: 附件 evidence/2/{NOTICE} 不存在",
    )


def test_a_folder_pack_holds_what_the_zip_holds(
    cli: Cli, tmp_path: Path, recorded: dict[str, bytes]
) -> None:
    folder, out = tmp_path / "验收材料", tmp_path / "验收材料.zip"
    result = cli("dossier", "--out", str(folder), "--zip", str(out), "--as-of", "2010-12-31")
    assert result.exit_code == 0, result.output
    inside = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert inside == list(zip_entries(out))
    assert (folder / "佐证材料" / ITEM1 / "1" / "成立通知.pdf").read_bytes() == recorded[
        "成立通知.pdf"
    ]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no leftovers


def test_missing_evidence_for_a_done_part_is_said_at_the_end(
    cli: Cli, data_dir: Path, tmp_path: Path, recorded: dict[str, bytes]
) -> None:
    assert (
        cli("verify", "2", "--unit", "市政府办公室", "--accept", "--date", "2009-04-01").exit_code
        == 0
    )
    assert (
        cli("verify", "2", "--unit", "市科技局", "--accept", "--date", "2009-04-01").exit_code == 0
    )
    result = cli("dossier", "--zip", str(tmp_path / "a.zip"), "--as-of", "2010-12-31")
    assert result.stdout.splitlines()[1:] == [
        "  验收材料索引.xlsx：任务 44 项，已完成 1 项",
        "  自评报告.docx：【请填写：…】处待办公室填写",
        "  佐证材料：3 个文件，共 1 KB",
        "缺少佐证文件的已完成任务 1 项，见验收材料索引.xlsx第一页“缺少佐证”",
    ]


def test_a_missing_or_changed_file_refuses_the_pack(
    cli: Cli, data_dir: Path, tmp_path: Path, recorded: dict[str, bytes]
) -> None:
    (data_dir / "evidence" / "2" / NOTICE).unlink()
    (data_dir / "evidence" / "1" / "成立通知.pdf").write_bytes(b"%PDF-1.4 other\n")
    out = tmp_path / "out.zip"
    result = cli("dossier", "--zip", str(out))
    assert result.exit_code == 1
    headlines = [ln for ln in result.stderr.splitlines() if ": error: " in ln]
    assert [h.split(": error: ")[1] for h in headlines] == [
        f"附件 evidence/2/{NOTICE} 不存在",
        "附件 evidence/1/成立通知.pdf 已被改动：内容与记录的 SHA-256 不符",
    ]
    assert result.stderr.endswith(
        "先改正这些附件问题（`ipcity validate` 可单独检查），验收材料未生成。\n"
    )
    assert list(tmp_path.glob("*.zip")) == [] and list(tmp_path.glob(".*")) == []


def test_a_file_changed_while_packed_leaves_nothing_behind(
    cli: Cli, data_dir: Path, tmp_path: Path, recorded: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    checked = pack.evidence_problems

    def check_then_change(*args: object) -> object:
        found = checked(*args)  # type: ignore[arg-type]
        (data_dir / "evidence" / "2" / NOTICE).write_bytes(b"%PDF-1.4 forged\n")
        return found

    monkeypatch.setattr(pack, "evidence_problems", check_then_change)
    folder, out = tmp_path / "pack", tmp_path / "pack.zip"
    result = cli("dossier", "--out", str(folder), "--zip", str(out))
    assert (result.exit_code, result.stderr) == (
        1,
        f"错误：附件 evidence/2/{NOTICE} 在打包时被改动了，内容与记录的 SHA-256 不符，"
        "验收材料未生成；运行 `ipcity validate` 查看\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*recorded, "data"]
    )  # no folder, no zip, no temporary


def test_a_zip_that_cannot_be_moved_into_place_leaves_no_temporary(
    cli: Cli, tmp_path: Path, recorded: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pack.os, "replace", refuse)
    out = tmp_path / "out.zip"
    result = cli("dossier", "--zip", str(out))
    assert (result.exit_code, result.stderr) == (1, f"错误：无法写入 {out}：Permission denied\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*recorded, "data"])


def test_the_pack_reads_nothing_through_a_symlink_out_of_evidence(
    cli: Cli, data_dir: Path, tmp_path: Path, recorded: dict[str, bytes]
) -> None:
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(recorded[NOTICE])  # the very bytes the record's hash names
    (data_dir / "evidence" / "2" / NOTICE).unlink()
    (data_dir / "evidence" / "2" / NOTICE).symlink_to(secret)
    out = tmp_path / "out.zip"
    result = cli("dossier", "--zip", str(out))
    assert result.exit_code == 1
    assert f"附件 evidence/2/{NOTICE} 指向 evidence 目录之外（{secret}），不读取" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("option", "where", "message"),
    [
        ("--out", ".", "--out {t} 就是数据目录 {d}；换一个位置，如 验收材料"),
        (
            "--out",
            "evidence",
            "--out {t} 就是数据目录的佐证文件目录 {d}/evidence，写入会毁掉它；换一个位置",
        ),
        (
            "--out",
            "evidence/新",
            "--out {t} 在数据目录的佐证文件目录 {d}/evidence 里，写入会弄乱数据；换一个位置",
        ),
        (
            "--zip",
            "status.yaml",
            "--zip {t} 就是数据目录的进度记录 {d}/status.yaml，写入会毁掉它；换一个位置",
        ),
        (
            "--zip",
            "evidence/2/a.zip",
            "--zip {t} 在数据目录的佐证文件目录 {d}/evidence 里，写入会弄乱数据；换一个位置",
        ),
        (
            "--zip",
            "hard.zip",
            "--zip {t} 就是数据目录的工作方案 {d}/tasks.yaml，写入会毁掉它；换一个位置",
        ),
    ],
)
def test_no_pack_is_written_into_the_datas_own_files(
    cli: Cli, data_dir: Path, recorded: dict[str, bytes], option: str, where: str, message: str
) -> None:
    (data_dir / "hard.zip").hardlink_to(data_dir / "tasks.yaml")
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    target = data_dir / where
    result = cli("dossier", option, str(target))
    assert (result.exit_code, result.stderr) == (
        2,
        "错误：" + message.format(t=target, d=data_dir) + "\n",
    )
    assert {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()} == before


def test_a_destination_is_needed_and_a_folder_must_be_new(cli: Cli, tmp_path: Path) -> None:
    result = cli("dossier")
    assert (result.exit_code, result.stderr) == (
        2,
        "错误：要用 --out 目录 或 --zip 文件 指明验收材料写到哪里，如 --zip 验收材料.zip\n",
    )
    full = tmp_path / "full"
    full.mkdir()
    (full / "别人的文件.txt").write_text("x", encoding="utf-8")
    result = cli("dossier", "--out", str(full))
    assert (result.exit_code, result.stderr) == (
        2,
        f"错误：--out {full} 已存在且不是空目录；换一个新目录名，或先清空它\n",
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("dossier", "--out", str(empty)).exit_code == 0
    assert sorted(p.name for p in empty.iterdir()) == ["自评报告.docx", "验收材料索引.xlsx"]


def test_a_file_gone_while_packed_is_named_in_words(
    cli: Cli, data_dir: Path, tmp_path: Path, recorded: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    checked = pack.evidence_problems

    def check_then_delete(*args: object) -> object:
        found = checked(*args)  # type: ignore[arg-type]
        (data_dir / "evidence" / "2" / NOTICE).unlink()
        return found

    monkeypatch.setattr(pack, "evidence_problems", check_then_delete)
    out = tmp_path / "pack.zip"
    result = cli("dossier", "--zip", str(out))
    assert (result.exit_code, result.stderr) == (
        1,
        f"错误：附件 evidence/2/{NOTICE} 在打包时无法读取（文件不见了），验收材料未生成；"
        "运行 `ipcity validate` 查看\n",
    )
    assert not out.exists()
