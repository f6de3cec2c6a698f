"""A plan in a git repository of its own: `init` (and `import`) write .gitattributes, the
pre-commit config and the CI workflow at the repository's root, never over a file, and two
branches that each record merge without a conflict. Real git, real processes."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pre_commit.clientlib import load_config
from realgit import ENV, git, ipcity, new_repo
from test_init import uncomment_example
from tests_support import ROOT

from ipcity import __version__

pytestmark = pytest.mark.slow  # real git repositories, processes of the real command

TITLE = ["--title", "湖州市知识产权试点城市工作任务分解", "--start", "2011年", "--end", "2013年底"]
REPO_FILES = [".gitattributes", ".github/workflows/validate.yml", ".pre-commit-config.yaml"]
DATA_FILES = ["status.yaml", "tasks.yaml", "units.yaml"]


def files_in(folder: Path) -> list[str]:
    """Every file under folder, but git's own."""
    found = (p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return sorted(name for name in found if not name.startswith(".git/"))


def fill_in_the_examples(data: Path) -> None:
    """What a person does first: the commented examples of init become the plan."""
    for name, key in (("tasks.yaml", "items"), ("units.yaml", "units")):
        path = data / name
        path.write_text(uncomment_example(path.read_text(encoding="utf-8"), key), encoding="utf-8")


def merge_attribute(repo: Path, path: str) -> str:
    """What git itself says the merge attribute of a path is."""
    said = git(repo, "check-attr", "merge", "--", path).stdout
    return said.strip().rsplit(": ", 1)[1]


def test_init_an_empty_directory_then_two_branches_merge_clean(tmp_path: Path) -> None:
    init = ipcity("init", "huzhou", *TITLE, cwd=tmp_path)
    assert init.returncode == 0, init.stderr
    assert init.stderr == (
        "已在 huzhou 新建 tasks.yaml、units.yaml、status.yaml；照文件里的示例填写，然后运行 ipcity validate\n"
        "在 huzhou 新建了 .gitattributes、.pre-commit-config.yaml、.github/workflows/validate.yml："
        "它还不在 git 仓库中，这些文件按它将是仓库的根目录写成（在其中运行 git init）\n"
        f"其中 ipcity 的地址 https://git.example.org/office/ipcity 和版本 v{__version__} 是占位，"
        "改成你们存放 ipcity 的仓库地址和其中的标签\n"
    )
    repo = tmp_path / "huzhou"
    assert files_in(repo) == sorted([*REPO_FILES, *DATA_FILES])
    fill_in_the_examples(repo)
    new_repo(repo)
    assert merge_attribute(repo, "status.yaml") == "union"
    assert merge_attribute(repo, "plans/status.yaml") == "unspecified"  # that file only

    # Two liaisons record on their own branches, each appending to the same last line.
    git(repo, "checkout", "-q", "-b", "keji")
    same = ["--status", "in_progress", "--date", "2011-05-01", "--data-dir", "."]
    for task in ("2.1", "1"):
        done = ipcity("record", task, *same, "--by", "市科技局", "--force", cwd=repo)
        assert done.returncode == 0, done.stderr
    git(repo, "commit", "-q", "-am", "市科技局报进度")
    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-q", "-b", "gongshang")
    done = ipcity("record", "2.2", *same, "--by", "市工商局", cwd=repo)
    assert done.returncode == 0, done.stderr
    git(repo, "commit", "-q", "-am", "市工商局报进度")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "keji")
    merged = git(repo, "merge", "--no-edit", "gongshang")  # both appended at the same place
    assert "CONFLICT" not in merged.stdout
    assert len(git(repo, "log", "-1", "--format=%P").stdout.split()) == 2  # a real merge

    checked = ipcity("validate", "--data-dir", ".", cwd=repo)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")
    listed = ipcity("log", "--format", "json", "--data-dir", ".", cwd=repo)
    assert listed.returncode == 0, listed.stderr
    assert sorted((r["task"], r["by"]) for r in yaml.safe_load(listed.stdout)) == [
        ("1", "市科技局"),
        ("2.1", "市科技局"),
        ("2.2", "市工商局"),
    ]


def test_a_log_conflicted_by_hand_is_a_merge_conflict(tmp_path: Path) -> None:
    assert ipcity("init", "huzhou", *TITLE, cwd=tmp_path).returncode == 0
    repo = tmp_path / "huzhou"
    fill_in_the_examples(repo)
    new_repo(repo)
    status = repo / "status.yaml"
    lines = len(status.read_text(encoding="utf-8").splitlines())
    with status.open("a", encoding="utf-8") as log:
        log.write(
            "<<<<<<< HEAD\n"
            "- {task: '1', date: 2011-05-01, status: done, by: 市政府办公室}\n"
            "=======\n"
            "- {task: '2.1', date: 2011-05-02, status: in_progress, by: 市科技局}\n"
            ">>>>>>> keji\n"
        )
    checked = ipcity("validate", "--data-dir", ".", cwd=repo)
    n = lines + 1
    assert checked.returncode == 1
    assert checked.stdout.splitlines()[0] == (
        f"status.yaml:{n}:1: error: 合并冲突：git 合并 HEAD 与 keji 时没能自动合并这里，"
        f"留下了冲突标记（第 {n}、{n + 2}、{n + 4} 行）；"
        f"HEAD 一边是第 {n + 1} 行，keji 一边是第 {n + 3} 行"
    )


