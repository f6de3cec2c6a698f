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

    # No path resolvers are registered: the composer's per-node bookkeeping for them
    # is a million calls that do nothing.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_SHORT_TAGS: dict[str, str] = {}


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

constructor = yaml.SafeLoader("")  # used only for its scalar constructors


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


def compose_text(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        with no_gc():
            return cast(yaml.Node | None, loader.get_single_node())
    finally:
        loader.dispose()


# The line breaks of the YAML reader (libyaml counts these, and only these), so that
# line numbers in marks and excerpts agree: str.splitlines also breaks at \v, \f, \x1c…
_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


_NOT_YAML_BREAKS = re.compile("[\v\f\x1c\x1d\x1e]")


def split_lines(text: str) -> list[str]:
    if not _NOT_YAML_BREAKS.search(text):
        return text.splitlines()  # the same lines when none of these is present, 5x faster
    lines = _BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def count_lines(raw: bytes) -> int:
    """Lines in a file's bytes, counted as load() counts them."""
    return len(split_lines(raw.decode("utf-8-sig", errors="replace")))
