"""`ipcity validate --format text|github|json`: the same problems for a person, CI, a script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from breakage import break_unit
from conftest import Cli

from ipcity.output.problems import github_annotation
from ipcity.plan.problems import Problem


def test_clean_data_prints_nothing_but_an_empty_json_list(cli: Cli) -> None:
    for fmt, expected in (("text", ""), ("github", ""), ("json", "[]\n")):
        result = cli("validate", "--format", fmt)
        assert (result.exit_code, result.stdout) == (0, expected), fmt


def test_github_format_annotates_the_unknown_unit_at_its_line(cli: Cli, data_dir: Path) -> None:
    tasks, line, col = break_unit(data_dir)
    result = cli("validate", "--format", "github")
    assert result.exit_code == 1
    assert result.stdout == (
        f"::error file={tasks},line={line},col={col}::未知单位「市工商总局」"
        "%0A提示：最接近的已知单位：市工商局。若是新单位，请在 units.yaml 中登记\n"
    )


def test_json_format_lists_the_problems(cli: Cli, data_dir: Path) -> None:
    tasks, line, col = break_unit(data_dir)
    result = cli("validate", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == [
        {
            "file": str(tasks),
            "line": line,
            "col": col,
            "severity": "error",
            "message": "未知单位「市工商总局」",
            "hint": "最接近的已知单位：市工商局。若是新单位，请在 units.yaml 中登记",
        }
    ]


def test_text_format_is_the_default(cli: Cli, data_dir: Path) -> None:
    tasks, line, col = break_unit(data_dir)
    default, text = cli("validate"), cli("validate", "--format", "text")
    assert default.exit_code == text.exit_code == 1
    assert default.stdout == text.stdout
    pad = " " * len(str(line))
    assert text.stdout == (
        f"{tasks}:{line}:{col}: error: 未知单位「市工商总局」\n"
        f"  {line} |         responsible: [市工商总局]\n"
        f"  {pad} |                       ^\n"
        "  提示：最接近的已知单位：市工商局。若是新单位，请在 units.yaml 中登记\n"
        "共 1 个错误，在 1 个文件中\n"
    )


def test_github_annotation_escapes_data_and_properties() -> None:
    problem = Problem("a,b:c%.yaml", 3, 4, "100% 不对\r\n第二行", "改：这样, 那样")
    assert github_annotation(problem) == (
        "::error file=a%2Cb%3Ac%25.yaml,line=3,col=4::"
        "100%25 不对%0D%0A第二行%0A提示：改：这样, 那样"
    )


def test_github_annotation_paths_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    inside = Problem(str(tmp_path / "data" / "units.yaml"), 1, 1, "x")
    outside = Problem("/elsewhere/units.yaml", 1, 1, "x")
    assert github_annotation(inside) == "::error file=data/units.yaml,line=1,col=1::x"
    assert github_annotation(outside) == "::error file=/elsewhere/units.yaml,line=1,col=1::x"
