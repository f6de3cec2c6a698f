"""The forms sent out: `forms.yaml` in the data directory, one line per form `forms` wrote
(its id, unit, period, the day it was written and the day it is due back), appended under
the status log's lock. `remind` reads it: a form is returned once a record in status.yaml
carries its id in `source`; the others are chased.

Written by the tool, read by people (and by git: the file is appended to, never
rewritten, like the status log). A form written again unchanged (same id, same due date)
is not listed twice.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from ipcity.errors import DataError
from ipcity.files import append, yaml_read, yaml_write
from ipcity.plan.forms import IssuedForm
from ipcity.plan.problems import Problem

REGISTER = "forms.yaml"

_HEADER = """\
# 已发出的填报表：ipcity forms 每写一份表格，就在这里记一行（表格编号、单位、时段、
# 生成日期、报回期限）。ipcity remind 据此找出还没有报回的表格：一份表格报回后，
# ipcity collect 写入 status.yaml 的记录带有它的编号（source），即为已报回。
# 由 ipcity 追加，一般不必手工编辑。
"""


def issued(data_dir: Path) -> list[IssuedForm]:
    """The forms sent out, oldest first; none when no form was ever written. Raises
    DataError naming the line of anything that is not such a form."""
    path = data_dir / REGISTER
    if not path.exists():
        return []
    doc = yaml_read.load(path, str(path))
    problems: list[Problem] = list(doc.problems)
    found: list[IssuedForm] = []
    if doc.data is not None and not isinstance(doc.data, list):
        problems.append(doc.problem((), f"{REGISTER} 的最外层应是列表，每份表格一行"))
    for i, entry in enumerate(doc.data if isinstance(doc.data, list) else []):
        try:
            found.append(IssuedForm.model_validate(entry))
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            where = (i, *error["loc"])
            message = str(error["msg"]).removeprefix("Value error, ")
            problems.append(doc.problem(where, f"不是一份表格的记录：{message}"))
    if problems:
        raise DataError(problems, f"{REGISTER} 由 ipcity forms 追加；改正后再运行。")
    return found


def register(data_dir: Path, forms: Sequence[IssuedForm]) -> list[IssuedForm]:
    """Add the forms written to the register (creating it), but those listed already with
    the same due date; the ones added. Raises AppendError as the status log's append does."""
    path = data_dir / REGISTER
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(_HEADER)
    known = {(f.form, f.due) for f in issued(data_dir)}
    new = [f for f in forms if (f.form, f.due) not in known]
    entries = []
    for form in new:
        fields = form.model_dump(exclude_none=True)
        line = yaml_write.flow_entry(fields, quote=("period",))
        text = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in fields.items()}
        entries.append((line, text))
    append.append_entries(path, entries, str(path))
    return new
