"""``treaty update``: fetch the depositaries' current tables, validate, write a new database beside
the old one and swap it in atomically. Any failure leaves the existing database untouched."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..db import SCHEMA_VERSION, Database
from ..errors import UpdateError
from ..text import normalise
from .fetch import Fetcher
from .untc import UntcPage, parse_status_page

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


def default_treaties(db: Database) -> list[str]:
    """UN treaties we hold rules for: the ones users ask about."""
    return [
        r["treaty_id"]
        for r in db.rows("SELECT treaty_id FROM rules WHERE treaty_id LIKE 'un-%' ORDER BY treaty_id")
    ]


def untc_url(mtdsg: str, base: str | None = None) -> str:
    root = (base or os.environ.get("TREATY_UNTC_BASE") or UNTC_BASE).rstrip("/")
    chapter = mtdsg.split("-")[0]
    return f"{root}/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={mtdsg}&chapter={chapter}&clang=_en"


def _mtdsg(treaty_id: str) -> str:
    head, *rest = treaty_id.removeprefix("un-").split("-")
    return "-".join([head.upper(), *rest])


def update(
    db: Database,
    target: Path,
    treaty_ids: Sequence[str],
    *,
    dry_run: bool = False,
    fetcher: Fetcher | None = None,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> UpdateResult:
    """Refresh ``treaty_ids`` from the UN Treaty Collection into a new database at ``target``."""
    fetch = fetcher or Fetcher()
    pages: list[tuple[str, UntcPage]] = []
    for tid in treaty_ids:
        if not tid.startswith("un-"):
            raise UpdateError(f"{tid}: only UN treaties can be refreshed from the UN Treaty Collection")
        if progress:
            progress(tid)
        html = fetch.get(untc_url(_mtdsg(tid)))
        try:
            page = parse_status_page(html, _mtdsg(tid))
        except UpdateError as exc:
            raise UpdateError(f"{tid}: the UN page could not be read: {exc}") from None
        if not page.participants or not page.status_as_at:
            raise UpdateError(f"{tid}: the UN page has no participant table or status date")
        pages.append((tid, page))
    resolved = {tid: _resolve_rows(db, tid, page) for tid, page in pages}
    changes = _diff(db, resolved)
    as_of = tuple((tid, page.status_as_at or "") for tid, page in pages)
    if dry_run:
        return UpdateResult(str(target), False, tuple(treaty_ids), changes, as_of)
    _write(db, target, pages, resolved)
    return UpdateResult(str(target), True, tuple(treaty_ids), changes, as_of)


Row = tuple[str, str, str, str | None, str | None]  # state, kind, date, effective_on, note


def _resolve_rows(db: Database, tid: str, page: UntcPage) -> list[Row]:
    names: dict[str, str] = {}
    for name in page.participants:
        ids = {
            r["state_id"]
            for r in db.rows("SELECT state_id FROM state_aliases WHERE alias = ?", (normalise(name),))
        }
        if len(ids) != 1:
            raise UpdateError(
                f"{tid}: participant {name!r} on the UN page matches {sorted(ids) or 'no state'} in our data"
            )
        names[name] = ids.pop()
    return [(names[a.participant], a.kind.value, a.date, a.effective_on, a.note) for a in page.actions]


def _diff(db: Database, resolved: dict[str, list[Row]]) -> tuple[Change, ...]:
    out: list[Change] = []
    for tid, rows in resolved.items():
        old = {
            (r["state_id"], r["kind"], r["date"])
            for r in db.rows(
                "SELECT state_id, kind, date FROM actions WHERE treaty_id = ? AND origin IN "
                "('snapshot', 'untc-live')",
                (tid,),
            )
        }
        new = {(s, k, d) for s, k, d, _, _ in rows}
        out += [Change(tid, s, "new action", f"{k} {d}") for s, k, d in sorted(new - old)]
        out += [Change(tid, s, "removed action", f"{k} {d}") for s, k, d in sorted(old - new)]
    return tuple(out)


def _write(
    db: Database, target: Path, pages: list[tuple[str, UntcPage]], resolved: dict[str, list[Row]]
) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(db.path, tmp)
        conn = sqlite3.connect(tmp)
        try:
            with conn:
                for tid, page in pages:
                    sid = f"untc-live-{page.status_as_at}"
                    conn.execute(
                        "INSERT OR IGNORE INTO sources (id, title, url, retrieved_on, licence, covers_until, "
                        "kind) VALUES (?, ?, ?, ?, ?, ?, 'snapshot')",
                        (
                            sid,
                            f"UNTC status page, as at {page.status_as_at}",
                            untc_url(page.mtdsg),
                            date.today().isoformat(),
                            "facts are the UN's",
                            page.status_as_at,
                        ),
                    )
                    conn.execute(
                        "DELETE FROM actions WHERE treaty_id = ? AND origin IN ('snapshot', 'untc-live')",
                        (tid,),
                    )
                    conn.executemany(
                        "INSERT INTO actions (treaty_id, state_id, kind, date, date_precision, effective_on, "
                        "effective_basis, note, source_id, confidence, origin) "
                        "VALUES (?, ?, ?, ?, 'day', ?, ?, ?, ?, 'verified', 'untc-live')",
                        [
                            (tid, s, k, d, e, "recorded" if e else None, n, sid)
                            for s, k, d, e, n in resolved[tid]
                        ],
                    )
                    conn.execute(
                        "INSERT OR REPLACE INTO coverage (treaty_id, coverage, as_of, source_id, note) "
                        "VALUES (?, 'complete', ?, ?, 'the depositary''s full participant table "
                        "on its status page')",
                        (tid, page.status_as_at, sid),
                    )
                    if page.entry_into_force:
                        conn.execute(
                            "UPDATE treaties SET entry_into_force_on = ? WHERE id = ?",
                            (page.entry_into_force, tid),
                        )
                newest = max(p.status_as_at or "" for _, p in pages)
                conn.execute("UPDATE meta SET value = max(value, ?) WHERE key = 'data_as_of'", (newest,))
                conn.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('updated_on', ?)",
                    (date.today().isoformat(),),
                )
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
