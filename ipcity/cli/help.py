"""--help in Chinese, laid out by display width.

Click's help formatter writes the words Usage, Options, Arguments and Commands, and
Typer writes [default: …], [required] and the value types (<str>, <int>) into each
option's line, all in English; and both measure text in characters, so a line of
Chinese (each character two columns wide) runs to twice the width they meant. This
formatter puts the words in Chinese where they are written out, and measures and wraps
by columns: a line may break between any two Chinese characters, never inside an
English word, and never before closing punctuation (、，。）).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from typer._click import HelpFormatter as ClickHelpFormatter

from ipcity.text import CLOSING_MARKS, OPENING_MARKS
from ipcity.text import display_width as width

HEADINGS = {"Options": "选项", "Arguments": "参数", "Commands": "命令"}
# The value types Typer shows after an option that takes a value.
TYPES = {
    "<str>": "<文字>",
    "<int>": "<整数>",
    "<int range>": "<整数>",
    "<path>": "<路径>",
    "<list[Path]>": "<路径…>",  # an argument of one or more files
}
# What Typer puts between the brackets after an option's help (`[default: any]`).
EXTRAS = {"default: ": "默认：", "env var: ": "环境变量：", "required": "必填"}
RANGES = {
    re.compile(r"^x>=(\S+)$"): r"至少 \1",
    re.compile(r"^x<=(\S+)$"): r"至多 \1",
    re.compile(r"^(\S+)<=x<=(\S+)$"): r"\1 到 \2",
}
# Only the full-width marks: a half-width one in help stands in a path, an option or
# English (.gitattributes, --as-of, (Markdown)), where a line may break before it.
CLOSING = frozenset(c for c in CLOSING_MARKS if not c.isascii())
OPENING = frozenset(c for c in OPENING_MARKS if not c.isascii()) | {"(", "["}
_PIECE = re.compile(r"\[[^\[\]\n]*\]|\s+|\S")  # a bracket (Typer's [默认：any]) stays whole


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _pieces(text: str) -> list[str]:
    """The text cut where a line may break: spaces, each wide character, each bracket,
    and each run of narrow characters between them (an English word, an option, a date)."""
    pieces: list[str] = []
    for piece in _PIECE.findall(text):
        last = pieces[-1] if pieces else " "
        if all(not p.isspace() and not _wide(p[-1]) and p[-1] != "]" for p in (piece, last)):
            pieces[-1] += piece  # one more narrow character of a word
        else:
            pieces.append(piece)
    return pieces


def wrap(text: str, columns: int) -> list[str]:
    """One paragraph in lines of at most `columns` columns (only a word longer than that
    passes it). Spaces inside a line are kept as written. No line starts with closing
    punctuation or ends with an opening bracket: what stands before goes down with it."""
    lines: list[str] = []
    line: list[str] = []  # the pieces of the line being filled
    for piece in _pieces(text):
        if piece.isspace():
            line += [piece] if line else []
            continue
        if line and width("".join(line)) + width(piece) > columns:
            while line[-1].isspace():
                line.pop()
            cut = len(line) - (piece in CLOSING)
            while cut > 1 and cut < len(line) and line[cut][0] in CLOSING:
                cut -= 1  # 】。: the mark before the one that may not start a line goes too
            while cut > 1 and line[cut - 1][-1] in OPENING:
                cut -= 1
            if cut < 1 or not "".join(line[:cut]).strip():
                cut = len(line)  # nothing would stay behind: break where it must
            lines.append("".join(line[:cut]).rstrip())
            line = line[cut:]
        line.append(piece)
    if line:
        lines.append("".join(line).rstrip())
    return lines or [""]


def join_lines(lines: Sequence[str]) -> str:
    """A paragraph written over several source lines, as one: a break after a Chinese
    character or full-width punctuation was only where the line ran out (unless English
    follows a character), a break between words was a space."""
    text = ""
    for line in (line.strip() for line in lines):
        if text and line:
            last = text[-1]
            joined = _wide(last) and (_wide(line[0]) or unicodedata.category(last)[0] == "P")
            text += "" if joined else " "
        text += line
    return text


def option_names(names: str) -> str:
    """`-u, --unit <str>`: the value type in Chinese."""
    for english, chinese in TYPES.items():
        if names.endswith(english):
            return names[: -len(english)] + chinese
    return names


def option_help(text: str) -> str:
    """An option's help with Typer's bracket at its end (`[default: any; x>=0]`) in Chinese."""
    head, bracket, extras = text.rpartition("[")
    if not bracket or not extras.endswith("]") or (head and not head.endswith("  ")):
        return text
    parts = []
    for part in extras[:-1].split("; "):
        for english, chinese in EXTRAS.items():
            if part.startswith(english):
                part = chinese + part[len(english) :]
                break
        for pattern, chinese in RANGES.items():
            part = pattern.sub(chinese, part)
        parts.append(part)
    return f"{head}[{'；'.join(parts)}]"


EXAMPLES = "示例："


def examples(lines: Sequence[str]) -> list[str]:
    """A docstring's 示例 paragraph, one command a line and never broken inside (a person
    copies it): its lines as written, a line holding two commands set apart by wide space
    (ipcity a    ipcity b) split in two, and a caption (退回：ipcity …) on a line of its
    own above its command."""
    found = []
    for line in lines:
        found += [part for part in re.split(r"\s{3,}", line.strip()) if part]
    found[0] = found[0].removeprefix(EXAMPLES)
    out = [EXAMPLES]
    for example in filter(None, found):
        caption, command = _CAPTIONED.fullmatch(example).groups()  # type: ignore[union-attr]
        out += [f"  {caption}", f"    {command}"] if caption else [f"  {command}"]
    return out


# What may stand before a command: 退回：, 多个责任单位的任务，各报各的：
_CAPTIONED = re.compile(r"(?:(.+?：)\s*(?=ipcity ))?(.*)")


class HelpFormatter(ClickHelpFormatter):
    """Click's formatter, in Chinese and by display width."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        """Paragraphs (blank-line apart) re-wrapped to the width; one that starts with a
        line holding only \\b is kept line for line, as Click does."""
        indent = " " * self.current_indent
        for number, paragraph in enumerate(re.split(r"\n\s*\n", text.expandtabs())):
            lines = paragraph.splitlines()
            if lines and lines[0].strip() == "\b":
                out = lines[1:]
            elif lines and lines[0].lstrip().startswith(EXAMPLES):
                out = examples(lines)
            else:
                out = wrap(join_lines(lines), self.width - self.current_indent)
            self.write("\n" * (number > 0) + "".join(f"{indent}{line}\n" for line in out))

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Options or commands and their help in two columns, the help wrapped beside."""
        rows = [(option_names(first), option_help(second)) for first, second in rows]
        first_col = min(max((width(first) for first, _ in rows), default=0), col_max)
        first_col += col_spacing
        hang = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - width(first)))
            else:
                self.write(f"\n{hang}")
            lines = wrap(second, max(self.width - first_col - self.current_indent, 10))
            self.write(f"{lines[0]}\n" + "".join(f"{hang}{line}\n" for line in lines[1:]))
