"""Importer: UN Treaty Collection status pages (as recorded) -> ``data/sources/untc_live/*.csv``.

The 30 pages captured on 2026-02-03 (``live-samples/untc`` and ``untc-2026-02/html`` in the shared
snapshots) are the depositary's current tables for their treaties; the compiler lets them supersede
the 2015 snapshot for those treaties. One ``pages.csv`` row per page, with the page's own date and
URL and its stated count of parties (which the parser has checked against the table); one
``actions.csv`` row per act the page records. ``treaty update`` writes the same rows from a fetched
page (``page_rows``), so a refreshed page and a bundled one read alike.

Below its table each page gives the participants' declarations, reservations, objections,
notifications and territorial applications: ``texts.jsonl`` has one row per participant, section and
act the text was made upon (``text_rows``; these supersede the 2015 texts for the 30 treaties), and
``procedures.csv`` what those texts say about the complaint, inter-state and inquiry procedures of
the core human-rights treaties (CAT, CERD, CED, CMW: ``procedure_rows``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..sources.untc_page import (
    DeclarationText,
    UntcPage,
    UntcParseError,
    parse_declarations,
    parse_procedures,
    parse_status_page,
)

__all__ = [
    "ACTION_COLUMNS",
    "FOLDERS",
    "PAGE_COLUMNS",
    "PROCEDURE_COLUMNS",
    "TEXT_COLUMNS",
    "page_rows",
    "page_texts",
    "procedure_rows",
    "read_pages",
    "read_texts",
    "text_rows",
    "treaty_id",
]

# Where the recorded pages are, under the shared snapshots folder.
FOLDERS = ("live-samples/untc", "untc-2026-02/html")

PAGE_COLUMNS = (
    "treaty",
    "mtdsg",
    "title",
    "entry_into_force_on",
    "not_in_force",
    "status_as_at",
    "url",
    "parties_stated",
    "participants",
    "withdrawn",
)
ACTION_COLUMNS = ("treaty", "participant", "kind", "date", "effective_on", "note")
TEXT_COLUMNS = ("treaty", "participant", "section", "made_upon", "text")
PROCEDURE_COLUMNS = ("treaty", "participant", "procedure", "article", "status", "date", "evidence")


TEXTS_FILE = "texts.jsonl"  # one JSON object a line: some declarations run to 300,000 characters


def write_jsonl(path: Path, columns: Sequence[str], rows: Iterable[dict[str, str]]) -> int:
    """Rows as JSON Lines, keys in ``columns`` order; deterministic (no clock, no set order)."""
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps({c: row.get(c, "") for c in columns}, ensure_ascii=False) + "\n")
            n += 1
    return n


def read_jsonl(path: Path) -> list[dict[str, str]]:
    import json

    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


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
        "not_in_force": "yes" if page.not_in_force else "",
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


def text_rows(mtdsg: str, texts: Sequence[DeclarationText]) -> list[dict[str, str]]:
    """``texts.jsonl`` rows of one page, in the page's order; an entry that is only a name and its
    footnotes (the text withdrawn, or told in a footnote) has no row."""
    tid = treaty_id(mtdsg)
    return [
        {
            "treaty": tid,
            "participant": t.participant,
            "section": t.section,
            "made_upon": t.made_upon or "",
            "text": t.text,
        }
        for t in texts
        if t.text
    ]


def procedure_rows(page: UntcPage, texts: Sequence[DeclarationText]) -> list[dict[str, str]]:
    """``procedures.csv`` rows of one page: empty unless the treaty is CAT, CERD, CED or CMW."""
    tid = treaty_id(page.mtdsg)
    return [
        {
            "treaty": tid,
            "participant": r.participant,
            "procedure": r.procedure,
            "article": r.article,
            "status": r.status,
            "date": r.date or "",
            "evidence": r.evidence,
        }
        for r in parse_procedures(page.mtdsg, tuple(texts), page.participants)
    ]


def page_texts(html: str, page: UntcPage) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """One page's ``texts.jsonl`` and ``procedures.csv`` rows (``page`` is its parsed table)."""
    texts = parse_declarations(html, page.mtdsg)
    return text_rows(page.mtdsg, texts), procedure_rows(page, texts)


def read_texts(folders: Sequence[Path]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Every ``ViewDetails_*.html`` in ``folders``: ``texts.jsonl`` rows (by treaty, then page order)
    and ``procedures.csv`` rows (by treaty, participant, procedure, status, date). A page whose
    declarations do not parse stops the import, its file named."""
    by_treaty: dict[str, tuple[list[dict[str, str]], list[dict[str, str]]]] = {}
    for folder in folders:
        for path in sorted(folder.glob("ViewDetails_*.html")):
            with path.open(encoding="utf-8", newline="") as fh:
                html = fh.read()
            try:
                page = parse_status_page(html)
                by_treaty[treaty_id(page.mtdsg)] = page_texts(html, page)
            except UntcParseError as exc:
                raise UntcParseError(f"{path}: {exc}") from None
    texts = [row for tid in sorted(by_treaty) for row in by_treaty[tid][0]]
    procedures = [row for tid in sorted(by_treaty) for row in by_treaty[tid][1]]
    return texts, procedures
