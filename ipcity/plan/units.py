"""Unit names: NFKC and white space folded, aliases resolved, groups and their members."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable

from ipcity.plan.kinds import DEFAULT, UnitKinds
from ipcity.plan.kinds import GROUP as GROUP  # where the answers have always found it
from ipcity.plan.shapes import UnitLike as UnitLike

_GOVERNMENT = ("人民政府", "政府")
# How many unknown names a registry looks close names up for: 3 ms each among a province's
# 1,182 forms, and a file may name 100,000 units nobody registered (5 minutes). A name seen
# again is answered as before.
SUGGESTED = 200


@functools.lru_cache(maxsize=4096)  # a report compares the same few names thousands of times
def normalize(name: str) -> str:
    """The form names are compared in: full-width （），typed with an IME, equals (),."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def county_forms(name: str) -> list[str]:
    """海宁市政府 answers to 海宁市, 海宁市政府 and 海宁市人民政府."""
    stem = name
    for suffix in _GOVERNMENT:
        if stem.endswith(suffix):
            stem = stem.removesuffix(suffix)
            break
    return [stem, stem + "政府", stem + "人民政府"]


class UnitRegistry:
    """Looks names up. The first unit to claim a name keeps it; checks report clashes."""

    def __init__(self, units: Iterable[UnitLike], kinds: UnitKinds = DEFAULT) -> None:
        self.kinds = kinds
        self.units: dict[str, UnitLike] = {}
        self._lookup: dict[str, str] = {}
        for unit in units:
            if unit.name in self.units:
                continue
            self.units[unit.name] = unit
            for form in self.names_of(unit):
                self._lookup.setdefault(normalize(form), unit.name)
        self._groups_of: dict[str, list[str]] = {}
        self._suggested: dict[tuple[str, int], list[str]] = {}
        for unit in self.units.values():
            if unit.kind == GROUP:
                for member in unit.members:
                    canonical = self.resolve(member)
                    if canonical is not None:
                        self._groups_of.setdefault(canonical, []).append(unit.name)

    def names_of(self, unit: UnitLike) -> list[str]:
        """Every form a unit answers to, its name first."""
        forms = [unit.name, *unit.aliases]
        if unit.kind == self.kinds.county:
            forms += county_forms(unit.name)
        return forms

    def forms(self) -> dict[str, str]:
        """Every normalised form a name may take, and the unit it names."""
        return dict(self._lookup)

    def resolve(self, name: str) -> str | None:
        """The canonical name for any written form, or None."""
        found = self._lookup.get(name)  # most names are written as registered
        return found if found is not None else self._lookup.get(normalize(name))

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """The closest known canonical names to a name that did not resolve; none after
        SUGGESTED other names were looked up (each is compared with every form)."""
        asked = (normalize(name), limit)
        found = self._suggested.get(asked)
        if found is None:
            if len(self._suggested) >= SUGGESTED:
                return []  # (not kept: a file of 100,000 unknown names keeps 200)
            found = self._suggested[asked] = self._closest(*asked)
        return list(found)

    def _closest(self, key: str, limit: int) -> list[str]:
        close = difflib.get_close_matches(key, self._lookup, n=limit * 3, cutoff=0.5)
        # Only names nearly as close as the closest: short names share a character or two
        # with many others (市财政厅 and 市政府办 share 市 and 政, as 市财政局 shares three).
        if close:
            best = difflib.SequenceMatcher(None, key, close[0]).ratio()
            close = [
                f for f in close if difflib.SequenceMatcher(None, key, f).ratio() >= best - 0.2
            ]
        found: list[str] = []
        for form in close:
            canonical = self._lookup[form]
            if canonical not in found:
                found.append(canonical)
        if not found:
            # Same department, other wording (市科技厅 / 科技局): share a distinctive part.
            core = key.removeprefix("市").removeprefix("嘉兴")[:2]
            found = [n for n in self.units if core and core in normalize(n)]
        return found[:limit]

    def groups_of(self, canonical: str) -> list[str]:
        return self._groups_of.get(canonical, [])

    def members_of(self, canonical: str) -> list[str]:
        unit = self.units.get(canonical)
        if unit is None or unit.kind != GROUP:
            return []
        return [m for m in (self.resolve(x) for x in unit.members) if m is not None]

    def scope(self, canonical: str) -> set[str]:
        """The names whose tasks a unit sees: itself, its groups, and for a group its members."""
        return {canonical, *self.groups_of(canonical), *self.members_of(canonical)}

    def expand(self, names: Iterable[str]) -> list[str]:
        """Canonical units named, a group standing for its members; first-named order."""
        found: list[str] = []
        for name in names:
            canonical = self.resolve(name)
            if canonical is None:
                continue
            members = self.members_of(canonical)
            for unit in members or ([] if self.units[canonical].kind == GROUP else [canonical]):
                if unit not in found:
                    found.append(unit)
        return found
