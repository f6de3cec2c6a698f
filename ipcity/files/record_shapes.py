"""A log's records as the loader keeps them (shapes.Written), without Pydantic where the
model would surely take a record as it is written.

StatusRecord validates a hundred thousand records of a province's log one by one, though
nearly all are written the one way `record` writes them: a task, an ISO date, a status
word, a reporting unit, perhaps a note, an evidence and readings. Such a record, each of
its values already what the model makes of it (a name with no space at either end and
no hidden character, a date the ISO form reads in range, a status word as written, a
finite plausible reading), is shaped here directly; any other (another field, a value
the model would change or refuse) goes to the model, which words every problem as
before. tests/test_record_shapes.py holds the two equal.

written() goes further for the log's records as `record` and people write them, a flow
mapping on one line or a block over several: each item or line `key: value` is read and
checked once (a log repeats its days, status words, units and notes), and a record whose
every one is a field taken as written is shaped from those, with no dict between; any
other goes the two steps, yaml_fast.record and _plain (tests/test_record_shapes.py holds
written() to them). The rules of each field (_kept) are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import date
from typing import Any, TypeGuard, cast

from ipcity.files import yaml_fast
from ipcity.files.yaml_document import Document
from ipcity.plan.deadlines import FIRST_YEAR, LAST_YEAR
from ipcity.plan.problems import Problem
from ipcity.plan.shapes import STATUS_WORDS, Written
from ipcity.plan.values import measure_problem

_FIELDS = frozenset({"task", "date", "status", "by", "note", "values", "evidence"})
_NOT_GIVEN: Any = object()


def shaped_batch(
    doc: Document, batch: list[Any], first: int, problems: list[Problem]
) -> list[tuple[int, Written]]:
    """A batch of a log's records (the first numbered first) as validate_batch and each
    model's plain() make them, in order; problems as validate_batch words them."""
    shaped = [(i, _plain(entry)) for i, entry in enumerate(batch, first)]
    others = [(i, batch[i - first]) for i, found in shaped if found is None]
    if not others:
        return cast(list[tuple[int, Written]], shaped)
    from ipcity.files.model_errors import validate_entries  # Pydantic: for these alone

    checked = {i: model.plain() for i, model in validate_entries(doc, others, problems)}
    return [
        (i, found if found is not None else checked[i])
        for i, found in shaped
        if found is not None or i in checked
    ]


def _plain(entry: Any) -> Written | None:
    """The record's shape when the model would take every value as it is; else None."""
    if type(entry) is Written:
        return entry  # shaped from its lines already (written)
    if type(entry) is not dict or not entry.keys() <= _FIELDS:
        return None
    found: list[Any] = [None] * len(_PLACES)
    for key, value in entry.items():
        kept = _kept(key, value)
        if kept is None:
            return None
        found[kept[0]] = kept[1]
    return _shape(found)


def written(lines: list[str]) -> Written | None:
    """A record's shape straight from its lines (a file with no character YAML refuses),
    as _plain(yaml_fast.record(lines)) gives it; None when an item or line is not a
    field the model takes as written (the two steps then decide)."""
    if lines[0][2:3] != "{":
        return _fields_taken(lines, _TAKEN, yaml_fast.field, block=True)
    text = lines[0][2:].rstrip(" ")  # a flow mapping on one line, as `record` writes it
    if len(lines) > 1 or not text.endswith("}"):
        return None  # (blank lines after it: the two steps decide)
    return _fields_taken(text[1:-1].split(","), _ITEMS_TAKEN, yaml_fast.flow_item, block=False)


def _fields_taken(
    texts: list[str],
    known: dict[str, tuple[int, Any, int] | None],
    read: Callable[[str], tuple[str, Any]],
    *,
    block: bool,
) -> Written | None:
    """A record's shape from its texts (block: its lines; else a flow mapping's items),
    each read by read() and checked once: known keeps what each text was taken as."""
    found: list[Any] = [None] * len(_PLACES)
    seen = 0  # the places given, a bit each: a key written twice is not plain
    for n, text in enumerate(texts):
        taken = known.get(text, _NOT_GIVEN)
        if taken is _NOT_GIVEN:
            # (A line read already passed this: a log's lines after an entry's first
            # never start `- `, and a first line always does.)
            if block and n and (text[:2] != "  " or text[2:3] == " "):
                return None  # a blank line, a comment, a deeper block
            taken = _taken(read, text)
            if len(known) < _KEPT:
                known[text] = taken
        if taken is None or seen & taken[2]:
            return None
        seen |= taken[2]
        found[taken[0]] = taken[1]
    return _shape(found)


