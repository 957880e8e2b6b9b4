"""Importer: the UN MTDSG 2015 snapshot -> ``data/sources/untc/*.csv``.

Every column header of a status table is mapped explicitly to the kinds of act it holds; an
unknown header, cell or suffix stops the import with the file and row that caused it.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..dates import MONTH_NAMES, MONTH_NUMBERS
from ..models import ActionKind as K

SOURCE_ID = "untc-mtdsg-2015"
AS_OF = "2015-03-12"

_ROMAN = [
    "",
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
    "XXI",
    "XXII",
    "XXIII",
    "XXIV",
    "XXV",
    "XXVI",
    "XXVII",
    "XXVIII",
    "XXIX",
    "XXX",
]


# Labels of the parts of a column header, each with the kind of act it names.
_LABELS: dict[str, K] = {
    "signature": K.SIGNATURE,
    "succession to signature": K.SIGNATURE,
    "signature ad referendum": K.SIGNATURE,
    "confirmation of signature ad referendum": K.SIGNATURE,
    "confirmation of signature": K.SIGNATURE,
    "signature by non-regional members under section 3 (c) (i) of resolution 07-79": K.SIGNATURE,
    "ratification": K.RATIFICATION,
    "accession": K.ACCESSION,
    "succession": K.SUCCESSION,
    "acceptance": K.ACCEPTANCE,
    "definitive acceptance": K.ACCEPTANCE,
    "approval": K.APPROVAL,
    "definitive signature": K.DEFINITIVE_SIGNATURE,
    "formal confirmation": K.FORMAL_CONFIRMATION,
    "consent to be bound": K.CONSENT,
    "participation": K.CONSENT,
    "simplified procedure": K.CONSENT,
    "provisional application": K.PROVISIONAL_APPLICATION,
    "provisional application under article 23": K.PROVISIONAL_APPLICATION,
    "provisional acceptance": K.PROVISIONAL_APPLICATION,
    "provisional acceptance/accession": K.PROVISIONAL_APPLICATION,
    "provisional application of the agreement as amended and extended": K.PROVISIONAL_APPLICATION,
    "undertaking of provisional application in accordance with article 31": K.PROVISIONAL_APPLICATION,
    "application": K.NOTIFICATION,
    "extension": K.TERRITORIAL_APPLICATION,
    "notification under article 25": K.NOTIFICATION,
    "notification under article 21 (1)": K.NOTIFICATION,
}

# Long labels recognised by how they start ("Participation under articles 3 (2) and (3)").
_PREFIXES: tuple[tuple[str, K], ...] = (
    ("participation", K.CONSENT),
    ("acceptance ipso facto", K.ACCEPTANCE),
    ("notification in respect of", K.SUCCESSION),
)

# Headers whose parts cannot be split on commas, or which name several acts without a suffix:
# (default kind for a cell without suffix, {suffix: kind}).
_WHOLE_HEADERS: dict[str, tuple[K, dict[str, K]]] = {
    "Participation in the Convention by virtue of ratification, accession or succession to the "
    "Protocol of 25 March 1972 or to the 1961 Convention after the entry into force of the "
    "Protocol": (K.CONSENT, {}),
    "Provisional application by virtue of signature, adoption of the Agreement or accession "
    "thereto, Provisional application by virtue of a notification (n)": (
        K.PROVISIONAL_APPLICATION,
        {"n": K.PROVISIONAL_APPLICATION},
    ),
    "Participation in the Agreement as amended under paragraph 4 of resolution 05-79 and "
    "paragraph 1 of article 60 of the unamended Agreement": (K.CONSENT, {}),
    "Definitive signature or participation in the Convention and the Protocol, Participation(P)": (
        K.DEFINITIVE_SIGNATURE,
        {"P": K.CONSENT},
    ),
    "Definitive signature or acceptance of the Protocol": (K.DEFINITIVE_SIGNATURE, {}),
    "Notification of non-provisional application under article 7 (1) (b)": (K.NOTIFICATION, {}),
}
# "... of the Protocol", "... to the Convention as amended" and similar qualifiers name the
# same kinds of act; they are stripped before the label is looked up.
_QUALIFIER = re.compile(
    r"\s+(?:of|to|in respect of)\s+the\s+(?:convention|protocol|agreement)\b.*$", re.IGNORECASE
)
_PART = re.compile(r"^(?P<label>.*?)\s*(?:\((?P<suffix>[A-Za-z]{1,2})\))?$")
_CELL = re.compile(r"^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})(?: ([A-Za-z]{1,2}))?$")

# I-2 lists UN membership by General Assembly resolution, not acts under a treaty's columns.
_MEMBERSHIP_TABLE = [
    "Participant",
    "Resolution",
    "Date of Adoption",
    "Registration Date",
    "Registration Number",
    "UNTS Volume",
    "UNTS Page",
]


class ImportFailure(Exception):
    """The snapshot holds something this importer does not know how to read."""


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    default: K | None
    suffixes: dict[str, K]

    def kind(self, suffix: str | None) -> K:
        if suffix is None:
            if self.default is None:
                raise ImportFailure(f"cell without suffix in column {self.header!r}")
            return self.default
        try:
            return self.suffixes[suffix]
        except KeyError:
            raise ImportFailure(f"unknown suffix {suffix!r} in column {self.header!r}") from None


def parse_header(header: str) -> Column:
    """Map one column header to the kinds of act its cells hold."""
    if header in _WHOLE_HEADERS:
        whole_default, whole_suffixes = _WHOLE_HEADERS[header]
        return Column(header, whole_default, whole_suffixes)
    default: K | None = None
    suffixes: dict[str, K] = {}
    for raw in re.split(r",\s+(?=[A-Z])", header):  # "..., as amended(A)" stays one part
        m = _PART.match(raw.strip())
        assert m is not None
        label = m["label"].strip().casefold()
        kind = _LABELS.get(label) or _LABELS.get(_QUALIFIER.sub("", label).strip())
        if kind is None:
            kind = next((k for prefix, k in _PREFIXES if label.startswith(prefix)), None)
        if kind is None:
            raise ImportFailure(f"unknown column header part {raw.strip()!r} in {header!r}")
        if m["suffix"]:
            suffixes[m["suffix"]] = kind
        elif default is None or default is kind:
            default = kind
        elif kind is K.SIGNATURE or default is K.SIGNATURE:
            raise ImportFailure(f"column {header!r} mixes signatures and consent without suffixes")
        # otherwise: several unsuffixed kinds of consent; the first one listed names the cell
    if default is None and len(set(suffixes.values())) == 1:
        default = next(iter(suffixes.values()))  # "Signature ad referendum (s)" alone
    return Column(header, default, suffixes)


def parse_cell(cell: str) -> tuple[str, str | None] | None:
    """``'11 May 1994 a'`` -> (``'1994-05-11'``, ``'a'``); empty -> None."""
    text = " ".join(cell.split())
    if not text:
        return None
    m = _CELL.match(text)
    if not m or len(m[2]) != 3 or m[2] not in MONTH_NUMBERS:
        raise ImportFailure(f"unreadable date cell {cell!r}")
    return f"{int(m[3]):04d}-{MONTH_NUMBERS[m[2]]:02d}-{int(m[1]):02d}", m[4]


def treaty_id(mtdsg: str) -> str:
    return "un-" + mtdsg.lower()


_TITLE = re.compile(
    r"^(?P<title>.*?)[.,]\s+(?:(?P<place>[^.,]+(?:,\s*[^.,0-9]+)?),\s+)?"
    r"(?P<day>\d{1,2})\s+(?P<month>[A-Z][a-z]+)\s+(?P<year>\d{4})\s*$"
)


def parse_title(name: str) -> tuple[str, str | None, str | None]:
    """Split ``'Convention ... . New York, 10 December 1984'`` into title, place, ISO date."""
    m = _TITLE.match(name.strip())
    if not m or m["month"] not in MONTH_NAMES:
        return name.strip(), None, None
    adopted = f"{int(m['year']):04d}-{MONTH_NUMBERS[m['month']]:02d}-{int(m['day']):02d}"
    place = m["place"].strip() if m["place"] else None
    return m["title"].strip(), place, adopted


def read_index(root: Path) -> list[dict[str, str]]:
    rows = []
    with (root / "index.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            m = re.search(r"mtdsg_no=([^&]+)", row["url"])
            if not m:
                raise ImportFailure(f"no MTDSG number in {row['url']!r}")
            mtdsg = m[1]
            title, place, adopted = parse_title(row["treaty_name"])
            rows.append(
                {
                    "id": treaty_id(mtdsg),
                    "file": f"{row['chapter_no']}-{row['treaty_no'].replace('.', '-')}",
                    "mtdsg": mtdsg,
                    "chapter": _ROMAN[int(row["chapter_no"])],
                    "chapter_name": row["chapter_name"].strip(),
                    "title": title,
                    "adopted_place": place or "",
                    "adopted_on": adopted or "",
                    "status_url": row["url"].replace("http://", "https://"),
                    "source": SOURCE_ID,
                }
            )
    return rows


def read_actions(root: Path, files: dict[str, str]) -> Iterator[dict[str, str]]:
    """Every dated cell of every status table, as one typed action.

    ``files`` maps a table's file stem (``4-9``) to its treaty id, from the index.
    """
    for path in sorted((root / "treaties").glob("*.csv")):
        tid = files.get(path.stem)
        if tid is None:
            raise ImportFailure(f"{path.name}: no treaty of the index has this file")
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        header = rows[0]
        if header[0] != "Participant":
            raise ImportFailure(f"{path.name}: first column is {header[0]!r}")
        if header == _MEMBERSHIP_TABLE:
            yield from _membership_rows(path, tid, rows[1:])
            continue
        try:
            columns = [parse_header(h) for h in header[1:]]
        except ImportFailure as exc:
            raise ImportFailure(f"{path.name}: {exc}") from None
        for line, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row[1:]):
                yield {
                    "treaty": tid,
                    "row": str(line),
                    "participant": row[0].strip(),
                    "kind": "",
                    "date": "",
                    "raw": "participant listed without a dated act",
                }
            for column, cell in zip(columns, row[1:], strict=True):
                try:
                    parsed = parse_cell(cell)
                    if parsed is None:
                        continue
                    kind = column.kind(parsed[1])
                except ImportFailure as exc:
                    raise ImportFailure(f"{path.name} line {line}: {exc}") from None
                yield {
                    "treaty": tid,
                    "row": str(line),
                    "participant": row[0].strip(),
                    "kind": kind.value,
                    "date": parsed[0],
                    "raw": f"{column.header}: {' '.join(cell.split())}",
                }


def _membership_rows(path: Path, tid: str, rows: list[list[str]]) -> Iterator[dict[str, str]]:
    for line, row in enumerate(rows, start=2):
        name, resolution, adopted, registered, number, volume, page = row
        parsed = parse_cell(adopted)
        if parsed is None or parsed[1] is not None:
            raise ImportFailure(f"{path.name} line {line}: bad adoption date {adopted!r}")
        yield {
            "treaty": tid,
            "row": str(line),
            "participant": name.strip(),
            "kind": K.ACCEPTANCE.value,
            "date": parsed[0],
            "raw": (
                f"declaration of acceptance; General Assembly resolution {resolution} adopted "
                f"{adopted}; registered {registered}, No. {number}, UNTS vol. {volume} p. {page}"
            ),
        }


def read_declarations(root: Path, files: dict[str, str]) -> Iterator[dict[str, str]]:
    """Reservation and declaration texts, one row per participant heading."""
    for path in sorted((root / "declarations").glob("*.txt")):
        tid = files.get(path.stem)
        if tid is None:
            raise ImportFailure(f"{path.name}: no treaty of the index has this file")
        participant: str | None = None
        buf: list[str] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), "#"]:
            if line.startswith("#"):
                text = "\n".join(buf).strip()
                if participant and text:
                    yield {"treaty": tid, "participant": participant, "text": text}
                participant, buf = line[1:].strip() or None, []
            else:
                buf.append(line)
