"""The one exit policy: every error a command raises becomes a message on stderr and the
exit status its class names (errors.ExitStatus). No command picks a number."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer

from ipcity.errors import DataError, IpcityError
from ipcity.text import visible

P = ParamSpec("P")
R = TypeVar("R")


# What a command leaves for the process's end to free (keep): a province's plan is
# millions of objects, a tenth of a second to free one by one, and the process ends without
# freeing anything (app.leave). Only the last command's is held: tests run many commands
# in one process.
_KEPT: list[object] = []


def keep(value: object) -> None:
    """Leave value to be freed when the process ends, not when the command returns."""
    _KEPT.append(value)


def handled(command: Callable[P, R]) -> Callable[P, R]:
    """The command, with its errors reported the one way. functools.wraps keeps the
    signature, from which Typer reads the options."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        _KEPT.clear()
        try:
            return command(*args, **kwargs)
        except IpcityError as exc:
            report(exc)
            raise typer.Exit(exc.status) from None

    return run


def report(exc: IpcityError) -> None:
    if isinstance(exc, DataError):
        from ipcity.output.problems import problems

        problems(exc.problems, sys.stderr)
    # A message may quote what was typed or read: an ESC in it must not reach a terminal.
    message = visible(str(exc), keep="\n")
    if message and isinstance(exc, DataError):
        sys.stderr.write(f"{message}\n")
    elif message:
        sys.stderr.write(f"错误：{message}\n")
