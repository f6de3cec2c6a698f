"""Each task part by part: what each accountable unit has reported, whether the office has
accepted its claim of completion, its due date after approved extensions; and the task's
status and due date from its parts. What `list`, `due`, `show`, the report and the 督查通报
read. Worked out once per plan (and as-of day), in one pass over the log.

A part's status is its latest record's (plan/parts.py says which records speak for it),
except that a `done` is a *claim*: where the plan requires verification it counts as done
only once the office has accepted it (`verify --accept`); a claim returned by the office
counts as in progress, whatever the plan requires. A task is done when every part is
done; otherwise its status is the least advanced part's, blocked first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from ipcity.answers.derived import memo, of_task, task_entries
from ipcity.plan.loaded import Entry, Plan, Record
from ipcity.plan.parts import Track, replay
from ipcity.plan.shapes import Status

# The least advanced first: a task's status is the first of its parts' in this order.
_ADVANCE = (Status.blocked, Status.not_started, Status.in_progress, Status.done)


class PartState(NamedTuple):
    """One accountable unit's part of a task, as of a day."""

    task: str
    unit: str
    status: Status  # what counts: a claim waiting for (or returned by) the office is not done
    reported: Status | None  # what the unit's latest record says; None: nothing recorded
    claimed: bool  # its latest record says done
    verified: bool | None  # the office's check of that claim: accepted, returned, not checked
    claim_date: date | None
    returned_reason: str | None  # the office's note when it returned the claim
    due: date | None  # after approved extensions
    original_due: date | None  # the plan's
    extension_reason: str | None  # why the due date was moved
    approved_by: str | None  # who approved the extension
    requested_due: date | None  # an extension asked for and not yet approved
    last_date: date | None  # the date of its latest progress record
    overdue: bool

    @property
    def awaiting_check(self) -> bool:
        """A claim of completion the office has yet to check."""
        return self.claimed and self.verified is None and self.status is not Status.done

    @property
    def extended(self) -> bool:
        return self.due != self.original_due

    def json(self) -> dict[str, object]:
        """The part as `show --format json` gives it."""
        return {
            "unit": self.unit,
            "status": self.status.value,
            "verified": self.verified,
            "claimed": self.claimed,
            "due": _iso(self.due),
            "original_due": _iso(self.original_due),
            "last_date": _iso(self.last_date),
            "overdue": self.overdue,
            "claim_date": _iso(self.claim_date),
            "returned_reason": self.returned_reason,
            "extension_reason": self.extension_reason,
            "approved_by": self.approved_by,
            "requested_due": _iso(self.requested_due),
        }


class Request(NamedTuple):
    """An extension asked for and not yet approved."""

    task: str
    unit: str
    asked: date  # the request's date
    to: date
    reason: str
    by: str | None
    due: date | None  # the part's due date now


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def extended_tasks(plan: Plan) -> list[str]:
    """The tasks whose log holds an extension (asked for or approved), in plan order."""

    def compute() -> list[str]:
        asked = {extension.task for extension in plan.extensions}
        return [task_id for task_id in plan.tasks if task_id in asked]

    return memo(plan, "extended", compute)


def entries_of(plan: Plan, task_id: str) -> list[tuple[int, Entry]]:
    """One task's entries as task_entries holds them."""
    return of_task(plan, "entries", task_id, lambda: task_entries(plan).get(task_id, []), [])


def part_tracks(plan: Plan, known_by: date | None = None) -> dict[str, list[Track]]:
    """Every task's parts as its log leaves them, in plan order. known_by leaves out the
    entries dated after it (the plan as it stood that day, for a 通报 of a past period)."""

    def compute() -> dict[str, list[Track]]:
        return {
            task.id: _tracks(plan, task.id, known_by) for item in plan.items for task in item.tasks
        }

    return memo(plan, f"tracks {known_by}", compute)


