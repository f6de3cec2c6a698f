"""A plan's own kinds of unit: units.yaml's `kinds:` (a 湖州 plan has 驻湖单位, Jiaxing's
驻嘉单位), which of them is the county level (`county_kind:`), and the checks that hold a
unit's kind to that list. A file without `kinds:` keeps the Jiaxing annex's list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ipcity.plan.problems import UNITS, Finding
from ipcity.plan.shapes import COUNTY_KIND, UNIT_KINDS, UnitLike, UnitsHeader

GROUP = "group"  # a 单位组 (各县(市、区)政府): always a kind, whatever the plan lists
DEFAULT_KINDS = UNIT_KINDS  # what a units.yaml without `kinds:` means
# The county-level governments' kind when county_kind is not written and the plan lists it.
DEFAULT_COUNTY = COUNTY_KIND


@dataclass(frozen=True)
class UnitKinds:
    """The kinds a plan's units may have (group besides), and the county-level one, whose
    units answer to 海宁市, 海宁市政府 and 海宁市人民政府 alike (None: no such kind)."""

    names: tuple[str, ...] = DEFAULT_KINDS
    county: str | None = DEFAULT_COUNTY
    declared: bool = False  # listed in units.yaml, not the default

    def allows(self, kind: str) -> bool:
        return kind == GROUP or kind in self.names

    @property
    def choices(self) -> str:
        """市级部门、县(市、区)、驻嘉单位、group: what a kind may be, in words."""
        return "、".join([*self.names, GROUP])

    @property
    def departments(self) -> str:
        """The kind a unit that is neither a group nor a county government most likely has:
        the first listed that is neither (import's guess)."""
        others = [n for n in self.names if n not in (GROUP, self.county)]
        return others[0] if others else self.names[0]


DEFAULT = UnitKinds()


def kinds_of(header: UnitsHeader | None) -> UnitKinds:
    """The kinds units.yaml declares, or the default list when it declares none."""
    if header is None:
        return DEFAULT
    given = header.given
    return declared(
        header.kinds,
        header.county_kind if "county_kind" in given else None,
        listed="kinds" in given,
    )


def declared(names: Sequence[str], county: str | None, *, listed: bool = True) -> UnitKinds:
    """A list as written (repeats once), the county kind given or the default one if listed."""
    unique = tuple(dict.fromkeys(n for n in names if n != GROUP))
    if county is None and DEFAULT_COUNTY in unique:
        county = DEFAULT_COUNTY
    return UnitKinds(unique, county if county in unique else None, declared=listed)


def check_kinds(header: UnitsHeader, units: Sequence[tuple[int, UnitLike]]) -> list[Finding]:
    """The list itself (no repeats; county_kind one of it) and every unit's kind against it."""
    findings: list[Finding] = []
    kinds = kinds_of(header)
    seen: set[str] = set()
    for j, name in enumerate(header.kinds if kinds.declared else []):
        if name in seen:
            findings.append(
                Finding(UNITS, ("kinds", j), f"类别「{name}」重复", "kinds 中每个类别只写一次")
            )
        seen.add(name)
    if "county_kind" in header.given and header.county_kind != kinds.county:
        listed = f"kinds（{'、'.join(kinds.names)}）"
        findings.append(
            Finding(
                UNITS,
                ("county_kind",),
                f"county_kind「{header.county_kind}」不在 {listed}中",
                "写 kinds 中县级政府的那一类，或先把它加进 kinds",
            )
        )
    fix = (
        "新的类别先加进文件开头的 kinds"
        if kinds.declared
        else "本方案另有类别的，在文件开头用 kinds: [……] 列出全部类别"
    )
    findings.extend(
        Finding(
            UNITS,
            ("units", i, "kind"),
            f"kind（类别）「{unit.kind}」不是可用的取值",
            f"应为 {kinds.choices} 之一；{fix}",
        )
        for i, unit in units
        if not kinds.allows(unit.kind)
    )
    return findings
