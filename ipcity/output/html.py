"""The report and the draft 督查通报 as one self-contained HTML page each.

Inline CSS and inline SVG only: no script, no font, no image, nothing fetched, so the
file can be mailed, opened offline and printed on A4 (`@page { size: A4 }`).
Strings are built from templates; every piece of data passes through `escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from ipcity.output.columns import Column
from ipcity.output.inspection import SCORECARD_COLUMNS, inspection_heading, missed_lines
from ipcity.output.report import (
    INDICATOR_REPORT_COLUMNS,
    ITEM_REPORT_COLUMNS,
    LIGHT_LABELS,
    OVERDUE_REPORT_COLUMNS,
    RECURRING_REPORT_COLUMNS,
    UNIT_REPORT_COLUMNS,
    report_heading,
    summary_text,
)
from ipcity.plan.models import STATUS_LABELS, Status
from ipcity.text import join_names

Row = dict[str, Any]

COLORS = {
    "done": "#2e7d32",
    "in_progress": "#1565c0",
    "blocked": "#c62828",
    "not_started": "#9e9e9e",
    "red": "#d32f2f",
    "yellow": "#f9a825",
    "green": "#388e3c",
    "track": "#e0e0e0",
    "pace": "#212121",
}

CSS = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
  "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif; font-size: 10pt; color: #212121;
  margin: 0 auto; max-width: 186mm; padding: 8mm 0; line-height: 1.45; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1.5pt solid #424242; padding-bottom: 1mm; }
h3 { font-size: 10.5pt; margin: 4mm 0 1mm; }
p.lead { margin: 0 0 3mm; color: #424242; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 2mm; }
th, td { border: 0.5pt solid #9e9e9e; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eeeeee; font-weight: bold; white-space: nowrap; }
td.n, th.n { text-align: right; white-space: nowrap; }
td.nw { white-space: nowrap; }
tr { page-break-inside: avoid; }
thead { display: table-header-group; }
.summary { display: flex; gap: 6mm; align-items: center; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; flex: 1; }
.card { border: 0.5pt solid #bdbdbd; padding: 1.5mm 2mm; }
.card b { display: block; font-size: 15pt; }
.legend span { margin-right: 3mm; white-space: nowrap; }
.none { color: #616161; }
ul { margin: 1mm 0 2mm; padding-left: 6mm; }
@media print { body { padding: 0; max-width: none; } h2 { page-break-after: avoid; } }
"""


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _numeric(column: Column, rows: Sequence[Row]) -> bool:
    """A column of numbers (counts, rates, targets) is right-aligned."""
    values = [row.get(column.key) for row in rows]
    return any(isinstance(v, int | float) and not isinstance(v, bool) for v in values) and all(
        v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in values
    )


# Short cells that read badly broken: a light, a unit's name, a task number, a date.
_NOWRAP = {"light", "unit", "id", "task", "item", "due", "rank", "on_pace"}


def _class(column: Column, rows: Sequence[Row]) -> str:
    if _numeric(column, rows):
        return ' class="n"'
    return ' class="nw"' if column.key in _NOWRAP else ""


