"""validate's warnings about a log whose records are loaded already: each record written
twice, placed at its line (the log read again only for where its entries start).
Apart from the loader: `record` words them without importing Pydantic."""

from __future__ import annotations

from pathlib import Path

from ipcity.files import yaml_read
from ipcity.plan.problems import STATUS, Problem
from ipcity.plan.record_rules import duplicate_findings


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
    doc = yaml_read.entry_places(path, str(path), raw=raw)
    return [doc.finding(f) for f in findings]
