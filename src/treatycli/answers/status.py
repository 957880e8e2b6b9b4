"""Is STATE bound by TREATY on a date: the status answer, and the loaders the other answers share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .. import law as engine
from ..dates import from_iso
from ..db import Database, Row, cached
from ..models import (
    Action,
    ActionKind,
    Bound,
    Consequences,
    Coverage,
    DatePrecision,
    DateRule,
    Derivation,
    EffectiveBasis,
    Procedure,
    RuleKind,
    Rules,
    State,
    Status,
    StatusResult,
    Treaty,
)
from ..resolve import load_treaty, resolve_pair

__all__ = ["status_of", "data_as_of", "load_rules", "resolve_by_id"]

_NO_RULE = DateRule(RuleKind.UNKNOWN)


# --- loading ---------------------------------------------------------------------------------
@cached
def _rules_row(db: Database, tid: str) -> Row | None:
    rows = db.rows("SELECT * FROM rules WHERE treaty_id = ?", (tid,))
    return rows[0] if rows else None


def _date_rule(r: Row, prefix: str) -> DateRule:
    kind = RuleKind(r[f"{prefix}_kind"] or "unknown")
    return DateRule(
        kind=kind,
        n=r[f"{prefix}_n"] or 0,
        article=r[f"{prefix}_article"],
        text=r[f"{prefix}_text"],
        later_date_allowed=bool(r["later_date_allowed"]) if prefix == "den" else False,
        armed_conflict_suspends=bool(r["armed_conflict_suspends"]) if prefix == "den" else False,
        min_membership_years=(r["min_membership_years"] or 0) if prefix == "den" else 0,
        first_period_years=(r["first_period_years"] or 0) if prefix == "den" else 0,
        period_years=(r["period_years"] or 0) if prefix == "den" else 0,
        notice_months_before_end=(r["notice_months_before_end"] or 0) if prefix == "den" else 0,
        periods_from_party=bool(r["periods_from_party"]) if prefix == "den" else False,
    )


@cached
def load_rules(db: Database, treaty: Treaty) -> Rules | None:
    r = _rules_row(db, treaty.id)
    if r is None:
        return None
    den = _date_rule(r, "den")
    if den.kind is RuleKind.VIA_PARENT and r["via_parent"]:
        parent = _rules_row(db, r["via_parent"])
        if parent is not None:
            den = _date_rule(parent, "den")
    return Rules(
        entry_into_force=_date_rule(r, "eif"),
        denunciation=den,
        notice=r["notice"],
        survival=r["survival"],
        none_reason=r["none_reason"],
        none_authority=r["none_authority"],
        via_parent=r["via_parent"],
        also_ends=tuple((r["also_ends"] or "").split()),
    )


@cached
def _coverage(db: Database, tid: str) -> Coverage | None:
    rows = db.rows(
        "SELECT c.*, s.title AS source_title FROM coverage c "
        "LEFT JOIN sources s ON s.id = c.source_id WHERE treaty_id = ?",
        (tid,),
    )
    if not rows:
        return None
    r = rows[0]
    return Coverage(r["coverage"], r["as_of"], r["source_title"], r["note"])


@cached
def _state_coverage(db: Database, tid: str, sid: str) -> Coverage | None:
    if not _has_state_coverage(db):
        return None
    rows = db.rows(
        "SELECT c.*, s.title AS source_title FROM state_coverage c "
        "LEFT JOIN sources s ON s.id = c.source_id WHERE treaty_id = ? AND state_id = ?",
        (tid, sid),
    )
    if not rows:
        return None
    r = rows[0]
    return Coverage("state", r["as_of"], r["source_title"], r["note"])


@cached
def _has_state_coverage(db: Database) -> bool:
    return db.has_table("state_coverage")


def coverage_for(db: Database, tid: str, state: State) -> Coverage | None:
    """How far our data reaches for STATE on treaty TID: the treaty's participant list, or, where that
    list is partial or older, a source that states this state's whole standing toward the treaty on a
    date (a non-party, a signatory that never ratified)."""
    listed = _coverage(db, tid)
    own = _state_coverage(db, tid, state.id)
    if own is None:
        return listed
    if (
        listed is not None
        and listed.coverage in ("complete", "current")
        and (listed.as_of or "") >= (own.as_of or "")
    ):
        return listed
    return own


def _actions(db: Database, tid: str, state_ids: Sequence[str]) -> list[Action]:
    marks = ",".join("?" * len(state_ids))
    rows = db.rows(
        # A snapshot kept as a copy in a code repository (the 2015 UN pages) is cited by the depositary
        # page it copied, which a reader can open; the source's title still says which copy and when.
        f"SELECT a.*, s.title AS source_title, "
        f"CASE WHEN s.url LIKE 'https://github.com/%' AND t.status_url IS NOT NULL "
        f"THEN replace(t.status_url, 'http://', 'https://') ELSE s.url END AS source_url "
        f"FROM actions a JOIN sources s ON s.id = a.source_id JOIN treaties t ON t.id = a.treaty_id "
        f"WHERE a.treaty_id = ? AND a.state_id IN ({marks}) "
        f"ORDER BY COALESCE(a.date, '9999'), a.id",
        (tid, *state_ids),
    )
    succession_on = _succession_on(db, state_ids[0])
    return [_action(r, state_ids[0], succession_on) for r in rows]


@cached
def _succession_on(db: Database, sid: str) -> str | None:
    """The date from which a successor state's successions take effect (our successions table)."""
    rows = db.rows(
        "SELECT succession_on FROM successions WHERE successor_id = ? AND succession_on IS NOT NULL", (sid,)
    )
    return rows[0]["succession_on"] if len(rows) == 1 else None


