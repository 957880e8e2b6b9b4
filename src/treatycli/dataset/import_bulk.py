"""Importers for the bulk sources beyond the UN: WIPO Lex pages and the IEADB download.

``python -m treatycli.dataset.import_bulk ../shared/sources [--out data/sources]`` writes, for each
source ``<src>`` in ``wipo`` and ``ieadb``, the normalised records files the compiler loads:

* ``source.csv``: id,title,url,retrieved_on,licence,covers_until
* ``treaties.csv``: the treaties this source adds (none that the database already has)
* ``actions.csv``: treaty,state,kind,date,date_precision,effective_on,note,source_id,confidence
* ``coverage.csv``: treaty,coverage,as_of,source_id,note

The same input gives byte-identical files (rows sorted, ``\\n`` line ends).

WIPO Lex is the depositary's own table (the Director General of WIPO): ``verified``, coverage
``complete`` as of the capture. The three treaties on those pages whose depositary is the UN
Secretary-General (Rome, Phonograms, Brussels) are left to the UN table we already hold.

IEADB is a research dataset: ``corroborated``, coverage ``partial``. Only multilateral, legally
binding environmental agreements with three or more parties are imported; amendments and annexes
are left out (counted); an agreement that is the same instrument as one of ours is mapped by the
hand-written ``data/sources/ieadb/links.csv`` and its rows either attach to our treaty (Council of
Europe treaties, which have no participant table of ours) or are skipped where a depositary table of
ours covers it (UN, WIPO, and treaties with their own curated table).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import MONTH_NAMES
from ..enums import CONSENT_KINDS, ActionKind, DatePrecision
from ..sources import ieadb as ieadb_src
from ..sources import wipo_lex
from ..text import normalise
from .records import ACTION_COLUMNS, COVERAGE_COLUMNS, SOURCE_COLUMNS, TREATY_COLUMNS, write_csv

LINK_COLUMNS = ("ieadb_id", "treaty_id", "note")

Row = dict[str, str]


class BulkImportError(ValueError):
    """Input the importer cannot place; the message names the file and row."""


# ------------------------------------------------------------------------------------------------
# States
# ------------------------------------------------------------------------------------------------


@dataclass
class StateMap:
    """Participant names -> our state ids, through ``state_aliases.csv`` plus explicit tables."""

    aliases: dict[str, set[str]]
    extra: dict[str, str]  # exact name -> id, for names the alias table does not know
    no_id: dict[str, str]  # exact name -> why it is left out (no participant id of ours)
    skipped: Counter[str] = field(default_factory=Counter)

    @classmethod
    def load(cls, path: Path, extra: dict[str, str], no_id: dict[str, str]) -> StateMap:
        aliases: dict[str, set[str]] = defaultdict(set)
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                aliases[r["alias"]].add(r["state_id"])
        return cls(dict(aliases), extra, no_id)

    def resolve(self, name: str, where: str) -> str | None:
        """Our id, or None for a name listed in ``no_id``; anything else unknown raises."""
        if name in self.extra:
            return self.extra[name]
        if name in self.no_id:
            self.skipped[name] += 1
            return None
        ids = self.aliases.get(normalise(name), set())
        if len(ids) != 1:
            raise BulkImportError(f"{where}: participant {name!r} maps to {sorted(ids) or 'nothing'}")
        return next(iter(ids))


# ------------------------------------------------------------------------------------------------
# WIPO Lex
# ------------------------------------------------------------------------------------------------

WIPO_AS_OF = "2026-02-03"
WIPO_DEPOSITARY = "Director General of WIPO"
WIPO_COVERAGE_NOTE = (
    "WIPO Lex lists current contracting parties only; denunciations are not shown, so a state "
    "absent from this list may have joined and left: it denies membership on its own date only"
)


@dataclass(frozen=True)
class WipoTreaty:
    id: str
    title: str
    short_name: str
    adopted_on: str
    adopted_place: str
    entry_into_force_on: str  # the treaty's own entry into force; "" if it never entered into force
    aliases: tuple[str, ...]


# One entry per page of the snapshot (file stem). Titles, places and dates are the treaties' own
# (WIPO's treaty pages); a page not listed here stops the import.
WIPO_TREATIES: dict[str, WipoTreaty] = {
    ("wipo_convention" if t.id == "wipo-convention" else t.id.removeprefix("wipo-").replace("-", "_")): t
    for t in (
        WipoTreaty(
            "wipo-convention",
            "Convention Establishing the World Intellectual Property Organization",
            "WIPO Convention",
            "1967-07-14",
            "Stockholm",
            "1970-04-26",
            (
                "wipo convention",
                "wipo",
                "convention establishing the world intellectual property organization",
            ),
        ),
        WipoTreaty(
            "wipo-paris",
            "Paris Convention for the Protection of Industrial Property",
            "Paris Convention",
            "1883-03-20",
            "Paris",
            "1884-07-07",
            ("paris convention", "paris convention industrial property"),
        ),
        WipoTreaty(
            "wipo-berne",
            "Berne Convention for the Protection of Literary and Artistic Works",
            "Berne Convention",
            "1886-09-09",
            "Berne",
            "1887-12-05",
            ("berne", "berne convention", "bern copyright convention"),
        ),
        WipoTreaty(
            "wipo-madrid-indications",
            "Madrid Agreement for the Repression of False or Deceptive Indications of Source on Goods",
            "Madrid Agreement (Indications of Source)",
            "1891-04-14",
            "Madrid",
            "1892-07-15",
            ("madrid agreement indications of source",),
        ),
        WipoTreaty(
            "wipo-madrid-marks",
            "Madrid Agreement Concerning the International Registration of Marks",
            "Madrid Agreement (Marks)",
            "1891-04-14",
            "Madrid",
            "1892-07-15",
            ("madrid agreement", "madrid agreement marks"),
        ),
        WipoTreaty(
            "wipo-madrid-protocol",
            "Protocol Relating to the Madrid Agreement Concerning the International Registration of Marks",
            "Madrid Protocol",
            "1989-06-27",
            "Madrid",
            "1995-12-01",
            ("madrid protocol", "madrid system"),
        ),
        WipoTreaty(
            "wipo-hague",
            "Hague Agreement Concerning the International Registration of Industrial Designs",
            "Hague Agreement",
            "1925-11-06",
            "The Hague",
            "1928-06-01",
            ("hague agreement", "hague agreement industrial designs"),
        ),
        WipoTreaty(
            "wipo-lisbon",
            "Lisbon Agreement for the Protection of Appellations of Origin and their International "
            "Registration",
            "Lisbon Agreement",
            "1958-10-31",
            "Lisbon",
            "1966-09-25",
            ("lisbon agreement",),
        ),
        WipoTreaty(
            "wipo-pct",
            "Patent Cooperation Treaty",
            "PCT",
            "1970-06-19",
            "Washington",
            "1978-01-24",
            ("pct", "patent cooperation treaty"),
        ),
        WipoTreaty(
            "wipo-budapest",
            "Budapest Treaty on the International Recognition of the Deposit of Microorganisms for the "
            "Purposes of Patent Procedure",
            "Budapest Treaty",
            "1977-04-28",
            "Budapest",
            "1980-08-19",
            ("budapest treaty",),
        ),
        WipoTreaty(
            "wipo-nairobi",
            "Nairobi Treaty on the Protection of the Olympic Symbol",
            "Nairobi Treaty",
            "1981-09-26",
            "Nairobi",
            "1982-09-25",
            ("nairobi treaty", "olympic symbol treaty"),
        ),
        WipoTreaty(
            "wipo-tlt",
            "Trademark Law Treaty",
            "TLT",
            "1994-10-27",
            "Geneva",
            "1996-08-01",
            ("tlt", "trademark law treaty"),
        ),
        WipoTreaty(
            "wipo-plt",
            "Patent Law Treaty",
            "PLT",
            "2000-06-01",
            "Geneva",
            "2005-04-28",
            ("plt", "patent law treaty"),
        ),
        WipoTreaty(
            "wipo-singapore",
            "Singapore Treaty on the Law of Trademarks",
            "Singapore Treaty",
            "2006-03-27",
            "Singapore",
            "2009-03-16",
            ("singapore treaty", "stlt"),
        ),
        WipoTreaty(
            "wipo-wct",
            "WIPO Copyright Treaty",
            "WCT",
            "1996-12-20",
            "Geneva",
            "2002-03-06",
            ("wct", "wipo copyright treaty"),
        ),
        WipoTreaty(
            "wipo-wppt",
            "WIPO Performances and Phonograms Treaty",
            "WPPT",
            "1996-12-20",
            "Geneva",
            "2002-05-20",
            ("wppt", "wipo performances and phonograms treaty"),
        ),
        WipoTreaty(
            "wipo-beijing",
            "Beijing Treaty on Audiovisual Performances",
            "Beijing Treaty",
            "2012-06-24",
            "Beijing",
            "2020-04-28",
            ("beijing treaty", "batp"),
        ),
        WipoTreaty(
            "wipo-marrakesh",
            "Marrakesh Treaty to Facilitate Access to Published Works for Persons Who Are Blind, "
            "Visually Impaired or Otherwise Print Disabled",
            "Marrakesh Treaty",
            "2013-06-27",
            "Marrakesh",
            "2016-09-30",
            ("marrakesh treaty", "marrakesh vip treaty", "marrakesh"),
        ),
        WipoTreaty(
            "wipo-strasbourg",
            "Strasbourg Agreement Concerning the International Patent Classification",
            "Strasbourg Agreement",
            "1971-03-24",
            "Strasbourg",
            "1975-10-07",
            ("strasbourg agreement", "ipc agreement"),
        ),
        WipoTreaty(
            "wipo-nice",
            "Nice Agreement Concerning the International Classification of Goods and Services for the "
            "Purposes of the Registration of Marks",
            "Nice Agreement",
            "1957-06-15",
            "Nice",
            "1961-04-08",
            ("nice agreement",),
        ),
        WipoTreaty(
            "wipo-vienna-classification",
            "Vienna Agreement Establishing an International Classification of the Figurative Elements "
            "of Marks",
            "Vienna Agreement",
            "1973-06-12",
            "Vienna",
            "1985-08-09",
            ("vienna agreement figurative elements",),
        ),
        WipoTreaty(
            "wipo-locarno",
            "Locarno Agreement Establishing an International Classification for Industrial Designs",
            "Locarno Agreement",
            "1968-10-08",
            "Locarno",
            "1971-04-27",
            ("locarno agreement",),
        ),
        WipoTreaty(
            "wipo-washington",
            "Treaty on Intellectual Property in Respect of Integrated Circuits",
            "Washington Treaty (IPIC)",
            "1989-05-26",
            "Washington",
            "",
            ("ipic treaty", "washington treaty integrated circuits"),
        ),
    )
}
# Pages of treaties whose depositary is the UN Secretary-General: our UN table is the depositary's.
WIPO_UN_DEPOSITED: dict[str, str] = {"rome": "un-xiv-3", "phonograms": "un-xiv-4", "brussels": "un-xxv-1"}
# WIPO's names our alias table does not know.
WIPO_STATE_NAMES: dict[str, str] = {"European Union (EU)": "EU"}
# Intergovernmental IP organisations with no participant id of ours (states.csv has none).
WIPO_NO_ID: dict[str, str] = dict.fromkeys(
    (
        "African Intellectual Property Organization (OAPI)",
        "Benelux Organization for Intellectual Property (BOIP)",
        "Eurasian Patent Organization (EAPO)",
        "European Patent Organisation (EPO)",
    ),
    "intergovernmental organisation with no participant id",
)


def wipo_records(folder: Path, states_csv: Path) -> tuple[dict[str, list[Row]], Counter[str]]:
    """Parse every page in ``folder/html`` into the four record files' rows."""
    states = StateMap.load(states_csv, WIPO_STATE_NAMES, WIPO_NO_ID)
    counts: Counter[str] = Counter()
    out: dict[str, list[Row]] = {"source": [], "treaties": [], "actions": [], "coverage": []}
    pages = sorted((folder / "html").glob("*.html"))
    if not pages:
        raise BulkImportError(f"{folder}: no WIPO Lex pages")
    for path in pages:
        stem = path.stem
        if stem in WIPO_UN_DEPOSITED:
            counts["pages left to the UN depositary table"] += 1
            continue
        if stem not in WIPO_TREATIES:
            raise BulkImportError(f"{path}: no entry for page {stem!r} in WIPO_TREATIES")
        t = WIPO_TREATIES[stem]
        page = wipo_lex.parse_page(path.read_text(encoding="utf-8"), str(path))
        sid = f"wipo-lex-{stem.replace('_', '-')}-{WIPO_AS_OF}"
        out["source"].append(
            {
                "id": sid,
                "title": f"WIPO Lex, contracting parties: {t.title}, as of {WIPO_AS_OF}",
                "url": page.url,
                "retrieved_on": WIPO_AS_OF,
                "licence": "facts are WIPO's (wipo.int terms of use)",
                "covers_until": WIPO_AS_OF,
            }
        )
        out["treaties"].append(
            {
                "id": t.id,
                "title": t.title,
                "short_name": t.short_name,
                "series": f"WIPO Lex treaty {page.wipo_treaty_id}",
                "depositary": WIPO_DEPOSITARY,
                "adopted_on": t.adopted_on,
                "adopted_place": t.adopted_place,
                "opened_on": "",
                "entry_into_force_on": t.entry_into_force_on,
                "not_in_force_as_of": "" if t.entry_into_force_on else WIPO_AS_OF,
                "parent_id": "",
                "status_url": page.url,
                "source_id": sid,
                "aliases": "|".join(sorted(set(t.aliases))),
            }
        )
        out["coverage"].append(
            {
                "treaty": t.id,
                "coverage": "current",  # the parties of WIPO_AS_OF: no one who left before is named
                "as_of": WIPO_AS_OF,
                "source_id": sid,
                "note": WIPO_COVERAGE_NOTE,
            }
        )
        for n, row in enumerate(page.rows, start=1):
            state = states.resolve(row.member, f"{path.name} row {n}")
            if state is None:
                counts["rows of organisations with no participant id"] += 1
                continue
            if not (row.signature or row.instrument_date or row.in_force):
                counts["rows with no date at all (not counted as members by WIPO)"] += 1
                continue

            def act(
                kind: ActionKind,
                on: str,
                note: str = "",
                effective: str = "",
                confidence: str = "verified",
                tid: str = t.id,
                state: str = state,
                sid: str = sid,
            ) -> None:
                out["actions"].append(
                    {
                        "treaty": tid,
                        "state": state,
                        "kind": kind.value,
                        "date": on,
                        "date_precision": DatePrecision.DAY.value,
                        "effective_on": effective,
                        "note": note,
                        "source_id": sid,
                        "confidence": confidence,
                    }
                )

            if row.signature:
                act(ActionKind.SIGNATURE, row.signature)
            if row.instrument_date and row.instrument_kind and row.instrument_label:
                note = (
                    ""
                    if row.instrument_label.casefold() == row.instrument_kind.value
                    else row.instrument_label
                )
                confidence = "verified"
                if not row.in_force:
                    # WIPO Lex lists the instrument but no entry into force, and does not count the
                    # state among the members (TLT: Burkina Faso and Guinea, whose accessions wait for
                    # their regional office; the Washington Treaty, never in force). Kept, but not
                    # allowed to make the state a party.
                    why = (
                        "the treaty has not entered into force"
                        if not t.entry_into_force_on
                        else "WIPO Lex gives no date of entry into force for this party and does not count "
                        "it among the members"
                    )
                    note = "; ".join(x for x in (note, why) if x)
                    if t.entry_into_force_on:  # pending for this party only: not allowed to decide
                        confidence = "unverified"
                        counts["instruments with no entry into force (unverified)"] += 1
                    else:  # the treaty itself is not in force: the consent stands, binding nobody
                        counts["instruments to a treaty not in force"] += 1
                act(row.instrument_kind, row.instrument_date, note, confidence=confidence)
            if row.in_force:
                note = "" if row.instrument_date else "in force for this party; WIPO Lex names no instrument"
                act(ActionKind.ENTRY_INTO_FORCE, row.in_force, note, effective=row.in_force)
        counts["pages"] += 1
    for name, n in states.skipped.items():
        counts[f"skipped rows: {name}"] += n
    return out, counts


