"""Library entry points for the commands beyond ``status``: parties, search, info, obligations,
what-if withdrawals, batch lookups, the change feed, profiles, comparisons and panels."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from . import status as engine
from .dates import from_iso
from .db import Database
from .enums import ActionKind, Bound, EffectiveBasis, RuleKind, Status
from .errors import UsageError
from .models import State, StatusResult, Treaty
from .query import (
    _NO_RULE,
    _actions,
    _coverage,
    _facts,
    _lineage,
    _rules_row,
    _status,
    _still_binding,
    data_as_of,
    load_rules,
    resolve_by_id,
    status_of,
)
from .resolve import load_state, resolve_state, resolve_treaty
from .results import (
    InfoResult,
    Obligation,
    ObligationsResult,
    PartiesResult,
    PartyRow,
    SearchHit,
    WithdrawalResult,
)
from .text import normalise as normalise_text

__all__ = [
    "parties",
    "search",
    "info",
    "obligations",
    "withdrawal_whatif",
    "status_batch",
    "events",
    "state_profile",
    "compare",
    "panel",
    "parties_by_year",
    "complete_names",
]


# --- parties ---------------------------------------------------------------------------------
def parties(
    db: Database,
    treaty_text: str,
    on: date | None = None,
    status: Status | None = None,
    *,
    today: date | None = None,
) -> PartiesResult:
    """Every participant the data holds for TREATY, with its status on ON."""
    treaty = resolve_treaty(db, treaty_text)
    when = on or today or date.today()
    rules = load_rules(db, treaty)
    coverage = _coverage(db, treaty.id)
    facts = _facts(treaty, rules, coverage, data_as_of(db))
    rows = []
    ids = [
        r["state_id"]
        for r in db.rows(
            "SELECT DISTINCT state_id FROM actions WHERE treaty_id = ? "
            "UNION SELECT DISTINCT state_id FROM participants WHERE treaty_id = ?",
            (treaty.id, treaty.id),
        )
    ]
    for sid in ids:
        state = load_state(db, sid)
        actions = _actions(db, treaty.id, [sid])
        derivation = engine.derive_status(actions, when, facts)
        if status is None or derivation.status is status:
            rows.append(PartyRow(state, derivation, tuple(actions)))
    rows.sort(key=lambda row: row.state.name.casefold())
    return PartiesResult(
        treaty,
        when,
        tuple(rows),
        coverage,
        data_as_of(db),
        ((treaty_text, f"{treaty.series or treaty.id} {treaty.short_name or treaty.title}"),),
    )


# --- search ----------------------------------------------------------------------------------
_WORD = re.compile(r"\w+", re.UNICODE)


def search(db: Database, text: str, limit: int = 50) -> list[SearchHit]:
    """Treaties whose title, short name or aliases contain every word of TEXT."""
    from .resolve import _clean, load_treaty

    key = _clean(text, "search")
    words = _WORD.findall(key)
    if not words:
        raise UsageError("nothing to search for")
    match = " ".join(f'"{w}"*' for w in words[:12])
    rows = db.rows(
        "SELECT t.id, t.title FROM treaties_fts f JOIN treaties t ON t.rowid = f.rowid "
        "WHERE treaties_fts MATCH ? ORDER BY rank, t.id LIMIT ?",
        (match, limit),
    )
    return [SearchHit(load_treaty(db, r["id"]), r["title"]) for r in rows]


# --- info ------------------------------------------------------------------------------------
def info(db: Database) -> InfoResult:
    meta = db.meta()
    counts = {
        t: db.rows(f"SELECT count(*) AS n FROM {t}")[0]["n"]
        for t in ("treaties", "states", "actions", "participants", "texts", "rules", "obligations")
    }
    sources = []
    for r in db.rows(
        "SELECT s.id, s.title, s.retrieved_on, s.covers_until, count(a.id) AS n FROM sources s "
        "LEFT JOIN actions a ON a.source_id = s.id WHERE s.kind = 'snapshot' "
        "GROUP BY s.id ORDER BY s.id"
    ):
        sources.append((r["id"], r["title"], r["retrieved_on"] or None, r["covers_until"] or None, r["n"]))
    for r in db.rows(
        "SELECT origin, count(*) AS n, count(DISTINCT source_id) AS s, max(date) AS last "
        "FROM actions WHERE origin NOT IN ('snapshot', 'untc-live') GROUP BY origin ORDER BY origin"
    ):
        sources.append(
            (f"curated/{r['origin']}", f"curated layer: {r['s']} source pages", None, r["last"], r["n"])
        )
    coverage = {
        r["coverage"]: r["n"]
        for r in db.rows("SELECT coverage, count(*) AS n FROM coverage GROUP BY coverage ORDER BY coverage")
    }
    return InfoResult(
        path=str(db.path),
        schema_version=meta.get("schema_version", "?"),
        data_as_of=meta.get("data_as_of"),
        built_from=meta.get("built_from"),
        counts=counts,
        sources=tuple(sources),
        coverage=coverage,
    )


# --- obligations and what-if -----------------------------------------------------------------
def obligations(db: Database, treaty_text: str) -> ObligationsResult:
    treaty = resolve_treaty(db, treaty_text)
    r = _rules_row(db, treaty.id)
    obs = tuple(
        Obligation(o["article"], o["summary"])
        for o in db.rows(
            "SELECT article, summary FROM obligations WHERE treaty_id = ? ORDER BY ordinal", (treaty.id,)
        )
    )
    return ObligationsResult(
        treaty=treaty,
        obligations=obs,
        monitoring_body=r["monitoring_body"] if r else None,
        monitoring=r["monitoring"] if r else None,
        monitoring_modes=tuple((r["monitoring_modes"] or "").split()) if r else (),
        rules=load_rules(db, treaty),
        ends=r["ends"] if r else None,
        remains=r["remains"] if r else None,
        sources=tuple((r["sources"] or "").split("\n")) if r and r["sources"] else (),
        data_as_of=data_as_of(db),
        resolved=((treaty_text, f"{treaty.series or treaty.id} {treaty.short_name or treaty.title}"),),
    )


def withdrawal_whatif(
    db: Database,
    treaty_text: str,
    state_text: str | None = None,
    notified: date | None = None,
    *,
    today: date | None = None,
) -> WithdrawalResult:
    """When a notice given on NOTIFIED would take effect, and whether STATE may give it yet."""
    treaty = resolve_treaty(db, treaty_text)
    state = resolve_state(db, state_text) if state_text else None
    when = notified or today or date.today()
    rules = load_rules(db, treaty)
    r = _rules_row(db, treaty.id)
    rule = rules.denunciation if rules else _NO_RULE
    resolved = [(treaty_text, f"{treaty.series or treaty.id} {treaty.short_name or treaty.title}")]
    effective: date | None = None
    basis: EffectiveBasis | None = None
    reasons: list[str] = []
    if rule.kind is RuleKind.NONE:
        reasons.append(
            "the treaty has no denunciation or withdrawal clause"
            + (f": {rules.none_reason}" if rules and rules.none_reason else "")
        )
        if rules and rules.none_authority:
            reasons.append(f"authority: {rules.none_authority}")
    else:
        effective = engine.apply_rule(rule, when, treaty_in_force_on=from_iso(treaty.entry_into_force_on))
        if effective is None:
            reasons.append("the effective-date rule for this treaty is not in our data")
        elif rule.armed_conflict_suspends:
            basis = EffectiveBasis.EARLIEST_POSSIBLE
            reasons.append("not effective while the withdrawing state is engaged in an armed conflict")
        else:
            basis = EffectiveBasis.COMPUTED
        if rule.later_date_allowed:
            reasons.append("the notice may name a later date, which then applies")
    may: bool | None = None
    may_from: str | None = None
    current: Status | None = None
    still: tuple[tuple[str, str, str], ...] = ()
    if state is not None:
        resolved.append((state_text or "", f"{state.id} {state.name}"))
        res = _status(db, state, treaty, when, with_consequences=False)
        current = res.status
        if current is Status.UNKNOWN or res.derivation.bound is Bound.UNKNOWN:
            why = "; ".join(res.derivation.notes[-1:]) or "our data cannot say"
            reasons.append(
                f"we cannot tell whether {state.name} is bound on {when.isoformat()} "
                f"({current.value}: {why}), so we cannot say whether it may give notice"
            )
        elif rule.kind is RuleKind.NONE:
            may = False
        elif not current.bound and current is not Status.RATIFIED_NOT_IN_FORCE:
            may = False
            reasons.append(f"{state.name} is not a party on {when.isoformat()} ({current.value})")
        else:
            earliest = engine.earliest_notice_date(rule, from_iso(res.derivation.in_force_on))
            if rule.min_membership_years and earliest is None:
                reasons.append(
                    f"notice is possible only {rule.min_membership_years} years after the "
                    "treaty entered into force for the party; that date is not in our data"
                )
            elif earliest is not None and earliest > when:
                may, may_from = False, earliest.isoformat()
                reasons.append(
                    f"notice is possible only from {may_from} "
                    f"({rule.min_membership_years} years after entry into force for it)"
                )
                effective = engine.apply_rule(
                    rule, earliest, treaty_in_force_on=from_iso(treaty.entry_into_force_on)
                )
                basis = EffectiveBasis.EARLIEST_POSSIBLE
            else:
                may = True
                may_from = earliest.isoformat() if earliest else None
        still = _still_binding(db, state, treaty, effective or when)
    rule_text = f"Art. {rule.article}: {rule.text}" if rule.article and rule.text else rule.text
    return WithdrawalResult(
        treaty=treaty,
        state=state,
        notified_on=when,
        effective_on=effective.isoformat() if effective else None,
        effective_basis=basis,
        rule=rule_text,
        may_notify=may,
        may_notify_from=may_from,
        reason="; ".join(reasons) or None,
        current_status=current,
        ends=r["ends"] if r else None,
        remains=r["remains"] if r else None,
        survives=rules.survival if rules else None,
        still_binding=still,
        data_as_of=data_as_of(db),
        resolved=tuple(resolved),
    )


# --- batch and events ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BatchItem:
    line: int
    text: str
    result: StatusResult | None = None
    error: str | None = None
    exit_code: int = 0


def status_batch(db: Database, lines: Iterable[bytes], *, today: date | None = None) -> Iterator[BatchItem]:
    """One status per input line ``STATE<TAB>TREATY[<TAB>DATE]``, in order; a bad line is an error item."""
    from .dates import parse_user_date
    from .errors import TreatyError

    when_default = today or date.today()
    for number, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            yield BatchItem(
                number, raw[:80].decode("utf-8", "replace"), error="line is not valid UTF-8", exit_code=2
            )
            continue
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        fields = text.split("\t")
        try:
            if len(fields) not in (2, 3):
                raise UsageError("expected STATE<TAB>TREATY[<TAB>DATE]")
            on = parse_user_date(fields[2], today=when_default) if len(fields) == 3 else when_default
            yield BatchItem(number, text[:300], result=status_of(db, fields[0], fields[1], on))
        except TreatyError as exc:
            yield BatchItem(number, text[:300], error=str(exc), exit_code=exc.exit_code)


@dataclass(frozen=True, slots=True)
class Event:
    date: str | None
    date_precision: str
    kind: str
    state_id: str
    state: str
    treaty_id: str
    treaty: str
    effective_on: str | None
    confidence: str
    source: str | None
    source_url: str | None
    note: str | None


def events(
    db: Database,
    *,
    since: date | None = None,
    until: date | None = None,
    kinds: Sequence[str] = (),
    state_text: str | None = None,
    treaty_text: str | None = None,
    limit: int | None = None,
) -> Iterator[Event]:
    """Acts in the data, newest first, filtered by date range, kind, state and treaty (streamed)."""
    where: list[str] = ["a.date IS NOT NULL"]
    params: list[str | int] = []
    if since:
        where.append("a.date >= ?")
        params.append(since.isoformat())
    if until:
        where.append("a.date <= ?")
        params.append(until.isoformat())
    for k in kinds:
        if k not in ActionKind.__members__.values():
            raise UsageError(f"unknown action kind {k[:40]!r}")
    if kinds:
        where.append(f"a.kind IN ({','.join('?' * len(kinds))})")
        params.extend(kinds)
    if state_text is not None:  # an empty name is an error, never "all states"
        where.append("a.state_id = ?")
        params.append(resolve_state(db, state_text).id)
    if treaty_text is not None:
        where.append("a.treaty_id = ?")
        params.append(resolve_treaty(db, treaty_text).id)
    sql = (
        "SELECT a.*, s.name AS state_name, COALESCE(t.short_name, t.title) AS treaty_name, "
        "src.title AS source_title, src.url AS source_url FROM actions a JOIN states s ON s.id = a.state_id "
        "JOIN treaties t ON t.id = a.treaty_id JOIN sources src ON src.id = a.source_id "
        f"WHERE {' AND '.join(where)} ORDER BY a.date DESC, a.treaty_id, a.state_id, a.id"
        + (" LIMIT ?" if limit else "")
    )
    return _stream_events(db, sql, (*params, *([limit] if limit else [])))


def _stream_events(db: Database, sql: str, params: Sequence[str | int]) -> Iterator[Event]:
    for r in db.stream(sql, params):
        yield Event(
            r["date"],
            r["date_precision"],
            r["kind"],
            r["state_id"],
            r["state_name"],
            r["treaty_id"],
            r["treaty_name"],
            r["effective_on"],
            r["confidence"],
            r["source_title"],
            r["source_url"],
            r["note"],
        )


# --- profiles, comparisons, panels -----------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ProfileRow:
    treaty: Treaty
    subject: str
    status: Status
    since: str | None  # in force for the state, or its latest act
    core: bool


def _subject_of(treaty: Treaty) -> str:
    """The treaty's most specific subject (torture before human-rights), or "other"."""
    specific = [s for s in treaty.subjects if s not in ("human-rights", "arms-control", "environment")]
    return (specific or list(treaty.subjects) or ["other"])[0]


