"""tasks.yaml and units.yaml shaped without Pydantic (files/plan_shapes.py) are what the
models and their plain() make of them, whenever they are shaped at all; anything else is
left to the models, which word its problems. A plan written plainly loads without
importing Pydantic. `make fuzz` tries many more files (IPCITY_FUZZ_EXAMPLES)."""

from __future__ import annotations

import copy
import dataclasses
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from tests_support import BUNDLED, imports_of

from ipcity.files import load, plan_shapes
from ipcity.plan.models import TasksFile, UnitsFile

# Values the models keep as written, and values they change or refuse: a file of the
# first kind alone is shaped here whenever the models take it.
PLAIN = {
    "name": ["6.3", "市工商局", "2010年底", "a b", "😀"],
    "text": ["加强知识产权普法工作", "一\u3000二", "a\tb", ""],
    "number": [5500, 3.5, 0, -1, 1e12],
    "share": [800, 2.5, 0, -3],
    "day": ["2008-09-01", "2010-12-31", "2009年5月1日", "2009/5/1"],
    "phone": ["0573-82345678", "０５７３-８２３４５６７８", 13812345678, "82345678转801"],
    "email": ["kjj@jiaxing.gov.cn"],
    "direction": [">=", "<="],
    "kind": ["count", "total", "rate"],
    "every": ["year", "half", "quarter", "month"],
    "per": ["task", "unit"],
    "at_least": [1, 2, 10_000],
    "additive": [True, False, None],
    "verification": ["required", "none"],
}
ODD = {
    "name": [" 市工商局", "市工商局 ", "市\u200d工商局", "", " ", "\u3000市", "市\xa0局", "a\tb",
             "\x1ca", "\ud800", 6, 6.3, True, None, ["市工商局"]],
    "text": ["加强普法\n", " 前有空格", "a\x85", "\ud800", 12, None],
    "number": [1e13, 1e-7, float("inf"), float("nan"), True, "5500", None, 10**400],
    "share": [float("inf"), True, "800", None, 10**400],
    "day": ["2009年", "2009-13-01", " 2009-01-01", date(2009, 1, 1), 20090101, None],
    "phone": [" 0573-82345678", "电话", True],
    "email": ["kjj.jiaxing", " a@b.cn", 5],
    "direction": ["≥", " >="],
    "kind": ["sum"],
    "every": ["week", "每年"],
    "per": ["各单位"],
    "at_least": [0, 10_001, 2.0, True, "2"],
    "additive": [1, "yes"],
    "verification": ["yes", None],
}  # fmt: skip


def plan_files(odd: bool) -> tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]:
    """tasks.yaml's and units.yaml's data, of plain values alone, or now and then with an
    odd one (an odd value, a list that is not one, a field no model knows, a required
    field left out): often exactly one in a file, which alone decides whether the file is
    shaped here."""

    def rarely(plain: st.SearchStrategy[Any], other: st.SearchStrategy[Any]) -> Any:
        return st.integers(0, 14).flatmap(lambda n: other if odd and n == 0 else plain)

    def value(kind: str) -> st.SearchStrategy[Any]:
        return rarely(st.sampled_from(PLAIN[kind]), st.sampled_from(ODD[kind]))

    def listed(of: st.SearchStrategy[Any], least: int = 0) -> st.SearchStrategy[Any]:
        found = st.lists(of, min_size=least, max_size=3)
        return rarely(found, st.lists(of, max_size=0) | st.sampled_from([None, "x", 1]))

    def fields(required: dict[str, Any], optional: dict[str, Any]) -> st.SearchStrategy[Any]:
        odd_one = {**optional, **required, "color": value("name")}
        return rarely(
            st.fixed_dictionaries(required, optional=optional),
            st.fixed_dictionaries({}, optional=odd_one),
        )

    name, text = value("name"), value("text")
    indicator = fields(
        {"name": name, "target": value("number")},
        {
            "unit": text,
            "direction": value("direction"),
            "due": text,
            "kind": value("kind"),
            "start": text,
            "targets": st.dictionaries(st.sampled_from(PLAIN["name"]), value("share")),
            "additive": value("additive"),
        },
    )
    duty = fields(
        {"name": name, "every": value("every")},
        {"at_least": value("at_least"), "per": value("per")},
    )
    task = fields(
        {"id": name, "deadline": name, "responsible": listed(name, 1)},
        {
            "target": text,
            "cooperating": listed(name),
            "indicators": listed(indicator),
            "recurring": listed(duty),
        },
    )
    item = fields({"id": name, "content": name, "tasks": listed(task, 1)}, {})
    office = fields(
        {"name": name},
        {
            "code": name,
            "recipients": listed(name),
            "cc": listed(name),
            "printer": name,
            "subject": name,
        },
    )
    tasks_file = fields(
        {"title": name, "period": fields({"start": value("day"), "end": value("day")}, {})},
        {"verification": value("verification"), "office": office, "items": listed(item)},
    )
    unit = fields(
        {"name": name, "kind": name},
        {
            "aliases": listed(name),
            "members": listed(name),
            "contact": name,
            "phone": value("phone"),
            "email": value("email"),
        },
    )
    units_file = fields({}, {"kinds": listed(name, 1), "county_kind": name, "units": listed(unit)})
    return tasks_file, units_file