# ------------------------------------------------------------------------------------------------
# IEADB
# ------------------------------------------------------------------------------------------------

IEADB_SOURCE_ID = "ieadb-2026-01-31"
IEADB_RETRIEVED = "2026-01-31"
IEADB_AS_OF = "2026-01-23"  # the date of the files in the download
# IEADB's own labels saying an agreement is not in force (a note on the agreement, not an act)
IEADB_NOT_IN_FORCE = frozenset({"Not yet in force", "Not expected to enter into force"})
IEADB_COVERAGE_NOTE = (
    "International Environmental Agreements Database (research dataset); dates not checked against "
    "the depositary"
)
MIN_PARTIES = 3

# Agreement types that amend, adjust, extend or annex another agreement: their rows are not a
# party's consent to any treaty of ours and are left out (counted).
AMENDMENT_TYPES = frozenset(
    {
        "Amendment",
        "Amendment of Annex, Appendix, or Other Attachment",
        "Agreement-Amendment",
        "Regulations as Amendments",
        "Arrangement-Amendment",
        "Adjustment",
        "Annex to Protocol",
        "Declaration modifying a convention",
        "Council Decision To Extend",
        "Extension",
    }
)
# Not legally binding: "is the state bound" has no answer.
NON_BINDING_TYPES = frozenset({"Memorandum of understanding", "Statute-nonbinding"})

