"""Parser for a UN Treaty Collection status page (``Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=...``).

Pure: HTML text in, typed records out; no I/O and no network. The page layout it reads is described
in ``PROVENANCE.md`` ("UNTC MTDSG status page") of the live samples:

* the participant table is the ``<table>`` whose id ends in ``_tblgrid``; its first row
  (``class="thead-one"``) holds the column headers in ``<td>`` cells;
* a date cell reads ``&nbsp;4 Dec<TAB> 1997 a``: abbreviated month, a tab before the year and a
  case-sensitive suffix naming the act; a "Provisional application(n)" column holds ``... n``;
* a withdrawn participant's dated cells are wrapped in square brackets, and the dates of the
  withdrawal are given only in the numbered footnote the participant cell points to
  (``<div id="..._divNotesAll"><a name='N'>N</a>...``);
* the status line says ``Signatories : N. Parties : M`` (or ``Parties : M`` alone).

Every unknown column header, suffix or unreadable date raises :class:`UntcParseError` naming the
cell. Footnotes are read sentence by sentence. A sentence that withdraws or denounces something is
classed by the first thing it names after the verb: the treaty ("denounce the said Optional
Protocol", "notification of withdrawal from the Covenant", a bare "notification of withdrawal") gives
a ``denunciation``; a reservation, declaration or objection ("withdraw, with effect as from that
date, the reservation", "a partial withdrawal") gives a ``declaration_withdrawn``; "does not intend
to become a party" gives a ``signature_withdrawn``. Its date is the "On <date>" / "received on <date>"
that leads the sentence (or the one of the sentence introducing a quotation: "... of the
following:"); "took/will take effect ... on <date>" or "with effect from <date>" in the same or the
next sentences gives the effective date. A notice whose footnote states no effect date gives
``effective_on=None`` (never computed from the treaty's notice period).

The page is then checked against itself, and any mismatch is a parse error naming the page and
the row, never a silent pass: a row cites a footnote the page lacks; a bracketed row whose
footnotes record no withdrawal; a withdrawal in a footnote that names none of the rows citing it;
a withdrawal on an unbracketed row that is neither pending, nor followed by a new consent, nor
held by the depositary to be without effect (no withdrawal clause); a count of current parties
different from the page's own "Parties : M".

Below the table, :func:`parse_declarations` reads the texts the page gives per participant
(declarations and reservations, objections, declarations under an article, notifications, territorial
application) and :func:`parse_procedures` what they say about the complaint, inter-state and inquiry
procedures of CAT, CERD, CED and CMW; both are described where they are defined.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..dates import MONTH_NAMES, MONTH_NUMBERS
from ..enums import CONSENT_KINDS
from ..errors import UpdateError
from ..models import ActionKind
from .html_events import HtmlEvents

__all__ = [
    "PROCEDURE_ARTICLES",
    "UNTC_BASE",
    "DeclarationText",
    "ProcedureRecord",
    "UntcAction",
    "UntcDeclarationsError",
    "UntcNoteEvent",
    "UntcPage",
    "UntcParseError",
    "events_in_note",
    "parse_declarations",
    "parse_procedures",
    "parse_status_page",
    "status_page_url",
    "withdrawals_in_note",
]

UNTC_BASE = "https://treaties.un.org"


class UntcParseError(UpdateError, ValueError):
    """The page does not have the shape this parser reads; the message names the cell."""


@dataclass(frozen=True, slots=True)
class UntcAction:
    participant: str  # the UN's name, footnote numbers and links stripped
    kind: ActionKind
    date: str  # ISO YYYY-MM-DD (for a denunciation: the date of the notice)
    effective_on: str | None  # denunciation: the date the footnote says it takes/took effect
    note: str | None  # from a footnote: "note N: <the footnote sentences, shortened>"
    footnotes: tuple[str, ...]  # footnote numbers on the participant cell


@dataclass(frozen=True, slots=True)
class UntcPage:
    mtdsg: str  # "XXVI-5"
    title: str
    concluded: str | None  # "Oslo, 18 September 1997"
    entry_into_force: str | None  # ISO date from the entry-into-force cell
    status_as_at: str | None  # ISO date of "STATUS AS AT : 03-02-2026 ..." (day-month-year)
    participants: tuple[str, ...]  # every row's participant, in table order
    actions: tuple[UntcAction, ...]
    withdrawn: tuple[str, ...]  # participants whose row is bracketed
    url: str = ""  # the page's own address on the UN site (``status_page_url``)
    parties_stated: int | None = None  # the page's "Parties : M", equal to ``parties`` once parsed
    signatories_stated: int | None = None  # the page's "Signatories : N", where it gives one
    parties: tuple[str, ...] = ()  # participants the table shows bound: unbracketed, with a consent
    not_in_force: bool = False  # the entry-into-force cell says "Not yet in force" (the CTBT)


# --------------------------------------------------------------------------------------------
# The page's address
# --------------------------------------------------------------------------------------------

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_MTDSG_FORM = re.compile(r"([IVXLC]+)-(\d+)(?:-[a-z])?", re.IGNORECASE)


def _roman(numeral: str) -> int:
    values = [_ROMAN[c] for c in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def status_page_url(mtdsg: str, base: str = UNTC_BASE) -> str:
    """The UN's address of a status page: ``mtdsg_no=XXVI-8&chapter=26`` (the chapter's number,
    as the UN's own links give it)."""
    if not _MTDSG_FORM.fullmatch(mtdsg):
        raise ValueError(f"not an MTDSG number: {mtdsg!r}")
    chapter = _roman(mtdsg.split("-")[0])
    root = base.rstrip("/")
    return f"{root}/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={mtdsg}&chapter={chapter}&clang=_en"


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_MONTHS: dict[str, int] = {name.casefold(): n for name, n in MONTH_NUMBERS.items()} | {"sept": 9}

# Suffixes of the consent column; case matters ("a" accession, "A" acceptance).
_CONSENT_SUFFIXES: dict[str, ActionKind] = {
    "a": ActionKind.ACCESSION,
    "A": ActionKind.ACCEPTANCE,
    "AA": ActionKind.APPROVAL,
    "d": ActionKind.SUCCESSION,
    "c": ActionKind.FORMAL_CONFIRMATION,
    "s": ActionKind.DEFINITIVE_SIGNATURE,
    "P": ActionKind.CONSENT,
}
# Suffixes of a signature column: "d" is a succession to signature, still a signature.
_SIGNATURE_SUFFIXES: dict[str, ActionKind] = {"": ActionKind.SIGNATURE, "d": ActionKind.SIGNATURE}
# "Provisional application(n)", "Provisional application under article 23(n)": every date says n.
_PROVISIONAL_SUFFIXES: dict[str, ActionKind] = {"n": ActionKind.PROVISIONAL_APPLICATION}

# Unsuffixed labels of a consent column header, in the order they are tried.
_CONSENT_LABELS: tuple[tuple[str, ActionKind], ...] = (
    ("ratification", ActionKind.RATIFICATION),
    ("accession", ActionKind.ACCESSION),
    ("acceptance", ActionKind.ACCEPTANCE),
    ("approval", ActionKind.APPROVAL),
    ("succession", ActionKind.SUCCESSION),
    ("formal confirmation", ActionKind.FORMAL_CONFIRMATION),
    ("definitive signature", ActionKind.DEFINITIVE_SIGNATURE),
    ("consent", ActionKind.CONSENT),
    ("participation", ActionKind.CONSENT),
)
_CONSENT_HEADER = re.compile(
    r"ratification|accession|acceptance|approval|succession|confirmation|definitive signature"
    r"|consent|participation",
    re.IGNORECASE,
)
_PROVISIONAL_HEADER = re.compile(r"^provisional application\b[^,]*\(n\)$", re.IGNORECASE)
_SUFFIXED_PART = re.compile(r"\(\s*[A-Za-z]{1,2}\s*\)\s*$")

_CELL_DATE = re.compile(
    r"(?P<open>\[)?\s*(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})\.?\s+(?P<year>\d{4})"
    r"\s*(?P<suffix>[A-Za-z]{1,2})?\s*(?P<close>\])?"
)