EXAMPLES = 5 * int(os.environ.get("IPCITY_FUZZ_EXAMPLES", "40")) // 2  # 100; make fuzz: 7,500
PLAIN_TASKS, PLAIN_UNITS = plan_files(odd=False)
ANY_TASKS, ANY_UNITS = plan_files(odd=True)


def by_models(model: type[TasksFile] | type[UnitsFile], data: Any, key: str) -> Any:
    """What load.py made of a file before plan_shapes: the header's shape and each entry's,
    exactly (_exact), or None."""
    try:
        found = model.model_validate(data)
    except ValidationError:
        return None
    return _exact((found.header(), [(i, e.plain()) for i, e in enumerate(getattr(found, key))]))


def _exact(value: Any) -> Any:
    """value as a structure that tells 5500 from 5500.0 (== does not) and a set by its
    members, whatever their order (a set's repr follows the process's string hashes)."""
    if value is None:
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return type(value).__name__, tuple((f.name, _exact(getattr(value, f.name))) for f in fields)
    if isinstance(value, list | tuple):
        return type(value).__name__, tuple(map(_exact, value))
    if isinstance(value, dict):
        return "dict", tuple((_exact(k), _exact(v)) for k, v in value.items())
    if isinstance(value, set | frozenset):
        return type(value).__name__, tuple(sorted(map(repr, value)))
    return type(value).__name__, repr(value)


@given(PLAIN_TASKS)
@settings(max_examples=EXAMPLES)
def test_a_plain_tasks_file_is_shaped_as_the_models_make_it(data: Any) -> None:
    """Whenever the models take a file of plain values, it is shaped here, the same."""
    assert _exact(plan_shapes.tasks_file(data)) == by_models(TasksFile, data, "items")


@given(PLAIN_UNITS)
@settings(max_examples=EXAMPLES)
def test_a_plain_units_file_is_shaped_as_the_models_make_it(data: Any) -> None:
    assert _exact(plan_shapes.units_file(data)) == by_models(UnitsFile, data, "units")


@given(ANY_TASKS | st.sampled_from([None, [], "title: x"]))
@settings(max_examples=EXAMPLES)
def test_a_tasks_file_shaped_at_all_is_what_the_models_make_of_it(data: Any) -> None:
    shaped = plan_shapes.tasks_file(data)
    assert shaped is None or _exact(shaped) == by_models(TasksFile, data, "items")


@given(ANY_UNITS | st.sampled_from([None, [], "units: x"]))
@settings(max_examples=EXAMPLES)
def test_a_units_file_shaped_at_all_is_what_the_models_make_of_it(data: Any) -> None:
    shaped = plan_shapes.units_file(data)
    assert shaped is None or _exact(shaped) == by_models(UnitsFile, data, "units")


