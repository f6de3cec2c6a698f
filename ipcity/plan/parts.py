"""A task's parts, which parts a record speaks for, and the log of one task replayed part by
part. Pure: the rules (plan/record_rules.py) and the queries (answers/parts.py) share it.

A task's *parts* are its responsible units, a group standing for its members: 13.2
(各县(市、区)政府) has seven parts. A progress record speaks for

- every part, when it says so (`all_parts: true`) or names no unit at all (no `by`, no
  `unit`: a whole-task record, as every record was before parts existed);
- the part named by `unit` (the office recording for a unit);
- else the part of its `by` (a responsible group's record speaks for its members);
- else for none: a cooperating or other unit's record is a note on the task.

Verification and extension records concern one part: `unit`, or the only part.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from ipcity.plan.loaded import Check, Entry, Extension, Record
from ipcity.plan.shapes import Status, Task
from ipcity.plan.units import GROUP, UnitRegistry


def task_parts(registry: UnitRegistry, task: Task) -> list[str]:
    """The parts of a task: its responsible units, a group standing for its members (a
    group with no members yet answers as one part), first-named order."""
    found: list[str] = []
    for name in task.responsible:
        canonical = registry.resolve(name)
        if canonical is None:
            continue
        members = registry.members_of(canonical)
        if not members and registry.units[canonical].kind != GROUP:
            members = [canonical]
        for unit in members or [canonical]:
            if unit not in found:
                found.append(unit)
    return found


def lead_unit(registry: UnitRegistry, task: Task) -> str | None:
    """The unit that reports an indicator's city-wide figure: the task's first responsible
    unit. The annex does not name a lead among co-leads; the first named is taken for it."""
    return registry.resolve(task.responsible[0]) if task.responsible else None


def record_parts(
    registry: UnitRegistry,
    parts: list[str],
    by: str | None,
    unit: str | None,
    all_parts: bool,
) -> list[str]:
    """The parts a progress record speaks for (see the module's docstring)."""
    if all_parts or (by is None and unit is None):
        return parts
    if unit is not None:
        named = registry.resolve(unit)
        return [named] if named in parts else []
    assert by is not None
    reporter = registry.resolve(by)
    if reporter is None:
        return []
    if reporter in parts:
        return [reporter]
    return [member for member in registry.members_of(reporter) if member in parts]


def entry_part(registry: UnitRegistry, parts: list[str], unit: str | None) -> str | None:
    """The part a verification or extension record concerns; None when it names none of
    the task's parts (the rules say why)."""
    if unit is None:
        return parts[0] if len(parts) == 1 else None
    named = registry.resolve(unit)
    return named if named in parts else None


@dataclass
class Track:
    """One part as the log stands after a replay."""

    unit: str
    original_due: date | None
    due: date | None
    last: Record | None = None  # its latest progress record
    claim: Record | None = None  # that record, when it says done: a claim of completion
    verdict: Check | None = None  # the office's check of that claim
    approved: Extension | None = None  # the approved extension that set `due`
    requests: list[Extension] = field(default_factory=list)  # asked since the last approval


IssueKind = Literal["no_claim", "standing", "not_later"]


@dataclass(frozen=True)
class Issue:
    """An entry the replay could not apply: a check of a part with no claim, an extension
    of a task without a due date, or one that does not move the due date later."""

    tag: Any  # what the caller placed beside the entry (a log index)
    kind: IssueKind
    unit: str
    track: Track  # the part as it stood just before the entry (its fields copied)


def replay(
    registry: UnitRegistry,
    task: Task,
    due: date | None,
    events: Sequence[tuple[Any, Entry]],
    *,
    records_only: bool = False,
) -> tuple[list[Track], list[Issue]]:
    """Replay one task's entries, given in order (by date, then file order): each part's
    latest record, its claim and the verdict on it, its due date, and what could not apply.
    records_only says there is no check or extension among them: then only each part's
    latest record counts, found from the end (most of a province's tasks)."""
    parts = task_parts(registry, task)
    tracks = {unit: Track(unit, due, due) for unit in parts}
    issues: list[Issue] = []
    spoken: dict[tuple[str | None, str | None, bool], list[str]] = {}  # a task's few reporters
    if records_only:
        left = len(parts)
        for _, entry in reversed(events):
            assert isinstance(entry, Record)
            who = (entry.by, entry.unit, entry.all_parts)
            if who not in spoken:
                spoken[who] = record_parts(registry, parts, *who)
            for unit in spoken[who]:
                track = tracks[unit]
                if track.last is None:
                    track.last = entry
                    track.claim = entry if entry.status is Status.done else None
                    left -= 1
            if not left:
                break
        return list(tracks.values()), issues
    for tag, entry in events:
        if isinstance(entry, Record):
            who = (entry.by, entry.unit, entry.all_parts)
            if who not in spoken:
                spoken[who] = record_parts(registry, parts, *who)
            for unit in spoken[who]:
                track = tracks[unit]
                track.last = entry
                track.claim = entry if entry.status is Status.done else None
                track.verdict = None
            continue
        part = entry_part(registry, parts, entry.unit)
        if part is None:
            continue  # the rules name the unit that is not a part
        track = tracks[part]
        if isinstance(entry, Check):
            if track.claim is None:
                issues.append(Issue(tag, "no_claim", part, _copy(track)))
            else:
                track.verdict = entry
            continue
        if track.due is None:
            issues.append(Issue(tag, "standing", part, _copy(track)))
        elif entry.extend_to <= track.due:
            issues.append(Issue(tag, "not_later", part, _copy(track)))
        elif entry.approved_by is None:
            track.requests.append(entry)
        else:
            track.due = entry.extend_to
            track.approved = entry
            track.requests = []
    return list(tracks.values()), issues


def _copy(track: Track) -> Track:
    return Track(**{**track.__dict__, "requests": list(track.requests)})


def in_order(entries: Iterable[tuple[int, Entry]]) -> list[tuple[int, Entry]]:
    """Entries given in file order (with their place in the log), by date: the order a
    log is replayed in, whatever order people appended or merged them in."""
    found = list(entries)
    dates = [entry.date for _, entry in found]
    if dates != sorted(dates):  # a log mostly runs in date order: then nothing to do
        found.sort(key=_when)  # stable: file order within a day
    return found


def _when(pair: tuple[int, Entry]) -> date:
    return pair[1].date
