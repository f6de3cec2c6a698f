"""validate's warnings about a log whose records are loaded already: each record written
twice, placed at its line (the log read again only for where its entries start).
Apart from the loader: `record` words them without importing Pydantic."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ipcity.files import yaml_read
from ipcity.plan.duplicate_rules import duplicate_findings
from ipcity.plan.problems import STATUS, Finding, Problem


def duplicate_warnings(
    data_dir: Path, pairs: list[tuple[int, int]], *, raw: bytes | None = None
) -> list[Problem]:
    """A warning for each record of a loaded plan written twice (duplicates() pairs them),
    at its line. The log is read again only when there is one (a plan keeps no lines);
    raw is its content when read already."""
    findings = duplicate_findings(pairs)
    if not findings:
        return []
    path = data_dir / STATUS
    if raw is not None and (placed := _placed_plainly(raw, str(path), findings)) is not None:
        return placed
    doc = yaml_read.entry_places(path, str(path), raw=raw)
    return [doc.finding(f) for f in findings]


# Where a line breaks for YAML (or for str.splitlines) other than at \n.
_OTHER_BREAKS = tuple(c.encode() for c in "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
# A line neither blank, indented nor a comment that does not start a list entry: the
# log is then not a plain block list, and entry_places decides where entries start.
_NOT_ENTRY = re.compile(rb"(?:[^ #\n-]|-[^ \t\n])")
_NOT_ENTRY_AFTER_BREAK = re.compile(rb"\n(?:[^ #\n-]|-[^ \t\n])")
_ENTRY_AFTER_BREAK = re.compile(rb"\n-")


def _placed_plainly(raw: bytes, name: str, findings: list[Finding]) -> list[Problem] | None:
    """The warnings placed as entry_places places them, found by regular expressions in
    the bytes (a province's log: 10 MB, never split into 400,000 lines) when the log is a
    plain block list of UTF-8 lines broken at \\n alone; None otherwise."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if (
        raw.startswith(b"\xef\xbb\xbf")
        or any(b in raw for b in _OTHER_BREAKS)
        or _NOT_ENTRY.match(raw)
        or _NOT_ENTRY_AFTER_BREAK.search(raw)
    ):
        return None
    starts = [0] if raw.startswith(b"-") else []
    starts += [m.start() + 1 for m in _ENTRY_AFTER_BREAK.finditer(raw)]

    wanted = sorted(
        {i for f in findings for i in (*f.loc, *(f.related or ())) if isinstance(i, int)}
    )
    if not wanted or wanted[0] < 0 or wanted[-1] >= len(starts):
        return None
    places: dict[int, tuple[int, int, str]] = {}
    line, counted = 1, 0
    for n in wanted:  # the lines counted once, from entry to entry
        start = starts[n]
        line += raw.count(b"\n", counted, start)
        counted = start
        end = raw.find(b"\n", start)
        text = raw[start : end if end >= 0 else len(raw)].decode("utf-8")
        places[n] = (line, len(text) - len(text[1:].lstrip()) + 1, text)

    found = []
    for finding in findings:
        (index,) = finding.loc
        (other,) = finding.related or (None,)
        entry = places.get(index) if isinstance(index, int) else None
        earlier = places.get(other) if isinstance(other, int) else None
        if entry is None or earlier is None:
            return None
        at, col, excerpt = entry
        message = finding.message.replace("{line}", str(earlier[0]))
        problem = Problem(name, at, col, message, finding.hint, excerpt)
        found.append(replace(problem, severity=finding.severity))
    return found
