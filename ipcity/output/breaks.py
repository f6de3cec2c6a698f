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

# The annex writes half-width marks in Chinese text too ("建设,每年"): both are here.
_OPENING = re.escape("（《“‘〈「『【〔［｛([{")
_CLOSING = re.escape("、，。．）》”’〉」』】〕］｝；：！？…％,.;:!?)]}%")
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
    return "\n".join(
        line if cell_len(line) <= width else "\n".join(_lines(line, width))
        for line in text.split("\n")
    )


def _lines(line: str, width: int) -> list[str]:
    lines: list[str] = []
    current, used = "", 0
    for unit in _UNIT.findall(line):
        size = cell_len(unit)
        if used + size <= width:
            current, used = current + unit, used + size
            continue
        if unit.isspace():  # a break: the space goes with it
            lines.append(current.rstrip())
            current, used = "", 0
            continue
        if current:
            lines.append(current.rstrip())
        if size <= width:
            current, used = unit, size
            continue
        *whole, current = chop_cells(unit, width)  # wider than the column: folded
        lines += whole
        used = cell_len(current)
    if current or not lines:  # (not after a break at the line's last space)
        lines.append(current.rstrip())
    return lines
