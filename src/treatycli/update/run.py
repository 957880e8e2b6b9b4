"""``treaty update``: fetch the depositaries' current pages into a source cache, then compile a new
database from the bundled sources plus every cached page, check it, and swap it in atomically.

One pipeline, two inputs (DESIGN.md section 1): the bundled database is ``compile(bundled
sources)``; an updated one is ``compile(bundled sources + cached pages)``. The cache is a folder a
user can look at: one file per page with a ``.json`` beside it giving its URL and when it was
fetched. This module never writes SQL: ``treatycli.dataset`` is the only writer of the schema.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import ssl
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..dataset.records import ACTION_COLUMNS, COVERAGE_COLUMNS, SOURCE_COLUMNS, read_csv, write_csv
from ..dataset.untc_live import ACTION_COLUMNS as UNTC_ACTION_COLUMNS
from ..dataset.untc_live import (
    PAGE_COLUMNS,
    PROCEDURE_COLUMNS,
    TEXT_COLUMNS,
    TEXTS_FILE,
    read_jsonl,
    write_jsonl,
)
from ..db import SCHEMA_VERSION, Database
from ..errors import UpdateError
from ..text import normalise
from .fetch import Fetcher

UNTC_BASE = "https://treaties.un.org"
COE_PAGE = "https://www.coe.int/en/web/conventions/full-list"
COE_SERVICE = "https://conventions-ws.coe.int/WS_LFRConventions"


@dataclass(frozen=True, slots=True)
class Change:
    treaty: str
    state: str
    what: str  # "new action" | "removed action"
    detail: str


@dataclass(frozen=True, slots=True)
class Failure:
    treaty: str
    reason: str


@dataclass(frozen=True, slots=True)
class UpdateResult:
    target: str
    written: bool
    treaties: tuple[str, ...]  # refreshed in this run
    changes: tuple[Change, ...]
    as_of: tuple[tuple[str, str], ...]
    failed: tuple[Failure, ...] = ()
    cache: str | None = None

    @property
    def partial(self) -> bool:
        """Some pages failed, the others were written."""
        return bool(self.failed) and bool(self.treaties)


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched page, as kept in the source cache."""

    source: str  # "untc" | "coe"
    treaty: str
    url: str
    fetched_at: str
    body: str


# --- what to fetch -----------------------------------------------------------------------------
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
    from ..sources.untc_page import status_page_url

    root = (base or os.environ.get("TREATY_UNTC_BASE") or UNTC_BASE).rstrip("/")
    return status_page_url(mtdsg, root)


def mtdsg_of(treaty_id: str) -> str:
    head, *rest = treaty_id.removeprefix("un-").split("-")
    return "-".join([head.upper(), *rest])


# --- the source cache ----------------------------------------------------------------------------
def default_cache() -> Path | None:
    from ..db import user_database_path

    target = user_database_path()
    return target.parent / "sources" if target is not None else None


def _page_name(page: Page) -> str:
    return page.treaty.removeprefix("un-").removeprefix("coe-").upper()


def read_cache(cache: Path | None) -> list[Page]:
    """Every page in the cache (one per source and treaty), sorted."""
    pages: list[Page] = []
    if cache is None or not cache.is_dir():
        return pages
    for source in ("untc", "coe"):
        for meta_path in sorted((cache / source).glob("*.json")):
            if meta_path.name.endswith(".body.json"):
                continue
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                body_path = meta_path.with_name(meta["file"])
                with body_path.open(encoding="utf-8", newline="") as fh:  # the page's bytes, as fetched
                    body = fh.read()
                pages.append(Page(source, meta["treaty"], meta["url"], meta["fetched_at"], body))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise UpdateError(f"the source cache entry {meta_path} cannot be read: {exc}") from None
    return pages


def _write_cache(cache: Path, page: Page) -> None:
    folder = cache / page.source
    folder.mkdir(parents=True, exist_ok=True)
    name = _page_name(page)
    body_file = f"{name}.html" if page.source == "untc" else f"{name}.body.json"
    meta = {"treaty": page.treaty, "url": page.url, "fetched_at": page.fetched_at, "file": body_file}
    for path, text in (
        (folder / body_file, page.body),
        (folder / f"{name}.json", json.dumps(meta, indent=1)),
    ):
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)


# --- fetching and parsing --------------------------------------------------------------------------
def _fetch_untc(fetch: Fetcher, tid: str, now: str) -> Page:
    if not tid.startswith("un-"):
        raise UpdateError(f"{tid}: only UN treaties can be refreshed from the UN Treaty Collection")
    url = untc_url(mtdsg_of(tid))
    return Page("untc", tid, url, now, fetch.get(url))