def _action(r: Row, sid: str, succession_on: str | None = None) -> Action:
    note = r["note"]
    if r["state_id"] != sid:
        note = f"act of {r['state_id']} (continued by {sid})" + (f"; {note}" if note else "")
    effective_on, basis = r["effective_on"], r["effective_basis"]
    if r["kind"] == ActionKind.SUCCESSION and not effective_on and succession_on and r["state_id"] == sid:
        effective_on, basis = succession_on, EffectiveBasis.RECORDED.value
        note = (
            f"{note}; " if note else ""
        ) + f"a succession takes effect from the date of succession, {succession_on}"
    return Action(
        kind=ActionKind(r["kind"]),
        date=r["date"],
        date_precision=DatePrecision(r["date_precision"]),
        effective_on=effective_on,
        effective_basis=EffectiveBasis(basis) if basis else None,
        note=note,
        source=r["source_title"],
        source_url=r["source_url"],
        confidence=r["confidence"],
        contested=r["contested"] or None,
        void=bool(r["void"]),
    )


@cached
def _lineage(db: Database, state: State) -> tuple[str, ...]:
    """The state and the predecessors whose treaty membership it continues (USSR -> Russia)."""
    ids = [state.id]
    for r in db.rows(
        "SELECT predecessor_id FROM successions WHERE successor_id = ? AND continuator = 1", (state.id,)
    ):
        ids.append(r["predecessor_id"])
    return tuple(ids)


def _facts(
    treaty: Treaty, rules: Rules | None, coverage: Coverage | None, as_of: str | None = None
) -> engine.TreatyFacts:
    return engine.TreatyFacts(
        undated_known_by=from_iso(coverage.as_of if coverage and coverage.as_of else as_of),
        entry_into_force_on=from_iso(treaty.entry_into_force_on),
        not_in_force_as_of=from_iso(treaty.not_in_force_as_of),
        not_in_force_source=treaty.not_in_force_source or "its depositary",
        terminated_on=from_iso(treaty.terminated_on),
        entry_into_force_rule=rules.entry_into_force if rules else _NO_RULE,
        denunciation_rule=rules.denunciation if rules else _NO_RULE,
        participants_complete=coverage is not None and coverage.coverage in ("complete", "current", "state"),
        current_only=coverage is not None and coverage.coverage == "current",
        survival=rules.survival if rules else None,
        no_clause_reason=rules.none_reason if rules else None,
        as_of=from_iso(coverage.as_of) if coverage and coverage.coverage != "none" else None,
        reach=(
            f"the statement of this state's standing ({coverage.source or 'its source'})"
            if coverage and coverage.coverage == "state"
            else "our list for this treaty"
        ),
    )


