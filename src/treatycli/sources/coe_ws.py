"""Parsers for the Council of Europe Treaty Office JSON service (``conventions-ws.coe.int``).

Pure: text in, typed records out; no I/O and no network. The answers it reads are described in
``PROVENANCE.md`` ("CoE Treaty Office JSON") of the live samples:

* ``POST api/traites/search`` answers a JSON array of treaty records (``Numero_traite`` "005",
  ``Mention`` "ETS"/"CETS", ``Libelle_titre_ENG`` ending in "(ETS No. 005)", ``Nom_commun_ENG``,
  ``Date_ste``, ``Date_vigueur_ste``, ``Numero_traite_parent``); :func:`parse_treaty_list`.
* ``GET api/signatures?numSTE=NNN&langue=ENG`` answers a JSON array of three buckets (member
  states, non-member states, international organisations), each an array of rows with
  ``CodePays``, ``LibPaysOrga``, ``NumSTE`` and the dates ``DateSignature``, ``DateConsentement``,
  ``DateEntreeVigueur``, ``DateDenonciation``, ``DateEffetDenonciation``, ``DateSuspension``
  ("YYYY-MM-DDT00:00:00" or null); :func:`parse_signatures`. No recorded answer of this endpoint
  was found; its shape comes from code that calls it.
* Every request needs the anonymous key the public page publishes as
  ``window.conventions_api_key``; :func:`read_access_key` reads it from that page at run time (it
  is never written into this code).

Malformed JSON, HTML where JSON was expected, a wrong shape or an unreadable date raise
:class:`CoeParseError` with a one-line message naming the record.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from ..errors import UpdateError
from ..models import ActionKind

__all__ = [
    "COE_CODES",
    "CONSENT_NOTE",
    "GROUPS",
    "CoeAction",
    "CoeParseError",
    "CoeTreaty",
    "iso3_of",
    "normalise_number",
    "parse_signatures",
    "parse_treaty_list",
    "read_access_key",
]


class CoeParseError(UpdateError, ValueError):
    """The answer does not have the shape this parser reads; the message names the record."""


@dataclass(frozen=True, slots=True)
class CoeTreaty:
    number: str  # "126", "012A": three digits, zero-padded, then an optional letter
    series: str  # "ETS" (up to No. 193) or "CETS", from ``Mention``
    title: str  # English title without the "(ETS No. 126)" suffix or the "(*)" mark
    common_name: str | None  # "Anti-Torture Convention"
    opened_on: str | None  # ISO date the treaty was opened for signature (``Date_ste``)
    entry_into_force_on: str | None  # ISO date (``Date_vigueur_ste``); None if not in force
    parent: str | None  # number of the treaty it belongs to (a protocol's convention), normalised
    starred: bool  # the English title carries the Treaty Office's "(*)" mark (amending protocols)


@dataclass(frozen=True, slots=True)
class CoeAction:
    code: str  # the Treaty Office's code ("BUL", "TUR"); see :data:`COE_CODES` and :func:`iso3_of`
    name: str  # ``LibPaysOrga`` as given ("Türkiye")
    kind: ActionKind
    date: str | None  # ISO; None only for a denunciation known by its effect date alone
    effective_on: str | None  # denunciation: ``DateEffetDenonciation``
    note: str | None
    group: str  # "member", "non-member" or "organisation": the bucket the row came from


# The buckets of ``api/signatures``, in the order the service gives them.
GROUPS: tuple[str, ...] = ("member", "non-member", "organisation")

CONSENT_NOTE = "consent (ratification or accession; the service does not say which)"

# --------------------------------------------------------------------------------------------
# Country codes
# --------------------------------------------------------------------------------------------

# The Treaty Office's three-letter codes that differ from ISO 3166-1 alpha-3, mapped to ISO
# alpha-3. A code equal to its ISO alpha-3 ("AUT", "FRA", "TUR", "RUS", "UKR" ...) needs no entry.
# Written from knowledge of the Treaty Office's site and URLs, not from a published table (none was
# found): the member-state codes of the first block are the well-attested ones; the entries marked
# "unsure" are the best guess for a code the office may spell differently (or equal to ISO, in
# which case the entry is simply never used). An unknown code maps to None, never to a guess.
COE_CODES: dict[str, str] = {
    # member states (and former members)
    "BUL": "BGR",  # Bulgaria
    "CRO": "HRV",  # Croatia
    "DEN": "DNK",  # Denmark
    "GER": "DEU",  # Germany
    "GRE": "GRC",  # Greece
    "ICE": "ISL",  # Iceland
    "IRE": "IRL",  # Ireland
    "LAT": "LVA",  # Latvia
    "LIT": "LTU",  # Lithuania
    "NET": "NLD",  # Netherlands
    "POR": "PRT",  # Portugal
    "ROM": "ROU",  # Romania
    "SLO": "SVN",  # Slovenia (Slovakia is "SVK", as in ISO)
    "SPA": "ESP",  # Spain
    "SWI": "CHE",  # Switzerland
    "UK": "GBR",  # United Kingdom: two letters; unsure whether the service also sends "GBR"
    "MOL": "MDA",  # Moldova: unsure ("MDA", as in ISO, is possible)
    "MON": "MCO",  # Monaco: unsure ("MCO", as in ISO, is possible; Montenegro is "MNE")
    "SAN": "SMR",  # San Marino: unsure ("SMR", as in ISO, is possible)
    "ERY": "MKD",  # "the former Yugoslav Republic of Macedonia": unsure (now likely "MKD")
    # non-member states that signed or acceded to Council of Europe treaties: all unsure
    "JAP": "JPN",  # Japan
    "CHI": "CHL",  # Chile (not China)
    "PHI": "PHL",  # Philippines
    "SRI": "LKA",  # Sri Lanka
    "MAU": "MUS",  # Mauritius
    "PAR": "PRY",  # Paraguay
    "URU": "URY",  # Uruguay
    "COS": "CRI",  # Costa Rica
    "RSA": "ZAF",  # South Africa
    "HOL": "VAT",  # Holy See
}

# ISO 3166-1 alpha-3 (249 codes, as pycountry 26 lists them; a test compares the two) and the
# ISO 3166-3 codes of the former states a Council of Europe treaty table can still name.
_ISO3 = frozenset(
    """
    ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR
    BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG
    COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH
    FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
    HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM
    KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL
    MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
    NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU
    SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA
    TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB
    VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE
    """.split()
)
_FORMER_ISO3 = frozenset({"CSK", "DDR", "SCG", "SUN", "YUG"})


def iso3_of(code: str) -> str | None:
    """ISO alpha-3 of a Treaty Office code ("BUL" -> "BGR", "FRA" -> "FRA"); None for an
    organisation ("EU") or a code neither :data:`COE_CODES` nor ISO knows."""
    key = code.strip().upper()
    if key in COE_CODES:
        return COE_CODES[key]
    return key if key in _ISO3 or key in _FORMER_ISO3 else None


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_NUMBER = re.compile(r"0*(\d{1,3})([A-Za-z]?)")
# "(ETS No. 126)", "(CETS No. 210)", "(CETS 230)", "(ETS No. 061B)", then an optional "(*)".
_TITLE_SUFFIX = re.compile(
    r"\s*\((?P<series>C?ETS)\s*(?:No\.?\s*)?(?P<number>\d{1,3}[A-Za-z]?)\)\s*(?P<star>\(\*\))?\s*$"
)
_STAR = re.compile(r"\s*\(\*\)\s*$")
_ACCESS_KEY = re.compile(r"window\.conventions_api_key\s*=\s*(['\"])([^'\"\\\r\n]*)\1")


def _one_line(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def normalise_number(value: object, where: str = "treaty number") -> str:
    """The Treaty Office's number form: ``5`` / ``"5"`` / ``"005"`` -> ``"005"``, ``"12a"`` -> ``"012A"``."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise CoeParseError(f"{where}: not a treaty number: {value!r}")
    m = _NUMBER.fullmatch(str(value).strip())
    if m is None:
        raise CoeParseError(f"{where}: not a treaty number: {_one_line(str(value))!r}")
    return f"{int(m[1]):03d}{m[2].upper()}"


