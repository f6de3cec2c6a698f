"""`ipcity forms`: a fill-in workbook per unit with a part, laid out as an office form,
locked but for the cells to fill in, printable, and telling the tool what it is."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import Cli
from formbook import DUTIES, READINGS, TASKS, meta, write_forms
from openpyxl import load_workbook

from ipcity.output.write import file_name

TECH_TASKS = [
    "2", "6.1", "6.2", "7.1", "7.2", "7.3", "8.1", "8.2", "8.3", "9.2",
    "10.1", "10.2", "10.3", "10.4", "11.2", "11.5", "12.1",
]  # fmt: skip
FORM_ID = re.compile(r"2009H1-[0-9a-f]{8}")


def units_with_a_part(cli: Cli) -> set[str]:
    """Every unit responsible for a task, itself or as a member of a responsible group."""
    return {
        row["name"] for row in cli.json("units") if row["responsible"] and row["kind"] != "group"
    }


def test_a_workbook_for_every_unit_with_a_part_registered_in_forms_yaml(
    cli: Cli, data_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "填报表"
    result = cli(
        "forms", "--period", "2009H1", "--out", str(out), "--due", "2009-07-05",
        "--as-of", "2009-06-20",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = sorted(p.stem for p in out.iterdir())
    assert written == sorted(units_with_a_part(cli))
    assert len(written) == 28
    lines = result.stdout.splitlines()
    assert (
        lines[1]
        == f"市科技局.xlsx　17 项任务、12 项指标、2 项经常性工作　表格编号 {meta(out / '市科技局.xlsx')['form_id']}"
    )
    assert lines[-1] == (
        f"已生成2009年上半年填报表 28 份，写在 {out}，登记在 {data_dir / 'forms.yaml'}；"
        "报回后用 ipcity collect 收集"
    )
    register = (data_dir / "forms.yaml").read_text(encoding="utf-8").splitlines()
    entries = [line for line in register if line.startswith("- ")]
    assert len(entries) == 28
    tech = meta(out / "市科技局.xlsx")["form_id"]
    assert FORM_ID.fullmatch(tech)
    assert (
        f"- {{form: {tech}, unit: 市科技局, period: '2009H1', issued: 2009-06-20, due: 2009-07-05}}"
        in entries
    )
    # Written again unchanged, a form is the same form: not listed twice.
    write_forms(cli, tmp_path / "again", "--due", "2009-07-05")
    assert (data_dir / "forms.yaml").read_text(encoding="utf-8").splitlines() == register
    assert meta(tmp_path / "again" / "市科技局.xlsx")["form_id"] == tech
    assert cli("validate").stdout == ""


def test_the_science_bureaus_form_lists_its_parts_indicators_and_duties(
    cli: Cli, tmp_path: Path
) -> None:
    write_forms(cli, tmp_path, "--unit", "市科技局", "--due", "2009-07-05")
    book = load_workbook(tmp_path / "市科技局.xlsx")
    assert book.sheetnames == [TASKS, READINGS, DUTIES, "ipcity"]
    tasks = book[TASKS]
    rows = [[c.value for c in row] for row in tasks.iter_rows()]
    assert rows[0][0] == "嘉兴市建设国家知识产权试点城市工作目标和任务分解"
    assert rows[1][0] == "2009年上半年工作进展填报表　一、任务进展（17 项）"
    assert [rows[2][n] for n in (0, 2, 4, 6)] == [
        "填报单位：市科技局", "报回期限：2009-07-05", "填报日期：", "如 2009-06-30；不填按期末"
    ]  # fmt: skip
    assert rows[3][0].startswith(
        "填写说明：本表共 3 个工作表（「任务进展」、「量化指标」、「经常性工作」）"
    )
    assert rows[3][0].endswith(
        "填好后请于 2009-07-05 前将本文件（xlsx 格式）报回嘉兴市国家知识产权试点城市工作领导小组办公室。"
    )
    assert rows[4] == [
        "序号", "工作内容 / 目标要求", "工作进度", "当前状态", "最近进度", "本期状态",
        "完成情况", "存在问题", "下步打算", "佐证材料", "申请延期至", "延期理由",
    ]  # fmt: skip
    assert [row[0] for row in rows[5:]] == TECH_TASKS
    assert rows[5][:5] == [
        "2",
        "印发创建工作方案,建立国家知识产权试点城市工作目标责任",
        "2009年3月\n（2009-03-31）",
        "未开始，逾期",
        "无记录",
    ]
    readings = [[c.value for c in row] for row in book[READINGS].iter_rows(min_row=6)]
    assert readings[:2] == [
        ["6.1", "年专利申请量（全市）", "≥5500", "件", "无", None],
        ["6.1", "年专利授权量（全市）", "≥3300", "件", "无", None],
    ]
    # 2010's figures (6.2's, counted from 2010) are not asked in 2009.
    assert [row[1] for row in readings if row[0] == "6.2"] == ["发明专利年均增长（全市）"]
    duties = [[c.value for c in row] for row in book[DUTIES].iter_rows(min_row=6)]
    assert duties == [
        ["11.2", "宣传活动", "每年至少 1 次", "2009年 1 次", "0 次", None, None],
        ["12.1", "知识产权培训", "每年至少 2 次", "2009年 2 次", "0 次", None, None],
    ]


def test_fixed_cells_are_locked_without_a_password_and_the_fill_in_cells_are_not(
    cli: Cli, tmp_path: Path
) -> None:
    write_forms(cli, tmp_path, "--unit", "市科技局")
    book = load_workbook(tmp_path / "市科技局.xlsx")
    assert book.security is not None and book.security.lockStructure
    assert book.security.workbookPassword is None
    for name in (TASKS, READINGS, DUTIES):
        sheet = book[name]
        assert sheet.protection.sheet and sheet.protection.password is None
        unlocked = sorted(
            cell.coordinate
            for row in sheet.iter_rows()
            for cell in row
            if not cell.protection.locked
        )
        fill_columns = {TASKS: "FGHIJKL", READINGS: "F", DUTIES: "FG"}[name]
        lines = range(6, sheet.max_row + 1)
        expected = [f"{c}{r}" for c in fill_columns for r in lines]
        if name == TASKS:
            expected.append("F3")  # 填报日期
        assert unlocked == sorted(expected)
    checks = book[TASKS].data_validations.dataValidation
    status = next(c for c in checks if c.type == "list")
    assert (status.formula1, str(status.sqref)) == ('"未开始,进行中,已完成,受阻"', "F6:F22")
    hidden = book["ipcity"]
    assert hidden.sheet_state == "veryHidden"


def test_each_sheet_prints_on_a4_landscape_one_page_wide_its_header_repeated(
    cli: Cli, tmp_path: Path
) -> None:
    write_forms(cli, tmp_path, "--unit", "市科技局")
    book = load_workbook(tmp_path / "市科技局.xlsx")
    for name in (TASKS, READINGS, DUTIES):
        sheet = book[name]
        setup = sheet.page_setup
        assert (setup.paperSize, setup.orientation) == (9, "landscape")
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$5:$5"
        assert sheet.freeze_panes == "A6"
    widths = {k: v.width for k, v in book[TASKS].column_dimensions.items()}
    assert widths["B"] >= 30 and widths["G"] >= 24  # about fifteen Chinese characters


def test_the_hidden_sheet_says_what_the_form_is(cli: Cli, tmp_path: Path) -> None:
    write_forms(cli, tmp_path, "--unit", "市科技局", "--due", "2009-07-05")
    found = meta(tmp_path / "市科技局.xlsx")
    assert {k: v for k, v in found.items() if k not in ("plan_digest", "form_id", "lines")} == {
        "format": "ipcity-form 1",
        "plan_title": "嘉兴市建设国家知识产权试点城市工作目标和任务分解",
        "unit": "市科技局",
        "period": "2009H1",
        "period_label": "2009年上半年",
        "first": "2009-01-01",
        "last": "2009-06-30",
        "issued": "2009-06-20",
        "due": "2009-07-05",
    }
    assert re.fullmatch(r"[0-9a-f]{64}", found["plan_digest"])
    assert found["lines"][:2] == [(TASKS, 6, "task", "2", None), (TASKS, 7, "task", "6.1", None)]
    assert (READINGS, 6, "reading", "6.1", "年专利申请量") in found["lines"]
    assert found["lines"][-1] == (DUTIES, 7, "duty", "12.1", "知识产权培训")
    assert len(found["lines"]) == 17 + 12 + 2


def test_a_part_done_before_the_period_is_left_out_one_done_in_it_is_listed(
    cli: Cli, tmp_path: Path
) -> None:
    cli("record", "2", "--status", "done", "--by", "市科技局", "--date", "2008-12-20")
    cli("verify", "2", "--unit", "市科技局", "--accept", "--date", "2008-12-30")
    cli("record", "11.5", "--status", "done", "--by", "市科技局", "--date", "2009-03-02")
    cli("verify", "11.5", "--unit", "市科技局", "--accept", "--date", "2009-03-10")
    cli("record", "6.1", "--status", "in_progress", "--by", "市科技局", "--date", "2009-05-01",
        "--note", "=HYPERLINK(\"http://x\")")  # fmt: skip
    write_forms(cli, tmp_path, "--unit", "市科技局")
    sheet = load_workbook(tmp_path / "市科技局.xlsx")[TASKS]
    numbers = [row[0].value for row in sheet.iter_rows(min_row=6)]
    assert numbers == [n for n in TECH_TASKS if n != "2"]
    done = sheet.cell(6 + numbers.index("11.5"), 4)
    assert done.value == "已完成（已核查）"
    note = sheet.cell(6 + numbers.index("6.1"), 5)
    # A note from the log is text in the form, never a formula.
    assert (note.value, note.data_type) == ('2009-05-01 =HYPERLINK("http://x")', "s")


def test_one_unit_alone_and_a_unit_with_no_part(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("forms", "--period", "2009H1", "--out", str(out), "--unit", "市工商行政管理局")
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["市工商局.xlsx"]
    result = cli("forms", "--period", "2009H1", "--out", str(tmp_path), "--unit", "市信息产业局")
    assert (result.exit_code, result.stderr) == (
        2,
        "错误：市信息产业局不是任何任务的责任单位，没有要它填报的进度\n",
    )
    result = cli("forms", "--period", "2009下半年", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：无法识别的督查时段「2009下半年」")


def test_an_output_folder_that_cannot_be_made_says_so(cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = cli("forms", "--period", "2009H1", "--out", str(blocker / "out"))
    assert result.exit_code == 1
    assert result.stderr == f"错误：无法写入 {blocker / 'out'}：Not a directory\n"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("市科技局", "市科技局"),
        ("各县(市、区)政府", "各县(市、区)政府"),
        ("A/B:C*D?", "A_B_C_D_"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("局。 ", "局。"),
        ("办.", "办"),
        ("\x07响铃", "_响铃"),
    ],
)
def test_a_units_name_becomes_a_file_name_windows_accepts(name: str, safe: str) -> None:
    assert file_name(name, ".xlsx") == safe + ".xlsx"


def test_two_names_that_windows_takes_for_one_file_get_two_files() -> None:
    used: set[str] = set()
    assert [file_name(n, ".xlsx", used) for n in ("Ab", "aB", "A/b")] == [
        "Ab.xlsx",
        "aB (2).xlsx",
        "A_b.xlsx",
    ]


@pytest.mark.slow
def test_libreoffice_opens_the_form_and_prints_it_on_a4_landscape(cli: Cli, tmp_path: Path) -> None:
    write_forms(cli, tmp_path, "--unit", "市科技局", "--due", "2009-07-05")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None, "LibreOffice is installed by .ci/run"
    converted = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "市科技局.xlsx")],
        capture_output=True, timeout=180, check=False,
    )  # fmt: skip
    assert converted.returncode == 0, converted.stderr
    pdf = tmp_path / "市科技局.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "Page size:       841.89 x 595.304 pts (A4)" in info.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in (
        "填报单位：市科技局",
        "2009年上半年工作进展填报表",
        "年专利申请量（全市）",
        "知识产权培训",
    ):
        assert words in text
    assert "plan_digest" not in text  # the hidden sheet is not printed


def test_a_monthly_duty_asks_for_every_month_of_the_period(cli: Cli, tmp_path: Path) -> None:
    cli("record", "11.4", "--by", "市委宣传部", "--count", "1", "--duty", "报纸专栏",
        "--date", "2009-02-10", "--status", "in_progress")  # fmt: skip
    write_forms(cli, tmp_path, "--unit", "市委宣传部")
    duties = [
        [c.value for c in row]
        for row in load_workbook(tmp_path / "市委宣传部.xlsx")[DUTIES].iter_rows(min_row=6)
    ]
    assert duties == [
        ["11.2", "宣传活动", "每年至少 1 次", "2009年 1 次", "0 次", None, None],
        ["11.4", "报纸专栏", "每月至少 1 次", "2009年1月至6月 6 次", "1 次", None, None],
        ["11.4", "电视台专题节目", "每年至少 3 次", "2009年 3 次", "0 次", None, None],
    ]


def test_an_approved_extension_and_a_pending_request_show_in_the_deadline(
    cli: Cli, tmp_path: Path
) -> None:
    cli("extend", "6.1", "--to", "2010年6月", "--reason", "统计口径调整", "--date", "2009-05-01",
        "--approved-by", "市政府办公室")  # fmt: skip
    cli("extend", "7.1", "--to", "2011-06-30", "--reason", "实施率调查推迟", "--date", "2009-05-02")
    write_forms(cli, tmp_path, "--unit", "市科技局")
    sheet = load_workbook(tmp_path / "市科技局.xlsx")[TASKS]
    deadlines = {row[0].value: row[2].value for row in sheet.iter_rows(min_row=6)}
    assert deadlines["6.1"] == "2009年底\n（原定 2009-12-31，经批准延至 2010-06-30）"
    assert deadlines["7.1"] == "2010年底\n（2010-12-31）\n已申请延至 2011-06-30，待批准"