# Agreements IEADB counts as environmental (for a clause or a protocol) that are not this source's
# to answer: trade and economic-integration treaties (their exits, such as the United Kingdom's
# from the EU treaties, are recorded there with the wrong dates), arms-control treaties (left to
# the arms-control sources). Organisations' charters the curated layer covers (FAO, the Energy
# Charter Treaty) are linked in links.csv instead, so their rows are skipped.
_TRADE = "trade or economic-integration agreement, outside this source's scope"
_ARMS = "arms-control treaty, left to the arms-control sources"
IEADB_EXCLUDED: dict[str, str] = {
    **dict.fromkeys(
        (
            "3088 3192 3832 3851 3855 3857 8503 8829 9126 9127 9128 9133 9134 9135 9139 9140 9141 "
            "9142 9143 9144 9145 9151 9152 9154 9159 9165 9169 9184 9186 9200"
        ).split(),
        _TRADE,
    ),
    **dict.fromkeys("2603 2726 2754 2755 2756 3227 3234 3236 3237".split(), _ARMS),
    "3203": "protocol to the Energy Charter Treaty (linked to our ect), left out with it",
}

# IEADB's official names our alias table does not know, and our id for each.
IEADB_STATE_NAMES: dict[str, str] = {
    "Congo, Republic of the": "COG",
    "Congo, Democratic Republic of": "COD",
    "Korea, Democratic People's Republic": "PRK",
    "Germany, Former GDR": "DDR",
    "Palestine, Occupied Territories": "PSE",
    "Faeroe Islands": "FRO",
    "Saint Helena": "SHN",
    # the Ukrainian and Byelorussian SSRs had their own treaty relations; the UN files their acts
    # under Ukraine and Belarus
    "Ukraine (Soviet period)": "UKR",
    "Belarus (Soviet period)": "BLR",
}
# Names with no participant id of ours. Entries IEADB files as "<State> (pre-YYYY)" (colonial or
# earlier entities) and "IO-..." (international organisations other than the EU) are handled by
# the rule in ``_ieadb_no_id``; these are the others.
IEADB_NO_ID: dict[str, str] = {
    "Agreement": "a row about the agreement itself, not a participant",
    "Austria-Hungary": "historic state with no id of ours",
    "Prussia": "historic state with no id of ours",
    "Yemen, Arab Republic": "North Yemen (to 1990): no id of ours",
    "Yemen, Democratic": "South Yemen (to 1990): no id of ours",
    "Vietnam, South": "Republic of Viet Nam (to 1976): no id of ours",
    "Yugoslavia (1918-1943)": "Kingdom of Yugoslavia: no id of ours",
    "Germany (pre-1949)": "German Reich: no id of ours",
    "Sahrawi Arab Democratic Republic": "no id of ours",
    "Netherlands Antilles": "dissolved 2010: no id of ours",
    "Saint Martin": "IEADB does not say which part (French or Dutch)",
    "Transkei": "not recognised as a state",
    "Bophutatswana": "not recognised as a state",
    "Venda": "not recognised as a state",
    "Ciskei": "not recognised as a state",
    "Organisation of Eastern Caribbean States": "organisation with no id of ours",
}
_PRE = re.compile(r".+\((?:pre-\d{4}|\d{4}-\d{4})\)$")
_SUBNATIONAL = re.compile(r"^(?:Germany|Belgium|Poland|Canada|United States|Australia|Italy|Spain) \(.+\)$")

