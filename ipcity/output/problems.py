"""Problems in the data, for a person (text), a GitHub Actions log (github) or a script (json)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from ipcity.output.safe import json_text
from ipcity.plan.problems import SEVERITY_LABELS, Problem
from ipcity.text import visible


def problems(found: Sequence[Problem], out: IO[str] | None = None, fmt: str = "text") -> None:
    """Every problem, for a person (text), a GitHub Actions log (github) or a script (json).

    text: FILE:LINE:COL: error: MESSAGE (or warning:), the line, and the fix. Nothing
    when there is no problem, except for json, which always writes a list (maybe empty).
    """
    out = out or sys.stdout
    if fmt == "json":
        rows = [
            {
                "file": p.file,
                "line": p.line,
                "col": p.col,
                "severity": p.severity,
                "message": p.message,
                "hint": p.hint,
            }
            for p in found
        ]
        out.write(json_text(rows, indent=2) + "\n")
        return
    if fmt == "github":
        for p in found:
            out.write(github_annotation(p) + "\n")
        return
    for problem in found:
        out.write(problem.format() + "\n")
    if found:
        files = len({p.file for p in found})
        counts = [
            f"{n} 个{label}"
            for severity, label in SEVERITY_LABELS.items()
            if (n := sum(p.severity == severity for p in found))
        ]
        out.write(f"共 {'、'.join(counts)}，在 {files} 个文件中\n")


def github_annotation(problem: Problem) -> str:
    """`::error file=F,line=L,col=C::MESSAGE` (or ::warning), escaped the way the Actions
    runner unescapes.

    The file is made relative to the working directory when it lies below it: the runner
    matches annotations to files by their path in the repository.
    """
    # Line breaks are the runner's to escape (%0D, %0A); any other hidden character is ours.
    message = problem.message + (f"\n提示：{problem.hint}" if problem.hint else "")
    message = visible(message, keep="\r\n")
    props = (
        f"file={_escape_property(visible(_relative(problem.file)))},"
        f"line={problem.line},col={problem.col}"
    )
    return f"::{problem.severity} {props}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _relative(file: str) -> str:
    path = Path(file)
    if path.is_absolute():
        with contextlib.suppress(ValueError):
            return path.relative_to(Path.cwd()).as_posix()
    return path.as_posix()
