"""Duplicates: `record`, `verify` and `extend` refuse a record already in the log, naming
its line, the file untouched (--force writes it anyway); `validate` warns, exit 0."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Cli
from tests_support import BUNDLED

RECORD = ["record", "11.4", "--count", "1", "--duty", "报纸专栏", "--by", "市委宣传部",
          "--date", "2009-05-20", "--note", "嘉兴日报知识产权专栏第 5 期"]  # fmt: skip
LINE = (
    "- {task: '11.4', date: 2009-05-20, status: in_progress, by: 市委宣传部, "
    "note: 嘉兴日报知识产权专栏第 5 期, count: 1, duty: 报纸专栏}"
)
# The bundled status.yaml holds only its comment block: records start after it.
HEADER_LINES = len((BUNDLED / "status.yaml").read_text(encoding="utf-8").splitlines())


def log(data_dir: Path) -> bytes:
    return (data_dir / "status.yaml").read_bytes()


def test_the_same_record_twice_is_refused_and_the_log_is_unchanged(
    cli: Cli, data_dir: Path
) -> None:
    assert all(line.startswith("#") for line in log(data_dir).decode().splitlines())
    assert cli(*RECORD).exit_code == 0
    before = log(data_dir)
    result = cli(*RECORD)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"错误：status.yaml 第 {HEADER_LINES + 1} 行已有一条完全相同的记录，这条未写入；"
        "确是另一件事，在 --note 中写明区别；确要重复记录，加 --force\n"
    )
    assert log(data_dir) == before
    # The same training counted once, not twice: the duty's month shows one.
    report = cli.json("report", "--as-of", "2009-05-31")
    [newspaper] = [d for d in report["recurring"] if d["duty"] == "报纸专栏"]
    assert next(p for p in newspaper["periods"] if p["period"] == "2009年5月")["count"] == 1


def test_the_same_record_typed_another_way_is_the_same_record(cli: Cli, data_dir: Path) -> None:
    (data_dir / "status.yaml").write_text(
        "- task: '6.1'\n  date: 2009-06-30\n  status: 进行中\n  by: 市知识产权局\n"
        "  values: {年专利申请量: 2600.0}\n",
        encoding="utf-8",
    )
    result = cli("record", "6.1", "--status", "in_progress", "--by", "市科技局", "--date",
                 "2009-06-30", "--value", "年专利申请量=2600")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：status.yaml 第 1 行已有一条完全相同的记录")


def test_force_writes_it_again(cli: Cli, data_dir: Path) -> None:
    assert cli(*RECORD).exit_code == 0
    result = cli(*RECORD, "--force")
    assert result.exit_code == 0, result.output
    assert log(data_dir).decode().splitlines()[-2:] == [LINE, LINE]


def test_a_record_differing_in_anything_is_not_the_same(cli: Cli, data_dir: Path) -> None:
    assert cli(*RECORD).exit_code == 0
    assert cli(*RECORD[:-1], "嘉兴日报知识产权专栏第 6 期").exit_code == 0
    assert cli(*RECORD[:-4], "--date", "2009-05-21", *RECORD[-2:]).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["verify", "6.3", "--accept", "--date", "2009-05-10"],
        ["extend", "6.3", "--to", "2011-06-30", "--reason", "口径调整", "--date", "2009-05-10"],
    ],
)
def test_verify_and_extend_refuse_a_record_already_there(
    cli: Cli, data_dir: Path, args: list[str]
) -> None:
    cli("record", "6.3", "--status", "done", "--date", "2009-05-01")
    assert cli(*args).exit_code == 0
    before = log(data_dir)
    result = cli(*args)
    assert (result.exit_code, result.stderr) == (
        2,
        f"错误：status.yaml 第 {HEADER_LINES + 2} 行已有一条完全相同的记录，这条未写入；"
        "确是另一件事，在 --note 中写明区别；确要重复记录，加 --force\n",
    )
    assert log(data_dir) == before
    assert cli(*args, "--force").exit_code == 0


def written_twice(data_dir: Path) -> Path:
    path = data_dir / "status.yaml"
    path.write_text(
        "# 手工补记\n"
        "- {task: '6.3', date: 2009-05-01, status: in_progress, by: 市工商局}\n"
        "- {task: '6.4', date: 2009-05-01, status: in_progress, by: 市工商局}\n"
        "- task: '6.3'\n  date: 2009-05-01\n  status: 进行中\n  by: 市工商局\n",
        encoding="utf-8",
    )
    return path


def test_validate_warns_and_exits_0(cli: Cli, data_dir: Path) -> None:
    path = written_twice(data_dir)
    result = cli("validate")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"{path}:4:3: warning: 这条记录与第 2 行的记录完全相同（重复记录）\n"
        "  4 | - task: '6.3'\n"
        "    |   ^\n"
        "  提示：删去重复的一条；确是两件事的，在 note 中写明区别\n"
        "共 1 个警告，在 1 个文件中\n"
    )
    # Loading is not held up: every other command reads the plan as it is.
    assert cli("list", "--item", "6").exit_code == 0
    assert cli("validate").stdout == result.stdout  # and the cached plan warns alike


def test_validate_warnings_for_github_and_json(cli: Cli, data_dir: Path) -> None:
    path = written_twice(data_dir)
    github = cli("validate", "--format", "github")
    assert (github.exit_code, github.stdout) == (
        0,
        f"::warning file={path},line=4,col=3::这条记录与第 2 行的记录完全相同（重复记录）"
        "%0A提示：删去重复的一条；确是两件事的，在 note 中写明区别\n",
    )
    found = cli("validate", "--format", "json")
    assert found.exit_code == 0
    assert json.loads(found.stdout) == [
        {
            "file": str(path),
            "line": 4,
            "col": 3,
            "severity": "warning",
            "message": "这条记录与第 2 行的记录完全相同（重复记录）",
            "hint": "删去重复的一条；确是两件事的，在 note 中写明区别",
        }
    ]


def test_warnings_stand_beside_errors(cli: Cli, data_dir: Path) -> None:
    path = written_twice(data_dir)
    with path.open("a", encoding="utf-8") as f:
        f.write("- {task: '99', date: 2009-05-01, status: done}\n")
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:4:3: warning: 这条记录与第 2 行的记录完全相同（重复记录）"
    )
    assert result.stdout.splitlines()[-1] == "共 1 个错误、1 个警告，在 1 个文件中"