# Well-known agreements: the names people type for them, and the depositary where it is certain
# (by IEA#; the IEADB title is checked, so a renumbered download stops the import).
IEADB_NAMES: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "2621": (
        "International Convention For The Regulation Of Whaling",
        "ICRW",
        ("whaling convention", "icrw", "international whaling convention", "iwc convention"),
        "Government of the United States of America",
    ),
    "2814": (
        "Convention On International Trade In Endangered Species Of Wild Fauna And Flora",
        "CITES",
        ("cites", "endangered species convention"),
        "Government of Switzerland",
    ),
    "2793": (
        "Convention On Wetlands Of International Importance Especially As Waterfowl Habitat",
        "Ramsar Convention",
        ("ramsar", "ramsar convention", "wetlands convention"),
        "Director-General of UNESCO",
    ),
    "2896": (
        "Convention On The Conservation Of Migratory Species Of Wild Animals",
        "CMS",
        ("cms", "bonn convention", "convention on migratory species"),
        "Government of Germany",
    ),
    "2688": (
        "Antarctic Treaty",
        "Antarctic Treaty",
        ("antarctic treaty",),
        "Government of the United States of America",
    ),
    "3103": (
        "Protocol On Environmental Protection To The Antarctic Treaty",
        "Antarctic Environmental Protocol",
        ("antarctic environmental protocol", "madrid protocol antarctic"),
        "Government of the United States of America",
    ),
    "2914": (
        "Convention On The Conservation Of Antarctic Marine Living Resources",
        "CCAMLR",
        ("ccamlr", "camlr convention"),
        "Government of Australia",
    ),
    "2751": (
        "International Convention For The Conservation Of Atlantic Tunas",
        "ICCAT Convention",
        ("iccat", "iccat convention"),
        "Director-General of FAO",
    ),
    "2812": (
        "Convention For The Protection Of The World Cultural And Natural Heritage",
        "World Heritage Convention",
        ("world heritage convention",),
        "Director-General of UNESCO",
    ),
    "2813": (
        "Convention On The Prevention Of Marine Pollution By Dumping Of Wastes And Other Matter",
        "London Convention",
        ("london convention", "london dumping convention"),
        "",
    ),
    "3253": (
        "Protocol To The Convention On The Prevention Of Marine Pollution By Dumping Of Wastes And "
        "Other Matter",
        "London Protocol",
        ("london protocol",),
        "Secretary-General of the IMO",
    ),
    "2874": (
        "Protocol To The International Convention for the Prevention of Pollution From Ships - Protocol and "
        "Annexes I and II",
        "MARPOL",
        ("marpol", "marpol 73 78"),
        "Secretary-General of the IMO",
    ),
    "2841": (
        "Convention For The Protection Of The Mediterranean Sea Against Pollution",
        "Barcelona Convention",
        ("barcelona convention",),
        "Government of Spain",
    ),
    "3216": (
        "Agreement On The Conservation Of African-Eurasian Migratory Waterbirds",
        "AEWA",
        ("aewa",),
        "",
    ),
    "3106": (
        "Agreement On The Conservation Of Populations of European Bats",
        "EUROBATS",
        ("eurobats",),
        "",
    ),
    "3342": (
        "Agreement On The Conservation Of Albatrosses And Petrels",
        "ACAP",
        ("acap",),
        "",
    ),
    "3135": (
        "Convention For The Protection Of The Marine Environment Of The North East Atlantic",
        "OSPAR Convention",
        ("ospar", "ospar convention"),
        "",
    ),
    "3120": (
        "Convention On The Protection Of The Marine Environment Of The Baltic Sea Area",
        "Helsinki Convention (1992)",
        ("helcom convention", "helsinki convention 1992"),
        "",
    ),
    "3346": (
        "International Treaty On Plant Genetic Resources For Food And Agriculture",
        "Plant Treaty",
        ("itpgrfa", "plant treaty"),
        "Director-General of FAO",
    ),
    "8808": (
        "Regional Agreement on Access to Information, Public Participation and Justice in Environmental "
        "Matters in Latin America and the Caribbean",
        "Escazú Agreement",
        ("escazu", "escazu agreement"),
        "Secretary-General of the United Nations",
    ),
}

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_US_DATE = rf"{_MONTH} \d{{1,2}}, \d{{4}}"
_UK_DATE = rf"\d{{1,2}} {_MONTH} \d{{4}}"
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_COMPACT_DATE = r"(?:19|20)\d{2}[01]\d[0-3]\d\b"
_ANY_DATE = rf"(?:{_US_DATE}|{_UK_DATE}|{_ISO_DATE}|{_COMPACT_DATE})"
_NOTICE_RE = re.compile(
    rf"(?:note|notification|notice|letter|instrument)(?: of withdrawal| of denunciation)? (?:dated|of|"
    rf"received(?: by the depositary)? on|deposited on) ({_ANY_DATE})"
)
_EFFECT_RE = re.compile(
    rf"(?:effective(?: as of| on| from)?|take[sn]? effect(?: on| as of| from)?|took effect(?: on)?|"
    rf"[Ii]n [Ee]ffect on|"
    rf"with effect from|enters into force on|entered into force on|came into effect on) ({_ANY_DATE})"
)
_MONTHS = {name: n for n, name in enumerate(MONTH_NAMES, 1)}  # full names only


