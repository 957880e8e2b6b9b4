"""Who is party to a treaty: the table, its summary counts and the parties per year."""

from __future__ import annotations

from datetime import date

from ..db import Database
from ..enums import Bound, Status
from ..models import Treaty
from ..resolve import load_state, resolve_treaty
from ..results import (
    PartiesResult,
    PartyRow,
)
from .panel import panel
from .status import (
    _actions,
    _coverage,
    _facts,
    _lineage,
    coverage_for,
    data_as_of,
    derive,
    load_rules,
)

__all__ = ["parties", "parties_by_year"]


def parties(
    db: Database,
    treaty_text: str,
    on: date | None = None,
    status: Status | None = None,
    *,
    today: date | None = None,
) -> PartiesResult:
    """Every participant the data holds for TREATY, with its status on ON."""
    treaty = resolve_treaty(db, treaty_text)
    when = on or today or date.today()
    rules = load_rules(db, treaty)
    coverage = _coverage(db, treaty.id)
    facts = _facts(treaty, rules, coverage, data_as_of(db))
    rows = []
    ids = [
        r["state_id"]
        for r in db.rows(
            "SELECT DISTINCT state_id FROM actions WHERE treaty_id = ? "
            "UNION SELECT DISTINCT state_id FROM participants WHERE treaty_id = ?",
            (treaty.id, treaty.id),
        )
    ]
    for sid in ids:
        state = load_state(db, sid)
        actions = _actions(db, treaty.id, _lineage(db, state))
        own = coverage_for(db, treaty.id, state)
        facts_for = facts if own == coverage else _facts(treaty, rules, own, data_as_of(db))
        derivation = derive(db, state, actions, when, facts_for, treaty.id)
        if status is None or derivation.status is status:
            rows.append(PartyRow(state, derivation, tuple(actions)))
    rows.sort(key=lambda row: row.state.name.casefold())
    return PartiesResult(
        treaty,
        when,
        tuple(rows),
        coverage,
        data_as_of(db),
        ((treaty_text, f"{treaty.series or treaty.id} {treaty.short_name or treaty.title}"),),
    )


def parties_by_year(
    db: Database, treaty_text: str, until: int | None = None
) -> tuple[Treaty, list[tuple[int, int]]]:
    """How many participants were bound on 31 December of each year."""
    treaty = resolve_treaty(db, treaty_text)
    last = until or date.today().year
    counts: dict[int, int] = {}
    first = last
    for row in panel(db, [treaty.id], 1945, last):
        if row.bound is Bound.YES:
            counts[row.year] = counts.get(row.year, 0) + 1
            first = min(first, row.year)
    return treaty, [(y, counts.get(y, 0)) for y in range(first, last + 1)]
