"""A country-year panel: the status on 31 December of each year and the year's acts."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from ..db import Database
from ..enums import Bound, Status
from ..errors import UsageError
from ..resolve import load_state, resolve_treaty
from .status import (
    _actions,
    _coverage,
    _facts,
    _lineage,
    data_as_of,
    derive,
    load_rules,
)

__all__ = ["panel"]


@dataclass(frozen=True, slots=True)
class PanelRow:
    state_id: str
    state: str
    treaty_id: str
    year: int
    status: Status
    bound: Bound
    acts: str  # the year's acts, "kind date; ..."


def panel(db: Database, treaty_texts: Sequence[str], from_year: int, to_year: int) -> Iterator[PanelRow]:
    """One row per state, treaty and year: the status on 31 December and the year's acts."""
    if to_year < from_year or to_year - from_year > 300:
        raise UsageError("--to must be a year after --from, at most 300 years later")
    for text in treaty_texts:
        treaty = resolve_treaty(db, text)
        rules = load_rules(db, treaty)
        coverage = _coverage(db, treaty.id)
        facts = _facts(treaty, rules, coverage, data_as_of(db))
        acted = [
            r["state_id"]
            for r in db.rows(
                "SELECT DISTINCT state_id FROM actions WHERE treaty_id = ? ORDER BY state_id", (treaty.id,)
            )
        ]
        others = (
            []
            if coverage is None or coverage.coverage != "complete"
            else [r["id"] for r in db.rows("SELECT id FROM states WHERE kind = 'state' ORDER BY id")]
        )
        for sid in sorted(set(acted) | set(others)):
            state = load_state(db, sid)
            actions = _actions(db, treaty.id, _lineage(db, state))
            for year in range(from_year, to_year + 1):
                if state.dissolved_on and state.dissolved_on[:4] < str(year):
                    break
                d = derive(db, state, actions, date(year, 12, 31), facts, treaty.id)
                acts = "; ".join(
                    f"{a.kind.value} {a.date}" for a in actions if a.date and a.date[:4] == str(year)
                )
                yield PanelRow(sid, state.name, treaty.id, year, d.status, d.bound, acts)
