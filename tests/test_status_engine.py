"""The pure status engine on synthetic action lists (no database)."""

from __future__ import annotations

from datetime import date

from treatycli.law import TreatyFacts, derive_status
from treatycli.models import (
    Action,
    ActionKind,
    Bound,
    DatePrecision,
    DateRule,
    EffectiveBasis,
    RuleKind,
    Status,
)

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


def test_an_unverified_exit_makes_the_status_unknown_with_the_last_known() -> None:
    acts = [*RUSSIA, act(K.DENUNCIATION, "2020-01-01", confidence="unverified")]
    d = derive_status(acts, date(2024, 1, 1), FACTS)
    assert d.status is Status.UNKNOWN and d.bound is Bound.UNKNOWN
    assert d.last_known is not None and d.last_known.status is Status.PARTY
    assert "denunciation (2020-01-01)" in d.notes[-1]


def test_the_last_known_word_is_dated_to_what_the_verified_rows_say_on_that_date() -> None:
    # a verified notice taking effect after the list's date, and an unconfirmed revocation of it (Hungary
    # and the Rome Statute): the verified rows say withdrawn on the date asked, not on the list's date
    stale = TreatyFacts(
        date(1989, 2, 1), None, EIF_3M, ART_22, participants_complete=True, as_of=date(2025, 12, 1)
    )
    acts = [
        *RUSSIA,
        act(K.DENUNCIATION, "2025-06-02", effective="2026-06-02"),
        act(K.WITHDRAWAL_REVOKED, None, confidence="unverified"),
    ]
    d = derive_status(acts, date(2026, 11, 29), stale)
    assert d.status is Status.UNKNOWN and d.last_known is not None
    assert (d.last_known.status, d.last_known.as_of) == (Status.WITHDRAWN, "2026-11-29")
    # a negative word is dated no later than the list reaches: a later consent would not be in it
    never = [act(K.SIGNATURE, "2000-01-01"), act(K.RATIFICATION, "2026-03-01", confidence="unverified")]
    n = derive_status(never, date(2026, 11, 29), stale)
    assert n.status is Status.UNKNOWN and n.last_known is not None
    assert (n.last_known.status, n.last_known.as_of) == (Status.SIGNATORY, "2025-12-01")


def test_an_unverified_row_that_changes_nothing_changes_nothing() -> None:
    acts = [*RUSSIA, act(K.SIGNATURE, "1996-02-28", confidence="unverified")]
    d = derive_status(acts, date(2024, 1, 1), FACTS)
    assert d.status is Status.PARTY and d.bound is Bound.YES and d.since == "1998-09-01"


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
    # while the list is current, a recorded exit proves the membership it ended
    current = TreatyFacts(None, None, EIF_3M, ART_22, participants_complete=False, as_of=date(1975, 1, 1))
    assert derive_status(acts, date(1970, 1, 1), current).status is Status.WITHDRAWAL_PENDING
    assert derive_status(acts, date(1974, 1, 1), current).status is Status.WITHDRAWN
    assert derive_status(acts, date(1976, 1, 1), current).status is Status.UNKNOWN  # it may have returned


