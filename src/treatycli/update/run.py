"""``treaty update``: fetch the depositaries' current tables, validate, write a new database beside
the old one and swap it in atomically. Any failure leaves the existing database untouched."""

from __future__ import annotations

import os
import shutil
import sqlite3
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..db import SCHEMA_VERSION, Database
from ..errors import UpdateError
from ..sources.untc_page import parse_status_page
from ..text import normalise
from .fetch import Fetcher

UNTC_BASE = "https://treaties.un.org"


@dataclass(frozen=True, slots=True)
class Change:
    treaty: str
    state: str
    what: str  # "new action" | "removed action" | "status"
    detail: str


@dataclass(frozen=True, slots=True)
class UpdateResult:
    target: str
    written: bool
    treaties: tuple[str, ...]
    changes: tuple[Change, ...]
    as_of: tuple[tuple[str, str], ...]


def default_treaties(db: Database, source: str = "untc") -> list[str]:
    """The treaties we hold rules for (the ones users ask about) that this depositary keeps."""
    prefix = {"untc": "un-%", "coe": "coe-%"}.get(source, "")
    rows = db.rows("SELECT treaty_id FROM rules WHERE treaty_id LIKE ? ORDER BY treaty_id", (prefix,))
    return [str(r["treaty_id"]) for r in rows]


def coe_tls_context() -> ssl.SSLContext:
    """The Treaty Office's server offers a small Diffie-Hellman key: accept it (security level 1)."""
    context = ssl.create_default_context()
    context.set_ciphers("DEFAULT@SECLEVEL=1")
    return context


def untc_url(mtdsg: str, base: str | None = None) -> str:
    root = (base or os.environ.get("TREATY_UNTC_BASE") or UNTC_BASE).rstrip("/")
    chapter = mtdsg.split("-")[0]
    return f"{root}/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={mtdsg}&chapter={chapter}&clang=_en"


def _mtdsg(treaty_id: str) -> str:
    head, *rest = treaty_id.removeprefix("un-").split("-")
    return "-".join([head.upper(), *rest])


@dataclass(frozen=True, slots=True)
class LiveTable:
    """One depositary's current table for one treaty, resolved to our state ids."""

    treaty: str
    source_id: str
    source_title: str
    url: str
    as_of: str
    rows: tuple[
        tuple[str, str, str | None, str | None, str | None], ...
    ]  # state, kind, date, effective, note
    entry_into_force: str | None = None