def test_inside_a_repository_they_go_to_its_root(tmp_path: Path) -> None:
    repo = tmp_path / "office"
    (repo / "plans").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    init = ipcity("init", "plans/huzhou", *TITLE, cwd=repo)
    assert init.returncode == 0, init.stderr
    assert init.stderr.splitlines()[1] == (
        f"在 git 仓库的根目录 {repo} 新建了 .gitattributes、.pre-commit-config.yaml、"
        ".github/workflows/validate.yml（数据目录是其中的 plans/huzhou）"
    )
    assert files_in(repo) == sorted([*REPO_FILES, *(f"plans/huzhou/{name}" for name in DATA_FILES)])
    assert (
        (repo / ".gitattributes")
        .read_text(encoding="utf-8")
        .endswith("\nplans/huzhou/status.yaml merge=union\n")
    )
    assert merge_attribute(repo, "plans/huzhou/status.yaml") == "union"
    assert merge_attribute(repo, "status.yaml") == "unspecified"

    # A second plan beside it: the files are there; each says what to add for this one.
    before = {name: (repo / name).read_bytes() for name in REPO_FILES}
    again = ipcity("init", "plans/jiaxing", *TITLE, cwd=repo)
    assert again.returncode == 0, again.stderr
    assert again.stderr.splitlines()[1:] == [
        f"{repo} 中已有 .gitattributes，未改动；请在其中加上一行：plans/jiaxing/status.yaml merge=union",
        f"{repo} 中已有 .pre-commit-config.yaml，未改动；请在 repos 中加上 ipcity-validate 钩子"
        "（args: [--data-dir, plans/jiaxing]），每次提交前检查这套数据",
        f"{repo} 中已有 .github/workflows/validate.yml，未改动；请在 steps 中加上一步："
        "ipcity validate --data-dir plans/jiaxing --format github",
    ]
    assert {name: (repo / name).read_bytes() for name in REPO_FILES} == before


def test_a_gitattributes_that_already_says_union_is_not_asked_for_more(tmp_path: Path) -> None:
    repo = tmp_path / "office"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / ".gitattributes").write_text("*.png binary\ndata/status.yaml  merge=union\n")
    init = ipcity("init", "data", *TITLE, cwd=repo)
    assert init.returncode == 0, init.stderr
    assert init.stderr.splitlines()[1] == (
        f"在 git 仓库的根目录 {repo} 新建了 .pre-commit-config.yaml、"
        ".github/workflows/validate.yml（数据目录是其中的 data）"
    )
    assert ".gitattributes" not in init.stderr
    assert (repo / ".gitattributes").read_text() == "*.png binary\ndata/status.yaml  merge=union\n"


def test_the_hook_and_the_workflow_check_the_plan_where_it_is(tmp_path: Path) -> None:
    """What pre-commit and CI would run, run: the hook by its config, the workflow's step."""
    repo = tmp_path / "office"
    (repo / "其他 plans").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    assert ipcity("init", "其他 plans/湖州", *TITLE, cwd=repo).returncode == 0
    data = "其他 plans/湖州"

    config = load_config(str(repo / ".pre-commit-config.yaml"))  # pre-commit's own checks
    [entry] = config["repos"]
    assert (entry["repo"], entry["rev"]) == (
        "https://git.example.org/office/ipcity",
        f"v{__version__}",
    )
    [hook] = entry["hooks"]
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] in [h["id"] for h in manifest]
    assert hook["args"] == ["--data-dir", data]
    pattern = re.compile(hook["files"])
    paths = [f"{data}/{name}" for name in DATA_FILES]
    others = ["tasks.yaml", f"{data}/old/tasks.yaml", "其他 plans/tasks.yaml", f"{data}/notes.md"]
    assert [bool(pattern.search(p)) for p in paths + others] == [True] * 3 + [False] * 4
    checked = ipcity("validate", *hook["args"], cwd=repo)
    assert (checked.returncode, checked.stdout) == (0, "")

    workflow = yaml.safe_load((repo / ".github/workflows/validate.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["validate"]["steps"]
    assert steps[-2] == {"run": 'pip install "$IPCITY"'}
    assert workflow["env"]["IPCITY"] == (
        f"ipcity @ git+https://git.example.org/office/ipcity.git@v{__version__}"
    )
    command = shlex.split(steps[-1]["run"])
    assert command == ["ipcity", "validate", "--data-dir", data, "--format", "github"]
    ran = subprocess.run(
        [sys.executable, "-m", *command], cwd=repo, env=ENV, capture_output=True, text=True
    )
    assert (ran.returncode, ran.stdout) == (0, "")


def test_import_writes_them_too(tmp_path: Path) -> None:
    table = tmp_path / "湖州.csv"
    table.write_text(
        "序号,工作内容,目标要求,工作进度,责任单位,配合单位\n1,成立领导小组,,2011年3月,市政府办公室,\n",
        encoding="utf-8",
    )
    done = ipcity("import", "湖州.csv", "--into", "huzhou", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[2] == (
        "在 huzhou 新建了 .gitattributes、.pre-commit-config.yaml、.github/workflows/validate.yml："
        "它还不在 git 仓库中，这些文件按它将是仓库的根目录写成（在其中运行 git init）"
    )
    assert files_in(tmp_path / "huzhou") == sorted([*REPO_FILES, *DATA_FILES])
