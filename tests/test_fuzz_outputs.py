"""Fuzzing the outputs: the hostile plan (tests/hostile.py: formulas, terminal escapes,
bidi overrides, Markdown and HTML in names, notes and targets), mutated as test_fuzz.py
mutates the bundled one. Whatever the mutation, for data that loads:

- no cell of a workbook we write (report, export) is a formula, or text a spreadsheet
  would take for one; nor is any cell of a CSV we write;
- no terminal output, Markdown or message (for data that does not load too) holds ESC or
  any other raw control, bidi or zero-width character;
- every JSON output parses with a strict parser (no NaN, no Infinity).

`make test` tries a few examples; `make fuzz` many more (IPCITY_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from corpus import BASE
from hostile import make_hostile
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook
from test_fuzz import EXAMPLES, _copy_with, mutated
from typer.testing import CliRunner

from ipcity.cli import app
from ipcity.files.load import load_plan
from ipcity.plan.problems import FILES
from ipcity.text import FORMULA_STARTS, HIDDEN_CATEGORIES


def _hostile_files() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        shutil.copytree(BASE, data_dir)
        make_hostile(data_dir)
        return {name: (data_dir / name).read_bytes() for name in FILES}


HOSTILE = _hostile_files()


def strict_json(text: str) -> Any:
    def refuse(constant: str) -> Any:
        raise ValueError(f"not JSON: {constant}")

    return json.loads(text, parse_constant=refuse)


def raw_hidden(text: str) -> list[str]:
    return [
        f"U+{ord(ch):04X}"
        for ch in text
        if ch != "\n" and unicodedata.category(ch) in HIDDEN_CATEGORIES
    ]


def formulas_in_workbook(path: Path) -> list[str]:
    found = []
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS)
                ):
                    found.append(f"{sheet.title}!{cell.coordinate}={cell.value!r}")
    return found


def formulas_in_csv(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row if c.startswith(FORMULA_STARTS)]


class Runner:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Any:
        result = self.runner.invoke(app, [*args, "--data-dir", str(self.data_dir)])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.exception,
        )
        assert result.exit_code in (0, 1, 2), (args, result.output)
        return result


TERMINAL = [
    ("validate",),
    ("list",),
    ("log",),
    ("units",),
    ("report", "--as-of", "2010-01-15"),
    ("due", "--as-of", "2010-01-15"),
    # Markdown, printed when there is no --output
    ("list", "--format", "md"),
    ("inspect", "--period", "2009H2"),
]
JSON = [
    ("list", "--format", "json"),
    ("log", "--format", "json"),
    ("units", "--format", "json"),
    ("report", "--format", "json", "--as-of", "2010-01-15"),
    ("inspect", "--period", "2009H2", "--format", "json"),
    ("validate", "--format", "json"),
]
CSV = [
    ("log", "--format", "csv"),
    ("list", "--format", "csv"),
    ("report", "--format", "csv", "--by", "unit", "--as-of", "2010-01-15"),
]


@settings(
    max_examples=max(EXAMPLES // 8, 5),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated(HOSTILE))
def test_outputs_of_a_mutated_hostile_plan_hold_nothing_that_runs_or_escapes(
    change: tuple[str, bytes],
) -> None:
    name, content = change
    with tempfile.TemporaryDirectory() as folder:
        data_dir = _copy_with(name, content, Path(folder), HOSTILE)
        run = Runner(data_dir)
        plan, _ = load_plan(data_dir, date.today())
        commands = TERMINAL + JSON if plan is None else TERMINAL + JSON + CSV
        if plan is not None and plan.items:
            commands = [*commands, ("show", plan.items[-1].tasks[-1].id)]
        for command in commands:
            result = run(*command)
            assert raw_hidden(result.stdout + result.stderr) == [], command
            if command in JSON and result.exit_code == 0:
                strict_json(result.stdout)
            if command in CSV and result.exit_code == 0:
                assert formulas_in_csv(result.stdout) == [], command
        if plan is None:
            return
        for args in (
            ("report", "--format", "xlsx", "--as-of", "2010-01-15"),
            ("export", "--format", "xlsx"),
            ("export", "--format", "csv"),
        ):
            out = Path(folder) / f"out.{args[2]}"
            assert run(*args, "--output", str(out)).exit_code == 0, args
            if args[2] == "xlsx":
                assert formulas_in_workbook(out) == [], args
            else:
                assert formulas_in_csv(out.read_text(encoding="utf-8-sig")) == [], args