# --- the honesty rules (DESIGN.md section 3), as properties -------------------------------------
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_KINDS = st.sampled_from(
    [
        K.SIGNATURE,
        K.RATIFICATION,
        K.ACCESSION,
        K.SUCCESSION,
        K.DENUNCIATION,
        K.SIGNATURE_WITHDRAWN,
        K.RATIFICATION_REVOKED,
        K.DOMESTIC_ACT,
        K.ENTRY_INTO_FORCE,
        K.WITHDRAWAL_REVOKED,
        K.SUSPENSION,
    ]
)
_DAYS = st.dates(min_value=date(1950, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def _acts(draw: st.DrawFn, confidence: st.SearchStrategy[str]) -> list[Action]:
    out = []
    for _ in range(draw(st.integers(0, 5))):
        when = draw(st.one_of(st.none(), _DAYS))
        eff = draw(st.one_of(st.none(), _DAYS))
        out.append(
            Action(
                draw(_KINDS),
                when.isoformat() if when else None,
                DatePrecision.DAY if when else DatePrecision.UNKNOWN,
                effective_on=eff.isoformat() if eff else None,
                confidence=draw(confidence),
            )
        )
    return out


@given(_acts(st.just("unverified")), _DAYS, st.booleans())
def test_unverified_rows_alone_give_unknown_or_a_list_negative(
    acts: list[Action], on: date, complete: bool
) -> None:
    facts = TreatyFacts(date(1989, 2, 1), None, EIF_3M, ART_22, participants_complete=complete)
    d = derive_status(acts, on, facts)
    # with only unverified rows, nothing positive may come out; a negative only from a complete list
    assert d.status in (Status.UNKNOWN, Status.NOT_PARTY)
    if d.status is Status.NOT_PARTY:
        assert complete  # only a complete list can deny; a partial one answers unknown
    assert d.bound in (Bound.UNKNOWN, Bound.NO)


@given(_acts(st.sampled_from(["verified", "corroborated", "unverified"])), _DAYS, _DAYS)
def test_a_list_current_to_an_earlier_date_never_denies_membership(
    acts: list[Action], on: date, as_of: date
) -> None:
    facts = TreatyFacts(date(1989, 2, 1), None, EIF_3M, ART_22, participants_complete=True, as_of=as_of)
    d = derive_status(acts, on, facts)
    if on > as_of:
        assert not d.status.negative
        assert d.current is False
        if d.status is Status.UNKNOWN and d.last_known is not None and d.last_known.status.negative:
            assert d.last_known.as_of == as_of.isoformat()
    if d.bound is Bound.YES:
        # bound, with a word; or bound without one: an exit that takes effect later, notified on a date
        # we do not have (a party then, or already leaving)
        leaving_later = (
            d.status is Status.UNKNOWN
            and d.withdrawal is not None
            and d.withdrawal.effective_on is not None
            and d.withdrawal.effective_on > on.isoformat()
        )
        assert (
            d.status in (Status.PARTY, Status.WITHDRAWAL_PENDING, Status.WITHDRAWAL_DATE_UNKNOWN)
            or leaving_later
        )


def test_an_undated_consent_gives_no_computed_date() -> None:
    facts = TreatyFacts(
        date(1989, 2, 1),
        None,
        EIF_3M,
        ART_22,
        participants_complete=False,
        undated_known_by=date(2025, 9, 30),
        as_of=date(2025, 9, 30),
    )
    d = derive_status([act(K.RATIFICATION, None)], date(2026, 11, 26), facts)
    assert d.status is Status.PARTY and d.in_force_on is None and d.in_force_basis is None
    assert d.bound is Bound.YES and d.current is False


def test_a_recorded_effective_date_sets_the_status_even_without_a_clause() -> None:
    no_clause = TreatyFacts(
        date(1948, 4, 7), None, EIF_3M, DateRule(RuleKind.NONE), participants_complete=True
    )
    acts = [act(K.ACCEPTANCE, "1948-06-21"), act(K.DENUNCIATION, "2025-01-22", effective="2026-01-22")]
    assert derive_status(acts, date(2026, 1, 21), no_clause).status is Status.WITHDRAWAL_PENDING
    d = derive_status(acts, date(2026, 1, 22), no_clause)
    assert d.status is Status.WITHDRAWN and d.since == "2026-01-22" and d.bound is Bound.NO
    # without a recorded effect, a notice under a treaty with no clause leaves the state a party
    bare = [act(K.ACCEPTANCE, "1948-06-21"), act(K.DENUNCIATION, "1997-08-25")]
    assert derive_status(bare, date(2026, 1, 1), no_clause).status is Status.PARTY


def test_a_contested_exit_says_so_and_bound_is_unknown() -> None:
    acts = [
        act(K.ACCESSION, "1985-12-12"),
        Action(
            K.DENUNCIATION,
            "2003-01-10",
            DatePrecision.DAY,
            effective_on="2003-01-11",
            contested="the other parties",
        ),
    ]
    d = derive_status(acts, date(2026, 1, 1), FACTS)
    assert d.status is Status.WITHDRAWN and d.contested == "the other parties" and d.bound is Bound.UNKNOWN


def test_a_void_domestic_act_starts_nothing() -> None:
    acts = [*RUSSIA, Action(K.DOMESTIC_ACT, "2025-10-30", DatePrecision.DAY, void=True)]
    d = derive_status(acts, date(2026, 11, 26), FACTS)
    assert d.status is Status.PARTY and d.withdrawal is None and d.bound is Bound.YES


def test_a_succession_takes_effect_from_the_date_of_succession() -> None:
    acts = [Action(K.SUCCESSION, "1993-02-22", DatePrecision.DAY, effective_on="1993-01-01")]
    d = derive_status(acts, date(2000, 1, 1), FACTS)
    assert d.in_force_on == "1993-01-01" and d.since == "1993-01-01"
    # with no recorded date of succession, no date is made up from the notice
    d = derive_status([act(K.SUCCESSION, "1993-02-22")], date(2000, 1, 1), FACTS)
    assert d.status is Status.PARTY and d.in_force_on is None


def test_the_earliest_possible_date_passed_makes_bound_unknown() -> None:
    acts = [*RUSSIA, act(K.DOMESTIC_ACT, "2025-09-29")]
    before = derive_status(acts, date(2026, 9, 30), FACTS)
    assert before.status is Status.WITHDRAWAL_DATE_UNKNOWN and before.bound is Bound.YES
    on_the_day = derive_status(acts, date(2026, 10, 1), FACTS)
    assert on_the_day.status is Status.WITHDRAWAL_DATE_UNKNOWN and on_the_day.bound is Bound.UNKNOWN


def test_a_consent_dated_only_to_the_year_gives_no_computed_entry_into_force() -> None:
    acts = [act(K.SIGNATURE, "1996-02-28"), Action(K.RATIFICATION, "1998", DatePrecision.YEAR)]
    d = derive_status(acts, date(2026, 1, 1), FACTS)
    assert d.status is Status.PARTY and d.in_force_on is None and d.in_force_basis is None
    assert d.bound is Bound.YES


def test_an_undated_withdrawal_of_signature_may_fall_either_side_of_the_date() -> None:
    facts = TreatyFacts(
        date(2002, 7, 1),
        None,
        EIF_3M,
        ART_22,
        participants_complete=True,
        undated_known_by=date(2025, 6, 2),
        as_of=date(2025, 6, 2),
    )
    acts = [act(K.SIGNATURE, "2000-09-13"), act(K.SIGNATURE_WITHDRAWN, None)]
    assert derive_status(acts, date(2010, 1, 1), facts).status is Status.UNKNOWN  # not "signatory"
    assert derive_status(acts, date(2025, 6, 2), facts).status is Status.SIGNATURE_WITHDRAWN


def test_an_exit_with_a_recorded_effect_and_no_notice_date_leaves_the_state_bound_before_it() -> None:
    # Canada and UNIDO: a party from 1985; its withdrawal took effect on 1993-12-31, notified we do not
    # know when. Before the effect it was a party or already leaving: no word, but bound either way
    facts = TreatyFacts(date(1985, 6, 21), None, EIF_3M, ART_22, participants_complete=True)
    acts = [act(K.RATIFICATION, "1983-01-10"), act(K.DENUNCIATION, None, "1993-12-31")]
    before = derive_status(acts, date(1990, 1, 1), facts)
    assert (before.status, before.bound) == (Status.UNKNOWN, Bound.YES)
    assert before.withdrawal is not None and before.withdrawal.effective_on == "1993-12-31"
    after = derive_status(acts, date(1994, 1, 1), facts)
    assert (after.status, after.bound, after.since) == (Status.WITHDRAWN, Bound.NO, "1993-12-31")
    # without a consent the rule gives nothing to be bound by
    alone = derive_status([act(K.DENUNCIATION, None, "1993-12-31")], date(1990, 1, 1), facts)
    assert alone.bound is not Bound.YES