def _core_ids(db: Database) -> set[str]:
    return {r["treaty_id"] for r in db.rows("SELECT treaty_id FROM rules")}


def state_profile(
    db: Database,
    state_text: str,
    on: date | None = None,
    subject: str | None = None,
    *,
    today: date | None = None,
) -> tuple[State, date, list[ProfileRow]]:
    """Every treaty the state has acted on, plus the core treaties it has not joined."""
    state = resolve_state(db, state_text)
    when = on or today or date.today()
    lineage = _lineage(db, state)
    marks = ",".join("?" * len(lineage))
    acted = {
        r["treaty_id"]
        for r in db.rows(f"SELECT DISTINCT treaty_id FROM actions WHERE state_id IN ({marks})", lineage)
    }
    core = _core_ids(db)
    rows: list[ProfileRow] = []
    for tid in sorted(acted | core):
        treaty = resolve_by_id(db, tid)
        if subject and subject not in treaty.subjects:
            continue
        res = _status(db, state, treaty, when, with_consequences=False)
        if tid not in acted and res.status not in (Status.NOT_PARTY, Status.UNKNOWN):
            continue
        last = next((a.date for a in reversed(res.actions) if a.date), None)
        rows.append(
            ProfileRow(
                treaty, _subject_of(treaty), res.status, res.derivation.in_force_on or last, tid in core
            )
        )
    rows.sort(key=lambda r: (r.subject, r.status.value, r.treaty.id))
    return state, when, rows


