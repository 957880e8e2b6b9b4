"""The legal logic, as pure functions: effective dates from rules, and status from actions.

Nothing here reads a database or the clock; every input is passed in. DESIGN.md section 3
defines the statuses; the docstrings below say how each one is reached.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .dates import add_days, add_months, add_years, first_of_next_month, from_iso
from .models import (
    CONSENT_KINDS,
    Action,
    ActionKind,
    Bound,
    DatePrecision,
    DateRule,
    Derivation,
    EffectiveBasis,
    LastKnown,
    RuleKind,
    Status,
    Withdrawal,
)

__all__ = ["apply_rule", "derive_status", "dissolved", "earliest_notice_date", "TreatyFacts"]


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
    elif kind is RuleKind.END_OF_YEAR_AFTER_YEARS:  # UNESCO Art. II(6): 31 Dec of the following year
        result = date(start.year + rule.n, 12, 31)
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
    as_of: date | None = None  # the date through which our participant list is current
    reach: str = "our list for this treaty"  # what as_of belongs to, for the reason given when it is past
    not_in_force_as_of: date | None = None  # a source says the treaty itself was not in force then
    not_in_force_source: str = "its depositary"
    # the list names the participants of its as-of date only (WIPO Lex): a state that joined and left
    # before then is not on it, so its absence denies nothing before that date
    current_only: bool = False


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
# acts that never move the status word: an undated one of these leaves the word as it is
_NOT_MOVING = frozenset(
    {
        ActionKind.RESERVATION,
        ActionKind.DECLARATION,
        ActionKind.DECLARATION_WITHDRAWN,
        ActionKind.OBJECTION,
        ActionKind.TERRITORIAL_APPLICATION,
        ActionKind.NOTIFICATION,
        ActionKind.SUSPENSION,
        ActionKind.SUSPENSION_LIFTED,
        ActionKind.PROVISIONAL_APPLICATION,
    }
)


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
    if not m.consent.date or m.consent.date_precision is not DatePrecision.DAY:
        # an undated consent, or one dated only to the month or year, gives no date of its own:
        # never one computed from a guess at the day
        return None, None
    if m.consent.kind is ActionKind.SUCCESSION:
        # a succession takes effect from the date of succession, not from the date of its notice
        own: date | None = from_iso(m.consent.effective_on)
        if own is None:
            return None, None
    else:
        own = apply_rule(facts.entry_into_force_rule, m.consent_on)
    if treaty_eif is None:
        return None, None
    if own is not None:
        return max(own, treaty_eif), EffectiveBasis.COMPUTED
    if m.consent_on <= treaty_eif:
        return treaty_eif, EffectiveBasis.COMPUTED
    return None, None


def _recorded_exit(notified: str | None, effective: str, facts: TreatyFacts) -> Withdrawal:
    """An exit whose effective date a source records: that date decides, whatever the rule gives."""
    rule_text = _rule_text(facts.denunciation_rule)
    return Withdrawal(notified, effective, EffectiveBasis.RECORDED, None, rule_text, facts.survival)


def _exit(m: _Membership, facts: TreatyFacts) -> Withdrawal:
    """When the exit recorded on a membership takes effect, and on what basis."""
    assert m.exit is not None and m.exit_on is not None
    act, rule = m.exit, facts.denunciation_rule
    notified = act.date
    recorded = from_iso(act.effective_on)
    if recorded is not None:
        return _recorded_exit(notified, recorded.isoformat(), facts)
    rule_text = _rule_text(rule)
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

    The honesty rules of DESIGN.md section 3 decide the word: only verified and corroborated acts
    move it; where an unverified act would change it, the answer is ``unknown`` with the last
    known status; a list that is current only to an earlier date cannot deny membership later.
    """
    confirmed = _derive(actions, on, facts, lambda a: a.usable)
    result = confirmed
    unconfirmed = [
        a for a in actions if not a.void and a.confidence == "unverified" and (_when(a) or on) <= on
    ]
    if unconfirmed:
        everything = _derive(actions, on, facts, lambda a: not a.void)
        if everything.status is not confirmed.status:
            named = ", ".join(f"{a.kind.value} ({a.date or 'undated'})" for a in unconfirmed)
            result = Derivation(
                Status.UNKNOWN,
                in_force_on=confirmed.in_force_on,
                in_force_basis=confirmed.in_force_basis,
                withdrawal=confirmed.withdrawal,  # a verified notice is still shown, whatever followed it
                # bound either way (a notice still pending, or revoked): the word is unknown, not the answer
                bound=Bound.YES
                if _bound(confirmed, on, None) is Bound.YES and _bound(everything, on, None) is Bound.YES
                else Bound.UNKNOWN,
                notes=(
                    *confirmed.notes,
                    f"an unconfirmed act would change the status: {named}; it is not verified by "
                    "a depositary or official source",
                ),
                # the word the verified rows give on the date asked; a negative one only as far as our
                # list reaches (a later consent would not be in it)
                last_known=(
                    LastKnown(
                        _derive(actions, facts.as_of, facts, lambda a: a.usable).status,
                        facts.as_of.isoformat(),
                        "the status from verified rows only, on the last date our list reaches",
                    )
                    if confirmed.status.negative and facts.as_of is not None and facts.as_of < on
                    else LastKnown(confirmed.status, on.isoformat(), "the status from verified rows only")
                    if confirmed.status is not Status.UNKNOWN
                    else None  # the verified rows alone say nothing: there is no last word to give
                ),
            )
    return _finish(result, on, facts, actions)


