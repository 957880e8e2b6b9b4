"""Names -> ids: normalise, then exact id, then alias, then a unique prefix; never a silent guess."""

from __future__ import annotations

import difflib

from .db import Database, cached
from .errors import AmbiguousName, UnknownState, UnknownTreaty, UsageError
from .models import State, Treaty
from .text import normalise

MAX_INPUT = 300
_MIN_PREFIX = 4


def _clean(text: str, what: str) -> str:
    if len(text) > MAX_INPUT:
        raise UsageError(f"{what} name is too long ({len(text)} characters; at most {MAX_INPUT})")
    key = normalise(text)
    if not key:
        raise UsageError(f"empty {what} name")
    return key


def _suggest(key: str, aliases: list[str], labels: dict[str, str]) -> tuple[str, ...]:
    close = difflib.get_close_matches(key, aliases, n=8, cutoff=0.75)
    out: list[str] = []
    for alias in close:
        label = labels[alias]
        if label not in out:
            out.append(label)
    return tuple(out[:3])


def _matching_ids(
    db: Database, table: str, column: str, key: str, no_prefix_kinds: tuple[str, ...]
) -> list[str]:
    """Ids whose alias is ``key``; failing that, ids with an alias starting with it (at most 11).

    ``table`` and ``column`` are this module's constants, never user input; ``key`` is bound.
    """
    rows = db.rows(f"SELECT DISTINCT {column} FROM {table} WHERE alias = ? ORDER BY {column}", (key,))
    if not rows and len(key) >= _MIN_PREFIX:
        marks = ",".join("?" * len(no_prefix_kinds))
        rows = db.rows(
            f"SELECT DISTINCT {column} FROM {table} WHERE alias >= ? AND alias < ? "
            f"AND kind NOT IN ({marks}) ORDER BY {column} LIMIT 11",
            (key, key + "\uffff", *no_prefix_kinds),
        )
    return [str(r[column]) for r in rows]


@cached
def resolve_state(db: Database, text: str) -> State:
    key = _clean(text, "state")
    ids = _matching_ids(db, "state_aliases", "state_id", key, ("iso2",))
    if len(ids) == 1:
        return load_state(db, ids[0])
    if ids:
        cands = tuple((i, load_state(db, i).name) for i in ids[:10])
        raise AmbiguousName("state", text[:80], cands)
    rows = db.rows(
        "SELECT a.alias, s.name FROM state_aliases a JOIN states s ON s.id = a.state_id "
        "WHERE a.kind IN ('name', 'common_name', 'official_name')"
    )
    labels = {r["alias"]: r["name"] for r in rows}
    raise UnknownState(text[:80], _suggest(key, list(labels), labels))


@cached
def resolve_treaty(db: Database, text: str) -> Treaty:
    key = _clean(text, "treaty")
    ids = _matching_ids(db, "treaty_aliases", "treaty_id", key, ("number", "mtdsg"))
    if len(ids) == 1:
        return load_treaty(db, ids[0])
    if ids:
        cands = tuple((i, _label(load_treaty(db, i))) for i in ids[:10])
        raise AmbiguousName("treaty", text[:80], cands)
    rows = db.rows(
        "SELECT a.alias, t.id, t.short_name, t.title FROM treaty_aliases a "
        "JOIN treaties t ON t.id = a.treaty_id WHERE a.kind != 'title'"
    )
    labels = {r["alias"]: f"{r['alias']} ({r['short_name'] or r['id']})" for r in rows}
    raise UnknownTreaty(text[:80], _suggest(key, list(labels), labels))


def _label(t: Treaty) -> str:
    name = t.short_name or (t.title if len(t.title) <= 70 else t.title[:67] + "...")
    return f"{t.series or t.id}: {name}" if t.series else name


@cached
def load_state(db: Database, sid: str) -> State:
    rows = db.rows("SELECT * FROM states WHERE id = ?", (sid,))
    if not rows:
        raise UnknownState(sid)
    r = rows[0]
    succ = tuple(
        x["successor_id"]
        for x in db.rows(
            "SELECT successor_id FROM successions WHERE predecessor_id = ? ORDER BY continuator DESC, "
            "successor_id",
            (sid,),
        )
    )
    pred = tuple(
        x["predecessor_id"]
        for x in db.rows(
            "SELECT predecessor_id FROM successions WHERE successor_id = ? ORDER BY predecessor_id", (sid,)
        )
    )
    return State(
        id=r["id"],
        name=r["name"],
        common_name=r["common_name"] or None,
        iso2=r["iso2"] or None,
        m49=r["m49"] or None,
        kind=r["kind"],
        dissolved_on=r["dissolved_on"] or None,
        successors=succ,
        predecessors=pred,
    )


@cached
def load_treaty(db: Database, tid: str) -> Treaty:
    rows = db.rows("SELECT * FROM treaties WHERE id = ?", (tid,))
    if not rows:
        raise UnknownTreaty(tid)
    r = rows[0]
    return Treaty(
        id=r["id"],
        title=r["title"],
        short_name=r["short_name"] or None,
        series=r["series"] or None,
        depositary=r["depositary"] or None,
        adopted_on=r["adopted_on"] or None,
        adopted_place=r["adopted_place"] or None,
        entry_into_force_on=r["entry_into_force_on"] or None,
        terminated_on=r["terminated_on"] or None,
        parent_id=r["parent_id"] or None,
        subjects=tuple((r["subjects"] or "").split()),
        status_url=r["status_url"] or None,
    )
