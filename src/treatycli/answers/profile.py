"""A state across treaties: its profile by subject, and several states compared."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..db import Database
from ..enums import Bound, Status
from ..models import State, Treaty
from ..resolve import resolve_state, resolve_treaty
from .status import (
    _lineage,
    _status,
    eligible,
    resolve_by_id,
)

__all__ = ["state_profile", "compare"]


@dataclass(frozen=True, slots=True)
class ProfileRow:
    treaty: Treaty
    subject: str
    status: Status
    since: str | None  # the date the current status began, else in force for it, else its latest act;
    # none for an unknown status
    core: bool
    bound: Bound = Bound.UNKNOWN
    eligible: bool = True  # False: a closed treaty the state cannot join (a regional or bilateral one)


@dataclass(frozen=True, slots=True)
class Cell:
    """One state in one treaty, for ``compare``."""

    status: Status
    year: str | None  # the year it took effect (in force, or the withdrawal's effect)
    bound: Bound
    eligible: bool


@dataclass(frozen=True, slots=True)
class Comparison:
    states: tuple[State, ...]
    treaties: tuple[Treaty, ...]
    cells: dict[tuple[str, str], Cell]
    left_out: tuple[Treaty, ...] = ()  # default view only: no data for any state asked, or none may join


def _subject_of(treaty: Treaty) -> str:
    """The treaty's most specific subject (torture before human-rights), or "other"."""
    specific = [s for s in treaty.subjects if s not in ("human-rights", "arms-control", "environment")]
    return (specific or list(treaty.subjects) or ["other"])[0]


def _core_ids(db: Database) -> set[str]:
    return {r["treaty_id"] for r in db.rows("SELECT treaty_id FROM rules")}


def state_profile(
    db: Database,
    state_text: str,
    on: date | None = None,
    subject: str | None = None,
    *,
    everything: bool = False,
    today: date | None = None,
) -> tuple[State, date, list[ProfileRow]]:
    """The core treaties (joined, not joined, or closed to the state) and, with ``everything``, every
    other treaty the state has acted on."""
    state = resolve_state(db, state_text)
    when = on or today or date.today()
    lineage = _lineage(db, state)
    marks = ",".join("?" * len(lineage))
    acted = {
        r["treaty_id"]
        for r in db.rows(f"SELECT DISTINCT treaty_id FROM actions WHERE state_id IN ({marks})", lineage)
    }
    core = _core_ids(db)
    rows: list[ProfileRow] = []
    for tid in sorted(core | acted if everything else core):
        treaty = resolve_by_id(db, tid)
        if subject and subject not in treaty.subjects:
            continue
        res = _status(db, state, treaty, when, with_consequences=False)
        can_join = tid in acted or eligible(db, state, treaty)
        last = next((a.date for a in reversed(res.actions) if a.date), None)
        rows.append(
            ProfileRow(
                treaty,
                _subject_of(treaty),
                res.status,
                # an unknown word has no start: a date beside it would read as one
                None
                if res.status is Status.UNKNOWN
                else res.derivation.since or res.derivation.in_force_on or last,
                tid in core,
                res.derivation.bound,
                can_join,
            )
        )
    rows.sort(key=lambda r: (r.subject, r.status.value, r.treaty.id))
    return state, when, rows


def compare(
    db: Database,
    state_texts: Sequence[str],
    treaty_texts: Sequence[str] = (),
    subject: str | None = None,
    on: date | None = None,
    *,
    everything: bool = False,
    today: date | None = None,
) -> Comparison:
    """A matrix of states by treaties: the status on a date and the year it took effect.

    Without named treaties the core treaties are compared, leaving out (and counting) those with no
    data for any of the states, or that none of them may join; ``everything`` keeps them.
    """
    states = [resolve_state(db, s) for s in state_texts]
    named = bool(treaty_texts)
    if named:
        treaties = [resolve_treaty(db, t) for t in treaty_texts]
    else:
        treaties = [resolve_by_id(db, tid) for tid in sorted(_core_ids(db))]
        if subject:
            treaties = [t for t in treaties if subject in t.subjects]
    when = on or today or date.today()
    cells: dict[tuple[str, str], Cell] = {}
    kept: list[Treaty] = []
    left: list[Treaty] = []
    for t in treaties:
        row: dict[tuple[str, str], Cell] = {}
        for s in states:
            res = _status(db, s, t, when, with_consequences=False)
            year = (res.derivation.in_force_on or "")[:4] or None
            w = res.derivation.withdrawal
            if res.status is Status.WITHDRAWN and w and w.effective_on:
                year = w.effective_on[:4]
            elif res.status is Status.TERMINATED:
                year = (t.terminated_on or "")[:4] or None
            can_join = bool(res.actions) or eligible(db, s, t)
            row[(s.id, t.id)] = Cell(res.status, year, res.derivation.bound, can_join)
        empty = all(c.status is Status.UNKNOWN or not c.eligible for c in row.values())
        if empty and not named and not everything:
            left.append(t)
            continue
        kept.append(t)
        cells.update(row)
    return Comparison(tuple(states), tuple(kept), cells, tuple(left))
