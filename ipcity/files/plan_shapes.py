"""tasks.yaml and units.yaml as the loader keeps them (plan/shapes.py), without Pydantic
where the models would surely take every value as it is written.

Importing Pydantic and validating a province's 10,000 tasks with the models, then turning
each model into its shape, was a tenth of a cold load; and a plan as people and `init`
write it holds nothing the models would change or refuse. A file is shaped here whole
when each of its values is one the model keeps as written: a name that is text with no
blank at either end and no hidden character, a list of such names, a date the models
read, a word among the field's choices, a finite plausible number, with no key the model
does not know. Any other value, and the whole file goes to the models (files/load.py),
which word every problem as they always have. tests/test_plan_shapes.py holds the two
equal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from ipcity.plan import shapes
from ipcity.plan.shapes import COUNTY_KIND, EVERY_MONTHS, UNIT_KINDS
from ipcity.plan.values import (
    count_problem,
    email_address,
    measure_problem,
    phones,
    text_date,
)

T = TypeVar("T")
Indexed = list[tuple[int, T]]


class _NotPlain(Exception):
    """A value the model might change or refuse: the file goes to the models."""


def tasks_file(data: Any) -> tuple[shapes.TasksHeader, Indexed[shapes.Item]] | None:
    """tasks.yaml's header and items, as the models and their plain() make them; None
    when any value is not so plain."""
    try:
        found = _mapping(data, _TASKS_FILE)
        header = shapes.TasksHeader(
            title=_name(_given(found, "title")),
            period=_period(_given(found, "period")),
            verification=_choice(found.get("verification", "none"), ("required", "none")),
            office=_optional(_office, found.get("office")),
        )
        return header, list(enumerate(_list(_item, found.get("items", []))))
    except _NotPlain:
        return None


def units_file(data: Any) -> tuple[shapes.UnitsHeader, Indexed[shapes.Unit]] | None:
    """units.yaml's header and units, as the models and their plain() make them; None
    when any value is not so plain."""
    try:
        found = _mapping(data, _UNITS_FILE)
        kinds = _names(found.get("kinds", list(UNIT_KINDS)))
        if not kinds:
            raise _NotPlain
        header = shapes.UnitsHeader(
            kinds=kinds,
            county_kind=_name(found.get("county_kind", COUNTY_KIND)),
            given=frozenset(found.keys() & {"kinds", "county_kind"}),
        )
        return header, list(enumerate(_list(_unit, found.get("units", []))))
    except _NotPlain:
        return None


def _item(value: Any) -> shapes.Item:
    found = _mapping(value, _ITEM)
    tasks = _list(_task, _given(found, "tasks"))
    if not tasks:
        raise _NotPlain
    return shapes.Item(
        id=_name(_given(found, "id")), content=_name(_given(found, "content")), tasks=tasks
    )


def _task(value: Any) -> shapes.Task:
    found = _mapping(value, _TASK)
    responsible = _names(_given(found, "responsible"))
    if not responsible:
        raise _NotPlain
    return shapes.Task(
        id=_name(_given(found, "id")),
        target=_text(found.get("target", "")),
        deadline=_name(_given(found, "deadline")),
        responsible=responsible,
        cooperating=_names(found.get("cooperating", [])),
        indicators=_list(_indicator, found.get("indicators", [])),
        recurring=_list(_recurring, found.get("recurring", [])),
    )


def _indicator(value: Any) -> shapes.Indicator:
    found = _mapping(value, _INDICATOR)
    target = _number(_given(found, "target"))
    if measure_problem(target) is not None:
        raise _NotPlain
    return shapes.Indicator(
        name=_name(_given(found, "name")),
        target=target,
        unit=_text(found.get("unit", "")),
        direction=_choice(found.get("direction", ">="), (">=", "<=")),
        due=_optional(_text, found.get("due")),
        kind=_choice(found.get("kind", "count"), ("count", "total", "rate")),
        start=_optional(_text, found.get("start")),
        targets=_shares(found.get("targets", {})),
        additive=_optional(_bool, found.get("additive")),
    )


def _recurring(value: Any) -> shapes.Recurring:
    found = _mapping(value, _RECURRING)
    at_least = found.get("at_least", 1)
    if type(at_least) is not int or at_least < 1 or count_problem(at_least) is not None:
        raise _NotPlain
    return shapes.Recurring(
        name=_name(_given(found, "name")),
        every=_choice(_given(found, "every"), tuple(EVERY_MONTHS)),
        at_least=at_least,
        per=_choice(found.get("per", "task"), ("task", "unit")),
    )


def _period(value: Any) -> shapes.Period:
    found = _mapping(value, _PERIOD)
    start, end = _date(_given(found, "start")), _date(_given(found, "end"))
    if end < start:
        raise _NotPlain
    return shapes.Period(start=start, end=end)


def _office(value: Any) -> shapes.Office:
    found = _mapping(value, _OFFICE)
    return shapes.Office(
        name=_name(_given(found, "name")),
        code=_optional(_name, found.get("code")),
        recipients=_names(found.get("recipients", [])),
        cc=_names(found.get("cc", [])),
        printer=_optional(_name, found.get("printer")),
        subject=_optional(_name, found.get("subject")),
    )


def _unit(value: Any) -> shapes.Unit:
    found = _mapping(value, _UNIT)
    return shapes.Unit(
        name=_name(_given(found, "name")),
        aliases=_names(found.get("aliases", [])),
        kind=_name(_given(found, "kind")),
        members=_names(found.get("members", [])),
        contact=_optional(_name, found.get("contact")),
        phone=_optional(_name, _checked(phones, found.get("phone"))),
        email=_optional(_name, _checked(email_address, found.get("email"))),
    )


# The fields each model knows (extra="forbid": any other key is the model's error).
_TASKS_FILE = frozenset(shapes.TasksHeader.__dataclass_fields__) | {"items"}
_UNITS_FILE = frozenset({"kinds", "county_kind", "units"})  # (UnitsHeader.given is not one)
_ITEM = frozenset(shapes.Item.__dataclass_fields__)
_TASK = frozenset(shapes.Task.__dataclass_fields__)
_INDICATOR = frozenset(shapes.Indicator.__dataclass_fields__)
_RECURRING = frozenset(shapes.Recurring.__dataclass_fields__)
_PERIOD = frozenset(shapes.Period.__dataclass_fields__)
_OFFICE = frozenset(shapes.Office.__dataclass_fields__)
_UNIT = frozenset(shapes.Unit.__dataclass_fields__)


def _mapping(value: Any, fields: frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict or not value.keys() <= fields:
        raise _NotPlain
    return value


def _given(found: dict[str, Any], key: str) -> Any:
    if key not in found:
        raise _NotPlain  # a required field: the model's error
    return found[key]


def _list(each: Callable[[Any], T], value: Any) -> list[T]:
    if type(value) is not list:
        raise _NotPlain
    return [each(v) for v in value]


def _name(value: Any) -> str:
    """A Name the model keeps as written: stripping leaves it, visible_name lets it be
    (printable text holds no blank but the space, and no hidden character)."""
    if type(value) is str and value.isprintable() and value.strip(" ") == value != "":
        return value
    raise _NotPlain


def _text(value: Any) -> str:
    """A str field the model strips and holds to no rule of names: empty, or with no blank
    at either end (Python's blanks are more than the model's) and no unpaired surrogate
    (which the model cannot read; a double-quoted \\ud800 in YAML makes one)."""
    if type(value) is not str:
        raise _NotPlain
    if value == "":
        return value
    if value[0].isspace() or value[-1].isspace():
        raise _NotPlain
    if value.isprintable():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _NotPlain from None
    return value


def _names(value: Any) -> list[str]:
    return _list(_name, value)


def _optional(each: Callable[[Any], T], value: Any) -> T | None:
    return None if value is None else each(value)


def _choice(value: Any, choices: tuple[str, ...]) -> Any:
    if type(value) is str and value in choices:
        return value
    raise _NotPlain


def _bool(value: Any) -> bool:
    if type(value) is bool:
        return value
    raise _NotPlain


def _number(value: Any) -> float:
    """A float field's value from a number written as one (not a word, not true/false)."""
    if type(value) in (int, float):
        try:
            return float(value)
        except OverflowError:
            pass
    raise _NotPlain


def _shares(value: Any) -> dict[str, float]:
    if type(value) is not dict:
        raise _NotPlain
    return {_name(name): _number(share) for name, share in value.items()}


def _date(value: Any) -> date:
    """A date written as text, read as the models read it (a date YAML made itself is
    left to them)."""
    if type(value) is not str:
        raise _NotPlain
    day: date = _checked(text_date, value)
    return day


def _checked(rule: Callable[[Any], Any], value: Any) -> Any:
    """What a model's before-validator makes of value, when it takes it."""
    try:
        return rule(value)
    except ValueError:
        raise _NotPlain from None
