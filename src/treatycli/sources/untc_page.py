"""Parser for a UN Treaty Collection status page (``Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=...``).

Pure: HTML text in, typed records out; no I/O and no network. The page layout it reads is described
in ``PROVENANCE.md`` ("UNTC MTDSG status page") of the live samples:

* the participant table is the ``<table>`` whose id ends in ``_tblgrid``; its first row
  (``class="thead-one"``) holds the column headers in ``<td>`` cells;
* a date cell reads ``&nbsp;4 Dec<TAB> 1997 a``: abbreviated month, a tab before the year and a
  case-sensitive suffix naming the act;
* a withdrawn participant's dated cells are wrapped in square brackets, and the dates of the
  withdrawal are given only in the numbered footnote the participant cell points to
  (``<div id="..._divNotesAll"><a name='N'>N</a>...``).

Every unknown column header, suffix or unreadable date raises :class:`UntcParseError` naming the
cell. Withdrawals are read from the footnotes a row cites (bracketed or not, so pending withdrawals
and denounce-then-re-accede histories are kept): "On <date>, ... withdrawal/denounce ..." gives the
notice, "took/will take effect ... on <date>" or "with effect from <date>" the effective date. A
notice whose footnote states no effect date gives ``effective_on=None`` (never computed from the
treaty's notice period); a mention without a readable notice date is skipped, never guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

from ..dates import MONTH_NAMES, MONTH_NUMBERS
from ..errors import UpdateError
from ..models import ActionKind

__all__ = ["UntcAction", "UntcPage", "UntcParseError", "parse_status_page", "withdrawals_in_note"]


class UntcParseError(UpdateError, ValueError):
    """The page does not have the shape this parser reads; the message names the cell."""


@dataclass(frozen=True, slots=True)
class UntcAction:
    participant: str  # the UN's name, footnote numbers and links stripped
    kind: ActionKind
    date: str  # ISO YYYY-MM-DD (for a denunciation: the date of the notice)
    effective_on: str | None  # denunciation: the date the footnote says it takes/took effect
    note: str | None  # denunciation: "note N: <the footnote sentence, shortened>"
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
_SUFFIXED_PART = re.compile(r"\(\s*[A-Za-z]{1,2}\s*\)\s*$")

_CELL_DATE = re.compile(
    r"(?P<open>\[)?\s*(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]{3,9})\.?\s+(?P<year>\d{4})"
    r"\s*(?P<suffix>[A-Za-z]{1,2})?\s*(?P<close>\])?"
)

# Dates in running text: "27 June 2025".
_TEXT_DATE = r"(\d{1,2})\s+(" + "|".join(MONTH_NAMES) + r")\s*,?\s+(\d{4})"
_TEXT_DATE_RE = re.compile(_TEXT_DATE)
_ON_DATE = re.compile(r"\b[Oo]n\s+" + _TEXT_DATE)
_EFFECT_TRIGGER = re.compile(
    r"\b(?:took|takes?|taken|taking)\s+effect\b|\bwith\s+effect\b|\b(?:become|became|becomes)?\s*effective\b",
    re.IGNORECASE,
)
_EFFECT_DATE = re.compile(r".{0,120}?\b(?:on|from|as of|as from)\s+" + _TEXT_DATE, re.DOTALL)
_WITHDRAWAL_WORD = re.compile(r"\b(?:withdr\w*|denounc\w*|denunciation)\b", re.IGNORECASE)
# "withdraws the reservation", "withdrawal of its objection": not a withdrawal from the treaty.
_NOT_FROM_TREATY = re.compile(
    r"\W+(?:\w+\W+){0,4}?(?:reservations?|declarations?|objections?|signature|territor\w*"
    r"|communications?)\b",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(r"(?<=[.;])\s+(?=[A-Z(\"\u201c])|\s*\n\s*")
_STATUS_AS_AT = re.compile(r"STATUS\s+AS\s+AT\s*:\s*(\d{1,2})-(\d{1,2})-(\d{4})", re.IGNORECASE)
_CHAPTER = re.compile(r"CHAPTER\s+([IVXLC]+)\b", re.IGNORECASE)
_TITLE_NUMBER = re.compile(r"^\s*(\d+)\s*\.\s*(?:([a-z])(?=\s))?\s*")
_URL_MTDSG = re.compile(r"mtdsg_no=([A-Za-z0-9.\-]+)")
_NOTE_MAX = 300
# "(See depositary notification C.N.360.2025.TREATIES-XXVI-5 of 3 July 2025)": dropped from notes.
_REFERENCE = re.compile(r"\s*\((?:see|refer)\b[^()]*\)", re.IGNORECASE)


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
# Footnotes: withdrawals and denunciations
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Withdrawal:
    notice: str
    effective: str | None
    sentences: list[str]


def _sentences(text: str) -> list[str]:
    text = text.replace("\xa0", " ").replace("\r", "")
    parts = (_clean(p) for p in _SENTENCE_BREAK.split(text))
    return [p for p in parts if p]


def _mentions_withdrawal(sentence: str) -> bool:
    """A withdrawal from (or denunciation of) the treaty, not of a reservation or declaration."""
    return any(not _NOT_FROM_TREATY.match(sentence, m.end()) for m in _WITHDRAWAL_WORD.finditer(sentence))


def _effect(sentence: str) -> tuple[str, int, int] | None:
    """The first "took effect ... on <date>" / "with effect from <date>": (ISO, start, end)."""
    for trigger in _EFFECT_TRIGGER.finditer(sentence):
        m = _EFFECT_DATE.match(sentence, trigger.end())
        if m is not None:
            return _text_date(m), trigger.start(), m.end()
    return None


def _in_parentheses(sentence: str, pos: int) -> bool:
    return sentence.count("(", 0, pos) > sentence.count(")", 0, pos)


def _notice(sentence: str, effect: tuple[str, int, int] | None) -> str | None:
    """The first "on <date>" of the sentence outside its effect clause and any parentheses."""
    for m in _ON_DATE.finditer(sentence):
        if effect is not None and m.start() < effect[2] and effect[1] < m.end():
            continue
        if _in_parentheses(sentence, m.start()):
            continue
        return _text_date(m)
    return None


def withdrawals_in_note(text: str) -> list[tuple[str, str | None, str]]:
    """Every withdrawal a footnote dates: (notice ISO, effective ISO or None, its sentences).

    A withdrawal needs a sentence that mentions it with an "on <date>" outside its effect clause
    (the notice). Its effect date is read from the same sentence or the ones right after it.
    A mention without such a notice date is skipped, not guessed.
    """
    found: list[_Withdrawal] = []
    current: _Withdrawal | None = None
    for sentence in _sentences(text):
        effect = _effect(sentence)
        mentions = _mentions_withdrawal(sentence)
        notice = _notice(sentence, effect) if mentions else None
        if mentions and notice is not None:
            current = _Withdrawal(notice, effect[0] if effect else None, [sentence])
            found.append(current)
        elif current is not None and effect is not None and current.effective is None:
            current.effective = effect[0]
            current.sentences.append(sentence)
        elif not mentions and effect is None:
            current = None
    out: list[tuple[str, str | None, str]] = []
    seen: set[tuple[str, str | None]] = set()
    for w in found:
        if (w.notice, w.effective) not in seen:
            seen.add((w.notice, w.effective))
            out.append((w.notice, w.effective, " ".join(w.sentences)))
    return out


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


def _names(text: str, participant: str) -> bool:
    """Whether ``text`` names the participant ("Netherlands (Kingdom of the)" -> "Netherlands")."""
    return participant.split(" (")[0].casefold() in text.casefold()


def parse_status_page(html: str, mtdsg: str | None = None) -> UntcPage:
    """Read one UNTC status page. ``mtdsg`` overrides the number read from the page."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    if not collector.grid_found:
        raise UntcParseError("no participant table (a <table> whose id ends in '_tblgrid')")
    rows = collector.rows
    if not rows:
        raise UntcParseError("the participant table has no rows")
    head = next((i for i, r in enumerate(rows) if "thead-one" in r.classes.split()), 0)
    headers = [c.clean for c in rows[head].cells]
    if not headers or not headers[0].casefold().startswith("participant"):
        raise UntcParseError(f"first column header is not 'Participant': {headers[:1]!r}")
    columns = [_column(h) for h in headers[1:]]
    notes = collector.notes

    data_rows = rows[head + 1 :]
    # A footnote cited by several rows ("Czech Republic", "Slovakia") must name the row it dates.
    citations = Counter(n for row in data_rows for n in _cited(row))

    participants: list[str] = []
    actions: list[UntcAction] = []
    withdrawn: list[str] = []
    for number, row in enumerate(data_rows, start=1):
        first = row.cells[0]
        name = first.clean
        if not name:
            raise UntcParseError(f"row {number}: empty participant cell")
        if len(row.cells) != len(headers):
            raise UntcParseError(f"row {number} ({name!r}): {len(row.cells)} cells, {len(headers)} headers")
        footnotes = first.footnotes
        participants.append(name)
        bracketed = False
        for column, cell in zip(columns, row.cells[1:], strict=True):
            raw = "".join(cell.text)
            where = f"row {number} ({name!r}), column {column.header!r}, cell {_clean(raw)!r}"
            parsed = _parse_cell(raw, where)
            if parsed is None:
                continue
            iso, suffix, in_brackets = parsed
            bracketed = bracketed or in_brackets
            kind = column.kind(suffix, where)
            actions.append(UntcAction(name, kind, iso, None, None, footnotes))
        if bracketed:
            withdrawn.append(name)
        seen: set[tuple[str, str | None]] = set()
        for note_no in _cited(row):
            for notice, effective, sentences in withdrawals_in_note(notes.get(note_no, "")):
                if (notice, effective) in seen:
                    continue
                if citations[note_no] > 1 and not _names(sentences, name):
                    continue
                seen.add((notice, effective))
                actions.append(
                    UntcAction(
                        name,
                        ActionKind.DENUNCIATION,
                        notice,
                        effective,
                        _shorten(f"note {note_no}: {sentences}"),
                        footnotes,
                    )
                )

    title_text = _clean(collector.fields.get("title", ""))
    eif = _TEXT_DATE_RE.search(_clean(collector.fields.get("eif", "")))
    status = _STATUS_AS_AT.search(_clean(collector.fields.get("status", ""))) or _STATUS_AS_AT.search(html)
    return UntcPage(
        mtdsg=mtdsg if mtdsg is not None else _mtdsg(collector.fields, html),
        title=_TITLE_NUMBER.sub("", title_text, count=1),
        concluded=_clean(collector.fields.get("concluded", "")) or None,
        entry_into_force=_text_date(eif) if eif else None,
        status_as_at=(
            _iso(int(status[3]), int(status[2]), int(status[1]), "STATUS AS AT") if status else None
        ),
        participants=tuple(participants),
        actions=tuple(actions),
        withdrawn=tuple(withdrawn),
    )
