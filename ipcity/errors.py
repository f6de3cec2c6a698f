"""The errors a command raises, and the exit status each one means. A command raises;
cli/handler.py alone turns an error into a message and an exit status."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ipcity.plan.problems import Problem


class ExitStatus(IntEnum):
    """What `ipcity` exits with: the README's table of exit codes is this enum."""

    OK = 0
    ERROR = 1  # the data does not validate, or a file cannot be read or written
    USAGE = 2  # something typed on the command line cannot be done


class IpcityError(Exception):
    """An error a person can act on; the message says what and how to fix it."""

    status = ExitStatus.ERROR


class UsageError(IpcityError):
    """Something typed on the command line that cannot be done (unknown unit, task, date)."""

    status = ExitStatus.USAGE


class OutputError(IpcityError):
    """A file the command was asked to write cannot be written (its message names it)."""

    @classmethod
    def writing(cls, path: object, exc: OSError) -> OutputError:
        """The one message for an output that could not be written, from every command."""
        return cls(f"无法写入 {path}：{exc.strerror or exc}")


class DataError(IpcityError):
    """Data that cannot be used: every problem (each naming its file and line), then what
    to do about them. The message is that advice; `problems` holds the problems."""

    def __init__(self, problems: Sequence[Problem], advice: str) -> None:
        super().__init__(advice)
        self.problems = list(problems)
