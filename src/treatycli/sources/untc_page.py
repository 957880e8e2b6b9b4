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
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

from ..dates import MONTH_NAMES, MONTH_NUMBERS
from ..enums import CONSENT_KINDS
from ..errors import UpdateError
from ..models import ActionKind

__all__ = [
    "UNTC_BASE",
    "UntcAction",
    "UntcNoteEvent",
    "UntcPage",
    "UntcParseError",
    "events_in_note",
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


class _Collector(HTMLParser):
    """One pass over the page: header fields, footnotes, and the ``_tblgrid`` table's cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
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

    # -- HTMLParser hooks --------------------------------------------------------------------
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

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.handle_data("\n")
        # a self-closed <div/> opens nothing

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
