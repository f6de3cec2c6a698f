"""A merge that stopped half way: `validate` says 合并冲突, the lines of each side and how to
resolve it, before YAML's own syntax error (缺少“: ”) can hide the cause."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import Cli
from realgit import git, ipcity, new_repo
from tests_support import BUNDLED

SAME = ["--status", "in_progress", "--date", "2009-05-01", "--data-dir", "data"]


@pytest.mark.slow  # a real git merge, processes of the real command
def test_a_real_conflict_in_the_log_is_named_with_its_branches(tmp_path: Path) -> None:
    """Without merge=union two branches that each append stop git's merge at the log."""
    repo = tmp_path / "plan"
    shutil.copytree(BUNDLED, repo / "data")
    new_repo(repo)
    lines = len((repo / "data" / "status.yaml").read_text(encoding="utf-8").splitlines())
    git(repo, "checkout", "-q", "-b", "keji")
    # 9.3's part is 市工商局's: 市科技局 cooperates, and its records are notes.
    assert ipcity("record", "9.3", *SAME, "--by", "市工商局", cwd=repo).returncode == 0
    git(repo, "commit", "-q", "-am", "市工商局报 9.3 的进度")
    git(repo, "checkout", "-q", "main")
    assert ipcity("record", "6.3", *SAME, "--by", "市工商局", cwd=repo).returncode == 0
    git(repo, "commit", "-q", "-am", "市工商局报进度")
    merged = git(repo, "merge", "keji", check=False)
    assert merged.returncode == 1
    assert "CONFLICT (content): Merge conflict in data/status.yaml" in merged.stdout

    result = ipcity("validate", "--data-dir", "data", cwd=repo)
    first = lines + 1
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (
        f"data/status.yaml:{first}:1: error: 合并冲突：git 合并 HEAD 与 keji 时没能自动合并这里，"
        f"留下了冲突标记（第 {first}、{first + 2}、{first + 4} 行）；"
        f"HEAD 一边是第 {first + 1} 行，keji 一边是第 {first + 3} 行\n"
        f"  {first} | <<<<<<< HEAD\n"
        f"  {' ' * len(str(first))} | ^\n"
        "  提示：两边的记录都要保留：删去这 3 行标记，留下两边的记录，再运行 ipcity validate。"
        "在仓库的 .gitattributes 中为 status.yaml 写上 merge=union（ipcity init 会写），"
        "两边各自追加的记录合并时就都会保留，不再冲突\n"
        "共 1 个错误，在 1 个文件中\n"
    )

    # Resolved as the hint says: both sides' records kept, the markers deleted.
    status = repo / "data" / "status.yaml"
    kept = [line for line in status.read_text(encoding="utf-8").splitlines() if line[:7] not in (
        "<<<<<<<", "=======", ">>>>>>>"
    )]  # fmt: skip
    status.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = ipcity("validate", "--data-dir", "data", cwd=repo)
    assert (result.returncode, result.stdout) == (0, "")
    shown = ipcity(
        "list", "--status", "in_progress", "--format", "csv", "--data-dir", "data", cwd=repo
    )
    assert [line.split(",")[0] for line in shown.stdout.splitlines()[1:]] == ["6.3", "9.3"]


def test_markers_after_a_cached_load_are_found(cli: Cli, data_dir: Path) -> None:
    """The cache reads only a log's new tail; markers there still get the whole story."""
    assert cli("validate").exit_code == 0  # now cached
    n = len((data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()) + 1
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write(
            "<<<<<<< HEAD\n"
            "- {task: '6.3', date: 2009-05-01, status: in_progress}\n"
            "=======\n"
            ">>>>>>> keji\n"
        )
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"{data_dir / 'status.yaml'}:{n}:1: error: 合并冲突：git 合并 HEAD 与 keji 时没能自动合并这里，"
        f"留下了冲突标记（第 {n}、{n + 2}、{n + 3} 行）；HEAD 一边是第 {n + 1} 行，keji 一边为空\n"
    )


def test_a_lone_line_of_equals_signs_is_not_a_conflict(cli: Cli, data_dir: Path) -> None:
    """Only <<<<<<< or >>>>>>> makes a merge's leftover: ======= alone is YAML's to judge."""
    n = len((data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()) + 1
    with (data_dir / "status.yaml").open("a", encoding="utf-8") as log:
        log.write("=======\n")
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stdout.startswith(
        f"{data_dir / 'status.yaml'}:{n}:1: error: status.yaml 的最外层应是列表，每条记录以“- task:”开头\n"
    )
