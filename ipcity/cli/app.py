"""The Typer app: every command registered once, each behind the one error handler."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from typing import Annotated, NoReturn

import typer

from ipcity import __version__
from ipcity.cli import (
    dossier_commands,
    form_commands,
    log_commands,
    office_commands,
    plan_commands,
    report_commands,
    shell,
    table_commands,
)
from ipcity.cli.handler import handled
from ipcity.cli.usage import Command, Group

# The core is imported inside each command: `ipcity --help` and a shell completion need
# none of it, and a command needs only its own part (pydantic, PyYAML, Rich, openpyxl).

app = typer.Typer(
    name="ipcity",
    help="知识产权试点城市工作方案的任务分解：检查、查询、记录进度。\n\n"
    "数据在 ./data（tasks.yaml、units.yaml、status.yaml），可用 --data-dir 或 IPCITY_DATA 指定。",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Click's words in Chinese (usage.py); the completion options are _root's own.
    cls=Group,
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
    add_completion=False,
)
shell.register()

COMMANDS: dict[str, Callable[..., None]] = {
    "validate": plan_commands.validate,
    "list": plan_commands.list_,
    "due": plan_commands.due,
    "show": plan_commands.show,
    "record": log_commands.record,
    "log": log_commands.log,
    "verify": office_commands.verify,
    "extend": office_commands.extend,
    "units": plan_commands.units,
    "report": report_commands.report,
    "inspect": report_commands.inspect,
    "dossier": dossier_commands.dossier,
    "export": table_commands.export,
    "import": table_commands.import_,
    "init": table_commands.init,
    "schema": plan_commands.schema_,
    "forms": form_commands.forms,
    "collect": form_commands.collect,
    "remind": form_commands.remind,
}
for name, command in COMMANDS.items():
    app.command(name, cls=Command, options_metavar="[选项]")(handled(command))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ipcity {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="显示版本后退出"),
    ] = False,
    install_completion: shell.InstallCompletion = False,
    show_completion: shell.ShowCompletion = False,
) -> None:
    pass


def main() -> None:
    # A command lives a fraction of a second and makes no garbage cycles worth chasing,
    # while loading a large plan makes millions of objects: the cyclic collector would
    # run hundreds of times for nothing (three times the cost of loading a province).
    gc.disable()
    # Pydantic looks for plugins among the entry points of every installed distribution the
    # first time it builds a validator (importing importlib.metadata: some 20 ms of every
    # command that reads a file). ipcity uses none; a user who sets the variable decides.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Redirected to a file on a Chinese Windows, stdout is GBK: never die on a character.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    try:
        app()  # Click's standalone mode: always ends in SystemExit
    except SystemExit as exc:
        status = exc.code
    except OSError as exc:  # every file a command opens is named in its own error
        status = f"错误：无法写入标准输出：{exc.strerror or exc}"
    leave(status)


def leave(status: object) -> NoReturn:
    """End the process at once, its output flushed. A province's plan is millions of
    objects, and freeing them one by one at interpreter shutdown took 0.4 s of a cold
    `validate`: work the operating system does anyway when a process ends. Nothing else
    is left to finish: the commands close their files and the index's database, and
    ipcity starts no thread and registers no atexit hook. (Nor does anyone else's hook
    run: a coverage tool that saves its data at exit measures ipcity in-process, through
    the app as the tests call it, not a process of the command.)"""
    if isinstance(status, str):  # SystemExit's convention: a message, then status 1
        sys.stderr.write(f"{status}\n")
    code = status if isinstance(status, int) else 0 if status is None else 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left (`| head`): as Click answers it
        code = code or 1
    except OSError as exc:
        sys.stderr.write(f"错误：无法写入标准输出：{exc.strerror or exc}\n")
        code = code or 1
    try:
        sys.stderr.flush()
    finally:
        os._exit(code)