@cached
def data_as_of(db: Database) -> str | None:
    return db.meta().get("data_as_of")


# --- status ----------------------------------------------------------------------------------
def status_of(
    db: Database, state_text: str, treaty_text: str, on: date | None = None, *, today: date | None = None
) -> StatusResult:
    """Is STATE bound by TREATY on ON (default today), since when, and what if it leaves."""
    # TREATY STATE the other way round ("status ecpt russia") is accepted when the names resolve
    # that way (the answer says what each resolved to); else the typed order's error
    state, treaty, swapped = resolve_pair(db, state_text, treaty_text)
    if swapped:
        state_text, treaty_text = treaty_text, state_text
    when = on or today or date.today()
    result = _status(db, state, treaty, when, with_consequences=True)
    return StatusResult(
        state=result.state,
        treaty=result.treaty,
        on=result.on,
        derivation=result.derivation,
        actions=result.actions,
        coverage=result.coverage,
        data_as_of=result.data_as_of,
        resolved=(
            (state_text, f"{state.id} {state.name}"),
            (treaty_text, f"{treaty.series or treaty.id} {treaty.short_name or treaty.title}"),
        ),
        consequences=result.consequences,
        caveats=result.caveats,
        procedures=procedures(db, state, treaty, when) if result.derivation.bound is not Bound.NO else (),
    )


@cached
def _status(db: Database, state: State, treaty: Treaty, on: date, *, with_consequences: bool) -> StatusResult:
    rules = load_rules(db, treaty)
    coverage = coverage_for(db, treaty.id, state)
    actions = _actions(db, treaty.id, _lineage(db, state))
    facts = _facts(treaty, rules, coverage, data_as_of(db))
    derivation = derive(db, state, actions, on, facts, treaty.id)
    caveats = list(_caveats(state, treaty, on, actions, coverage, derivation.status))
    consequences = None
    if with_consequences and derivation.status in (
        Status.WITHDRAWN,
        Status.WITHDRAWAL_PENDING,
        Status.WITHDRAWAL_DATE_UNKNOWN,
    ):
        consequences = _consequences(db, state, treaty, on)
    return StatusResult(
        state=state,
        treaty=treaty,
        on=on,
        derivation=derivation,
        actions=tuple(actions),
        coverage=coverage,
        data_as_of=data_as_of(db),
        consequences=consequences,
        caveats=tuple(caveats),
    )


def derive(
    db: Database,
    state: State,
    actions: Sequence[Action],
    on: date,
    facts: engine.TreatyFacts,
    treaty_id: str = "",
) -> Derivation:
    """The engine's answer for one participant: every listing (status, parties, panel) uses this."""
    dissolved_on = from_iso(state.dissolved_on)
    if dissolved_on is not None and on >= dissolved_on:
        return engine.dissolved(actions, on, facts, dissolved_on, _successors_text(db, state))
    if not actions and not eligible_for(db, state, treaty_id):
        rule, note, _ = eligibility(db, treaty_id)
        return Derivation(
            Status.NOT_PARTY,
            notes=(f"not eligible: {note or rule}",),
            bound=Bound.NO,
            current=True,
        )
    if state.kind == "historic" and not actions:
        return Derivation(
            Status.UNKNOWN,
            notes=(
                f"no act is recorded under {state.name} itself; depositaries list the acts of a "
                f"dissolved participant under its successor(s): {', '.join(state.successors)}",
            ),
        )
    return engine.derive_status(actions, on, facts)


@cached
def _successors_text(db: Database, state: State) -> str:
    rows = db.rows(
        "SELECT successor_id, continuator FROM successions WHERE predecessor_id = ? "
        "ORDER BY continuator DESC, successor_id",
        (state.id,),
    )
    continuators = [r["successor_id"] for r in rows if r["continuator"]]
    others = [r["successor_id"] for r in rows if not r["continuator"]]
    parts = []
    if continuators:
        parts.append(f"its treaty membership is continued by {', '.join(continuators)}")
    if others:
        parts.append(f"successor states: {', '.join(others)}")
    return "; ".join(parts) or "no successor is recorded"