def _date(value: object, where: str) -> str | None:
    """``"1989-02-01T00:00:00"`` -> ``"1989-02-01"``; null -> None; anything else raises."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise CoeParseError(f"{where}: unreadable date {value!r}")
    text = value.strip()
    if not text:
        return None
    m = _DATE.fullmatch(text)
    if m is None:
        raise CoeParseError(f"{where}: unreadable date {_one_line(text)!r}")
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise CoeParseError(f"{where}: impossible date {text!r}") from None


def _text(value: object, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise CoeParseError(f"{where}: expected text, got {type(value).__name__}")
    return " ".join(value.split()) or None


def _load(text: str, what: str) -> object:
    body = text.lstrip("\ufeff \t\r\n")
    if not body:
        raise CoeParseError(f"{what}: empty answer")
    if body.startswith("<"):
        raise CoeParseError(f"{what}: the answer is HTML or XML, not JSON: {_one_line(body, 60)!r}")
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise CoeParseError(f"{what}: not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None


def _shape(value: object) -> str:
    return "an object" if isinstance(value, dict) else "null" if value is None else type(value).__name__


# --------------------------------------------------------------------------------------------
# api/traites/search
# --------------------------------------------------------------------------------------------


def _treaty(record: object, index: int) -> CoeTreaty:
    if not isinstance(record, dict):
        raise CoeParseError(f"treaty list, record {index}: expected an object, got {_shape(record)}")
    raw_number = record.get("Numero_traite")
    number = normalise_number(raw_number, f"treaty list, record {index}")
    where = f"treaty {number}"
    raw_title = _text(record.get("Libelle_titre_ENG"), f"{where}, Libelle_titre_ENG")
    if raw_title is None:
        raise CoeParseError(f"{where}: no English title (Libelle_titre_ENG)")
    suffix = _TITLE_SUFFIX.search(raw_title)
    star = _STAR.search(raw_title)
    title = raw_title[: suffix.start()] if suffix else raw_title[: star.start()] if star else raw_title
    title = title.strip()
    if not title:
        raise CoeParseError(f"{where}: empty English title")
    mention = _text(record.get("Mention"), f"{where}, Mention")
    series = mention.upper() if mention else (suffix["series"].upper() if suffix else None)
    if series not in ("ETS", "CETS"):
        raise CoeParseError(f"{where}: unknown series {mention!r} (Mention)")
    raw_parent = record.get("Numero_traite_parent")
    parent = (
        None
        if raw_parent is None or raw_parent == ""
        else normalise_number(raw_parent, f"{where}, Numero_traite_parent")
    )
    return CoeTreaty(
        number=number,
        series=series,
        title=title,
        common_name=_text(record.get("Nom_commun_ENG"), f"{where}, Nom_commun_ENG"),
        opened_on=_date(record.get("Date_ste"), f"{where}, Date_ste"),
        entry_into_force_on=_date(record.get("Date_vigueur_ste"), f"{where}, Date_vigueur_ste"),
        parent=None if parent == "000" else parent,  # CETS 221 writes "0" for "none"
        starred=bool(star),
    )


def parse_treaty_list(text: str) -> tuple[CoeTreaty, ...]:
    """Read the answer of ``POST api/traites/search``: every treaty, in the service's order."""
    data = _load(text, "treaty list")
    if not isinstance(data, list):
        raise CoeParseError(f"treaty list: expected a JSON array of treaties, got {_shape(data)}")
    treaties = tuple(_treaty(record, i) for i, record in enumerate(data, start=1))
    seen: set[str] = set()
    for t in treaties:
        if t.number in seen:
            raise CoeParseError(f"treaty list: treaty {t.number} appears twice")
        seen.add(t.number)
    return treaties


