"""The pure status engine on synthetic action lists (no database)."""

from __future__ import annotations

from datetime import date

from treatycli.models import Action, ActionKind, DatePrecision, DateRule, EffectiveBasis, RuleKind, Status
from treatycli.status import TreatyFacts, derive_status

K = ActionKind
ART_22 = DateRule(RuleKind.FIRST_OF_MONTH_AFTER_MONTHS, 12, article="22", text="first of month after 12")
EIF_3M = DateRule(RuleKind.FIRST_OF_MONTH_AFTER_MONTHS, 3)
FACTS = TreatyFacts(date(1989, 2, 1), None, EIF_3M, ART_22, participants_complete=True)


def act(
    kind: ActionKind, when: str | None, effective: str | None = None, confidence: str = "verified"
) -> Action:
    precision = DatePrecision.DAY if when and len(when) == 10 else DatePrecision.UNKNOWN
    if when and len(when) == 7:
        precision = DatePrecision.MONTH
    return Action(kind, when, precision, effective_on=effective, confidence=confidence)


RUSSIA = [act(K.SIGNATURE, "1996-02-28"), act(K.RATIFICATION, "1998-05-05")]


def test_party_from_the_computed_entry_into_force() -> None:
    d = derive_status(RUSSIA, date(1998, 8, 31), FACTS)
    assert d.status is Status.RATIFIED_NOT_IN_FORCE and d.in_force_on == "1998-09-01"
    assert derive_status(RUSSIA, date(1998, 9, 1), FACTS).status is Status.PARTY


def test_domestic_act_without_notice_is_date_unknown_with_earliest() -> None:
    d = derive_status([*RUSSIA, act(K.DOMESTIC_ACT, "2025-09-29")], date(2026, 11, 26), FACTS)
    assert d.status is Status.WITHDRAWAL_DATE_UNKNOWN
    assert d.withdrawal is not None and d.withdrawal.earliest_effective_on == "2026-10-01"
    assert d.withdrawal.effective_basis is EffectiveBasis.EARLIEST_POSSIBLE


def test_recorded_receipt_then_art_22_computes() -> None:
    acts = [*RUSSIA, act(K.DOMESTIC_ACT, "2025-09-29"), act(K.DENUNCIATION, "2025-10-15")]
    pending = derive_status(acts, date(2026, 10, 31), FACTS)
    assert pending.status is Status.WITHDRAWAL_PENDING
    assert pending.withdrawal is not None and pending.withdrawal.effective_on == "2026-11-01"
    assert pending.withdrawal.effective_basis is EffectiveBasis.COMPUTED
    assert derive_status(acts, date(2026, 11, 1), FACTS).status is Status.WITHDRAWN


def test_recorded_effective_date_wins_over_computed() -> None:
    acts = [*RUSSIA, act(K.DENUNCIATION, "2025-10-15", effective="2026-12-01")]
    d = derive_status(acts, date(2026, 11, 15), FACTS)
    assert d.status is Status.WITHDRAWAL_PENDING
    assert d.withdrawal is not None and d.withdrawal.effective_basis is EffectiveBasis.RECORDED


def test_revoked_withdrawal_restores_party() -> None:
    acts = [*RUSSIA, act(K.DENUNCIATION, "2016-11-10"), act(K.WITHDRAWAL_REVOKED, "2017-02-10")]
    assert derive_status(acts, date(2017, 1, 1), FACTS).status is Status.WITHDRAWAL_PENDING
    assert derive_status(acts, date(2026, 1, 1), FACTS).status is Status.PARTY


def test_revoked_ratification_leaves_signatory_or_not_party() -> None:
    assert (
        derive_status([*RUSSIA, act(K.RATIFICATION_REVOKED, "2023-11-02")], date(2024, 1, 1), FACTS).status
        is Status.SIGNATORY
    )
    only = [act(K.ACCESSION, "2019-03-04"), act(K.RATIFICATION_REVOKED, "2019-04-29")]
    assert derive_status(only, date(2020, 1, 1), FACTS).status is Status.NOT_PARTY


def test_signature_withdrawn() -> None:
    acts = [act(K.SIGNATURE, "2000-12-31"), act(K.SIGNATURE_WITHDRAWN, "2002-05-06")]
    assert derive_status(acts, date(2001, 1, 1), FACTS).status is Status.SIGNATORY
    assert derive_status(acts, date(2002, 5, 6), FACTS).status is Status.SIGNATURE_WITHDRAWN