def _tracks(plan: Plan, task_id: str, known_by: date | None) -> list[Track]:
    mine = entries_of(plan, task_id)
    if known_by is not None:
        mine = [(seq, e) for seq, e in mine if e.date <= known_by]
    due = plan.deadlines[task_id].due
    task = plan.tasks[task_id][1]
    # A loaded log of records alone says so once (asking a plan read from the index would
    # read its whole log).
    records_alone = plan.source is None and not plan.checks and not plan.extensions
    only_records = records_alone or all(isinstance(entry, Record) for _, entry in mine)
    return replay(plan.units, task, due, mine, records_only=only_records)[0]


def kept_parts(plan: Plan, known_by: date | None = None) -> dict[str, list[PartState]]:
    """Every task's parts, in plan order, as their logs leave them, whatever the day: each
    PartState but for `overdue` (False here; `dated` works it out for an as-of day). What
    the index keeps of a plan's parts (known_by None)."""

    def compute() -> dict[str, list[PartState]]:
        required = plan.verification == "required"
        return {
            task_id: [_state(task_id, track, required) for track in tracks]
            for task_id, tracks in part_tracks(plan, known_by).items()
        }

    return memo(plan, "parts" if known_by is None else f"parts {known_by}", compute)


def task_kept_parts(plan: Plan, task_id: str) -> list[PartState]:
    """One task's kept_parts, without working out every task's."""
    return of_task(plan, "parts", task_id, lambda: parts_of_task(plan, task_id), [])


def parts_of_task(plan: Plan, task_id: str) -> list[PartState]:
    """One task's kept parts, worked out from its entries (entries_of)."""
    required = plan.verification == "required"
    return [_state(task_id, track, required) for track in _tracks(plan, task_id, None)]


def dated(part: PartState, as_of: date) -> PartState:
    """A part as of a day: overdue when it is not done and its due date has passed."""
    overdue = part.status is not Status.done and part.due is not None and part.due < as_of
    return part._replace(overdue=overdue) if overdue != part.overdue else part


def task_parts_states(
    plan: Plan, task_id: str, as_of: date, *, known_by: date | None = None
) -> list[PartState]:
    """One task's parts as of a day (what part_states holds for it, for one task alone)."""
    if known_by is None:
        return [dated(part, as_of) for part in task_kept_parts(plan, task_id)]
    required = plan.verification == "required"
    return [dated(_state(task_id, t, required), as_of) for t in _tracks(plan, task_id, known_by)]


def part_states(
    plan: Plan, as_of: date, *, known_by: date | None = None
) -> dict[str, list[PartState]]:
    """Every task's parts as of a day (which decides what is overdue), in plan order; the
    parts in the order the plan names their units. known_by as for part_tracks."""

    def compute() -> dict[str, list[PartState]]:
        return {
            task_id: [dated(part, as_of) for part in parts]
            for task_id, parts in kept_parts(plan, known_by).items()
        }

    return memo(plan, f"parts {as_of} {known_by}", compute)


def _verified(track: Track) -> bool | None:
    return None if track.verdict is None else track.verdict.verify == "accepted"


def _status(track: Track, required: bool) -> Status:
    if track.last is None:
        return Status.not_started
    if track.claim is None:
        return track.last.status
    verified = _verified(track)
    return Status.done if verified or (verified is None and not required) else Status.in_progress


def _state(task_id: str, track: Track, required: bool) -> PartState:
    last, claim, verdict, approved = track.last, track.claim, track.verdict, track.approved
    verified = _verified(track)
    status = _status(track, required)
    request = track.requests[-1] if track.requests and status is not Status.done else None
    return PartState(
        task=task_id,
        unit=track.unit,
        status=status,
        reported=last.status if last else None,
        claimed=claim is not None,
        verified=verified,
        claim_date=claim.date if claim else None,
        returned_reason=verdict.note if verdict and not verified else None,
        due=track.due,
        original_due=track.original_due,
        extension_reason=approved.reason if approved else None,
        approved_by=approved.approved_by if approved else None,
        requested_due=request.extend_to if request else None,
        last_date=last.date if last else None,
        overdue=False,
    )