def _note_date(text: str) -> str:
    if re.fullmatch(_ISO_DATE, text):
        return text
    if text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    parts = text.replace(",", "").split()
    if parts[0] in _MONTHS:
        month, day, year = _MONTHS[parts[0]], int(parts[1]), int(parts[2])
    else:
        day, month, year = int(parts[0]), _MONTHS[parts[1]], int(parts[2])
    return f"{year:04d}-{month:02d}-{day:02d}"


_NOTIFIED_RE = re.compile(r"(?:[Ww]ithdrawal notified|[Dd]enunciation) on (\d{4})(\d{2})(\d{2})\b")


def exit_dates_in_note(note: str, row_date: str = "") -> tuple[str, str]:
    """(notice date, effective date) stated in an IEADB note, "" where not stated or not clear.

    A note that tells of several notices, or of a cancelled one (Panama and the whaling convention:
    notices of 1968 and 1977 withdrawn, a third in 1979), gives no notice date: the first one named
    is not necessarily the one that took effect. Of several effective dates, the one equal to the
    row's own date is taken, else none."""
    notices = [_note_date(m.group(1)) for m in _NOTICE_RE.finditer(note)]
    notices += ["-".join(m.groups()) for m in _NOTIFIED_RE.finditer(note)]
    effects = [_note_date(m.group(1)) for m in _EFFECT_RE.finditer(note)]
    cancelled = any(w in note.casefold() for w in ("cancel", "withdrawal of its notice", "revok", "rescind"))
    notice = notices[0] if len(set(notices)) == 1 and not cancelled else ""
    if row_date and row_date in effects:
        effect = row_date
    else:
        effect = effects[0] if len(set(effects)) == 1 else ""
    return notice, effect