def test_suspension_is_shown_but_not_a_withdrawal() -> None:
    acts = [*RUSSIA, act(K.SUSPENSION, "2023-02-28")]
    assert derive_status(acts, date(2024, 1, 1), FACTS).status is Status.PARTY


def test_unverified_rows_never_move_the_status() -> None:
    acts = [*RUSSIA, act(K.DENUNCIATION, "2020-01-01", confidence="unverified")]
    assert derive_status(acts, date(2024, 1, 1), FACTS).status is Status.PARTY


def test_future_dates() -> None:
    acts = [*RUSSIA, act(K.DENUNCIATION, "2026-01-15")]
    assert derive_status(acts, date(2027, 2, 1), FACTS).status is Status.WITHDRAWN
    assert derive_status(acts, date(2027, 1, 31), FACTS).status is Status.WITHDRAWAL_PENDING


def test_armed_conflict_clause_makes_the_computed_date_only_the_earliest() -> None:
    ottawa = DateRule(RuleKind.MONTHS_AFTER, 6, armed_conflict_suspends=True)
    facts = TreatyFacts(date(1999, 3, 1), None, EIF_3M, ottawa, participants_complete=True)
    acts = [act(K.RATIFICATION, "2005-12-27"), act(K.DENUNCIATION, "2025-06-30")]
    before = derive_status(acts, date(2025, 12, 1), facts)
    assert before.status is Status.WITHDRAWAL_PENDING
    after = derive_status(acts, date(2026, 3, 1), facts)
    assert after.status is Status.WITHDRAWAL_DATE_UNKNOWN
    assert after.withdrawal is not None and after.withdrawal.earliest_effective_on == "2025-12-30"


def test_no_clause_notice_has_no_effect() -> None:
    none = TreatyFacts(
        date(1976, 3, 23),
        None,
        EIF_3M,
        DateRule(RuleKind.NONE),
        True,
        no_clause_reason="no denunciation clause (General Comment 26)",
    )
    acts = [act(K.ACCESSION, "1981-09-14"), act(K.DENUNCIATION, "1997-08-23")]
    d = derive_status(acts, date(2026, 1, 1), none)
    assert d.status is Status.PARTY and any("General Comment 26" in n for n in d.notes)


def test_unknown_only_when_the_list_is_partial() -> None:
    partial = TreatyFacts(None, None, EIF_3M, ART_22, participants_complete=False)
    assert derive_status([], date(2026, 1, 1), partial).status is Status.UNKNOWN
    assert derive_status([], date(2026, 1, 1), FACTS).status is Status.NOT_PARTY


def test_treaty_terminated() -> None:
    ended = TreatyFacts(date(2011, 2, 5), date(2026, 2, 5), DateRule(RuleKind.ON_DEPOSIT), ART_22, True)
    acts = [act(K.RATIFICATION, "2011-02-05"), act(K.SUSPENSION, "2023-02-28")]
    assert derive_status(acts, date(2026, 1, 1), ended).status is Status.PARTY
    assert derive_status(acts, date(2026, 2, 5), ended).status is Status.TERMINATED


def test_reaccession_after_withdrawal_starts_a_new_membership() -> None:
    acts = [
        act(K.ACCESSION, "1993-05-10"),
        act(K.DENUNCIATION, "1999-01-05", "1999-04-05"),
        act(K.ACCESSION, "1999-01-05"),
    ]
    assert derive_status(acts, date(2026, 1, 1), FACTS).status is Status.PARTY


def test_entry_into_force_without_recorded_consent_is_party() -> None:
    acts = [act(K.ENTRY_INTO_FORCE, "2002-03-01")]
    d = derive_status(acts, date(2026, 1, 1), FACTS)
    assert d.status is Status.PARTY and d.in_force_on == "2002-03-01"
    assert derive_status(acts, date(2002, 2, 28), FACTS).status is Status.NOT_PARTY


def test_an_exit_without_any_recorded_consent_is_unknown() -> None:
    partial = TreatyFacts(None, None, EIF_3M, ART_22, participants_complete=False)
    acts = [act(K.SIGNATURE, "1950-11-28"), act(K.DENUNCIATION, "1969-12-17", "1970-06-13")]
    d = derive_status(acts, date(2026, 1, 1), partial)
    assert d.status is Status.UNKNOWN and "incomplete" in d.notes[-1]