# A plan with every field once, each value plain: the base the places below change.
TASK = {
    "id": "6.3",
    "target": "年专利申请量达到5500件",
    "deadline": "2010年底",
    "responsible": ["市科技局"],
    "cooperating": ["市工商局"],
    "indicators": [
        {"name": "年专利申请量", "target": 5500, "unit": "件", "direction": ">=", "due": "2010年底",
         "kind": "count", "start": "2009年", "targets": {"海宁市": 800}, "additive": True}
    ],
    "recurring": [{"name": "专题会议", "every": "year", "at_least": 2, "per": "unit"}],
}  # fmt: skip
TASKS_FILE = {
    "title": "嘉兴市知识产权试点城市工作方案",
    "period": {"start": "2008-09-01", "end": "2010-12-31"},
    "verification": "required",
    "office": {"name": "领导小组办公室", "code": "嘉知试办", "recipients": ["各县(市、区)政府"],
               "cc": ["市委办"], "printer": "领导小组办公室", "subject": "知识产权试点"},
    "items": [{"id": "6", "content": "实施商标战略", "tasks": [TASK]}],
}  # fmt: skip
UNITS_FILE = {
    "kinds": ["市级部门", "县(市、区)"],
    "county_kind": "县(市、区)",
    "units": [{"name": "市科技局", "aliases": ["市知识产权局"], "kind": "市级部门", "members": [],
               "contact": "张三", "phone": "0573-82345678", "email": "kjj@jiaxing.gov.cn"}],
}  # fmt: skip
INDICATOR = ("items", 0, "tasks", 0, "indicators", 0)
DUTY = ("items", 0, "tasks", 0, "recurring", 0)
OFFICE = ("office",)
UNIT = ("units", 0)
# Each place a value is written, with the kind of value it holds.
PLACES = [
    (TASKS_FILE, ("title",), "name"), (TASKS_FILE, ("period", "start"), "day"),
    (TASKS_FILE, ("period", "end"), "day"), (TASKS_FILE, ("verification",), "verification"),
    *((TASKS_FILE, (*OFFICE, key), "name") for key in ("name", "code", "printer", "subject")),
    (TASKS_FILE, (*OFFICE, "recipients", 0), "name"), (TASKS_FILE, (*OFFICE, "cc", 0), "name"),
    (TASKS_FILE, ("items", 0, "id"), "name"), (TASKS_FILE, ("items", 0, "content"), "name"),
    *((TASKS_FILE, ("items", 0, "tasks", 0, key), "name") for key in ("id", "deadline")),
    (TASKS_FILE, ("items", 0, "tasks", 0, "target"), "text"),
    (TASKS_FILE, ("items", 0, "tasks", 0, "responsible", 0), "name"),
    (TASKS_FILE, ("items", 0, "tasks", 0, "cooperating", 0), "name"),
    (TASKS_FILE, (*INDICATOR, "name"), "name"), (TASKS_FILE, (*INDICATOR, "target"), "number"),
    *((TASKS_FILE, (*INDICATOR, key), "text") for key in ("unit", "due", "start")),
    *((TASKS_FILE, (*INDICATOR, key), key) for key in ("direction", "kind", "additive")),
    (TASKS_FILE, (*INDICATOR, "targets", "海宁市"), "share"),
    (TASKS_FILE, (*DUTY, "name"), "name"),
    *((TASKS_FILE, (*DUTY, key), key) for key in ("every", "at_least", "per")),
    (UNITS_FILE, ("kinds", 0), "name"), (UNITS_FILE, ("county_kind",), "name"),
    *((UNITS_FILE, (*UNIT, key), "name") for key in ("name", "kind", "contact")),
    *((UNITS_FILE, (*UNIT, key, 0), "name") for key in ("aliases",)),
    *((UNITS_FILE, (*UNIT, key), key) for key in ("phone", "email")),
]  # fmt: skip
# Each list and mapping, made odd: empty, not a list, a field no model knows.
LISTS = [
    (TASKS_FILE, ("items",)), (TASKS_FILE, ("items", 0, "tasks")),
    (TASKS_FILE, ("items", 0, "tasks", 0, "responsible")),
    (TASKS_FILE, ("items", 0, "tasks", 0, "cooperating")),
    (TASKS_FILE, ("items", 0, "tasks", 0, "indicators")),
    (TASKS_FILE, ("items", 0, "tasks", 0, "recurring")), (TASKS_FILE, (*OFFICE, "cc")),
    (UNITS_FILE, ("kinds",)), (UNITS_FILE, ("units",)), (UNITS_FILE, (*UNIT, "aliases")),
    (TASKS_FILE, (*INDICATOR, "targets")),
]  # fmt: skip
MAPPINGS = [
    (TASKS_FILE, ()), (TASKS_FILE, ("period",)), (TASKS_FILE, OFFICE),
    (TASKS_FILE, ("items", 0)), (TASKS_FILE, ("items", 0, "tasks", 0)),
    (TASKS_FILE, INDICATOR), (TASKS_FILE, DUTY), (UNITS_FILE, ()), (UNITS_FILE, UNIT),
]  # fmt: skip


def changed(base: dict[str, Any], path: tuple[Any, ...], value: Any) -> Any:
    """A copy of base with the value at path replaced (a mapping's key left out: DROP)."""
    found = copy.deepcopy(base)
    *parents, last = path
    at = found
    for key in parents:
        at = at[key]
    if value is DROP:
        del at[last]
    else:
        at[last] = value
    return found


