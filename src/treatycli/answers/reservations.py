"""Reservations, declarations and objections: the texts the depositary records, with their date and source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..dates import MONTH_NAMES
from ..db import Database
from ..models import State, Treaty
from ..resolve import load_state, resolve_state, resolve_treaty
from .status import _actions, _lineage

__all__ = ["ReservationText", "reservations"]

_MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, 1)}
_LEADING_DATE = re.compile(r"^\W*(\d{1,2}) (" + "|".join(_MONTHS) + r") (\d{4})\b", re.IGNORECASE)
_UPON = {
    "signature": ("signature", "definitive_signature"),
    "ratification": ("ratification",),
    "accession": ("accession",),
    "acceptance": ("acceptance",),
    "approval": ("approval",),
    "succession": ("succession",),
}


@dataclass(frozen=True, slots=True)
class ReservationText:
    state: State
    section: str | None  # "Declarations and Reservations", "Objections", ...
    made_upon: str | None  # as the depositary's page states it: "Upon ratification"
    date: str | None  # stated by the page (a dated entry) or the date of the act it was made upon
    date_basis: str | None  # "stated" | "act it was made upon" | None
    consent: str | None  # the state's consent to be bound, for context: "ratification 1992-06-08"
    text: str
    source: str | None
    source_url: str | None


def _leading_date(text: str) -> str | None:
    m = _LEADING_DATE.match(text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))).isoformat()
    except ValueError:
        return None


def reservations(
    db: Database, treaty_text: str, state_text: str | None = None
) -> tuple[Treaty, State | None, list[ReservationText]]:
    """The reservation, declaration and objection texts of TREATY (of STATE, or of every state)."""
    treaty = resolve_treaty(db, treaty_text)
    state = resolve_state(db, state_text) if state_text else None
    ids = _lineage(db, state) if state else None
    where = "t.treaty_id = ?" + (f" AND t.state_id IN ({','.join('?' * len(ids))})" if ids else "")
    rows = db.rows(
        "SELECT t.*, s.title AS source_title, s.url AS source_url FROM texts t "
        f"LEFT JOIN sources s ON s.id = t.source_id WHERE {where} ORDER BY t.state_id, t.id",
        (treaty.id, *(ids or ())),
    )
    out: list[ReservationText] = []
    acts_of: dict[str, list[tuple[str, str | None]]] = {}
    for r in rows:
        who = load_state(db, r["state_id"])
        if who.id not in acts_of:
            acts_of[who.id] = [(a.kind.value, a.date) for a in _actions(db, treaty.id, [who.id])]
        acts = acts_of[who.id]
        consent = next(
            (
                f"{k} {d}"
                for k, d in acts
                if k
                in (
                    "ratification",
                    "accession",
                    "succession",
                    "acceptance",
                    "approval",
                    "definitive_signature",
                    "consent",
                )
                and d
            ),
            None,
        )
        stated = _leading_date(r["text"])
        when, basis = (stated, "stated") if stated else (None, None)
        upon = (r["made_upon"] or "").lower()
        if when is None and upon:
            for word, kinds in _UPON.items():
                if word in upon:
                    found = [d for k, d in acts if k in kinds and d]
                    if len(found) == 1:  # the act it was made upon, when there is exactly one
                        when, basis = found[0], "act it was made upon"
                    break
        out.append(
            ReservationText(
                who,
                r["section"],
                r["made_upon"],
                when,
                basis,
                consent,
                r["text"],
                r["source_title"],
                r["source_url"],
            )
        )
    return treaty, state, out
