"""Reading the rows of a breakdown table into work items and tasks, collecting every
problem with its row: merged cells continued, sub-targets numbered 1. 2. split into tasks,
deadlines read, units split at 、 but not inside brackets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ipcity.plan.deadlines import FORMS, DeadlineError, parse_deadline
from ipcity.plan.models import Item, Task
from ipcity.plan.problems import Problem
from ipcity.plan.values import NAME_HINT, hidden_in_name
from ipcity.tables import sheets
from ipcity.tables.breakdown import (
    CONTENT,
    COOPERATING,
    DEADLINE,
    HEADER,
    ID,
    RESPONSIBLE,
    TARGET,
)
from ipcity.text import join_names, shorten

_HEADER_SEARCH = 20  # a title and notes may stand above the header
_UNKNOWN_END = date.max  # the period's end while reading: 试点期内 is due then

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


class Reader:
    """Reads rows of cells into work items, collecting every problem with its row."""

    def __init__(self, source: str, cells: sheets.Rows) -> None:
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
            if not self._names_ok(i, CONTENT, [content]):
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
        self._names_ok(row.line, DEADLINE, [deadline])
        self._names_ok(row.line, RESPONSIBLE, responsible)
        self._names_ok(row.line, COOPERATING, cooperating)
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

    def _names_ok(self, line: int, column: str, names: list[str]) -> bool:
        """Whether each name holds no hidden character (plan/values.py), a problem for
        each that does: the plan would refuse it."""
        before = len(self.problems)
        for name in names:
            wrong = hidden_in_name(name)
            if wrong is not None:
                self.problem(line, column, f"「{name}」{wrong}", NAME_HINT)
        return len(self.problems) == before

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
