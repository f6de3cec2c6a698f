"""Records written twice: what makes two records the same record, which of a log's
entries repeat an earlier one, and the warnings `validate` gives for them (a warning, not
an error: a plan loads with them). Pure: entries in, pairs of places and findings out."""

from __future__ import annotations

import itertools
import operator
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ipcity.plan.problems import STATUS, Finding
from ipcity.plan.shapes import WRITTEN_FIELDS
from ipcity.plan.units import UnitRegistry, normalize

# What makes two records the same record: every field, unit names by their canonical
# name and readings by their normalised name (海宁市 and 海宁市政府 are one unit).
_SAME_FIELDS = WRITTEN_FIELDS
_UNIT_FIELDS = frozenset({"by", "unit", "approved_by"})


def record_key(entry: Any, registry: UnitRegistry) -> tuple[Any, ...]:
    """What two records must share to be the same record. entry is a StatusRecord or a
    loaded Record, Check or Extension (a field a kind lacks counts as not written)."""
    places = _places(type(entry))
    values = (
        [None if at is None else entry[at] for at in places]
        if places is not None
        else [getattr(entry, field) for field in _SAME_FIELDS]
    )
    for at in _UNIT_AT:
        name = values[at]
        if name is not None:
            values[at] = registry.resolve(name) or name
    readings = values[_VALUES_AT]
    values[_VALUES_AT] = (
        tuple(sorted((normalize(k), v) for k, v in readings.items())) if readings else ()
    )
    values[_ALL_PARTS_AT] = bool(values[_ALL_PARTS_AT])
    return tuple(values)


_UNIT_AT = tuple(i for i, f in enumerate(_SAME_FIELDS) if f in _UNIT_FIELDS)
_VALUES_AT = _SAME_FIELDS.index("values")
_ALL_PARTS_AT = _SAME_FIELDS.index("all_parts")
_PLACES: dict[type, tuple[int | None, ...] | None] = {}


def _places(kind: type) -> tuple[int | None, ...] | None:
    """Where a tuple kind holds each field of a record (None: it has none); None for a
    kind that is not a tuple (a model: its fields by name)."""
    if kind not in _PLACES:
        held = getattr(kind, "_fields", None)  # a tuple's count is tuple.count
        _PLACES[kind] = (
            None
            if held is None
            else tuple(held.index(f) if f in held else None for f in _SAME_FIELDS)
        )
    return _PLACES[kind]


_ENTRY = operator.itemgetter(1)
_TASK_DAY = operator.attrgetter("task", "date")


def duplicates(entries: Iterable[tuple[int, Any]], registry: UnitRegistry) -> list[tuple[int, int]]:
    """Each entry equal to an earlier one, with the first of them: (place, earlier place)."""
    entries = list(entries)
    # Two entries are the same only if they are of one task and day: only those are keyed,
    # found in C (a province's log is 100,000 entries, a few dozen of them on such a day).
    days = list(map(_TASK_DAY, map(_ENTRY, entries)))
    counted = Counter(days)
    if len(counted) == len(days):
        return []  # no task has two entries of a day
    shared = {day for day, n in counted.items() if n > 1}
    first: dict[tuple[Any, ...], int] = {}
    found: list[tuple[int, int]] = []
    for at in itertools.compress(itertools.count(), map(shared.__contains__, days)):
        i, entry = entries[at]
        key = record_key(entry, registry)
        if key in first:
            found.append((i, first[key]))
        else:
            first[key] = i
    return found


def check_duplicates(entries: Iterable[tuple[int, Any]], registry: UnitRegistry) -> list[Finding]:
    """A warning for each record written again: the same training counted twice."""
    return duplicate_findings(duplicates(entries, registry))


def duplicate_findings(pairs: Iterable[tuple[int, int]]) -> list[Finding]:
    """The warnings for records written twice, as duplicates() pairs them."""
    return [
        Finding(
            STATUS,
            (i,),
            "这条记录与第 {line} 行的记录完全相同（重复记录）",
            "删去重复的一条；确是两件事的，在 note 中写明区别",
            severity="warning",
            related=(earlier,),
        )
        for i, earlier in pairs
    ]
