"""Work done in a forked child process while this one does other work: the loader reads
a plan's tasks and units on the machine's other core while it reads the log.

Forked, not spawned: the child has the parent's modules and the bytes it has read
already, and starts in a few milliseconds. Only where that is safe: on Linux (macOS's
system libraries are not fork-safe), and in a process with one thread (a thread holding
a lock when the process forks leaves it held for ever in the child). Anywhere else, and
whenever the child fails, the work is done here, as it would be with no child at all.

The child hands its result back as lines of text (JSON, written and read by the caller's
functions, a few hundred values a line: each value is rebuilt as its annotation says, as
the index's are, and never all held twice) through an anonymous temporary file (no pipe
to keep it waiting, holding its memory, until this process reads it), and ends at once
with os._exit (no cleanup of the parent's that is not its own to run).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import IO, TypeVar

T = TypeVar("T")
# What from_lines raises for lines that are not what to_lines wrote, whole.
UNREADABLE = (ValueError, LookupError, TypeError, StopIteration)


def started(
    work: Callable[[], T],
    to_lines: Callable[[T], Iterable[str]],
    from_lines: Callable[[Iterator[str]], T],
    *,
    worth_it: bool = True,
) -> Callable[[], T]:
    """Begin work in a forked child where that is safe and worth_it (a few milliseconds
    of forking, writing and reading: not for a small plan); what returns work()'s result:
    the child's, written by to_lines (lines with no line break in them) and read by
    from_lines, when it succeeded; else worked out in this process (here and now, when
    no child was started)."""
    if not worth_it or not forking():
        done = work()
        return lambda: done
    try:
        out = tempfile.TemporaryFile()  # noqa: SIM115  # closed by _result, in the parent
    except OSError:
        done = work()
        return lambda: done
    try:
        pid = os.fork()
    except OSError:
        out.close()
        done = work()
        return lambda: done
    if pid == 0:
        _child(lambda: to_lines(work()), out)
    return lambda: _result(pid, out, work, from_lines)


def forking() -> bool:
    """Whether work may be forked off here (IPCITY_FORK=0 turns it off)."""
    return (
        sys.platform == "linux"
        and hasattr(os, "fork")
        and threading.active_count() == 1
        and os.environ.get("IPCITY_FORK", "1") != "0"
    )


def _child(work: Callable[[], Iterable[str]], out: IO[bytes]) -> None:
    code = 1
    try:
        text = io.TextIOWrapper(out, encoding="utf-8", errors="surrogatepass", newline="\n")
        for line in work():
            text.write(line)
            text.write("\n")
        text.flush()
        code = 0
    except BaseException:  # the parent works it out itself
        pass
    finally:
        os._exit(code)


def _result(
    pid: int, out: IO[bytes], work: Callable[[], T], from_lines: Callable[[Iterator[str]], T]
) -> T:
    with out:
        try:
            _, status = os.waitpid(pid, 0)
            succeeded = os.waitstatus_to_exitcode(status) == 0
        except ChildProcessError:  # reaped by someone else: its result is not vouched for
            succeeded = False
        if succeeded:
            out.seek(0)
            text = io.TextIOWrapper(out, encoding="utf-8", errors="surrogatepass", newline="\n")
            try:
                return from_lines(line.removesuffix("\n") for line in text)
            except UNREADABLE:  # cut short (a full disk): not JSON, or not whole
                pass
            finally:
                text.detach()
    return work()