def _fetch_coe(fetch: Fetcher, tids: Sequence[str], now: str) -> Iterator[Page | Failure]:
    from ..sources.coe_ws import read_access_key

    page = os.environ.get("TREATY_COE_PAGE") or COE_PAGE
    service = (os.environ.get("TREATY_COE_BASE") or COE_SERVICE).rstrip("/")
    key = read_access_key(fetch.get(page))  # the public page's anonymous key, read at run time
    for tid in tids:
        if not tid.startswith("coe-"):
            yield Failure(tid, "only Council of Europe treaties can be refreshed from its Treaty Office")
            continue
        number = tid.removeprefix("coe-").upper()
        url = f"{service}/api/signatures?numSTE={number}&langue=ENG"
        try:
            body = fetch.get(
                url,
                headers={"token": key, "Accept": "application/json"},
                context=coe_tls_context() if url.startswith("https:") else None,
            )
        except UpdateError as exc:
            yield Failure(tid, str(exc))
            continue
        yield Page("coe", tid, url, now, body)


@dataclass(frozen=True, slots=True)
class _Records:
    """What one page contributes to the source tree."""

    treaty: str
    as_of: str
    untc_page: dict[str, str] | None = None
    untc_actions: tuple[dict[str, str], ...] = ()
    untc_texts: tuple[dict[str, str], ...] = ()
    untc_procedures: tuple[dict[str, str], ...] = ()
    coe_actions: tuple[dict[str, str], ...] = ()
    source: dict[str, str] | None = None


def _names(src: Path) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in read_csv(src / "state_aliases.csv"):
        out.setdefault(r["alias"], set()).add(r["state_id"])
    return out


def _records(page: Page, names: dict[str, set[str]], states: set[str]) -> _Records:
    """Parse one page; loud (UpdateError) on anything unexpected, including unknown participants."""
    if page.source == "untc":
        from ..dataset.untc_live import page_rows, page_texts
        from ..sources.untc_page import parse_status_page, status_page_url

        parsed = parse_status_page(page.body, mtdsg_of(page.treaty))
        if not parsed.participants or not parsed.status_as_at:
            raise UpdateError("the page has no participant table or status date")
        for name in parsed.participants:
            ids = names.get(normalise(name), set())
            if len(ids) != 1:
                raise UpdateError(f"participant {name!r} matches {sorted(ids) or 'no state'} in our data")
        row, acts = page_rows(parsed, status_page_url(mtdsg_of(page.treaty)))  # the UN's own address
        if row["treaty"] != page.treaty:
            raise UpdateError(f"the page is for {row['treaty']}, not {page.treaty}")
        texts, procedures = page_texts(page.body, parsed)
        return _Records(
            page.treaty,
            row["status_as_at"],
            untc_page=row,
            untc_actions=tuple(acts),
            untc_texts=tuple(texts),
            untc_procedures=tuple(procedures),
        )
    from ..sources.coe_ws import iso3_of, parse_signatures

    number = page.treaty.removeprefix("coe-").upper()
    day = page.fetched_at[:10]
    sid = f"coe-ws-{number.lower()}-{day}"
    rows = []
    for a in parse_signatures(page.body, number):
        state = {"UE": "EU"}.get(a.code) or iso3_of(a.code)
        if state is None or state not in states:
            raise UpdateError(f"participant {a.name!r} ({a.code}) is not a state in our data")
        rows.append(
            {
                "treaty": page.treaty,
                "state": state,
                "kind": a.kind.value,
                "date": a.date or "",
                "date_precision": "day" if a.date else "unknown",
                "effective_on": a.effective_on or "",
                "note": a.note or "",
                "source_id": sid,
                "confidence": "verified",
            }
        )
    source = {
        "id": sid,
        "title": f"Council of Europe Treaty Office, signatures and ratifications of {number}, as at {day}",
        "url": page.url,
        "retrieved_on": day,
        "licence": "facts are the depositary's",
        "covers_until": day,
    }
    return _Records(page.treaty, day, coe_actions=tuple(rows), source=source)


