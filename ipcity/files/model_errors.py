"""The models' verdicts on a loaded file, entry by entry, as problems at a line: Pydantic's
errors explained in the annex's words, with how to fix each."""

from __future__ import annotations

import re
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from ipcity.files.yaml_document import Document
from ipcity.plan.labels import FIELD_LABELS
from ipcity.plan.models import StatusRecord, TasksFile, UnitsFile
from ipcity.plan.problems import Problem

M = TypeVar("M", bound=BaseModel)
Indexed = list[tuple[int, M]]


def validate_file(
    doc: Document,
    model: type[M],
    entries_of: tuple[str, type[BaseModel]],
    problems: list[Problem],
) -> tuple[M | None, Indexed[Any]]:
    """A mapping file: its own fields, and the list under a key validated entry by entry."""
    key, entry_model = entries_of
    if doc.data is None:
        if not doc.problems:
            problems.append(doc.problem_at(1, 1, "文件为空", _EXAMPLES[model]))
        return None, []
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "文件的最外层应是映射（键: 值）", _EXAMPLES[model]))
        return None, []
    entries = doc.data.get(key, [])
    header = _validate(doc, model, {**doc.data, key: []}, problems)
    return header, _validate_each(doc, entry_model, entries, (key,), problems)


def validate_records(
    doc: Document, problems: list[Problem], start: int = 0
) -> Indexed[StatusRecord]:
    """The records of a log (numbered from start, when only its tail was read)."""
    if doc.data is None:
        return []
    if not isinstance(doc.data, list):
        problems.append(
            doc.problem(
                (), "status.yaml 的最外层应是列表，每条记录以“- task:”开头", _EXAMPLES[list]
            )
        )
        return []
    return _validate_each(doc, StatusRecord, doc.data, (), problems, start)


def validate_batch(
    doc: Document, batch: list[Any], first: int, problems: list[Problem]
) -> Indexed[StatusRecord]:
    """A batch of a log's records (the first numbered first), read in batches."""
    return _validate_each(doc, StatusRecord, batch, (), problems, first)


def validate_entries(
    doc: Document, entries: list[tuple[int, Any]], problems: list[Problem]
) -> Indexed[StatusRecord]:
    """Some of a log's records, each with its place (those files/record_shapes.py leaves
    to the model), as validate_batch validates them."""
    try:  # the usual case: all valid
        models = _adapter(StatusRecord).validate_python([entry for _, entry in entries])
        return [(i, model) for (i, _), model in zip(entries, models, strict=True)]
    except ValidationError:
        pass
    valid: Indexed[StatusRecord] = []
    for i, entry in entries:
        try:
            valid.append((i, StatusRecord.model_validate(entry)))
        except ValidationError as exc:
            problems += _pydantic_problems(doc, exc, (i,))
    return valid


def _validate(doc: Document, model: type[M], data: Any, problems: list[Problem]) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems += _pydantic_problems(doc, exc, ())
        return None


def _validate_each(
    doc: Document,
    model: type[M],
    entries: Any,
    prefix: tuple[str | int, ...],
    problems: list[Problem],
    start: int = 0,
) -> Indexed[M]:
    if not isinstance(entries, list):
        field = str(prefix[-1]) if prefix else ""
        named = f"{field}（{FIELD_LABELS[field]}）" if field in FIELD_LABELS else field
        problems.append(doc.problem(prefix, f"{named}应为列表，每项以“- ”开头"))
        return []
    adapter = _adapter(model)
    try:
        # the usual case: all valid
        return list(enumerate(adapter.validate_python(entries), start))
    except ValidationError:
        pass
    valid: Indexed[M] = []
    for i, entry in enumerate(entries, start):
        try:
            valid.append((i, model.model_validate(entry)))
        except ValidationError as exc:
            problems += _pydantic_problems(doc, exc, (*prefix, i))
    return valid


_adapters: dict[type[BaseModel], TypeAdapter[Any]] = {}


