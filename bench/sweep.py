"""Peak memory of every command at the largest plan: issue 14's "peak memory of any command
≤ 200 MB" is asked of them all, not only of the five commands timed. Each runs once, after
a `validate` has written the index (as an office runs them, one after another), on a
scratch copy of the plan, its files written into a scratch folder. A command that writes
a document or a folder of them runs with the largest output it has (every row, every
unit), and `collect` reads back every form `forms` wrote (unfilled: each is refused,
exit 1, having been read whole)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import generate

Run = Callable[[Sequence[str], dict[str, str], frozenset[int]], tuple[float, float | None]]


@dataclass(frozen=True)
class Swept:
    shown: str  # the command as a person types it, without the data directory
    wall: float | None  # seconds, or None when it failed
    peak_mb: float | None
    failed: str = ""


# (as shown, the words after `ipcity`, the exit codes it may end with)
COMMANDS: tuple[tuple[str, str, frozenset[int]], ...] = tuple(
    (shown, words, frozenset(codes))
    for shown, words, codes in (
        ("list --limit 0", "list --limit 0", {0}),
        ("list --format json", "list --format json", {0}),
        ("due", "due", {0}),
        ("show {task}", "show {task}", {0}),
        ("units", "units", {0}),
        ("log", "log", {0}),
        ("log --limit 0", "log --limit 0", {0}),
        ("log --format json", "log --format json", {0}),
        ("report --format json", "report --format json", {0}),
        ("report --format html", "report --format html --output {out}/r.html", {0}),
        ("report --format xlsx", "report --format xlsx --output {out}/r.xlsx", {0}),
        ("report --format docx", "report --format docx --output {out}/r.docx", {0}),
        ("inspect --period 2009H2", "inspect --period 2009H2", {0}),
        (
            "inspect --period 2009H2 --format docx",
            "inspect --period 2009H2 --format docx --output {out}/i.docx",
            {0},
        ),
        ("export --format xlsx", "export --format xlsx --output {out}/e.xlsx", {0}),
        ("export --format sqlite", "export --format sqlite --output {out}/e.sqlite", {0}),
        ("dossier", "dossier --as-of {due} --out {out}/dossier", {0}),
        ("remind --format docx", "remind --as-of {due} --format docx --out {out}/remind", {0}),
        ("forms --period 2009H2", "forms --period 2009H2 --out {out}/forms", {0}),
        ("collect --dry-run (every form)", "collect --dry-run {forms}", {1}),
    )
)


def sweep(
    ipcity: Path,
    data: Path,
    out: Path,
    env: dict[str, str],
    run: Run,
    failed: type[Exception],
) -> list[Swept]:
    """Each command run once on data (a scratch copy whose index `env` keeps); run()
    raises `failed` for a command that ends otherwise than it may."""
    run([str(ipcity), "validate", "-d", str(data)], env, frozenset({0}))  # the index written
    found = []
    for shown, words, codes in COMMANDS:
        fields = {"task": generate.RECORD_TASK, "due": generate.DUE_BEFORE, "out": str(out)}
        argv = [str(ipcity)]
        for word in words.split():
            if word == "{forms}":
                argv += sorted(str(p) for p in (out / "forms").glob("*.xlsx"))
            else:
                argv.append(word.format(**fields))
        shown = shown.format(**fields)
        try:
            wall, peak = run([*argv, "-d", str(data)], env, codes)
        except failed as exc:  # (shown in the table; the sweep goes on)
            found.append(Swept(shown, None, None, str(exc)))
            continue
        found.append(Swept(shown, wall, peak))
    return found
