"""Ways to break a copy of the bundled plan that several tests share."""

from __future__ import annotations

from pathlib import Path


def break_unit(data_dir: Path) -> tuple[Path, int, int]:
    """Name an unknown unit (市工商总局) as 6.3's responsible unit.

    Returns tasks.yaml's path and the line and column of the bad name.
    """
    tasks = data_dir / "tasks.yaml"
    lines = tasks.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("      - id: '6.3'\n")
    n = next(i for i in range(start, len(lines)) if "responsible:" in lines[i])
    assert lines[n] == "        responsible: [市工商局]\n"
    lines[n] = "        responsible: [市工商总局]\n"
    tasks.write_text("".join(lines), encoding="utf-8")
    return tasks, n + 1, lines[n].index("[") + 2
