"""Text from the data, made safe for the output it goes into: a terminal (hidden characters
shown as escapes, text.visible) and Markdown (nothing in it becomes structure).

A plan is untrusted: a unit named "市工商局\\n\\n## 三、表扬名单" must not add a section to
a 督查通报, a note must not set a terminal's title or add raw HTML to a document."""

from __future__ import annotations

import json
import re
from typing import Any

from ipcity.text import visible

# Characters that start inline Markdown (emphasis, code, links, raw HTML, entities, GFM
# strikethrough and tables, math on GitHub) or end a heading: each is written escaped.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&#$])")
# What starts a block when it begins a line: a list item, a setext underline, a numbered
# item. Data can begin a line (a 通报's commendation list, a title), so they are escaped.
# "9.1 建设…" (a task's number) starts no list: a number opens one only before a space.
_BLOCK_START = re.compile(r"^([-+=]|[0-9]{1,9}(?=[.)](?:\s|$)))")


def md_text(text: str, *, starts_line: bool = False) -> str:
    """Text from the data as inline Markdown that reads as the text itself: hidden
    characters escaped, Markdown's own characters backslash-escaped, and line breaks as
    <br>, so that the text stays on its line and can start no heading, list or table.
    starts_line: the text begins a line (or a list item's text), where "- " or "1. " would
    start a list; in a table cell or mid-line they are plain text, and left so."""
    text = _INLINE.sub(r"\\\1", visible(text, keep="\n"))
    if starts_line:
        text = _BLOCK_START.sub(lambda m: m[0] + "\\" if m[0][0].isdigit() else "\\" + m[0], text)
    return text.replace("\n", "<br>")


def terminal_text(text: str, style: str | None = None) -> Any:
    """A Rich Text of text from the data, hidden characters shown as escapes (a terminal
    would act on ESC, CR and bidi overrides), line breaks and tabs kept."""
    from rich.text import Text

    return Text(visible(text), style=style or "")


def json_text(data: Any, indent: int | None = None) -> str:
    """data as JSON that a strict parser reads (no NaN or Infinity: the models refuse them,
    and one that got through would fail loudly here rather than write invalid JSON), with
    hidden characters written as \\u escapes: the same strings to a parser, and nothing
    that reorders or recolours a terminal the JSON is printed on."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    return visible(text, keep="\n", escape=_json_escape)


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # beyond the BMP: a surrogate pair, as JSON writes it
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
