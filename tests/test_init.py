"""`ipcity init DIR`: a new, valid, empty plan with commented examples; never over old files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ipcity.cli import app
from ipcity.files import yaml_read

FILES = ("tasks.yaml", "units.yaml", "status.yaml")


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


def init(directory: Path, title: str = "湖州市知识产权试点城市任务分解") -> Result:
    return run("init", str(directory), "--title", title, "--start", "2011年", "--end", "2013年底")


def uncomment_example(text: str, key: str) -> str:
    """Replace `key: []` by the commented example above it, as a person would."""
    lines = text.splitlines()
    start = lines.index(f"# {key}:")
    end = lines.index(f"{key}: []")
    example = [re.sub(r"^# ?", "", line) for line in lines[start:end]]
    return "\n".join([*lines[:start], *example, *lines[end + 1 :]]) + "\n"


def test_init_writes_a_plan_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "plans" / "huzhou"
    result = init(target)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"已在 {target} 新建 tasks.yaml、units.yaml、status.yaml；"
        "照文件里的示例填写，然后运行 ipcity validate\n"
        f"在 {target} 新建了 .gitattributes、.pre-commit-config.yaml、"
        ".github/workflows/validate.yml：它还不在 git 仓库中，这些文件按它将是仓库的根目录写成"
        "（在其中运行 git init）\n"
        "其中 ipcity 的地址 https://git.example.org/office/ipcity 和版本 v0.1.0 是占位，"
        "改成你们存放 ipcity 的仓库地址和其中的标签\n"
    )
    repository = [".github", ".gitattributes", ".pre-commit-config.yaml"]
    assert sorted(p.name for p in target.iterdir()) == sorted([*FILES, *repository])
    checked = run("validate", env={"IPCITY_DATA": str(target)})
    assert (checked.exit_code, checked.stdout) == (0, "")

    tasks = yaml_read.load(target / "tasks.yaml")
    assert tasks.data == {
        "title": "湖州市知识产权试点城市任务分解",
        "period": {"start": "2011-01-01", "end": "2013-12-31"},
        "items": [],
    }
    assert yaml_read.load(target / "units.yaml").data == {
        "kinds": ["市级部门", "县(市、区)"],
        "county_kind": "县(市、区)",
        "units": [],
    }
    status = target / "status.yaml"
    assert yaml_read.load(status).data is None
    assert all(line.startswith("#") for line in status.read_text(encoding="utf-8").splitlines())


def test_the_empty_plan_lists_nothing(tmp_path: Path) -> None:
    init(tmp_path)
    result = run("list", "--format", "json", "--data-dir", str(tmp_path))
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_the_commented_examples_are_a_valid_plan(tmp_path: Path) -> None:
    init(tmp_path)
    for name, key in (("tasks.yaml", "items"), ("units.yaml", "units")):
        path = tmp_path / name
        path.write_text(uncomment_example(path.read_text(encoding="utf-8"), key), encoding="utf-8")
    checked = run("validate", "--data-dir", str(tmp_path))
    assert (checked.exit_code, checked.stdout) == (0, "")
    listed = run("list", "--format", "json", "--data-dir", str(tmp_path))
    rows = [(r["id"], r["due"]) for r in json.loads(listed.stdout)]
    assert rows == [("1", "2011-01-31"), ("2.1", "2013-12-31"), ("2.2", "2013-12-31")]


@pytest.mark.parametrize("title", ["2011", "湖州: 任务分解", "'引号' 与 #号", "yes"])
def test_any_title_is_kept_as_text(tmp_path: Path, title: str) -> None:
    assert init(tmp_path, title).exit_code == 0
    assert yaml_read.load(tmp_path / "tasks.yaml").data["title"] == title
    assert run("validate", "--data-dir", str(tmp_path)).exit_code == 0


def test_init_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "units.yaml").write_text("units: []  # mine\n", encoding="utf-8")
    (tmp_path / "status.yaml").write_text("# mine\n", encoding="utf-8")
    result = init(tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"错误：{tmp_path} 中已有 units.yaml、status.yaml，不覆盖；换一个目录，或先移走这些文件\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["status.yaml", "units.yaml"]
    assert (tmp_path / "units.yaml").read_text(encoding="utf-8") == "units: []  # mine\n"


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (
            "2013年",
            "2011年底",
            "错误：结束日期 2011-12-31 早于开始日期 2013-01-01\n",
        ),
        (
            "明年",
            "2013年底",
            "错误：--start 无法识别的日期「明年」；可以写 2009-06-30、2009年6月、2009年底\n",
        ),
    ],
)
def test_bad_dates_are_usage_errors(tmp_path: Path, start: str, end: str, message: str) -> None:
    result = run("init", str(tmp_path / "x"), "--title", "T", "--start", start, "--end", end)
    assert (result.exit_code, result.stderr) == (2, message)
    assert not (tmp_path / "x").exists()


def test_title_start_and_end_are_required(tmp_path: Path) -> None:
    result = run("init", str(tmp_path), "--title", "T", "--start", "2011年")
    assert (result.exit_code, result.stderr) == (
        2,
        "用法：ipcity init [选项] {DIR}\n用 `ipcity init -h` 查看帮助。\n\n错误：缺少选项 --end。\n",
    )
    blank = run("init", str(tmp_path), "--title", " ", "--start", "2011年", "--end", "2012年")
    assert (blank.exit_code, blank.stderr) == (2, "错误：--title 不能为空\n")
    assert list(tmp_path.iterdir()) == []