# --------------------------------------------------------------------------------------------
# api/signatures
# --------------------------------------------------------------------------------------------

_ROW_DATES: tuple[tuple[str, ActionKind, str | None], ...] = (
    ("DateSignature", ActionKind.SIGNATURE, None),
    ("DateConsentement", ActionKind.RATIFICATION, CONSENT_NOTE),
    ("DateEntreeVigueur", ActionKind.ENTRY_INTO_FORCE, None),
)


def _row(row: object, group: str, index: int, number: str) -> list[CoeAction]:
    where = f"treaty {number}, {group} row {index}"
    if not isinstance(row, dict):
        raise CoeParseError(f"{where}: expected an object, got {_shape(row)}")
    code = _text(row.get("CodePays"), f"{where}, CodePays")
    if code is None:
        raise CoeParseError(f"{where}: no CodePays")
    where = f"treaty {number}, {code}"
    name = _text(row.get("LibPaysOrga"), f"{where}, LibPaysOrga") or code
    row_number = row.get("NumSTE")
    if row_number is not None and row_number != "":
        if normalise_number(row_number, f"{where}, NumSTE") != number:
            raise CoeParseError(f"{where}: the row is for treaty {row_number!r}, not {number}")

    out: list[CoeAction] = []

    def act(kind: ActionKind, on: str | None, effective: str | None = None, note: str | None = None) -> None:
        out.append(CoeAction(code, name, kind, on, effective, note, group))

    for key, kind, note in _ROW_DATES:
        on = _date(row.get(key), f"{where}, {key}")
        if on is not None:
            act(kind, on, note=note)
    notice = _date(row.get("DateDenonciation"), f"{where}, DateDenonciation")
    effect = _date(row.get("DateEffetDenonciation"), f"{where}, DateEffetDenonciation")
    if notice is not None or effect is not None:
        act(ActionKind.DENUNCIATION, notice, effect)
    suspended = _date(row.get("DateSuspension"), f"{where}, DateSuspension")
    if suspended is not None:
        act(ActionKind.SUSPENSION, suspended)
    return out


