"""The 验收 pack's documents as a reader opens them: the index workbook's sheets (missing
proof first, every task, every file with its hash, the indicators) and the 自评报告's
frame, sections and the places left for the office."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from docx import Document as read_docx
from openpyxl import load_workbook

from ipcity.answers.dossier import dossier
from ipcity.cli import app
from ipcity.index.open import load

NOTICE = "嘉政办发〔2009〕12号.pdf"


@pytest.fixture
def worked(cli: Cli, data_dir: Path, tmp_path: Path) -> Path:
    """A plan part way through: done and checked, claims, a part with a number but no
    file, a blocked part, an approved extension with its approval, readings, a returned
    claim, a cooperating unit's file. Returns the unpacked pack's folder."""
    for name in (NOTICE, "海政发〔2009〕20号.pdf", "延期批复.pdf", "统计.xlsx", "海宁统计.xlsx"):
        (tmp_path / name).write_bytes(name.encode())
    steps = [
        ("record", "2", "--status", "done", "--by", "市政府办公室", "--date", "2009-03-20",
         "--note", "已印发创建工作方案", "--attach", str(tmp_path / NOTICE)),
        ("record", "2", "--status", "done", "--by", "市科技局", "--date", "2009-03-25",
         "--evidence", "嘉科〔2009〕15号"),
        ("verify", "2", "--unit", "市政府办公室", "--accept", "--date", "2009-04-02"),
        ("verify", "2", "--unit", "市科技局", "--accept", "--date", "2009-04-02"),
        ("record", "13.2", "--status", "done", "--by", "海宁市", "--date", "2009-05-01",
         "--attach", str(tmp_path / "海政发〔2009〕20号.pdf")),
        ("verify", "13.2", "--unit", "海宁市", "--accept", "--date", "2009-05-10"),
        ("record", "13.2", "--status", "in_progress", "--by", "平湖市", "--date", "2009-05-02",
         "--note", "资金方案待县政府常务会审议"),
        ("record", "9.1", "--status", "blocked", "--by", "市科技创业服务中心",
         "--date", "2009-06-15", "--note", "交易平台无场地、无经费"),
        ("extend", "6.1", "--to", "2010年6月", "--reason", "年度统计口径调整", "--date",
         "2009-12-20", "--approved-by", "市政府办公室", "--attach", str(tmp_path / "延期批复.pdf")),
        ("record", "6.1", "--status", "in_progress", "--by", "市科技局", "--date", "2009-06-30",
         "--value", "年专利申请量=2600", "--attach", str(tmp_path / "统计.xlsx")),
        ("record", "6.1", "--status", "in_progress", "--by", "海宁市", "--date", "2009-07-05",
         "--value", "年专利申请量=820", "--attach", str(tmp_path / "海宁统计.xlsx")),
        ("record", "3", "--status", "done", "--by", "市政府办公室", "--date", "2009-03-28",
         "--note", "推进大会已召开"),
        ("record", "10.2", "--status", "done", "--by", "市公安局", "--date", "2009-06-01"),
        ("verify", "10.2", "--unit", "市公安局", "--return", "--date", "2009-06-05",
         "--note", "未附结案统计表，请补报"),
    ]  # fmt: skip
    for step in steps:
        result = cli(*step)
        assert result.exit_code == 0, (step, result.output)
    folder = tmp_path / "pack"
    result = cli("dossier", "--out", str(folder), "--as-of", "2010-01-15")
    assert result.exit_code == 0, result.output
    return folder


def sheet_rows(path: Path, name: str) -> list[list[Any]]:
    sheet = load_workbook(path)[name]
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_the_index_lists_missing_proof_first(worked: Path) -> None:
    book = load_workbook(worked / "验收材料索引.xlsx")
    assert book.sheetnames == ["缺少佐证", "任务一览", "佐证文件", "量化指标"]
    rows = sheet_rows(worked / "验收材料索引.xlsx", "缺少佐证")
    title = "嘉兴市建设国家知识产权试点城市工作目标和任务分解：验收材料索引"
    assert rows[0][0] == title
    assert rows[1][0] == "缺少佐证的已完成任务　截至 2010-01-15"
    assert rows[2][0].startswith("以下已完成的任务（或责任单位的那一份）没有附上佐证文件")
    assert rows[3:] == [
        ["序号", "工作内容 / 目标要求", "责任单位", "报完成日期", "核查", "已有的佐证说明（文号等）"],
        ["2", "印发创建工作方案,建立国家知识产权试点城市工作目标责任", "市科技局", "2009-03-25",
         "已核查", "嘉科〔2009〕15号"],
    ]  # fmt: skip


def test_the_index_gives_every_task_whole(worked: Path) -> None:
    rows = sheet_rows(worked / "验收材料索引.xlsx", "任务一览")
    assert rows[2] == [
        "序号", "工作内容 / 目标要求", "工作进度", "责任单位", "完成情况", "核查",
        "指标完成情况", "佐证", "文件数",
    ]  # fmt: skip
    by_id = {row[0]: row for row in rows[3:]}
    assert len(by_id) == 44
    assert by_id["2"][2:] == [
        "2009年3月（2009-03-31）",
        "市政府办公室\n市科技局",
        "已完成（2 个责任单位均已完成）",
        "已核查 2 个",
        None,
        f"{NOTICE}\n文号等：嘉科〔2009〕15号",
        1,
    ]
    assert by_id["6.1"][2] == (
        "2009年底（2009-12-31）\n经批准延至 2010-06-30（市政府办公室批准；理由：年度统计口径调整）"
    )
    assert by_id["6.1"][6] == (
        "年专利申请量：目标 ≥5500件；全市 2600件（2009-06-30），完成 47.3%，未达到；"
        "海宁市政府 820件\n年专利授权量：目标 ≥3300件；尚无读数"
    )
    assert by_id["6.1"][7:] == ["统计.xlsx\n海宁统计.xlsx\n延期批复.pdf", 3]  # by date
    assert by_id["13.2"][4] == (
        "未开始，逾期（7 个责任单位中 1 个已完成）\n"
        "南湖区政府、秀洲区政府、嘉善县政府、海盐县政府、桐乡市政府：未开始，逾期\n"
        "海宁市政府：已完成（已核查）\n"
        "平湖市政府：进行中，逾期：资金方案待县政府常务会审议"
    )
    assert by_id["9.1"][4] == "受阻：交易平台无场地、无经费"
    assert by_id["3"][4:6] == ["已报完成（待核查），逾期", "待核查"]  # its note is no reason
    assert by_id["10.2"][4:6] == [
        "未开始（5 个责任单位中 0 个已完成）\n"
        "市科技局、市工商局、市文化局、市质量技监局：未开始\n"
        "市公安局：进行中（核查退回：未附结案统计表，请补报）",
        "核查退回 1 个",
    ]


def test_the_index_lists_every_file_with_its_hash(worked: Path, data_dir: Path) -> None:
    rows = sheet_rows(worked / "验收材料索引.xlsx", "佐证文件")
    assert rows[2] == [
        "序号", "验收材料中的位置", "附上的记录", "所证明的那一份", "记录说明",
        "数据目录中的位置", "SHA-256",
    ]  # fmt: skip
    assert [row[:5] for row in rows[3:]] == [
        ["2", f"佐证材料/2 印发创建工作方案,建立国家知识产权试点城市…/2/{NOTICE}",
         "2009-03-20 进度记录（市政府办公室）", "市政府办公室", "已印发创建工作方案"],
        ["6.1", "佐证材料/6 提高全市知识产权创造能力/6.1/统计.xlsx",
         "2009-06-30 进度记录（市科技局）", "市科技局", None],
        ["6.1", "佐证材料/6 提高全市知识产权创造能力/6.1/海宁统计.xlsx",
         "2009-07-05 进度记录（海宁市政府）", "（配合单位的说明）", None],
        ["6.1", "佐证材料/6 提高全市知识产权创造能力/6.1/延期批复.pdf",
         "2009-12-20 延期记录", "市科技局", None],
        ["13.2", "佐证材料/13 建立完善各类知识产权专项资金/13.2/海政发〔2009〕20号.pdf",
         "2009-05-01 进度记录（海宁市政府）", "海宁市政府", None],
    ]  # fmt: skip
    for row in rows[3:]:
        packed = (worked / row[1]).read_bytes()
        assert row[6] == hashlib.sha256(packed).hexdigest()
        assert (data_dir / row[5]).read_bytes() == packed


def test_the_index_gives_the_indicators_as_numbers(worked: Path) -> None:
    rows = sheet_rows(worked / "验收材料索引.xlsx", "量化指标")
    assert rows[3] == [
        "6.1", "年专利申请量", "不少于", 5500, "件", 2600, "2009-06-30", "牵头单位报", 47.3,
        "否", "海宁市政府 820",
    ]  # fmt: skip
    assert rows[4][:6] == ["6.1", "年专利授权量", "不少于", 3300, "件", None]


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in read_docx(str(path)).paragraphs if p.text]


def test_the_self_assessment_is_an_official_document_with_the_five_sections(
    worked: Path,
) -> None:
    texts = paragraphs(worked / "自评报告.docx")
    assert texts[:7] == [
        "【请填写：发文机关】",
        "【请填写：机关代字】〔2010〕  号",
        "关于嘉兴市建设国家知识产权试点城市工作目标和任务分解完成情况的自评报告",
        "【请填写：主送机关】：",
        "【定稿前删去本段】本稿由 ipcity 据截至 2010-01-15 的工作方案和进度记录生成，"
        "事实和数字均来自数据；文号、主送机关、发文机关和“【请填写：…】”处由办公室填写。",
        "【定稿前处理】以下 1 项已完成的任务（或责任单位的那一份）没有附上佐证文件，"
        "验收前请补齐（验收材料索引表第一页“缺少佐证”）：",
        "2 印发创建工作方案,建立国家知识产权试点城市工作目标责任"
        "（市科技局，2009-03-25 报完成，已核查；有文号等说明：嘉科〔2009〕15号）",
    ]
    sections = [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert sections == [
        "一、基本情况",
        "二、目标任务完成情况",
        "三、主要成效（指标）",
        "四、存在问题",
        "五、下步打算",
    ]
    assert [t for t in texts if t.startswith("【请填写：")][3:8] == [
        "【请填写：组织领导、工作机制、经费保障等数据之外的情况】",
        "【请填写：各项任务的主要做法】",
        "【请填写：指标之外的主要成效，如典型做法、案例和荣誉】",
        "【请填写：问题的原因分析】",
        "【请填写：下步工作打算】",
    ]
    assert texts[texts.index("一、基本情况") + 1] == (
        "《嘉兴市建设国家知识产权试点城市工作目标和任务分解》共 14 个工作项目、44 项任务，"
        "责任单位 28 个，另有配合单位 3 个；试点期2008年9月1日至2010年12月31日。"
        "截至2010年1月15日，共有进度记录 9 条、核查记录 4 条、延期记录 1 条，附有佐证文件 5 个。"
    )
    assert (
        "6.1 年专利申请量和授权量分别达到5500件以上和3300件以上（工作进度 2009年底，"
        "经批准延至 2010-06-30）：进行中；佐证：统计.xlsx等 3 个文件。" in texts
    )
    problems = texts[texts.index("四、存在问题") + 1 : texts.index("【请填写：问题的原因分析】")]
    assert problems == [
        "据进度记录：",
        "1. 逾期未完成：1 成立国家知识产权试点城市工作领导小组（市政府办公室，期限 2008-09-30）",
        "2. 逾期未完成：3 召开国家知识产权试点城市建设推进大会（市政府办公室，期限 2009-03-31）",
        "3. 已报完成待核查：3 召开国家知识产权试点城市建设推进大会（市政府办公室）",
        "4. 逾期未完成：4 出台《贯彻实施〈国家知识产权战略纲要〉 大力推进知识产权保护工作的若干意见》"
        "（市政府办公室，期限 2009-03-31）",
        "5. 指标未达到：6.1 年专利申请量：目标 ≥5500件；全市 2600件（2009-06-30），完成 47.3%，"
        "未达到；海宁市政府 820件",
        "6. 受阻：9.1 建设国家专利技术展示交易平台（市科技创业服务中心：交易平台无场地、无经费）",
        "7. 核查退回：10.2 严厉查处各种侵犯知识产权的行为,加大知识产权保护力度,对专利、著名商标、"
        "驰名商标、计算机软件著作权和商业秘密等实行重点保护,案件结案率达到90%"
        "（市公安局：未附结案统计表，请补报）",
        "8. 逾期未完成：13.2 各县(市、区)应设立相应的知识产权专项资金（南湖区政府、秀洲区政府、"
        "嘉善县政府、海盐县政府、平湖市政府、桐乡市政府，期限 2008-12-31）",
    ]
    assert texts[-5:] == [
        "附件：目标任务完成情况一览表",
        "【请填写：发文机关】",
        "2010年1月15日",
        "附件",
        "目标任务完成情况一览表",
    ]
    indicators, annex = read_docx(str(worked / "自评报告.docx")).tables
    assert [[c.text for c in row.cells] for row in indicators.rows[:3]] == [
        ["序号", "指标", "目标", "计量单位", "全市", "完成率", "已达到"],
        ["6.1", "年专利申请量", "5500", "件", "2600", "47.3%", "否"],
        ["6.1", "年专利授权量", "3300", "件", "", "", "—"],
    ]
    assert [c.text for c in annex.rows[0].cells] == [
        "序号",
        "工作内容 / 目标要求",
        "完成情况",
        "核查",
        "佐证文件",
    ]
    assert len(annex.rows) == 45


def test_a_cooperating_units_file_is_the_tasks_but_proves_no_part(
    worked: Path, data_dir: Path
) -> None:
    plan, _ = load(data_dir, date.today())
    assert plan is not None
    data = dossier(plan, date(2010, 1, 15))
    [task] = [t for t in data["tasks"] if t["id"] == "6.1"]
    assert [(f["packed"].rsplit("/", 1)[-1], f["units"], f["kind"]) for f in task["files"]] == [
        ("统计.xlsx", ["市科技局"], "status"),
        ("海宁统计.xlsx", [], "status"),
        ("延期批复.pdf", ["市科技局"], "extend_to"),
    ]
    assert [(p["unit"], p["files"]) for p in task["parts"]] == [("市科技局", 2)]
    assert data["counts"]["files"] == 5


@pytest.mark.slow
def test_libreoffice_opens_both_documents_as_a4_pages(worked: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None, "LibreOffice is installed by .ci/run"
    sizes = {}
    for name in ("自评报告.docx", "验收材料索引.xlsx"):
        converted = subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
             "--convert-to", "pdf", "--outdir", str(tmp_path), str(worked / name)],
            capture_output=True, timeout=180, check=False,
        )  # fmt: skip
        assert converted.returncode == 0, converted.stderr
        info = subprocess.run(
            ["pdfinfo", str(tmp_path / name.replace(Path(name).suffix, ".pdf"))],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        sizes[name] = next(line for line in info.splitlines() if line.startswith("Page size"))
    assert sizes == {
        "自评报告.docx": "Page size:       595.304 x 841.89 pts (A4)",
        "验收材料索引.xlsx": "Page size:       841.89 x 595.304 pts (A4)",  # landscape
    }


def test_chinese_numbers_head_the_items_of_any_plan() -> None:
    from ipcity.text import chinese_number

    numbers = [1, 10, 14, 23, 99, 100, 101, 110, 1000, 1010, 4777, 10001, 120034]
    assert [chinese_number(n) for n in numbers] == [
        "一", "十", "十四", "二十三", "九十九", "一百", "一百零一", "一百一十", "一千",
        "一千零一十", "四千七百七十七", "一万零一", "十二万零三十四",
    ]  # fmt: skip


def test_the_dossier_of_a_plan_of_120_items_numbers_them_all(tmp_path: Path) -> None:
    # Numbers stopped at 九十九: a plan of a hundred items ended the dossier in a traceback.
    from test_import import HEADER, write_csv

    rows = [HEADER] + [
        [str(n), f"第{n}项工作", "建立制度", "2010年底", "市科技局", ""] for n in range(1, 121)
    ]
    data_dir = tmp_path / "data"
    cli = Cli(data_dir)
    table = write_csv(tmp_path / "t.csv", rows)
    imported = cli.runner.invoke(app, ["import", str(table), "--into", str(data_dir)])
    assert imported.exit_code == 0, imported.output
    result = cli("dossier", "--out", str(tmp_path / "验收"), "--as-of", "2010-12-31")
    assert result.exit_code == 0, result.output
    texts = paragraphs(tmp_path / "验收" / "自评报告.docx")
    assert [t for t in texts if t.startswith("（一百")][:3] == [
        "（一百）第100项工作",
        "（一百零一）第101项工作",
        "（一百零二）第102项工作",
    ]
