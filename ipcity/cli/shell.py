"""Shell completion set up: --install-completion and --show-completion, in Chinese, and
the completion classes that answer the shell.

The app declares the two options itself (add_completion=False) so that their help and
what they print are Chinese. zsh, fish and PowerShell get Typer's scripts and classes.
bash gets its own: Typer's hands bash each value as it is, and bash puts it on the
command line as it is, so 各县(市、区)政府 became a syntax error at the bracket; here each
value comes escaped the way bash reads it back (各县\\(市、区\\)政府), is read into
COMPREPLY line by line (no word splitting, no globbing), and a value that ends in = (an
indicator's NAME= for --value) gets no space after it, the reading being typed next.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import BashComplete as TyperBashComplete
from typer._completion_classes import completion_init
from typer._completion_shared import _get_shell_name, get_completion_script
from typer._completion_shared import install as install_script

from ipcity.cli.usage import ChineseUsageError

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")

BASH_SCRIPT = """\
%(complete_func)s() {
    local IFS=$'\\n'
    mapfile -t COMPREPLY < <(env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \\
        %(autocomplete_var)s=complete_bash "$1")
    if [[ ${#COMPREPLY[@]} -eq 1 && -z ${COMPREPLY[0]} ]]; then
        COMPREPLY=()
    elif [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]]; then
        compopt -o nospace
    fi
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s"""

# What bash takes for syntax inside or at the start of a word: a backslash keeps each
# one literal. (A newline cannot be escaped that way; no unit or task name holds one.)
BASH_SPECIAL = re.compile(r"""([\s\\'"$`!&;|<>(){}\[\]*?#~^])""")


def bash_word(value: str) -> str:
    """The value as a bash word that reads back as the value."""
    return BASH_SPECIAL.sub(r"\\\1", value)


class BashComplete(TyperBashComplete):
    """Typer's bash completion, each value escaped for bash, with the script above."""

    source_template = BASH_SCRIPT

    def format_completion(self, item: CompletionItem) -> str:
        return bash_word(item.value)


def register() -> None:
    """Make the completion classes known to Typer's Click (Typer does it only while it
    adds its own completion options, which this app does not use), bash's being ours."""
    completion_init()
    add_completion_class(BashComplete, "bash")


def _names(ctx: typer.Context) -> tuple[str, str]:
    """The program's name and the variable its completion scripts set (_IPCITY_COMPLETE)."""
    prog_name = ctx.find_root().info_name or "ipcity"
    return prog_name, f"_{prog_name.replace('-', '_').upper()}_COMPLETE"


def _shell(ctx: typer.Context) -> str:
    shell = _get_shell_name()
    if shell not in SHELLS:
        raise ChineseUsageError(
            f"认不出当前的 shell（{shell or '未知'}）；补全支持 bash、zsh、fish、PowerShell。",
            ctx,
        )
    return shell


def script(ctx: typer.Context, shell: str) -> str:
    prog_name, complete_var = _names(ctx)
    if shell != "bash":
        return get_completion_script(prog_name=prog_name, complete_var=complete_var, shell=shell)
    function = re.sub(r"[^a-zA-Z0-9_]", "", prog_name.replace("-", "_"))
    return BASH_SCRIPT % {
        "complete_func": f"_{function}_completion",
        "prog_name": prog_name,
        "autocomplete_var": complete_var,
    }


def show(ctx: typer.Context, value: bool) -> None:
    """--show-completion: the script for the shell this runs in, to install by hand."""
    if not value or ctx.resilient_parsing:
        return
    typer.echo(script(ctx, _shell(ctx)))
    raise typer.Exit()


def install(ctx: typer.Context, value: bool) -> None:
    """--install-completion: the script installed where the shell this runs in loads it
    (Typer knows where; for bash, the script it wrote there is replaced by ours)."""
    if not value or ctx.resilient_parsing:
        return
    prog_name, complete_var = _names(ctx)
    shell, path = install_script(shell=_shell(ctx), prog_name=prog_name, complete_var=complete_var)
    if shell == "bash":
        Path(path).write_text(script(ctx, shell), encoding="utf-8")
    typer.echo(f"已为 {shell} 安装命令补全：{path}\n重新打开终端后生效。")
    raise typer.Exit()


def _eager(name: str, callback: Callable[[typer.Context, bool], None], help: str) -> Any:
    return typer.Option(name, callback=callback, is_eager=True, expose_value=False, help=help)


InstallCompletion = Annotated[
    bool,
    _eager(
        "--install-completion", install, "为当前的 shell（bash、zsh、fish、PowerShell）安装命令补全"
    ),
]
ShowCompletion = Annotated[
    bool, _eager("--show-completion", show, "显示当前 shell 的补全脚本，可复制后自行安装")
]