def parse_signatures(text: str, number: str) -> tuple[CoeAction, ...]:
    """Read the answer of ``GET api/signatures?numSTE=<number>&langue=ENG``.

    Every non-null date of a row becomes one action: signature, ratification (the service's
    "consent", which may be an accession: see :data:`CONSENT_NOTE`), entry into force,
    denunciation (notice date, effect date in ``effective_on``; a denunciation known only by its
    effect date has ``date=None``) and suspension. A row whose ``NumSTE`` names another treaty
    raises.
    """
    wanted = normalise_number(number)
    what = f"signatures of treaty {wanted}"
    data = _load(text, what)
    if not isinstance(data, list):
        raise CoeParseError(f"{what}: expected a JSON array of {len(GROUPS)} buckets, got {_shape(data)}")
    if len(data) > len(GROUPS):
        raise CoeParseError(f"{what}: {len(data)} buckets, expected at most {len(GROUPS)}")
    actions: list[CoeAction] = []
    for group, bucket in zip(GROUPS, data, strict=False):
        if bucket is None:
            continue
        if not isinstance(bucket, list):
            raise CoeParseError(f"{what}: the {group} bucket is {_shape(bucket)}, not an array of rows")
        for i, row in enumerate(bucket, start=1):
            actions.extend(_row(row, group, i, wanted))
    return tuple(actions)


# --------------------------------------------------------------------------------------------
# The access key
# --------------------------------------------------------------------------------------------


def read_access_key(page_html: str) -> str:
    """The anonymous key the public Treaty Office page publishes as ``window.conventions_api_key``.

    The service wants it in the ``token`` header of every request. It is read from the page each
    time, never stored in the code.
    """
    m = _ACCESS_KEY.search(page_html)
    if m is None or not m[2].strip():
        raise CoeParseError("no window.conventions_api_key in the Treaty Office page")
    return m[2].strip()
