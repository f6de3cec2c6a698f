"""What a breakdown table's six columns cannot carry, as sheets beside it in the XLSX export:
the plan's kinds of unit, its units (aliases, kinds, group members), its indicators and its
recurring duties. Headers and words are Chinese, for the office that opens them in Excel or
WPS; extra_reader.py reads them back on import."""

from __future__ import annotations

from ipcity.plan.loaded import Plan
from ipcity.plan.shapes import EVERY_LABELS, Indicator, UnitLike
from ipcity.tables.sheets import Sheet
from ipcity.text import join_names

KINDS, UNITS, INDICATORS, DUTIES = "单位类别", "单位", "量化指标", "经常性工作"
NAMES = (KINDS, UNITS, INDICATORS, DUTIES)

KIND, COUNTY = "类别", "县级政府"
KINDS_HEADER = (KIND, COUNTY)
NAME, ALIASES, MEMBERS = "名称", "别名", "成员"
UNITS_HEADER = (NAME, ALIASES, KIND, MEMBERS)
# Later columns, read when present (a workbook from an earlier export has none).
CONTACT, PHONE, EMAIL = "联系人", "电话", "邮箱"
UNITS_MORE = (CONTACT, PHONE, EMAIL)
TASK = "任务序号"
INDICATOR, TARGET, MEASURE, DIRECTION, DUE, READING, START = (
    "指标名称", "目标值", "计量单位", "方向", "期限", "读法", "起点"
)  # fmt: skip
INDICATORS_HEADER = (TASK, INDICATOR, TARGET, MEASURE, DIRECTION, DUE, READING, START)
# Later columns, read when present (a workbook from an earlier export has neither).
ADDS_UP, SHARES = "可加", "分解指标"
INDICATORS_MORE = (ADDS_UP, SHARES)
DUTY, EVERY, AT_LEAST, PER = "事项", "周期", "至少次数", "对象"
DUTIES_HEADER = (TASK, DUTY, EVERY, AT_LEAST, PER)

YES, NO = "是", "否"
# The models' words as an office reads them; import takes either.
DIRECTIONS = {">=": "不少于", "<=": "不超过"}
READINGS = {"count": "累计数", "total": "总量", "rate": "比率"}
EVERY_WORDS = EVERY_LABELS  # year -> 每年 …
PER_WORDS = {"unit": "各责任单位", "task": "任务整体"}


def sheets(plan: Plan) -> list[Sheet]:
    """The four sheets, in the order a reader meets them."""
    kinds = plan.units.kinds
    units = plan.units.units.values()
    tasks = [task for item in plan.items for task in item.tasks]
    return [
        Sheet(KINDS, KINDS_HEADER, [[k, YES if k == kinds.county else ""] for k in kinds.names]),
        Sheet(
            UNITS,
            (*UNITS_HEADER, *UNITS_MORE),
            [[*_unit(u), u.contact or "", u.phone or "", u.email or ""] for u in units],
        ),
        Sheet(
            INDICATORS,
            (*INDICATORS_HEADER, *INDICATORS_MORE),
            [[task.id, *_indicator(i)] for task in tasks for i in task.indicators],
        ),
        Sheet(
            DUTIES,
            DUTIES_HEADER,
            [
                [task.id, d.name, EVERY_WORDS[d.every], d.at_least, PER_WORDS[d.per]]
                for task in tasks
                for d in task.recurring
            ],
        ),
    ]


def _unit(unit: UnitLike) -> list[str | int | float]:
    return [unit.name, join_names(unit.aliases), unit.kind, join_names(unit.members)]


def _indicator(indicator: Indicator) -> list[str | int | float]:
    target = indicator.target
    return [
        indicator.name,
        _number(target),
        indicator.unit,
        DIRECTIONS[indicator.direction],
        indicator.due or "",
        READINGS[indicator.kind],
        indicator.start or "",
        "" if indicator.additive is None else YES if indicator.additive else NO,
        "、".join(f"{unit}={_number(share)}" for unit, share in indicator.targets.items()),
    ]


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value
