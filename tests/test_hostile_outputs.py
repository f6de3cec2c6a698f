"""What a hostile plan (tests/hostile.py) cannot do to the people who read its outputs: no
cell of a CSV or XLSX we write is a formula, and numbers stay numbers."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from conftest import Cli
from hostile import CONTENT, TITLE, UNIT, make_hostile
from openpyxl import load_workbook
from typer.testing import CliRunner

from ipcity.cli import app
from ipcity.files import yaml_read
from ipcity.text import FORMULA_STARTS


@pytest.fixture
def hostile(cli: Cli, data_dir: Path) -> Cli:
    make_hostile(data_dir)
    return cli


NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def formulas(path: Path) -> list[str]:
    """Every cell of a workbook that a spreadsheet would take for a formula."""
    found = []
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if cell.data_type == "f" or (
                    isinstance(value, str) and value.startswith(FORMULA_STARTS)
                ):
                    found.append(f"{sheet.title}!{cell.coordinate}={value!r}")
    return found


def test_export_csv_neutralises_every_cell(hostile: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    assert hostile("export", "--output", str(out)).exit_code == 0
    text = out.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][:2] == ["1", "'" + CONTENT]
    assert [row[4] for row in rows if row[2].startswith("3.年注册商标")] == ["'" + UNIT]
    assert text.splitlines()[1] == f'1,"\'{CONTENT}",,2008年9月,市政府办公室,'
    assert [c for row in rows for c in row if c.startswith(FORMULA_STARTS)] == []


def test_export_xlsx_writes_text_never_a_formula(hostile: Cli, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    assert hostile("export", "--output", str(out)).exit_code == 0
    assert formulas(out) == []
    sheet = load_workbook(out).worksheets[0]
    assert (sheet["A1"].value, sheet["A1"].data_type) == ("'" + TITLE, "s")
    assert (sheet["B3"].value, sheet["B3"].data_type) == ("'" + CONTENT, "s")


def test_report_xlsx_writes_text_never_a_formula_and_numbers_as_numbers(
    hostile: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "report.xlsx"
    result = hostile("report", "--as-of", "2010-01-15", "-f", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert formulas(out) == []
    book = load_workbook(out)
    assert book.properties.title == f"{TITLE}：工作进展（截至 2010-01-15）"
    items = book["按工作项目"]
    # The title on top of every sheet, neutralised like any text cell.
    assert (items["A1"].value, items["A1"].data_type) == ("'" + book.properties.title, "s")
    [content] = [c for c in items["B"] if c.value == "'" + CONTENT]
    assert content.data_type == "s"
    units = [row for row in book["按单位"].iter_rows(values_only=True) if row[1] == "'" + UNIT]
    assert len(units) == 1
    [reading] = [r for r in book["量化指标"].iter_rows() if r[1].value == "年注册商标数"]
    # a negative reading is a number, not text that starts with "-"
    header = next(r for r in book["量化指标"].iter_rows(values_only=True) if r[0] == "序号")
    actual = header.index("实际")
    assert (reading[actual].value, reading[actual].data_type) == (-5, "n")


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--format", "csv"),
        ("show", "6.3", "--format", "csv"),
        ("log", "--format", "csv"),
        ("units", "--format", "csv"),
        ("report", "--format", "csv", "--as-of", "2010-01-15"),
        ("report", "--format", "csv", "--by", "unit", "--as-of", "2010-01-15"),
    ],
)
def test_csv_output_neutralises_every_cell(hostile: Cli, args: tuple[str, ...]) -> None:
    result = hostile(*args)
    assert result.exit_code == 0, result.output
    cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
    # A number stays a number (-5 is a reading); no text starts a formula.
    assert [c for c in cells if c.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(c)] == []
    assert any(c.startswith(("'" + UNIT, "'" + CONTENT, "'-5", "'" + TITLE)) for c in cells)


def test_log_csv_in_full(hostile: Cli) -> None:
    result = hostile("log", "--format", "csv")
    assert result.stdout == (
        "序号,日期,状态,报告单位,说明,指标读数,佐证\n"
        f'6.3,2009-05-01,进行中,"\'{UNIT}",\\x1b]0;pwned\\x07\\x1b[2J\\u202eabc,'
        '年注册商标数=-5,"\'-5"\n'
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_exported_hostile_plan_imports_as_it_was(hostile: Cli, tmp_path: Path, fmt: str) -> None:
    """The apostrophe is for the spreadsheet: import takes it off again."""
    table = tmp_path / f"plan.{fmt}"
    assert hostile("export", "--output", str(table)).exit_code == 0
    into = tmp_path / "again"
    result = CliRunner().invoke(app, ["import", str(table), "--into", str(into)])
    assert result.exit_code == 0, result.output
    again = yaml_read.load(into / "tasks.yaml").data
    assert again["items"][0]["content"] == CONTENT
    assert again["items"][5]["tasks"][2]["responsible"] == [UNIT]
    assert again["title"] == (TITLE if fmt == "xlsx" else "plan")
