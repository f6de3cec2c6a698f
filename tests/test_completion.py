"""Shell completion: subcommands, units after --unit, task IDs after show, from the data in use."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipcity.cli import app

IPCITY = Path(sys.executable).parent / "ipcity"


def complete(line: str, *, env: dict[str, str] | None = None, shell: str = "bash") -> str:
    """What `ipcity` answers when the shell asks for completions of line (the last word
    being typed), set up the way Typer's completion scripts call it."""
    words = line.split(" ")
    request = {"_IPCITY_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        request |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        request |= {"_TYPER_COMPLETE_ARGS": line}
    result = CliRunner().invoke(app, [], env={**request, **(env or {})}, prog_name="ipcity")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def add_unit(data_dir: Path, name: str) -> None:
    with (data_dir / "units.yaml").open("a", encoding="utf-8") as units:
        units.write(f"  - name: {name}\n    kind: 市级部门\n")


@pytest.fixture(autouse=True)
def no_data_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IPCITY_DATA", raising=False)


@pytest.mark.slow  # a real bash
def test_unit_names_complete_in_bash(data_dir: Path) -> None:
    """The real thing: bash sources `ipcity --show-completion bash` and presses TAB."""
    script = (
        'source <("$IPCITY" --show-completion bash)\n'
        "COMP_WORDS=(ipcity list --unit 市工); COMP_CWORD=3\n"
        "_ipcity_completion ipcity\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {
        **os.environ,
        "IPCITY": str(IPCITY),
        "IPCITY_DATA": str(data_dir),
        "PATH": f"{IPCITY.parent}{os.pathsep}{os.environ['PATH']}",
    }
    bash = shutil.which("bash")
    assert bash is not None
    done = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "市工商局\n", "")


def test_unit_names_and_aliases(data_dir: Path) -> None:
    env = {"IPCITY_DATA": str(data_dir)}
    assert complete("ipcity list --unit 市工", env=env) == "市工商局\n"
    assert complete("ipcity list --unit 市科技", env=env) == (
        "市科技局\n市科技局(知识产权局)\n市科技创业服务中心\n"
    )
    assert complete("ipcity list -u 海宁", env=env) == "海宁市政府\n"
    assert complete("ipcity list --unit 市工", env=env, shell="zsh") == (
        '_arguments \'*: :(("市工商局":"市级部门"))\'\n'
    )


def test_task_ids_after_show(data_dir: Path) -> None:
    env = {"IPCITY_DATA": str(data_dir)}
    assert complete("ipcity show 10.", env=env) == "".join(f"10.{n}\n" for n in range(1, 9))
    assert complete("ipcity show 1", env=env).split() == [
        "1",
        *(f"10.{n}" for n in range(1, 9)),
        *(f"11.{n}" for n in range(1, 6)),
        *(f"12.{n}" for n in range(1, 6)),
        "13.1",
        "13.2",
        "14",
    ]
    assert complete("ipcity show 6.3", env=env, shell="zsh") == (
        '_arguments \'*: :(("6.3":"年注册商标数2800件"))\'\n'
    )


def test_subcommands() -> None:
    assert complete("ipcity va") == "validate\n"
    assert complete("ipcity sh") == "show\n"


def test_the_data_dir_in_use_gives_the_names(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_unit(data_dir, "市工业园区管委会")
    both = "市工商局\n市工业园区管委会\n"
    # named on the command line
    assert complete(f"ipcity list --data-dir {data_dir} --unit 市工") == both
    # from the environment
    assert complete("ipcity list --unit 市工", env={"IPCITY_DATA": str(data_dir)}) == both
    # ./data by default
    monkeypatch.chdir(tmp_path)
    assert complete("ipcity list --unit 市工") == both
    # the command line wins over the environment
    other = tmp_path / "other"
    shutil.copytree(data_dir, other)
    add_unit(other, "市工程咨询中心")
    line = f"ipcity list -d {other} --unit 市工"
    assert complete(line, env={"IPCITY_DATA": str(data_dir)}) == both + "市工程咨询中心\n"


def test_broken_or_missing_data_completes_nothing(data_dir: Path, tmp_path: Path) -> None:
    nothing = "\n"  # Typer prints an empty line: no word for the shell
    (data_dir / "units.yaml").write_text("units: [\n", encoding="utf-8")
    assert complete("ipcity list --unit 市工", env={"IPCITY_DATA": str(data_dir)}) == nothing
    assert complete("ipcity show 6", env={"IPCITY_DATA": str(data_dir)}) == nothing
    missing = tmp_path / "nowhere"
    assert complete(f"ipcity show --data-dir {missing} 6") == nothing


def test_choice_words_complete_in_english_and_chinese() -> None:
    assert complete("ipcity list --role ") == "responsible\ncooperating\nany\n牵头\n配合\n全部\n"
    assert complete("ipcity list --role 配") == "配合\n"
    assert complete("ipcity report --by 单") == "单位\n"
