"""A breakdown table read back into a new data directory (`ipcity import`): the items and
tasks, the units with their kinds guessed, the title and period, checked as `validate`
would before a file is written."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ipcity.errors import DataError, UsageError
from ipcity.files import load, scaffold
from ipcity.plan.kinds import DEFAULT, GROUP, UnitKinds
from ipcity.plan.models import Indicator, Item, Recurring, Unit
from ipcity.plan.problems import FILES, Problem
from ipcity.plan.units import UnitRegistry, county_forms, normalize
from ipcity.tables import extra_sheets, proposals, sheets
from ipcity.tables.extra_reader import ExtraReader
from ipcity.tables.reader import Reader


class ImportRefused(DataError):
    """The table cannot become a plan: every reason, each naming its row, and a summary."""


@dataclass
class Imported:
    """What import wrote, and where the title and period came from."""

    title: str
    start: date
    end: date
    items: list[Item]
    units: list[Unit]
    files: list[Path]
    derived: list[str] = field(default_factory=list)  # what was not given: 标题, 开始日期, …
    sheets: list[str] = field(default_factory=list)  # the workbook's sheets besides the table
    guessed: scaffold.Guessed = field(default_factory=scaffold.Guessed)

    def notes(self) -> str:
        """What a person should check, after the summary line."""
        lines = []
        if self.sheets:
            lines.append(f"{'、'.join(self.sheets)}取自表中同名的工作表。")
        if self.guessed.units and len(self.guessed.units) == len(self.units):
            lines.append("units.yaml 中单位的类别是按名称推测的，请核对；单位组的成员请补全。")
        elif self.guessed.units:
            lines.append(
                f"units.yaml 中有 {len(self.guessed.units)} 个单位不在「单位」表中，"
                "类别是按名称推测的（标有“推测”），请核对。"
            )
        if self.guessed.indicators:
            count = len(self.guessed.indicators)
            lines.append(
                f"从目标要求中推测了 {count} 个量化指标，写在 tasks.yaml 中，"
                "标有“推测”，请逐一核对。"
            )
        return "".join(line + "\n" for line in lines)

    @property
    def tasks(self) -> int:
        return sum(len(item.tasks) for item in self.items)


def import_table(
    path: Path,
    into: Path,
    *,
    title: str | None,
    start: date | None,
    end: date | None,
    today: date,
) -> Imported:
    """Read a breakdown table and write a new plan into a directory that has none.

    Raises UsageError (the file or directory cannot be used, the period cannot be made
    out) or ImportRefused (what is wrong in the table, row by row). Writes nothing then.
    """
    scaffold.refuse_existing(into, FILES)
    book = sheets.read_book(path)
    reader = Reader(str(path), book[0][1])
    items = reader.items()
    _refuse(reader.problems)
    parts = _parts(reader.names, items, ExtraReader(str(path), book[1:]))

    derived = []
    title = (title or "").strip()
    if not title:
        title = reader.title or path.stem
        derived.append("标题")
    if start is None or end is None:
        first, last = reader.period()
        if first is None or last is None:
            raise UsageError(
                "表中没有写明日期的工作进度，推定不了试点期；请用 --start 和 --end 给出"
            )
        if start is None:
            start = first
            derived.append("开始日期")
        if end is None:
            end = last
            derived.append("结束日期")
    if end < start:
        raise UsageError(f"试点期的结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")

    texts = scaffold.plan_files(
        title, start, end, parts.items, parts.units, path.name,
        kinds=parts.kinds, guessed=parts.guessed,
    )  # fmt: skip
    _check(texts, into, today)
    files = scaffold.write(into, texts)
    return Imported(
        title, start, end, parts.items, parts.units, files, derived, parts.sheets, parts.guessed
    )


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise ImportRefused(problems, "表中有错，什么也没有写入；改正后重新导入。")


@dataclass
class _Parts:
    """The plan beyond the six columns: from the workbook's other sheets, else guessed."""

    items: list[Item]
    units: list[Unit]
    kinds: UnitKinds
    guessed: scaffold.Guessed
    sheets: list[str]  # the extra sheets read


