"""The text of a new data directory (init, import): commented, laid out like the bundled plan.

Nothing here re-dumps a person's file: these are new files, written once, never over one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ipcity.errors import OutputError, UsageError
from ipcity.files import staged
from ipcity.files.yaml_write import flow_entry, flow_list, scalar
from ipcity.plan.kinds import GROUP, UnitKinds, declared
from ipcity.plan.models import Indicator, Item, Unit
from ipcity.plan.problems import STATUS, TASKS, UNITS
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
#   indicators   量化指标（可选）：name 名称、target 目标值、unit 计量单位、
#                kind 读法（count 累计数 / total 总量 / rate 比率）、start 序时进度的起点
#   recurring    经常性工作（可选）：name 事项、every 周期（year / half / quarter / month）、
#                at_least 每期至少几次、per 对谁（unit 各责任单位 / task 任务整体）
# 每个责任单位（单位组按其成员计）对自己的一份负责，全部完成任务才算完成。
# 要求办公室核查后才算完成的，在 title 下加一行 verification: required（不写即不要求）。
# 催办通知以办公室的名义印发的，在 title 下加一行 office: ……领导小组办公室（可不写）。
# 修改后运行 `ipcity validate` 检查。
"""

_UNITS_FIELDS = """\
# 单位名录：任务中出现的每一个责任单位、配合单位。
#
#   kinds        本方案的单位类别：每个单位的 kind 取其中之一，或 group（单位组）
#   county_kind  县级政府的那一类：其单位按规范名称“××政府”登记，ipcity 自动认得
#                “××”和“××人民政府”（海宁市、海宁市政府、海宁市人民政府是同一个单位）
#   units        每个单位一项：
#     name       规范名称（报表中使用）
#     aliases    别名：其他写法。全角、半角括号和逗号不必重复登记，ipcity 会统一处理。
#     kind       类别：kinds 中的一个，或 group
#     members    仅 group：组内成员（须是本文件登记的单位）
#     contact    联系人（可选）；phone 电话，如 0573-82345678；email 邮箱。
#                催办通知（ipcity remind）上写明，`ipcity units --format csv` 列出，供批量发信。
#
# 修改后运行 `ipcity validate` 检查。
"""

# What init and a plain table's import start from: the two kinds every city has. Other
# kinds are the plan's own (Jiaxing's 驻嘉单位, 湖州's 驻湖单位) and are added by a person.
STARTING_KINDS = declared(("市级部门", "县(市、区)"), "县(市、区)")


# How the kinds of a plan read from a table were come by, when the table does not list them.
KINDS_GUESSED = (
    "# 推测：表中没有写单位类别，这里先列出各地都有的两类；本方案另有类别的\n"
    "# （如驻嘉单位、驻湖单位），加在 kinds 中，再改相应单位的 kind。"
)
KINDS_FROM_UNITS = (
    "# 推测：表中没有「单位类别」表，这里按「单位」表用到的类别列出；\n"
    "# 县级政府的那一类请写在 county_kind 中。"
)


def _kinds_text(kinds: UnitKinds, note: str) -> str:
    lines = [note] if note else []
    lines.append(f"kinds: {flow_list(list(kinds.names))}")
    if kinds.county is not None:
        lines.append(f"county_kind: {scalar(kinds.county)}")
    return "\n".join(lines) + "\n"


@dataclass
class Guessed:
    """What import inferred rather than read from the table: marked 推测 in the files."""

    kinds: str = ""  # the list of kinds: the comment that says how, when it was guessed
    units: set[str] = field(default_factory=set)  # units whose kind and aliases were guessed
    indicators: set[tuple[str, str]] = field(default_factory=set)  # (task, name) proposed


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
#
# 佐证文件用 `ipcity record … --attach 文件` 附上：文件复制进 evidence/<任务序号>/，
# 记录里写它的位置和校验值 attachments: [{path: evidence/6.3/…, sha256: …}]（不要手写）。
#
# 任务有几个责任单位的，by 写哪个单位就是它那一份；别人代报用 unit 写明是谁的那一份，
# 代全部责任单位写 all_parts: true。核查（`ipcity verify`）和延期（`ipcity extend`）也记在这里：
# - {task: '6.3', date: 2009-07-10, unit: 市工商局, verify: accepted}
# - {task: '6.3', date: 2009-12-20, unit: 市工商局, extend_to: 2010-06-30, reason: 口径调整}
#   （延期申请；经批准的加 approved_by: 批准单位，期限才改）
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
    kinds = (
        "# 本方案的单位类别；另有类别的（如驻嘉单位、驻湖单位），加在 kinds 中。\n"
        + _kinds_text(STARTING_KINDS, "")
    )
    return {
        TASKS: _tasks_head(title, start, end) + "\n" + example,
        UNITS: f"{_UNITS_FIELDS}\n{kinds}\n{units}",
        STATUS: STATUS_TEXT,
    }


