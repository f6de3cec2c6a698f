"""The records of a status log read without composing them, where they are written plainly.

PyYAML composes a node tree (a Python object for every key, value and mark) before any
data is built: on a province's log of 100,000 records that is most of a cold load. Most
records are written one way, by `record` or by hand:

    - task: '6.3'                 - {task: '6.3', date: 2009-05-01, status: done}
      date: 2009-05-01
      values: {年注册商标数: 1320}

This reads such a record line by line and builds the same data the composer and
yaml_build.Builder build: keys and values as PyYAML reads them (plain scalars resolved
and constructed by the loader's own resolver and constructors). Anything it is not sure
of — a comment or a tab inside, a block that spans lines, an escape, an anchor, a tag, a
key written twice, a character YAML refuses — and the record is composed by PyYAML as
before (tests/test_yaml_fast.py holds the two equal on many records).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ipcity.files.yaml_loader import (
    _MAYBE_NOT_TEXT,
    STR_TAG,
    UnsupportedTag,
    _Loader,
    construct,
)

_resolver = _Loader("")
# What YAML does not read as printable, and the tab (which could make a line's
# indentation): the complement of its printable set (\t \n \r \x20-\x7e \x85
# \xa0-\ud7ff \ue000-\ufffd and the planes above), written so (a class over the
# planes above takes milliseconds to compile, on every start).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# A plain scalar cannot start with an indicator, nor hold ": " or " #"; in a flow
# mapping, nor any of ",[]{}".
_PLAIN_START = frozenset(",[]{}#&*!|>'\"%@`")
_FLOW = frozenset(",[]{}")
_FLOW_OR_COLON = _FLOW | {":"}


class NotPlain(Exception):
    """A record this reader leaves to PyYAML."""


# A key, its colon and the spaces after it (or the line's end), on a line of a block mapping.
_KEY_COLON = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +|$)")


def pair_at(line: str, at: int) -> tuple[str, str] | None:
    """`key: value` from column at to the line's end: the key, and the value without its
    trailing spaces ("" when the key stands alone, `key:`); None when the line is not so.
    Linear in the line: one pattern with a lazy value and trailing spaces took time squared
    in the length of a run of spaces inside the value (a hang on a hostile line)."""
    matched = _KEY_COLON.match(line, at)
    if matched is None:
        return None
    return matched.group(1), line[matched.end() :].rstrip(" ")


# A line `key: value` read already, and what it read as (a scalar: never a mapping, which
# a caller could change). A log repeats most of its lines (a day, a status, a unit, a
# note): each read once.
_LINES: dict[str, tuple[str, Any]] = {}
_LINES_KEPT = 50_000  # lines remembered at most: a few MB, whatever the log
_KEYS: dict[str, bool] = {}  # whether a key reads as plain text (not yes, null, 12…)
_TAGS: dict[str, str] = {}  # the tag of a short plain scalar that might not be text


def record(lines: list[str], printable: bool = False) -> dict[str, Any]:
    """The data of one block-list entry (its lines, the first starting "- "), or NotPlain.
    printable: the file holds no character YAML refuses (checked once for the file)."""
    if not printable:
        for line in lines:
            if _UNPRINTABLE.search(line):
                raise NotPlain
    first = lines[0][2:]
    if first[:1] == "{":
        if len(lines) > 1 and any(line.strip(" ") for line in lines[1:]):
            raise NotPlain
        return flow_mapping(first.rstrip(" "))
    found: dict[str, Any] = {}
    for n, line in enumerate(lines):
        if n and (line[:2] != "  " or line[2:3] == " "):
            if not line.strip(" "):
                continue  # a blank line
            raise NotPlain  # a comment, a deeper block, a continued scalar
        key, value = field(line)
        if key in found:
            raise NotPlain
        found[key] = value
    return found


def field(line: str) -> tuple[str, Any]:
    """A block record's line `key: value` (from its third column) as key and data, or
    NotPlain. A scalar's line is read once: a log repeats most of its lines."""
    read = _LINES.get(line)
    if read is not None:
        return read
    found = pair_at(line, 2)
    if found is None or not found[1]:
        raise NotPlain  # no value (a nested block, or null written as nothing), a comment
    key, value = found
    if not (_KEYS.get(key) or plain_key(key)):
        raise NotPlain
    if value[0] == "{":
        if value[-1] != "}":
            raise NotPlain
        return key, flow_mapping(value)  # a new dict each time: its reader may keep it
    read = key, scalar(value, flow=False)
    if len(_LINES) < _LINES_KEPT:
        _LINES[line] = read
    return read


