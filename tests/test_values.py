"""Option values are read without Pydantic as Typer reads them with it: the same value, or
a refusal of the same kind, for every kind of parameter ipcity's commands take; and no
command imports Pydantic to read its options."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from tests_support import imports_of
from typer._adapters import try_build_adapter, validation_context

from ipcity.cli.app import app
from ipcity.cli.values import PlainParam, Refused, plain_params, reader

COMMAND = typer.main.get_command(app)
# Examples per parameter (about a hundred parameters): 20; `make fuzz` tries 150.
EXAMPLES = max(int(os.environ.get("IPCITY_FUZZ_EXAMPLES", "40")) // 20, 20)
PARAMS = [
    (name, param)
    for name, command in COMMAND.commands.items()  # type: ignore[attr-defined]
    for param in command.params
]


def test_every_parameter_of_every_command_is_read_without_pydantic() -> None:
    typer_own = [
        f"{name} {param.name}" for name, param in PARAMS if reader(param.type_descriptor) is None
    ]
    assert typer_own == []


def _typer(param: Any, value: Any) -> tuple[str, Any]:
    adapter = try_build_adapter(
        param.type_descriptor.annotation, param.type_descriptor.parameter_info
    )
    assert adapter is not None
    ctx = typer.Context(COMMAND)
    try:
        return "value", adapter.validate_python(value, context=validation_context(ctx, param))
    except ValidationError as exc:
        return "refused", exc.errors()[0]["type"]
    except ValueError as exc:  # a NUL in a path: os.stat's, the same either way
        return "raised", type(exc).__name__


def _plain(param: Any, value: Any) -> tuple[str, Any]:
    read = reader(param.type_descriptor)
    assert read is not None
    try:
        return "value", read(value, typer.Context(COMMAND))
    except Refused as exc:
        return "refused", exc.kind
    except ValueError as exc:
        return "raised", type(exc).__name__


typed = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"\s*[+-]?[0-9_]{0,6}(\.[0-9]{0,3})?\s*", fullmatch=True),
    st.sampled_from(
        ["json", "JSON", " md", "牵头", "Responsible", "全部", "0", "-1", "1e3", "１２"]
    ),
)


@pytest.mark.parametrize(
    ("name", "param"), PARAMS, ids=[f"{name}-{param.name}" for name, param in PARAMS]
)
@settings(max_examples=EXAMPLES, deadline=None)
@given(value=typed)
def test_a_value_reads_as_typer_reads_it(name: str, param: Any, value: str) -> None:
    if param.type_descriptor.annotation is bool:
        value = value.strip() or "true"
    # Pydantic reads "0-1" as -1 (a sign after leading zeros); ipcity refuses it.
    assume(param.type_descriptor.annotation is not int or not re.search(r"\d[_\d]*[+-]", value))
    values = [value] if getattr(param, "multiple", False) else value
    assert _plain(param, values) == _typer(param, values)


def test_a_refused_value_is_worded_in_chinese(data_dir: Path) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["list", "--limit", "x", "-d", str(data_dir)])
    assert result.exit_code == 2
    assert "错误：--limit 要写整数，不能是「x」。" in result.stderr
    result = CliRunner().invoke(app, ["list", "--role", "boss", "-d", str(data_dir)])
    assert (
        "错误：--role 只能是 responsible（牵头）、cooperating（配合）、any（全部），不能是「boss」。"
        in result.stderr
    )


def test_a_reader_once_given_is_kept() -> None:
    command = COMMAND.commands["list"]  # type: ignore[attr-defined]
    plain_params(command.params)
    first = [p._runtime_param for p in command.params if hasattr(p, "type_descriptor")]
    assert all(isinstance(r, PlainParam) for r in first)
    plain_params(command.params)
    assert [p._runtime_param for p in command.params if hasattr(p, "type_descriptor")] == first


@pytest.mark.slow  # two processes of the real command for each
@pytest.mark.parametrize(
    ("args", "imported"),
    [
        (["list", "--unit", "市科技局", "--limit", "5", "--role", "牵头", "-f", "json"], "[]"),
        (["due", "--before", "2010年底", "--as-of", "2009-06-30"], "[]"),
        (["show", "6.3", "--format", "md"], "[]"),
        (["report", "--as-of", "2009-12-31", "--by", "unit", "--limit", "3"], "[]"),
        # record reads back the line it appends with the YAML reader, before writing it
        (
            ["record", "6.3", "--status", "done", "--by", "市工商局", "--date", "2009-05-01"],
            "['yaml']",
        ),
    ],
)
def test_a_warm_command_imports_neither_pydantic_nor_yaml(
    args: list[str], imported: str, data_dir: Path, private_cache: Path
) -> None:
    env = {**os.environ, "IPCITY_CACHE_DIR": str(private_cache), "PYTHONUTF8": "1"}
    command = [*args, "--data-dir", str(data_dir)]
    subprocess.run([sys.executable, "-m", "ipcity", "validate", "-d", str(data_dir)], env=env)
    done = imports_of(command, env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == imported, done.stderr
