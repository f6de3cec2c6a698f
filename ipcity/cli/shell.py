"""Shell completion set up: --install-completion and --show-completion, in Chinese, and
the completion classes that answer the shell (Typer's).

The app declares the two options itself (add_completion=False) so that their help and
what they print are Chinese; the scripts, and where they are installed, are Typer's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer._completion_classes import completion_init
from typer._completion_shared import _get_shell_name, get_completion_script
from typer._completion_shared import install as install_script

from ipcity.cli.usage import ChineseUsageError

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def register() -> None:
    """Make the completion classes known to Typer's Click: Typer does it only while it
    adds its own completion options, which this app does not use."""
    completion_init()


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


def show(ctx: typer.Context, value: bool) -> None:
    """--show-completion: the script for the shell this runs in, to install by hand."""
    if not value or ctx.resilient_parsing:
        return
    prog_name, complete_var = _names(ctx)
    typer.echo(
        get_completion_script(prog_name=prog_name, complete_var=complete_var, shell=_shell(ctx))
    )
    raise typer.Exit()


def install(ctx: typer.Context, value: bool) -> None:
    """--install-completion: the script installed where the shell this runs in loads it."""
    if not value or ctx.resilient_parsing:
        return
    prog_name, complete_var = _names(ctx)
    shell, path = install_script(shell=_shell(ctx), prog_name=prog_name, complete_var=complete_var)
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