# Dates in running text: "27 June 2025".
_TEXT_DATE = r"(\d{1,2})\s+(" + "|".join(MONTH_NAMES) + r")\s*,?\s+(\d{4})"
_TEXT_DATE_RE = re.compile(_TEXT_DATE)
_ON_DATE = re.compile(r"\b[Oo]n\s+" + _TEXT_DATE)
# The date that leads a sentence: "On 27 June 2025, ...", "Subsequently, on ...", "In a notification
# received on ...", "By a communication received from the Permanent Mission on ..."; not a date
# further in ("done in New York on 18 December 1979"), nor one in a quotation ("Whereas on ...").
_LEAD = re.compile(
    r"(?:(?:subsequently|further|furthermore|also|then|thereafter|later|finally|moreover|however)\s*,?\s+)?"
    r"(?:(?:in|by)\s+an?\s+[\w-]+\s+(?:received|dated)(?:\s+from\s+[^,.;]{1,60}?)?\s+)?"
    r"[Oo]n\s+" + _TEXT_DATE,
    re.IGNORECASE,
)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_EFFECT_TRIGGER = re.compile(
    r"\b(?:took|takes?|taken|taking)\s+effect\b|\bwith\s+effect\b|\b(?:become|became|becomes)?\s*effective\b",
    re.IGNORECASE,
)
_EFFECT_DATE = re.compile(r".{0,120}?\b(?:on|from|as of|as from)\s+" + _TEXT_DATE, re.DOTALL)
_WITHDRAWAL_WORD = re.compile(r"\b(?:withdr\w*|denounc\w*|denunciation)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_WINDOW = 12  # words after the verb in which its object is looked for
# The object of "withdraw"/"denounce", by the first word that names it.
_TREATY_WORDS = frozenset(
    {"convention", "covenant", "protocol", "treaty", "agreement", "amendment", "amendments", "statute"}
)
_RESERVATION_WORDS = frozenset(
    {
        "reservation",
        "reservations",
        "declaration",
        "declarations",
        "objection",
        "objections",
        "understanding",
        "understandings",
        "communication",
        "communications",
        "territorial",
        "exclusion",
        "extension",
        "modification",
        "notifications",
    }
)
_SIGNATURE_WORDS = frozenset({"signature"})
# "the Convention concerning the employment of women ... (ILO Convention No. 45)": another treaty.
_OTHER_INSTRUMENT = re.compile(r"^\W*(?:concerning|no\b|n°|\(ilo)", re.IGNORECASE)
_NOT_A_PARTY = re.compile(
    r"\b(?:does|did|do)\s+not\s+intend\s+to\s+become\s+(?:a\s+)?party|\bintention\s+not\s+to\s+become\s+(?:a\s+)?party",
    re.IGNORECASE,
)
# The depositary holds a notice to be without effect: "As the Covenant does not contain a
# withdrawal provision, ...", "a withdrawal ... would not appear possible unless all States Parties".
_NO_CLAUSE = re.compile(
    r"(?:does|did)\s+not\s+contain\s+(?:a|any)\s+(?:withdrawal|denunciation)\s+(?:provision|clause)"
    r"|\bno\s+(?:withdrawal|denunciation)\s+(?:provision|clause)"
    r"|withdrawal\b.{0,80}\bwould\s+not\s+appear\s+possible",
    re.IGNORECASE | re.DOTALL,
)
_SENTENCE_BREAK = re.compile(r"(?<=[.;])\s+(?=[A-Z(\"\u201c])|\s*\n\s*")
_STATUS_AS_AT = re.compile(r"STATUS\s+AS\s+AT\s*:\s*(\d{1,2})-(\d{1,2})-(\d{4})", re.IGNORECASE)
_PARTIES_STATED = re.compile(r"\bParties\s*:\s*(\d+)", re.IGNORECASE)
_SIGNATORIES_STATED = re.compile(r"\bSignatories\s*:\s*(\d+)", re.IGNORECASE)
_CHAPTER = re.compile(r"CHAPTER\s+([IVXLC]+)\b", re.IGNORECASE)
_TITLE_NUMBER = re.compile(r"^\s*(\d+)\s*\.\s*(?:([a-z])(?=\s))?\s*")
_URL_MTDSG = re.compile(r"mtdsg_no=([A-Za-z0-9.\-]+)")
_NOTE_MAX = 400
# "(See depositary notification C.N.360.2025.TREATIES-XXVI-5 of 3 July 2025)": dropped from notes.
_REFERENCE = re.compile(r"\s*\((?:see|refer)\b[^()]*\)", re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^()]*\)")


def _clean(text: str) -> str:
    """Collapse every run of whitespace (tabs, no-break spaces, line ends) into one space."""
    return " ".join(text.replace("\xa0", " ").split())


def _iso(year: int, month: int, day: int, what: str) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise UntcParseError(f"{what}: impossible date") from None


def _text_date(m: re.Match[str]) -> str:
    """ISO form of a match whose groups 1-3 are a ``_TEXT_DATE`` ("27 June 2025")."""
    day, month, year = m.group(1), m.group(2), m.group(3)
    return _iso(int(year), _MONTHS[month.casefold()], int(day), repr(m.group(0)))


# --------------------------------------------------------------------------------------------
# HTML collection
# --------------------------------------------------------------------------------------------

_FIELD_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("rptTreaty_ctl00_tcTreaty", "title"),
    ("rptTreaty_ctl00_tcText", "concluded"),
    ("rptEIF_ctl00_tcText", "eif"),
    ("rptEIF_ctl00_tcEifLabel", "eif_label"),  # "Entry into force", or "Not yet in force" (the CTBT)
    ("rptHead_ctl00_tcHead", "chapter"),
    ("_div3", "status"),
    ("rptStatus_ctl00_tcText", "parties"),
)


@dataclass(slots=True)
class _Cell:
    text: list[str] = field(default_factory=list)
    sup: list[str] = field(default_factory=list)

    @property
    def clean(self) -> str:
        return _clean("".join(self.text))

    @property
    def footnotes(self) -> tuple[str, ...]:
        return tuple(re.findall(r"\d+", "".join(self.sup)))


@dataclass(slots=True)
class _Row:
    classes: str
    cells: list[_Cell] = field(default_factory=list)


class _Collector(HtmlEvents):
    """One pass over the page: header fields, footnotes, and the ``_tblgrid`` table's cells."""

    error = UntcParseError

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.rows: list[_Row] = []
        self.grid_found = False
        self._div_depth = 0
        self._capture: str | None = None
        self._capture_depth = 0
        self._buf: list[str] = []
        self._note_no: str | None = None
        self._in_note_number = False
        self._grid_depth = 0
        self._row: _Row | None = None
        self._cell: _Cell | None = None
        self._sup_depth = 0

    # -- divs: header fields and footnotes ---------------------------------------------------
    def _start_div(self, ident: str) -> None:
        self._div_depth += 1
        if self._capture is not None or not ident:
            return
        key = "note" if ident.endswith("divNotesAll") else None
        if key is None:
            key = next((k for suffix, k in _FIELD_SUFFIXES if ident.endswith(suffix)), None)
        if key is None or (key != "note" and key in self.fields):
            return
        self._capture, self._capture_depth, self._buf = key, self._div_depth, []
        self._note_no, self._in_note_number = None, False

    def _end_div(self) -> None:
        if self._capture is not None and self._div_depth == self._capture_depth:
            text = "".join(self._buf)
            if self._capture == "note":
                if self._note_no is not None and self._note_no not in self.notes:
                    self.notes[self._note_no] = text
            else:
                self.fields[self._capture] = text
            self._capture = None
        self._div_depth = max(0, self._div_depth - 1)

    # -- the participant table ---------------------------------------------------------------
    def _close_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.cells.append(self._cell)
        self._cell, self._sup_depth = None, 0

    def _close_row(self) -> None:
        self._close_cell()
        if self._row is not None and self._row.cells:
            self.rows.append(self._row)
        self._row = None

    # -- event hooks --------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "div":
            self._start_div(a.get("id", ""))
        elif tag == "br":
            self.handle_data("\n")
        elif tag == "a" and self._capture == "note" and self._note_no is None and a.get("name"):
            self._note_no, self._in_note_number = a["name"].strip(), True
        elif tag == "table":
            if self._grid_depth:
                self._grid_depth += 1
            elif not self.grid_found and a.get("id", "").endswith("_tblgrid"):
                self.grid_found, self._grid_depth = True, 1
        elif self._grid_depth == 1:
            if tag == "tr":
                self._close_row()
                self._row = _Row(a.get("class", ""))
            elif tag in ("td", "th") and self._row is not None:
                self._close_cell()
                self._cell = _Cell()
            elif tag == "sup" and self._cell is not None:
                self._sup_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            self._end_div()
        elif tag == "a" and self._in_note_number:
            self._in_note_number = False
        elif tag == "table" and self._grid_depth:
            self._grid_depth -= 1
            if not self._grid_depth:
                self._close_row()
        elif self._grid_depth == 1:
            if tag == "tr":
                self._close_row()
            elif tag in ("td", "th"):
                self._close_cell()
            elif tag == "sup" and self._sup_depth:
                self._sup_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._capture is not None and not self._in_note_number:
            self._buf.append(data)
        if self._cell is not None:
            (self._cell.sup if self._sup_depth else self._cell.text).append(data)


