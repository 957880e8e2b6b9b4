"""The records format every bulk source is written in (``data/sources/<source>/``: ``source.csv``,
``treaties.csv``, ``actions.csv`` and ``coverage.csv``, each with the columns below, sorted, ``\\n``
line ends), and the one CSV reader and writer the compiler, the importers and ``treaty update`` share."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

SOURCE_COLUMNS = ("id", "title", "url", "retrieved_on", "licence", "covers_until")
TREATY_COLUMNS = (
    "id",
    "title",
    "short_name",
    "series",
    "depositary",
    "adopted_on",
    "adopted_place",
    "opened_on",
    "entry_into_force_on",
    "not_in_force_as_of",  # the source says the treaty itself was not in force on this date
    "parent_id",
    "status_url",
    "source_id",
    "aliases",
)
ACTION_COLUMNS = (
    "treaty",
    "state",
    "kind",
    "date",
    "date_precision",
    "effective_on",
    "note",
    "source_id",
    "confidence",
)
COVERAGE_COLUMNS = ("treaty", "coverage", "as_of", "source_id", "note")


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a source CSV (long declaration texts included)."""
    csv.field_size_limit(1 << 24)  # some declarations run past the default 128 KB
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(
    path: Path, columns: Sequence[str], rows: Iterable[dict[str, str]], *, strict: bool = False
) -> int:
    """Rows under a header of ``columns``; ``strict`` refuses a key the header lacks."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=list(columns), lineterminator="\n", extrasaction="raise" if strict else "ignore"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            n += 1
    return n
