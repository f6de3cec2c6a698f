"""Shell completion: subcommands, units after --unit, task IDs after show, statuses, a
task's duties and indicators, from the data in use; values escaped so that bash reads
them back, in a real bash and at a real TAB."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ipcity.cli import app, shell

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


def bash(script: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """The script in a real bash that has sourced `ipcity --show-completion`."""
    env = {
        **os.environ,
        "IPCITY_DATA": str(data_dir),
        "PATH": f"{IPCITY.parent}{os.pathsep}{os.environ['PATH']}",
    }
    program = shutil.which("bash")
    assert program is not None
    return subprocess.run(
        [program, "--norc", "--noprofile", "-c", f"source <(ipcity --show-completion)\n{script}"],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


@pytest.mark.slow  # a real bash
def test_unit_names_complete_in_bash(data_dir: Path) -> None:
    """bash sources the script and calls its completion function, as a TAB does."""
    script = (
        "COMP_WORDS=(ipcity list --unit 市工); COMP_CWORD=3\n"
        "_ipcity_completion ipcity\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = bash(script, data_dir)
    assert (done.returncode, done.stdout, done.stderr) == (0, "市工商局\n", "")


@pytest.mark.slow  # a real bash
def test_a_unit_with_brackets_completes_to_a_word_bash_runs(data_dir: Path) -> None:
    """The completion, put on the command line as bash does, is a command bash runs."""
    script = (
        "COMP_WORDS=(ipcity list --unit 各县); COMP_CWORD=3\n"
        "_ipcity_completion ipcity\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        'eval "ipcity list --format csv --unit ${COMPREPLY[0]}"\n'
    )
    done = bash(script, data_dir)
    completed, _, *rows = done.stdout.splitlines()
    assert (done.returncode, done.stderr, completed) == (0, "", "各县\\(市、区\\)政府")
    assert [row.split(",")[0] for row in rows] == [
        "5.1", "5.3", "6.1", "6.2", "7.1", "7.2", "7.3", "8.1", "10.4", "13.2",
    ]  # fmt: skip


def test_bash_reads_each_escaped_value_back_as_it_was() -> None:
    value = "各县(市、区)政府 a'b\"c$d`e!f&g;h|i<j>k{l}m[n]o*p?q#r~s^t\\u\tv=w,x:y%z"
    program = shutil.which("bash")
    assert program is not None
    word = shell.bash_word(value)
    done = subprocess.run(
        [program, "--norc", "--noprofile", "-c", f"printf %s {word}"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, value, "")


def test_unit_names_and_aliases(data_dir: Path) -> None:
    env = {"IPCITY_DATA": str(data_dir)}
    assert complete("ipcity list --unit 市工", env=env) == "市工商局\n"
    # One choice a unit: its name where that fits what is typed, else the alias that does.
    assert complete("ipcity list --unit 市科技", env=env) == "市科技局\n市科技创业服务中心\n"
    assert complete("ipcity list --unit 嘉兴出", env=env) == "嘉兴出入境检验检疫局\n"
    assert complete("ipcity list --unit 市中", env=env) == "市中级法院\n"
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


def test_a_value_with_brackets_comes_escaped_for_bash_and_as_is_for_zsh(data_dir: Path) -> None:
    env = {"IPCITY_DATA": str(data_dir)}
    assert complete("ipcity list --unit 各县", env=env) == "各县\\(市、区\\)政府\n"
    # typed escaped, as the first TAB left it
    assert complete("ipcity list --unit 各县\\(市", env=env) == "各县\\(市、区\\)政府\n"
    assert complete("ipcity list --unit 各县", env=env, shell="zsh") == (
        '_arguments \'*: :(("各县(市、区)政府":"group"))\'\n'
    )


def test_status_words_english_and_chinese() -> None:
    assert complete("ipcity record 6.3 --status ") == (
        "not_started\nin_progress\ndone\nblocked\n未开始\n进行中\n已完成\n受阻\n"
    )
    assert complete("ipcity list -s ") == (
        "not_started\nin_progress\ndone\nblocked\noverdue\n未开始\n进行中\n已完成\n受阻\n逾期\n"
    )
    assert complete("ipcity list --status 逾") == "逾期\n"
    assert complete("ipcity record 6.3 --status 进", shell="zsh") == (
        '_arguments \'*: :(("进行中":"in_progress"))\'\n'
    )


def test_duties_of_the_task_typed_else_all(data_dir: Path) -> None:
    env = {"IPCITY_DATA": str(data_dir)}
    assert complete("ipcity record 11.4 --duty ", env=env) == "报纸专栏\n电视台专题节目\n"
    assert complete("ipcity record 14 --count 1 --duty ", env=env) == "督查\n"
    assert complete("ipcity record --duty 知识产权", env=env) == "知识产权培训\n知识产权课程\n"
    assert complete("ipcity record 11.4 --duty 电", env=env, shell="zsh") == (
        '_arguments \'*: :(("电视台专题节目":"每年至少 3 次"))\'\n'
    )


def test_indicator_names_of_the_task_typed_else_all(data_dir: Path) -> None:
    env = {"IPCITY_DATA": str(data_dir)}
    assert complete("ipcity record 6.3 --value ", env=env) == "年注册商标数=\n"
    assert complete("ipcity record 6.2 --status done --value 每万人", env=env) == (
        "每万人专利申请数=\n每万人专利授权数=\n"
    )
    assert complete("ipcity record --value 年专利", env=env) == "年专利申请量=\n年专利授权量=\n"
    assert complete("ipcity record 10.4 --value 年", env=env, shell="zsh") == (
        '_arguments \'*: :(("年结案率=":"目标 ≥90%"))\'\n'
    )


def test_install_completion_for_bash_installs_the_escaping_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shell, "_get_shell_name", lambda: "bash")
    monkeypatch.setenv("HOME", str(tmp_path))
    shown = CliRunner().invoke(app, ["--show-completion"], prog_name="ipcity")
    installed = CliRunner().invoke(app, ["--install-completion"], prog_name="ipcity")
    path = tmp_path / ".bash_completions" / "ipcity.sh"
    assert (installed.exit_code, installed.stdout) == (
        0,
        f"已为 bash 安装命令补全：{path}\n重新打开终端后生效。\n",
    )
    assert shown.exit_code == 0
    assert path.read_text(encoding="utf-8") + "\n" == shown.stdout
    assert "mapfile -t COMPREPLY" in shown.stdout
    assert f"source '{path}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_an_unknown_shell_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shell, "_get_shell_name", lambda: "tcsh")
    result = CliRunner().invoke(app, ["--show-completion"], prog_name="ipcity")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "用法：ipcity [选项] 命令 [参数]...\n用 `ipcity -h` 查看帮助。\n\n"
        "错误：认不出当前的 shell（tcsh）；补全支持 bash、zsh、fish、PowerShell。\n"
    )


class Terminal:
    """An interactive bash on a pseudo-terminal: what a person types, TAB included, and
    what the terminal shows back."""

    def __init__(self, env: dict[str, str]) -> None:
        program = shutil.which("bash")
        assert program is not None
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: a terminal wide enough for a whole command, then bash
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 250, 0, 0))
            os.execve(program, [program, "--norc", "--noprofile", "-i"], env)
        self.shown = ""
        self.read_until("$ ")

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def read_until(self, text: str, seconds: float = 30) -> str:
        """What the terminal shows up to and with text (waiting for it), from where the
        last read stopped."""
        got = b""
        deadline = time.monotonic() + seconds
        while text.encode() not in got:
            ready, _, _ = select.select([self.fd], [], [], max(deadline - time.monotonic(), 0))
            assert ready, (
                f"waited for {text!r}; the terminal shows {got.decode(errors='replace')!r}"
            )
            got += os.read(self.fd, 65536)
        shown = got.decode()
        self.shown += shown
        return shown.replace("\r\n", "\n")

    def close(self) -> None:
        os.close(self.fd)
        os.waitpid(self.pid, 0)


@pytest.mark.slow  # an interactive bash
def test_tab_in_an_interactive_bash_completes_words_bash_runs(data_dir: Path) -> None:
    """A real TAB, in a real bash with readline: 各县<TAB> becomes a word the shell reads
    back as 各县(市、区)政府, and an indicator's NAME= takes the reading right after."""
    env = {
        "PATH": f"{IPCITY.parent}{os.pathsep}{os.environ['PATH']}",
        "LANG": "C.UTF-8",
        "TERM": "dumb",
        "HOME": str(data_dir.parent),
        "PS1": "$ ",
        "HISTFILE": "/dev/null",
        "IPCITY_DATA": str(data_dir),
        "IPCITY_CACHE_DIR": os.environ["IPCITY_CACHE_DIR"],
    }
    terminal = Terminal(env)
    try:
        terminal.type("source <(ipcity --show-completion); echo ready\n")
        terminal.read_until("ready\r\n$ ")
        terminal.type("ipcity list --format csv --unit 各县\t")
        assert (
            terminal.read_until("政府 ") == "ipcity list --format csv --unit 各县\\(市、区\\)政府 "
        )
        terminal.type("; echo status $?\n")
        shown = terminal.read_until("status ") + terminal.read_until("$ ")
        _, header, *rows, status, _ = shown.split("\n")
        assert header == "序号,工作内容,目标要求,工作进度,责任单位,配合单位,状态,职责"
        assert len(rows) == 10
        assert all("各县(市、区)政府" in row for row in rows)
        assert status == "status 0"

        terminal.type(
            "ipcity record 6.3 -s in_progress --date 2009-05-01 --by 市工\t--value 年注\t"
        )
        assert terminal.read_until("=") == (
            "ipcity record 6.3 -s in_progress --date 2009-05-01 --by 市工商局 --value 年注册商标数="
        )
        terminal.type("1320; echo status $?\n")
        shown = terminal.read_until("status ") + terminal.read_until("$ ")
        assert shown.split("\n")[1:] == [
            "已记录：任务 6.3 进行中（2009-05-01，市工商局）",
            "status 0",
            "$ ",
        ]
    finally:
        terminal.close()
    *_, last = (data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()
    assert last == (
        "- {task: '6.3', date: 2009-05-01, status: in_progress, by: 市工商局, "
        "values: {年注册商标数: 1320}}"
    )
