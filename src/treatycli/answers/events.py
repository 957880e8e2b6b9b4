"""The change feed: the acts in the data, newest first, filtered by date, kind, state or treaty."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from ..db import Database
from ..enums import ActionKind
from ..errors import UsageError
from ..resolve import resolve_state, resolve_treaty

__all__ = ["events"]


@dataclass(frozen=True, slots=True)
class Event:
    date: str | None
    date_precision: str
    kind: str
    state_id: str
    state: str
    treaty_id: str
    treaty: str
    effective_on: str | None
    confidence: str
    source: str | None
    source_url: str | None
    note: str | None


def events(
    db: Database,
    *,
    since: date | None = None,
    until: date | None = None,
    kinds: Sequence[str] = (),
    state_text: str | None = None,
    treaty_text: str | None = None,
    limit: int | None = None,
    effective_since: date | None = None,
    effective_until: date | None = None,
) -> Iterator[Event]:
    """Acts in the data, newest first, filtered by date range, kind, state and treaty (streamed).

    ``effective_since``/``effective_until`` filter on when an act takes effect (its recorded
    effective date, else its own date): "what changed in 2026" finds the exits that took effect then.
    """
    where: list[str] = ["a.date IS NOT NULL"]
    params: list[str | int] = []
    if since:
        where.append("a.date >= ?")
        params.append(since.isoformat())
    if until:
        where.append("a.date <= ?")
        params.append(until.isoformat())
    if effective_since:
        where.append("COALESCE(a.effective_on, a.date) >= ?")
        params.append(effective_since.isoformat())
    if effective_until:
        where.append("COALESCE(a.effective_on, a.date) <= ?")
        params.append(effective_until.isoformat())
    for k in kinds:
        if k not in ActionKind.__members__.values():
            raise UsageError(
                f"unknown action kind {k[:40]!r}; kinds: {', '.join(sorted(x.value for x in ActionKind))}"
            )
    if kinds:
        where.append(f"a.kind IN ({','.join('?' * len(kinds))})")
        params.extend(kinds)
    if state_text is not None:  # an empty name is an error, never "all states"
        where.append("a.state_id = ?")
        params.append(resolve_state(db, state_text).id)
    if treaty_text is not None:
        where.append("a.treaty_id = ?")
        params.append(resolve_treaty(db, treaty_text).id)
    sql = (
        "SELECT a.*, s.name AS state_name, COALESCE(t.short_name, t.title) AS treaty_name, "
        "src.title AS source_title, src.url AS source_url FROM actions a JOIN states s ON s.id = a.state_id "
        "JOIN treaties t ON t.id = a.treaty_id JOIN sources src ON src.id = a.source_id "
        f"WHERE {' AND '.join(where)} ORDER BY a.date DESC, a.treaty_id, a.state_id, a.id"
        + (" LIMIT ?" if limit else "")
    )
    return _stream_events(db, sql, (*params, *([limit] if limit else [])))


def _stream_events(db: Database, sql: str, params: Sequence[str | int]) -> Iterator[Event]:
    for r in db.stream(sql, params):
        yield Event(
            r["date"],
            r["date_precision"],
            r["kind"],
            r["state_id"],
            r["state_name"],
            r["treaty_id"],
            r["treaty_name"],
            r["effective_on"],
            r["confidence"],
            r["source_title"],
            r["source_url"],
            r["note"],
        )
