"""The layout holds: no import cycle, folders import one way, modules stay one job long,
and every command fails the same way for the same cause."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import Cli
from tests_support import ROOT

PACKAGE = ROOT / "ipcity"

# Which folders each folder may import (besides itself and the top-level modules
# errors.py and text.py, which import nothing of ipcity but each other's types).
MAY_IMPORT = {
    "plan": set(),
    "files": {"plan"},
    "answers": {"plan"},
    "log": {"plan", "files", "answers"},
    "tables": {"plan", "files"},
    "output": {"plan", "answers"},
    "index": {"plan", "files", "answers"},
    "pack": {"plan", "files", "answers", "output"},
    "cli": {"plan", "files", "answers", "log", "tables", "output", "pack", "index"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every ipcity module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("ipcity"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py")
                found.add(candidate if is_module.exists() else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("ipcity")}
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: imports(path) & set(modules) for name, path in modules.items()}


def folder(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else None


def test_no_module_imports_itself_through_others() -> None:
    edges = graph()
    cycles = []
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_folders_import_one_way() -> None:
    wrong = sorted(
        f"{source} imports {target}"
        for source, targets in graph().items()
        for target in targets
        if (here := folder(source)) is not None
        and (there := folder(target)) is not None
        and there != here
        and there not in MAY_IMPORT[here]
    )
    assert wrong == []


def test_the_top_level_modules_are_few() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "errors.py", "text.py"]


def test_every_folder_is_a_known_concern() -> None:
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert folders == sorted(MAY_IMPORT)


def test_no_module_runs_past_four_hundred_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--output"),
        ("report", "--format", "xlsx", "--output"),
        ("report", "--format", "md", "--output"),
        ("inspect", "--period", "2009H1", "--output"),
        ("dossier", "--zip"),
        ("dossier", "--out"),
    ],
)
def test_an_unwritable_output_fails_alike_from_every_command(
    cli: Cli, tmp_path: Path, args: tuple[str, ...]
) -> None:
    target = tmp_path / "no such folder" / "out.xlsx"
    result = cli(*args, str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"错误：无法写入 {target}：No such file or directory\n"