def _caveats(
    state: State, treaty: Treaty, on: date, actions: list[Action], coverage: Coverage | None, status: Status
) -> list[str]:
    out = []
    if coverage is None or coverage.coverage == "none":
        out.append("we hold no participant list for this treaty (metadata only)")
    elif coverage.coverage == "partial":
        out.append("our participant list for this treaty is partial (curated rows only)")
    elif coverage.coverage == "state":
        later = coverage.as_of is not None and on.isoformat() > coverage.as_of
        out.append(
            f"our participant list for this treaty is partial; this state's own standing is stated by "
            f"{coverage.source or 'a source'} as of {coverage.as_of}"
            + (": later acts are not known to us" if later else "")
        )
    elif coverage.as_of and on.isoformat() > coverage.as_of:
        out.append(
            f"the depositary's full participant list in our data is as of {coverage.as_of}; "
            f"later acts are included only where our curated layer has them"
        )
    if status.bound and coverage is not None and not coverage.records_exits:
        out.append(
            "the 2015 UN snapshot behind this list does not record withdrawals or denunciations: an exit "
            "before 2015 is shown only where our curated layer has it"
        )
    unverified = sum(1 for a in actions if a.confidence == "unverified")
    if unverified:
        out.append(f"{unverified} unverified row(s) are shown on the timeline but not used for the status")
    if state.dissolved_on and on.isoformat() > state.dissolved_on:
        out.append(
            f"{state.name} ceased to exist on {state.dissolved_on}; successors: "
            + ", ".join(state.successors)
        )
    if state.kind == "historic" and not actions:
        out.append(
            "the depositary may record this participant's acts under its successor(s): "
            + ", ".join(state.successors)
        )
    return out


def _consequences(db: Database, state: State, treaty: Treaty, on: date) -> Consequences:
    r = _rules_row(db, treaty.id)
    return Consequences(
        ends=r["ends"] if r else None,
        remains=r["remains"] if r else None,
        still_binding=_still_binding(db, state, treaty, on),
    )


def _still_binding(db: Database, state: State, treaty: Treaty, on: date) -> tuple[tuple[str, str, str], ...]:
    """Other treaties on the treaty's own subject (its first specific one: torture for the ECPT,
    international criminal justice for the ICC, women for Istanbul) that bind the state on ``on``."""
    generic = {"human-rights", "arms-control", "environment", "international-organisation"}
    specific = [x for x in treaty.subjects if x not in generic] or list(treaty.subjects)
    if not specific:
        return ()
    subjects = {specific[0]}
    out = []
    for r in db.rows(
        "SELECT id FROM treaties WHERE subjects IS NOT NULL AND subjects != '' AND id != ? ORDER BY id",
        (treaty.id,),
    ):
        other = resolve_by_id(db, r["id"])
        if not subjects & set(other.subjects) or treaty.id in (other.parent_id, _via_parent(db, other.id)):
            continue  # the treaty's own amending protocols leave with it
        res = _status(db, state, other, on, with_consequences=False)
        if res.derivation.bound is Bound.YES:
            out.append((other.id, other.short_name or other.title, res.status.value))
    return tuple(out)


def _via_parent(db: Database, tid: str) -> str | None:
    r = _rules_row(db, tid)
    return r["via_parent"] if r else None


# The optional procedures of the core human-rights treaties: by a declaration under an article of the
# treaty (recorded on the depositary's page), or by becoming party to an optional protocol.
_BY_DECLARATION = {
    "un-iv-9": (("individual_complaints", "22"), ("inter_state", "21")),
    "un-iv-2": (("individual_complaints", "14"),),
    "un-iv-16": (("individual_complaints", "31"), ("inter_state", "32")),
    "un-iv-13": (("individual_complaints", "77"), ("inter_state", "76")),
}
_BY_PROTOCOL = {
    "un-iv-4": "un-iv-5",
    "un-iv-3": "un-iv-3-a",
    "un-iv-8": "un-iv-8-b",
    "un-iv-11": "un-iv-11-d",
    "un-iv-15": "un-iv-15-a",
}