def update(
    db: Database,
    target: Path,
    treaty_ids: Sequence[str],
    *,
    source: str = "untc",
    dry_run: bool = False,
    fetcher: Fetcher | None = None,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> UpdateResult:
    """Refresh ``treaty_ids`` from a depositary (``untc`` or ``coe``) into a new database at ``target``."""
    fetch = fetcher or Fetcher()
    when = (today or date.today()).isoformat()
    if source == "untc":
        tables = [_untc_table(db, fetch, tid, progress) for tid in treaty_ids]
    elif source == "coe":
        tables = _coe_tables(db, fetch, treaty_ids, when, progress)
    else:
        raise UpdateError(f"unknown source {source!r}")
    changes = _diff(db, tables)
    as_of = tuple((t.treaty, t.as_of) for t in tables)
    if not dry_run:
        _write(db, target, tables, when)
    return UpdateResult(str(target), not dry_run, tuple(treaty_ids), changes, as_of)


def _untc_table(db: Database, fetch: Fetcher, tid: str, progress: Callable[[str], None] | None) -> LiveTable:
    if not tid.startswith("un-"):
        raise UpdateError(f"{tid}: only UN treaties can be refreshed from the UN Treaty Collection")
    if progress:
        progress(tid)
    url = untc_url(_mtdsg(tid))
    html = fetch.get(url)
    try:
        page = parse_status_page(html, _mtdsg(tid))
    except UpdateError as exc:
        raise UpdateError(f"{tid}: the UN page could not be read: {exc}") from None
    if not page.participants or not page.status_as_at:
        raise UpdateError(f"{tid}: the UN page has no participant table or status date")
    ids = {name: _state_id(db, tid, name) for name in page.participants}
    rows = tuple((ids[a.participant], a.kind.value, a.date, a.effective_on, a.note) for a in page.actions)
    return LiveTable(
        tid,
        f"untc-live-{page.status_as_at}",
        f"UNTC status page, as at {page.status_as_at}",
        untc_url(page.mtdsg),
        page.status_as_at,
        rows,
        page.entry_into_force,
    )


COE_PAGE = "https://www.coe.int/en/web/conventions/full-list"
COE_SERVICE = "https://conventions-ws.coe.int/WS_LFRConventions"


def _coe_tables(
    db: Database, fetch: Fetcher, treaty_ids: Sequence[str], when: str, progress: Callable[[str], None] | None
) -> list[LiveTable]:
    from ..sources.coe_ws import iso3_of, parse_signatures, read_access_key

    page = os.environ.get("TREATY_COE_PAGE") or COE_PAGE
    service = (os.environ.get("TREATY_COE_BASE") or COE_SERVICE).rstrip("/")
    key = read_access_key(fetch.get(page))  # the public page's anonymous key, read at run time
    tables = []
    for tid in treaty_ids:
        if not tid.startswith("coe-"):
            raise UpdateError(
                f"{tid}: only Council of Europe treaties can be refreshed from its Treaty Office"
            )
        if progress:
            progress(tid)
        number = tid.removeprefix("coe-").upper()
        url = f"{service}/api/signatures?numSTE={number}&langue=ENG"
        try:
            answer = fetch.get(
                url,
                headers={"token": key, "Accept": "application/json"},
                context=coe_tls_context() if url.startswith("https:") else None,
            )
            acts = parse_signatures(answer, number)
        except UpdateError as exc:
            raise UpdateError(f"{tid}: the Treaty Office's answer could not be read: {exc}") from None
        rows = []
        for a in acts:
            sid = {"UE": "EU"}.get(a.code) or iso3_of(a.code)
            if sid is None or not db.rows("SELECT 1 FROM states WHERE id = ?", (sid,)):
                raise UpdateError(f"{tid}: participant {a.name!r} ({a.code}) is not a state in our data")
            rows.append((sid, a.kind.value, a.date, a.effective_on, a.note))
        tables.append(
            LiveTable(
                tid,
                f"coe-live-{when}",
                f"Council of Europe Treaty Office, as at {when}",
                url,
                when,
                tuple(rows),
            )
        )
    return tables


def _state_id(db: Database, tid: str, name: str) -> str:
    ids = {
        r["state_id"]
        for r in db.rows("SELECT state_id FROM state_aliases WHERE alias = ?", (normalise(name),))
    }
    if len(ids) != 1:
        raise UpdateError(
            f"{tid}: participant {name!r} on the depositary's page matches "
            f"{sorted(ids) or 'no state'} in our data"
        )
    return str(ids.pop())


_LIVE_ORIGINS = "('snapshot', 'untc-live', 'coe-live')"


def _diff(db: Database, tables: Sequence[LiveTable]) -> tuple[Change, ...]:
    out: list[Change] = []
    for t in tables:
        old = {
            (r["state_id"], r["kind"], r["date"])
            for r in db.rows(
                f"SELECT state_id, kind, date FROM actions WHERE treaty_id = ? AND origin IN {_LIVE_ORIGINS}",
                (t.treaty,),
            )
        }
        new = {(s, k, d) for s, k, d, _, _ in t.rows}
        out += [Change(t.treaty, s, "new action", f"{k} {d}") for s, k, d in sorted(new - old, key=str)]
        out += [Change(t.treaty, s, "removed action", f"{k} {d}") for s, k, d in sorted(old - new, key=str)]
    return tuple(out)


def _write(db: Database, target: Path, tables: Sequence[LiveTable], when: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(db.path, tmp)
        conn = sqlite3.connect(tmp)
        try:
            with conn:
                for t in tables:
                    origin = t.source_id.rsplit("-", 3)[0]  # untc-live / coe-live
                    conn.execute(
                        "INSERT OR IGNORE INTO sources (id, title, url, retrieved_on, licence, covers_until, "
                        "kind) VALUES (?, ?, ?, ?, ?, ?, 'snapshot')",
                        (t.source_id, t.source_title, t.url, when, "facts are the depositary's", t.as_of),
                    )
                    conn.execute(
                        f"DELETE FROM actions WHERE treaty_id = ? AND origin IN {_LIVE_ORIGINS}", (t.treaty,)
                    )
                    conn.executemany(
                        "INSERT INTO actions (treaty_id, state_id, kind, date, date_precision, effective_on, "
                        "effective_basis, note, source_id, confidence, origin) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'verified', ?)",
                        [
                            (
                                t.treaty,
                                s,
                                k,
                                d,
                                "day" if d else "unknown",
                                e,
                                "recorded" if e else None,
                                n,
                                t.source_id,
                                origin,
                            )
                            for s, k, d, e, n in t.rows
                        ],
                    )
                    conn.execute(
                        "INSERT OR REPLACE INTO coverage (treaty_id, coverage, as_of, source_id, note) "
                        "VALUES (?, 'complete', ?, ?, 'the depositary''s full participant table')",
                        (t.treaty, t.as_of, t.source_id),
                    )
                    if t.entry_into_force:
                        conn.execute(
                            "UPDATE treaties SET entry_into_force_on = ? WHERE id = ?",
                            (t.entry_into_force, t.treaty),
                        )
                newest = max(t.as_of for t in tables) if tables else ""
                conn.execute("UPDATE meta SET value = max(value, ?) WHERE key = 'data_as_of'", (newest,))
                conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('updated_on', ?)", (when,))
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        finally:
            conn.close()
        if check != "ok" or version != SCHEMA_VERSION:
            raise UpdateError(f"the new database failed its checks ({check}, schema {version})")
        os.replace(tmp, target)  # atomic on one filesystem: readers see the old or the new file
    except (OSError, sqlite3.Error) as exc:
        raise UpdateError(f"could not write the new database: {exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