def _adapter(model: type[M]) -> TypeAdapter[list[M]]:
    if model not in _adapters:
        _adapters[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return _adapters[model]


_EXAMPLES: dict[Any, str] = {
    TasksFile: "tasks.yaml 要有 title、period（start、end）和 items，可用 `ipcity init` 生成样例",
    UnitsFile: "units.yaml 要有 units 列表，每项写 name 和 kind",
    list: "例如：- task: '6.3'",
}


def _pydantic_problems(
    doc: Document, exc: ValidationError, prefix: tuple[str | int, ...]
) -> list[Problem]:
    problems = []
    # A value the YAML reader already refused (an unsupported tag) arrives as None: one
    # error for it is enough.
    reported = {(p.line, p.col) for p in doc.problems}
    for err in exc.errors(include_url=False):
        loc = (*prefix, *err["loc"])
        message, hint = _explain(err, doc.source(loc))
        problem = doc.problem(loc, message, hint, at_key=err["type"] == "extra_forbidden")
        if (problem.line, problem.col) not in reported:
            problems.append(problem)
    return problems


_DATE_FIELDS = {"date", "start", "end"}
_YAML_READS = {bool: "是/否（布尔值）", int: "数字", float: "数字", type(None): "空值"}


def _explain(err: Any, source: str | None) -> tuple[str, str]:
    """A Pydantic error in the annex's words, with how to fix it."""
    kind = err["type"]
    loc = [x for x in err["loc"] if isinstance(x, str)]
    field = loc[-1] if loc else ""
    label = FIELD_LABELS.get(field, field)
    named = f"{field}（{label}）" if label != field else field
    if "values" in loc[:-1]:
        named = f"指标读数「{field}」"
    value = err.get("input")
    if kind == "missing":
        return f"缺少 {named}", f"加上一行 {field}: …"
    if kind == "extra_forbidden":
        return f"未知字段「{field}」", "检查拼写；可用的字段见文件开头的说明"
    if kind == "string_type":
        if source is not None and type(value) in _YAML_READS:
            what = _YAML_READS[type(value)]
            return (
                f"{named}应为文字，YAML 把 {source} 读成了{what}",
                f"加上引号：'{source}'",
            )
        return f"{named}应为文字", "写成一段文字，必要时加引号"
    if kind == "string_too_short":
        return f"{named}不能为空", f"填写{label}"
    if kind == "list_type":
        return f"{named}应为列表", "写成 [甲, 乙]，或每行一个“- 甲”"
    if kind == "too_short":
        return f"{named}至少要有一项", f"填写{label}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{named}应为映射（键: 值）", ""
    if kind == "literal_error":
        expected = str(err.get("ctx", {}).get("expected", ""))
        choices = "、".join(re.findall(r"'([^']*)'", expected)) or expected
        return f"{named}「{value}」不是可用的取值", f"应为 {choices} 之一"
    if kind in ("greater_than_equal", "greater_than"):
        bound = err.get("ctx", {}).get("ge", err.get("ctx", {}).get("gt"))
        more = "不能小于" if kind == "greater_than_equal" else "要大于"
        return f"{named}{more} {bound}（写的是 {value}）", ""
    if kind == "hidden_character":  # plan/values.py: a name with a character one cannot see
        return f"{named}{str(err['msg']).removeprefix('名称')}", err["ctx"]["hint"]
    if kind == "implausible_number":
        shown = source if source is not None else err["ctx"]["value"]
        return f"{named}为 {shown}，{err['ctx']['what']}", err["ctx"]["hint"]
    if kind in ("float_parsing", "float_type", "finite_number"):
        return f"{named}应为数字「{value}」", "只写数字，如 1320 或 0.9"
    if kind == "value_error":
        hint = "写成 2009-05-01 这样的日期" if field in _DATE_FIELDS else ""
        return f"{named}：{str(err['msg']).removeprefix('Value error, ')}", hint
    return f"{named}：{err['msg']}", ""