def _finish(d: Derivation, on: date, facts: TreatyFacts, actions: Sequence[Action]) -> Derivation:
    """Apply the list's reach (stale lists deny nothing), then say whether the state is bound."""
    as_of = facts.as_of
    # a complete list with no date of its own is current; a partial one with no date never is
    current = on <= as_of if as_of is not None else facts.participants_complete
    if (
        d.status.negative
        and facts.current_only
        and as_of is not None
        and on < as_of
        and not any(a.usable for a in actions)
    ):
        # absent from a list of the day's participants: it may have joined and left before that day
        reason = (
            f"{facts.reach} names the participants of {as_of.isoformat()} only; a state that joined "
            "and left before then would not be on it"
        )
        d = replace(d, status=Status.UNKNOWN, notes=(*d.notes, reason), last_known=None, since=None)
    # a partial list cannot prove that a consent is absent: its negatives are never an answer
    if d.status.negative and (not current or not facts.participants_complete):
        if not facts.participants_complete:
            reason = (
                "our participant list for this treaty is partial: a consent to be bound may be missing "
                "from it, so it cannot say the state is not bound"
            )
        elif as_of is not None:
            reason = (
                f"{facts.reach} is current only to {as_of.isoformat()}; a later signature, "
                "ratification or accession would not be in it"
            )
        else:
            reason = "our participant list gives no date it is current to"
        d = replace(
            d,
            status=Status.UNKNOWN,
            notes=(*d.notes, reason),
            # only a complete list's word is worth repeating; a partial one's negative is no fact
            last_known=LastKnown(d.status, as_of.isoformat() if as_of else None, reason)
            if facts.participants_complete
            else None,
            since=None,
        )
    contested = next(
        (a.contested for a in actions if a.usable and a.contested and (_when(a) or on) <= on), None
    )
    bound = _bound(d, on, contested)
    return replace(
        d,
        bound=bound,
        as_of=as_of.isoformat() if as_of else None,
        current=current,
        contested=contested,
    )


def _bound(d: Derivation, on: date, contested: str | None) -> Bound:
    status = d.status
    if status is Status.UNKNOWN:
        return Bound.YES if d.bound is Bound.YES and not contested else Bound.UNKNOWN
    if contested and status in (Status.WITHDRAWN, Status.WITHDRAWAL_PENDING, Status.WITHDRAWAL_DATE_UNKNOWN):
        return Bound.UNKNOWN
    if status in (Status.PARTY, Status.WITHDRAWAL_PENDING):
        return Bound.YES
    if status is Status.WITHDRAWAL_DATE_UNKNOWN:
        earliest = from_iso(d.withdrawal.earliest_effective_on) if d.withdrawal else None
        return Bound.YES if earliest is not None and on < earliest else Bound.UNKNOWN
    return Bound.NO


