"""The text of a new data directory (init, import): commented, laid out like the bundled plan.

Nothing here re-dumps a person's file: these are new files, written once, never over one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from ipcity.errors import OutputError, UsageError
from ipcity.files import staged
from ipcity.files.yaml_write import flow_list, scalar
from ipcity.plan.models import Item, Unit
from ipcity.plan.problems import STATUS, TASKS, UNITS
from ipcity.plan.units import GROUP
from ipcity.plan.values import NAME_HINT, hidden_in_name
from ipcity.text import join_names

_TASKS_FIELDS = """\
# 本文件由人编写和维护，ipcity 只读不写（注释和排版都会保留）。
# 字段与任务分解表的列一一对应：
#   id           序号：工作项目号；有编号分目标的，加分目标号（5.1、5.2……）
#   content      工作内容
#   target       目标要求（分目标前的编号“1.”“2.”已写进 id，不再重复）
#   deadline     工作进度：2009年3月、2010年底、2010年上半年、试点期内、常设、2008年,以后常设……
#   responsible  责任单位（名称须在 units.yaml 中登记）
#   cooperating  配合单位（同上；没有可不写）
# 修改后运行 `ipcity validate` 检查。
"""

_UNITS_FIELDS = """\
# 单位名录：任务中出现的每一个责任单位、配合单位。
#
#   name     规范名称（报表中使用）
#   aliases  别名：其他写法。全角、半角括号和逗号不必重复登记，ipcity 会统一处理。
#   kind     市级部门 / 县(市、区) / 驻嘉单位 / group（单位组）
#   members  仅 group：组内成员（须是本文件登记的单位）
#
# 县(市、区)政府按规范名称“××政府”登记，ipcity 自动认得“××”和“××人民政府”。
# 修改后运行 `ipcity validate` 检查。
"""

STATUS_TEXT = """\
# 进度记录：每条一项，按时间先后追加在文件末尾。
# 用 `ipcity record` 追加；也可以手工编辑，改后运行 `ipcity validate`。
#
# - task: '6.3'            # 任务序号
#   date: 2009-05-01       # 日期
#   status: in_progress    # not_started 未开始 / in_progress 进行中 / done 已完成 / blocked 受阻
#   by: 市工商局            # 报告单位
#   note: 已启动商标培育工作  # 说明（可选）
#   values: {年注册商标数: 1320}   # 指标读数（可选）
#   evidence: 嘉工商〔2009〕12号    # 佐证（可选）
"""


def new_plan(title: str, start: date, end: date) -> dict[str, str]:
    """An empty plan (`ipcity init`): the three files, with commented examples to copy."""
    if end < start:
        raise UsageError(f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")
    _check_title(title)
    first = f"{start.year}年{start.month}月"
    example = f"""\
# 工作项目写在 items 下，每项一个或几个任务。把 items: [] 换成这样的内容：
#
# items:
#   - id: '1'
#     content: 成立知识产权试点城市工作领导小组
#     tasks:
#       - id: '1'
#         deadline: {first}
#         responsible: [市政府办公室]
#
#   - id: '2'
#     content: 提高全市知识产权创造能力
#     tasks:
#       - id: '2.1'
#         target: 年专利申请量达到5000件以上
#         deadline: {end.year}年底
#         responsible: [市科技局]
#         cooperating: [各县(市、区)政府]
#       - id: '2.2'
#         target: 新增市级以上著名商标100件
#         deadline: 试点期内
#         responsible: [市工商局]
items: []
"""
    units = """\
# 例如（把 units: [] 换成这样的内容）：
#
# units:
#   - name: 市政府办公室
#     kind: 市级部门
#   - name: 市科技局
#     aliases: [市知识产权局]
#     kind: 市级部门
#   - name: 市工商局
#     kind: 市级部门
#   - name: 海宁市政府
#     kind: 县(市、区)
#   - name: 各县(市、区)政府
#     kind: group
#     members: [海宁市政府]
units: []
"""
    return {
        TASKS: _tasks_head(title, start, end) + "\n" + example,
        UNITS: f"{_UNITS_FIELDS}\n{units}",
        STATUS: STATUS_TEXT,
    }


def plan_files(
    title: str,
    start: date,
    end: date,
    items: Sequence[Item],
    units: Sequence[Unit],
    source: str,
) -> dict[str, str]:
    """A plan read from a table (`ipcity import`), with units whose kind was guessed."""
    _check_title(title)
    lines = [f"items:{'' if items else ' []'}"]
    for item in items:
        lines.append(f"  - id: {scalar(item.id)}")
        lines.append(f"    content: {scalar(item.content)}")
        lines.append("    tasks:")
        for task in item.tasks:
            lines.append(f"      - id: {scalar(task.id)}")
            if task.target:
                lines.append(f"        target: {scalar(task.target)}")
            lines.append(f"        deadline: {scalar(task.deadline)}")
            lines.append(f"        responsible: {flow_list(task.responsible)}")
            if task.cooperating:
                lines.append(f"        cooperating: {flow_list(task.cooperating)}")
        lines.append("")
    origin = f"# 由 `ipcity import` 从 {source} 导入。\n#\n"
    tasks = origin + _tasks_head(title, start, end) + "\n" + "\n".join(lines).rstrip() + "\n"
    return {TASKS: tasks, UNITS: origin + _units_text(units), STATUS: STATUS_TEXT}


def _check_title(title: str) -> None:
    """The title is a name (plan/values.py): the plan written would not validate."""
    wrong = hidden_in_name(title)
    if wrong is not None:
        raise UsageError(f"标题「{title}」{wrong}；{NAME_HINT}")


def _tasks_head(title: str, start: date, end: date) -> str:
    return (
        f"{_TASKS_FIELDS}\n"
        f"title: {scalar(title)}\n\n"
        "# 试点期：开始和结束日期；工作进度写“试点期内”的任务以结束日期为期限。\n"
        f"period:\n  start: {start.isoformat()}\n  end: {end.isoformat()}\n"
    )


def _units_text(units: Sequence[Unit]) -> str:
    lines = [
        _UNITS_FIELDS.rstrip(),
        "#",
        "# 类别（kind）和别名（aliases）是导入时按名称推测的（标有“推测”），请逐一核对后",
        "# 删去“推测”二字；单位组（group）的成员（members）表格里没有，请补全。",
        "",
        f"units:{'' if units else ' []'}",
    ]
    for unit in units:
        lines.append(f"  - name: {scalar(unit.name)}")
        if unit.aliases:
            lines.append(f"    aliases: {flow_list(unit.aliases)}  # 推测：同一单位的另一写法")
        lines.append(f"    kind: {scalar(unit.kind)}  # 推测")
        if unit.kind == GROUP:
            lines.append("    members: []  # 待补全：组内成员")
    return "\n".join(lines) + "\n"


def refuse_existing(directory: Path, names: Sequence[str]) -> None:
    """A UsageError naming the files of a plan that directory already holds; an
    OutputError when it cannot even be looked at (a name too long, a denied folder)."""
    try:
        existing = [name for name in names if (directory / name).exists()]
    except OSError as exc:
        raise OutputError.writing(directory, exc) from None
    if existing:
        raise UsageError(
            f"{directory} 中已有 {join_names(existing)}，不覆盖；换一个目录，或先移走这些文件"
        )


def write(directory: Path, texts: Mapping[str, str]) -> list[Path]:
    """Create the files in directory (made if missing), all or none (files/staged.py);
    refuse if any of them is there."""
    refuse_existing(directory, list(texts))
    try:
        return staged.write_all(directory, texts)
    except OSError as exc:
        raise OutputError.writing(directory, exc) from None
