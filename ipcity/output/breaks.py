"""Where a line of Chinese text may break when a terminal column is too narrow for it.

Rich breaks lines only at white space and folds anything longer by cells. Chinese has no
spaces, so a list of tasks such as "逾期17项（2、6.1、…、11.2）" was folded anywhere: "11.2"
could end one line as "1" and start the next as "1.2", two other tasks' numbers. Here a
line breaks, as Chinese is set, between any two characters, except:

- inside a run of digits, Latin letters and the marks between them ("11.2",
  "2009-12-31", "ISO9001"), unless the run alone is wider than the column;
- before a closing mark (、，。）and the like, or their half-width , . ; ) : it never
  starts a line), or after an opening one (（《“ or ( : it never ends a line);
- white space at a break is dropped, as Rich drops it.

broken() puts the line breaks into the text; Rich (or plain.py, which writes what Rich
would) then has nothing left to fold. A line that fits is left as it is.
"""

from __future__ import annotations

import re

from rich.cells import cell_len, chop_cells

from ipcity.text import CLOSING_MARKS, OPENING_MARKS

_OPENING = re.escape(OPENING_MARKS)
_CLOSING = re.escape(CLOSING_MARKS)
# A run of half- or full-width letters, digits and ASCII marks, not ending in an opening
# mark ("word(（市": the marks open 市).
_RUN = r"[!-~０-９Ａ-Ｚａ-ｚ]*(?:(?![([{])[!-~]|[０-９Ａ-Ｚａ-ｚ])"
# A unit no break falls inside: opening marks, then a run or any one other character, then
# closing marks; or white space. (Each part backs off at most what the next one needs:
# linear in the line, however hostile.)
_UNIT = re.compile(rf"[{_OPENING}]*(?:{_RUN}|[^\s{_OPENING}]|[{_OPENING}])[{_CLOSING}]*|\s+")


def broken(text: str, width: int) -> str:
    """text with a line break wherever a column width cells wide must break it."""
    if width < 1 or len(text) * 2 <= width:
        return text  # (no character takes more than two cells)
    return "\n".join(text[start:end] for start, end in line_spans(text, width))


def line_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Where each line of text starts and ends in it, broken at a width as broken() does
    (a Rich cell keeps its styles: terminal.py slices its Text so)."""
    spans: list[tuple[int, int]] = []
    at = 0
    for line in text.split("\n"):
        end = at + len(line)
        if width < 1 or cell_len(line) <= width:
            spans.append((at, end))
        else:
            spans += _spans(line, at, width)
        at = end + 1
    return spans


def narrowest(text: str) -> int:
    """How narrow a column can be with no unit of text broken: its widest."""
    return max((cell_len(unit) for unit in _UNIT.findall(text) if not unit.isspace()), default=0)


def _spans(line: str, at: int, width: int) -> list[tuple[int, int]]:
    """The lines of one line too wide (starting at `at` in its text), each ending at its
    last unit that is not white space."""
    spans: list[tuple[int, int]] = []
    start: int | None = None  # where the line being filled starts; None: nothing in it yet
    end, used = 0, 0
    for found in _UNIT.finditer(line):
        unit, first, last = found.group(), found.start() + at, found.end() + at
        size = cell_len(unit)
        if used + size <= width:
            start = first if start is None else start
            end, used = (end if unit.isspace() else last), used + size
            continue
        if unit.isspace():  # a break: the space goes with it
            spans.append((start, max(start, end)) if start is not None else (first, first))
            start, used = None, 0
            continue
        if start is not None:
            spans.append((start, max(start, end)))
        if size <= width:
            start, end, used = first, last, size
            continue
        pieces = chop_cells(unit, width)  # wider than the column: folded
        for piece in pieces[:-1]:
            spans.append((first, first + len(piece)))
            first += len(piece)
        start, end, used = first, last, cell_len(pieces[-1])
    if start is not None or not spans:  # (not after a break at the line's last space)
        spans.append((start, max(start, end)) if start is not None else (at, at))
    return spans