def _derive(
    actions: Sequence[Action], on: date, facts: TreatyFacts, counts: Callable[[Action], bool]
) -> Derivation:
    """The status from the acts that ``counts`` admits; undated acts are placed by their recorded
    effect or the list's as-of date, and never give a computed date."""
    notes: list[str] = []
    known_by = facts.undated_known_by
    admitted = [a for a in actions if counts(a)]
    undated = [a for a in admitted if _when(a) is None]
    dated = [(when, a) for a in admitted if (when := _when(a)) is not None and when <= on]
    if undated:
        placed = [(from_iso(a.effective_on) or known_by, a) for a in undated]
        usable = [(when, a) for when, a in placed if when is not None and when <= on]
        if usable:
            dated.extend(usable)
            notes.append(
                "some acts have no known date; each is counted as done by its recorded "
                "effect or the list's as-of date, and gives no date of its own"
            )
        if len(usable) < len(placed):
            notes.append("some acts have no known date, so they cannot be placed before this date")
            unplaced = {a.kind for when, a in placed if when is None or when > on} - _NOT_MOVING
            if any(a.kind in CONSENT_KINDS for _, a in dated):
                unplaced.discard(ActionKind.SIGNATURE)  # a signature cannot change a consent's word
            if not dated or unplaced:
                # an undated consent or exit may have come before this date: nothing can be denied
                later_exits = [
                    a
                    for when, a in placed
                    if a.kind in _EXITS and a.effective_on is not None and when is not None and when > on
                ]
                if unplaced <= _EXITS and later_exits:
                    # an exit that took effect after this date, notified we do not know when: the state
                    # was a party here, or already leaving; bound either way if the rest says party
                    rest = _derive([a for a in actions if a not in later_exits], on, facts, counts)
                    if rest.status is Status.PARTY:
                        effect = min(a.effective_on or "" for a in later_exits)
                        notes.append(
                            f"a withdrawal took effect on {effect}; the date of its notice is not in our "
                            "data, so on this date the state was a party or already leaving, and bound"
                        )
                        return Derivation(
                            Status.UNKNOWN,
                            rest.in_force_on,
                            rest.in_force_basis,
                            _recorded_exit(None, effect, facts),
                            notes=(*rest.notes, *notes),
                            bound=Bound.YES,
                        )
                return Derivation(Status.UNKNOWN, notes=tuple(notes))
    dated.sort(key=_order)
    if not dated:
        if not admitted and not facts.participants_complete:
            notes.append("no row for this participant, and our participant list is partial")
            return Derivation(Status.UNKNOWN, notes=tuple(notes))
        return Derivation(Status.NOT_PARTY, notes=tuple(notes))

    members = _memberships(dated)
    fallback, fallback_since = _signature_status(dated)
    if not members:
        exits = [(when, a) for when, a in dated if a.kind in _EXITS]
        if exits:
            notes.append(
                "an exit is recorded but no consent to be bound before it: our rows for this "
                "participant are incomplete"
            )
            when, act = exits[-1]
            effective = from_iso(act.effective_on)
            listed = facts.as_of is not None and on <= facts.as_of  # a later return would be listed
            if effective is not None and act.effective_basis is not EffectiveBasis.COMPUTED and listed:
                # a recorded exit proves the membership it ended, whatever our rows lack before it
                w = Withdrawal(act.date, effective.isoformat(), EffectiveBasis.RECORDED, None, None, None)
                if effective <= on:
                    return Derivation(Status.WITHDRAWN, None, None, w, tuple(notes), since=w.effective_on)
                return Derivation(Status.WITHDRAWAL_PENDING, None, None, w, tuple(notes), since=act.date)
            return Derivation(Status.UNKNOWN, notes=tuple(notes))
        return Derivation(fallback, notes=tuple(notes), since=fallback_since)
    m = members[-1]
    if m.revoked_on is not None:
        notes.append(f"consent to be bound of {m.consent.date} was withdrawn on {m.revoked_on}")
        return Derivation(fallback, notes=tuple(notes), since=m.revoked_on.isoformat())

    in_force_on, in_force_basis = _in_force(m, facts)
    if (
        in_force_basis is EffectiveBasis.COMPUTED
        and facts.entry_into_force_rule.kind is RuleKind.UNKNOWN
        and in_force_on is not None
        and in_force_on == facts.entry_into_force_on
    ):
        # the treaty's own date, for a consent that came before it: right for those whose instruments
        # counted towards it; one given after the instrument that brought the treaty into force may,
        # under the treaty's own clause, bind later than this
        notes.append(
            f"in force for it from the treaty's own entry into force, {in_force_on.isoformat()}, its "
            "consent having come before; the treaty's clause for later consents is not in our data, "
            "and for a consent given shortly before that date it may set a later one"
        )
    terminated = facts.terminated_on is not None and facts.terminated_on <= on
    terminated_text = facts.terminated_on.isoformat() if facts.terminated_on else None
    no_clause = facts.denunciation_rule.kind is RuleKind.NONE
    in_force_text = in_force_on.isoformat() if in_force_on else None

    if m.exit is not None and m.exit_revoked_on is None:
        recorded = from_iso(m.exit.effective_on)
        if no_clause and recorded is None:
            notes.append(
                "a notice of withdrawal is recorded, but the treaty has no denunciation clause"
                + (f": {facts.no_clause_reason}" if facts.no_clause_reason else "")
                + "; no source records that it took effect"
            )
        else:
            if no_clause:
                notes.append(
                    "the treaty has no denunciation clause; the effective date shown is the one "
                    "recorded by the source"
                )
            w = _exit(m, facts)
            effective = from_iso(w.effective_on)
            earliest = from_iso(w.earliest_effective_on)
            since = m.exit.date
            if effective is not None:
                status = Status.WITHDRAWN if effective <= on else Status.WITHDRAWAL_PENDING
                since = w.effective_on if effective <= on else since
            elif earliest is not None and earliest > on:
                status = Status.WITHDRAWAL_PENDING
            else:
                status = Status.WITHDRAWAL_DATE_UNKNOWN
            if terminated and status is not Status.WITHDRAWN:
                status, since = Status.TERMINATED, terminated_text
            return Derivation(status, in_force_text, in_force_basis, w, tuple(notes), since=since)
    elif m.exit is not None and m.exit_revoked_on is not None:
        notes.append(f"withdrawal notified on {m.exit.date} was revoked on {m.exit_revoked_on}")
    if terminated:
        return Derivation(
            Status.TERMINATED, in_force_text, in_force_basis, notes=tuple(notes), since=terminated_text
        )
    if m.decided is not None and not no_clause:
        return Derivation(
            Status.WITHDRAWAL_DATE_UNKNOWN,
            in_force_text,
            in_force_basis,
            _decided(m.decided, facts),
            tuple(notes),
            since=m.decided.date,
        )
    if in_force_on is None and facts.entry_into_force_on is None and facts.not_in_force_as_of:
        # consent given to a treaty its depositary records as not (yet) in force: not bound by it
        notes.append(
            f"the treaty itself was not in force as of {facts.not_in_force_as_of.isoformat()} "
            f"({facts.not_in_force_source})"
            + (
                "; its entry into force after that date is not in our data"
                if on > facts.not_in_force_as_of
                else ""
            )
        )
        return Derivation(Status.RATIFIED_NOT_IN_FORCE, None, None, notes=tuple(notes), since=m.consent.date)
    if in_force_on is None:
        notes.append(
            f"consent to be bound given on {m.consent.date or 'an unknown date'}; the date it took "
            "effect for this participant is not in our data"
            + ("" if facts.entry_into_force_on else " (nor the treaty's own entry into force)")
        )
        return Derivation(Status.PARTY, None, None, notes=tuple(notes))
    if in_force_on > on:
        return Derivation(
            Status.RATIFIED_NOT_IN_FORCE,
            in_force_text,
            in_force_basis,
            notes=tuple(notes),
            since=m.consent.date,
        )
    return Derivation(Status.PARTY, in_force_text, in_force_basis, notes=tuple(notes), since=in_force_text)


def dissolved(
    actions: Sequence[Action], on: date, facts: TreatyFacts, dissolved_on: date, successors: str
) -> Derivation:
    """A participant that no longer exists on ``on``: its last status is the one on the eve."""
    eve = derive_status(actions, dissolved_on - timedelta(days=1), facts)
    reason = f"ceased to exist on {dissolved_on.isoformat()}; {successors}"
    return Derivation(
        Status.DISSOLVED,
        eve.in_force_on,
        eve.in_force_basis,
        notes=(reason,),
        bound=Bound.NO,
        as_of=eve.as_of,
        current=eve.current,
        last_known=LastKnown(eve.status, (dissolved_on - timedelta(days=1)).isoformat(), reason),
        since=dissolved_on.isoformat(),
    )


def _signature_status(dated: Sequence[tuple[date, Action]]) -> tuple[Status, str | None]:
    status, since = Status.NOT_PARTY, None
    for when, act in dated:
        if act.kind is ActionKind.SIGNATURE:
            status, since = Status.SIGNATORY, when.isoformat()
        elif act.kind is ActionKind.SIGNATURE_WITHDRAWN:
            status, since = Status.SIGNATURE_WITHDRAWN, when.isoformat()
    return status, since
