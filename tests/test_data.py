"""Checks on the data itself: sources, dates, legal order, aliases."""

from __future__ import annotations

import csv
import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from treatycli.enums import CONSENT_KINDS

from .conftest import ROOT, SHIPPED_DB

CURATED = sorted(p for p in (ROOT / "data" / "sources" / "curated").glob("*.csv") if p.name.count(".") == 1)
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
CONSENT = {k.value for k in CONSENT_KINDS}


def rows() -> list[tuple[str, int, dict[str, str]]]:
    out: list[tuple[str, int, dict[str, str]]] = []
    for path in CURATED:
        with path.open(encoding="utf-8", newline="") as fh:
            out.extend((path.name, i, r) for i, r in enumerate(csv.DictReader(fh), start=2))
    return out


def test_there_is_a_curated_layer() -> None:
    assert len(rows()) > 400


@pytest.mark.parametrize("path", CURATED, ids=lambda p: p.name)
def test_every_row_has_a_source_and_valid_dates(path: Path) -> None:
    from datetime import date

    with path.open(encoding="utf-8", newline="") as fh:
        for line, r in enumerate(csv.DictReader(fh), start=2):
            assert r["source_url"].startswith(("http://", "https://")), (path.name, line)
            for field in ("date", "effective_on"):
                value = r[field]
                if value:
                    assert DATE.match(value), (path.name, line, value)
                    parts = [int(x) for x in value.split("-")] + [1, 1]
                    date(parts[0], parts[1], parts[2])
            precision = r["date_precision"]
            expected = {0: "unknown", 4: "year", 7: "month", 10: "day"}[len(r["date"])]
            assert precision == expected, (path.name, line, r["date"], precision)


def test_legal_order_per_state_and_treaty() -> None:
    with closing(sqlite3.connect(SHIPPED_DB)) as conn:
        acts = conn.execute(
            "SELECT treaty_id, state_id, kind, date, effective_on FROM actions "
            "WHERE confidence != 'unverified' ORDER BY treaty_id, state_id, date"
        ).fetchall()
    seen_consent: set[tuple[str, str]] = set()
    for treaty, state, kind, when, effective in acts:
        if kind in CONSENT:
            seen_consent.add((treaty, state))
        if effective and when and kind != "succession":  # a succession takes effect from its date, earlier
            assert effective >= when, (treaty, state, kind, when, effective)
        if kind == "ratification_revoked" and when:
            assert (treaty, state) in seen_consent, (treaty, state)


def test_every_curated_alias_resolves_to_one_treaty() -> None:
    from treatycli.text import normalise

    with (ROOT / "data" / "sources" / "treaty_aliases.csv").open(encoding="utf-8") as fh:
        pairs = [(r["alias"], r["treaty_id"]) for r in csv.DictReader(fh)]
    with closing(sqlite3.connect(SHIPPED_DB)) as conn:
        for alias, tid in pairs:
            ids = {
                r[0]
                for r in conn.execute(
                    "SELECT treaty_id FROM treaty_aliases WHERE alias = ?", (normalise(alias),)
                )
            }
            assert ids == {tid}, (alias, ids)


def test_curated_rows_and_snapshot_agree_or_note() -> None:
    """Where the curated layer gives a different consent date than the snapshot, its note says why."""
    with closing(sqlite3.connect(SHIPPED_DB)) as conn:
        diffs = conn.execute(
            "SELECT c.treaty_id, c.state_id, c.kind, c.date, s.date, c.note FROM actions c JOIN actions s "
            "ON s.treaty_id = c.treaty_id AND s.state_id = c.state_id AND s.kind = c.kind "
            "WHERE c.origin != 'snapshot' AND s.origin = 'snapshot' AND c.date != s.date "
            "AND c.kind IN ('ratification', 'accession', 'signature')"
        ).fetchall()
    for row in diffs:
        assert row[5], row


@pytest.mark.parametrize("on", ["1960-01-01", "1980-01-01", "2000-01-01", "2026-11-26"])
def test_every_council_of_europe_member_is_party_to_the_echr(on: str) -> None:
    """The Statute's members on a date (coe-001) and the ECHR's parties (coe-005) agree: no member is
    a definite non-party, except a founding member that took years to ratify (France, 1974) and a new
    member in its first years; today all 46 members are parties, and no party is a non-member."""
    from datetime import date, timedelta

    from treatycli.answers.parties import parties
    from treatycli.db import Database
    from treatycli.enums import Status

    day = date.fromisoformat(on)
    with Database(SHIPPED_DB) as db:
        members = {
            r.state.id: r for r in parties(db, "coe-001", day).rows if r.derivation.status is Status.PARTY
        }
        echr = {r.state.id: r.derivation.status for r in parties(db, "coe-005", day).rows}
    assert members, on
    late = {"FRA"} if on < "1974-05-03" else set()
    settling = {
        sid
        for sid, r in members.items()
        if r.derivation.since and date.fromisoformat(r.derivation.since) > day - timedelta(days=4 * 365)
    }
    negative = {sid for sid in members if echr.get(sid, Status.NOT_PARTY).negative}
    assert negative - late - settling == set(), on
    parties_on = {sid for sid, st in echr.items() if st is Status.PARTY}
    assert parties_on <= set(members), on
    if on == "2026-11-26":
        assert len(members) == 46 and parties_on == set(members)


NEVER_HOSTS = re.compile(
    r"(^|\.)test\.|-acc\.|(^|\.)acc\.|askwikinow|a2znews|hanna-ai|blogspot\.|(^|\.)medium\.com$|reddit\.com$|"
    r"quora\.com$|zxc\.wiki|alegsaonline|liquisearch|wikiwand|docslib|123dok|studocu|scribd|wikipedia\.org$"
)


def test_no_curated_fact_cites_a_test_mirror_or_a_content_farm() -> None:
    """DESIGN.md section 5: never a test mirror, an AI news site, a forum, a content farm or a wiki copy."""
    from urllib.parse import urlparse

    bad = []
    for path in sorted((ROOT / "data" / "sources" / "curated").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for line, r in enumerate(csv.DictReader(fh), start=2):
                host = urlparse(r.get("source_url") or "").hostname or ""
                if NEVER_HOSTS.search(host):
                    bad.append((path.name, line, host))
    assert bad == []
