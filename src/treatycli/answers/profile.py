"""A state across treaties: its profile by subject, and several states compared."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..db import Database
from ..enums import Status
from ..models import State, Treaty
from ..resolve import resolve_state, resolve_treaty
from .status import (
    _lineage,
    _status,
    resolve_by_id,
)

__all__ = ["state_profile", "compare"]


@dataclass(frozen=True, slots=True)
class ProfileRow:
    treaty: Treaty
    subject: str
    status: Status
    since: str | None  # in force for the state, or its latest act
    core: bool


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
    today: date | None = None,
) -> tuple[State, date, list[ProfileRow]]:
    """Every treaty the state has acted on, plus the core treaties it has not joined."""
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
    for tid in sorted(acted | core):
        treaty = resolve_by_id(db, tid)
        if subject and subject not in treaty.subjects:
            continue
        res = _status(db, state, treaty, when, with_consequences=False)
        if tid not in acted and res.status not in (Status.NOT_PARTY, Status.UNKNOWN):
            continue
        last = next((a.date for a in reversed(res.actions) if a.date), None)
        rows.append(
            ProfileRow(
                treaty, _subject_of(treaty), res.status, res.derivation.in_force_on or last, tid in core
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
    today: date | None = None,
) -> tuple[list[State], list[Treaty], dict[tuple[str, str], tuple[Status, str | None]]]:
    """A matrix of states by treaties: the status on a date and the year it took effect."""
    states = [resolve_state(db, s) for s in state_texts]
    if treaty_texts:
        treaties = [resolve_treaty(db, t) for t in treaty_texts]
    else:
        treaties = [resolve_by_id(db, tid) for tid in sorted(_core_ids(db))]
        if subject:
            treaties = [t for t in treaties if subject in t.subjects]
    when = on or today or date.today()
    cells: dict[tuple[str, str], tuple[Status, str | None]] = {}
    for t in treaties:
        for s in states:
            res = _status(db, s, t, when, with_consequences=False)
            year = (res.derivation.in_force_on or "")[:4] or None
            w = res.derivation.withdrawal
            if res.status is Status.WITHDRAWN and w and w.effective_on:
                year = w.effective_on[:4]
            cells[(s.id, t.id)] = (res.status, year)
    return states, treaties, cells
