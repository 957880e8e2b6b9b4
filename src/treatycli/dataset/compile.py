"""Compile ``data/sources/**`` into the bundled SQLite database.

Declared schemas, sorted inputs, one transaction, no clock: the same sources give the same
database content (``meta.built_from`` is a hash of every source file).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import sqlite_utils

from ..db import SCHEMA_VERSION
from ..models import ActionKind, DatePrecision
from ..text import normalise
from .records import read_csv

CURATED = "curated"
_KINDS = {k.value for k in ActionKind}
_PRECISIONS = {p.value for p in DatePrecision}
_CONFIDENCE = {"verified", "corroborated", "unverified"}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# who may join a closed treaty: members of an organisation (the states with acts under its founding
# treaty, or a listed group), or the named parties of a bilateral treaty; unlisted treaties are open
_ELIGIBILITY = {"coe_members", "oas_members", "american_states", "au_members", "named"}


class BuildError(Exception):
    """A source file holds something the build refuses to compile."""


def _read(path: Path) -> list[dict[str, str]]:
    rows = read_csv(path)
    for line, row in enumerate(rows, start=2):
        if None in row or None in row.values():
            raise BuildError(f"{path.name} line {line}: the row has more or fewer fields than the header")
    return [{k: (v or "").strip() for k, v in row.items()} for row in rows]


def _source_files(src: Path) -> list[Path]:
    return sorted(p for p in src.rglob("*") if p.is_file() and p.suffix in {".csv", ".toml", ".jsonl"})


def sources_hash(src: Path) -> str:
    h = hashlib.sha256()
    for path in _source_files(src):
        h.update(path.relative_to(src).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def url_source_id(url: str) -> str:
    return "url-" + hashlib.sha256(url.encode()).hexdigest()[:12]


def _create_schema(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("sources").create(
        {
            "id": str,
            "title": str,
            "url": str,
            "retrieved_on": str,
            "licence": str,
            "covers_until": str,
            "kind": str,
        },
        pk="id",
        not_null={"title"},
    )
    db.table("treaties").create(
        {
            "id": str,
            "title": str,
            "short_name": str,
            "series": str,
            "family": str,
            "depositary": str,
            "adopted_on": str,
            "adopted_place": str,
            "opened_on": str,
            "entry_into_force_on": str,
            "not_in_force_as_of": str,  # a source says the treaty itself was not in force on this date
            "not_in_force_source": str,
            "terminated_on": str,
            "subjects": str,
            "parent_id": str,
            "chapter": str,
            "status_url": str,
            "source_id": str,
            "aliases": str,
            "eligibility": str,
            "eligibility_members": str,
            "eligibility_note": str,
        },
        pk="id",
        not_null={"title", "family"},
    )
    db.table("treaty_aliases").create(
        {"alias": str, "treaty_id": str, "kind": str},
        pk=("alias", "treaty_id"),
        foreign_keys=[("treaty_id", "treaties", "id")],
    )
    db.table("states").create(
        {
            "id": str,
            "kind": str,
            "name": str,
            "common_name": str,
            "iso2": str,
            "m49": str,
            "dissolved_on": str,
            "source": str,
            "note": str,
        },
        pk="id",
        not_null={"name", "kind"},
    )
    db.table("eligibility_groups").create(
        {"group_name": str, "state_id": str, "source_id": str},
        pk=("group_name", "state_id"),
        foreign_keys=[("state_id", "states", "id")],
    )
    db.table("state_aliases").create(
        {"alias": str, "state_id": str, "kind": str},
        pk=("alias", "state_id"),
        foreign_keys=[("state_id", "states", "id")],
    )
    db.table("successions").create(
        {
            "predecessor_id": str,
            "successor_id": str,
            "continuator": int,
            "succession_on": str,
            "source_id": str,
        },
        pk=("predecessor_id", "successor_id"),
        foreign_keys=[("predecessor_id", "states", "id"), ("successor_id", "states", "id")],
    )
    db.table("participants").create(
        {"treaty_id": str, "state_id": str, "source_id": str, "row": int, "name": str},
        pk=("treaty_id", "source_id", "row"),
        foreign_keys=[("treaty_id", "treaties", "id"), ("state_id", "states", "id")],
    )
    db.table("actions").create(
        {
            "id": int,
            "treaty_id": str,
            "state_id": str,
            "kind": str,
            "date": str,
            "date_precision": str,
            "effective_on": str,
            "effective_basis": str,
            "note": str,
            "source_id": str,
            "confidence": str,
            "origin": str,
            "contested": str,
            "void": int,
        },
        pk="id",
        not_null={"treaty_id", "state_id", "kind", "date_precision", "source_id"},
        foreign_keys=[
            ("treaty_id", "treaties", "id"),
            ("state_id", "states", "id"),
            ("source_id", "sources", "id"),
        ],
    )
    db.table("texts").create(
        {
            "id": int,
            "treaty_id": str,
            "state_id": str,
            "kind": str,
            "section": str,
            "made_upon": str,
            "text": str,
            "source_id": str,
        },
        pk="id",
        foreign_keys=[("treaty_id", "treaties", "id"), ("state_id", "states", "id")],
    )
    db.table("procedures").create(
        {
            "treaty_id": str,
            "state_id": str,
            "procedure": str,
            "article": str,
            "status": str,
            "date": str,
            "evidence": str,
            "source_id": str,
        },
        pk=("treaty_id", "state_id", "procedure", "article", "status"),
        foreign_keys=[("treaty_id", "treaties", "id"), ("state_id", "states", "id")],
    )
    db.table("rules").create(
        {
            "treaty_id": str,
            "eif_kind": str,
            "eif_n": int,
            "eif_article": str,
            "eif_text": str,
            "den_kind": str,
            "den_n": int,
            "den_article": str,
            "den_text": str,
            "notice": str,
            "later_date_allowed": int,
            "armed_conflict_suspends": int,
            "min_membership_years": int,
            "first_period_years": int,
            "period_years": int,
            "notice_months_before_end": int,
            "periods_from_party": int,
            "survival": str,
            "also_ends": str,
            "via_parent": str,
            "none_reason": str,
            "none_authority": str,
            "monitoring_body": str,
            "monitoring": str,
            "monitoring_modes": str,
            "ends": str,
            "remains": str,
            "sources": str,
            "unverified": str,
        },
        pk="treaty_id",
        foreign_keys=[("treaty_id", "treaties", "id")],
    )
    db.table("obligations").create(
        {"treaty_id": str, "ordinal": int, "article": str, "summary": str},
        pk=("treaty_id", "ordinal"),
        foreign_keys=[("treaty_id", "treaties", "id")],
    )
    db.table("coverage").create(
        {"treaty_id": str, "coverage": str, "as_of": str, "source_id": str, "note": str},
        pk="treaty_id",
        foreign_keys=[("treaty_id", "treaties", "id")],
    )
    db.table("state_coverage").create(
        {"treaty_id": str, "state_id": str, "as_of": str, "source_id": str, "confidence": str, "note": str},
        pk=("treaty_id", "state_id"),
        foreign_keys=[("treaty_id", "treaties", "id"), ("state_id", "states", "id")],
    )


_RULE_KINDS = {
    # rules.toml vocabulary -> engine RuleKind values
    "on_deposit": "on_deposit",
    "days_after_deposit": "days_after",
    "months_after_deposit": "months_after",
    "days_after_receipt": "days_after",
    "months_after_receipt": "months_after",
    "first_of_month_after_months": "first_of_month_after_months",
    "first_of_month_after_days": "first_of_month_after_days",
    "fixed_periods": "fixed_periods",
    "end_of_year_after_years": "end_of_year_after_years",
    "notice_before_intended_date": "notice_before_intended_date",
    "via_parent": "via_parent",
    "none": "none",
    "unknown": "unknown",
}


def _rule_kind(value: Any, where: str) -> str:
    kind = _RULE_KINDS.get(str(value or "unknown"))
    if kind is None:
        raise BuildError(f"{where}: unknown rule kind {value!r}")
    return kind


def load_rules(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return list(data.get("treaty", []))


def _all_rules(src: Path) -> list[dict[str, Any]]:
    """``rules.toml`` and every ``curated/<family>.rules.toml``; a treaty may have one entry only."""
    out: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for path in [src / "rules.toml", *sorted((src / CURATED).glob("*.rules.toml"))]:
        for t in load_rules(path):
            if t["id"] in seen:
                raise BuildError(f"{path.name}: rules for {t['id']} are already given in {seen[t['id']]}")
            seen[t["id"]] = path.name
            out.append(t)
    return out


def record_dirs(src: Path) -> list[Path]:
    """Bulk sources in the records format: ``<dir>/source.csv``, ``treaties.csv``, ``actions.csv``,
    ``coverage.csv`` (written by ``treatycli.dataset.import_bulk``)."""
    return sorted(d for d in src.iterdir() if d.is_dir() and (d / "source.csv").exists())


class _Builder:
    def __init__(self, src: Path) -> None:
        self.src = src
        self.treaties: dict[str, dict[str, Any]] = {}
        self.aliases: set[tuple[str, str, str]] = set()
        self.sources: dict[str, dict[str, str]] = {}
        self.state_alias: dict[str, set[str]] = defaultdict(set)

    # --- treaties ---------------------------------------------------------------------------
    def treaty(self, tid: str, **fields: Any) -> dict[str, Any]:
        row = self.treaties.setdefault(tid, {"id": tid})
        for key, value in fields.items():
            if value not in (None, "") and not row.get(key):
                row[key] = value
        return row

    def alias(self, text: str, tid: str, kind: str) -> None:
        key = normalise(text)
        if key:
            self.aliases.add((key, tid, kind))

    def load_treaties(self) -> None:
        for r in _read(self.src / "untc" / "treaties.csv"):
            self.treaty(
                r["id"],
                title=r["title"],
                series=f"MTDSG {r['mtdsg']}",
                family="un",
                depositary="Secretary-General of the United Nations",
                adopted_on=r["adopted_on"],
                adopted_place=r["adopted_place"],
                chapter=f"{r['chapter']}. {r['chapter_name']}",
                status_url=r["status_url"],
                source_id=r["source"],
            )
            self.alias(r["mtdsg"], r["id"], "mtdsg")
            self.alias("mtdsg " + r["mtdsg"], r["id"], "mtdsg")
        for r in _read(self.src / "coe" / "treaties.csv"):
            index = self.sources.get(r["source"], {})
            # the Treaty Office's index gives every treaty in force its date: none, not in force
            not_in_force = not r["entry_into_force_on"] and index.get("covers_until")
            self.treaty(
                r["id"],
                title=r["title"],
                short_name=r["common_name"],
                series=r["series"],
                family="coe",
                depositary="Secretary General of the Council of Europe",
                opened_on=r["opened_on"],
                entry_into_force_on=r["entry_into_force_on"],
                not_in_force_as_of=index["covers_until"] if not_in_force else "",
                not_in_force_source=index["title"] if not_in_force else "",
                parent_id=r["parent_id"],
                status_url=r["status_url"],
                source_id=r["source"],
            )
            number = r["number"]
            for n in {number, number.lstrip("0")}:
                for prefix in ("", "ets ", "cets ", "ste ", "coe "):
                    self.alias(prefix + n, r["id"], "number")
            if r["common_name"]:
                self.alias(r["common_name"], r["id"], "common_name")
        for folder in record_dirs(self.src):
            for r in _read(folder / "treaties.csv"):
                if r["id"] in self.treaties:
                    raise BuildError(f"{folder.name}/treaties.csv: {r['id']} is already defined")
                self.treaty(
                    r["id"],
                    title=r["title"],
                    short_name=r["short_name"],
                    series=r["series"],
                    family=folder.name,
                    depositary=r["depositary"],
                    adopted_on=r["adopted_on"],
                    adopted_place=r["adopted_place"],
                    opened_on=r["opened_on"],
                    entry_into_force_on=r["entry_into_force_on"],
                    not_in_force_as_of=r.get("not_in_force_as_of", ""),
                    not_in_force_source=self.sources.get(r["source_id"], {}).get("title", "")
                    if r.get("not_in_force_as_of")
                    else "",
                    parent_id=r["parent_id"],
                    status_url=r["status_url"],
                    source_id=r["source_id"],
                )
                for a in filter(None, r["aliases"].split("|")):
                    self.alias(a, r["id"], folder.name)
        for t in _all_rules(self.src):
            tid = t["id"]
            family = "un" if tid.startswith("un-") else "coe" if tid.startswith("coe-") else "other"
            self.treaty(
                tid,
                title=t.get("title"),
                short_name=t.get("short_name"),
                family=family,
                depositary=t.get("depositary"),
                adopted_on=t.get("adopted_on"),
                adopted_place=t.get("adopted_place"),
                opened_on=t.get("opened_on"),
                entry_into_force_on=t.get("entry_into_force_on"),
                subjects=" ".join(t.get("subjects", [])),
                source_id="reference-2026-11",
            )
            for a in [t.get("short_name") or "", *t.get("aliases", [])]:
                self.alias(a, tid, "reference")
        for path in sorted((self.src / CURATED).glob("*.treaties.csv")):
            for r in _read(path):
                field, value = r["field"], r["value"]
                row = self.treaty(r["treaty"], family=_family(r["treaty"]))
                self.url_source(r["source_url"], path.name)
                if field == "alias":
                    self.alias(value, r["treaty"], "curated")
                    continue
                if field not in {
                    "series",
                    "title",
                    "short_name",
                    "adopted_on",
                    "adopted_place",
                    "opened_on",
                    "entry_into_force_on",
                    "terminated_on",
                    "depositary",
                    "not_in_force_as_of",
                }:
                    raise BuildError(f"{path.name}: unknown treaty field {field!r}")
                if field == "not_in_force_as_of":
                    if not _ISO_DAY.fullmatch(value):
                        raise BuildError(f"{path.name}: not_in_force_as_of {value!r} is not YYYY-MM-DD")
                    # the page that says the treaty was not in force on that date (a depositary's, first)
                    row["not_in_force_source"] = r["source_url"]
                row[field] = value  # a curated, sourced fact wins over the bulk sources
        for r in _read(self.src / "treaty_aliases.csv"):
            if r["treaty_id"] not in self.treaties:
                raise BuildError(f"treaty_aliases.csv: {r['alias']!r} names unknown {r['treaty_id']}")
            self.alias(r["alias"], r["treaty_id"], "curated")
        for tid, row in self.treaties.items():
            if tid.startswith("un-") and not row.get("series"):
                head, *rest = tid[3:].split("-")
                row["series"] = "MTDSG " + "-".join([head.upper(), *rest])
            if not row.get("title"):
                raise BuildError(f"treaty {tid} has no title in any source")
            row.setdefault("family", _family(tid))
            self.alias(tid, tid, "id")
            self.alias(row["title"], tid, "title")
            if row.get("short_name"):
                self.alias(row["short_name"], tid, "short_name")
        grouped: dict[str, set[str]] = defaultdict(set)
        for key, tid, _ in self.aliases:
            grouped[tid].add(key)
        for tid, keys in grouped.items():
            self.treaties[tid]["aliases"] = " | ".join(sorted(keys))  # searched by full-text search

    # --- sources ------------------------------------------------------------------------------
    def url_source(self, url: str, origin: str) -> str:
        if not url:
            raise BuildError(f"{origin}: a row without a source URL")
        sid = url_source_id(url)
        self.sources.setdefault(
            sid,
            {
                "id": sid,
                "title": urlparse(url).netloc or url,
                "url": url,
                "retrieved_on": "",
                "licence": "",
                "covers_until": "",
                "kind": "curated",
            },
        )
        return sid


def _live_source_id(page: dict[str, str]) -> str:
    """One source per recorded UN status page: its own URL, its own date."""
    return f"untc-{page['mtdsg'].lower()}-{page['status_as_at']}"


def _family(tid: str) -> str:
    return "un" if tid.startswith("un-") else "coe" if tid.startswith("coe-") else "other"


def build_database(src: Path, out: Path) -> dict[str, int]:
    """Write a fresh database at ``out`` from the text sources in ``src``."""
    b = _Builder(src)
    for r in _read(src / "sources.csv"):
        b.sources[r["id"]] = {**r, "kind": "snapshot"}
    # Bulk sources in the records format (WIPO Lex, IEADB...): their sources first, which their
    # treaties cite; their rows, already keyed by our state ids, below.
    for folder in record_dirs(src):
        for r in _read(folder / "source.csv"):
            b.sources[r["id"]] = {**r, "kind": "snapshot"}
    b.load_treaties()
    states = _read(src / "states.csv")
    state_ids = {s["id"] for s in states}
    state_aliases = _read(src / "state_aliases.csv")
    for a in state_aliases:
        b.state_alias[a["alias"]].add(a["state_id"])

    def state_of(name: str, where: str) -> str:
        ids = b.state_alias.get(normalise(name), set())
        if len(ids) != 1:
            raise BuildError(f"{where}: participant {name!r} maps to {sorted(ids) or 'nothing'}")
        return next(iter(ids))

    actions: list[dict[str, Any]] = []
    participants: list[dict[str, Any]] = []
    seen_rows: set[tuple[str, str]] = set()
    untc_rows = _read(src / "untc" / "actions.csv")
    # a 2015 page whose whole table has no date (I-4, the declarations under Art. 36(2) of the Court's
    # Statute) lists who took part on the day it was read: each is recorded as an undated consent, and
    # the list denies no one (a declaration withdrawn before 2015 is simply absent from it)
    dated_tables = {r["treaty"] for r in untc_rows if r["kind"]}
    undated_tables = {r["treaty"] for r in untc_rows} - dated_tables
    for r in untc_rows:
        sid = state_of(r["participant"], "untc/actions.csv")
        if (r["treaty"], r["row"]) not in seen_rows:
            seen_rows.add((r["treaty"], r["row"]))
            participants.append(
                {
                    "treaty_id": r["treaty"],
                    "state_id": sid,
                    "source_id": "untc-mtdsg-2015",
                    "row": int(r["row"]),
                    "name": r["participant"],
                }
            )
        if r["treaty"] in undated_tables:
            actions.append(
                _action(
                    r["treaty"],
                    sid,
                    "consent",
                    "",
                    "unknown",
                    "",
                    "",
                    "listed on the UN's 2015 status page, which gives no date",
                    "untc-mtdsg-2015",
                    "verified",
                    "snapshot",
                )
            )
        elif r["kind"]:
            actions.append(
                _action(
                    r["treaty"],
                    sid,
                    r["kind"],
                    r["date"],
                    "day",
                    "",
                    "",
                    r["raw"],
                    "untc-mtdsg-2015",
                    "verified",
                    "snapshot",
                )
            )
    for folder in record_dirs(src):
        for line, r in enumerate(_read(folder / "actions.csv"), start=2):
            where = f"{folder.name}/actions.csv line {line}"
            _check_curated({**r, "source_url": "https://"}, where, state_ids, b.treaties)
            if r["source_id"] not in b.sources:
                raise BuildError(f"{where}: unknown source {r['source_id']!r}")
            actions.append(_row_action(r, r["source_id"], folder.name))
    # The depositary's current pages supersede the 2015 snapshot for their treaties.
    live_pages = _read(src / "untc_live" / "pages.csv") if (src / "untc_live").is_dir() else []
    live_treaties = {p["treaty"] for p in live_pages}
    for p in live_pages:
        sid = _live_source_id(p)
        b.sources.setdefault(
            sid,
            {
                "id": sid,
                "title": f"UN Treaty Collection, status of MTDSG {p['mtdsg']}, as at {p['status_as_at']}",
                "url": p.get("url") or "",
                "retrieved_on": p["status_as_at"],
                "licence": "facts are the UN's",
                "covers_until": p["status_as_at"],
                "kind": "snapshot",
            },
        )
        b.treaty(p["treaty"], entry_into_force_on=p["entry_into_force_on"])
        if p.get("not_in_force") == "yes":  # "Not yet in force" on the depositary's page
            said = {"not_in_force_as_of": p["status_as_at"], "not_in_force_source": b.sources[sid]["title"]}
            b.treaty(p["treaty"], **said)
    if live_pages:
        actions = [a for a in actions if a["treaty_id"] not in live_treaties]
        page_source = {p["treaty"]: _live_source_id(p) for p in live_pages}
        for r in _read(src / "untc_live" / "actions.csv"):
            sid = state_of(r["participant"], "untc_live/actions.csv")
            actions.append(
                _action(
                    r["treaty"],
                    sid,
                    r["kind"],
                    r["date"],
                    "day",
                    r["effective_on"],
                    "recorded" if r["effective_on"] else "",
                    r["note"],
                    page_source[r["treaty"]],
                    "verified",
                    "untc-live",
                )
            )
    snapshot_keys = {(a["treaty_id"], a["state_id"], a["kind"], a["date"]) for a in actions}
    curated: list[dict[str, Any]] = []
    for path in sorted((src / CURATED).glob("*.csv")):
        if path.name.count(".") > 1:
            continue  # <family>.coverage.csv and <family>.treaties.csv
        for line, r in enumerate(_read(path), start=2):
            where = f"{path.name} line {line}"
            _check_curated(r, where, state_ids, b.treaties)
            key = (r["treaty"], r["state"], r["kind"], r["date"])
            curated.append(_row_action(r, b.url_source(r["source_url"], where), path.stem))
            snapshot_keys.discard(key)
    # A depositary's current table fetched by ``treaty update`` (a ``*_live`` records folder)
    # supersedes every other row for its treaties, as the UN pages do.
    live_records = {a["treaty_id"] for a in actions if a["origin"].endswith("_live")}
    curated = [a for a in curated if a["treaty_id"] not in live_records]
    actions = [a for a in actions if a["treaty_id"] not in live_records or a["origin"].endswith("_live")]
    live_keys = {
        (a["treaty_id"], a["state_id"], a["kind"], a["date"]) for a in actions if a["origin"] == "untc-live"
    }
    curated = [a for a in curated if (a["treaty_id"], a["state_id"], a["kind"], a["date"]) not in live_keys]
    curated_keys = {(a["treaty_id"], a["state_id"], a["kind"], a["date"]) for a in curated}
    actions = [
        a for a in actions if (a["treaty_id"], a["state_id"], a["kind"], a["date"]) not in curated_keys
    ]
    actions.extend(curated)
    actions.sort(
        key=lambda a: (
            a["treaty_id"],
            a["state_id"],
            a["date"] or "9999",
            a["kind"],
            a["origin"],
            a["source_id"],
            a["note"],
        )
    )
    for i, act in enumerate(actions, start=1):
        act["id"] = i

    # Reservation and declaration texts: the depositary's current pages replace the 2015 texts.
    texts: list[dict[str, Any]] = []
    from .untc_live import TEXTS_FILE, read_jsonl

    texts_path = src / "untc_live" / TEXTS_FILE
    live_texts = read_jsonl(texts_path) if texts_path.exists() else []
    pages_by_treaty = {p["treaty"]: p for p in live_pages}
    for r in _read(src / "untc" / "texts.csv"):
        if r["treaty"] in pages_by_treaty:
            continue
        texts.append(
            {
                "treaty_id": r["treaty"],
                "state_id": state_of(r["participant"], "untc/texts.csv"),
                "kind": "reservation_or_declaration",
                "section": None,
                "made_upon": None,
                "text": r["text"],
                "source_id": "untc-mtdsg-2015",
            }
        )
    for r in live_texts:
        if r["treaty"] not in pages_by_treaty:
            raise BuildError(f"untc_live/{TEXTS_FILE}: {r['treaty']} has no page in untc_live/pages.csv")
        texts.append(
            {
                "treaty_id": r["treaty"],
                "state_id": state_of(r["participant"], f"untc_live/{TEXTS_FILE}"),
                "kind": "reservation_or_declaration",
                "section": r["section"] or None,
                "made_upon": r["made_upon"] or None,
                "text": r["text"],
                "source_id": _live_source_id(pages_by_treaty[r["treaty"]]),
            }
        )
    procedures = []
    path = src / "untc_live" / "procedures.csv"
    for r in _read(path) if path.exists() else []:
        if r["treaty"] not in pages_by_treaty:
            raise BuildError(f"untc_live/procedures.csv: {r['treaty']} has no page in untc_live/pages.csv")
        procedures.append(
            {
                "treaty_id": r["treaty"],
                "state_id": state_of(r["participant"], "untc_live/procedures.csv"),
                "procedure": r["procedure"],
                "article": r["article"],
                "status": r["status"],
                "date": r["date"] or None,
                "evidence": r["evidence"],
                "source_id": _live_source_id(pages_by_treaty[r["treaty"]]),
            }
        )
    for i, t in enumerate(texts, start=1):
        t["id"] = i

    coverage = _coverage(src, b, actions, {p["treaty_id"] for p in participants}, undated_tables)
    for row in coverage:
        page = next((p for p in live_pages if p["treaty"] == row["treaty_id"]), None)
        if page is not None:
            row.update(
                {
                    "coverage": "complete",
                    "as_of": page["status_as_at"],
                    "source_id": _live_source_id(page),
                    "note": "the depositary's full participant table on its status page",
                }
            )
    state_coverage = _state_coverage(src, b, state_ids)
    rules, obligations = _rules(src, b)

    groups = []
    for line, r in enumerate(_read(src / "eligibility_groups.csv"), start=2):
        if r["state"] not in state_ids:
            raise BuildError(f"eligibility_groups.csv line {line}: unknown state {r['state']!r}")
        groups.append(
            {
                "group_name": r["group"],
                "state_id": r["state"],
                "source_id": b.url_source(r["source_url"], "eligibility_groups.csv"),
            }
        )
    for line, r in enumerate(_read(src / "eligibility.csv"), start=2):
        where = f"eligibility.csv line {line}"
        if r["treaty"] not in b.treaties:
            raise BuildError(f"{where}: unknown treaty {r['treaty']!r}")
        if r["who"] not in _ELIGIBILITY:
            raise BuildError(f"{where}: unknown eligibility {r['who']!r}")
        unknown = [m for m in filter(None, r["members"].split("|")) if m not in state_ids]
        if unknown or (r["who"] == "named" and not r["members"]):
            # for a group, members are those admitted besides it (the European Union and the ECHR)
            raise BuildError(f"{where}: named members must be given, and be our states ({unknown})")
        b.url_source(r["source_url"], where)
        b.treaties[r["treaty"]].update(
            eligibility=r["who"], eligibility_members=r["members"] or None, eligibility_note=r["note"]
        )
    succession_on = {
        (r["predecessor"], r["successor"]): (
            r["succession_on"],
            b.url_source(r["source_url"], "successions.csv"),
        )
        for r in _read(src / "successions.csv")
    }
    tmp = out.with_name(out.name + ".tmp")
    if tmp.exists():
        tmp.unlink()
    db = sqlite_utils.Database(tmp)
    with db.conn:
        _create_schema(db)
        meta = {
            "schema_version": SCHEMA_VERSION,
            "built_from": sources_hash(src),
            "data_as_of": max(
                [s["covers_until"] for s in b.sources.values() if s["covers_until"]]
                + [a["date"] for a in curated if a["date"] and a["confidence"] != "unverified"]
            ),
            "curated_as_of": max(a["date"] for a in curated if a["date"]) if curated else "",
        }
        db.table("meta").insert_all([{"key": k, "value": v} for k, v in sorted(meta.items())])
        db.table("sources").insert_all(sorted(b.sources.values(), key=lambda s: s["id"]))
        db.table("treaties").insert_all(sorted(b.treaties.values(), key=lambda t: t["id"]))
        kinds: dict[tuple[str, str], str] = {}
        for alias_key, alias_tid, alias_kind in sorted(b.aliases):
            kinds.setdefault((alias_key, alias_tid), alias_kind)  # one row per alias and treaty
        db.table("treaty_aliases").insert_all(
            {"alias": a, "treaty_id": t, "kind": k} for (a, t), k in sorted(kinds.items())
        )
        db.table("states").insert_all(
            {
                k: s[k]
                for k in (
                    "id",
                    "kind",
                    "name",
                    "common_name",
                    "iso2",
                    "m49",
                    "dissolved_on",
                    "source",
                    "note",
                )
            }
            for s in states
        )
        db.table("state_aliases").insert_all(state_aliases)
        db.table("successions").insert_all(
            {
                "predecessor_id": s["id"],
                "successor_id": succ,
                "continuator": int(i == 0 and s["id"] in {"SUN", "SCG"}),
                "succession_on": succession_on.get((s["id"], succ), ("", ""))[0] or None,
                "source_id": succession_on.get((s["id"], succ), ("", ""))[1] or None,
            }
            for s in states
            for i, succ in enumerate(filter(None, s["successors"].split("|")))
        )
        db.table("participants").insert_all(participants)
        db.table("eligibility_groups").insert_all(
            sorted(groups, key=lambda g: (g["group_name"], g["state_id"]))
        )
        db.table("actions").insert_all(actions)
        db.table("texts").insert_all(texts)
        db.table("procedures").insert_all(
            sorted(
                procedures,
                key=lambda r: (r["treaty_id"], r["state_id"], r["procedure"], r["article"], r["status"]),
            )
        )
        db.table("rules").insert_all(rules)
        db.table("obligations").insert_all(obligations)
        db.table("coverage").insert_all(coverage)
        db.table("state_coverage").insert_all(state_coverage)
        db.table("actions").create_index(["treaty_id", "state_id"])
        db.table("actions").create_index(["state_id", "treaty_id"])
        db.table("actions").create_index(["date"])
        db.table("treaty_aliases").create_index(["treaty_id"])
        db.table("state_aliases").create_index(["state_id"])
        db.table("texts").create_index(["treaty_id", "state_id"])
        db.table("participants").create_index(["treaty_id", "state_id"])
    db.table("treaties").enable_fts(["title", "short_name", "aliases"], create_triggers=False)
    db.vacuum()
    db.close()
    tmp.replace(out)  # a failed build never leaves a half-written database behind
    built = sqlite_utils.Database(out)
    try:
        return {
            t: built.table(t).count
            for t in ("treaties", "states", "actions", "participants", "texts", "rules", "coverage")
        }
    finally:
        built.close()


def _action(
    treaty: str,
    state: str,
    kind: str,
    date: str,
    precision: str,
    effective_on: str,
    basis: str,
    note: str,
    source_id: str,
    confidence: str,
    origin: str,
    contested: str = "",
    void: bool = False,
) -> dict[str, Any]:
    return {
        "treaty_id": treaty,
        "state_id": state,
        "kind": kind,
        "date": date or None,
        "date_precision": precision,
        "effective_on": effective_on or None,
        "effective_basis": basis or None,
        "note": note or None,
        "source_id": source_id,
        "confidence": confidence,
        "origin": origin,
        "contested": contested or None,
        "void": int(void),
    }


def _row_action(r: dict[str, str], source_id: str, origin: str) -> dict[str, Any]:
    """An action from a row in the records format (a bulk source's ``actions.csv`` or a curated file):
    a recorded effective date is the source's; ``contested`` and ``void`` only curated files carry."""
    return _action(
        r["treaty"],
        r["state"],
        r["kind"],
        r["date"],
        r["date_precision"],
        r["effective_on"],
        "recorded" if r["effective_on"] else "",
        r["note"],
        source_id,
        r["confidence"],
        origin,
        r.get("contested", ""),
        r.get("void", "") == "1",
    )


def _check_curated(
    r: dict[str, str], where: str, states: set[str], treaties: dict[str, dict[str, Any]]
) -> None:
    problems = []
    if r["state"] not in states:
        problems.append(f"unknown state {r['state']!r}")
    if r["treaty"] not in treaties:
        problems.append(f"unknown treaty {r['treaty']!r}")
    if r["kind"] not in _KINDS:
        problems.append(f"unknown kind {r['kind']!r}")
    if r["date_precision"] not in _PRECISIONS:
        problems.append(f"unknown date precision {r['date_precision']!r}")
    if not r["source_url"].startswith(("http://", "https://")):
        problems.append("no source URL")
    if r["confidence"] not in _CONFIDENCE:
        problems.append(f"unknown confidence {r['confidence']!r}")
    if problems:
        raise BuildError(f"{where}: {'; '.join(problems)}")


def _coverage(
    src: Path, b: _Builder, actions: list[dict[str, Any]], tabled: set[str], undated: set[str]
) -> list[dict[str, Any]]:
    """Each treaty's list and how far it reaches. ``tabled``: the UN treaties whose 2015 page had a
    participant table; a page without one (an agreement no longer in force, the Statute of the Court)
    denies nothing. ``undated``: those whose table has no date at all: it names who took part on the
    day it was read, and denies no one before."""
    rows: dict[str, dict[str, Any]] = {}
    snapshot = {a["treaty_id"] for a in actions if a["origin"] == "snapshot"}
    for tid in sorted(b.treaties):
        if tid in undated:
            rows[tid] = {
                "treaty_id": tid,
                "coverage": "partial",
                "as_of": "2015-03-12",
                "source_id": "untc-mtdsg-2015",
                "note": "the UN's 2015 page names the participants of that day without dates; "
                "one that left before then is not on it",
            }
        elif tid in snapshot or tid in tabled:
            rows[tid] = {
                "treaty_id": tid,
                "coverage": "complete",
                "as_of": "2015-03-12",
                "source_id": "untc-mtdsg-2015",
                "note": "the depositary's full participant table as of the snapshot",
            }
        else:
            untabled = b.treaties[tid].get("source_id") == "untc-mtdsg-2015"
            rows[tid] = {
                "treaty_id": tid,
                "coverage": "none",
                "as_of": None,
                "source_id": None,
                "note": "the UN's 2015 status page for it has no participant table: no participant rows"
                if untabled
                else "metadata only: no participant rows",
            }
    for folder in record_dirs(src):
        for r in _read(folder / "coverage.csv"):
            if r["treaty"] not in b.treaties:
                raise BuildError(f"{folder.name}/coverage.csv: unknown treaty {r['treaty']!r}")
            if rows[r["treaty"]]["coverage"] == "complete" or folder.name.endswith("_live"):
                continue  # a depositary's full table is not replaced by a bulk secondary source
            rows[r["treaty"]] = _coverage_row(r, r["source_id"])
    for path in sorted((src / CURATED).glob("*.coverage.csv")):
        for r in _read(path):
            tid = r["treaty"]
            if tid not in b.treaties:
                raise BuildError(f"{path.name}: unknown treaty {tid!r}")
            current = rows[tid]
            if current["coverage"] == "complete" and r["coverage"] == "partial":
                current["note"] += f"; curated rows after it ({path.stem}, to {r['as_of']})"
                continue
            rows[tid] = _coverage_row(r, b.url_source(r["source_url"], path.name) if r["source_url"] else "")
    for folder in record_dirs(src):
        if folder.name.endswith("_live"):  # a table fetched today from the depositary wins
            for r in _read(folder / "coverage.csv"):
                rows[r["treaty"]] = _coverage_row(r, r["source_id"])
    return list(rows.values())


def _state_coverage(src: Path, b: _Builder, state_ids: set[str]) -> list[dict[str, Any]]:
    """``<family>.state_coverage.csv``: a source that states one state's whole standing toward a treaty on
    a date (the state has not signed it, or has only signed it). It makes that state's rows complete up to
    that date, as a full participant list would."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted((src / CURATED).glob("*.state_coverage.csv")):
        for line, r in enumerate(_read(path), start=2):
            where = f"{path.name} line {line}"
            problems = []
            if r["treaty"] not in b.treaties:
                problems.append(f"unknown treaty {r['treaty']!r}")
            if r["state"] not in state_ids:
                problems.append(f"unknown state {r['state']!r}")
            if not _ISO_DAY.fullmatch(r["as_of"]):
                problems.append(f"as_of {r['as_of']!r} is not YYYY-MM-DD")
            if r["confidence"] not in ("verified", "corroborated"):
                problems.append("confidence must be verified or corroborated")
            if not r["source_url"].startswith(("http://", "https://")):
                problems.append("no source URL")
            key = (r["treaty"], r["state"])
            if key in rows:
                problems.append("a second row for this treaty and state")
            if problems:
                raise BuildError(f"{where}: {'; '.join(problems)}")
            rows[key] = {
                "treaty_id": r["treaty"],
                "state_id": r["state"],
                "as_of": r["as_of"],
                "source_id": b.url_source(r["source_url"], where),
                "confidence": r["confidence"],
                "note": r["note"],
            }
    return [rows[k] for k in sorted(rows)]


def _coverage_row(r: dict[str, str], source_id: str) -> dict[str, Any]:
    return {
        "treaty_id": r["treaty"],
        "coverage": r["coverage"],
        "as_of": r["as_of"] or None,
        "source_id": source_id or None,
        "note": r["note"],
    }


def _rules(src: Path, b: _Builder) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rules, obligations = [], []
    for t in _all_rules(src):
        tid = t["id"]
        eif = t.get("entry_into_force_rule", {})
        den = t.get("denunciation", {})
        where = f"rules.toml {tid}"
        rules.append(
            {
                "treaty_id": tid,
                "eif_kind": _rule_kind(eif.get("kind"), where),
                "eif_n": eif.get("n", 0),
                "eif_article": eif.get("article"),
                "eif_text": eif.get("text"),
                "den_kind": _rule_kind(den.get("kind"), where),
                "den_n": den.get("n", 0),
                "den_article": den.get("article"),
                "den_text": den.get("rule_text"),
                "notice": den.get("notice"),
                "later_date_allowed": int(bool(den.get("later_date_allowed"))),
                "armed_conflict_suspends": int(bool(den.get("armed_conflict_suspends"))),
                "min_membership_years": den.get("min_membership_years", 0),
                "first_period_years": den.get("first_period_years", 0),
                "period_years": den.get("period_years", 0),
                "notice_months_before_end": den.get("notice_months_before_end", 0),
                "periods_from_party": int(den.get("periods_from") == "party"),
                "survival": den.get("survival"),
                "also_ends": " ".join(den.get("also_ends", [])),
                "via_parent": den.get("via_parent"),
                "none_reason": den.get("none_reason"),
                "none_authority": den.get("none_authority"),
                "monitoring_body": t.get("monitoring_body"),
                "monitoring": t.get("monitoring"),
                "monitoring_modes": " ".join(t.get("monitoring_modes", [])),
                "ends": t.get("ends"),
                "remains": t.get("remains"),
                "sources": "\n".join(t.get("sources", [])),
                "unverified": "\n".join(t.get("unverified", [])),
            }
        )
        for i, o in enumerate(t.get("obligations", []), start=1):
            obligations.append(
                {
                    "treaty_id": tid,
                    "ordinal": i,
                    "article": str(o.get("article", "")),
                    "summary": o["summary"],
                }
            )
    return rules, obligations


def iter_dump(path: Path) -> Iterator[str]:
    """The database's content as SQL lines, for comparing two builds."""
    db = sqlite_utils.Database(path)
    yield from db.conn.iterdump()
    db.close()