def procedures(db: Database, state: State, treaty: Treaty, on: date) -> tuple[Procedure, ...]:
    """Whether the state accepts the treaty's individual-complaint (and inter-state or inquiry)
    procedures on ``on``, from the depositary's declarations and the optional protocols we hold."""
    out: list[Procedure] = []
    coverage = _coverage(db, treaty.id)
    as_of = coverage.as_of if coverage else None
    for procedure, article in _BY_DECLARATION.get(treaty.id, ()):
        rows = db.rows(
            "SELECT status, date, evidence FROM procedures WHERE treaty_id = ? AND state_id = ? "
            "AND article = ? ORDER BY COALESCE(date, ''), status",
            (treaty.id, state.id, article),
        )
        live = db.rows("SELECT 1 FROM procedures WHERE treaty_id = ? LIMIT 1", (treaty.id,))
        last = rows[-1] if rows else None
        if last is not None and last["status"] == "accepted":
            accepted = Bound.YES
        elif live and (last is not None or (as_of is not None and on.isoformat() <= as_of)):
            accepted = Bound.NO  # the depositary's declarations, current on that date, show none
        else:
            accepted = Bound.UNKNOWN
        out.append(
            Procedure(
                procedure,
                f"Art. {article} declaration",
                accepted,
                since=last["date"] if last is not None and accepted is Bound.YES else None,
                as_of=as_of,
                evidence=last["evidence"] if last is not None else None,
            )
        )
    protocol = _BY_PROTOCOL.get(treaty.id)
    if protocol is not None:
        op = load_treaty(db, protocol)
        res = _status(db, state, op, on, with_consequences=False)
        out.append(
            Procedure(
                "individual_complaints",
                f"{op.short_name or 'Optional Protocol'} ({op.series or op.id})",
                res.derivation.bound,
                since=res.derivation.since if res.derivation.bound is Bound.YES else None,
                as_of=res.derivation.as_of,
                evidence=f"{res.status.value} in the Optional Protocol",
            )
        )
    return tuple(out)


_GROUP_FOUNDING = {"coe_members": "coe-001", "oas_members": "oas-a-41", "american_states": "oas-a-41"}


@cached
def eligibility(db: Database, tid: str) -> tuple[str | None, str | None, frozenset[str]]:
    """Who may join the treaty: (rule, note, the states it admits); (None, None, {}) when open."""
    rows = db.rows(
        "SELECT eligibility, eligibility_members, eligibility_note FROM treaties WHERE id = ?", (tid,)
    )
    if not rows or not rows[0]["eligibility"]:
        return None, None, frozenset()
    rule, members, note = rows[0]["eligibility"], rows[0]["eligibility_members"], rows[0]["eligibility_note"]
    if rule == "named":
        return rule, note, frozenset((members or "").split("|"))
    founding = _GROUP_FOUNDING.get(rule)
    if founding is not None:
        found = db.rows("SELECT DISTINCT state_id FROM actions WHERE treaty_id = ?", (founding,))
    else:
        found = db.rows("SELECT state_id FROM eligibility_groups WHERE group_name = ?", (rule,))
    also = frozenset(filter(None, (members or "").split("|")))  # admitted besides the group
    return rule, note, frozenset(r["state_id"] for r in found) | also


def eligible(db: Database, state: State, treaty: Treaty) -> bool:
    """Whether the state (or a state it continues) may join the treaty at all. Open treaties: yes."""
    return eligible_for(db, state, treaty.id)


def eligible_for(db: Database, state: State, treaty_id: str) -> bool:
    if not treaty_id:
        return True
    rule, _, admitted = eligibility(db, treaty_id)
    return rule is None or bool(admitted & set(_lineage(db, state)))


def resolve_by_id(db: Database, tid: str) -> Treaty:
    from ..resolve import load_treaty

    return load_treaty(db, tid)
