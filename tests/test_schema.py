"""JSON Schema for editors: made from the models, committed under schema/, named by the data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from jsonschema import Draft202012Validator
from tests_support import BUNDLED, ROOT

from ipcity.cli import app
from ipcity.files import yaml_read
from ipcity.plan import schema

NAMES = ("tasks", "units", "status")


def committed(name: str) -> Path:
    return ROOT / "schema" / f"{name}.schema.json"


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads(committed(name).read_text(encoding="utf-8")))


def errors(name: str, data: Any) -> list[tuple[str, str]]:
    """Each schema error as (where, which rule)."""
    found = validator(name).iter_errors(data)
    return sorted(("/".join(map(str, e.absolute_path)), str(e.validator)) for e in found)


@pytest.mark.parametrize("name", NAMES)
def test_committed_schema_matches_the_models(name: str) -> None:
    assert committed(name).read_text(encoding="utf-8") == schema.text(name), (
        f"schema/{name}.schema.json differs from the models: run `make schema` and commit it"
    )


@pytest.mark.parametrize("name", NAMES)
def test_schema_command_prints_the_schema(cli: Cli, name: str) -> None:
    result = cli.runner.invoke(app, ["schema", name])
    assert result.exit_code == 0
    assert result.stdout == schema.text(name)
    printed = json.loads(result.stdout)
    Draft202012Validator.check_schema(printed)
    assert printed["title"] == f"ipcity {name}.yaml"


def test_schema_command_names_the_files_it_knows(cli: Cli) -> None:
    result = cli.runner.invoke(app, ["schema", "plan"])
    assert result.exit_code == 2
    assert result.stderr.endswith("错误：FILE 只能是 tasks、units、status，不能是「plan」。\n")


@pytest.mark.parametrize("name", NAMES)
def test_data_files_name_their_schema_on_the_first_line(name: str) -> None:
    path = BUNDLED / f"{name}.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schema/{name}.schema.json"
    assert (path.parent / "../schema" / f"{name}.schema.json").resolve() == committed(name)


@pytest.mark.parametrize("name", ("tasks", "units"))
def test_bundled_data_satisfies_its_schema(name: str) -> None:
    doc = yaml_read.load(BUNDLED / f"{name}.yaml")
    assert doc.problems == []
    assert errors(name, doc.data) == []


def test_status_schema_says_what_the_file_holds(tmp_path: Path) -> None:
    """Dates are text (ISO or Chinese), status words English or Chinese, as validate reads them."""
    log = tmp_path / "status.yaml"
    log.write_text(
        "- task: '6.3'\n  date: 2009-05-01\n  status: in_progress\n  by: 市工商局\n"
        "- task: '6.3'\n  date: 2009年6月30日\n  status: 已完成\n  values: {年注册商标数: 2810}\n",
        encoding="utf-8",
    )
    assert errors("status", yaml_read.load(log).data) == []
    wrong = [{"task": 6.3, "date": "2009年6月", "status": "finished", "who": "市工商局"}]
    assert errors("status", wrong) == [
        ("0", "additionalProperties"),
        ("0/date", "pattern"),
        ("0/status", "enum"),
        ("0/task", "type"),
    ]
