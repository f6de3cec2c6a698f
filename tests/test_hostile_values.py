"""Names and numbers a plan cannot hold, refused the same way by validate (the corpus in
tests/data/bad has those cases), record, import and init: names with hidden characters,
numbers that are not finite or not of any plausible size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Cli
from typer.testing import CliRunner

from ipcity.cli import app

NAME_HINT = (
    "名称、序号、标题里不能有看不见的字符（它们让看上去相同的名称不同，或打乱显示）；"
    "删去它，或重新输入这段文字"
)
MEASURE_HINT = "数值要有限，绝对值不超过 1000000000000、不小于 0.000001，或为 0"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("6.3", "--value", "年注册商标数=10000000000000"),
            f"错误：记录无效：数值 10000000000000 超出合理范围（{MEASURE_HINT}）\n",
        ),
        (
            ("6.3", "--value", "年注册商标数=0.0000001"),
            f"错误：记录无效：数值 1e-07 超出合理范围（{MEASURE_HINT}）\n",
        ),
        (
            ("11.4", "--by", "市委宣传部", "--count", "20000"),
            "错误：记录无效：次数 20000 超出合理范围（次数最多 10000）\n",
        ),
    ],
)
def test_record_refuses_what_validate_refuses(
    cli: Cli, data_dir: Path, args: tuple[str, ...], message: str
) -> None:
    log = (data_dir / "status.yaml").read_bytes()
    result = cli("record", *args, "--status", "in_progress", "--date", "2009-05-01")
    assert (result.exit_code, result.stderr) == (2, message)
    assert (data_dir / "status.yaml").read_bytes() == log


def test_import_refuses_a_name_with_a_hidden_character_by_its_row(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "序号,工作内容,目标要求,工作进度,责任单位,配合单位\n"
        "1,成立小组,,2011年,市政府办公室\u200d,市科技局\u202e\n"
        "2,成立\x1b[2J小组,,2011年,市政府办公室,\n",
        encoding="utf-8",
    )
    into = tmp_path / "plan"
    result = CliRunner().invoke(app, ["import", str(table), "--into", str(into)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{table}:2:5: error: 第 2 行「责任单位」：「市政府办公室\\u200d」"
        "中有看不见的零宽字符 U+200D\n"
        f"  提示：{NAME_HINT}\n"
        f"{table}:2:6: error: 第 2 行「配合单位」：「市科技局\\u202e」"
        "中有看不见的双向文字控制符 U+202E\n"
        f"  提示：{NAME_HINT}\n"
        f"{table}:3:2: error: 第 3 行「工作内容」：「成立\\x1b[2J小组」"
        "中有看不见的控制字符 U+001B\n"
        f"  提示：{NAME_HINT}\n"
        "共 3 个错误，在 1 个文件中\n"
        "表中有错，什么也没有写入；改正后重新导入。\n"
    )
    assert not into.exists()


def test_init_refuses_a_title_with_a_hidden_character(tmp_path: Path) -> None:
    into = tmp_path / "plan"
    args = ["init", str(into), "--title", "湖州\u202e方案", "--start", "2011年", "--end", "2012年"]
    result = CliRunner().invoke(app, args)
    assert (result.exit_code, result.stderr) == (
        2,
        f"错误：标题「湖州\\u202e方案」中有看不见的双向文字控制符 U+202E；{NAME_HINT}\n",
    )
    assert not into.exists()


def test_an_undecodable_title_on_a_real_command_line_is_refused(tmp_path: Path) -> None:
    """$'T\\xff' typed in a UTF-8 shell: Python makes the byte a lone surrogate."""
    into = tmp_path / "plan"
    result = subprocess.run(
        [sys.executable, "-m", "ipcity", "init", str(into), "--title", b"T\xff",
         "--start", "2011年", "--end", "2012年"],
        capture_output=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"},
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (2, b"")
    assert result.stderr.decode() == (
        "错误：标题「T\\udcff」中有无法保存的字符 U+DCFF（不成对的代理码位：传入的文字不是 UTF-8 编码）"
        f"；{NAME_HINT}\n"
    )
    assert not into.exists()
