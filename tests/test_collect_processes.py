"""collect as it runs for real: beside `record` in other processes, twice at once on the same
form, and on a form an office suite (LibreOffice) has opened and saved again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Cli
from formbook import READINGS, TASKS, fill, meta, write_forms
from test_collect import FILLED, FILLED_ON
from test_concurrency import ENV, ipcity

pytestmark = pytest.mark.slow  # many processes of the real command, an office suite


def test_collect_beside_record_and_itself_never_loses_or_repeats_a_line(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    write_forms(cli, tmp_path / "sent")
    tech, trade = tmp_path / "科技.xlsx", tmp_path / "工商.xlsx"
    fill(tmp_path / "sent" / "市科技局.xlsx", tech, FILLED, FILLED_ON)
    fill(
        tmp_path / "sent" / "市工商局.xlsx",
        trade,
        {TASKS: [("6.3", "", {"本期状态": "进行中", "完成情况": "商标培育"})],
         READINGS: [("6.4", "新增市级以上著名商标", {"本期读数": 35})]},
        FILLED_ON,
    )  # fmt: skip
    status = data_dir / "status.yaml"
    before = status.read_text(encoding="utf-8")
    command = [sys.executable, "-m", "ipcity"]
    where = ["--data-dir", str(data_dir)]
    runs = [
        [*command, "collect", str(tech), *where],
        [*command, "collect", str(tech), *where],
        [*command, "collect", str(trade), *where],
    ]
    runs += [
        [*command, "record", "14", "--status", "in_progress", "--date", "2009-05-01",
         "--by", "市政府办公室", "--note", f"同时记录 #{n}", *where]
        for n in range(10)
    ]  # fmt: skip
    processes = [
        subprocess.Popen(run, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for run in runs
    ]
    outcomes = [(p.communicate(timeout=180), p.returncode) for p in processes]
    codes = [code for _, code in outcomes]
    assert codes[2:] == [0] * 11, [err for (_, err), _ in outcomes]
    # The same form twice at once: one appends it; the other finds it collected, or is
    # refused by the lock's guard, having written nothing.
    assert sorted(codes[:2]) in ([0, 0], [0, 1]), [err for (_, err), _ in outcomes[:2]]
    said = [out + err for (out, err), _ in outcomes[:2]]
    assert sum("已追加 3 条记录" in text for text in said) == 1, said
    assert sum("已收集过" in text or "刚刚已由另一个" in text for text in said) == 1, said

    text = status.read_text(encoding="utf-8")
    assert text.startswith(before)
    added = text[len(before) :].splitlines()
    assert len(added) == 3 + 2 + 10
    assert len(set(added)) == len(added)
    tech_id, trade_id = meta(tech)["form_id"], meta(trade)["form_id"]
    assert sum(tech_id in line for line in added) == 3
    assert sum(trade_id in line for line in added) == 2
    assert sorted(line for line in added if "同时记录" in line) == sorted(
        f"- {{task: '14', date: 2009-05-01, status: in_progress, by: 市政府办公室, "
        f'note: "同时记录 #{n}"}}'
        for n in range(10)
    )
    assert ipcity("validate", "--data-dir", str(data_dir)).returncode == 0


def test_a_form_saved_again_by_libreoffice_is_collected_as_filled(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    write_forms(cli, tmp_path / "sent")
    filled = tmp_path / "filled" / "市科技局.xlsx"
    filled.parent.mkdir()
    fill(tmp_path / "sent" / "市科技局.xlsx", filled, FILLED, FILLED_ON)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None, "LibreOffice is installed by .ci/run"
    saved = tmp_path / "saved"
    converted = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved), str(filled)],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    assert converted.returncode == 0, converted.stderr
    result = cli("collect", str(saved / "市科技局.xlsx"))
    assert result.exit_code == 0, result.output
    form_id = meta(filled)["form_id"]
    added = (data_dir / "status.yaml").read_text(encoding="utf-8").splitlines()[-3:]
    assert [line.rsplit(", source: ", 1)[1] for line in added] == [
        f'"{form_id}#经常性工作!7"}}',
        f'"{form_id}#量化指标!6"}}',
        f'"{form_id}#任务进展!6"}}',
    ]
    assert "values: {年专利申请量: 2600}" in added[1]
    assert (
        "status: done, by: 市科技局, note: 已印发创建工作方案, evidence: 嘉政办发〔2009〕15号"
        in added[2]
    )
