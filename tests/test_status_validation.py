"""`ipcity validate` on a hand-edited status log: every bad record named with its line."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import Cli
from test_record import add_indicators

from ipcity.plan import models

HEADLINE = re.compile(r"^(?P<file>\S+):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.*)$")


def headlines(output: str) -> list[tuple[str, int, int, str]]:
    return [
        (Path(m["file"]).name, int(m["line"]), int(m["col"]), m["message"])
        for m in map(HEADLINE.match, output.splitlines())
        if m
    ]


def status_message(word: str) -> str:
    """The model's own words for an unknown status (their punctuation is the loader's)."""
    with pytest.raises(ValueError) as raised:
        models._status_word(word)
    return str(raised.value)


def test_each_bad_record_is_named_at_its_line_and_column(cli: Cli, data_dir: Path) -> None:
    add_indicators(data_dir)
    (data_dir / "status.yaml").write_text(
        "# 手工编辑过的日志\n"
        "- {task: '6.3', date: 2009-05-01, status: in_progress, by: 市工商局}\n"
        "- {task: '9.9', date: 2009-05-01, status: done}\n"
        "- {task: '6.3', date: 2009-05-01, status: finished}\n"
        "- {task: '6.3', date: 2009-02-30, status: done}\n"
        "- {task: '6.3', date: 2999-01-01, status: done}\n"
        "- {task: '6.3', date: 2009年5月, status: done}\n"
        "- {task: '6.3', date: 2009-05-02, status: done, by: 市工商总局}\n"
        "- {task: '6.3', date: 2009-05-03, status: done, status: blocked}\n"
        "- task: '6.3'\n"
        "  date: 2009-05-04\n"
        "  status: done\n"
        "  values: {年注册商标数: 1320, 专利申请量: 5}\n"
        "- {task: '8.4', date: 2009-05-04, status: done, values: {年专利申请量: 5600}}\n",
        encoding="utf-8",
    )
    result = cli("validate")
    assert result.exit_code == 1
    today = date.today().isoformat()
    assert headlines(result.stdout) == [
        ("status.yaml", 3, 10, "任务「9.9」不存在"),
        ("status.yaml", 4, 43, f"status（状态）：{status_message('finished')}"),
        ("status.yaml", 5, 23, "date（日期）：日期不存在「2009-02-30」"),
        ("status.yaml", 6, 23, f"日期 2999-01-01 在今天（{today}）之后"),
        ("status.yaml", 7, 23, "date（日期）：日期要具体到日「2009年5月」"),
        ("status.yaml", 8, 53, "未知单位「市工商总局」"),
        ("status.yaml", 9, 49, "键「status」重复（第 9 行已有）"),
        ("status.yaml", 13, 26, "「专利申请量」不是任务 6.3 的指标"),
        ("status.yaml", 14, 58, "「年专利申请量」不是任务 8.4 的指标"),
    ]
    assert (
        "  13 |   values: {年注册商标数: 1320, 专利申请量: 5}\n"
        "     |                                ^\n"
        "  提示：本任务的指标：年注册商标数、新增著名商标数(件)\n"
    ) in result.stdout
    assert "  提示：任务 8.4 没有量化指标；读数写在说明（note）里\n" in result.stdout


def test_readings_of_the_tasks_own_indicators_validate(cli: Cli, data_dir: Path) -> None:
    add_indicators(data_dir)
    (data_dir / "status.yaml").write_text(
        "- {task: '6.3', date: 2009-12-31, status: in_progress,"
        " values: {年注册商标数: 1320, 新增著名商标数（件）: 80}}\n",
        encoding="utf-8",
    )
    result = cli("validate")
    assert (result.exit_code, result.output) == (0, "")


def test_every_unknown_reading_of_a_record_is_named(cli: Cli, data_dir: Path) -> None:
    (data_dir / "status.yaml").write_text(
        "- {task: '6.3', date: 2009-05-04, status: done, values: {数: 1, 册: 2, 年注册商标数: 3}}\n",
        encoding="utf-8",
    )
    result = cli("validate")
    assert [h[3] for h in headlines(result.stdout)] == [
        "「数」不是任务 6.3 的指标",
        "「册」不是任务 6.3 的指标",
    ]


def test_a_source_belongs_to_progress_and_extension_records_and_shows_in_the_log(
    cli: Cli, data_dir: Path
) -> None:
    status = data_dir / "status.yaml"
    status.write_text(
        "- {task: '2', date: 2009-06-30, status: done, by: 市科技局, source: 2009H1-1a2b3c4d#任务进展!8}\n"
        "- {task: '6.1', date: 2009-06-30, unit: 市科技局, extend_to: 2010-06-30,"
        " reason: 统计口径调整, source: '2009H1-1a2b3c4d#任务进展!9'}\n",
        encoding="utf-8",
    )
    assert cli("validate").exit_code == 0
    rows = cli.json("log")
    assert [(r["task"], r["source"]) for r in rows] == [
        ("6.1", "2009H1-1a2b3c4d#任务进展!9"),
        ("2", "2009H1-1a2b3c4d#任务进展!8"),
    ]
    with status.open("a", encoding="utf-8") as out:
        out.write(
            "- {task: '2', date: 2009-07-01, unit: 市科技局, verify: accepted,"
            " source: 2009H1-1a2b3c4d#任务进展!8}\n"
        )
    result = cli("validate")
    assert result.exit_code == 1
    assert headlines(result.stdout) == [("status.yaml", 3, 63, "核查记录不能写 source（来源）")]
    assert "提示：source 只用于从填报表收集的进度记录和延期记录；删去它" in result.stdout


def _log_naming(data_dir: Path, names: list[str]) -> None:
    """A log of one record a name, each by that name; notes keep them from being the same
    record written twice."""
    (data_dir / "status.yaml").write_text(
        "".join(
            f"- task: '6.3'\n  date: 2009-01-01\n  status: in_progress\n  by: {name}\n"
            f"  note: 第{n}条\n"
            for n, name in enumerate(names)
        ),
        encoding="utf-8",
    )


def test_thousands_of_bad_records_are_placed_composing_each_batch_once(
    cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each error placed below its record's first line composed its batch of 2,000 records
    # again: 8,000 such records took 267 s, 100,000 an hour.
    from ipcity.files import yaml_document, yaml_read

    records = 2 * yaml_read.BATCH + 500
    _log_naming(data_dir, ["不存在的局"] * records)
    composed: list[str] = []
    compose = yaml_document.compose_text
    monkeypatch.setattr(yaml_document, "compose_text", lambda t: composed.append(t) or compose(t))
    result = cli("validate")
    assert result.exit_code == 1
    assert headlines(result.stdout) == [
        ("status.yaml", 5 * n + 4, 7, "未知单位「不存在的局」") for n in range(records)
    ]
    assert result.stdout.count("  提示：若是新单位，请在 units.yaml 中登记\n") == records
    assert len(composed) == 3  # the three batches, once each


def test_close_names_are_looked_up_once_a_name_and_for_200_names_at_most(
    cli: Cli, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 3 ms a lookup among a province's units: 100,000 records naming units nobody
    # registered looked them up for 5 minutes.
    import difflib

    looked_up: list[str] = []
    close = difflib.get_close_matches
    monkeypatch.setattr(
        difflib, "get_close_matches", lambda w, *a, **k: looked_up.append(w) or close(w, *a, **k)
    )
    names = [f"市科技局{n}" for n in range(250)]
    _log_naming(data_dir, names + names)  # each name twice
    result = cli("validate")
    assert result.exit_code == 1
    assert sorted(looked_up) == sorted(names[:200])
    hints = [line for line in result.stdout.splitlines() if line.startswith("  提示：")]
    near = "  提示：最接近的已知单位：市科技局。若是新单位，请在 units.yaml 中登记"
    alone = "  提示：若是新单位，请在 units.yaml 中登记"
    assert hints == ([near] * 200 + [alone] * 50) * 2