DROP = object()


def shaped_as_modelled(data: Any, base: dict[str, Any]) -> bool:
    """Whether data is shaped as the models make it, or left to them."""
    if base is TASKS_FILE:
        shaped, modelled = plan_shapes.tasks_file(data), by_models(TasksFile, data, "items")
    else:
        shaped, modelled = plan_shapes.units_file(data), by_models(UnitsFile, data, "units")
    return shaped is None or _exact(shaped) == modelled


def test_the_base_plan_is_shaped_plainly() -> None:
    assert _exact(plan_shapes.tasks_file(TASKS_FILE)) == by_models(TasksFile, TASKS_FILE, "items")
    assert _exact(plan_shapes.units_file(UNITS_FILE)) == by_models(UnitsFile, UNITS_FILE, "units")


@pytest.mark.parametrize(("base", "path", "kind"), PLACES)
def test_one_odd_value_anywhere_is_left_to_the_models(
    base: dict[str, Any], path: tuple[Any, ...], kind: str
) -> None:
    """Each odd value at each place, the rest of the plan plain: what the models make of
    it, or left to them (a value dropped too, where the field may be left out or not)."""
    for value in [*ODD[kind], *PLAIN[kind], DROP]:
        assert shaped_as_modelled(changed(base, path, value), base), (path, value)


@pytest.mark.parametrize(("base", "path"), LISTS)
def test_a_list_empty_or_not_a_list_is_left_to_the_models(
    base: dict[str, Any], path: tuple[Any, ...]
) -> None:
    for value in ([], None, "x", 1, ("市科技局",), DROP):
        assert shaped_as_modelled(changed(base, path, value), base), (path, value)


@pytest.mark.parametrize(("base", "path"), MAPPINGS)
def test_a_field_no_model_knows_is_left_to_the_models(
    base: dict[str, Any], path: tuple[Any, ...]
) -> None:
    assert shaped_as_modelled(changed(base, (*path, "color"), "红"), base)
    assert shaped_as_modelled(changed(base, (*path, 1), "红"), base)


def test_the_bundled_plan_is_shaped_plainly_as_the_models_load_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Jiaxing's plan (an office, indicators, duties, contacts) goes the plain way, and the
    plan loaded is the one the models give."""
    shaped = {name: getattr(plan_shapes, name) for name in ("tasks_file", "units_file")}
    taken: list[str] = []
    for name, shape in shaped.items():
        monkeypatch.setattr(plan_shapes, name, lambda d, s=shape, n=name: taken.append(n) or s(d))
    plain, _ = load.load_plan(BUNDLED, date(2009, 12, 31))
    for name in shaped:
        monkeypatch.setattr(plan_shapes, name, lambda data: None)
    modelled, _ = load.load_plan(BUNDLED, date(2009, 12, 31))
    assert plain is not None and modelled is not None
    assert taken == ["tasks_file", "units_file"]
    kept = ("title", "period", "items", "verification", "office", "deadlines")
    assert [getattr(plain, k) for k in kept] == [getattr(modelled, k) for k in kept]
    assert plain.units.units == modelled.units.units
    assert plain.units.kinds == modelled.units.kinds
    assert any(task.indicators for item in plain.items for task in item.tasks)


def test_a_value_the_model_would_change_is_left_to_it() -> None:
    """A name with a blank at its end: the model strips it, so the models read the file;
    a phone number in full-width digits is shaped as the model normalises it."""
    assert plan_shapes.units_file({"units": [{"name": "市工商局 ", "kind": "市级部门"}]}) is None
    unit = {"name": "市工商局", "kind": "市级部门", "phone": "０５７３-８２３４５６７８"}
    shaped = plan_shapes.units_file({"units": [unit]})
    assert shaped is not None and shaped[1][0][1].phone == "0573-82345678"


@pytest.mark.slow  # a process of the real command
def test_a_plain_plan_is_validated_without_pydantic(data_dir: Path, tmp_path: Path) -> None:
    """A cold `validate` of the bundled plan (no index yet) imports no Pydantic."""
    env = {**os.environ, "IPCITY_CACHE_DIR": str(tmp_path / "cache"), "PYTHONUTF8": "1"}
    done = imports_of(["validate", "-d", str(data_dir)], env)
    assert (done.returncode, done.stdout, done.stderr) == (0, "['yaml']\n", "")
