"""PyYAML's safe loader, made stricter and faster for plans: dates stay text, plain
scalars that can only be text skip the resolvers, and composing runs with the cyclic
collector paused. The line breaks it counts, so every line number agrees with it."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, cast

import yaml

# libyaml parses about three times faster; the pure-Python parser is the fallback.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
MERGE_TAG = "tag:yaml.org,2002:merge"

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
# Values (nodes) a file may compose to: a fixed allowance, and one per BYTES_PER_NODE bytes.
# A node costs 300 to 400 bytes while composed, so a file of mostly separators (an 8 MB
# one-line [a,a,a,…] is four million nodes) took 150 times its size: past the allowance
# the budget keeps the node tree within some 12 times the file's size. Plans stay well
# inside it: the bundled plan has a node per 19 bytes and is far below the allowance; a
# 10,000-task province's tasks.yaml (3.3 MB, a node per 18 bytes) is within the budget,
# as a tasks.yaml of that density is up to about 6 MB; a status log is composed a batch
# of records at a time (yaml_read.BATCH), each batch well within the allowance.
NODES_FREE = 150_000
BYTES_PER_NODE = 32


class TooManyNodes(yaml.YAMLError):
    """More values than a file of its size can mean; composing stopped at the budget."""

    def __init__(self, budget: int) -> None:
        super().__init__(f"more than {budget} nodes")
        self.budget = budget


def node_budget(text: str) -> int:
    size = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
    return NODES_FREE + size // BYTES_PER_NODE


# The first characters a plain scalar needs to be anything but text (a number, a
# bool, null, the merge key, `=`) under the safe resolvers. Everything else is text.
_MAYBE_NOT_TEXT = frozenset("-+0123456789.~nNtTfFyYoO<=")


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loading without the timestamp resolver: dates reach the models as text,
    so an impossible date is a validation error with a line, not a crash."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # Most scalars in a plan are Chinese text, and the rest (keys, dates, status
        # words) repeat: answer both without running every implicit resolver's regex,
        # which took a third of the load time of a large log.
        if kind is yaml.ScalarNode and implicit[0]:
            if value and value[0] not in _MAYBE_NOT_TEXT:
                return STR_TAG
            if len(value) <= 16:
                tag = _SHORT_TAGS.get(value)
                if tag is None:
                    tag = _SHORT_TAGS[value] = super().resolve(kind, value, implicit)
                return tag
        return super().resolve(kind, value, implicit)

    nodes = 0  # composed so far
    budget = NODES_FREE

    # No path resolvers are registered: the composer's per-node bookkeeping for them would
    # be a million calls that do nothing. The call comes for every node composed (in C
    # too), so it is where the nodes are counted.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        self.nodes += 1
        if self.nodes > self.budget:
            raise TooManyNodes(self.budget)

    def ascend_resolver(self) -> None:
        pass


_SHORT_TAGS: dict[str, str] = {}


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

constructor = yaml.SafeLoader("")  # used only for its scalar constructors


class UnsupportedTag(Exception):
    """A scalar's tag that ipcity does not construct (!!python/…, =, the merge key)."""


def construct(node: yaml.ScalarNode) -> Any:
    """A scalar's value by its tag, as safe_load would give it, or its text when PyYAML
    cannot construct it (2009-02-30 read as a timestamp stays text); UnsupportedTag for
    any other tag."""
    tag = node.tag
    if tag == STR_TAG:
        return node.value
    try:
        if tag == INT_TAG:
            return constructor.construct_yaml_int(node)
        if tag == FLOAT_TAG:
            return constructor.construct_yaml_float(node)
        if tag == BOOL_TAG:
            return constructor.construct_yaml_bool(node)
        if tag == NULL_TAG:
            return None
    except (ValueError, yaml.YAMLError):
        return node.value
    raise UnsupportedTag(tag)


@contextmanager
def no_gc() -> Iterator[None]:
    """Building a million small objects triggers the cyclic collector again and again
    for nothing (a node tree has no cycles to free): five times the cost of the load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def compose(text: str) -> tuple[yaml.Node | None, int]:
    """The node tree of text and how many nodes it has. Raises yaml.YAMLError, and
    TooManyNodes past node_budget(text)."""
    loader = _Loader(text)
    loader.budget = node_budget(text)
    try:
        with no_gc():
            return cast(yaml.Node | None, loader.get_single_node()), loader.nodes
    finally:
        loader.dispose()


def compose_text(text: str) -> yaml.Node | None:
    return compose(text)[0]


# The line breaks of the YAML reader (libyaml counts these, and only these), so that
# line numbers in marks and excerpts agree: str.splitlines also breaks at \v, \f, \x1c…
_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


# What str.splitlines breaks at beside them. Each is looked for on its own (`in`: a fast
# search in C, 3 ms in a 10 MB log, where a character class took 70 ms).
_NOT_YAML_BREAKS = "\v\f\x1c\x1d\x1e"


def split_lines(text: str) -> list[str]:
    if not any(ch in text for ch in _NOT_YAML_BREAKS):
        return text.splitlines()  # the same lines when none of these is present, 5x faster
    lines = _BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def count_lines(raw: bytes) -> int:
    """Lines in a file's bytes, counted as load() counts them."""
    return len(split_lines(raw.decode("utf-8-sig", errors="replace")))
