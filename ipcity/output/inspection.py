"""The 督查通报 (`ipcity inspect`) as an official document: its frame (版头, 主送, signature,
版记), its sections numbered as a 公文 numbers them (一、 （一） 1.), and the scorecard as
its annex, written once for every format (output/bulletin_text.py holds the sentences)."""

from __future__ import annotations

from ipcity.answers.contract import Inspection
from ipcity.output import bulletin_text as said
from ipcity.output.document import (
    Block,
    Bullets,
    Document,
    Frame,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from ipcity.output.report import indicator_table, status_ring
from ipcity.output.scorecard import SCORECARD_COLUMNS, scoring_text
from ipcity.text import chinese_number, join_names

ANNEX = "各单位工作情况评分表"
# What stands where tasks.yaml names no office: for the office to fill in.
NO_ISSUER = "（发文机关）"
NO_RECIPIENTS = "（主送机关）"


def heading(data: Inspection) -> str:
    subject = data["issued"]["subject"] or "工作"
    return f"关于{data['period']['label']}{subject}督查情况的通报"


def frame(data: Inspection) -> Frame:
    issued = data["issued"]
    issuer = issued["issuer"] or NO_ISSUER
    return Frame(
        issuer=issuer,
        number=issued["number"],
        recipients=issued["recipients"] or [NO_RECIPIENTS],
        date=said.cn_date(issued["date"]),
        cc=issued["cc"],
        printer=issued["printer"] or issuer,
        annexes=[ANNEX],
    )


class Sections:
    """Headings numbered as a 公文 numbers them: 一、 for a section, （一） within it."""

    def __init__(self) -> None:
        self.top = 0
        self.sub = 0

    def section(self, text: str) -> Heading:
        self.top += 1
        self.sub = 0
        return Heading(f"{chinese_number(self.top)}、{text}", 2)

    def subsection(self, text: str) -> Heading:
        self.sub += 1
        return Heading(f"（{chinese_number(self.sub)}）{text}", 3)


def document(data: Inspection) -> Document:
    period = data["period"]
    framed = frame(data)
    office = framed.issuer
    sections = Sections()
    blocks: list[Block] = [
        Paragraph(
            f"按照《{data['title']}》的要求，对各责任单位{period['label']}承担任务的进展情况"
            "进行了督查。现将有关情况通报如下。"
        ),
        sections.section("总体情况"),
        Paragraph(said.overview(data)),
        status_ring(data["summary"]),
        sections.section("督查工作开展情况"),
        Paragraph(said.basis_text(data)),
        sections.section("主要成效"),
    ]
    blocks += _achievements(data, sections)
    blocks += _indicators(data, sections)
    blocks.append(sections.section("存在的问题"))
    blocks += _problems(data, sections, office)
    blocks += [
        sections.section("与上期相比"),
        Paragraph(said.changes_text(data)),
    ]
    if data["changes"]["newly_overdue"]:
        blocks += [
            Paragraph("本期新增的逾期："),
            Bullets(said.newly_overdue_lines(data["changes"]["newly_overdue"])),
        ]
    if data["indicators"]:
        blocks.append(Paragraph(said.moves_text(data)))
    blocks += [
        sections.section("下步要求"),
        Bullets(said.requirements(data, office)),
        PageBreak(landscape=True),
        Heading("附件", 1),
        Table(
            "scorecard",
            ANNEX,
            SCORECARD_COLUMNS,
            data["scorecard"],
            note=scoring_text(data["weights"]),
            sheet=ANNEX,
            level=1,
        ),
    ]
    dated = f"督查时段 {period['first']} 至 {period['last']}"
    return Document(heading(data), dated, data, blocks, name="督查通报", frame=framed)


def _indicators(data: Inspection, sections: Sections) -> list[Block]:
    """How many indicators stand where, and those with a reading (the city's or a unit's)
    in a table: the others are named in the sentence. None when the plan sets none."""
    rows = data["indicators"]
    if not rows:
        return []
    read = [row for row in rows if row["actual"] is not None or row["parts"]]
    blocks: list[Block] = [
        sections.section("量化指标完成情况"),
        Paragraph(said.indicator_overview(rows)),
    ]
    return blocks + ([indicator_table(read, title="")] if read else [])


def _achievements(data: Inspection, sections: Sections) -> list[Block]:
    blocks: list[Block] = [sections.subsection("本期完成的任务")]
    if data["achievements"]:
        blocks += [
            Paragraph(f"本期新完成{len(data['achievements'])}份："),
            Bullets(said.by_task(data["achievements"], "完成")),
        ]
    else:
        blocks.append(Paragraph("本期没有新完成的任务。"))
    if data["commended"]:
        blocks += [
            sections.subsection("予以表扬的单位"),
            Paragraph(
                "以下单位本期承担的任务无逾期、无受阻，经常性工作全部达到要求，按时报送进度，"
                f"予以表扬：{join_names(data['commended'])}。"
            ),
        ]
    return blocks


def _problems(data: Inspection, sections: Sections, office: str) -> list[Block]:
    """Each kind of problem found, a subsection each; the units that did not report named
    in one sentence."""
    units = data["units"]
    silent = said.silent_text(units)
    found: list[tuple[str, list[Block]]] = [
        (
            "逾期未完成的任务",
            _listed("截至期末，以下单位承担的任务逾期未完成：", said.overdue_lines(units)),
        ),
        ("受阻的任务", _listed("以下任务报受阻：", said.blocked_lines(data["blocked"]))),
        (
            "经常性工作未达到要求",
            _listed("以下单位的经常性工作未达到要求：", said.missed_lines(units)),
        ),
        ("未报送进度的单位", [Paragraph(silent)] if silent else []),
        (
            "已报完成、待核查的任务",
            _listed(
                f"以下{len(data['claims'])}份已报完成，待{office}核查：",
                said.claim_lines(data["claims"]),
            ),
        ),
        (
            "待批准的延期申请",
            _listed("以下延期申请尚未批准：", said.extension_lines(data["extensions"])),
        ),
    ]
    blocks: list[Block] = []
    for title, listed in found:
        if listed:
            blocks += [sections.subsection(title), *listed]
    return blocks or [Paragraph("本期督查没有发现问题。")]


def _listed(lead: str, lines: list[str]) -> list[Block]:
    return [Paragraph(lead), Bullets(lines)] if lines else []
