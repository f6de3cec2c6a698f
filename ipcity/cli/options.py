"""What several commands take alike, declared once: the data directory, the output
format, the as-of date, the output file, a task, a unit, a status; the words each choice
option takes; and the helpers that read them."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

import typer

from ipcity.cli.completion import (
    complete_status,
    complete_status_filter,
    complete_task,
    complete_unit,
)
from ipcity.errors import DataError
from ipcity.plan.deadlines import DeadlineError, parse_date

if TYPE_CHECKING:
    from ipcity.index.open import Index
    from ipcity.plan.loaded import Plan

# The values of each choice option. Literal types: Typer offers and checks them, and mypy
# checks every use (the core's functions take the same words).
Format = Literal["table", "json", "csv", "md"]
ReportFormat = Literal["table", "md", "json", "csv", "html", "xlsx", "docx"]
InspectFormat = Literal["md", "html", "json", "xlsx", "csv", "docx"]
ProblemFormat = Literal["text", "github", "json"]
TableFormat = Literal["csv", "xlsx", "sqlite"]
Role = Literal["responsible", "cooperating", "any"]
ReportBy = Literal["item", "unit"]
SchemaName = Literal["tasks", "units", "status"]


class Words:
    """What a choice option takes: its values, and beside some of them the plan's own
    Chinese word (牵头 for responsible), typed at any width, with spaces around or not."""

    def __init__(self, choices: Any, chinese: Mapping[str, str]) -> None:
        self.values: tuple[str, ...] = get_args(choices)
        self.chinese = dict(chinese)  # value -> its Chinese word
        self.meaning = {v: v for v in self.values} | {w: v for v, w in self.chinese.items()}

    def __call__(self, typed: str) -> str:
        """The value a typed word means; ValueError when it means none."""
        value = self.meaning.get(unicodedata.normalize("NFKC", typed).strip().lower())
        if value is None:
            raise ValueError(typed)
        return value

    @property
    def metavar(self) -> str:
        return f"<{'|'.join(self.meaning)}>"

    def listed(self) -> str:
        """responsible（牵头）、cooperating（配合）、any（全部）"""
        return "、".join(
            f"{v}（{self.chinese[v]}）" if v in self.chinese else v for v in self.values
        )

    def complete(self, incomplete: str) -> list[tuple[str, str]]:
        """Shell completion: every word, English and Chinese, with what it means."""
        english = [(v, self.chinese.get(v, "")) for v in self.values]
        return english + [(w, v) for v, w in self.chinese.items()]


ROLE_WORDS = Words(Role, {"responsible": "牵头", "cooperating": "配合", "any": "全部"})
REPORT_BY_WORDS = Words(ReportBy, {"item": "工作项目", "unit": "单位"})


def choice(name: str, words: Words, help: str) -> Any:
    """An option that takes one of a few words, English or Chinese."""
    return typer.Option(
        name, parser=words, metavar=words.metavar, autocompletion=words.complete, help=help
    )


def formats(help: str, *, show_default: bool = True) -> Any:
    """--format / -f, with what each format gives for this command."""
    return typer.Option("--format", "-f", help=help, show_default=show_default)


def unit(*names: str, help: str) -> Any:
    """An option that names a unit (--unit, --by): unit names and aliases complete."""
    return typer.Option(*names, metavar="单位", help=help, autocompletion=complete_unit)


def day(name: str, help: str) -> Any:
    """An option that takes a date as a person writes it (2009-06-30, 2009年6月, 2010年底),
    read by the command with date_option or given_date so that its error names the option."""
    return typer.Option(name, metavar="日期", help=help)


def status(help: str, *, overdue: bool) -> Any:
    """--status / -s: a status word, English or Chinese; overdue (逾期) too where the
    command filters by it rather than records it."""
    complete = complete_status_filter if overdue else complete_status
    return typer.Option("--status", "-s", metavar="状态", help=help, autocompletion=complete)


DataDir = Annotated[
    Path,
    typer.Option(
        "--data-dir",
        "-d",
        envvar="IPCITY_DATA",
        show_envvar=False,  # the help says it
        help="数据目录（也可设环境变量 IPCITY_DATA）",
    ),
]
FormatOpt = Annotated[Format, formats("输出格式：table 表格、json、csv、md（Markdown）")]
Limit = Annotated[
    int,
    typer.Option(
        "--limit",
        min=0,
        help="表格最多显示多少项（0 为不限）；json、csv、md 总是输出全部",
    ),
]
AsOf = Annotated[str | None, day("--as-of", "按哪一天计算逾期，默认今天；如 2009-06-30、2009年6月")]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="写入这个文件，不输出到终端（xlsx 必须指定）"),
]
Attach = Annotated[
    list[Path] | None,
    typer.Option(
        "--attach",
        metavar="文件",
        help="佐证文件，可重复：复制进数据目录的 evidence/<序号>/，记录中写明位置和 SHA-256"
        "（单个文件不超过 200 MB）",
    ),
]
TaskId = Annotated[
    str, typer.Argument(metavar="ID", help="任务序号，如 6.3", autocompletion=complete_task)
]


def date_option(text: str | None, option: str, *, end: bool = True) -> date | None:
    """A date typed for an option: the last day it covers (the first, for a lower bound)."""
    if text is None:
        return None
    return given_date(text, option, end=end)


def given_date(text: str, option: str, *, end: bool = True) -> date:
    try:
        return parse_date(text, end=end)
    except DeadlineError as exc:
        raise DeadlineError(f"{option} {exc}；可以写 2009-06-30、2009年6月、2009年底") from None


def as_of(text: str | None) -> date:
    return date_option(text, "--as-of") or date.today()


def opened(data_dir: Path) -> Index | Plan:
    """The data directory's fresh index (for the commands that read its rows), else the
    plan loaded from the files; a DataError listing every problem in the files."""
    from ipcity.index.open import Index, open_plan

    found = open_plan(data_dir, date.today())
    if isinstance(found, Index):
        return found
    if found.plan is None:
        raise DataError(found.problems, "先改正这些错误（`ipcity validate` 可单独检查）。")
    return found.plan


def load(data_dir: Path, *, records: bool = True) -> Plan:
    """The plan in data_dir, or a DataError listing every problem in its files. (A plan
    read from the index reads its log only when asked for it: records is kept for the
    callers that said they need none.)"""
    from ipcity.index.open import load as load_plan

    plan, problems = load_plan(data_dir, date.today())
    if plan is None:
        raise DataError(problems, "先改正这些错误（`ipcity validate` 可单独检查）。")
    return plan