# --- composing the source tree ---------------------------------------------------------------------
def compose_sources(bundled: Path, records: Sequence[_Records], work: Path) -> Path:
    """The bundled sources with the fetched pages laid over them: a new source tree in ``work``."""
    src = work / "sources"
    shutil.copytree(bundled, src)
    untc = sorted((r for r in records if r.untc_page is not None), key=lambda r: r.treaty)  # any input order
    if untc:
        live = src / "untc_live"
        refreshed = {r.treaty for r in untc}
        pages = read_csv(live / "pages.csv")
        pages = [p for p in pages if p["treaty"] not in refreshed] + [dict(r.untc_page or {}) for r in untc]
        write_csv(live / "pages.csv", PAGE_COLUMNS, sorted(pages, key=lambda p: p["treaty"]))
        acts = read_csv(live / "actions.csv")
        acts = [a for a in acts if a["treaty"] not in refreshed] + [
            dict(a) for r in untc for a in r.untc_actions
        ]
        write_csv(live / "actions.csv", UNTC_ACTION_COLUMNS, acts)

        for name, cols, field in (
            (TEXTS_FILE, TEXT_COLUMNS, "untc_texts"),
            ("procedures.csv", PROCEDURE_COLUMNS, "untc_procedures"),
        ):
            path = live / name
            jsonl = name.endswith(".jsonl")
            kept = (read_jsonl(path) if jsonl else read_csv(path)) if path.exists() else []
            fresh = [dict(x) for r in untc for x in getattr(r, field)]
            # sorted by treaty only: each page keeps its own order within its treaty
            rows = sorted(
                [x for x in kept if x["treaty"] not in refreshed] + fresh, key=lambda x: x["treaty"]
            )
            if jsonl:
                write_jsonl(path, cols, rows)
            else:
                write_csv(path, cols, rows)
    coe = sorted((r for r in records if r.source is not None), key=lambda r: r.treaty)
    if coe:
        folder = src / "coe_live"
        write_csv(
            folder / "source.csv",
            SOURCE_COLUMNS,
            [r.source for r in coe if r.source is not None],
        )
        write_csv(folder / "treaties.csv", ("id", "title"), [])
        write_csv(folder / "actions.csv", ACTION_COLUMNS, [a for r in coe for a in r.coe_actions])
        write_csv(
            folder / "coverage.csv",
            COVERAGE_COLUMNS,
            [
                {
                    "treaty": r.treaty,
                    "coverage": "complete",
                    "as_of": r.as_of,
                    "source_id": (r.source or {}).get("id", ""),
                    "note": "the Treaty Office's full table of signatures and ratifications",
                }
                for r in coe
            ],
        )
    return src


# --- the run ---------------------------------------------------------------------------------------
def bundled_sources() -> Path:
    from importlib import resources

    path = Path(str(resources.files("treatycli") / "data" / "sources"))
    if not (path / "states.csv").is_file():
        raise UpdateError("the bundled text sources are missing from this installation")
    return path