def compare(
    db: Database,
    state_texts: Sequence[str],
    treaty_texts: Sequence[str] = (),
    subject: str | None = None,
    on: date | None = None,
    *,
    today: date | None = None,
) -> tuple[list[State], list[Treaty], dict[tuple[str, str], tuple[Status, str | None]]]:
    """A matrix of states by treaties: the status on a date and the year it took effect."""
    states = [resolve_state(db, s) for s in state_texts]
    if treaty_texts:
        treaties = [resolve_treaty(db, t) for t in treaty_texts]
    else:
        treaties = [resolve_by_id(db, tid) for tid in sorted(_core_ids(db))]
        if subject:
            treaties = [t for t in treaties if subject in t.subjects]
    when = on or today or date.today()
    cells: dict[tuple[str, str], tuple[Status, str | None]] = {}
    for t in treaties:
        for s in states:
            res = _status(db, s, t, when, with_consequences=False)
            year = (res.derivation.in_force_on or "")[:4] or None
            w = res.derivation.withdrawal
            if res.status is Status.WITHDRAWN and w and w.effective_on:
                year = w.effective_on[:4]
            cells[(s.id, t.id)] = (res.status, year)
    return states, treaties, cells


@dataclass(frozen=True, slots=True)
class PanelRow:
    state_id: str
    state: str
    treaty_id: str
    year: int
    status: Status
    bound: Bound
    acts: str  # the year's acts, "kind date; ..."


