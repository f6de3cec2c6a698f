"""Writing values as YAML text that any reader gives back exactly: plain where that is
safe, quoted with escapes where not. One list entry is one line, a flow mapping.

One line because git's union merge works line by line and, given two appended blocks,
keeps the lines they share only once: two block-style records that both end in
`  by: 市科技局` would come out of a merge as one record missing a line and another with
two. Whole lines it can only reorder, and the log is ordered by date, not by place.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any

import yaml

from ipcity.files.yaml_loader import STR_TAG

_RESOLVER = yaml.resolver.Resolver()
# Characters that start something other than plain text, or end it, inside a flow mapping.
_PLAIN_NEVER = frozenset(",[]{}#:&*!|>'\"%@`?")
_ESCAPES = {
    "\0": "\\0",
    "\a": "\\a",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\v": "\\v",
    "\f": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
# Written as an escape in quotes: controls, line and paragraph separators, format and
# unassigned characters (a BOM, a bidi override, a zero-width space), and spaces other
# than the two a person types. Both readers accept them raw, but some fold or drop them
# (PyYAML's own dumper turns a NEL into a space), and escaped they are visible in a diff.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"})
# What a YAML 1.2 reader takes for a number (1e-07 is text to PyYAML, a float to others).
_YAML12_NUMBER = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


class EntryError(ValueError):
    """A value that cannot be written as YAML text (a lone surrogate, a NaN)."""


def _escaped(ch: str) -> bool:
    if ch in _ESCAPES:
        return True
    category = unicodedata.category(ch)
    return category in _ESCAPED_CATEGORIES or (category == "Zs" and ch not in " \u3000")


def _plain_ok(text: str) -> bool:
    """Whether text can be written without quotes in a flow mapping and read back the same,
    by any YAML 1.1 reader: no indicator, no escape, nothing read as a number, bool or date."""
    return (
        text != ""
        and text == text.strip()
        and text[0] not in "-."
        and not any(ch in _PLAIN_NEVER or _escaped(ch) or ch.isspace() for ch in text if ch != " ")
        and "  " not in text
        and not _YAML12_NUMBER.fullmatch(text)
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == STR_TAG  # type: ignore[no-untyped-call]
    )


def quoted(text: str) -> str:
    """text in double quotes, every character that is not plainly visible as an escape."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _escaped(ch):
            code = ord(ch)
            if 0xD800 <= code <= 0xDFFF:
                raise EntryError(f"无法保存的字符 U+{code:04X}（不成对的代理码位）")
            if code <= 0xFF:
                out.append(f"\\x{code:02X}")
            elif code <= 0xFFFF:
                out.append(f"\\u{code:04X}")
            else:  # \u takes exactly four digits: U+10B9D written so would read as U+10B9, D
                out.append(f"\\U{code:08X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def scalar(value: Any, *, quote: bool = False) -> str:
    """A str, bool, int, float or date as YAML text. Strings are plain when that is safe,
    else quoted; quote=True always quotes (IDs such as '6.3' must stay text)."""
    if isinstance(value, date):
        return value.isoformat()  # a date to any YAML reader; ipcity's reads it as text
    if isinstance(value, bool):
        return "true" if value else "false"  # a bool to every YAML reader (all_parts: true)
    if value is None:
        raise EntryError(f"不支持的值 {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise EntryError(f"数值 {value} 无法记录")
        text = repr(value)
        # YAML 1.1 reads 1e-07 as text: its floats need a point before the exponent.
        return text.replace("e", ".0e") if "e" in text and "." not in text else text
    text = str(value)
    if quote or not _plain_ok(text):
        if (
            quote
            and "'" not in text
            and not any(_escaped(ch) for ch in text)
            and text == text.strip()
        ):
            return f"'{text}'"
        return quoted(text)
    return text


def flow_entry(fields: dict[str, Any], quote: Iterable[str] = ()) -> str:
    """One list entry as one line: `- {key: value, ...}` (no line break at the end).

    Values are str, bool, int, float, date, a dict of such (a nested flow mapping), or a
    list of dicts (a flow list of mappings: a record's attachments).
    """
    always = set(quote)

    def value_text(key: str, value: Any) -> str:
        if isinstance(value, dict):
            return mapping(value)
        if isinstance(value, list):
            return "[" + ", ".join(mapping(entry) for entry in value) + "]"
        return scalar(value, quote=key in always)

    def mapping(data: dict[str, Any]) -> str:
        parts = [f"{scalar(key)}: {value_text(key, value)}" for key, value in data.items()]
        return "{" + ", ".join(parts) + "}"

    return "- " + mapping(fields)


def flow_list(values: list[str]) -> str:
    """Texts as a one-line YAML flow list that reads back as written: [市科技局, 市工商局]."""
    return "[" + ", ".join(scalar(value) for value in values) + "]"
