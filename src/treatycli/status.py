"""The legal logic, as pure functions: effective dates from rules, and status from actions.

Nothing here reads a database or the clock; every input is passed in. DESIGN.md section 3
defines the statuses; the docstrings below say how each one is reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .dates import add_days, add_months, add_years, first_of_next_month, from_iso
from .models import (
    CONSENT_KINDS,
    Action,
    ActionKind,
    DatePrecision,
    DateRule,
    Derivation,
    EffectiveBasis,
    RuleKind,
    Status,
    Withdrawal,
)

__all__ = ["apply_rule", "derive_status", "earliest_notice_date", "TreatyFacts"]


def apply_rule(
    rule: DateRule,
    start: date,
    *,
    intended: date | None = None,
    treaty_in_force_on: date | None = None,
) -> date | None:
    """The date a rule gives for an act on ``start`` (a deposit or a notice's receipt).

    Returns None when the rule cannot give a date (no clause, via a parent treaty, unknown,
    or a fixed-period rule without the treaty's own entry into force).
    """
    kind = rule.kind
    result: date | None
    if kind is RuleKind.ON_DEPOSIT:
        result = start
    elif kind is RuleKind.DAYS_AFTER:
        result = add_days(start, rule.n)
    elif kind is RuleKind.MONTHS_AFTER:
        result = add_months(start, rule.n)
    elif kind is RuleKind.FIRST_OF_MONTH_AFTER_MONTHS:
        result = first_of_next_month(add_months(start, rule.n))
    elif kind is RuleKind.FIRST_OF_MONTH_AFTER_DAYS:
        result = first_of_next_month(add_days(start, rule.n))
    elif kind is RuleKind.NOTICE_BEFORE_INTENDED_DATE:
        earliest = add_months(start, rule.n)
        return max(earliest, intended) if intended else earliest
    elif kind is RuleKind.FIXED_PERIODS:
        if treaty_in_force_on is None or rule.period_years <= 0:
            return None
        end = add_years(treaty_in_force_on, rule.first_period_years)
        while add_months(end, -rule.notice_months_before_end) < start:
            end = add_years(end, rule.period_years)
        return end
    else:
        return None
    if rule.later_date_allowed and intended is not None and intended > result:
        return intended
    return result


def earliest_notice_date(rule: DateRule, in_force_for_party: date | None) -> date | None:
    """The first day a party may give notice under a minimum-membership clause."""
    if rule.min_membership_years <= 0 or in_force_for_party is None:
        return None
    return add_years(in_force_for_party, rule.min_membership_years)


@dataclass(frozen=True, slots=True)
class TreatyFacts:
    """What the engine needs to know about the treaty itself."""

    entry_into_force_on: date | None
    terminated_on: date | None
    entry_into_force_rule: DateRule
    denunciation_rule: DateRule
    participants_complete: bool
    undated_known_by: date | None = None  # undated acts are known to have happened by this date
    survival: str | None = None
    no_clause_reason: str | None = None


@dataclass(slots=True)
class _Membership:
    consent: Action
    consent_on: date
    in_force_on: date | None = None
    in_force_basis: EffectiveBasis | None = None
    exit: Action | None = None
    exit_on: date | None = None
    revoked_on: date | None = None  # the consent itself was withdrawn
    exit_revoked_on: date | None = None
    decided: Action | None = None  # a domestic act deciding to leave


def _when(action: Action) -> date | None:
    return from_iso(action.date, action.date_precision.value)


def _start_of_period(action: Action) -> date | None:
    """The earliest day a partially dated act can have happened."""
    if not action.date:
        return None
    parts = action.date.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 and action.date_precision is not DatePrecision.YEAR else 1
    day = int(parts[2]) if len(parts) > 2 and action.date_precision is DatePrecision.DAY else 1
    return date(year, month, day)


_EXITS = frozenset({ActionKind.DENUNCIATION, ActionKind.MEMBERSHIP_CEASED})


def _order(pair: tuple[date, Action]) -> tuple[date, int]:
    """Same-day order: an exit belongs to the earlier membership (Guyana denounced and re-acceded
    on one day); consent comes before any other act of that day (a law denouncing it)."""
    kind = pair[1].kind
    return pair[0], 0 if kind in _EXITS else 1 if kind in CONSENT_KINDS else 2


def _memberships(acts: Sequence[tuple[date, Action]]) -> list[_Membership]:
    members: list[_Membership] = []
    for on, act in acts:
        kind = act.kind
        current = members[-1] if members else None
        if kind in CONSENT_KINDS:
            if current and current.revoked_on is None and current.exit is None:
                continue  # a further act of consent within one membership (e.g. formal confirmation)
            members.append(_Membership(consent=act, consent_on=on))
        elif kind is ActionKind.ENTRY_INTO_FORCE and (current is None or current.exit is not None):
            # in force for it with no recorded consent: the consent is implied, its date unknown
            when = from_iso(act.effective_on) or on
            members.append(
                _Membership(
                    consent=act, consent_on=when, in_force_on=when, in_force_basis=EffectiveBasis.RECORDED
                )
            )
        elif current is None:
            continue
        elif kind is ActionKind.ENTRY_INTO_FORCE:
            current.in_force_on = from_iso(act.effective_on) or on
            current.in_force_basis = EffectiveBasis.RECORDED
        elif kind in (ActionKind.DENUNCIATION, ActionKind.MEMBERSHIP_CEASED):
            current.exit, current.exit_on, current.exit_revoked_on = act, on, None
        elif kind is ActionKind.WITHDRAWAL_REVOKED:
            if current.exit is not None:
                current.exit_revoked_on = on
            current.decided = None
        elif kind is ActionKind.RATIFICATION_REVOKED:
            current.revoked_on = on
        elif kind is ActionKind.DOMESTIC_ACT:
            current.decided = act
    return members


def _in_force(m: _Membership, facts: TreatyFacts) -> tuple[date | None, EffectiveBasis | None]:
    if m.in_force_on is not None:
        return m.in_force_on, m.in_force_basis
    treaty_eif = facts.entry_into_force_on
    if m.consent.kind is ActionKind.SUCCESSION:
        own: date | None = m.consent_on
    else:
        own = apply_rule(facts.entry_into_force_rule, m.consent_on)
    if treaty_eif is None:
        return None, None
    if own is not None:
        return max(own, treaty_eif), EffectiveBasis.COMPUTED
    if m.consent_on <= treaty_eif:
        return treaty_eif, EffectiveBasis.COMPUTED
    return None, None


def _exit(m: _Membership, facts: TreatyFacts) -> Withdrawal:
    """When the exit recorded on a membership takes effect, and on what basis."""
    assert m.exit is not None and m.exit_on is not None
    act, rule = m.exit, facts.denunciation_rule
    notified = act.date if act.date_precision is DatePrecision.DAY else act.date
    rule_text = _rule_text(rule)
    recorded = from_iso(act.effective_on)
    if recorded is not None:
        return Withdrawal(
            notified, recorded.isoformat(), EffectiveBasis.RECORDED, None, rule_text, facts.survival
        )
    start = _start_of_period(act) or m.exit_on
    periods_from = _in_force(m, facts)[0] if rule.periods_from_party else facts.entry_into_force_on
    computed = apply_rule(rule, start, treaty_in_force_on=periods_from)
    if computed is None:
        return Withdrawal(
            notified,
            None,
            None,
            None,
            rule_text,
            facts.survival,
            reason="the treaty's rule does not give a date from this notice",
        )
    if act.date_precision is not DatePrecision.DAY or rule.armed_conflict_suspends:
        reason = (
            f"the notice is dated only to the {act.date_precision.value}"
            if act.date_precision is not DatePrecision.DAY
            else "the withdrawal cannot take effect while the state is engaged in an armed conflict, "
            "and no source records when it took effect"
        )
        return Withdrawal(
            notified,
            None,
            EffectiveBasis.EARLIEST_POSSIBLE,
            computed.isoformat(),
            rule_text,
            facts.survival,
            reason=reason,
        )
    return Withdrawal(
        notified,
        computed.isoformat(),
        EffectiveBasis.COMPUTED,
        computed.isoformat(),
        rule_text,
        facts.survival,
    )


def _decided(act: Action, facts: TreatyFacts) -> Withdrawal:
    start = _start_of_period(act)
    rule = facts.denunciation_rule
    earliest = apply_rule(rule, start, treaty_in_force_on=facts.entry_into_force_on) if start else None
    reason = (
        f"a domestic act of {act.date or 'unknown date'} decided the denunciation; the date the "
        "depositary received the notice is not in our data"
    )
    if earliest:
        reason += f", so the earliest it can take effect is {earliest.isoformat()}"
    return Withdrawal(
        None,
        None,
        EffectiveBasis.EARLIEST_POSSIBLE if earliest else None,
        earliest.isoformat() if earliest else None,
        _rule_text(rule),
        facts.survival,
        reason=reason,
    )


def _rule_text(rule: DateRule) -> str | None:
    if rule.text:
        return f"Art. {rule.article}: {rule.text}" if rule.article else rule.text
    return None


def derive_status(actions: Sequence[Action], on: date, facts: TreatyFacts) -> Derivation:
    """A participant's status in one treaty on date ``on``, from its actions and the treaty's rules.

    Acts dated after ``on`` are ignored; partially dated acts count from the end of their period;
    unverified and undated acts are shown on the timeline but never move the status.
    """
    notes: list[str] = []
    known_by = facts.undated_known_by
    undated = [a for a in actions if a.usable and _when(a) is None]
    dated = [(when, a) for a in actions if a.usable and (when := _when(a)) is not None and when <= on]
    if undated:
        # An undated act is known to have happened by its recorded effect, else by the data's date.
        placed = [(from_iso(a.effective_on) or known_by, a) for a in undated]
        usable = [(when, a) for when, a in placed if when is not None and when <= on]
        if usable:
            dated.extend(usable)
            notes.append(
                "some acts have no known date; each is counted as done by its recorded "
                "effect or the data's as-of date"
            )
        if len(usable) < len(placed):
            notes.append("some acts have no known date, so they cannot be placed before this date")
            if not dated:
                return Derivation(Status.UNKNOWN, notes=tuple(notes))
    dated.sort(key=_order)
    if not dated:
        if not actions and not facts.participants_complete:
            notes.append("no row for this participant, and our participant list is partial")
            return Derivation(Status.UNKNOWN, notes=tuple(notes))
        return Derivation(Status.NOT_PARTY, notes=tuple(notes))

    members = _memberships(dated)
    fallback = _signature_status(dated)
    if not members:
        if any(a.kind in _EXITS for _, a in dated):
            notes.append(
                "an exit is recorded but no consent to be bound before it: our rows for this "
                "participant are incomplete"
            )
            return Derivation(Status.UNKNOWN, notes=tuple(notes))
        return Derivation(fallback, notes=tuple(notes))
    m = members[-1]
    if m.revoked_on is not None:
        notes.append(f"consent to be bound of {m.consent.date} was withdrawn on {m.revoked_on}")
        return Derivation(fallback, notes=tuple(notes))

    in_force_on, in_force_basis = _in_force(m, facts)
    terminated = facts.terminated_on is not None and facts.terminated_on <= on
    no_clause = facts.denunciation_rule.kind is RuleKind.NONE
    in_force_text = in_force_on.isoformat() if in_force_on else None

    if m.exit is not None and m.exit_revoked_on is None:
        if no_clause:
            notes.append(
                "a notice of withdrawal is recorded, but the treaty has no denunciation clause"
                + (f": {facts.no_clause_reason}" if facts.no_clause_reason else "")
            )
        else:
            w = _exit(m, facts)
            effective = from_iso(w.effective_on)
            earliest = from_iso(w.earliest_effective_on)
            if effective is not None:
                status = Status.WITHDRAWN if effective <= on else Status.WITHDRAWAL_PENDING
            elif earliest is not None and earliest > on:
                status = Status.WITHDRAWAL_PENDING
            else:
                status = Status.WITHDRAWAL_DATE_UNKNOWN
            if terminated and status is not Status.WITHDRAWN:
                status = Status.TERMINATED
            return Derivation(status, in_force_text, in_force_basis, w, tuple(notes))
    elif m.exit is not None and m.exit_revoked_on is not None:
        notes.append(f"withdrawal notified on {m.exit.date} was revoked on {m.exit_revoked_on}")
    if terminated:
        return Derivation(Status.TERMINATED, in_force_text, in_force_basis, notes=tuple(notes))
    if m.decided is not None and not no_clause:
        return Derivation(
            Status.WITHDRAWAL_DATE_UNKNOWN,
            in_force_text,
            in_force_basis,
            _decided(m.decided, facts),
            tuple(notes),
        )
    if in_force_on is None:
        notes.append(
            f"consent to be bound given on {m.consent.date}; the date it took effect for this "
            "participant is not in our data"
            + ("" if facts.entry_into_force_on else " (nor the treaty's own entry into force)")
        )
        return Derivation(Status.PARTY, None, None, notes=tuple(notes))
    if in_force_on > on:
        return Derivation(Status.RATIFIED_NOT_IN_FORCE, in_force_text, in_force_basis, notes=tuple(notes))
    return Derivation(Status.PARTY, in_force_text, in_force_basis, notes=tuple(notes))


def _signature_status(dated: Sequence[tuple[date, Action]]) -> Status:
    status = Status.NOT_PARTY
    for _, act in dated:
        if act.kind is ActionKind.SIGNATURE:
            status = Status.SIGNATORY
        elif act.kind is ActionKind.SIGNATURE_WITHDRAWN:
            status = Status.SIGNATURE_WITHDRAWN
    return status
