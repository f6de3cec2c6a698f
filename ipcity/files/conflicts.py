"""Git's conflict markers in a data file, found before YAML reads it.

A merge that stopped half way leaves `<<<<<<< HEAD`, `=======` and `>>>>>>> branch` lines in
the file; YAML reads them as a syntax error (`缺少“: ”`) that hides the cause. They are
named here as what they are, 合并冲突, with the lines of each side and how to resolve it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ipcity.files.yaml_document import Document
from ipcity.plan.problems import STATUS, Problem

# Git writes seven of the sign at the start of a line, then a space and a label (a branch,
# HEAD, a commit) or nothing; ||||||| opens the common ancestor's lines (diff3 style).
_MARKER = re.compile(r"(<{7}|\|{7}|>{7})(?: (.*))?|(={7})")
_OPEN, _BASE, _SEPARATOR, _CLOSE = "<<<<<<<", "|||||||", "=======", ">>>>>>>"


@dataclass
class _Block:
    """One conflict: the line of each marker (from 1) and the labels git gave its sides."""

    markers: list[tuple[int, str, str]] = field(default_factory=list)  # line, sign, label

    def line_of(self, sign: str) -> int | None:
        return next((line for line, s, _ in self.markers if s == sign), None)


def find(doc: Document, text: str | None = None) -> list[Problem]:
    """A problem for each conflict left in the file's lines (none in the usual case);
    text: the file's text, when at hand (a marker never spans a line break)."""
    if text is not None and _OPEN not in text and _CLOSE not in text:
        return []  # one search in C: a 400,000-line log is not walked line by line
    if not any(_OPEN in line or _CLOSE in line for line in doc.lines):
        return []
    blocks: list[_Block] = []
    current: _Block | None = None
    for n, line in enumerate(doc.lines, start=1):
        match = _MARKER.fullmatch(line.rstrip())
        if match is None:
            continue
        sign = match[1] or match[3]
        label = (match[2] or "").strip()
        if sign == _OPEN or current is None:
            current = _Block()
            blocks.append(current)
        current.markers.append((n, sign, label))
        if sign == _CLOSE:
            current = None
    if not any(b.line_of(_OPEN) or b.line_of(_CLOSE) for b in blocks):
        return []  # a lone ======= is some other text, not a merge's leftover
    return [_problem(doc, block, doc.path.name == STATUS) for block in blocks]


def _problem(doc: Document, block: _Block, status_log: bool) -> Problem:
    first = block.markers[0][0]
    signs = [sign for _, sign, _ in block.markers]
    count = len(block.markers)
    if signs[0] != _OPEN or signs[-1] != _CLOSE:
        _, sign, label = block.markers[0] if signs[0] != _OPEN else block.markers[-1]
        written = f"{sign} {label}" if label else sign
        missing = (
            f"上面没有与之配对的 {_OPEN}" if signs[0] != _OPEN else f"下面没有与之配对的 {_CLOSE}"
        )
        lines = "、".join(str(n) for n, _, _ in block.markers)
        return doc.problem_at(
            first,
            1,
            f"合并冲突：第 {lines} 行是 git 留下的冲突标记（{written}），{missing}",
            "冲突只解决了一部分：删去剩下的标记行，检查上下的内容是否完整，再运行 ipcity validate",
        )
    ours, theirs = block.markers[0][2], block.markers[-1][2]
    merging = f"git 合并 {ours} 与 {theirs} 时" if ours and theirs else "git 合并时"
    lines = "、".join(str(n) for n, _, _ in block.markers)
    message = f"合并冲突：{merging}没能自动合并这里，留下了冲突标记（第 {lines} 行）{_sides(block)}"
    if status_log:
        hint = (
            f"两边的记录都要保留：删去这 {count} 行标记，留下两边的记录，再运行 ipcity validate。"
            "在仓库的 .gitattributes 中为 status.yaml 写上 merge=union（ipcity init 会写），"
            "两边各自追加的记录合并时就都会保留，不再冲突"
        )
    else:
        hint = (
            f"对照两边改成应有的内容（两边都要的都留下），删去这 {count} 行标记，"
            "再运行 ipcity validate"
        )
    return doc.problem_at(first, 1, message, hint)


def _sides(block: _Block) -> str:
    """；HEAD 一边是第 22 行，keji 一边是第 24—25 行: which lines came from which branch."""
    start, end = block.markers[0][0], block.markers[-1][0]
    base = block.line_of(_BASE)
    separator = block.line_of(_SEPARATOR)
    if separator is None:
        return ""
    ours, theirs = block.markers[0][2], block.markers[-1][2]
    ours = f"{ours} 一边" if ours else "一边"
    theirs = f"{theirs} 一边" if theirs else "另一边"
    sides = f"；{ours}{_span(start + 1, (base or separator) - 1)}，"
    sides += f"{theirs}{_span(separator + 1, end - 1)}"
    if base is not None:
        sides += f"，合并前的原样{_span(base + 1, separator - 1)}"
    return sides


def _span(first: int, last: int) -> str:
    if last < first:
        return "为空"
    return f"是第 {first} 行" if first == last else f"是第 {first}—{last} 行"
