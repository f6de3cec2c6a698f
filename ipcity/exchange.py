"""A plan as a breakdown table in the annex's columns (序号, 工作内容, 目标要求, 工作进度,
责任单位, 配合单位), and such a table read back into a new data directory.

The table is the annex's shape: one row per task; a work item's 序号 and 工作内容 on its
first row only (blank below, as merged cells print); numbered sub-targets ("1.", "2.")
at the head of 目标要求; units joined with 、.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ipcity import table
from ipcity.errors import UsageError
from ipcity.files import load, scaffold
from ipcity.plan.deadlines import FORMS, DeadlineError, parse_deadline
from ipcity.plan.loaded import Plan
from ipcity.plan.models import Item, Task, Unit, UnitKind
from ipcity.plan.problems import FILES, Problem
from ipcity.plan.units import COUNTY, county_forms, normalize
from ipcity.text import join_names, shorten

HEADER = ("序号", "工作内容", "目标要求", "工作进度", "责任单位", "配合单位")
ID, CONTENT, TARGET, DEADLINE, RESPONSIBLE, COOPERATING = HEADER
_MAX_WIDTHS = (6, 30, 60, 16, 24, 24)
_HEADER_SEARCH = 20  # a title and notes may stand above the header
_UNKNOWN_END = date.max  # the period's end while reading: 试点期内 is due then


# ---- export


def rows(plan: Plan) -> table.Rows:
    """One row per task, in plan order, as the annex prints them."""
    out: table.Rows = []
    for item in plan.items:
        for n, task in enumerate(item.tasks):
            out.append(
                [
                    item.id if n == 0 else "",
                    item.content if n == 0 else "",
                    _numbered(task),
                    task.deadline,
                    join_names(task.responsible),
                    join_names(task.cooperating),
                ]
            )
    return out


def _numbered(task: Task) -> str:
    """目标要求 with its sub-target number, as the annex prints it: 1.各县(市、区)…"""
    number = task.id.partition(".")[2]
    if not number:
        return task.target
    # "2.2010年…" would read back as the decimal 2.2010: a space keeps the number apart.
    gap = " " if task.target[:1].isdigit() else ""
    return f"{number}.{gap}{task.target}"


def export(plan: Plan, path: Path, fmt: str) -> int:
    """Write the plan as a CSV or XLSX table; the number of tasks written."""
    body = rows(plan)
    try:
        if fmt == "xlsx":
            table.write_xlsx(
                path, HEADER, body, title=plan.title, merge_down=(0, 1), max_widths=_MAX_WIDTHS
            )
        else:
            table.write_csv(path, HEADER, body)
    except OSError as exc:
        raise UsageError(f"无法写入 {path}：{exc.strerror or exc}") from None
    return len(body)


# ---- import


class ImportRefused(Exception):
    """The table cannot become a plan: every reason, each naming its row, and a summary."""

    def __init__(self, problems: list[Problem], summary: str) -> None:
        super().__init__(summary)
        self.problems = problems
        self.summary = summary


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
    try:
        cells = table.read(path)
    except table.TableError as exc:
        raise UsageError(str(exc)) from None
    reader = _Reader(str(path), cells)
    items = reader.items()
    if reader.problems:
        raise ImportRefused(reader.problems, "表中有错，什么也没有写入；改正后重新导入。")

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

    units = _units(reader.names)
    texts = scaffold.plan_files(title, start, end, items, units, path.name)
    _check(texts, into, today)
    files = scaffold.write(into, texts)
    return Imported(title, start, end, items, units, files, derived)


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


# "1." "2、" "１．" at the head of 目标要求. A dot followed by a digit is a decimal (1.5倍).
_NUMBER = re.compile(r"\s*([0-9０-９]{1,3})\s*(?:[、]|[.．](?![0-9０-９]))\s*")
_ITEM_ID = re.compile(r"[0-9]+")
_TASK_COLUMNS = (TARGET, DEADLINE, RESPONSIBLE, COOPERATING)
# Units are separated by 、 , ， or line breaks, but not inside brackets: 各县(市、区)政府.
_OPEN, _CLOSE = "(（[【", ")）]】"
_SEPARATORS = "、,，\n\r"


@dataclass
class _Row:
    line: int
    cells: dict[str, str]


@dataclass
class _Group:
    """The rows of one work item."""

    id: str
    content: str
    rows: list[_Row]


class _Reader:
    """Reads rows of cells into work items, collecting every problem with its row."""

    def __init__(self, source: str, cells: table.Rows) -> None:
        self.source = source
        self.cells = cells
        self.problems: list[Problem] = []
        self.title = ""
        self.names: list[str] = []
        self.dues: list[date] = []
        self.columns: dict[str, int] = {}

    def problem(self, line: int, column: str, message: str, hint: str = "") -> None:
        col = self.columns.get(column, 0) + 1
        where = f"第 {line} 行「{column}」" if column else f"第 {line} 行"
        self.problems.append(Problem(self.source, line, col, f"{where}：{message}", hint))

    def items(self) -> list[Item]:
        header = self._header()
        if header is None:
            return []
        groups = self._groups(header)
        items = [item for group in groups if (item := self._item(group)) is not None]
        self.problems.sort(key=lambda p: (p.line, p.col))
        return items

    def _header(self) -> int | None:
        """The index of the header row, having read the title above it and the columns."""
        for i, row in enumerate(self.cells[:_HEADER_SEARCH]):
            names: dict[str, int] = {}
            for n, cell in enumerate(row):
                names.setdefault(re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell)), n)
            if sum(name in names for name in HEADER) < 3:
                continue
            self.columns = {name: names[name] for name in HEADER if name in names}
            missing = [name for name in HEADER if name not in names]
            if missing:
                self.problem(
                    i + 1,
                    "",
                    f"表头缺少列：{join_names(missing)}",
                    f"任务分解表要有这六列：{join_names(HEADER)}（先后不限）",
                )
                return None
            self.title = next((c for row in self.cells[:i] for c in row if c), "")
            return i
        self.problem(
            1,
            "",
            f"前 {_HEADER_SEARCH} 行里找不到表头（{join_names(HEADER)}）",
            "表头一行写这六个列名，每格一个",
        )
        return None

    def _groups(self, header: int) -> list[_Group]:
        groups: list[_Group] = []
        seen: dict[str, int] = {}
        for i, raw in enumerate(self.cells[header + 1 :], start=header + 2):
            cells = {name: raw[n] if n < len(raw) else "" for name, n in self.columns.items()}
            if not any(cells.values()):
                continue
            row = _Row(i, cells)
            number, content = cells[ID], cells[CONTENT]
            current = groups[-1] if groups else None
            if not number:
                if current is None:
                    self.problem(i, ID, "序号为空，上面也没有工作项目", "第一个工作项目要写序号")
                elif content and content != current.content:
                    self.problem(i, ID, "序号为空，工作内容却与上面的不同", "新的工作项目要写序号")
                else:
                    current.rows.append(row)
                continue
            item_id = re.sub(r"[.、]$", "", unicodedata.normalize("NFKC", number).strip())
            if not _ITEM_ID.fullmatch(item_id):
                self.problem(i, ID, f"序号「{number}」应为数字", "写成 1、2、3 这样")
                continue
            item_id = str(int(item_id))
            if current is not None and item_id == current.id:
                current.rows.append(row)  # the 序号 repeated on each row, instead of merged
                continue
            if item_id in seen:
                self.problem(i, ID, f"序号「{item_id}」重复（第 {seen[item_id]} 行已有）")
                continue
            if not content:
                self.problem(i, CONTENT, "工作内容为空")
                continue
            seen[item_id] = i
            groups.append(_Group(item_id, content, [row]))
        return groups

    def _item(self, group: _Group) -> Item | None:
        before = len(self.problems)
        tasks: list[Task] = []
        lines: dict[str, int] = {}
        # A row with nothing but 序号/工作内容 heads the item, or is what is left of a
        # merged cell: it holds no task.
        rows = [row for row in group.rows if any(row.cells[c] for c in _TASK_COLUMNS)]
        if not rows:
            self.problem(
                group.rows[0].line,
                "",
                f"工作项目 {group.id} 没有任务：目标要求、工作进度、责任单位都为空",
                "在这一行或下面几行写上任务",
            )
            return None
        for row in rows:
            target = row.cells[TARGET]
            match = _NUMBER.match(target)
            if match:
                task_id = f"{group.id}.{int(unicodedata.normalize('NFKC', match[1]))}"
                target = target[match.end() :]
            elif len(rows) == 1:
                task_id = group.id
            else:
                self.problem(
                    row.line,
                    TARGET,
                    f"目标要求没有编号「{shorten(target, 20)}」",
                    f"工作项目 {group.id} 有 {len(rows)} 个目标要求，每个都以 1. 2. 编号",
                )
                continue
            if task_id in lines:
                self.problem(
                    row.line, TARGET, f"分目标 {task_id} 重复（第 {lines[task_id]} 行已有）"
                )
                continue
            lines[task_id] = row.line
            task = self._task(row, task_id, target)
            if task is not None:
                tasks.append(task)
        if len(self.problems) > before:
            return None
        return Item(id=group.id, content=group.content, tasks=tasks)

    def _task(self, row: _Row, task_id: str, target: str) -> Task | None:
        before = len(self.problems)
        deadline = row.cells[DEADLINE]
        due: date | None = None
        try:
            due = parse_deadline(deadline, _UNKNOWN_END).due
        except DeadlineError as exc:
            self.problem(row.line, DEADLINE, str(exc), f"可以写 {FORMS}")
        responsible = split_units(row.cells[RESPONSIBLE])
        cooperating = split_units(row.cells[COOPERATING])
        if not responsible:
            self.problem(row.line, RESPONSIBLE, "责任单位为空", "至少写一个责任单位")
        if len(self.problems) > before:
            return None
        if due is not None and due != _UNKNOWN_END:  # neither 常设 nor 试点期内
            self.dues.append(due)
        self.names += [*responsible, *cooperating]
        # Valid by now: a non-empty id, deadline and responsible list were checked above.
        return Task(
            id=task_id,
            target=target,
            deadline=deadline,
            responsible=responsible,
            cooperating=cooperating,
        )

    def period(self) -> tuple[date | None, date | None]:
        """From the deadlines: the first of the month of the earliest due day (2008年9月 ->
        2008-09-01, as the bundled plan reads its annex), and the latest due day."""
        if not self.dues:
            return None, None
        return min(self.dues).replace(day=1), max(self.dues)


def split_units(cell: str) -> list[str]:
    """市科技局、各县(市、区)政府 -> [市科技局, 各县(市、区)政府]: a separator inside
    brackets belongs to the name."""
    names: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in cell:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        elif ch in _SEPARATORS and depth == 0:
            names.append("".join(current))
            current = []
            continue
        current.append(ch)
    names.append("".join(current))
    return [name.strip() for name in names if name.strip()]


_COUNTY = re.compile(r"[^市各].{0,10}?[县区市](?:人民政府|政府)?")


def guess_kind(name: str) -> UnitKind:
    """A first guess at a unit's kind from its name, for a person to check:
    各… is a group, ××县/区/市(人民)政府 a county, anything else a city department."""
    key = normalize(name)
    if key.startswith("各"):
        return "group"
    if _COUNTY.fullmatch(key):
        return "县(市、区)"
    return "市级部门"


# 市科技局(知识产权局) beside 市科技局: the bracket names the same office another way.
_BRACKETED = re.compile(r"(.+?)[(（][^()（）]+[)）]")


def _units(names: Sequence[str]) -> list[Unit]:
    """One unit per name found, in order of first mention, kind guessed. Forms that are the
    same unit (full-width brackets; 海宁市 beside 海宁市政府) are not registered twice, and
    X(Y) is taken for an alias of X when X is named too."""
    mentioned = {normalize(name) for name in names}
    kinds: dict[str, UnitKind] = {}
    aliases: dict[str, list[str]] = {}
    known: dict[str, str] = {}  # every normalised form -> the unit's name

    def register(name: str) -> str:
        kind = guess_kind(name)
        kinds[name], aliases[name] = kind, []
        for form in [name, *(county_forms(name) if kind == COUNTY else [])]:
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
    return [Unit(name=name, kind=kind, aliases=aliases[name]) for name, kind in kinds.items()]
