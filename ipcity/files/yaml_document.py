"""A loaded YAML file: its data, its lines, and the node behind any value, so that a
finding made long after loading is placed at its line and column."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

import yaml

from ipcity.files.yaml_loader import compose_text
from ipcity.plan.problems import Finding, Problem


@dataclass
class Part:
    """A stretch of a file composed on its own: the whole file, or a batch of the records
    of a top-level list. Its node tree is kept only when it is the whole file."""

    first_line: int  # lines before the part
    first_index: int  # records before the part (for a batch)
    count: int  # records in the part (for a batch)
    root: yaml.Node | None = None


@dataclass
class Document:
    """A loaded YAML file: its data, its lines, and how to find the node behind a value."""

    path: Path
    name: str
    data: Any
    lines: list[str]
    parts: list[Part] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    batched: bool = False
    # Where each entry of a top-level list starts (0-based lines), when the file was read
    # as one: an entry is then placed without composing its batch again.
    entry_starts: list[int] | None = None
    first_entry: int = 0  # the index of the entry entry_starts[0] starts
    printable: bool = False  # no character in the file that YAML refuses, nor a tab
    # The batch last composed to place a finding, with its tree: a log's findings come in
    # the order of its entries, so a run of them composes their batch once (composed for
    # each, 8,000 records naming an unknown unit took 267 s to place).
    _last: tuple[Part, yaml.Node | None] | None = field(default=None, repr=False)

    def _path(self, loc: Iterable[str | int]) -> tuple[list[yaml.Node], int]:
        """The nodes along loc that exist, from the root, and the line offset of their part."""
        loc = list(loc)
        if not self.parts:
            return [], 0
        part = self.parts[0]
        if self.batched and loc and isinstance(loc[0], int):
            part = next((p for p in self.parts if loc[0] < p.first_index + p.count), part)
            loc[0] -= part.first_index
        root: yaml.Node | None
        if part.root is not None:
            root = part.root
        elif self._last is not None and self._last[0] is part:
            root = self._last[1]
        else:
            root = self._compose(part)
            if self.batched:
                self._last = (part, root)  # one batch's tree at a time: memory stays bounded
            else:
                part.root = root  # a file released (release()) composed again once, and kept
        if root is None:
            return [], part.first_line
        nodes = [root]
        for step in loc:
            child = _child(nodes[-1], step)
            if child is None:
                break
            nodes.append(child)
        return nodes, part.first_line

    def release(self, *, data: bool = True) -> None:
        """Let go of the node tree, and of the data unless data=False (a province's
        tasks.yaml: 80 MB while its log is read); a finding made later composes the file
        again from its lines."""
        if data:
            self.data = None
        for part in self.parts:
            part.root = None
        self._last = None

    def _compose(self, part: Part) -> yaml.Node | None:
        text = "\n".join(self.lines[part.first_line : part.first_line + _part_lines(self, part)])
        return compose_text(text)

    def locate(self, loc: Iterable[str | int]) -> tuple[int, int]:
        """Line and column (from 1) of the deepest node along loc that exists."""
        loc = tuple(loc)
        if self.entry_starts is not None and len(loc) == 1 and isinstance(loc[0], int):
            at = loc[0] - self.first_entry
            if 0 <= at < len(self.entry_starts):
                line = self.lines[self.entry_starts[at]]
                return self.entry_starts[at] + 1, len(line) - len(line[1:].lstrip()) + 1
        nodes, offset = self._path(loc)
        if not nodes:
            return offset + 1, 1
        mark = nodes[-1].start_mark
        return offset + mark.line + 1, mark.column + 1

    def locate_key(self, loc: tuple[str | int, ...]) -> tuple[int, int]:
        """Line and column of the key of a mapping entry (the entry itself if it has none)."""
        nodes, offset = self._path(loc[:-1])
        if len(nodes) == len(loc) and isinstance(nodes[-1], yaml.MappingNode):
            for key, _ in nodes[-1].value:
                if key.value == loc[-1]:
                    return offset + key.start_mark.line + 1, key.start_mark.column + 1
        return self.locate(loc)

    def source(self, loc: tuple[str | int, ...]) -> str | None:
        """The text of the scalar at loc as written in the file, or None."""
        nodes, _ = self._path(loc)
        if len(nodes) == len(loc) + 1 and isinstance(nodes[-1], yaml.ScalarNode):
            return str(nodes[-1].value)
        return None

    def problem(
        self, loc: Iterable[str | int], message: str, hint: str = "", *, at_key: bool = False
    ) -> Problem:
        loc = tuple(loc)
        line, col = self.locate_key(loc) if at_key and loc else self.locate(loc)
        return self.problem_at(line, col, message, hint)

    def finding(self, found: Finding) -> Problem:
        """A rule's finding placed in this file; an entry it refers to named by its line."""
        message = found.message
        if found.related is not None:
            message = message.replace("{line}", str(self.locate(found.related)[0]))
        problem = self.problem(found.loc, message, found.hint, at_key=found.at_key)
        return replace(problem, severity=found.severity)

    def problem_at(self, line: int, col: int, message: str, hint: str = "") -> Problem:
        excerpt = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return Problem(self.name, line, col, message, hint, excerpt)


def _part_lines(doc: Document, part: Part) -> int:
    """How many lines a part spans: up to the next part, or the end of the file."""
    after = [p.first_line for p in doc.parts if p.first_line > part.first_line]
    return (min(after) if after else len(doc.lines)) - part.first_line


def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
    children: list[Any] = node.value if isinstance(node.value, list) else []
    if isinstance(node, yaml.MappingNode):
        for key, value in children:
            if key.value == step:
                return cast(yaml.Node, value)
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        return cast(yaml.Node, children[step]) if 0 <= step < len(children) else None
    return None