def _table(
    rows: Sequence[Row], columns: Sequence[Column], cells: dict[str, Any] | None = None
) -> str:
    """A table of rows; `cells` replaces a column's text with HTML made from the row."""
    cells = cells or {}
    if not rows:
        return '<p class="none">无</p>'
    classes = [_class(c, rows) for c in columns]
    head = "".join(
        f"<th{cls}>{escape(c.header)}</th>" for c, cls in zip(columns, classes, strict=True)
    )
    body = []
    for row in rows:
        tds = []
        for c, cls in zip(columns, classes, strict=True):
            content = cells[c.key](row) if c.key in cells else escape(c.text(row))
            tds.append(f"<td{cls}>{content}</td>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _bar(value: float, *, pace: float | None = None, width: int = 90, color: str = "") -> str:
    """A horizontal bar in SVG: value (0..100+) filled, an optional 序时进度 mark."""
    filled = max(0.0, min(value, 100.0)) / 100 * width
    fill = color or COLORS["done"]
    mark = ""
    if pace is not None:
        x = max(0.0, min(pace, 100.0)) / 100 * width
        mark = (
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="10" '
            f'stroke="{COLORS["pace"]}" stroke-width="1.5"/>'
        )
    return (
        f'<svg width="{width}" height="10" viewBox="0 0 {width} 10" role="img" '
        f'aria-label="{value:g}%">'
        f'<rect width="{width}" height="10" fill="{COLORS["track"]}"/>'
        f'<rect width="{filled:.1f}" height="10" fill="{fill}"/>{mark}</svg>'
    )


def _light(name: str) -> str:
    return (
        f'<svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">'
        f'<circle cx="5" cy="5" r="5" fill="{COLORS[name]}"/></svg> {LIGHT_LABELS[name]}'
    )


def _donut(summary: Row) -> str:
    """Tasks by status as a ring, done first, with the % done in the middle."""
    total = summary["total"] or 1
    radius, stroke, size = 40.0, 16.0, 110
    circumference = 2 * 3.141592653589793 * radius
    offset = 0.0
    arcs = []
    for key in ("done", "in_progress", "blocked", "not_started"):
        length = summary[key] / total * circumference
        if length:
            arcs.append(
                f'<circle cx="55" cy="55" r="{radius}" fill="none" stroke="{COLORS[key]}" '
                f'stroke-width="{stroke}" stroke-dasharray="{length:.2f} {circumference:.2f}" '
                f'stroke-dashoffset="{-offset:.2f}" transform="rotate(-90 55 55)"/>'
            )
        offset += length
    return (
        f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" role="img" '
        f'aria-label="完成率 {summary["percent_done"]:g}%">{"".join(arcs)}'
        f'<text x="55" y="60" text-anchor="middle" font-size="16" font-weight="bold">'
        f"{summary['percent_done']:g}%</text></svg>"
    )


def _summary(summary: Row) -> str:
    cards = [
        ("任务", summary["total"]),
        ("已完成", summary["done"]),
        ("进行中", summary["in_progress"]),
        ("受阻", summary["blocked"]),
        ("未开始", summary["not_started"]),
        ("逾期", summary["overdue"]),
        ("完成率", f"{summary['percent_done']:g}%"),
    ]
    legend = "".join(
        f'<span><svg width="9" height="9" aria-hidden="true"><rect width="9" height="9" '
        f'fill="{COLORS[s.value]}"/></svg> {escape(STATUS_LABELS[s])}</span>'
        for s in (Status.done, Status.in_progress, Status.blocked, Status.not_started)
    )
    card_html = "".join(
        f'<div class="card">{escape(k)}<b>{escape(str(v))}</b></div>' for k, v in cards
    )
    return (
        f'<div class="summary">{_donut(summary)}<div><div class="cards">{card_html}</div>'
        f'<p class="legend">{legend}</p></div></div>'
        f'<p class="lead">{escape(summary_text(summary))}</p>'
    )


def _periods(row: Row) -> str:
    """One square per period asked so far: green met, red missed; the current one hollow."""
    squares = []
    for n, period in enumerate(row["periods"]):
        color = COLORS["green"] if period["met"] else COLORS["red"]
        squares.append(
            f'<rect x="{n * 9}" y="0" width="7" height="7" fill="{color}">'
            f"<title>{escape(period['period'])} {period['count']}/{row['at_least']}</title></rect>"
        )
    width = max(len(row["periods"]) * 9, 1)
    text = f"{row['met']}/{row['elapsed']}"
    if row["current"]:
        text += f"；{row['current']['period']} {row['current']['count']}/{row['at_least']}"
    svg = (
        f'<svg width="{width}" height="7" viewBox="0 0 {width} 7" aria-hidden="true">'
        f"{''.join(squares)}</svg> "
        if squares
        else ""
    )
    return svg + escape(text)


def report_page(data: Row, by: str | None = None) -> str:
    """The leaders' report as one HTML page."""
    title = report_heading(data)
    parts = [f"<h1>{escape(title)}</h1>", _summary(data["summary"])]
    if by in (None, "item"):
        parts += [
            "<h2>按工作项目</h2>",
            _table(
                data["items"],
                ITEM_REPORT_COLUMNS,
                {"bar": lambda r: _bar(r["percent_done"])},
            ),
        ]
    if by in (None, "unit"):
        parts += [
            "<h2>按单位</h2>",
            '<p class="lead">红：有逾期、受阻任务或指标落后于序时进度；'
            "黄：有 30 天内到期的任务，或 90 天没有进度记录；绿：其余。</p>",
            _table(data["units"], UNIT_REPORT_COLUMNS, {"light": lambda r: _light(r["light"])}),
        ]
    indicator_columns = [
        *INDICATOR_REPORT_COLUMNS[:5],
        Column("chart", "完成情况（竖线为序时进度）"),
        *INDICATOR_REPORT_COLUMNS[5:],
    ]
    parts += [
        "<h2>逾期任务</h2>",
        _table(data["overdue"], OVERDUE_REPORT_COLUMNS),
        "<h2>量化指标</h2>",
        _table(
            data["indicators"],
            indicator_columns,
            {"chart": _indicator_chart},
        ),
        "<h2>经常性工作</h2>",
        '<p class="lead">每格一个已过去的周期：绿为达到要求，红为未达到。</p>',
        _table(
            data["recurring"],
            [*RECURRING_REPORT_COLUMNS[:3], Column("periods", "各周期（达到/应完成；本期）")],
            {"periods": _periods},
        ),
    ]
    return _page(title, "\n".join(parts))


def _indicator_chart(row: Row) -> str:
    if row["actual"] is None:
        return ""
    pace = None
    if row["expected"] is not None and row["target"]:
        pace = row["expected"] / row["target"] * 100
    color = COLORS["green"] if row["on_pace"] else COLORS["red"]
    if row["on_pace"] is None:
        color = COLORS["in_progress"]
    return _bar(row["percent"] or 0.0, pace=pace, color=color)


def inspection_page(data: Row) -> str:
    """The draft 督查通报 as one HTML page."""
    period = data["period"]
    title = inspection_heading(data)
    parts = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="lead">{escape(data["title"])}，督查时段 {escape(period["first"])} 至 '
        f"{escape(period['last'])}。以下据截至 {escape(period['last'])} 的进度记录生成，"
        "请核实后印发。</p>",
        "<h2>一、总体情况</h2>",
        _summary(data["summary"]),
        "<h2>二、存在的问题</h2>",
    ]
    if not data["units"]:
        parts.append("<p>各单位均无到期未完成任务、未完成的经常性工作和缺报进度的任务。</p>")
    for unit in data["units"]:
        items = [
            f"<li>到期未完成：{escape(t['id'])} {escape(t['text'])}"
            f"（{escape(t['due'] or '')} 到期，"
            f"{escape(STATUS_LABELS[Status(t['status'])])}）</li>"
            for t in unit["overdue"]
        ]
        items += [f"<li>{escape(line)}</li>" for line in missed_lines(unit["missed"])]
        if unit["silent"]:
            ids = join_names([t["id"] for t in unit["silent"]])
            items.append(f"<li>本期无进度记录：{escape(ids)}</li>")
        parts += [f"<h3>{escape(unit['unit'])}</h3>", f"<ul>{''.join(items)}</ul>"]
    parts.append("<h2>三、表扬名单</h2>")
    if data["commended"]:
        parts.append(
            "<p>以下单位本期牵头任务无逾期、经常性工作全部完成、按时报送进度，予以表扬："
            f"{escape(join_names(data['commended']))}。</p>"
        )
    else:
        parts.append("<p>本期没有全部完成的单位。</p>")
    parts += [
        "<h2>四、各单位工作情况</h2>",
        _table(
            data["scorecard"],
            SCORECARD_COLUMNS,
            {
                "completion_rate": lambda r: (
                    _bar(r["completion_rate"], width=50) + f" {r['completion_rate']:g}%"
                )
            },
        ),
    ]
    return _page(title, "\n".join(parts))
