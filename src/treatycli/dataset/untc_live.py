"""Importer: UN Treaty Collection status pages (as recorded) -> ``data/sources/untc_live/*.csv``.

The 30 pages captured on 2026-02-03 (``live-samples/untc`` and ``untc-2026-02/html`` in the shared
snapshots) are the depositary's current tables for their treaties; the compiler lets them supersede
the 2015 snapshot for those treaties. One ``pages.csv`` row per page, with the page's own date and
URL and its stated count of parties (which the parser has checked against the table); one
``actions.csv`` row per act the page records. ``treaty update`` writes the same rows from a fetched
page (``page_rows``), so a refreshed page and a bundled one read alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..sources.untc_page import UntcPage, UntcParseError, parse_status_page

__all__ = ["ACTION_COLUMNS", "FOLDERS", "PAGE_COLUMNS", "page_rows", "read_pages", "treaty_id"]

# Where the recorded pages are, under the shared snapshots folder.
FOLDERS = ("live-samples/untc", "untc-2026-02/html")

PAGE_COLUMNS = (
    "treaty",
    "mtdsg",
    "title",
    "entry_into_force_on",
    "status_as_at",
    "url",
    "parties_stated",
    "participants",
    "withdrawn",
)
ACTION_COLUMNS = ("treaty", "participant", "kind", "date", "effective_on", "note")


def treaty_id(mtdsg: str) -> str:
    """``XXVI-8`` -> ``un-xxvi-8``."""
    return "un-" + mtdsg.lower()


def page_rows(page: UntcPage, url: str | None = None) -> tuple[dict[str, str], list[dict[str, str]]]:
    """One parsed page as its ``pages.csv`` row and its ``actions.csv`` rows.

    ``url`` is where the page was read from; by default the UN's own address of the page.
    """
    tid = treaty_id(page.mtdsg)
    row = {
        "treaty": tid,
        "mtdsg": page.mtdsg,
        "title": page.title,
        "entry_into_force_on": page.entry_into_force or "",
        "status_as_at": page.status_as_at or "",
        "url": url or page.url,
        "parties_stated": "" if page.parties_stated is None else str(page.parties_stated),
        "participants": str(len(page.participants)),
        "withdrawn": "|".join(page.withdrawn),
    }
    actions = [
        {
            "treaty": tid,
            "participant": a.participant,
            "kind": a.kind.value,
            "date": a.date,
            "effective_on": a.effective_on or "",
            "note": a.note or "",
        }
        for a in page.actions
    ]
    return row, actions


def read_pages(folders: Sequence[Path]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Parse every ``ViewDetails_*.html`` in ``folders``: rows sorted by treaty, one page per treaty.

    A page that does not parse stops the import, its file named; so does a treaty recorded twice.
    """
    parsed: dict[str, tuple[Path, UntcPage]] = {}
    for folder in folders:
        for path in sorted(folder.glob("ViewDetails_*.html")):
            with path.open(encoding="utf-8", newline="") as fh:
                html = fh.read()
            try:
                page = parse_status_page(html)
            except UntcParseError as exc:
                raise UntcParseError(f"{path}: {exc}") from None
            tid = treaty_id(page.mtdsg)
            if tid in parsed:
                raise UntcParseError(f"{path}: {tid} is already recorded by {parsed[tid][0]}")
            parsed[tid] = (path, page)
    pages: list[dict[str, str]] = []
    actions: list[dict[str, str]] = []
    for tid in sorted(parsed):
        row, acts = page_rows(parsed[tid][1])
        pages.append(row)
        actions.extend(acts)
    return pages, actions
