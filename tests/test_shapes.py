"""A loaded plan holds Pydantic-free shapes of the models: same fields, same defaults, same
values, so that code reading a plan cannot tell which it was given."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticUndefined

from ipcity.errors import UsageError
from ipcity.log.entry import written
from ipcity.plan import models, shapes

PAIRS = [
    (models.Indicator, shapes.Indicator),
    (models.Recurring, shapes.Recurring),
    (models.Task, shapes.Task),
    (models.Item, shapes.Item),
    (models.Period, shapes.Period),
    (models.Unit, shapes.Unit),
    (models.Office, shapes.Office),
    (models.Attachment, shapes.Attachment),
    (models.StatusRecord, shapes.Written),
]


def fields(shape: Any) -> list[str]:
    if not dataclasses.is_dataclass(shape):
        return list(shape._fields)  # a NamedTuple (Written)
    return [f.name for f in dataclasses.fields(shape)]


def defaults(shape: Any) -> dict[str, Any]:
    if not dataclasses.is_dataclass(shape):
        return dict(shape._field_defaults)
    found = {}
    for f in dataclasses.fields(shape):
        if f.default is not dataclasses.MISSING:
            found[f.name] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            found[f.name] = f.default_factory()
    return found


@pytest.mark.parametrize(("model", "shape"), PAIRS, ids=[s.__name__ for _, s in PAIRS])
def test_a_shape_has_its_models_fields_in_order_with_its_defaults(
    model: type[BaseModel], shape: Any
) -> None:
    assert fields(shape) == list(model.model_fields)
    model_defaults = {
        name: (info.default_factory() if info.default_factory else info.default)  # type: ignore[call-arg]
        for name, info in model.model_fields.items()
        if info.default is not PydanticUndefined or info.default_factory is not None
    }
    assert defaults(shape) == model_defaults


def test_a_loaded_plan_holds_shapes_equal_to_the_models(data_dir: Any) -> None:
    from ipcity.files.load import load_plan

    plan, problems = load_plan(data_dir, date(2026, 1, 1))
    assert problems == [] and plan is not None
    item = plan.items[5]
    assert type(item) is shapes.Item and type(item.tasks[0]) is shapes.Task
    assert type(plan.period) is shapes.Period
    model = models.Item.model_validate(dataclasses.asdict(item))
    assert model.plain() == item


names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1
)
entries = st.fixed_dictionaries(
    {"task": st.sampled_from(["1", "6.3", "13.2"]), "date": st.just("2009-05-01")},
    optional={
        "status": st.sampled_from([s.value for s in shapes.Status]),
        "by": names,
        "note": st.text(),
        "values": st.dictionaries(names, st.floats(allow_nan=False, allow_infinity=False)),
        "evidence": st.text(),
        "count": st.integers(min_value=1, max_value=99),
        "duty": names,
        "unit": names,
        "all_parts": st.booleans(),
        "verify": st.sampled_from(["accepted", "returned"]),
        "extend_to": st.just("2010-06-30"),
        "reason": st.text(),
        "approved_by": names,
        "source": names,
        "attachments": st.lists(
            st.fixed_dictionaries({"path": names, "sha256": names}), max_size=2
        ),
    },
)


@given(entries)
def test_an_entry_a_command_builds_reads_as_the_model_reads_it(fields: dict[str, Any]) -> None:
    try:
        model = models.StatusRecord.model_validate(fields)
    except ValidationError as exc:  # a hidden character, a reading past reason: refused alike
        with pytest.raises(UsageError) as refused:
            written(fields)
        assert str(refused.value) == f"记录无效：{exc.errors(include_url=False)[0]['msg']}"
        return
    shaped = written(fields)._asdict()
    shaped["attachments"] = tuple(dataclasses.asdict(a) for a in shaped["attachments"])
    assert shaped == model.model_dump()
    assert model.plain() == written(fields)


def test_a_plans_record_has_the_models_first_fields_in_their_order() -> None:
    from ipcity.plan.loaded import Record

    # A progress record holds the model's (and its shape's) first fields; the kinds' own
    # fields follow them. loaded.Record.of reads them by place.
    assert Record._fields == tuple(models.StatusRecord.model_fields)[: len(Record._fields)]
    assert shapes.Written._fields[: len(Record._fields)] == Record._fields
    assert tuple(models.StatusRecord.model_fields)[len(Record._fields) :] == (
        "verify", "extend_to", "reason", "approved_by"
    )  # fmt: skip