class TaskState(NamedTuple):
    """A task as its parts leave it, as of a day."""

    status: Status  # done when every part is; else the least advanced part's, blocked first
    due: date | None  # the earliest due date of its open parts (of all, once all are done)
    overdue: bool  # an open part's due date has passed: the task's due date has
    awaiting_check: bool  # open only for claims of completion the office has yet to check
    done: int  # parts done
    parts: int


def summary(parts: Sequence[tuple[Status, date | None, bool]], as_of: date) -> TaskState:
    """A task from its parts, each as (status, due date, awaiting the office's check)."""
    if not parts:
        return TaskState(Status.not_started, None, False, False, 0, 0)
    status = min((part[0] for part in parts), key=_ADVANCE.index)
    open_ = [due for s, due, _ in parts if s is not Status.done and due is not None]
    dues = open_ or [due for _, due, _ in parts if due is not None]
    done = sum(s is Status.done for s, _, _ in parts)
    return TaskState(
        status=status,
        due=min(dues) if dues else None,
        overdue=bool(open_) and min(open_) < as_of,
        awaiting_check=status is not Status.done
        and all(s is Status.done or waiting for s, _, waiting in parts),
        done=done,
        parts=len(parts),
    )


def task_state(parts: list[PartState], as_of: date) -> TaskState:
    """A task from its parts' states (part_states)."""
    return summary([(p.status, p.due, p.awaiting_check) for p in parts], as_of)


def task_status(parts: list[PartState]) -> Status:
    """Done when every part is done; else the least advanced part's status, blocked first."""
    return summary([(p.status, p.due, p.awaiting_check) for p in parts], date.min).status


def task_due(parts: list[PartState]) -> date | None:
    """The due date a task is held to: the earliest of its open parts' (so that a task is
    overdue exactly when its due date has passed), or of all its parts once all are done."""
    return summary([(p.status, p.due, p.awaiting_check) for p in parts], date.min).due


def task_states(plan: Plan, as_of: date, *, known_by: date | None = None) -> dict[str, TaskState]:
    """Every task as its parts leave it, in plan order: what `list`, `due` and a report
    read of 10,000 tasks."""

    def compute() -> dict[str, TaskState]:
        return {
            task_id: task_state(parts, as_of)
            for task_id, parts in kept_parts(plan, known_by).items()
        }

    return memo(plan, f"tasks {as_of} {known_by}", compute)


def open_due(parts: Sequence[PartState]) -> date | None:
    """The earliest due date of a task's open parts: it is overdue once that has passed."""
    return min(
        (p.due for p in parts if p.status is not Status.done and p.due is not None), default=None
    )


def pending_claims(plan: Plan, as_of: date, *, known_by: date | None = None) -> list[PartState]:
    """The claims of completion waiting for the office's check, in plan order (none where
    the plan does not require verification: a claim there counts as done)."""
    if plan.verification != "required":
        return []
    return [
        part
        for parts in part_states(plan, as_of, known_by=known_by).values()
        for part in parts
        if part.awaiting_check
    ]


def pending_extensions(plan: Plan, *, known_by: date | None = None) -> list[Request]:
    """The extensions asked for and not yet approved, of parts not done, in plan order."""
    required = plan.verification == "required"
    found: list[Request] = []
    # Only a task whose log holds a request can have one pending: the others' parts are
    # not replayed (the tracks of all, when worked out already, are used as they are).
    whole = plan.memo.get(f"tracks {known_by}")
    for task_id in extended_tasks(plan):
        tracks = whole[task_id] if whole is not None else _tracks(plan, task_id, known_by)
        for track in tracks:
            if _status(track, required) is Status.done:
                continue  # nothing left to extend
            for ask in track.requests:
                found.append(
                    Request(
                        task_id, track.unit, ask.date, ask.extend_to, ask.reason, ask.by, track.due
                    )
                )
    return found