# IEADB records the end of a state that dissolved or merged as a "Withdrawal" of its continuator
# (the GDR on 1990-10-02, Czechoslovakia on 1992-12-31, Serbia and Montenegro on 2006-06-03...).
# That is not a denunciation; those rows are left out (counted).
_DISSOLUTION_DATES = frozenset(
    {"1990-10-02", "1990-10-03", "1991-12-25", "1991-12-26", "1992-12-31", "1993-01-01", "2006-06-03"}
)
_DISSOLUTION_WORDS = ("assumed on day before", "dissolution", "succeeded by")


def is_dissolution(m: ieadb_src.IeadbMember) -> bool:
    note = m.notes.casefold()
    return m.date in _DISSOLUTION_DATES or any(w in note for w in _DISSOLUTION_WORDS)


def _ieadb_no_id(name: str) -> bool:
    return bool(name in IEADB_NO_ID or _PRE.match(name) or _SUBNATIONAL.match(name) or name.startswith("IO-"))


_SMALL_WORDS = frozenset(
    "a an and as at by for from in into of on or the to with under between concerning regarding "
    "relating its their".split()
)


def _title(name: str) -> str:
    """IEADB writes titles in Title Case ("Convention For The Regulation Of Whaling"); lower the
    small words again, keeping the first word."""
    words = name.split(" ")
    return " ".join(
        w.lower() if i and w.lower() in _SMALL_WORDS and w[:1].isupper() and w[1:].islower() else w
        for i, w in enumerate(words)
    )


def read_links(path: Path) -> dict[str, Row]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != LINK_COLUMNS:
            raise BulkImportError(f"{path}: columns {reader.fieldnames}, expected {list(LINK_COLUMNS)}")
        out: dict[str, Row] = {}
        for line, r in enumerate(reader, start=2):
            if r["ieadb_id"] in out:
                raise BulkImportError(f"{path} line {line}: IEADB {r['ieadb_id']} linked twice")
            out[r["ieadb_id"]] = r
    return out