def panel(db: Database, treaty_texts: Sequence[str], from_year: int, to_year: int) -> Iterator[PanelRow]:
    """One row per state, treaty and year: the status on 31 December and the year's acts."""
    if to_year < from_year or to_year - from_year > 300:
        raise UsageError("--to must be a year after --from, at most 300 years later")
    for text in treaty_texts:
        treaty = resolve_treaty(db, text)
        rules = load_rules(db, treaty)
        coverage = _coverage(db, treaty.id)
        facts = _facts(treaty, rules, coverage, data_as_of(db))
        acted = [
            r["state_id"]
            for r in db.rows(
                "SELECT DISTINCT state_id FROM actions WHERE treaty_id = ? ORDER BY state_id", (treaty.id,)
            )
        ]
        others = (
            []
            if coverage is None or coverage.coverage != "complete"
            else [r["id"] for r in db.rows("SELECT id FROM states WHERE kind = 'state' ORDER BY id")]
        )
        for sid in sorted(set(acted) | set(others)):
            state = load_state(db, sid)
            actions = _actions(db, treaty.id, _lineage(db, state))
            for year in range(from_year, to_year + 1):
                if state.dissolved_on and state.dissolved_on[:4] < str(year):
                    break
                d = engine.derive_status(actions, date(year, 12, 31), facts)
                acts = "; ".join(
                    f"{a.kind.value} {a.date}" for a in actions if a.date and a.date[:4] == str(year)
                )
                yield PanelRow(sid, state.name, treaty.id, year, d.status, d.bound, acts)


