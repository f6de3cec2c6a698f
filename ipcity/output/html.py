"""A document as one self-contained HTML page: the report, the 督查通报.

Inline CSS and inline SVG only: no script, no font, no image, nothing fetched, so the
file can be mailed, opened offline and printed on A4 (`@page { size: A4 }`).
Strings are built from templates; every piece of data passes through `escape`.
"""

from __future__ import annotations

from html import escape as _escape
from typing import Any

from ipcity.output.document import (
    Bar,
    Block,
    Bullets,
    Column,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Squares,
    StatusRing,
    Table,
)
from ipcity.text import visible


def escape(text: str) -> str:
    """Text from the data in HTML: markup escaped, hidden characters shown as escapes (a
    bidi override would reorder the page around it)."""
    return _escape(visible(text))


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
    "overdue": "#6a1b9a",
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
.cards { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2mm; flex: 1; }
.card { border: 0.5pt solid #bdbdbd; padding: 1.5mm 2mm; }
.card b { display: block; font-size: 15pt; }
.legend span { margin-right: 3mm; white-space: nowrap; }
.none { color: #616161; }
p.legend { margin: 0 0 2mm; color: #616161; font-size: 9pt; }
ul { margin: 1mm 0 2mm; padding-left: 6mm; }
p.issuer { color: #d32f2f; font-size: 20pt; font-weight: bold; text-align: center;
  margin: 0 0 3mm; }
p.number { text-align: center; border-bottom: 1.5pt solid #d32f2f; padding-bottom: 2mm;
  margin: 0 0 6mm; }
h1.title { text-align: center; font-size: 18pt; margin: 6mm 0; }
h1 + p.to { margin-top: 4mm; }
p.sign { text-align: right; margin: 0 12mm 0 0; }
p.sign:first-of-type { margin-top: 6mm; }
.page-break { page-break-before: always; break-before: page; height: 0; margin: 8mm 0;
  border-top: 0.5pt dashed #9e9e9e; }
.colophon { margin-top: 10mm; border-top: 0.75pt solid #212121;
  border-bottom: 0.75pt solid #212121; padding: 1mm 2mm; font-size: 9.5pt; }
.colophon p { margin: 0.5mm 0; }
@media print { .page-break { border: 0; margin: 0; } }
@media print { body { padding: 0; max-width: none; } h2 { page-break-after: avoid; } }
"""


def page(doc: Document) -> str:
    """The document as one HTML page; an official document inside its frame (版头, 主送,
    附件说明 and signature, annexes on a new page, 版记)."""
    frame = doc.frame
    body, annexes = doc.parts()
    parts = []
    if frame is not None:
        issuer, number = frame.head()
        parts += [
            f'<p class="issuer">{escape(issuer)}</p>',
            f'<p class="number">{escape(number)}</p>',
        ]
    parts.append(
        f'<h1 class="title">{escape(doc.title)}</h1>' if frame else f"<h1>{escape(doc.title)}</h1>"
    )
    if frame is not None:
        parts.append(f'<p class="to">{escape(frame.salutation())}</p>')
    parts += [_block(block) for block in body]
    if frame is not None:
        parts += [f"<p>{escape(line)}</p>" for line in frame.annex_lines()]
        parts += [f'<p class="sign">{escape(line)}</p>' for line in frame.signature()]
    parts += [_block(block) for block in annexes]
    if frame is not None:
        lines = "".join(f"<p>{escape(line)}</p>" for line in frame.colophon())
        parts.append(f'<div class="colophon">{lines}</div>')
    body_html = "\n".join(part for part in parts if part)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(doc.title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n{body_html}\n</body>\n</html>\n"
    )


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(block.level, 6)
        return f"<h{level}>{escape(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Bullets):
        items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
        return f"<ul>{items}</ul>"
    if isinstance(block, StatusRing):
        return _ring(block)
    if isinstance(block, PageBreak):
        return '<div class="page-break"></div>'
    if isinstance(block, Table) and block.shown != "data":
        return _table(block)
    return ""


def _class(column: Column[Any]) -> str:
    """Numbers (counts, rates, targets) right-aligned; short cells unbroken; a column that
    is only a picture marked as a chart."""
    if column.chart is not None:
        return ' class="chart"'
    if column.number is not None and column.chart is None and column.light is None:
        return ' class="n"'
    return ' class="nw"' if column.nowrap else ""


def _table(block: Table[Any]) -> str:
    parts = []
    if block.title:
        level = min(block.level, 6)
        parts.append(f"<h{level}>{escape(block.title)}</h{level}>")
    columns = block.columns_for("reading", pictures=True)
    if block.note:
        parts.append(f'<p class="lead">{escape(block.note)}</p>')
    if block.rows:  # how to read a picture, where one is drawn
        parts += [f'<p class="legend">{escape(c.legend)}</p>' for c in columns if c.legend]
    if not block.rows:
        parts.append(f'<p class="none">{escape(block.empty)}</p>')
        return "\n".join(parts)
    classes = [_class(c) for c in columns]
    head = "".join(
        f"<th{cls}>{escape(c.header)}</th>" for c, cls in zip(columns, classes, strict=True)
    )
    body = []
    for row in block.rows:
        tds = "".join(
            f"<td{cls}>{_cell(c, row)}</td>" for c, cls in zip(columns, classes, strict=True)
        )
        body.append(f"<tr>{tds}</tr>")
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    return "\n".join(parts)


def _cell(column: Column[Any], row: Any) -> str:
    if column.chart is not None:
        chart = column.chart(row)
        if isinstance(chart, Bar):
            drawn = _bar(
                chart.percent,
                pace=chart.pace,
                color=COLORS[chart.light] if chart.light else "",
            )
            return drawn  # the text of a chart column only stands in for the picture
        if isinstance(chart, Squares):
            return _squares(chart)
        return escape(column.cell(row))
    light = column.light(row) if column.light is not None else None
    if light is not None:
        return (
            f'<svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">'
            f'<circle cx="5" cy="5" r="5" fill="{COLORS[light]}"/></svg> '
            f"{escape(column.cell(row))}"
        )
    return escape(column.cell(row))


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


def _ring(ring: StatusRing) -> str:
    """Tasks by status as a ring, done first, with the % done in the middle; the counts
    beside it as cards."""
    shares = [(count, COLORS[status]) for _, count, status in ring.counts if status != "overdue"]
    total = sum(count for count, _ in shares) or 1
    radius, stroke, size = 40.0, 16.0, 110
    circumference = 2 * 3.141592653589793 * radius
    offset = 0.0
    arcs = []
    for count, color in shares:
        length = count / total * circumference
        if length:
            arcs.append(
                f'<circle cx="55" cy="55" r="{radius}" fill="none" stroke="{color}" '
                f'stroke-width="{stroke}" stroke-dasharray="{length:.2f} {circumference:.2f}" '
                f'stroke-dashoffset="{-offset:.2f}" transform="rotate(-90 55 55)"/>'
            )
        offset += length
    svg = (
        f'<svg width="{size}" height="{size}" viewBox="0 0 {size} {size}" role="img" '
        f'aria-label="完成率 {ring.percent_done:g}%">{"".join(arcs)}'
        f'<text x="55" y="60" text-anchor="middle" font-size="16" font-weight="bold">'
        f"{ring.percent_done:g}%</text></svg>"
    )
    cards = "".join(
        f'<div class="card"><svg width="9" height="9" aria-hidden="true"><rect width="9" '
        f'height="9" fill="{COLORS[status]}"/></svg> {escape(label)}<b>{count}</b></div>'
        for label, count, status in ring.counts
    )
    return f'<div class="summary">{svg}<div class="cards">{cards}</div></div>'


def _squares(chart: Squares) -> str:
    """One square per period: green met, red missed, each titled with its period."""
    squares = []
    for n, (what, met) in enumerate(chart.met):
        color = COLORS["green"] if met else COLORS["red"]
        squares.append(
            f'<rect x="{n * 9}" y="0" width="7" height="7" fill="{color}">'
            f"<title>{escape(what)}</title></rect>"
        )
    if not squares:
        return ""
    width = len(chart.met) * 9
    return (
        f'<svg width="{width}" height="7" viewBox="0 0 {width} 7" aria-hidden="true">'
        f"{''.join(squares)}</svg>"
    )
