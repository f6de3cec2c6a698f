"""Shared fixtures: a copy of the bundled plan in a temporary directory, and a CLI runner."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from tests_support import BUNDLED
from typer.testing import CliRunner, Result

from ipcity.cli import app

# Typer's CliRunner builds the Click commands from the app's signatures on every invoke
# (about 20 ms, a fifth of a typical test). They hold nothing of an invocation (each has
# its own Click context), so each worker builds them once.
typer.testing._get_command = functools.cache(typer.main.get_command)


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test keeps its plans cache to itself (never the user's ~/.cache)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("IPCITY_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled plan that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(BUNDLED, target)
    return target


class Cli:
    """Runs `ipcity ...` in-process against one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Result:
        return self.runner.invoke(app, [*args, "--data-dir", str(self.data_dir)])

    def json(self, *args: str) -> Any:
        result = self(*args, "--format", "json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
def cli(data_dir: Path) -> Cli:
    return Cli(data_dir)
