"""Importer: UN Treaty Collection status pages (as recorded) -> ``data/sources/untc_live/*.csv``.

The four pages captured on 2026-02-03 are the depositary's current tables for their treaties;
the compiler lets them supersede the 2015 snapshot for those treaties.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..sources.untc_page import parse_status_page


def read_pages(folder: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    pages: list[dict[str, str]] = []
    actions: list[dict[str, str]] = []
    for path in sorted(folder.glob("ViewDetails_*.html")):
        page = parse_status_page(path.read_text(encoding="utf-8"))
        tid = "un-" + page.mtdsg.lower()
        pages.append(
            {
                "treaty": tid,
                "mtdsg": page.mtdsg,
                "title": page.title,
                "entry_into_force_on": page.entry_into_force or "",
                "status_as_at": page.status_as_at or "",
                "participants": str(len(page.participants)),
                "withdrawn": "|".join(page.withdrawn),
            }
        )
        actions.extend(_rows(tid, page.actions))
    return pages, actions


def _rows(tid: str, acts: object) -> Iterator[dict[str, str]]:
    from ..sources.untc_page import UntcAction

    assert isinstance(acts, tuple)
    for a in acts:
        assert isinstance(a, UntcAction)
        yield {
            "treaty": tid,
            "participant": a.participant,
            "kind": a.kind.value,
            "date": a.date,
            "effective_on": a.effective_on or "",
            "note": a.note or "",
        }