def update(
    db: Database,
    target: Path,
    treaty_ids: Sequence[str],
    *,
    sources: Sequence[str] = ("untc",),
    dry_run: bool = False,
    fetcher: Fetcher | None = None,
    cache: Path | None = None,
    bundled: Path | None = None,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> UpdateResult:
    """Fetch ``treaty_ids`` from ``sources`` into the cache, compile bundled + cached pages, swap in.

    A page that cannot be fetched or read stops nothing else: it is reported in ``failed`` and its
    treaty keeps its previous source. Nothing is written when every page failed.
    """
    fetch = fetcher or Fetcher()
    stamp = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    src = bundled or bundled_sources()
    target = Path(os.path.realpath(target))  # a symlinked --db: replace its target, keep the link
    names, states = _names(src), _state_ids(src)
    failed: list[Failure] = []
    fresh: list[Page] = []
    for source in sources:
        ids = [t for t in treaty_ids if t.startswith("un-" if source == "untc" else "coe-")]
        if source == "untc":
            for tid in ids:
                if progress:
                    progress(tid)
                try:
                    fresh.append(_fetch_untc(fetch, tid, stamp))
                except UpdateError as exc:
                    failed.append(Failure(tid, str(exc)))
        elif source == "coe" and ids:
            try:
                for item in _fetch_coe(fetch, ids, stamp):
                    if progress and isinstance(item, Page):
                        progress(item.treaty)
                    (fresh.append(item) if isinstance(item, Page) else failed.append(item))
            except UpdateError as exc:
                failed.extend(Failure(t, str(exc)) for t in ids)
        elif source not in ("untc", "coe"):
            raise UpdateError(f"unknown source {source!r}")
    good: dict[tuple[str, str], tuple[Page, _Records]] = {}
    for page in fresh:
        try:
            good[(page.source, page.treaty)] = (page, _records(page, names, states))
        except UpdateError as exc:
            failed.append(Failure(page.treaty, f"the depositary's page could not be read: {exc}"))
    if not good:
        reasons = "; ".join(f"{f.treaty}: {f.reason}" for f in failed) or "nothing to fetch"
        raise UpdateError(f"nothing changed: {reasons}")
    # every page already in the cache, then this run's pages over them
    records: dict[tuple[str, str], _Records] = {}
    for page in read_cache(cache):
        if (page.source, page.treaty) in good:
            continue
        try:
            records[(page.source, page.treaty)] = _records(page, names, states)
        except UpdateError as exc:
            failed.append(Failure(page.treaty, f"the cached page no longer reads: {exc}"))
    records.update({k: r for k, (_, r) in good.items()})
    ordered = [records[k] for k in sorted(records)]
    with _lock(target, dry_run), tempfile.TemporaryDirectory(prefix="treaty-update-") as work:
        tree = compose_sources(src, ordered, Path(work))
        built = Path(work) / "treaties.sqlite"  # compiled away from the target: a kill leaves nothing there
        _compile(tree, built)
        changes = _diff(db.path, built, [rec.treaty for _, rec in good.values()])
        if not dry_run:
            if cache is not None:
                for page, _ in good.values():
                    _write_cache(cache, page)
            new = target.parent / f".{target.name}.{os.getpid()}.new"
            try:
                shutil.copyfile(built, new)
                _swap(new, target)
            except OSError as exc:
                raise UpdateError(f"could not write the new database: {exc}") from None
            finally:
                with contextlib.suppress(FileNotFoundError):
                    new.unlink()
    return UpdateResult(
        str(target),
        not dry_run,
        tuple(sorted(t for _, t in good)),
        changes,
        tuple(sorted((r.treaty, r.as_of) for _, r in good.values())),
        tuple(failed),
        str(cache) if cache else None,
    )


def _state_ids(src: Path) -> set[str]:
    rows = read_csv(src / "states.csv")
    return {r["id"] for r in rows}


def _compile(tree: Path, out: Path) -> None:
    from ..dataset.compile import BuildError, build_database

    try:
        build_database(tree, out)
    except BuildError as exc:
        raise UpdateError(f"the new database failed its checks: {exc}") from None
    except (OSError, sqlite3.Error) as exc:
        raise UpdateError(f"could not write the new database: {exc}") from None
    conn = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    finally:
        conn.close()
    if check != "ok" or version != SCHEMA_VERSION:
        raise UpdateError(f"the new database failed its checks ({check}, schema {version})")


def _diff(old: Path, new: Path, treaties: Sequence[str]) -> tuple[Change, ...]:
    def acts(path: Path, tid: str) -> set[tuple[str, str, str]]:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return {
                (r[0], r[1], r[2] or "")
                for r in conn.execute("SELECT state_id, kind, date FROM actions WHERE treaty_id = ?", (tid,))
            }
        finally:
            conn.close()

    out: list[Change] = []
    for tid in sorted(set(treaties)):
        before, after = acts(old, tid), acts(new, tid)
        out += [Change(tid, s, "new action", f"{k} {d}".strip()) for s, k, d in sorted(after - before)]
        out += [Change(tid, s, "removed action", f"{k} {d}".strip()) for s, k, d in sorted(before - after)]
    return tuple(out)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap(new: Path, target: Path) -> None:
    """fsync the new file, refuse a live write-ahead log, replace atomically, fsync the directory."""
    wal, shm = Path(f"{target}-wal"), Path(f"{target}-shm")
    if wal.exists() and wal.stat().st_size > 0:
        raise UpdateError(
            f"{target} has uncommitted changes in {wal.name} (another program has it open in WAL mode); "
            "nothing was replaced"
        )
    try:
        _fsync(new)
        for leftover in (wal, shm):  # an empty log of the old file must not meet the new one
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        os.replace(new, target)  # atomic on one filesystem: readers see the old or the new file
        _fsync(target.parent)
    except OSError as exc:
        raise UpdateError(f"could not write the new database: {exc}") from None


@contextlib.contextmanager
def _lock(target: Path, dry_run: bool) -> Iterator[None]:
    """One update at a time per database; stale temporary files of killed runs are removed."""
    if dry_run:
        yield
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(target.with_name(f".{target.name}.lock"), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise UpdateError(f"cannot write to {target.parent}: {exc.strerror or exc}") from None
    try:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UpdateError(f"another treaty update is writing {target}; nothing was written") from None
        for stale in target.parent.glob(f".{target.name}.*.new"):
            with contextlib.suppress(OSError):
                stale.unlink()
        for stale in target.parent.glob(f".{target.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
        yield
    finally:
        os.close(fd)
