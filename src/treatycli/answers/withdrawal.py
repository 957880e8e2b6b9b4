"""What a treaty obliges and what leaving it means: obligations and what-if withdrawals."""

from __future__ import annotations

from datetime import date

from .. import law as engine
from ..dates import from_iso
from ..db import Database
from ..enums import Bound, EffectiveBasis, RuleKind, Status
from ..models import State, Withdrawal
from ..resolve import resolve_pair, resolve_treaty
from ..results import (
    Obligation,
    ObligationsResult,
    WithdrawalResult,
)
from .status import (
    _NO_RULE,
    _rules_row,
    _status,
    _still_binding,
    data_as_of,
    load_rules,
)

__all__ = ["obligations", "withdrawal_whatif"]


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
    state: State | None = None
    if state_text:
        # STATE and TREATY given the other way round ("withdrawal russia ecpt") are accepted when the
        # names resolve that way; else the typed order's error
        state, treaty, swapped = resolve_pair(db, state_text, treaty_text)
        if swapped:
            treaty_text, state_text = state_text, treaty_text
    else:
        treaty = resolve_treaty(db, treaty_text)
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
        leaving = _already_leaving(state.name, res.derivation.withdrawal, current)
        if leaving:
            # a notice (or a decision to give one) is on record: a new notice is not the question
            reasons.append(leaving)
        if current is Status.WITHDRAWAL_PENDING and res.derivation.bound is Bound.YES:
            may = False
        elif current is Status.UNKNOWN or res.derivation.bound is Bound.UNKNOWN:
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


def _already_leaving(name: str, w: Withdrawal | None, status: Status) -> str | None:
    """What the record says of a withdrawal already under way, for a state that is leaving."""
    if w is None or status not in (Status.WITHDRAWAL_PENDING, Status.WITHDRAWAL_DATE_UNKNOWN):
        return None
    if w.notified_on:
        said = f"{name} already gave notice on {w.notified_on}"
    else:
        said = (
            f"{name} has already decided to leave; the date the depositary received its notice "
            "is not in our data"
        )
    if w.effective_on:
        basis = f" ({w.effective_basis.value})" if w.effective_basis else ""
        said += f"; it takes effect on {w.effective_on}{basis}"
    elif w.earliest_effective_on:
        said += f"; it takes effect on {w.earliest_effective_on} at the earliest"
    return said
