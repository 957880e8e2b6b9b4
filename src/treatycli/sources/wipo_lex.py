"""Parser for a WIPO Lex contracting-parties page.

The page is ``/wipolex/en/treaties/ShowResults?search_what=C&treaty_id=N``.

Pure: HTML text in, typed records out; no I/O. The page layout it reads (see the snapshot's
``PROVENANCE.md``):

* the participant table is ``<table id="wipoTreatiesTable">`` with the header
  Member | Signature | Instrument | In Force | Details;
* every dated cell carries ``data-sort="<epoch milliseconds, UTC midnight>"`` and the text
  ``"Month D, YYYY"``; the Instrument cell prefixes the text with the kind of instrument
  (``"Accession: March 2, 2018"``);
* the page header states ``<strong> Berne Convention</strong> (Total Members: 182)``, a count of the
  rows that have an entry into force (not of signatories, nor of instruments with no in-force date);
* denunciations are never shown: the page lists current contracting parties (and signatories) only.

Anything else raises :class:`WipoParseError` naming the row: a changed header, an unknown kind of
instrument, a text date that disagrees with its ``data-sort`` value, a member count that does not
match the rows.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser

from ..dates import MONTH_NAMES
from ..enums import ActionKind

__all__ = ["INSTRUMENT_KINDS", "WipoPage", "WipoParseError", "WipoRow", "parse_page"]

HEADER = ("Member", "Signature", "Instrument", "In Force", "Details")

# Every label WIPO Lex puts before an instrument date, and the kind of act it records. A label not
# listed here stops the import: it may be an act that does not make the state a party.
INSTRUMENT_KINDS: dict[str, ActionKind] = {
    "Ratification": ActionKind.RATIFICATION,
    "Accession": ActionKind.ACCESSION,
    "Acceptance": ActionKind.ACCEPTANCE,
    "Approval": ActionKind.APPROVAL,
    # a former dependent territory declaring that the treaty continues to apply to it after
    # independence: consent by succession, in force from the date WIPO gives
    "Declaration of Continued Application": ActionKind.SUCCESSION,
    "Declaration/Notification of Succession": ActionKind.SUCCESSION,
}

_MONTHS = {name: n for n, name in enumerate(MONTH_NAMES, start=1)}
_DATE = re.compile(r"([A-Z][a-z]+) (\d{1,2}), (\d{4})")
_TOTAL = re.compile(r"<strong>\s*(.*?)\s*</strong>\s*\(Total Members:\s*(\d+)\)", re.S)
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
_TREATY_ID = re.compile(r"treaty_id=(\d+)")


class WipoParseError(ValueError):
    """The page does not have the shape this parser reads; the message names the row."""


@dataclass(frozen=True, slots=True)
class WipoRow:
    member: str  # WIPO's name, entities unescaped
    signature: str | None  # ISO date
    instrument_label: str | None  # "Accession", "Declaration of Continued Application", ...
    instrument_kind: ActionKind | None
    instrument_date: str | None  # ISO date
    in_force: str | None  # ISO date, may lie in the future


@dataclass(frozen=True, slots=True)
class WipoPage:
    wipo_treaty_id: str  # WIPO Lex's number ("15" = Berne)
    url: str
    name: str | None  # "Berne Convention"; absent on a page with no member count (Washington)
    total_members: int | None
    rows: tuple[WipoRow, ...]


@dataclass(slots=True)
class _Cell:
    sort: str | None
    text: str = ""


class _TableReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_table = False
        self.done = False
        self.headers: list[str] = []
        self.rows: list[list[_Cell]] = []
        self._row: list[_Cell] | None = None
        self._cell: _Cell | None = None
        self._th: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and a.get("id") == "wipoTreatiesTable":
            if self.done or self.in_table:
                raise WipoParseError("more than one wipoTreatiesTable")
            self.in_table = True
        elif not self.in_table:
            return
        elif tag == "tr":
            self._row = []
        elif tag == "th":
            self._th = []
        elif tag == "td" and self._row is not None:
            self._cell = _Cell(a.get("data-sort"))

    def handle_endtag(self, tag: str) -> None:
        if not self.in_table:
            return
        if tag == "table":
            self.in_table, self.done = False, True
        elif tag == "th" and self._th is not None:
            self.headers.append(" ".join("".join(self._th).split()))
            self._th = None
        elif tag == "td" and self._cell is not None and self._row is not None:
            self._cell.text = " ".join(self._cell.text.split())
            self._row.append(self._cell)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row:
                self.rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._th is not None:
            self._th.append(data)
        elif self._cell is not None:
            self._cell.text += data


def _iso(text: str, where: str) -> str:
    m = _DATE.fullmatch(text)
    if not m or m.group(1) not in _MONTHS:
        raise WipoParseError(f"{where}: unreadable date {text!r}")
    try:
        return date(int(m.group(3)), _MONTHS[m.group(1)], int(m.group(2))).isoformat()
    except ValueError as exc:
        raise WipoParseError(f"{where}: impossible date {text!r}") from exc


def _dated(cell: _Cell, where: str) -> tuple[str | None, str | None]:
    """(label or None, ISO date) of a dated cell, checked against its data-sort value.

    (None, None) for an empty cell."""
    if not cell.text:
        if cell.sort:
            raise WipoParseError(f"{where}: data-sort {cell.sort} on an empty cell")
        return None, None
    label, sep, rest = cell.text.rpartition(": ")
    text = rest if sep else cell.text
    iso = _iso(text, where)
    if not cell.sort:
        raise WipoParseError(f"{where}: date {cell.text!r} without a data-sort value")
    try:
        sorted_on = datetime.fromtimestamp(int(cell.sort) / 1000, tz=UTC).date().isoformat()
    except ValueError as exc:
        raise WipoParseError(f"{where}: bad data-sort {cell.sort!r}") from exc
    if sorted_on != iso:
        raise WipoParseError(f"{where}: text date {iso} disagrees with data-sort date {sorted_on}")
    return (label if sep else None), iso


def parse_page(text: str, where: str = "page") -> WipoPage:
    """Read one WIPO Lex contracting-parties page; ``where`` names it in errors."""
    canonical = _CANONICAL.search(text)
    if not canonical:
        raise WipoParseError(f"{where}: no canonical link")
    url = html.unescape(canonical.group(1))
    number = _TREATY_ID.search(url)
    if not number:
        raise WipoParseError(f"{where}: no treaty_id in {url!r}")
    total = _TOTAL.search(text)
    reader = _TableReader()
    reader.feed(text)
    reader.close()
    if not reader.done:
        raise WipoParseError(f"{where}: no complete <table id='wipoTreatiesTable'>")
    if tuple(reader.headers) != HEADER:
        raise WipoParseError(f"{where}: columns {reader.headers} are not {list(HEADER)}")
    rows: list[WipoRow] = []
    for n, cells in enumerate(reader.rows, start=1):
        member = cells[0].text if cells else ""
        at = f"{where} row {n} ({member or '?'})"
        if len(cells) != len(HEADER):
            raise WipoParseError(f"{at}: {len(cells)} cells, expected {len(HEADER)}")
        if not member:
            raise WipoParseError(f"{at}: no member name")
        sig_label, signature = _dated(cells[1], at + " Signature")
        label, instrument = _dated(cells[2], at + " Instrument")
        eif_label, in_force = _dated(cells[3], at + " In Force")
        if sig_label or eif_label:
            raise WipoParseError(f"{at}: unexpected label {sig_label or eif_label!r} in a date column")
        if instrument is not None and label is None:
            raise WipoParseError(f"{at}: instrument date without a kind")
        if label is not None and label not in INSTRUMENT_KINDS:
            raise WipoParseError(f"{at}: unknown kind of instrument {label!r}")
        rows.append(
            WipoRow(
                member=member,
                signature=signature,
                instrument_label=label,
                instrument_kind=INSTRUMENT_KINDS[label] if label else None,
                instrument_date=instrument,
                in_force=in_force,
            )
        )
    if len({r.member for r in rows}) != len(rows):
        raise WipoParseError(f"{where}: a member is listed twice")
    total_members = int(total.group(2)) if total else None
    if total_members is not None:
        members = sum(1 for r in rows if r.in_force)
        if members != total_members:
            raise WipoParseError(
                f"{where}: page says Total Members: {total_members}, rows with an entry into force: {members}"
            )
    return WipoPage(
        wipo_treaty_id=number.group(1),
        url=url,
        name=" ".join(total.group(1).split()) if total else None,
        total_members=total_members,
        rows=tuple(rows),
    )