def _parts(names: list[str], items: list[Item], extra: ExtraReader) -> _Parts:
    """Kinds, units, indicators and duties from the sheets beside the table, where they are;
    what is not there is guessed from the table and marked so. Raises ImportRefused."""
    guessed = scaffold.Guessed()
    kinds = extra.kinds()  # the units are checked against it: its own problems first
    _refuse(extra.problems)
    if kinds is None:
        kinds = extra.listed_kinds()
        guessed.kinds = scaffold.KINDS_FROM_UNITS if kinds else scaffold.KINDS_GUESSED
        kinds = kinds or scaffold.STARTING_KINDS
    listed = extra.units(kinds)
    tasks = {task.id for item in items for task in item.tasks}
    indicators, duties = extra.indicators(tasks), extra.duties(tasks)
    _refuse(extra.problems)
    units = listed or []
    registry = UnitRegistry(units, kinds)
    more = _units([name for name in names if registry.resolve(name) is None], kinds)
    guessed.units = {unit.name for unit in more}
    if indicators is None:  # a plain table: what its 目标要求 say plainly, for a person to confirm
        indicators = proposals.proposed(items)
        guessed.indicators = {(task, i.name) for task, found in indicators.items() for i in found}
    measured = [_measured(item, indicators, duties or {}) for item in items]
    read = [name for name in extra_sheets.NAMES if name in extra.book]
    return _Parts(measured, units + more, kinds, guessed, read)


def _check(texts: dict[str, str], into: Path, today: date) -> None:
    """Load what is about to be written, as validate will; refuse it if validate would."""
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp)
        for name, text in texts.items():
            (trial / name).write_text(text, encoding="utf-8")
        _, problems = load.load_plan(trial, today)
    if problems:
        raise ImportRefused(
            [
                Problem(str(into / Path(p.file).name), p.line, p.col, p.message, p.hint, p.excerpt)
                for p in problems
            ],
            "导入的结果通不过 ipcity validate，什么也没有写入；这是 ipcity 的疏漏，请报告。",
        )


def _measured(
    item: Item, indicators: dict[str, list[Indicator]], duties: dict[str, list[Recurring]]
) -> Item:
    """The item with its tasks' indicators and recurring duties."""
    tasks = [
        task.model_copy(
            update={
                "indicators": indicators.get(task.id, []),
                "recurring": duties.get(task.id, []),
            }
        )
        for task in item.tasks
    ]
    return item.model_copy(update={"tasks": tasks})


_COUNTY = re.compile(r"[^市各].{0,10}?[县区市](?:人民政府|政府)?")


def guess_kind(name: str, kinds: UnitKinds = DEFAULT) -> str:
    """A first guess at a unit's kind from its name, among the plan's own kinds, for a person
    to check: 各… is a group, ××县/区/市(人民)政府 the county level (when the plan has one),
    anything else the first other kind listed (市级部门 in the Jiaxing list)."""
    key = normalize(name)
    if key.startswith("各"):
        return GROUP
    if kinds.county is not None and _COUNTY.fullmatch(key):
        return kinds.county
    return kinds.departments


# 市科技局(知识产权局) beside 市科技局: the bracket names the same office another way.
_BRACKETED = re.compile(r"(.+?)[(（][^()（）]+[)）]")


def _units(names: Sequence[str], kinds: UnitKinds = DEFAULT) -> list[Unit]:
    """One unit per name found, in order of first mention, kind guessed. Forms that are the
    same unit (full-width brackets; 海宁市 beside 海宁市政府) are not registered twice, and
    X(Y) is taken for an alias of X when X is named too."""
    mentioned = {normalize(name) for name in names}
    guessed: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    known: dict[str, str] = {}  # every normalised form -> the unit's name

    def register(name: str) -> str:
        kind = guess_kind(name, kinds)
        guessed[name], aliases[name] = kind, []
        for form in [name, *(county_forms(name) if kind == kinds.county else [])]:
            known.setdefault(normalize(form), name)
        return name

    for name in names:
        if normalize(name) in known:
            continue
        bracketed = _BRACKETED.fullmatch(name)
        stem = bracketed[1].strip() if bracketed else ""
        if stem and normalize(stem) in mentioned:
            owner = known.get(normalize(stem)) or register(stem)
            aliases[owner].append(name)
            known[normalize(name)] = owner
            continue
        register(name)
    return [Unit(name=name, kind=kind, aliases=aliases[name]) for name, kind in guessed.items()]
