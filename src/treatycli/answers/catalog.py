"""Finding treaties and describing the database: search, info and shell completion."""

from __future__ import annotations

import re

from ..db import Database
from ..errors import UsageError
from ..results import (
    InfoResult,
    SearchHit,
)
from ..text import normalise as normalise_text

__all__ = ["search", "info", "complete_names"]


_WORD = re.compile(r"\w+", re.UNICODE)


def search(db: Database, text: str, limit: int = 50) -> list[SearchHit]:
    """Treaties whose title, short name or aliases contain every word of TEXT."""
    from ..resolve import _clean, load_treaty

    key = _clean(text, "search")
    words = _WORD.findall(key)
    if not words:
        raise UsageError("nothing to search for")
    # a word may be typed in part ('istanb'); a number is whole ('protocol no 1' is not 'no 12')
    match = " ".join(f'"{w}"' if w.isdigit() else f'"{w}"*' for w in words[:12])
    rows = db.rows(
        "SELECT t.id, t.title FROM treaties_fts f JOIN treaties t ON t.rowid = f.rowid "
        "WHERE treaties_fts MATCH ? ORDER BY rank, t.id LIMIT ?",
        (match, limit),
    )
    return [SearchHit(load_treaty(db, r["id"]), r["title"]) for r in rows]


def info(db: Database) -> InfoResult:
    meta = db.meta()
    counts = {
        t: db.rows(f"SELECT count(*) AS n FROM {t}")[0]["n"]
        for t in ("treaties", "states", "actions", "participants", "texts", "rules", "obligations")
    }
    if db.has_table("state_coverage"):  # a database of an older release has none
        counts["state_statements"] = db.rows("SELECT count(*) AS n FROM state_coverage")[0]["n"]
    sources = []
    for r in db.rows(
        "SELECT s.id, s.title, s.retrieved_on, s.covers_until, count(a.id) AS n FROM sources s "
        "LEFT JOIN actions a ON a.source_id = s.id WHERE s.kind = 'snapshot' "
        "GROUP BY s.id ORDER BY s.id"
    ):
        sources.append((r["id"], r["title"], r["retrieved_on"] or None, r["covers_until"] or None, r["n"]))
    for r in db.rows(
        "SELECT origin, count(*) AS n, count(DISTINCT source_id) AS s, max(date) AS last "
        "FROM actions WHERE origin NOT IN ('snapshot', 'untc-live') GROUP BY origin ORDER BY origin"
    ):
        sources.append(
            (f"curated/{r['origin']}", f"curated layer: {r['s']} source pages", None, r["last"], r["n"])
        )
    coverage = {
        r["coverage"]: r["n"]
        for r in db.rows("SELECT coverage, count(*) AS n FROM coverage GROUP BY coverage ORDER BY coverage")
    }
    by_family: dict[str, dict[str, int]] = {}
    for r in db.rows(
        "SELECT t.family, c.coverage, c.as_of, count(*) AS n FROM treaties t "
        "LEFT JOIN coverage c ON c.treaty_id = t.id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    ):
        kind = r["coverage"] or "none"
        label = f"{kind} as of {r['as_of']}" if kind in ("complete", "current") and r["as_of"] else kind
        by_family.setdefault(r["family"], {})
        by_family[r["family"]][label] = by_family[r["family"]].get(label, 0) + r["n"]
    return InfoResult(
        path=str(db.path),
        schema_version=meta.get("schema_version", "?"),
        data_as_of=meta.get("data_as_of"),
        built_from=meta.get("built_from"),
        counts=counts,
        sources=tuple(sources),
        coverage=coverage,
        by_family=by_family,
    )


def complete_names(db: Database, table: str, incomplete: str, limit: int = 30) -> list[str]:
    """Names for shell completion: aliases that start with what was typed."""
    key = normalise_text(incomplete)
    if table == "state":
        rows = db.rows(
            "SELECT DISTINCT s.common_name AS name FROM state_aliases a JOIN states s ON s.id = a.state_id "
            "WHERE a.alias >= ? AND a.alias < ? AND a.kind IN ('name', 'common_name') ORDER BY 1 LIMIT ?",
            (key, key + "\uffff", limit),
        )
    else:
        rows = db.rows(
            "SELECT DISTINCT alias AS name FROM treaty_aliases WHERE alias >= ? AND alias < ? "
            "AND kind NOT IN ('title', 'number') ORDER BY length(alias), alias LIMIT ?",
            (key, key + "\uffff", limit),
        )
    return [r["name"] for r in rows if r["name"]]
