"""A plan's tasks.yaml and units.yaml read without composing them, where they are written
plainly.

libyaml composes a node tree of a province's tasks.yaml (3 MB, 10,000 tasks) in a third
of a second, and the tree is built into data after that; both are half of a cold load
of its plan. Plans are written one way, by `ipcity init`, `import` and by hand:

    items:
      - id: '6'
        content: 加强知识产权执法
        tasks:
          - id: '6.3'
            target: 开展专项执法行动
            deadline: 2009年底
            responsible: [市工商局]

This reads such a file line by line into the data the composer and yaml_build.Builder
build: block mappings and lists nested by indentation, each value a scalar that
yaml_fast reads on one line (plain or simply quoted), a one-line flow list of such
scalars or a one-line flow mapping. Anything else — a scalar over several lines, a
comment after a value, a tab, an anchor, a tag, a key written twice, a document marker,
nesting or values past the loader's limits — and the file is composed by PyYAML as
before, which also words any error (tests/test_yaml_block.py holds the two equal). No
node tree is kept: a finding placed later composes the file from its lines.
"""

from __future__ import annotations

from typing import Any

from ipcity.files.yaml_fast import NotPlain, flow_mapping, pair_at, plain_key, scalar
from ipcity.files.yaml_loader import MAX_DEPTH


def document(lines: list[str], printable: bool, budget: int) -> Any:
    """The data of a file's lines whose top level is a block mapping, or NotPlain.
    printable: the file holds no character YAML refuses, nor a tab (yaml_fast.printable).
    budget: the values the file may compose to (yaml_loader.node_budget)."""
    if not printable:
        raise NotPlain
    reader = _Reader(lines, budget)
    reader.skip()
    if reader.at == len(lines) or _indent(lines[reader.at]) or _dash(lines[reader.at], 0):
        raise NotPlain  # empty, indented, or a list (a log, read in batches)
    data = reader.mapping(0, 0, inline=False)
    reader.skip()
    if reader.at != len(lines):
        raise NotPlain  # a line less indented than the top level: not this reader's
    return data


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _dash(line: str, at: int) -> bool:
    """Whether the line holds a list entry's dash at column at."""
    return line[at : at + 1] == "-" and line[at + 1 : at + 2] in ("", " ")


class _Reader:
    def __init__(self, lines: list[str], budget: int) -> None:
        self.lines = lines
        self.at = 0  # the line read next
        self.budget = budget  # values left before PyYAML would refuse the file

    def skip(self) -> None:
        """Past blank lines and whole-line comments (nothing in YAML, here)."""
        lines, at = self.lines, self.at
        while at < len(lines):
            text = lines[at].lstrip(" ")
            if text and text[0] != "#":
                break
            at += 1
        self.at = at

    def count(self, values: int = 1) -> None:
        self.budget -= values
        if self.budget < 0:
            raise NotPlain

    def mapping(self, indent: int, depth: int, *, inline: bool) -> dict[str, Any]:
        """A block mapping whose keys start at column indent; inline: its first key is on
        the current line after a list entry's dash."""
        if depth >= MAX_DEPTH:
            raise NotPlain
        self.count()
        found: dict[str, Any] = {}
        lines = self.lines
        while True:
            if not inline:
                self.skip()
                if self.at == len(lines):
                    return found
                line = lines[self.at]
                at = _indent(line)
                if at < indent:
                    return found
                if at > indent or _dash(line, at):
                    raise NotPlain  # a value over lines, or a list where a key should be
            inline = False
            self.pair(lines[self.at], indent, depth, found)

    def pair(self, line: str, indent: int, depth: int, found: dict[str, Any]) -> None:
        pair = pair_at(line, indent)
        if pair is None:
            raise NotPlain
        key, value = pair
        if key in found or not plain_key(key):
            raise NotPlain
        self.count()  # the key's own node
        if value:
            self.at += 1
            found[key] = self.value(value, depth + 1)
        else:
            found[key] = self.below(indent, depth + 1, dash=True)

    def below(self, indent: int, depth: int, *, dash: bool) -> Any:
        """The value of a key or a dash at column indent written on the lines below it,
        or null when there is none. dash: a list may sit at the key's own column."""
        self.at += 1
        self.skip()
        lines = self.lines
        if self.at == len(lines):
            self.count()
            return None
        line = lines[self.at]
        at = _indent(line)
        if at > indent or (dash and at == indent and _dash(line, at)):
            if _dash(line, at):
                return self.sequence(at, depth)
            return self.mapping(at, depth, inline=False)
        self.count()
        return None

    def sequence(self, indent: int, depth: int) -> list[Any]:
        """A block list whose dashes are at column indent."""
        if depth >= MAX_DEPTH:
            raise NotPlain
        self.count()
        found: list[Any] = []
        lines = self.lines
        while True:
            self.skip()
            if self.at == len(lines):
                return found
            line = lines[self.at]
            at = _indent(line)
            if at < indent or (at == indent and not _dash(line, at)):
                return found  # (a key of the mapping this list is the value of)
            if at > indent:
                raise NotPlain
            rest = line[at + 1 :].lstrip(" ")
            if not rest:  # the entry on the lines below (a list in a list), or null
                found.append(self.below(indent, depth + 1, dash=False))
                continue
            if rest[0] == "#" or _dash(rest, 0):
                raise NotPlain  # a comment, a list in a list on the dash's line
            column = len(line) - len(rest)
            if pair_at(line, column) is not None:
                found.append(self.mapping(column, depth + 1, inline=True))
            else:
                self.at += 1
                found.append(self.value(rest.rstrip(" "), depth + 1))

    def value(self, text: str, depth: int) -> Any:
        """A value written on one line after `key: ` or `- ` (no trailing spaces)."""
        first = text[0]
        if first == "[":
            return self.flow_list(text, depth)
        if first == "{":
            data = flow_mapping(text)
            self.count(1 + 2 * len(data))
            return data
        self.count()
        return scalar(text, flow=False)

    def flow_list(self, text: str, depth: int) -> list[Any]:
        """[a, b, c] on one line, each a plain or simply quoted scalar without a comma."""
        if depth >= MAX_DEPTH or text[-1] != "]":
            raise NotPlain
        inner = text[1:-1]
        if not inner.strip(" "):
            self.count()
            return []
        items = inner.split(",")
        self.count(1 + len(items))
        found = []
        known = _ITEMS.get
        for item in items:
            value = known(item, _UNKNOWN)
            if value is _UNKNOWN:
                value = scalar(item.strip(" "), flow=True)
                if len(_ITEMS) < _ITEMS_KEPT:
                    _ITEMS[item] = value
            found.append(value)
        return found


# The items of flow lists read already, and what each read as (text, a number, null:
# never a list or mapping, which a caller could change). A plan names its units again
# and again: each read once.
_ITEMS: dict[str, Any] = {}
_ITEMS_KEPT = 20_000
_UNKNOWN: Any = object()