# The same, line breaks (\n \r \x85; \u2028 and \u2029 are printable) allowed.
_BREAKS_AND_PRINTABLE = re.compile(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


def printable(text: str) -> bool:
    """Whether a file's text holds no character YAML refuses (nor a tab), line breaks
    aside: record() need not look at each line."""
    return _BREAKS_AND_PRINTABLE.search(text) is None


def plain_key(key: str) -> bool:
    known = _KEYS.get(key)
    if known is None:
        known = _KEYS[key] = _resolve(key) == STR_TAG
    return known


def flow_mapping(text: str) -> dict[str, Any]:
    """{k: v, k2: v2} on one line, each key plain, each value a plain or simply quoted
    scalar without a comma in it."""
    if not text.endswith("}"):
        raise NotPlain
    inner = text[1:-1]
    found: dict[str, Any] = {}
    if not inner.strip(" "):
        return found
    for item in inner.split(","):
        key, value = flow_item(item)
        if key in found:
            raise NotPlain
        found[key] = value
    return found


def flow_item(item: str) -> tuple[str, Any]:
    """One `key: value` of a one-line flow mapping (what lies between its commas), as key
    and data; NotPlain when the key is not plain text or the value not a plain or simply
    quoted scalar."""
    key, sep, rest = item.strip(" ").partition(": ")
    key = key.rstrip(" ")
    if not sep or not key or _starts_badly(key, flow=True):
        raise NotPlain
    if not _FLOW_OR_COLON.isdisjoint(key) or " #" in key:
        raise NotPlain
    if _resolve(key) != STR_TAG:
        raise NotPlain
    return key, scalar(rest.strip(" "), flow=True)


def _starts_badly(text: str, flow: bool) -> bool:
    """Whether a plain scalar cannot start so (YAML's indicators, PyYAML's check_plain)."""
    first = text[0]
    if first in _PLAIN_START or (flow and first in "?:"):
        return True
    return first in "-?:" and (len(text) == 1 or text[1] == " " or (flow and text[1] in _FLOW))


def scalar(text: str, flow: bool) -> Any:
    if not text:
        raise NotPlain
    first = text[0]
    if first == "'":
        return _single_quoted(text)
    if first == '"':
        inner = text[1:-1]
        if len(text) < 2 or text[-1] != '"' or '"' in inner or "\\" in inner:
            raise NotPlain
        return inner
    if _starts_badly(text, flow) or ": " in text or " #" in text or text[-1] == ":":
        raise NotPlain
    if flow and not _FLOW_OR_COLON.isdisjoint(text):
        raise NotPlain
    if first not in _MAYBE_NOT_TEXT:
        return text  # text whatever follows (the loader's own shortcut)
    tag = _TAGS.get(text) if len(text) <= 16 else None
    if tag is None:
        tag = _resolve(text)
        if len(text) <= 16:
            _TAGS[text] = tag
    if tag == STR_TAG:
        return text
    return _constructed(tag, text)


def _single_quoted(text: str) -> str:
    if len(text) < 2 or text[-1] != "'":
        raise NotPlain
    inner = text[1:-1]
    if "'" in inner and "'" in inner.replace("''", ""):
        raise NotPlain
    return inner.replace("''", "'") if "'" in inner else inner


def _resolve(value: str) -> str:
    return str(_resolver.resolve(yaml.ScalarNode, value, (True, False)))


def _constructed(tag: str, text: str) -> Any:
    """A plain scalar of another tag, as yaml_build.Builder.scalar constructs it."""
    try:
        return construct(yaml.ScalarNode(tag, text))
    except UnsupportedTag:
        # a tag the Builder refuses (=, the merge key): its words, its line
        raise NotPlain from None
