"""Files that are not what they claim: a FIFO, a device, a socket or a directory where a
data file should be (a data repository can commit a symlink, so CI meets them); files
past the size cap; a file of far more values than its size can mean; workbooks that
declare a huge sheet, define entities or unpack to gigabytes; CSV fields past the csv
module's limit. Each is refused at once with a message, or read, in bounded memory.

What could hang runs in a subprocess with a timeout, so that a regression fails the test
instead of stopping the suite; memory is the peak RSS of a subprocess."""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from corpus import BASE
from openpyxl import Workbook

from ipcity.files import safe_read
from ipcity.files.yaml_loader import NODES_FREE

pytestmark = pytest.mark.slow  # subprocesses with timeouts, memory measured by peak RSS

HINT = "  提示：数据文件要是普通文件：换成真正的文件，或改正符号链接\n"
ENV = {**os.environ, "IPCITY_CACHE": "off", "COLUMNS": "200"}


def ipcity(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ipcity", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=ENV,
    )


def peak_mb(*args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    """`ipcity args` run by a fresh Python whose only child it is: its peak RSS in MB."""
    probe = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stdout.write(r.stderr + r.stdout)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(r.returncode)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, sys.executable, "-m", "ipcity", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=ENV,
    )
    *output, peak = result.stdout.splitlines()
    result.stdout = "\n".join(output) + "\n"
    return int(peak) / 1024, result  # ru_maxrss is in KB on Linux


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(BASE, target)
    return target


def test_a_fifo_is_refused_at_once_not_read(data_dir: Path) -> None:
    (data_dir / "units.yaml").unlink()
    os.mkfifo(data_dir / "units.yaml")
    for command in (["validate"], ["list"], ["record", "6.3", "--status", "done"]):
        result = ipcity(*command, "--data-dir", str(data_dir), timeout=60)
        assert result.returncode == 1, command
        output = result.stdout + result.stderr
        assert output.startswith(
            f"{data_dir}/units.yaml:1:1: error: 不是普通文件，而是命名管道（FIFO），已拒绝读取\n"
            + HINT
            + "共 1 个错误，在 1 个文件中\n"
        ), command


def test_a_symlink_to_a_device_is_refused_not_read_to_the_cap(data_dir: Path) -> None:
    (data_dir / "status.yaml").unlink()
    (data_dir / "status.yaml").symlink_to("/dev/zero")
    peak, result = peak_mb("validate", "--data-dir", str(data_dir))
    assert (result.returncode, result.stdout) == (
        1,
        f"{data_dir}/status.yaml:1:1: error: 不是普通文件，而是字符设备"
        "（符号链接，指向 /dev/zero），已拒绝读取\n" + HINT + "共 1 个错误，在 1 个文件中\n",
    )
    assert peak < 200  # it read 1.3 GB of zeros before


def test_a_socket_and_a_directory_are_refused(data_dir: Path) -> None:
    (data_dir / "tasks.yaml").unlink()
    (data_dir / "tasks.yaml").mkdir()
    (data_dir / "status.yaml").unlink()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(data_dir / "status.yaml"))
        result = ipcity("validate", "--data-dir", str(data_dir), timeout=60)
    finally:
        server.close()
    assert (result.returncode, result.stdout) == (
        1,
        f"{data_dir}/tasks.yaml:1:1: error: 不是普通文件，而是目录，已拒绝读取\n"
        + HINT
        + f"{data_dir}/status.yaml:1:1: error: 不是普通文件，而是套接字，已拒绝读取\n"
        + HINT
        + "共 2 个错误，在 2 个文件中\n",
    )