# --------------------------------------------------------------------------------------------
# Columns and cells
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Column:
    header: str
    suffixes: dict[str, ActionKind]

    def kind(self, suffix: str, where: str) -> ActionKind:
        try:
            return self.suffixes[suffix]
        except KeyError:
            raise UntcParseError(f"{where}: unknown suffix {suffix!r}") from None


def _column(header: str) -> _Column:
    if header.casefold().startswith("signature"):
        return _Column(header, _SIGNATURE_SUFFIXES)
    if _PROVISIONAL_HEADER.match(header):
        return _Column(header, _PROVISIONAL_SUFFIXES)
    if not _CONSENT_HEADER.search(header):
        raise UntcParseError(f"unrecognised column header {header!r}")
    default = ActionKind.RATIFICATION
    bare = [p.strip().casefold() for p in header.split(",") if not _SUFFIXED_PART.search(p)]
    for label in bare:
        hit = next((k for word, k in _CONSENT_LABELS if label.startswith(word)), None)
        if hit is not None:
            default = hit
            break
    return _Column(header, {"": default, **_CONSENT_SUFFIXES})


def _parse_cell(raw: str, where: str) -> tuple[str, str, bool] | None:
    """``'[ 9 Jan 2012 a]'`` -> (``'2012-01-09'``, ``'a'``, bracketed); an empty cell -> None."""
    text = _clean(raw)
    if not text:
        return None
    m = _CELL_DATE.fullmatch(text)
    if m is None:
        raise UntcParseError(f"{where}: unreadable date")
    if bool(m["open"]) != bool(m["close"]):
        raise UntcParseError(f"{where}: unbalanced brackets")
    month = _MONTHS.get(m["month"].casefold())
    if month is None:
        raise UntcParseError(f"{where}: unknown month {m['month']!r}")
    iso = _iso(int(m["year"]), month, int(m["day"]), where)
    return iso, m["suffix"] or "", bool(m["open"])


# --------------------------------------------------------------------------------------------
# Footnotes: withdrawals from the treaty, of reservations, of a signature
# --------------------------------------------------------------------------------------------

_DENOUNCED = ActionKind.DENUNCIATION
_RESERVATION_WITHDRAWN = ActionKind.DECLARATION_WITHDRAWN
_SIGNATURE_WITHDRAWN = ActionKind.SIGNATURE_WITHDRAWN
_SIGNED = ActionKind.SIGNATURE


@dataclass(frozen=True, slots=True)
class UntcNoteEvent:
    """One dated act a footnote records."""

    kind: ActionKind  # denunciation | declaration_withdrawn | signature_withdrawn
    date: str  # ISO date of the notice
    effective_on: str | None  # denunciation: "took/will take effect ... on <date>"
    actor: str  # the sentence that dates the act and names who did it
    text: str  # the sentences it was read from
    without_effect: bool = False  # the depositary holds a withdrawal impossible (no withdrawal clause)


@dataclass(slots=True)
class _Event:
    kind: ActionKind
    date: str
    effective: str | None
    actor: str
    sentences: list[str]


def _sentences(text: str) -> list[str]:
    text = text.replace("\xa0", " ").replace("\r", "")
    parts = (_clean(p) for p in _SENTENCE_BREAK.split(text))
    return [p for p in parts if p]


def _object(text: str, verb: re.Match[str]) -> ActionKind | None:
    """What a "withdraw"/"denounce" is about: the first thing named within a few words after it."""
    for n, word in enumerate(_WORD.finditer(text, verb.end())):
        if n >= _WINDOW:
            break
        w = word.group(0).casefold()
        if w in _RESERVATION_WORDS:
            return _RESERVATION_WITHDRAWN
        if w in _SIGNATURE_WORDS:
            return _SIGNATURE_WITHDRAWN
        if w in _TREATY_WORDS:
            return None if _OTHER_INSTRUMENT.match(text, word.end()) else _DENOUNCED
    noun = verb.group(0).casefold()
    if not noun.startswith(("withdrawal", "denunciation")):
        return None
    before = [w.casefold() for w in _WORD.findall(text, 0, verb.start())[-2:]]
    if before[-1:] == ["partial"]:
        return _RESERVATION_WITHDRAWN
    if before[-1:] == ["its"] or before in (["notification", "of"], ["instrument", "of"]):
        return _DENOUNCED  # "a notification of withdrawal.", "notified ... of its denunciation."
    return None


def _classify(sentence: str) -> ActionKind | None:
    """The act a sentence reports, if it withdraws or denounces something.

    A sentence that withdraws a reservation is never also read as leaving the treaty ("... it
    denounced the Convention concerning ... (ILO Convention No. 45) and ... withdraws the reservation").
    """
    if _NOT_A_PARTY.search(sentence):
        return _SIGNATURE_WITHDRAWN
    text = sentence
    while True:
        bare = _PARENTHESES.sub(" ", text)
        if bare == text:
            break
        text = bare
    kinds = {_object(text, m) for m in _WITHDRAWAL_WORD.finditer(text)}
    for kind in (_RESERVATION_WITHDRAWN, _SIGNATURE_WITHDRAWN, _DENOUNCED):
        if kind in kinds:
            return kind
    return None


def _effect(sentence: str) -> tuple[str, int, int] | None:
    """The first "took effect ... on <date>" / "with effect from <date>": (ISO, start, end)."""
    for trigger in _EFFECT_TRIGGER.finditer(sentence):
        m = _EFFECT_DATE.match(sentence, trigger.end())
        if m is not None:
            return _text_date(m), trigger.start(), m.end()
    return None


def _in_parentheses(sentence: str, pos: int) -> bool:
    return sentence.count("(", 0, pos) > sentence.count(")", 0, pos)


def _on_dates(sentence: str, effect: tuple[str, int, int] | None) -> list[re.Match[str]]:
    """Every "on <date>" of the sentence outside its effect clause and any parentheses."""
    return [
        m
        for m in _ON_DATE.finditer(sentence)
        if not (effect is not None and m.start() < effect[2] and effect[1] < m.end())
        and not _in_parentheses(sentence, m.start())
    ]


def events_in_note(text: str) -> list[UntcNoteEvent]:
    """Every dated withdrawal a footnote records: of the treaty, of a reservation, of a signature.

    The date is the "On <date>" leading the sentence; inside a quotation introduced by a dated
    sentence ("On 31 October 2023, X notified ... of the following:") it is the introduction's date,
    whatever dates the quoted text mentions. A treaty withdrawal may also take a later "on <date>" of
    its own sentence ("decided to denounce the Convention on 23 October 1997"). A mention without
    such a date is skipped, not guessed.
    """
    found: list[_Event] = []
    current: _Event | None = None  # the withdrawal whose effect date may follow
    intro: tuple[str, str] | None = None  # (ISO date, sentence) of "On <date>, ... the following:"
    for sentence in _sentences(text):
        effect = _effect(sentence)
        dates = _on_dates(sentence, effect)
        lead = _LEAD.match(sentence)
        kind = _classify(sentence)
        when: tuple[str, str] | None = None
        if lead is not None:
            when = (_text_date(lead), sentence)
        elif intro is not None:
            when = intro
        elif kind is _DENOUNCED and dates:
            when = (_text_date(dates[0]), sentence)
        if kind is not None and when is not None and _RESPECTIVELY.search(when[1]):
            # "On 17 March 1995 and 3 September 1996, respectively, the Governments of A and B ...":
            # which date is whose is not read; a reservation's withdrawal is left out, a withdrawal
            # from the treaty stops the page.
            if kind is not _RESERVATION_WITHDRAWN:
                what = _shorten(when[1], 160)
                raise UntcParseError(f"a footnote dates several acts 'respectively': {what!r}")
        elif kind is not None and when is not None:
            actor = when[1]
            sentences = [sentence] if actor == sentence else [actor, sentence]
            effective = effect[0] if effect and kind is _DENOUNCED else None
            event = _Event(kind, when[0], effective, actor, sentences)
            found.append(event)
            current = event if kind is _DENOUNCED else None
        elif current is not None and effect is not None and current.effective is None:
            current.effective = effect[0]
            current.sentences.append(sentence)
        elif kind is None and effect is None:
            current = None
        if sentence.rstrip().endswith(":"):
            intro = (_text_date(lead), sentence) if lead is not None else None
        elif lead is not None:
            intro = None
    no_clause = [s for s in _sentences(text) if _NO_CLAUSE.search(s)]
    out: list[UntcNoteEvent] = []
    seen: set[tuple[ActionKind, str, str | None]] = set()
    for e in found:
        if (e.kind, e.date, e.effective) in seen:
            continue
        seen.add((e.kind, e.date, e.effective))
        without_effect = e.kind is _DENOUNCED and e.effective is None and bool(no_clause)
        read = " ".join(dict.fromkeys(e.sentences + (no_clause if without_effect else [])))
        out.append(UntcNoteEvent(e.kind, e.date, e.effective, e.actor, read, without_effect))
    return out


