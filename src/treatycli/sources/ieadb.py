"""Parser for the International Environmental Agreements Database (IEADB) CSV download.

Pure apart from reading the zip it is given. The download (``all-csv-files.zip``) holds
``db_treaties.csv`` (one row per agreement) and ``db_members.csv`` (one row per act of one member),
both semicolon-separated UTF-8 with a byte-order mark and **three preamble lines** (the citation
requirement) before the header.

What it checks, loudly: the preamble is there, the header has exactly the columns this parser
knows (a new, renamed or missing column stops it), every action label is in :data:`ACTION_KINDS`
or :data:`SKIPPED_ACTIONS`, every date is readable. IEADB's "no date" sentinels are ``1111-11-11``
and ``-0001-11-30``.

Dates of members' acts come as Year / Month / Day plus ``field_date_incomplete_value``
(``2014-**-**`` = only the year is known); the precision is taken from that, never filled in.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..enums import ActionKind, DatePrecision

__all__ = [
    "ACTION_KINDS",
    "EXIT_ACTIONS",
    "MEMBER_COLUMNS",
    "SKIPPED_ACTIONS",
    "TREATY_COLUMNS",
    "IeadbAgreement",
    "IeadbMember",
    "IeadbParseError",
    "parse_members",
    "parse_treaties",
    "read_zip",
]

NO_DATE = "1111-11-11"
# "-0001-11-30" (also cut to "-0001-11-3") is a zero date ("0000-00-00") as a database export
# renders it: no date either.
_NO_DATES = frozenset({NO_DATE, "-0001-11-30", "-0001-11-3"})
PREAMBLE_START = (
    '"All users are required to cite the website: International Environmental Agreements Database'
)

MEMBER_COLUMNS = (
    "Mitch ID",
    "Treaty Name from Treaty Table",
    "Country (official name)",
    "Country (as entered)",
    "Action Type",
    "Action",
    "Action Order",
    "Year",
    "Month",
    "Day",
    "field_date_incomplete_value",
    "Notes",
    "Tacit Acceptance",
    "Inclusion",
    "Signature Date",
    "Entry into force (EIF) Date",
    "Agreement Type - Level 3",
    "Agreement Type - Level 2",
    "Agreement Type - Level 1",
    "Lineage",
    "Sequence",
    "IEA Termination date",
    "Terminated by IEA#",
    "IEA Termination type",
)

TREATY_COLUMNS = (
    "IEA#",
    "Agreement Name",
    "Agreement Type Level 3",
    "Alternative Treaty Name",
    "AmendProtToA",
    "Category",
    "Coded Text",
    "Data complete",
    "Data entry notes",
    "Date *Bilateral* signed by 2nd state (ONLY if BEA)",
    "Date IEA entered into force",
    "Date IEA was concluded",
    "E (environment) Code (agreement is environmental or not)",
    "Inclusion (type of agreements)",
    "Lang1",
    "Lineage (legacy)",
    "Lineage",
    "Membership eligibility (multilateral, bilateral, etc)",
    "Org Auspices",
    "Place IEA was concluded",
    "Possible Sources (additional)",
    "Researcher",
    "Secretariat",
    "Sequence in lineage",
    "Source for E (environmental) code",
    "Issue area (subject)",
    "Subject (legacy)",
    "Term by ID",
    "Term Date",
    "Term Type",
    "Text used for E (environmental) coding",
    "Treaty Text",
    "UNEP2005pg",
    "UNTS",
    "URL to membership list",
    "URL to text of IEA",
    "Version",
    "Words used to code as Environmental",
    "Nid",
)

# IEADB action labels that are acts of one member, and our kind for each.
ACTION_KINDS: dict[str, ActionKind] = {
    "Signature": ActionKind.SIGNATURE,
    "Ratification": ActionKind.RATIFICATION,
    "Deposit (ratification)": ActionKind.RATIFICATION,
    "Accession": ActionKind.ACCESSION,
    "Deposit (accession)": ActionKind.ACCESSION,
    "Adherence": ActionKind.ACCESSION,
    "Deposit (adherence)": ActionKind.ACCESSION,
    "Adhesion": ActionKind.ACCESSION,
    "Deposit (adhesion)": ActionKind.ACCESSION,
    "Definitive accession": ActionKind.ACCESSION,
    "Acceptance": ActionKind.ACCEPTANCE,
    "Deposit (acceptance)": ActionKind.ACCEPTANCE,
    "Approval": ActionKind.APPROVAL,
    "Approbation": ActionKind.APPROVAL,
    "Succession": ActionKind.SUCCESSION,
    "Definitive signature": ActionKind.DEFINITIVE_SIGNATURE,
    "Consent To Be Bound": ActionKind.CONSENT,
    "Deposit (instrument)": ActionKind.CONSENT,
    "Provisional application": ActionKind.PROVISIONAL_APPLICATION,
    "Notification": ActionKind.NOTIFICATION,
    "Entry into force": ActionKind.ENTRY_INTO_FORCE,
    "Entry Into Force 2": ActionKind.ENTRY_INTO_FORCE,
    "Entry Into Force 3": ActionKind.ENTRY_INTO_FORCE,
    # exits: what the date means differs by label (see EXIT_ACTIONS)
    "Withdrawal": ActionKind.DENUNCIATION,
    "Withdrawal 2": ActionKind.DENUNCIATION,
    "Denunciation": ActionKind.DENUNCIATION,
    "Denunciation (effective date)": ActionKind.DENUNCIATION,
}

# What the date of an exit row is: the notice ("notice"), the day it took effect ("effective"), or
# either ("either": IEADB's "Withdrawal" rows hold the notice for some treaties and the effective
# date for others; Japan/whaling is the effective date, the United States/Paris the notice).
EXIT_ACTIONS: dict[str, str] = {
    "Withdrawal": "either",
    "Withdrawal 2": "either",
    "Denunciation": "notice",
    "Denunciation (effective date)": "effective",
}

# Labels that are not an act of one member under the agreement, with why they are left out.
SKIPPED_ACTIONS: dict[str, str] = {
    "Entry Into Force (Tacit Acceptance)": "derived by IEADB for amendments in force by tacit acceptance",
    "Entry Into Force (Tacit Acceptance) - Objection": "objection to a tacitly accepted amendment",
    "Entry Into Force (Tacit Acceptance) - Removal of Objection": "objection to an amendment withdrawn",
    "Amendment negotiated by members": "a note on the agreement, not an act of the member",
    "Not expected to enter into force": "a note on the agreement, not an act of the member",
    "Not yet in force": "a note on the agreement, not an act of the member",
    "Status follows original agreement": "a note on the agreement, not an act of the member",
    "Termination": "the agreement ended",
    "Partial termination of agreement": "the agreement ended in part",
    "Waiver (Art.28)": "a waiver under one article, not consent or exit",
    "Cooperating Non-Contracting Party": "status of a non-party",
    "Non-provisional application": "not an act of consent",
    "Adoption": "adoption of the text, not an act of the member",
}
_DERIVED_PREFIX = "Entry Into Force (Tacit Acceptance); Status based on "

_INCOMPLETE = re.compile(r"(\d{4}|\*{4})-(\d{2}|\*{2})-?(\d{2}|\*{2})")


class IeadbParseError(ValueError):
    """The download does not have the shape this parser reads; the message names file and row."""


@dataclass(frozen=True, slots=True)
class IeadbAgreement:
    id: str  # IEA# ("2621")
    name: str
    type_l3: str  # "Convention", "Amendment", "Protocol", ...
    parent: str  # AmendProtToA: the IEA# a protocol or amendment belongs to, or ""
    inclusion: str  # "MEA" (multilateral environmental agreement), "BEA", "MEN", ...
    eligibility: str  # "Multilateral (3 or more governments)", ...
    concluded_on: str  # ISO date or ""
    concluded_place: str
    entry_into_force_on: str  # ISO date or ""
    terminated_on: str  # ISO date or ""
    termination: str  # IEADB's text on the termination
    membership_url: str


@dataclass(frozen=True, slots=True)
class IeadbMember:
    line: int  # line in db_members.csv (1-based, counting the preamble)
    agreement: str
    country: str  # "Country (official name)"
    entered_as: str  # "Country (as entered)"
    action: str  # IEADB's label
    kind: ActionKind | None  # None for a label in SKIPPED_ACTIONS or a derived row
    date: str  # ISO, "YYYY-MM", "YYYY" or ""
    precision: DatePrecision
    notes: str


def _iso_or_empty(text: str, where: str) -> str:
    text = text.strip()
    if not text or text in _NO_DATES:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise IeadbParseError(f"{where}: unreadable date {text!r}") from exc


def _rows(text: str, name: str, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    lines = text.lstrip("\ufeff").splitlines(keepends=True)
    if len(lines) < 4 or not lines[0].startswith(PREAMBLE_START) or lines[2].strip():
        raise IeadbParseError(f"{name}: expected the 3-line citation preamble before the header")
    reader = csv.reader(io.StringIO("".join(lines[3:])), delimiter=";")
    header = next(reader)
    if tuple(header) != columns:
        extra = [c for c in header if c not in columns]
        missing = [c for c in columns if c not in header]
        raise IeadbParseError(f"{name}: unexpected columns {extra}, missing {missing} (line 4)")
    for n, row in enumerate(reader):
        line = reader.line_num + 3
        if len(row) != len(columns):
            raise IeadbParseError(f"{name} line {line}: {len(row)} fields, expected {len(columns)}")
        _ = n
        yield line, dict(zip(columns, row, strict=True))


def parse_treaties(text: str, name: str = "db_treaties.csv") -> dict[str, IeadbAgreement]:
    out: dict[str, IeadbAgreement] = {}
    for line, r in _rows(text, name, TREATY_COLUMNS):
        where = f"{name} line {line}"
        aid = r["IEA#"].strip()
        if not aid.isdigit():
            raise IeadbParseError(f"{where}: IEA# {aid!r} is not a number")
        if aid in out:
            raise IeadbParseError(f"{where}: IEA# {aid} appears twice")
        out[aid] = IeadbAgreement(
            id=aid,
            name=" ".join(r["Agreement Name"].split()),
            type_l3=r["Agreement Type Level 3"].strip(),
            parent=r["AmendProtToA"].strip(),
            inclusion=r["Inclusion (type of agreements)"].strip(),
            eligibility=r["Membership eligibility (multilateral, bilateral, etc)"].strip(),
            concluded_on=_iso_or_empty(r["Date IEA was concluded"], where),
            concluded_place=" ".join(r["Place IEA was concluded"].split()),
            entry_into_force_on=_iso_or_empty(r["Date IEA entered into force"], where),
            terminated_on=_iso_or_empty(r["Term Date"], where),
            termination=r["Term Type"].strip(),
            membership_url=r["URL to membership list"].strip(),
        )
    return out


def _member_date(r: dict[str, str], where: str) -> tuple[str, DatePrecision]:
    incomplete = r["field_date_incomplete_value"].strip()
    if incomplete:
        m = _INCOMPLETE.fullmatch(incomplete)
        if not m:
            raise IeadbParseError(f"{where}: unreadable incomplete date {incomplete!r}")
        y, mo, d = m.groups()
        if y.startswith("*"):
            return "", DatePrecision.UNKNOWN
        if mo.startswith("*"):
            return y, DatePrecision.YEAR
        if d.startswith("*"):
            return f"{y}-{mo}", DatePrecision.MONTH
        return _checked(int(y), int(mo), int(d), where), DatePrecision.DAY
    # a 0 month or day is IEADB's way of saying "not known"
    year, month, day = (r[k].strip().lstrip("0") for k in ("Year", "Month", "Day"))
    if not year:
        if month or day:
            raise IeadbParseError(f"{where}: month or day without a year")
        return "", DatePrecision.UNKNOWN
    if not (year.isdigit() and (not month or month.isdigit()) and (not day or day.isdigit())):
        raise IeadbParseError(f"{where}: unreadable date {year!r}-{month!r}-{day!r}")
    if year == "1111":
        return "", DatePrecision.UNKNOWN
    if not month:
        return year, DatePrecision.YEAR
    if not day:
        return f"{year}-{int(month):02d}", DatePrecision.MONTH
    return _checked(int(year), int(month), int(day), where), DatePrecision.DAY


def _checked(y: int, m: int, d: int, where: str) -> str:
    try:
        return date(y, m, d).isoformat()
    except ValueError as exc:
        raise IeadbParseError(f"{where}: impossible date {y}-{m}-{d}") from exc


def parse_members(text: str, name: str = "db_members.csv") -> list[IeadbMember]:
    out: list[IeadbMember] = []
    for line, r in _rows(text, name, MEMBER_COLUMNS):
        where = f"{name} line {line}"
        action = r["Action Type"].strip()
        if action in ACTION_KINDS:
            kind: ActionKind | None = ACTION_KINDS[action]
        elif action in SKIPPED_ACTIONS or action.startswith(_DERIVED_PREFIX):
            kind = None
        else:
            raise IeadbParseError(f"{where}: unknown action {action!r}")
        when, precision = _member_date(r, where) if kind is not None else ("", DatePrecision.UNKNOWN)
        out.append(
            IeadbMember(
                line=line,
                agreement=r["Mitch ID"].strip(),
                country=r["Country (official name)"].strip(),
                entered_as=r["Country (as entered)"].strip(),
                action=action,
                kind=kind,
                date=when,
                precision=precision,
                notes=" ".join(r["Notes"].split()),
            )
        )
    return out


def read_zip(path: Path) -> tuple[dict[str, IeadbAgreement], list[IeadbMember]]:
    """Both tables of ``all-csv-files.zip``."""
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        for needed in ("db_treaties.csv", "db_members.csv"):
            if needed not in names:
                raise IeadbParseError(f"{path.name}: no {needed} in the zip")
        treaties = parse_treaties(zf.read("db_treaties.csv").decode("utf-8-sig"))
        members = parse_members(zf.read("db_members.csv").decode("utf-8-sig"))
    return treaties, members