def test_a_read_stops_one_byte_past_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that grows after it was measured (here: one that says it is empty) is read
    to one byte past the cap, and no further."""
    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 100_000)
    real_fstat, real_read = os.fstat, os.read
    read: list[int] = []

    class Empty:
        def __init__(self, info: os.stat_result) -> None:
            self.st_mode, self.st_size = info.st_mode, 0

    # Patched for these reads alone: the test's folder is removed with the real ones.
    with monkeypatch.context() as patched:
        patched.setattr(os, "fstat", lambda fd: Empty(real_fstat(fd)))
        patched.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
        with pytest.raises(safe_read.TooLarge):
            safe_read.read_capped(path, 1000)
        assert sum(read) == 1001
        assert safe_read.read_capped(path, 100_000) == b"x" * 100_000


def flow_list(path: Path, item: str, size: int) -> None:
    text = "[" + ", ".join([item] * (size // (len(item.encode()) + 2))) + "]\n"
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("item", "budget"),
    [
        ("a", 412143),
        (
            "{task: '6.3', date: 2009-05-01, status: in_progress, by: 市工商局, note: 已启动}",
            412143,
        ),
    ],
)
def test_an_8_mb_one_line_flow_list_is_refused_in_bounded_memory(
    data_dir: Path, item: str, budget: int
) -> None:
    """It peaked at 1.3 GB: four million nodes of some 300 bytes each. The node budget
    (a fixed allowance, and a node per 32 bytes) keeps the peak under 20 times the file's
    size past a baseline: the tool's own (validating the plan as it is) and the node tree
    the fixed allowance may take (NODES_FREE nodes of at most 400 bytes)."""
    baseline, clean = peak_mb("validate", "--data-dir", str(data_dir))
    assert clean.returncode == 0
    path = data_dir / "status.yaml"
    flow_list(path, item, 8 * 1024 * 1024)
    size_mb = path.stat().st_size / 1024 / 1024
    peak, result = peak_mb("validate", "--data-dir", str(data_dir))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:1:1: error: 文件里的值太多（超过 {budget} 个），已拒绝读取"
    )
    assert result.stdout.endswith(
        "  提示：按文件大小，平均每 32 字节最多一个值，手写的工作方案远远不到；"
        "进度记录请每条写一行、以“- ”开头\n共 1 个错误，在 1 个文件中\n"
    )
    assert peak < baseline + NODES_FREE * 400 / 1024 / 1024 + 20 * size_mb


HEADER = ["序号", "工作内容", "目标要求", "工作进度", "责任单位", "配合单位"]


def workbook(rows: list[list[str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rewrite(data: bytes, part: str, change: object) -> bytes:
    """The workbook with one of its XML parts changed (change: bytes -> bytes)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == part else content)  # type: ignore[operator]
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
ROWS = [HEADER, ["1", "成立领导小组", "", "2011年", "市政府办公室", ""]]


def dimension_bomb(far_row: int) -> bytes:
    """A small workbook declaring its sheet to be A1:XFD1048576, with one more cell far
    below: read-only openpyxl padded every row in between to 16,384 columns."""

    def change(xml: bytes) -> bytes:
        xml = xml.replace(b'<dimension ref="A1:F2" />', b'<dimension ref="A1:XFD1048576"/>')
        far = f'<row r="{far_row}"><c r="A{far_row}" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace(b"</sheetData>", far.encode() + b"</sheetData>")

    return rewrite(workbook(ROWS), SHEET, change)


def test_a_declared_dimension_does_not_allocate_the_grid(tmp_path: Path) -> None:
    plain, bomb = tmp_path / "plain.xlsx", tmp_path / "bomb.xlsx"
    plain.write_bytes(workbook(ROWS))
    bomb.write_bytes(dimension_bomb(15_000))
    baseline, clean = peak_mb("import", str(plain), "--into", str(tmp_path / "a"))
    assert clean.returncode == 0, clean.stdout
    peak, result = peak_mb("import", str(bomb), "--into", str(tmp_path / "b"))
    assert result.stdout == (
        f"{bomb}:15000:1: error: 第 15000 行「序号」：序号「x」应为数字\n"
        "  提示：写成 1、2、3 这样\n"
        "共 1 个错误，在 1 个文件中\n"
        "表中有错，什么也没有写入；改正后重新导入。\n"
    )
    # it took 2 GB: the 15,000 rows each padded to 16,384 cells
    assert peak < baseline + 20 * bomb.stat().st_size / 1024 / 1024 + 20


def run_import(table: Path, into: Path) -> tuple[int, str]:
    result = ipcity("import", str(table), "--into", str(into), timeout=60)
    return result.returncode, result.stderr


def test_rows_and_columns_past_any_breakdown_table_are_refused(tmp_path: Path) -> None:
    far = tmp_path / "far.xlsx"
    far.write_bytes(dimension_bomb(300_000))
    assert run_import(far, tmp_path / "a") == (
        2, f"错误：{far} 超过 200000 行，不读取；删去多余的行后重试\n"
    )  # fmt: skip
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(HEADER) + "\n" + ",".join(["x"] * 300) + "\n", encoding="utf-8")
    assert run_import(wide, tmp_path / "b") == (
        2, f"错误：{wide} 第 2 行超过 200 列，不读取；删去多余的列后重试\n"
    )  # fmt: skip