def known_treaties(src: Path) -> set[str]:
    """Every treaty id the database already has (UN, CoE, reference, curated, WIPO)."""
    ids: set[str] = set()
    for rel, column in (
        ("untc/treaties.csv", "id"),
        ("untc_live/pages.csv", "treaty"),
        ("coe/treaties.csv", "id"),
        ("wipo/treaties.csv", "id"),
    ):
        path = src / rel
        if path.exists():
            with path.open(encoding="utf-8", newline="") as fh:
                ids.update(r[column] for r in csv.DictReader(fh))
    rules = src / "rules.toml"
    if rules.exists():
        ids.update(t["id"] for t in tomllib.loads(rules.read_text(encoding="utf-8")).get("treaty", []))
    for path in sorted((src / "curated").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                if r.get("treaty"):
                    ids.add(r["treaty"])
    ids.update(t.id for t in WIPO_TREATIES.values())
    return ids


def depositary_tables(src: Path) -> set[str]:
    """Treaties whose participants come from a depositary table of ours: IEADB rows never attach to them."""
    covered = {tid for tid in known_treaties(src) if tid.startswith(("un-", "wipo-"))}
    for path in sorted((src / "curated").glob("*.coverage.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            covered.update(r["treaty"] for r in csv.DictReader(fh))
    return covered


@dataclass
class _Exit:
    date: str
    precision: str
    effective_on: str
    note: str
    confidence: str
    semantics: str  # "notice", "effective", "either"


def _exit_row(m: ieadb_src.IeadbMember) -> _Exit:
    semantics = ieadb_src.EXIT_ACTIONS[m.action]
    notice, effect = exit_dates_in_note(m.notes, m.date)
    day = m.precision is DatePrecision.DAY
    if semantics == "notice":
        return _Exit(m.date, m.precision.value, effect, m.notes, "corroborated", "notice")
    if semantics == "effective":
        return _Exit(notice, "day" if notice else "unknown", m.date, m.notes, "corroborated", "effective")
    # "Withdrawal": the note decides what the date is
    if day and (effect == m.date or "effective date" in m.notes.casefold()):
        return _Exit(notice, "day" if notice else "unknown", m.date, m.notes, "corroborated", "effective")
    if day and notice == m.date:
        return _Exit(m.date, "day", effect, m.notes, "corroborated", "notice")
    if day and effect and effect > m.date:  # the note's effect comes later: the date is the notice
        return _Exit(m.date, "day", effect, m.notes, "corroborated", "notice")
    if day and notice and notice < m.date:  # the note's notice came earlier: the date is the effect
        return _Exit(notice, "day", m.date, m.notes, "corroborated", "effective")
    return _Exit(m.date, m.precision.value, "", m.notes, "unverified", "either")


def _merge_exits(exits: list[_Exit]) -> list[_Exit]:
    """Pair a notice-only row with an effective-only row of the same member (IEADB often gives the
    notice as "Withdrawal" or "Denunciation" and the effect as "Denunciation (effective date)")."""
    effective = [e for e in exits if e.semantics == "effective" and not e.date]
    others = [e for e in exits if not (e.semantics == "effective" and not e.date)]
    out: list[_Exit] = []
    for e in sorted(others, key=lambda x: x.date):
        if not e.effective_on and effective and e.date and effective[0].effective_on >= e.date:
            eff = effective.pop(0)
            note = "; ".join(x for x in (e.note, eff.note) if x)
            out.append(_Exit(e.date, e.precision, eff.effective_on, note, "corroborated", "notice"))
        else:
            out.append(e)
    return out + effective


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def ieadb_records(zip_path: Path, src: Path) -> tuple[dict[str, list[Row]], Counter[str]]:
    """Select, map and write the IEADB agreements and rows (see the module docstring)."""
    agreements, members = ieadb_src.read_zip(zip_path)
    links = read_links(src / "ieadb" / "links.csv")
    known = known_treaties(src)
    covered = depositary_tables(src)
    for aid, linked in links.items():
        if aid not in agreements:
            raise BulkImportError(f"ieadb/links.csv: IEADB {aid} is not in db_treaties.csv")
        if linked["treaty_id"] not in known:
            raise BulkImportError(
                f"ieadb/links.csv: IEADB {aid} links to unknown treaty {linked['treaty_id']}"
            )
    states = StateMap.load(src / "state_aliases.csv", IEADB_STATE_NAMES, {})
    counts: Counter[str] = Counter()
    by_agreement: dict[str, list[ieadb_src.IeadbMember]] = defaultdict(list)
    for m in members:
        by_agreement[m.agreement].append(m)
    unknown = sorted(set(by_agreement) - set(agreements), key=int)
    if unknown:
        raise BulkImportError(f"db_members.csv: agreements {unknown[:5]} are not in db_treaties.csv")

    out: dict[str, list[Row]] = {"treaties": [], "actions": [], "coverage": []}
    target: dict[str, str] = {}  # IEA# -> our treaty id, for every agreement whose rows we import
    per_target_rows: dict[str, list[Row]] = {}
    for aid in sorted(by_agreement, key=int):
        a, rows = agreements[aid], by_agreement[aid]
        link: Row | None = links.get(aid)
        if link and link["treaty_id"] in covered:
            counts["linked agreements skipped (a depositary table of ours covers them)"] += 1
            counts["rows skipped: covered by a depositary table of ours"] += len(rows)
            continue
        if not link:
            if aid in IEADB_EXCLUDED:
                counts["agreements excluded by IEADB_EXCLUDED"] += 1
                counts["rows skipped: agreements excluded by IEADB_EXCLUDED"] += len(rows)
                continue
            if not a.eligibility.startswith("Multilateral"):
                counts["rows skipped: bilateral or other non-multilateral agreements"] += len(rows)
                continue
            if a.type_l3 in AMENDMENT_TYPES:
                counts["amendment agreements left out"] += 1
                counts["amendment rows left out"] += len(rows)
                continue
            if a.inclusion != "MEA" or a.type_l3 in NON_BINDING_TYPES:
                counts["rows skipped: not a binding environmental agreement (IEADB inclusion code)"] += len(
                    rows
                )
                continue
            if a.terminated_on or any(
                m.action in ("Termination", "Partial termination of agreement") for m in rows
            ):
                counts["agreements skipped: terminated or replaced"] += 1
                counts["rows skipped: terminated or replaced agreements"] += len(rows)
                continue
        tid = link["treaty_id"] if link else f"ieadb-{aid}"
        acts: list[Row] = []
        exits: dict[str, list[_Exit]] = defaultdict(list)
        parties: set[str] = set()
        for m in rows:
            if m.kind is None:
                counts["rows skipped: not an act of the member (derived, notes, terminations)"] += 1
                continue
            where = f"db_members.csv line {m.line}"
            if _ieadb_no_id(m.country):
                counts["rows skipped: participant with no id of ours"] += 1
                continue
            state = states.resolve(m.country, where)
            assert state is not None
            if m.kind is ActionKind.DENUNCIATION:
                if is_dissolution(m):
                    counts["exit rows left out: a state's dissolution or merger, not a denunciation"] += 1
                    continue
                exits[state].append(_exit_row(m))
                continue
            if m.kind in CONSENT_KINDS or m.kind is ActionKind.ENTRY_INTO_FORCE:
                parties.add(state)
            label = m.action if m.action.casefold() != m.kind.value.replace("_", " ") else ""
            note = "; ".join(x for x in (label, _shorten(m.notes)) if x)
            acts.append(
                {
                    "treaty": tid,
                    "state": state,
                    "kind": m.kind.value,
                    "date": m.date,
                    "date_precision": m.precision.value,
                    "effective_on": m.date if m.kind is ActionKind.ENTRY_INTO_FORCE else "",
                    "note": note,
                    "source_id": IEADB_SOURCE_ID,
                    "confidence": "corroborated",
                }
            )
        for state, items in exits.items():
            for e in _merge_exits(items):
                if not e.date and not e.effective_on:
                    counts["exit rows left out: no date"] += 1
                    continue
                if e.confidence == "unverified":
                    note = (
                        f"IEADB gives {e.date} without saying whether the withdrawal was notified "
                        "or took effect that day"
                    )
                else:
                    note = ""
                note = "; ".join(x for x in (note, _shorten(e.note)) if x)
                acts.append(
                    {
                        "treaty": tid,
                        "state": state,
                        "kind": ActionKind.DENUNCIATION.value,
                        "date": e.date,
                        "date_precision": e.precision,
                        "effective_on": e.effective_on,
                        "note": note,
                        "source_id": IEADB_SOURCE_ID,
                        "confidence": e.confidence,
                    }
                )
                counts[f"exit rows ({e.confidence})"] += 1
        if not link and len(parties) < MIN_PARTIES:
            counts[f"agreements skipped: fewer than {MIN_PARTIES} parties"] += 1
            counts[f"rows skipped: agreements with fewer than {MIN_PARTIES} parties"] += len(rows)
            continue
        target[aid] = tid
        per_target_rows[tid] = acts
        counts["linked agreements attached to our treaty" if link else "agreements imported"] += 1
    for aid, tid in target.items():
        a = agreements[aid]
        if not tid.startswith("ieadb-"):
            out["coverage"].append(_ieadb_coverage(tid))
            continue
        names = IEADB_NAMES.get(aid)
        if names and normalise(names[0]) != normalise(a.name):
            raise BulkImportError(f"IEADB_NAMES: IEADB {aid} is {a.name!r}, not {names[0]!r}")
        parent = target.get(a.parent) or (links[a.parent]["treaty_id"] if a.parent in links else "")
        out["treaties"].append(
            {
                "id": tid,
                "title": _title(a.name),
                "short_name": names[1] if names else "",
                "series": f"IEADB {aid}",
                "depositary": names[3] if names else "",
                "adopted_on": a.concluded_on,
                "adopted_place": ""
                if a.concluded_place.casefold() in ("", "not known", "unknown")
                else a.concluded_place,
                "opened_on": "",
                "entry_into_force_on": a.entry_into_force_on,
                "not_in_force_as_of": ""
                if a.entry_into_force_on or not any(m.action in IEADB_NOT_IN_FORCE for m in by_agreement[aid])
                else IEADB_AS_OF,
                "parent_id": parent,
                "status_url": a.membership_url if a.membership_url.startswith("http") else "",
                "source_id": IEADB_SOURCE_ID,
                "aliases": "|".join(names[2]) if names else "",
            }
        )
        out["coverage"].append(_ieadb_coverage(tid))
    _disambiguate_titles(out["treaties"], src, agreements)
    seen: set[tuple[str, ...]] = set()
    for tid in sorted(per_target_rows):
        for act in per_target_rows[tid]:
            key = tuple(act[c] for c in ACTION_COLUMNS)
            if key in seen:
                counts["duplicate rows dropped"] += 1
                continue
            seen.add(key)
            out["actions"].append(act)
    for name, n in states.skipped.items():
        counts[f"skipped rows: {name}"] += n
    out["source"] = [
        {
            "id": IEADB_SOURCE_ID,
            "title": "International Environmental Agreements Database (IEADB), Université Laval: "
            "all CSV files (db_treaties.csv, db_members.csv), downloaded 2026-01-31",
            "url": "https://www.iea.ulaval.ca/en/download/ieadb-dataset-current-version-all-ieadb-dataset-files",
            "retrieved_on": IEADB_RETRIEVED,
            "licence": "cite: International Environmental Agreements Database Project, Université Laval, "
            "https://www.iea.ulaval.ca (no redistribution licence stated)",
            "covers_until": IEADB_AS_OF,
        }
    ]
    return out, counts


def _disambiguate_titles(
    treaties: list[Row], src: Path, agreements: dict[str, ieadb_src.IeadbAgreement]
) -> None:
    """Two instruments with one title (the 1984 and the 1992 Protocols amending the ICCAT Convention)
    would make the title an ambiguous name: add the place and year of conclusion, then the IEADB
    number if that is not enough."""
    taken: Counter[str] = Counter()
    for rel in ("untc/treaties.csv", "coe/treaties.csv"):
        path = src / rel
        if path.exists():
            with path.open(encoding="utf-8", newline="") as fh:
                taken.update(normalise(r["title"]) for r in csv.DictReader(fh))
    counts = Counter(normalise(t["title"]) for t in treaties) + taken
    for t in treaties:
        if counts[normalise(t["title"])] < 2:
            continue
        a = agreements[t["id"].removeprefix("ieadb-")]
        when = ", ".join(x for x in (t["adopted_place"], a.concluded_on[:4]) if x)
        t["title"] = f"{t['title']} ({when})" if when else t["title"]
    counts = Counter(normalise(t["title"]) for t in treaties) + taken
    for t in treaties:
        if counts[normalise(t["title"])] > 1:
            t["title"] = f"{t['title']} (IEADB {t['id'].removeprefix('ieadb-')})"


def _ieadb_coverage(tid: str) -> Row:
    return {
        "treaty": tid,
        "coverage": "partial",
        "as_of": IEADB_AS_OF,
        "source_id": IEADB_SOURCE_ID,
        "note": IEADB_COVERAGE_NOTE,
    }


# ------------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------------


def _sort_key(columns: Sequence[str]) -> Callable[[Row], tuple[str, ...]]:
    def key(row: Row) -> tuple[str, ...]:
        if "state" in row:  # actions: treaty, state, date (undated last), kind, then the rest
            return (
                row["treaty"],
                row["state"],
                row["date"] or "9999",
                row["kind"],
                *(row[c] for c in columns),
            )
        return tuple(row[c] for c in columns)

    return key


def write_rows(path: Path, columns: Sequence[str], records: Iterable[Row]) -> int:
    return write_csv(path, columns, sorted(records, key=_sort_key(columns)), strict=True)


def write_source(out: Path, records: dict[str, list[Row]]) -> dict[str, int]:
    return {
        "source": write_rows(out / "source.csv", SOURCE_COLUMNS, records["source"]),
        "treaties": write_rows(out / "treaties.csv", TREATY_COLUMNS, records["treaties"]),
        "actions": write_rows(out / "actions.csv", ACTION_COLUMNS, records["actions"]),
        "coverage": write_rows(out / "coverage.csv", COVERAGE_COLUMNS, records["coverage"]),
    }


def import_all(shared: Path, out: Path) -> dict[str, Counter[str]]:
    wipo, wipo_counts = wipo_records(shared / "wipo-lex-2026-02", out / "state_aliases.csv")
    for k, n in write_source(out / "wipo", wipo).items():
        wipo_counts[f"written {k}"] = n
    ieadb, ieadb_counts = ieadb_records(shared / "ieadb-2026-01" / "all-csv-files.zip", out)
    for k, n in write_source(out / "ieadb", ieadb).items():
        ieadb_counts[f"written {k}"] = n
    return {"wipo": wipo_counts, "ieadb": ieadb_counts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m treatycli.dataset.import_bulk")
    parser.add_argument("shared_sources", type=Path)
    parser.add_argument("--out", type=Path, default=Path("data/sources"))
    args = parser.parse_args(argv)
    for source, counts in import_all(args.shared_sources, args.out).items():
        for name, n in sorted(counts.items()):
            print(f"{source}: {name}: {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