def plan_files(
    title: str,
    start: date,
    end: date,
    items: Sequence[Item],
    units: Sequence[Unit],
    source: str,
    *,
    kinds: UnitKinds = STARTING_KINDS,
    guessed: Guessed | None = None,
) -> dict[str, str]:
    """A plan read from a table (`ipcity import`); what was guessed is marked 推测."""
    _check_title(title)
    guessed = guessed or Guessed(KINDS_GUESSED, {unit.name for unit in units})
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
            if task.indicators:
                lines.append("        indicators:")
                for indicator in task.indicators:
                    mark = "  # 推测" if (task.id, indicator.name) in guessed.indicators else ""
                    lines.append(f"          {flow_entry(_indicator(indicator))}{mark}")
            if task.recurring:
                lines.append("        recurring:")
                lines += [f"          {flow_entry(duty.model_dump())}" for duty in task.recurring]
        lines.append("")
    origin = f"# 由 `ipcity import` 从 {source} 导入。\n#\n"
    note = _PROPOSED if guessed.indicators else ""
    tasks = origin + _tasks_head(title, start, end, note) + "\n" + "\n".join(lines).rstrip() + "\n"
    return {TASKS: tasks, UNITS: origin + _units_text(units, kinds, guessed), STATUS: STATUS_TEXT}


def _indicator(indicator: Indicator) -> dict[str, Any]:
    """An indicator's fields as the bundled plan writes them: defaults left out."""
    target = indicator.target
    fields: dict[str, Any] = {
        "name": indicator.name,
        "target": int(target) if target.is_integer() else target,
    }
    defaults = Indicator.model_fields
    for key in ("unit", "direction", "due", "kind", "start", "targets", "additive"):
        value = getattr(indicator, key)
        if value != defaults[key].get_default(call_default_factory=True):
            fields[key] = value
    return fields


_PROPOSED = """\
#
# 标有“推测”的量化指标（indicators）是导入时从目标要求中“名称＋数字＋单位”读出的：
# 请逐一核对名称、目标值和计量单位；是总数（存量）的，加 kind: total；确认后删去“推测”。
# 目标要求里没有读出的数字（范围如“5~7家”，句中的如“创建5个示范基地”）请按需补上。
"""


def _check_title(title: str) -> None:
    """The title is a name (plan/values.py): the plan written would not validate."""
    wrong = hidden_in_name(title)
    if wrong is not None:
        raise UsageError(f"标题「{title}」{wrong}；{NAME_HINT}")


def _tasks_head(title: str, start: date, end: date, note: str = "") -> str:
    return (
        f"{_TASKS_FIELDS}{note}\n"
        f"title: {scalar(title)}\n\n"
        "# 试点期：开始和结束日期；工作进度写“试点期内”的任务以结束日期为期限。\n"
        f"period:\n  start: {start.isoformat()}\n  end: {end.isoformat()}\n"
    )


def _units_text(units: Sequence[Unit], kinds: UnitKinds, guessed: Guessed) -> str:
    lines = [_UNITS_FIELDS.rstrip()]
    if guessed.units:
        lines += [
            "#",
            "# 标有“推测”的类别（kind）和别名（aliases）是导入时按名称推测的，请逐一核对后",
            "# 删去“推测”二字；标有“待补全”的单位组成员（members）表格里没有，请补全。",
        ]
    lines += ["", _kinds_text(kinds, guessed.kinds), f"units:{'' if units else ' []'}"]
    for unit in units:
        mark = unit.name in guessed.units
        lines.append(f"  - name: {scalar(unit.name)}")
        if unit.aliases:
            note = "  # 推测：同一单位的另一写法" if mark else ""
            lines.append(f"    aliases: {flow_list(unit.aliases)}{note}")
        lines.append(f"    kind: {scalar(unit.kind)}{'  # 推测' if mark else ''}")
        if unit.kind == GROUP and (unit.members or not mark):
            lines.append(f"    members: {flow_list(unit.members)}")
        elif unit.kind == GROUP:
            lines.append("    members: []  # 待补全：组内成员")
        for key in ("contact", "phone", "email"):
            if (value := getattr(unit, key)) is not None:
                lines.append(f"    {key}: {scalar(value, quote=key == 'phone')}")
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