def test_workbooks_that_attack_the_xml_or_zip_reader_are_refused(tmp_path: Path) -> None:
    lol = b"".join(
        b'<!ENTITY l%d "%s">' % (n, (b"&l%d;" % (n - 1)) * 10 if n else b"lol") for n in range(10)
    )
    cases = {
        "entities.xlsx": rewrite(
            workbook(ROWS),
            SHEET,
            lambda xml: b"<!DOCTYPE w [" + lol + b"]>" + xml.replace("成立".encode(), b"&l9;"),
        ),
        "malformed.xlsx": rewrite(workbook(ROWS), SHEET, lambda xml: xml[: len(xml) // 2]),
        "zipbomb.xlsx": rewrite(
            workbook(ROWS), "docProps/app.xml", lambda xml: xml + b" " * (65 * 1024 * 1024)
        ),
    }
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
    assert len(cases["zipbomb.xlsx"]) < 200_000
    messages = {name: run_import(tmp_path / name, tmp_path / "out") for name in cases}
    # Where expat stops in the cut XML depends on the workbook's bytes, not on ipcity.
    code, said = messages["malformed.xlsx"]
    messages["malformed.xlsx"] = (code, re.sub(r"column \d+", "column N", said))
    assert messages == {
        "entities.xlsx": (
            2,
            f"错误：{tmp_path / 'entities.xlsx'} 不是可读的 XLSX 文件"
            "（XML 里定义了实体或引用了外部文件，可能是“实体炸弹”，已拒绝）\n",
        ),
        "malformed.xlsx": (
            2,
            f"错误：{tmp_path / 'malformed.xlsx'} 不是可读的 XLSX 文件"
            "（XML 格式有误：unclosed token: line 1, column N）\n",
        ),
        "zipbomb.xlsx": (
            2,
            f"错误：{tmp_path / 'zipbomb.xlsx'} 解压后有 65 MB，超过 64 MB，不读取"
            "（任务分解表远没有这么大；可能是“压缩炸弹”）\n",
        ),
    }
    assert not (tmp_path / "out").exists()


def test_openpyxl_reads_through_defusedxml() -> None:
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


def test_a_csv_field_past_128_kb_is_read(tmp_path: Path) -> None:
    table = tmp_path / "long.csv"
    target = "目标" * 100_000  # 600 KB in UTF-8
    table.write_text(
        ",".join(HEADER) + f"\n1,成立领导小组,{target},2011年,市政府办公室,\n", encoding="utf-8"
    )
    code, message = run_import(table, tmp_path / "plan")
    assert code == 0, message
    assert target in (tmp_path / "plan" / "tasks.yaml").read_text(encoding="utf-8")


def test_a_table_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    os.mkfifo(table)
    assert run_import(table, tmp_path / "plan") == (
        2, f"错误：无法读取 {table}：不是普通文件，而是命名管道（FIFO），已拒绝读取\n"
    )  # fmt: skip


def test_values_with_a_million_spaces_inside_are_read_not_a_hang(data_dir: Path) -> None:
    """A run of spaces inside a value took the line readers time squared in its length
    (a pattern with a lazy value and trailing spaces): a million of them, hours. A task's
    target and a record's note with such a run are read, and the plan is valid."""
    spaces = " " * 1_000_000
    tasks = data_dir / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    first = re.search(r"\n +target: (.+)\n", text)
    assert first is not None
    tasks.write_text(text.replace(first.group(1), f"甲{spaces}乙", 1), encoding="utf-8")
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write(f"- task: '6.3'\n  date: 2009-05-01\n  status: in_progress\n  note: a{spaces}b\n")
    result = ipcity("validate", "--data-dir", str(data_dir))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_target_that_repeats_a_pattern_a_million_times_is_imported(tmp_path: Path) -> None:
    """`import` proposes the indicators a plain table's 目标要求 state: its patterns took
    time squared in a clause's length, so a cell of 甲和甲和… hung it."""
    table = tmp_path / "t.csv"
    target = "甲和" * 500_000
    table.write_text(
        ",".join(HEADER) + f"\n1,成立领导小组,{target},2011年,市政府办公室,\n", encoding="utf-8"
    )
    code, message = run_import(table, tmp_path / "plan")
    assert code == 0, message
    assert target in (tmp_path / "plan" / "tasks.yaml").read_text(encoding="utf-8")