def parties_by_year(
    db: Database, treaty_text: str, until: int | None = None
) -> tuple[Treaty, list[tuple[int, int]]]:
    """How many participants were bound on 31 December of each year."""
    treaty = resolve_treaty(db, treaty_text)
    last = until or date.today().year
    counts: dict[int, int] = {}
    first = last
    for row in panel(db, [treaty.id], 1945, last):
        if row.bound is Bound.YES:
            counts[row.year] = counts.get(row.year, 0) + 1
            first = min(first, row.year)
    return treaty, [(y, counts.get(y, 0)) for y in range(first, last + 1)]


def complete_names(db: Database, table: str, incomplete: str, limit: int = 30) -> list[str]:
    """Names for shell completion: aliases that start with what was typed."""
    key = normalise_text(incomplete)
    if table == "state":
        rows = db.rows(
            "SELECT DISTINCT s.common_name AS name FROM state_aliases a JOIN states s ON s.id = a.state_id "
            "WHERE a.alias >= ? AND a.alias < ? AND a.kind IN ('name', 'common_name') ORDER BY 1 LIMIT ?",
            (key, key + "\uffff", limit),
        )
    else:
        rows = db.rows(
            "SELECT DISTINCT alias AS name FROM treaty_aliases WHERE alias >= ? AND alias < ? "
            "AND kind NOT IN ('title', 'number') ORDER BY length(alias), alias LIMIT ?",
            (key, key + "\uffff", limit),
        )
    return [r["name"] for r in rows if r["name"]]
