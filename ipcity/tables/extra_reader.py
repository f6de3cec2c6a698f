"""The sheets beside a breakdown table (单位类别, 单位, 量化指标, 经常性工作, as export writes
them) read back on import, every problem named by sheet, row and column with its fix.

A sheet that is not there is None: the plan then has what the table alone says (kinds and
units guessed, indicators proposed). A sheet that is there is the plan's word, checked as
validate would check the files it becomes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from ipcity.plan.deadlines import FORMS, DeadlineError, date_range, parse_deadline
from ipcity.plan.kinds import GROUP, UnitKinds, declared
from ipcity.plan.models import EVERY_LABELS, Indicator, Recurring, Unit
from ipcity.plan.problems import Problem
from ipcity.plan.rules import check_units
from ipcity.plan.units import UnitRegistry
from ipcity.tables import extra_sheets as x
from ipcity.tables.reader import split_units
from ipcity.tables.sheets import Rows
from ipcity.text import join_names

_HEADER_SEARCH = 10
_YES, _NO = {"是", "√", "Y", "y", "yes", "true"}, {"", "否", "N", "n", "no", "false"}
_DIRECTIONS = {"": ">=", ">=": ">=", "≥": ">=", "<=": "<=", "≤": "<="} | {
    word: sign for sign, word in x.DIRECTIONS.items()
}
_READINGS = {"": "count"} | {k: k for k in x.READINGS} | {w: k for k, w in x.READINGS.items()}
_EVERY = {k: k for k in EVERY_LABELS} | {w: k for k, w in EVERY_LABELS.items()}
_PER = (
    {"": "task", "整体": "task", "每个责任单位": "unit"}
    | {k: k for k in x.PER_WORDS}
    | {w: k for k, w in x.PER_WORDS.items()}
)
_UNIT_COLUMNS = {"name": x.NAME, "aliases": x.ALIASES, "kind": x.KIND, "members": x.MEMBERS}
_CONTACT_COLUMNS = {"contact": x.CONTACT, "phone": x.PHONE, "email": x.EMAIL}


@dataclass
class _Row:
    line: int
    cells: dict[str, str]


class ExtraReader:
    """Reads the extra sheets of one workbook, collecting every problem."""

    def __init__(self, source: str, book: list[tuple[str, Rows]]) -> None:
        self.source = source
        self.book = dict(book)
        self.problems: list[Problem] = []
        self.columns: dict[str, dict[str, int]] = {}
        self.parsed: dict[str, list[_Row]] = {}

    def problem(self, sheet: str, line: int, column: str, message: str, hint: str = "") -> None:
        col = self.columns.get(sheet, {}).get(column, 0) + 1
        where = f"「{sheet}」表第 {line} 行" + (f"「{column}」" if column else "")
        self.problems.append(Problem(self.source, line, col, f"{where}：{message}", hint))

    def _rows(self, sheet: str, header: tuple[str, ...], more: tuple[str, ...] = ()) -> list[_Row]:
        """The sheet's filled rows under its header, by column name; none if it is broken.
        Columns in `more` are read when the header has them, and are blank otherwise.
        Read once: its problems are reported once however often it is asked for."""
        if sheet not in self.parsed:
            self.parsed[sheet] = list(self._read(sheet, header, more))
        return self.parsed[sheet]

    def _read(self, sheet: str, header: tuple[str, ...], more: tuple[str, ...]) -> Iterator[_Row]:
        rows = self.book[sheet]
        for i, raw in enumerate(rows[:_HEADER_SEARCH]):
            names = {_folded(cell): n for n, cell in reversed(list(enumerate(raw)))}
            if header[0] not in names and header[1] not in names:
                continue
            missing = [name for name in header if name not in names]
            if missing:
                self.problem(
                    sheet,
                    i + 1,
                    "",
                    f"表头缺少列：{join_names(missing)}",
                    f"「{sheet}」表要有这几列：{join_names(header)}（先后不限）",
                )
                return
            columns = self.columns[sheet] = {
                name: names[name] for name in (*header, *more) if name in names
            }
            for line, cells in enumerate(rows[i + 1 :], start=i + 2):
                row = dict.fromkeys(more, "")
                row |= {name: cells[n] if n < len(cells) else "" for name, n in columns.items()}
                if any(row.values()):
                    yield _Row(line, row)
            return
        self.problem(sheet, 1, "", f"找不到表头（{join_names(header)}）", "第一行写这几个列名")

    def kinds(self) -> UnitKinds | None:
        """The 单位类别 sheet: the plan's kinds, the one marked 县级政府 the county level."""
        if x.KINDS not in self.book:
            return None
        before = len(self.problems)
        names: list[str] = []
        county: list[tuple[int, str]] = []
        for row in self._rows(x.KINDS, x.KINDS_HEADER):
            name, flag = row.cells[x.KIND], row.cells[x.COUNTY]
            if not name:
                self.problem(x.KINDS, row.line, x.KIND, "类别为空", "写上类别的名称，或删去这一行")
            elif name == GROUP:
                self.problem(
                    x.KINDS, row.line, x.KIND, "group（单位组）总是可用，不必列出", "删去这一行"
                )
            elif name in names:
                self.problem(x.KINDS, row.line, x.KIND, f"类别「{name}」重复", "每个类别只写一行")
            else:
                names.append(name)
            if _folded(flag) in _YES:
                county.append((row.line, name))
            elif _folded(flag) not in _NO:
                self.problem(x.KINDS, row.line, x.COUNTY, f"应为“是”或空着，写的是「{flag}」")
        for line, _ in county[1:]:
            first = county[0][1]
            self.problem(
                x.KINDS,
                line,
                x.COUNTY,
                f"县级政府的类别只能有一个（已有「{first}」）",
                "只在一行写“是”",
            )
        if not names and len(self.problems) == before:
            self.problem(x.KINDS, 1, "", "没有类别", "每行写一个本方案的单位类别")
        if len(self.problems) > before:
            return None
        return declared(names, county[0][1] if county else None)

    def listed_kinds(self) -> UnitKinds | None:
        """Without a 单位类别 sheet, the kinds the 单位 sheet uses, in order of first use."""
        if x.UNITS not in self.book:
            return None
        rows = list(self._rows(x.UNITS, x.UNITS_HEADER, x.UNITS_MORE))
        used = [row.cells[x.KIND] for row in rows if row.cells[x.KIND]]
        return declared(used, None) if any(kind != GROUP for kind in used) else None

    def units(self, kinds: UnitKinds) -> list[Unit] | None:
        """The 单位 sheet: every unit with its aliases, kind and members, checked as
        validate checks units.yaml (repeats, a name of two units, members, kinds)."""
        if x.UNITS not in self.book:
            return None
        before = len(self.problems)
        units: list[tuple[int, Unit]] = []
        lines: list[int] = []
        for row in self._rows(x.UNITS, x.UNITS_HEADER, x.UNITS_MORE):
            name, kind = row.cells[x.NAME], row.cells[x.KIND]
            if not name:
                self.problem(x.UNITS, row.line, x.NAME, "名称为空", "写上单位的名称，或删去这一行")
                continue
            if not kind:
                self.problem(x.UNITS, row.line, x.KIND, "类别为空", f"写 {kinds.choices} 之一")
                continue
            if not kinds.allows(kind):
                sheet = f"「{x.KINDS}」表" if x.KINDS in self.book else "文件"
                self.problem(
                    x.UNITS,
                    row.line,
                    x.KIND,
                    f"类别「{kind}」不是本方案的类别",
                    f"应为 {kinds.choices} 之一；新的类别先加进{sheet}",
                )
                continue
            members = split_units(row.cells[x.MEMBERS])
            aliases = split_units(row.cells[x.ALIASES])
            reach = {k: row.cells.get(column) or None for k, column in _CONTACT_COLUMNS.items()}
            try:
                unit = Unit(name=name, kind=kind, aliases=aliases, members=members, **reach)
            except ValidationError as exc:
                error = exc.errors(include_url=False)[0]
                column = _CONTACT_COLUMNS.get(str(error["loc"][0]), x.NAME)
                message = str(error["msg"]).removeprefix("Value error, ")
                self.problem(x.UNITS, row.line, column, message, "改正，或清空这一格")
                continue
            units.append((len(units), unit))
            lines.append(row.line)
        registry = UnitRegistry((unit for _, unit in units), kinds)
        for finding in check_units(units, registry):
            _, i, field, *_ = finding.loc
            assert isinstance(i, int) and isinstance(field, str)
            hint = finding.hint.replace(" units.yaml 中", f"「{x.UNITS}」表中")  # the rules' words
            self.problem(x.UNITS, lines[i], _UNIT_COLUMNS[field], finding.message, hint)
        if len(self.problems) > before:
            return None
        return [unit for _, unit in units]

    def indicators(self, tasks: set[str]) -> dict[str, list[Indicator]] | None:
        """The 量化指标 sheet: each task's indicators, by task ID."""
        if x.INDICATORS not in self.book:
            return None
        found: dict[str, list[Indicator]] = {}
        for row in self._rows(x.INDICATORS, x.INDICATORS_HEADER, x.INDICATORS_MORE):
            before = len(self.problems)
            task = self._task(x.INDICATORS, row, tasks)
            name = self._name(x.INDICATORS, row, x.INDICATOR, found.get(task, []))
            target = self._number(row)
            direction = self._word(x.INDICATORS, row, x.DIRECTION, _DIRECTIONS, x.DIRECTIONS)
            kind = self._word(x.INDICATORS, row, x.READING, _READINGS, x.READINGS)
            due, start = row.cells[x.DUE] or None, row.cells[x.START] or None
            if due is not None:
                try:
                    parse_deadline(due, date.max)
                except DeadlineError as exc:
                    self.problem(x.INDICATORS, row.line, x.DUE, str(exc), f"可以写 {FORMS}，或空着")
            if start is not None:
                try:
                    date_range(start)
                except DeadlineError as exc:
                    self.problem(
                        x.INDICATORS, row.line, x.START, str(exc), "写成 2009年 或 2009-01-01"
                    )
            adds_up, shares = self._adds_up(row), self._shares(row)
            if len(self.problems) == before:
                found.setdefault(task, []).append(
                    Indicator.model_validate(
                        {"name": name, "target": target, "unit": row.cells[x.MEASURE],
                         "direction": direction, "due": due, "kind": kind, "start": start,
                         "additive": adds_up, "targets": shares}
                    )
                )  # fmt: skip
        return found

    def duties(self, tasks: set[str]) -> dict[str, list[Recurring]] | None:
        """The 经常性工作 sheet: each task's recurring duties, by task ID."""
        if x.DUTIES not in self.book:
            return None
        found: dict[str, list[Recurring]] = {}
        for row in self._rows(x.DUTIES, x.DUTIES_HEADER):
            before = len(self.problems)
            task = self._task(x.DUTIES, row, tasks)
            name = self._name(x.DUTIES, row, x.DUTY, found.get(task, []))
            every = self._word(x.DUTIES, row, x.EVERY, _EVERY, EVERY_LABELS, blank=False)
            per = self._word(x.DUTIES, row, x.PER, _PER, x.PER_WORDS)
            times = _folded(row.cells[x.AT_LEAST]) or "1"
            if not re.fullmatch(r"[1-9][0-9]{0,4}", times):
                self.problem(
                    x.DUTIES,
                    row.line,
                    x.AT_LEAST,
                    f"应为正整数「{row.cells[x.AT_LEAST]}」",
                    "如 1、2、3；空着为 1",
                )
            if len(self.problems) == before:
                found.setdefault(task, []).append(
                    Recurring.model_validate(
                        {"name": name, "every": every, "at_least": int(times), "per": per}
                    )
                )
        return found

    def _task(self, sheet: str, row: _Row, tasks: set[str]) -> str:
        task = _folded(row.cells[x.TASK])
        if task not in tasks:
            what = f"任务序号「{row.cells[x.TASK]}」不在任务分解表中" if task else "任务序号为空"
            self.problem(sheet, row.line, x.TASK, what, "写任务分解表中的任务序号，如 6.1")
        return task

    def _name(
        self, sheet: str, row: _Row, column: str, same_task: list[Indicator] | list[Recurring]
    ) -> str:
        name = row.cells[column]
        if not name:
            self.problem(sheet, row.line, column, f"{column}为空", f"写上{column}，或删去这一行")
        elif name in {m.name for m in same_task}:
            self.problem(
                sheet,
                row.line,
                column,
                f"任务 {row.cells[x.TASK]} 的「{name}」重复",
                "同一任务的每项用不同的名称",
            )
        return name

    def _adds_up(self, row: _Row) -> bool | None:
        """可加: whether the units' shares add up to the city's figure; blank for the usual
        (a rate does not, a count or total does)."""
        written = _folded(row.cells[x.ADDS_UP])
        if not written:
            return None
        if written in _YES or written in _NO:
            return written in _YES
        self.problem(
            x.INDICATORS,
            row.line,
            x.ADDS_UP,
            f"应为“是”“否”或空着，写的是「{row.cells[x.ADDS_UP]}」",
            "各单位的数相加就是全市的数写“是”（如申请量），不能相加写“否”（如每万人拥有量）",
        )
        return None

    def _shares(self, row: _Row) -> dict[str, float]:
        """分解指标: 海宁市=800、平湖市=600, each unit's own target."""
        found: dict[str, float] = {}
        for part in re.split(r"[、,;\n]", _folded(row.cells[x.SHARES])):
            unit, sep, number = part.partition("=")
            try:
                value = float(number.replace(",", ""))
            except ValueError:
                value = float("nan")
            if not sep or not unit.strip() or value != value or abs(value) == float("inf"):
                if part.strip():
                    self.problem(
                        x.INDICATORS,
                        row.line,
                        x.SHARES,
                        f"无法识别「{part.strip()}」",
                        "写成 单位=数值，几个单位用顿号隔开，如 海宁市=800、平湖市=600",
                    )
                continue
            found[unit.strip()] = value
        return found

    def _number(self, row: _Row) -> float:
        text = _folded(row.cells[x.TARGET]).replace(",", "")
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if value != value or value in (float("inf"), float("-inf")):
            written = row.cells[x.TARGET]
            message = f"应为数字「{written}」" if written else "目标值为空"
            self.problem(x.INDICATORS, row.line, x.TARGET, message, "只写数字，如 5500 或 0.9")
        return value

    def _word(
        self,
        sheet: str,
        row: _Row,
        column: str,
        known: dict[str, str],
        words: dict[str, str],
        *,
        blank: bool = True,
    ) -> str:
        written = row.cells[column]
        found = known.get(_folded(written))
        if found is None or (not blank and not written):
            choices = join_names(list(words.values()))
            self.problem(
                sheet,
                row.line,
                column,
                f"无法识别「{written}」" if written else f"{column}为空",
                f"写 {choices} 之一",
            )
            return ""
        return found


def _folded(text: str) -> str:
    """A cell as compared: NFKC (full-width ＞＝ and digits), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