def _shape(found: list[Any]) -> Written | None:
    """The shape of a record's fields at their places (None where not given), when it
    has the three every record has."""
    task, day, status, by, note, readings, evidence = found
    if task is None or day is None or status is None:
        return None  # (none of them is None when given)
    readings = dict(readings) if readings else {}  # the record's own, never a line's
    # Built as a tuple: Written's own __new__ is a Python call (100,000 of them).
    return tuple.__new__(Written, (task, day, status, by, note, readings, evidence, *_REST))


_REST = tuple(Written._field_defaults[name] for name in Written._fields[7:])


# Each field a shape is made of here, at its place in Written.
_PLACES = {name: Written._fields.index(name) for name in _FIELDS}  # its first seven
# A line read and checked: (its field's place, the value the model keeps, the place's
# bit), or None.
_TAKEN: dict[str, tuple[int, Any, int] | None] = {}
_ITEMS_TAKEN: dict[str, tuple[int, Any, int] | None] = {}  # the same, of a flow mapping's items


def _taken(read: Callable[[str], tuple[str, Any]], text: str) -> tuple[int, Any, int] | None:
    """A line or item `key: value` of a record (read by read()) as _plain takes it; None
    when it does not."""
    try:
        key, value = read(text)
    except yaml_fast.NotPlain:
        return None
    kept = _kept(key, value)
    return None if kept is None else (*kept, 1 << kept[0])


def _kept(key: str, value: Any) -> tuple[int, Any] | None:
    """A field's place and the value the model keeps of it, when it keeps the value as
    written (a name with no space at either end, an ISO date in range, a status word…);
    None otherwise, or for a field not shaped here."""
    if key == "task":
        kept = _name(value)
    elif key == "date":
        value = _day(value) if type(value) is str else None
        kept = value is not None
    elif key == "status":
        value = STATUS_WORDS.get(value) if type(value) is str else None
        kept = value is not None
    elif key == "by":
        kept = value is None or _name(value)
    elif key in ("note", "evidence"):
        kept = value is None or type(value) is str
    elif key == "values":
        value = _readings(value)
        kept = value is not None
    else:
        return None
    return (_PLACES[key], value) if kept else None


# What a log's recurring texts read as, each worked out once (bounded, whatever the log).
_DAYS: dict[str, date | None] = {}
_NAMES: dict[str, bool] = {}
_KEPT = 50_000


def _day(text: str) -> date | None:
    """The day the model reads from an ISO date in range (models._text_date's own first
    way), or None when it would take another (which the model then words)."""
    found = _DAYS.get(text, _NOT_GIVEN)
    if found is _NOT_GIVEN:
        found = None
        if len(text) == 10:
            with suppress(ValueError):
                found = date.fromisoformat(text)
            if found is not None and not FIRST_YEAR <= found.year <= LAST_YEAR:
                found = None
        if len(_DAYS) < _KEPT:
            _DAYS[text] = found
    return cast(date | None, found)


def _name(value: Any) -> TypeGuard[str]:
    """Whether the model keeps a Name as written: text, not empty, no space at either end
    (which it strips) and nothing hidden (isprintable: no separator but the ASCII space,
    so stripping removes nothing else)."""
    if type(value) is not str:
        return False
    known = _NAMES.get(value)
    if known is None:
        known = value != "" and value[0] != " " and value[-1] != " " and value.isprintable()
        if len(_NAMES) < _KEPT:
            _NAMES[value] = known
    return known


def _readings(values: Any) -> dict[str, float] | None:
    if type(values) is not dict:
        return None
    found: dict[str, float] = {}
    for name, value in values.items():
        if not _name(name) or type(value) not in (int, float):
            return None
        try:
            reading = float(value)
        except OverflowError:
            return None
        if measure_problem(reading) is not None:
            return None
        found[name] = reading
    return found