def withdrawals_in_note(text: str) -> list[tuple[str, str | None, str]]:
    """Every withdrawal from the treaty a footnote dates: (notice ISO, effective ISO or None, sentences)."""
    return [(e.date, e.effective_on, e.text) for e in events_in_note(text) if e.kind is _DENOUNCED]


def _shorten(text: str, limit: int = _NOTE_MAX) -> str:
    text = _REFERENCE.sub("", text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


# --------------------------------------------------------------------------------------------
# The page
# --------------------------------------------------------------------------------------------


def _mtdsg(fields: dict[str, str], html: str) -> str:
    chapter = _CHAPTER.search(_clean(fields.get("chapter", "")))
    number = _TITLE_NUMBER.match(_clean(fields.get("title", "")))
    if chapter and number:
        return "-".join(p for p in (chapter[1].upper(), number[1], number[2]) if p)
    url = _URL_MTDSG.search(html)
    if url:
        return url[1]
    raise UntcParseError("no MTDSG number in the page's header or links; pass mtdsg=")


def _cited(row: _Row) -> tuple[str, ...]:
    """The footnote numbers a row cites, in order, each once."""
    return tuple(dict.fromkeys(n for cell in row.cells for n in cell.footnotes))


def _fold(text: str) -> str:
    return _clean(text.replace("\u2019", "'").replace("\u2018", "'")).casefold()


def _base(participant: str) -> str:
    return _fold(participant.split(" (")[0])


def _word(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def _names(text: str, participant: str, others: tuple[str, ...] = ()) -> bool:
    """Whether ``text`` names the participant ("Netherlands (Kingdom of the)" -> "Netherlands"),
    as whole words ("Slovakia" is not named by "Czechoslovakia"), and not only inside the longer
    name of another participant (``others``: "Republic of Korea" in "Democratic People's Republic
    of Korea", "Sudan" in "South Sudan")."""
    name = _base(participant)
    folded = _fold(text)
    for other in others:
        longer = _base(other)
        if longer != name and name in longer:
            folded = _word(longer).sub(" ", folded)
    return _word(name).search(folded) is not None


@dataclass(slots=True)
class _Participant:
    number: int
    name: str
    footnotes: tuple[str, ...]  # on the participant cell
    cited: tuple[str, ...]  # on any cell of the row
    actions: list[UntcAction]
    bracketed: bool
    held_void: set[str] = field(default_factory=set)  # notices the depositary holds without effect

    @property
    def where(self) -> str:
        return f"row {self.number} ({self.name!r})"


def parse_status_page(html: str, mtdsg: str | None = None) -> UntcPage:
    """Read one UNTC status page. ``mtdsg`` overrides the number read from the page.

    Raises :class:`UntcParseError`, its message starting with the page's MTDSG number, where the
    page has a shape this parser does not read or does not agree with itself.
    """
    collector = _Collector()
    collector.feed(html)
    collector.close()
    if not collector.grid_found:
        raise UntcParseError("no participant table (a <table> whose id ends in '_tblgrid')")
    number = mtdsg if mtdsg is not None else _mtdsg(collector.fields, html)
    try:
        return _page(collector, number, html)
    except UntcParseError as exc:
        raise UntcParseError(f"MTDSG {number}: {exc}") from None


def _page(collector: _Collector, mtdsg: str, html: str) -> UntcPage:
    rows = collector.rows
    if not rows:
        raise UntcParseError("the participant table has no rows")
    head = next((i for i, r in enumerate(rows) if "thead-one" in r.classes.split()), 0)
    headers = [c.clean for c in rows[head].cells]
    if not headers or not headers[0].casefold().startswith("participant"):
        raise UntcParseError(f"first column header is not 'Participant': {headers[:1]!r}")
    columns = [_column(h) for h in headers[1:]]

    status = _STATUS_AS_AT.search(_clean(collector.fields.get("status", ""))) or _STATUS_AS_AT.search(html)
    status_as_at = _iso(int(status[3]), int(status[2]), int(status[1]), "STATUS AS AT") if status else None
    counts = _clean(collector.fields.get("parties", ""))
    parties_stated = _PARTIES_STATED.search(counts)
    signatories_stated = _SIGNATORIES_STATED.search(counts)
    if parties_stated is None:
        raise UntcParseError(f"no 'Parties : N' in the status line {counts!r}")

    table = [_row(number, row, headers, columns) for number, row in enumerate(rows[head + 1 :], start=1)]
    notes = collector.notes
    for p in table:
        missing = [n for n in p.cited if n not in notes]
        if missing:
            raise UntcParseError(f"{p.where} cites footnote(s) {', '.join(missing)}, which the page lacks")
    _footnote_acts(table, notes)
    for p in table:
        _check_row(p, status_as_at)

    parties = tuple(p.name for p in table if not p.bracketed and any(a.kind.is_consent for a in p.actions))
    if len(parties) != int(parties_stated[1]):
        raise UntcParseError(
            f"the table shows {len(parties)} current parties (unbracketed rows with a consent), "
            f"the page says 'Parties : {parties_stated[1]}'"
        )
    signatories = sum(1 for p in table if not p.bracketed and any(a.kind is _SIGNED for a in p.actions))
    if signatories_stated is not None and signatories != int(signatories_stated[1]):
        raise UntcParseError(
            f"the table shows {signatories} signatories (unbracketed rows with a signature), "
            f"the page says 'Signatories : {signatories_stated[1]}'"
        )
    title_text = _clean(collector.fields.get("title", ""))
    eif = _TEXT_DATE_RE.search(_clean(collector.fields.get("eif", "")))
    return UntcPage(
        mtdsg=mtdsg,
        title=_TITLE_NUMBER.sub("", title_text, count=1),
        concluded=_clean(collector.fields.get("concluded", "")) or None,
        entry_into_force=_text_date(eif) if eif else None,
        not_in_force=_clean(collector.fields.get("eif_label", "")).casefold() == "not yet in force",
        status_as_at=status_as_at,
        participants=tuple(p.name for p in table),
        actions=tuple(a for p in table for a in p.actions),
        withdrawn=tuple(p.name for p in table if p.bracketed),
        url=status_page_url(mtdsg) if _MTDSG_FORM.fullmatch(mtdsg) else "",
        parties_stated=int(parties_stated[1]),
        signatories_stated=int(signatories_stated[1]) if signatories_stated else None,
        parties=parties,
    )


def _row(number: int, row: _Row, headers: list[str], columns: list[_Column]) -> _Participant:
    first = row.cells[0]
    name = first.clean
    if not name:
        raise UntcParseError(f"row {number}: empty participant cell")
    if len(row.cells) != len(headers):
        raise UntcParseError(f"row {number} ({name!r}): {len(row.cells)} cells, {len(headers)} headers")
    p = _Participant(number, name, first.footnotes, _cited(row), [], False)
    for column, cell in zip(columns, row.cells[1:], strict=True):
        raw = "".join(cell.text)
        where = f"{p.where}, column {column.header!r}, cell {_clean(raw)!r}"
        parsed = _parse_cell(raw, where)
        if parsed is None:
            continue
        iso, suffix, in_brackets = parsed
        p.bracketed = p.bracketed or in_brackets
        p.actions.append(UntcAction(name, column.kind(suffix, where), iso, None, None, p.footnotes))
    return p


def _footnote_acts(table: list[_Participant], notes: dict[str, str]) -> None:
    """Give each row the acts its footnotes record about it; a withdrawal from the treaty or of a
    signature must name one of the rows citing its footnote."""
    everyone = tuple(p.name for p in table)
    citing: dict[str, list[_Participant]] = defaultdict(list)
    for p in table:
        for n in p.cited:
            citing[n].append(p)
    for n, text in notes.items():
        if n in citing:
            continue
        for event in events_in_note(text):
            if event.kind is not _RESERVATION_WITHDRAWN:
                raise UntcParseError(
                    f"footnote {n} records a {event.kind.value} of {event.date} but no row of the table "
                    f"cites it: {_shorten(event.actor, 160)!r}"
                )
    for n, rows in citing.items():
        for event in events_in_note(notes[n]):
            named = [p for p in rows if _names(event.actor, p.name, everyone)]
            if not named and event.kind is not _RESERVATION_WITHDRAWN:
                raise UntcParseError(
                    f"footnote {n} records a {event.kind.value} of {event.date} but names none of the "
                    f"rows citing it ({', '.join(p.where for p in rows)}): {_shorten(event.actor, 160)!r}"
                )
            for p in named:
                key = (event.kind, event.date, event.effective_on)
                if any((a.kind, a.date, a.effective_on) == key for a in p.actions):
                    continue
                if event.without_effect:
                    p.held_void.add(event.date)
                p.actions.append(
                    UntcAction(
                        p.name,
                        event.kind,
                        event.date,
                        event.effective_on,
                        _shorten(f"note {n}: {event.text}"),
                        p.footnotes,
                    )
                )


def _check_row(p: _Participant, status_as_at: str | None) -> None:
    """A row must agree with its footnotes: bracketed if and only if it has left the treaty."""
    exits = [a for a in p.actions if a.kind is _DENOUNCED]
    if p.bracketed and not exits:
        raise UntcParseError(
            f"{p.where} is bracketed (withdrawn) but its footnotes "
            f"({', '.join(p.cited) or 'none'}) record no dated withdrawal from the treaty"
        )
    if not p.bracketed:
        consents = [a.date for a in p.actions if a.kind in CONSENT_KINDS]
        for d in exits:
            pending = bool(d.effective_on and status_as_at and d.effective_on > status_as_at)
            rejoined = any(c >= d.date for c in consents)
            if not (pending or rejoined or d.date in p.held_void):
                raise UntcParseError(
                    f"{p.where} is not bracketed but a footnote records its withdrawal "
                    f"(notice {d.date}, effect {d.effective_on or 'not stated'}) that is neither pending "
                    "on the status date, nor followed by a new consent, nor held void by the depositary"
                )
    kinds = {a.kind for a in p.actions}
    if _SIGNATURE_WITHDRAWN in kinds and _SIGNED not in kinds:
        raise UntcParseError(f"{p.where}: a footnote withdraws a signature the row does not show")


# --------------------------------------------------------------------------------------------
# Declarations, reservations, objections and the other texts below the table
# --------------------------------------------------------------------------------------------
#
# Below the participant table the page has one block per kind of text, each a heading ``<div>``
# and a grid of per-participant entries:
#
# * ``divMainDecTilte`` -> grid ``dgDec`` ("Declarations and Reservations", "Declarations");
# * ``divMainObjTitle`` -> grid ``dgObj`` ("Objections");
# * ``divMainDecArt`` -> grid ``dgDecUnderArticle`` ("Declarations made under articles 21 and 22");
# * ``div1`` (inside ``divParentNotification``) -> grid ``dgNotifications`` ("Notifications ...");
# * ``divAppTitle`` -> the table ``tblDec`` ("Territorial Application": participant, date, territories).
#
# An entry is ``..._ctlNN_divParticipant`` (the name, footnote numbers in ``<SUP>``) then
# ``..._ctlNN_divText`` (``divNotificationText`` in ``dgNotifications``), whose first paragraph
# ``<p class='invisible'>`` repeats the name. Paragraphs are split at ``<br>`` and ``<p>``; the
# italic headings ("Declaration:", "Upon signature:") and the right-aligned dates of later entries
# ("28 June 2011") are kept as lines of the text, and "Upon <act>:" starts a new record.

_DEC_HEADINGS: dict[str, str] = {
    "divMainDecTilte": "dgDec",
    "divMainObjTitle": "dgObj",
    "divMainDecArt": "dgDecUnderArticle",
    "div1": "dgNotifications",  # inside ``divParentNotification``
    "divAppTitle": "tblDec",
}
# A heading that the page hides (``Display:none``) over a grid that still has entries.
_DEC_FALLBACK_TITLES: dict[str, str] = {
    "dgDec": "Declarations and Reservations",
    "dgObj": "Objections",
    "dgNotifications": "Notifications",
}
_DEC_ENTRY = re.compile(
    r"_(dgDec|dgObj|dgDecUnderArticle|dgNotifications)_ctl(\d+)_"
    r"(divParticipant|divText|divNotificationText|divMainText|divNotificationsText)$"
)
_DEC_KNOWN_GRID = re.compile(r"_(dg[A-Za-z]+)$")
_DEC_GRIDS = frozenset({"dgDec", "dgObj", "dgDecUnderArticle", "dgNotifications", "dgNotesAll", "dgDetail"})
_HIDDEN = re.compile(r"display\s*:\s*none", re.IGNORECASE)
_ACTS = (
    r"signature|ratification|accession|acceptance|approval|succession|formal\s+confirmation|consent"
    r"|notification"
)
# "Upon signature:", "Declaration made upon signature and confirmed upon ratification:",
# "Reservations and declarations made upon accession:"; never "With regard to the reservation made
# by X upon accession:", which is X's act.
_MADE_UPON = re.compile(
    r"(?:(?:interpretative\s+|general\s+)?(?:declarations?|reservations?|understandings?|statements?)"
    r"(?:\s*(?:,|and)\s*(?:interpretative\s+)?(?:declarations?|reservations?|understandings?|statements?))*"
    r"\s+made\s+)?"
    rf"((?:confirmed\s+)?upon\s+(?:{_ACTS})(?:\s*(?:,\s*)?(?:and\s+)?confirmed\s+upon\s+(?:{_ACTS}))?)\s*[:.]?",
    re.IGNORECASE,
)


class UntcDeclarationsError(UntcParseError):
    """The declarations part of a page does not have the shape :func:`parse_declarations` reads."""


@dataclass(frozen=True, slots=True)
class DeclarationText:
    participant: str  # the page's name, footnote numbers stripped
    section: str  # the heading of the block ("Declarations and Reservations", "Objections", ...)
    text: str  # the whole text: one line per paragraph, whitespace collapsed in each
    made_upon: str | None  # "Upon signature", "Upon ratification", ... where the page says so
    footnotes: tuple[str, ...] = ()  # footnote numbers on the participant's heading
    notes: tuple[str, ...] = ()  # those footnotes' texts, whitespace collapsed


@dataclass(slots=True)
class _Line:
    parts: list[str] = field(default_factory=list)
    unbold: bool = False  # holds non-blank text outside <b>

    @property
    def text(self) -> str:
        return _clean("".join(self.parts))


@dataclass(slots=True)
class _Entry:
    grid: str
    number: str
    position: int  # line of the page
    participant: str = ""
    footnotes: tuple[str, ...] = ()
    lines: list[_Line] = field(default_factory=list)
    seen_text: bool = False
    text_notes: list[str] = field(default_factory=list)  # footnote numbers inside the text


class _DeclCollector(HtmlEvents):
    """One pass over the page: section headings, grid entries, the territorial table, footnotes."""

    error = UntcDeclarationsError

    def __init__(self) -> None:
        super().__init__()
        self.headings: dict[str, tuple[str, bool, int]] = {}  # grid -> (text, hidden, line)
        self.entries: list[_Entry] = []
        self.territorial: list[tuple[list[str], int]] = []  # rows of tblDec: cells, line
        self.notes: dict[str, str] = {}
        self._depth = 0  # open divs
        self._heading: tuple[str, list[str], bool, int] | None = None
        self._heading_depth = 0
        self._entry: _Entry | None = None
        self._field: str | None = None  # "participant" | "text" | "note"
        self._field_depth = 0
        self._buf: list[str] = []
        self._sup: list[str] = []
        self._sup_depth = 0
        self._bold = 0
        self._invisible = False
        self._note_no: str | None = None
        self._in_note_number = False
        self._table_depth = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    # -- helpers ----------------------------------------------------------------------------
    def _where(self) -> str:
        return f"line {self.getpos()[0]}"

    def _new_line(self) -> None:
        if self._entry is not None and self._field == "text":
            self._entry.lines.append(_Line())

    # -- hooks ------------------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "div":
            self._start_div(a)
        elif tag == "table":
            ident = a.get("id", "")
            if self._table_depth:
                self._table_depth += 1
            elif ident.endswith("_tblDec"):
                self._table_depth = 1
            grid = _DEC_KNOWN_GRID.search(ident)
            if grid and ident.startswith("ctl00") and grid[1] not in _DEC_GRIDS and "InnerPage" in ident:
                raise UntcDeclarationsError(f"{self._where()}: unknown grid {grid[1]!r}")
        elif self._table_depth == 1 and tag == "tr":
            self._row = []
        elif self._table_depth == 1 and tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br":
            self._break()
        elif tag == "p":
            if "invisible" in a.get("class", "").split() and self._field == "text":
                self._invisible = True
            self._new_line()
        elif tag == "b":
            self._bold += 1
        elif tag == "sup":
            self._sup_depth += 1
        elif tag == "a" and self._field == "note" and self._note_no is None and a.get("name"):
            self._note_no, self._in_note_number = a["name"].strip(), True

    def _break(self) -> None:
        if self._heading is not None:
            self._heading[1].append(" ")
        elif self._cell is not None:
            self._cell.append("\n")
        self._new_line()

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            self._end_div()
        elif tag == "table" and self._table_depth:
            self._table_depth -= 1
        elif (
            self._table_depth == 1
            and tag in ("td", "th")
            and self._cell is not None
            and self._row is not None
        ):
            self._row.append("".join(self._cell))
            self._cell, self._sup_depth = None, 0  # "<SUP>9</superscript>" leaves a <sup> open
        elif self._table_depth == 1 and tag == "tr" and self._row is not None:
            self.territorial.append((self._row, self.getpos()[0]))
            self._row = None
        elif tag == "p":
            if self._invisible:
                self._invisible = False
            self._new_line()
        elif tag == "b":
            self._bold = max(0, self._bold - 1)
        elif tag == "sup":
            self._sup_depth = max(0, self._sup_depth - 1)
        elif tag == "a" and self._in_note_number:
            self._in_note_number = False

    def handle_data(self, data: str) -> None:
        if self._heading is not None and not self._sup_depth:
            self._heading[1].append(data)
        if self._cell is not None and not self._sup_depth:
            self._cell.append(data)
        if self._field == "participant":
            (self._sup if self._sup_depth else self._buf).append(data)
        elif self._field == "note" and not self._in_note_number:
            self._buf.append(data)
        elif self._field == "text" and self._entry is not None and self._sup_depth:
            self._entry.text_notes.extend(re.findall(r"\d+", data))
        elif self._field == "text" and self._entry is not None and not self._invisible:
            if not self._entry.lines:
                self._entry.lines.append(_Line())
            line = self._entry.lines[-1]
            line.parts.append(data)
            if data.strip() and not self._bold:
                line.unbold = True

    # -- divs -------------------------------------------------------------------------------
    def _start_div(self, a: dict[str, str]) -> None:
        ident = a.get("id", "")
        self._depth += 1
        depth = self._depth
        for suffix, grid in _DEC_HEADINGS.items():
            if ident.endswith("_" + suffix):
                hidden = bool(_HIDDEN.search(a.get("style", "")))
                if grid in self.headings:
                    raise UntcDeclarationsError(f"{self._where()}: a second heading for {grid}")
                self._heading = (grid, [], hidden, self.getpos()[0])
                self._heading_depth = depth
        if grid_match := _DEC_ENTRY.search(ident):
            grid, number, kind = grid_match.groups()
            if kind in ("divMainText", "divNotificationsText"):
                pass
            elif kind == "divParticipant":
                self._entry = _Entry(grid, number, self.getpos()[0])
                self.entries.append(self._entry)
                self._field, self._field_depth, self._buf, self._sup = "participant", depth, [], []
            else:
                if self._entry is None or self._entry.grid != grid or self._entry.number != number:
                    raise UntcDeclarationsError(
                        f"{self._where()}: {grid} text {number} without its participant"
                    )
                if self._entry.seen_text:
                    raise UntcDeclarationsError(f"{self._where()}: {grid} entry {number} has two texts")
                self._entry.seen_text = True
                self._field, self._field_depth = "text", depth
                self._entry.lines.append(_Line())
        elif ident.endswith("divNotesAll") and self._field is None:
            self._field, self._field_depth, self._buf = "note", depth, []
            self._note_no, self._in_note_number = None, False

    def _end_div(self) -> None:
        depth = self._depth
        if self._heading is not None and depth == self._heading_depth:
            grid, parts, hidden, line = self._heading
            self.headings[grid] = (_clean("".join(parts)), hidden, line)
            self._heading = None
        if self._field is not None and depth == self._field_depth:
            if self._field == "participant" and self._entry is not None:
                self._entry.participant = _clean("".join(self._buf))
                self._entry.footnotes = tuple(re.findall(r"\d+", "".join(self._sup)))
            elif self._field == "note" and self._note_no is not None and self._note_no not in self.notes:
                self.notes[self._note_no] = _clean("".join(self._buf))
            self._field = None
            self._invisible = False
            self._sup_depth = self._bold = 0
        self._depth = max(0, self._depth - 1)


def _heading_of(collector: _DeclCollector, grid: str, where: str) -> str | None:
    """The section's heading, or None where the page hides it (and the grid must then be empty)."""
    found = collector.headings.get(grid)
    if found is None:
        raise UntcDeclarationsError(f"{where}: no heading for the {grid} entries")
    text, hidden, _ = found
    if hidden or not text:
        return _DEC_FALLBACK_TITLES.get(grid)
    return text


def _blocks(lines: list[_Line]) -> list[tuple[str | None, list[str]]]:
    """Split an entry's paragraphs at its "Upon <act>:" headings: (made upon, paragraphs)."""
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in lines:
        text = line.text
        if not text:
            continue
        m = _MADE_UPON.fullmatch(text)
        if m is not None and len(text) <= 120:
            upon = _clean(m[1]).casefold()
            blocks.append((upon[:1].upper() + upon[1:], []))
            continue
        blocks[-1][1].append(text)
    return [(upon, paras) for upon, paras in blocks if paras or upon is not None]


def parse_declarations(html: str, mtdsg: str) -> tuple[DeclarationText, ...]:
    """Every declaration, reservation, objection, notification and territorial application a UNTC
    status page lists below its table, one record per participant, section and act it was made upon.

    ``made_upon`` is set only where the entry itself says "Upon signature:", "Declaration made upon
    signature and confirmed upon ratification:" and the like; the section's "Unless otherwise
    indicated, ... upon ratification, accession or succession" is not applied. Raises
    :class:`UntcDeclarationsError`, naming the page and the line, on a shape it does not read: an
    entry without a participant, a text without its participant, a grid it does not know, a
    section with entries but no heading, an "Upon ..." heading with no text under it.
    """
    collector = _DeclCollector()
    try:
        collector.feed(html)
        collector.close()
        return _declarations(collector)
    except UntcDeclarationsError as exc:
        raise UntcDeclarationsError(f"MTDSG {mtdsg}: {exc}") from None


def _declarations(collector: _DeclCollector) -> tuple[DeclarationText, ...]:
    out: list[DeclarationText] = []
    for entry in collector.entries:
        where = f"line {entry.position}, {entry.grid} entry {entry.number} ({entry.participant!r})"
        if not entry.participant:
            # "<b>Yugoslavia (former)<SUP>1</SUP></b>" in the text and no name: a name with no text
            shown = [line for line in entry.lines if line.text]
            if len(shown) > 1 or any(line.unbold for line in shown):
                raise UntcDeclarationsError(f"{where}: a text without a participant")
            continue
        if not entry.seen_text:
            raise UntcDeclarationsError(f"{where}: a participant without its text")
        blocks = _blocks(entry.lines)
        if not blocks and not (entry.footnotes or entry.text_notes):
            continue  # the page lists the name and nothing else
        section = _heading_of(collector, entry.grid, where)
        if section is None:
            raise UntcDeclarationsError(f"{where}: entries under a hidden or empty heading")
        cited = tuple(dict.fromkeys((*entry.footnotes, *entry.text_notes)))
        missing = [n for n in cited if n not in collector.notes]
        if missing:
            raise UntcDeclarationsError(
                f"{where}: cites footnote(s) {', '.join(missing)}, which the page lacks"
            )
        notes = tuple(collector.notes[n] for n in cited)
        if not blocks:  # only a name and its footnotes: the text was withdrawn or is told there
            out.append(DeclarationText(entry.participant, section, "", None, cited, notes))
        for upon, paragraphs in blocks:
            if not paragraphs:
                raise UntcDeclarationsError(f"{where}: {upon!r} with no text under it")
            out.append(DeclarationText(entry.participant, section, "\n".join(paragraphs), upon, cited, notes))
    out.extend(_territorial(collector))
    return tuple(out)


def _territorial(collector: _DeclCollector) -> list[DeclarationText]:
    """The "Territorial Application" table: one record per row, "<date>: <territories>"."""
    rows = collector.territorial
    if not rows:
        return []
    section = _heading_of(collector, "tblDec", f"line {rows[0][1]}")
    headers = [_clean(c) for c in rows[0][0]]
    if [h.casefold() for h in headers[:1]] != ["participant"] or len(headers) != 3:
        raise UntcDeclarationsError(f"line {rows[0][1]}: territorial table headers {headers!r}")
    if section is None:
        raise UntcDeclarationsError(f"line {rows[0][1]}: a territorial table under a hidden heading")
    out: list[DeclarationText] = []
    name = ""
    for cells, line in rows[1:]:
        if len(cells) != len(headers):
            raise UntcDeclarationsError(f"line {line}: territorial row of {len(cells)} cells")
        # a blank participant cell continues the row above (Netherlands: Antilles, then Aruba)
        name, when, places = _clean(cells[0]) or name, _clean(cells[1]), _clean(cells[2])
        if not name or not places:
            raise UntcDeclarationsError(f"line {line}: territorial row without participant or territory")
        lines = [_clean(p) for p in places.split("\n")] if "\n" in cells[2] else [places]
        text = "\n".join([f"{headers[1]}: {when}", *(p for p in lines if p)])
        out.append(DeclarationText(name, section, text, None))
    return out


# --------------------------------------------------------------------------------------------
# Complaint and inquiry procedures of the core human-rights treaties, read from those texts
# --------------------------------------------------------------------------------------------
#
# Conservative by design: a participant accepts a procedure only where a sentence of its own
# declaration (never an objection, never a footnote about a predecessor) recognizes or accepts the
# competence of the Committee, is not negated, and either names the procedure's article ("article
# 22", "articles 21 and 22") or states what that article is about ("communications from or on behalf
# of individuals"; "a State Party claims that another State Party is not fulfilling ..."). CAT's
# inquiry opt-out (article 28) is a reservation that does not recognize the competence under article
# 20. A withdrawal is a sentence of the text, or of a footnote that names the participant, that
# withdraws a declaration (for an opt-out: a reservation or declaration) on that article.

# treaty MTDSG -> ((procedure, article), ...)
PROCEDURE_ARTICLES: dict[str, tuple[tuple[str, str], ...]] = {
    "IV-9": (("individual_complaints", "22"), ("inter_state", "21"), ("inquiry_opt_out", "28")),
    "IV-2": (("individual_complaints", "14"),),
    "IV-16": (("individual_complaints", "31"), ("inter_state", "32")),
    "IV-13": (("individual_complaints", "77"), ("inter_state", "76")),
}
# the article that sets up each Committee ("the Committee established under article 17"): no procedure
_COMMITTEE_ARTICLE: dict[str, str] = {"IV-9": "17", "IV-2": "8", "IV-16": "26", "IV-13": "72"}
_EVIDENCE_MAX = 300
_ARTICLES = re.compile(
    r"\barticles?\s+\[?(\d+(?:\s*(?:\(\d+\)|,?\s*paragraph\s+\d+))?"
    r"(?:\s*(?:,|and|or)\s*(?:\d+(?:\s*(?:\(\d+\)|,?\s*paragraph\s+\d+))?))*)",
    re.IGNORECASE,
)
_ROMAN_ARTICLE = re.compile(r"\b[Aa]rticle\s+([IVXL]{1,6})\b(?!\.)")
_RECOGNIZES = re.compile(
    r"\b(?:recogni[sz]\w*|accepts?|accepted|accepting|admits?)\b[^.;]{0,250}?\bcompetence\b"
    r"|\bcompetence\b[^.;]{0,120}?\b(?:recogni[sz]\w*|accept\w*)\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(
    r"\b(?:not|never|neither|nor)\s+(?:\w+\s+){0,3}(?:recogni[sz]\w*|accept\w*)\b|\bnot\s+(?:consider\s+itself\s+)?bound\b",
    re.IGNORECASE,
)
_INDIVIDUAL = re.compile(
    r"\b(?:communications?|petitions?|complaints?)\b[^.;]{0,120}?\b(?:from|by)\b[^.;]{0,40}?"
    r"\b(?:individuals|persons|groups\s+of\s+individuals)\b"
    r"|\bindividuals\s+subject\s+to\s+(?:its|the)\s+jurisdiction\b[^.;]{0,80}?\bclaim\w*\s+to\s+be\s+victims?\b",
    re.IGNORECASE,
)
_INTER_STATE = re.compile(
    r"\bclaims?\s+that\s+another\s+(?:State\b|Party\b)"
    r"|\bnon-compliance\s+by\s+another\s+State\b|\banother\s+State\s+Party\s+is\s+not\s+fulfilling\b"
    r"|\bcommunications?\s+from\s+(?:a|another)\s+State(?:\s+Party)?\s+(?:claim|alleg)\w*"
    r"|\b(?:communications?|complaints?)\s+(?:submitted|brought)\s+by\b[^.;]{0,60}?\b(?:another|other)\s+State",
    re.IGNORECASE,
)
_OPT_OUT_OBJECT = re.compile(r"\b(?:competence|authority|jurisdiction)\b|\bconsider\s+itself\s+bound\b", re.I)
_OPT_OUT_PLAIN = re.compile(
    r"\breservations?\s+(?:on|to|in\s+respect\s+of|regarding)\s+article\s+20\b", re.IGNORECASE
)
# "Article 22:", "Declaration under article 31:", "Article 21" as a paragraph of its own
_ARTICLE_HEADING = re.compile(
    r"(?:(?:declarations?|notifications?)\s+(?:made\s+)?(?:under|pursuant\s+to)\s+)?articles?\s+[\d\s,and()]+:?",
    re.IGNORECASE,
)
_ENUMERATED = re.compile(r"^(?:\(?[a-z]\)|\(?[ivx]{1,4}[.)]|\(?\d{1,2}[.)]|[IVX]{1,4}\.)\s", re.IGNORECASE)
_WITHDRAWS_DECLARATION = re.compile(r"\bwithdr\w*\s+(?:\w+\s+){0,4}declarations?\b", re.IGNORECASE)
# a footnote runs sentences and quotations together: "... Netherlands."Thus, ...", "... Convention.Further"
_NOTE_BREAK = re.compile(
    r"(?<=[a-z)\]\"\u201d\u2019][.;])\s*(?=[\"\u201c]?[A-Z][a-z])|(?<=[a-z][.;][\"\u201d])\s*(?=[A-Z])"
)
_PROC_BREAK = re.compile(r"(?<=[\w)\]\"\u201d\u2019][.;])\s+(?=[\[\"\u201c(]?[A-Z])")
_WITHDRAWS = re.compile(r"\bwithdr[ae]\w*", re.IGNORECASE)
_DECLARATION_WORD = re.compile(r"\bdeclarations?\b", re.IGNORECASE)
_RESERVATION_WORD = re.compile(r"\breservations?\b", re.IGNORECASE)
_DATE_LINE = re.compile(_TEXT_DATE + r"\s*:?")
# ``add(participant, procedure, article, status, date, sentence)`` in :func:`parse_procedures`
_Add = Callable[[str, str, str, str, str | None, str], None]


@dataclass(frozen=True, slots=True)
class ProcedureRecord:
    mtdsg: str
    participant: str
    procedure: str  # "individual_complaints" | "inter_state" | "inquiry_opt_out"
    article: str  # "22"
    status: str  # "accepted" | "withdrawn" (for an opt-out: the reservation is made / withdrawn)
    date: str | None  # ISO, only where the text states it
    evidence: str  # the sentence, at most 300 characters


def _articles(sentence: str) -> set[str]:
    """Article numbers a sentence names: "articles 21 and 22" -> {"21", "22"}; "article 30 (1) and
    20" -> {"30", "20"}; paragraph numbers are not articles."""
    found: set[str] = set()
    for m in _ARTICLES.finditer(sentence):
        bare = re.sub(r"\(\d+\)|paragraph\s+\d+", " ", m[1], flags=re.IGNORECASE)
        found.update(re.findall(r"\d+", bare))
    found.update(str(_roman(m[1])) for m in _ROMAN_ARTICLE.finditer(sentence))  # "article XIV"
    return found


def _evidence(sentence: str, procedure: str = "", article: str = "") -> str:
    """The sentence, or where it is longer than 300 characters the part around the words that name
    the procedure (its article, or what the article is about), cut at words with ellipses."""
    text = _clean(sentence)
    if len(text) <= _EVIDENCE_MAX:
        return text
    anchors = [m.start() for m in _ARTICLES.finditer(text) if article and article in _articles(m[0])]
    for pattern in (_INDIVIDUAL if procedure == "individual_complaints" else _INTER_STATE, _WITHDRAWS):
        if not anchors and procedure and (m := pattern.search(text)) is not None:
            anchors.append(m.start())
    start = max(0, min(anchors[:1] or [0]) - 100)
    if start and start + _EVIDENCE_MAX - 2 > len(text):
        start = len(text) - (_EVIDENCE_MAX - 2)
    if start:
        start = text.find(" ", start) + 1 or start
    lead = "\u2026" if start else ""
    room = _EVIDENCE_MAX - len(lead) - 1
    body = text[start:]
    if len(body) + len(lead) <= _EVIDENCE_MAX:
        return lead + body
    cut = body[:room]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return lead + cut.rstrip() + "\u2026"


def _hallmark(procedure: str, sentence: str) -> bool:
    if procedure == "individual_complaints":
        return _INDIVIDUAL.search(sentence) is not None
    if procedure == "inter_state":
        return _INTER_STATE.search(sentence) is not None
    return False


def _opts_out(sentence: str) -> bool:
    """A reservation that does not recognize the competence of the Committee under article 20."""
    if _OPT_OUT_PLAIN.search(sentence):
        return True
    return bool(_NEGATED.search(sentence) and _OPT_OUT_OBJECT.search(sentence)) and bool(
        _articles(sentence) & {"20", "28"}
    )


def _accepts(
    procedure: str,
    article: str,
    sentence: str,
    context: str = "",
    headed: frozenset[str] = frozenset(),
    neutral: frozenset[str] = frozenset({"1", "2"}),
) -> bool:
    """Whether ``sentence`` accepts the procedure; ``context`` is the sentence introducing it where it is
    an item of a list ("... recognizes the competence of the Committee: (b) to receive ..."), ``headed``
    the articles of the heading it stands under ("Article 22:"); ``neutral`` articles named beside the
    procedure's wording do not make it another procedure (the Committee's own article, "paragraph 1")."""
    if procedure == "inquiry_opt_out":
        return _opts_out(sentence) and not _WITHDRAWS.search(sentence)
    recognizing = f"{context} {sentence}"
    if not _RECOGNIZES.search(recognizing) or _NEGATED.search(recognizing):
        return False
    if _WITHDRAWS_DECLARATION.search(sentence):
        return False
    own = _articles(sentence) - neutral
    if own:
        return article in own or (_hallmark(procedure, sentence) and not own - {article})
    if headed and not any(_hallmark(p, sentence) for p in ("individual_complaints", "inter_state")):
        return article in headed  # "Article 22:" then "... accepts ... the competence of the Committee."
    return _hallmark(procedure, sentence)


def _withdraws(procedure: str, article: str, sentence: str, quoted: str) -> bool:
    """Whether ``sentence`` (the one with the verb; ``quoted`` the text it introduces, if any)
    withdraws the declaration, or for an opt-out the reservation, on ``article``."""
    both = f"{sentence} {quoted}"
    if procedure == "inquiry_opt_out":
        return bool(_articles(sentence) & {"20", "28"}) or _opts_out(quoted)
    if _RESERVATION_WORD.search(sentence) or not _DECLARATION_WORD.search(sentence):
        return False
    return article in _articles(both) or _hallmark(procedure, both)


def _dated(sentence: str) -> str | None:
    lead = _LEAD.match(sentence)
    if lead is None or _RESPECTIVELY.search(sentence):
        return None
    return _text_date(lead)


def parse_procedures(
    mtdsg: str, texts: tuple[DeclarationText, ...], participants: tuple[str, ...] = ()
) -> tuple[ProcedureRecord, ...]:
    """The complaint, inter-state and inquiry procedures each participant accepts or has withdrawn,
    read from :func:`parse_declarations` records of a core human-rights treaty (``PROCEDURE_ARTICLES``;
    another treaty gives nothing). ``participants`` (the table's names, from :func:`parse_status_page`)
    leaves out entries for a State that is no row of the table ("Yugoslavia (former)") and keeps a
    footnote's act for the participant it names, not for one whose longer name contains it."""
    wanted = PROCEDURE_ARTICLES.get(mtdsg, ())
    everyone = participants or tuple(dict.fromkeys(t.participant for t in texts))
    found: dict[tuple[str, str, str, str, str | None], ProcedureRecord] = {}
    neutral = frozenset({"1", "2", _COMMITTEE_ARTICLE.get(mtdsg, "")})

    def add(who: str, procedure: str, article: str, status: str, when: str | None, sentence: str) -> None:
        key = (who, procedure, article, status, when)
        if key not in found:
            evidence = _evidence(sentence, procedure, article)
            found[key] = ProcedureRecord(mtdsg, who, procedure, article, status, when, evidence)

    for t in texts:
        if participants and t.participant not in participants:
            continue  # "Yugoslavia (former)": an entry for a State that is no row of the table
        own = not t.section.casefold().startswith("objection")
        if own:
            _acceptances(t, wanted, add, neutral)
            _withdrawals(t.participant, t.text, wanted, add, None)
        for note in t.notes:
            _withdrawals(t.participant, note, wanted, add, everyone)
            _quoted_acceptances(t.participant, note, wanted, add, everyone, neutral)
    order = {name: n for n, name in enumerate(["individual_complaints", "inter_state", "inquiry_opt_out"])}
    dated = {key[:4] for key in found if key[4] is not None}
    return tuple(
        sorted(
            (r for key, r in found.items() if key[4] is not None or key[:4] not in dated),
            key=lambda r: (r.participant.casefold(), order[r.procedure], r.status, r.date or "", r.evidence),
        )
    )


def _proc_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph; unlike ``_sentences``, an ellipsis ("the ..... Convention") ends none."""
    return [p for p in (_clean(x) for x in _PROC_BREAK.split(paragraph)) if p]


def _acceptances(
    t: DeclarationText, wanted: tuple[tuple[str, str], ...], add: _Add, neutral: frozenset[str]
) -> None:
    when: str | None = None  # the date line heading a later declaration ("22 November 2006")
    headed: frozenset[str] = frozenset()  # articles of the heading above ("Article 22:")
    intro = ""  # the last sentence before a list of items
    for paragraph in t.text.split("\n"):
        text = paragraph.strip()
        line = _DATE_LINE.fullmatch(text)
        if line is not None:
            when, headed, intro = _text_date(line), frozenset(), ""
            continue
        if _ARTICLE_HEADING.fullmatch(text):
            headed = frozenset(_articles(text))
            continue
        item = _ENUMERATED.match(text) is not None
        for sentence in _proc_sentences(text):
            if sentence.endswith(":") and not (item or _articles(sentence)):
                continue  # "... recognizes the competence of the Committee:" -- its items say for what
            for procedure, article in wanted:
                if _accepts(procedure, article, sentence, intro if item else "", headed, neutral):
                    add(t.participant, procedure, article, "accepted", when or _dated(sentence), sentence)
        if not item:
            sentences = _proc_sentences(text)
            intro = sentences[-1] if sentences else ""


def _quoted_acceptances(
    participant: str,
    note: str,
    wanted: tuple[tuple[str, str], ...],
    add: _Add,
    everyone: tuple[str, ...],
    neutral: frozenset[str],
) -> None:
    """A declaration of the participant's own that a footnote quotes ("Ukraine fully recognizes ... of
    Article 22 ..."): the participant must be named before the verb; the date is the footnote's last
    "On <date>, <participant> ..." before it, if any."""
    when: str | None = None
    for sentence in _note_sentences(note):
        if _LEAD.match(sentence):
            when = _dated(sentence) if _names(sentence, participant, everyone) else None
        verb = _RECOGNIZES.search(sentence)
        if verb is None or not _names(sentence[: verb.start()], participant, everyone):
            continue
        for procedure, article in wanted:
            if procedure != "inquiry_opt_out" and _accepts(procedure, article, sentence, neutral=neutral):
                add(participant, procedure, article, "accepted", when, sentence)


def _note_sentences(text: str) -> list[str]:
    return [p for p in (_clean(x) for x in _NOTE_BREAK.split(text)) if p]


def _withdrawals(
    participant: str,
    text: str,
    wanted: tuple[tuple[str, str], ...],
    add: _Add,
    everyone: tuple[str, ...] | None,
) -> None:
    """Withdrawals in ``text``; from a footnote (``everyone`` given) only those naming the participant."""
    sentences = [s for paragraph in text.split("\n") for s in _note_sentences(paragraph)]
    for n, sentence in enumerate(sentences):
        verb = _WITHDRAWS.search(sentence)
        if verb is None:
            continue
        if everyone is not None and not _names(sentence[: verb.start()], participant, everyone):
            continue  # a footnote's withdrawal counts for the participant it names as the actor
        quoted = ""
        if sentence.rstrip().endswith(":") or re.search(r"\bfollowing\b", sentence, re.IGNORECASE):
            rest: list[str] = []
            for follow in sentences[n + 1 :]:
                if _LEAD.match(follow):
                    break
                rest.append(follow)
            quoted = " ".join(rest[:4])
        for procedure, article in wanted:
            if _withdraws(procedure, article, sentence, quoted):
                add(participant, procedure, article, "withdrawn", _dated(sentence), sentence)
