"""Tests that kill the mutants ``tools/mutate.py`` found surviving the rest of the suite (issue 18).

Each test names the mutation it is there for. The engine is tested on synthetic actions, the UN page
parser on small HTML strings, the resolver through the CLI on the shipped database. Every assertion
is an exact value: a mutant that moves a date by a day or reorders a list must fail here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from typer.testing import CliRunner

from treatycli.law import TreatyFacts, apply_rule, derive_status, dissolved, earliest_notice_date
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
from treatycli.sources.untc_page import (
    UntcAction,
    UntcParseError,
    events_in_note,
    parse_status_page,
    status_page_url,
    withdrawals_in_note,
)

from .conftest import assert_error, invoke, run_json

K = ActionKind
DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
EIF_3M = DateRule(RuleKind.FIRST_OF_MONTH_AFTER_MONTHS, 3)
SIX_MONTHS = DateRule(RuleKind.MONTHS_AFTER, 6)
GENOCIDE = DateRule(RuleKind.FIXED_PERIODS, first_period_years=10, period_years=5, notice_months_before_end=6)
GENOCIDE_EIF = date(1951, 1, 12)  # periods end 1961-01-12, 1966-01-12, ... 2026-01-12, 2031-01-12


def facts(denunciation: DateRule = SIX_MONTHS, eif_rule: DateRule = EIF_3M) -> TreatyFacts:
    """A treaty in force since 1989-02-01 with a complete participant list."""
    return TreatyFacts(date(1989, 2, 1), None, eif_rule, denunciation, True)


def act(kind: ActionKind, when: str, precision: DatePrecision = DAY, effective: str | None = None) -> Action:
    return Action(kind, when, precision, effective_on=effective)


RATIFIED = act(K.RATIFICATION, "1998-05-05")  # in force 1998-09-01 under EIF_3M


# --- law.apply_rule: fixed periods (the Genocide Convention, art. XIV) -------------------------------


def test_a_notice_exactly_six_months_before_the_period_ends_takes_effect_at_that_end() -> None:
    # `<` turned `<=` in the FIXED_PERIODS loop rolled this notice five years on, to 2031
    assert apply_rule(GENOCIDE, date(2025, 7, 12), treaty_in_force_on=GENOCIDE_EIF) == date(2026, 1, 12)
    assert apply_rule(GENOCIDE, date(2025, 7, 13), treaty_in_force_on=GENOCIDE_EIF) == date(2031, 1, 12)
    # the first period is ten years: a notice six months before its end still makes it
    assert apply_rule(GENOCIDE, date(1960, 7, 12), treaty_in_force_on=GENOCIDE_EIF) == date(1961, 1, 12)
    assert apply_rule(GENOCIDE, date(1960, 7, 13), treaty_in_force_on=GENOCIDE_EIF) == date(1966, 1, 12)


def test_fixed_periods_of_one_year_and_of_none() -> None:
    yearly = DateRule(
        RuleKind.FIXED_PERIODS, first_period_years=5, period_years=1, notice_months_before_end=6
    )
    assert apply_rule(yearly, date(2000, 3, 1), treaty_in_force_on=date(1990, 1, 1)) == date(2001, 1, 1)
    assert apply_rule(yearly, date(2000, 7, 2), treaty_in_force_on=date(1990, 1, 1)) == date(2002, 1, 1)
    # a fixed-period rule without a period length gives no date (and never loops)
    no_period = DateRule(RuleKind.FIXED_PERIODS, first_period_years=5, notice_months_before_end=6)
    assert apply_rule(no_period, date(2000, 3, 1), treaty_in_force_on=date(1990, 1, 1)) is None


def test_a_minimum_membership_of_one_year() -> None:
    one = DateRule(RuleKind.MONTHS_AFTER, 12, min_membership_years=1)
    assert earliest_notice_date(one, date(2016, 11, 4)) == date(2017, 11, 4)
    assert earliest_notice_date(one, None) is None


# --- law._start_of_period: a partially dated notice counts from the START of its period ---------------


def test_a_notice_dated_to_the_month_counts_from_the_first_of_the_month() -> None:
    acts = [RATIFIED, act(K.DENUNCIATION, "2025-10", MONTH)]
    d = derive_status(acts, date(2026, 1, 1), facts())
    assert d.withdrawal is not None
    assert d.withdrawal.earliest_effective_on == "2026-04-01"  # not 2026-04-30: from 1 October
    assert d.withdrawal.effective_on is None
    assert d.withdrawal.effective_basis is EffectiveBasis.EARLIEST_POSSIBLE
    assert d.withdrawal.reason == "the notice is dated only to the month"


@pytest.mark.parametrize(
    ("stored", "precision", "earliest"),
    [
        ("2025-10", MONTH, "2025-10-01"),
        ("2025-10-17", MONTH, "2025-10-01"),  # a full date whose day is not known
        ("2025", YEAR, "2025-01-01"),
        ("2025-10-17", YEAR, "2025-01-01"),  # a full date known only to the year
    ],
)
def test_the_start_of_a_partially_dated_notice(stored: str, precision: DatePrecision, earliest: str) -> None:
    on_notice = facts(DateRule(RuleKind.ON_DEPOSIT))  # the rule gives the start itself
    d = derive_status([RATIFIED, act(K.DENUNCIATION, stored, precision)], date(2026, 6, 1), on_notice)
    assert d.withdrawal is not None and d.withdrawal.earliest_effective_on == earliest


def test_on_the_earliest_possible_date_itself_the_date_is_unknown_not_pending() -> None:
    acts = [RATIFIED, act(K.DENUNCIATION, "2025-10", MONTH)]
    eve = derive_status(acts, date(2026, 3, 31), facts())
    assert (eve.status, eve.bound, eve.since) == (Status.WITHDRAWAL_PENDING, Bound.YES, "2025-10")
    day = derive_status(acts, date(2026, 4, 1), facts())
    assert (day.status, day.bound, day.since) == (Status.WITHDRAWAL_DATE_UNKNOWN, Bound.UNKNOWN, "2025-10")


# --- law._in_force: successions, recorded entry into force, the treaty's own date ---------------------


def test_a_succession_takes_effect_on_its_date_of_succession() -> None:
    # notified 1993-02-22, with effect from the date of succession 1993-01-01: not 1993-05-01, which
    # the entry-into-force rule for a new party (first of the month after three months) would give
    acts = [act(K.SUCCESSION, "1993-02-22", effective="1993-01-01")]
    d = derive_status(acts, date(1993, 2, 22), facts())  # in force, back to 1993-01-01, once notified
    assert (d.status, d.in_force_on, d.in_force_basis, d.since) == (
        Status.PARTY,
        "1993-01-01",
        EffectiveBasis.COMPUTED,
        "1993-01-01",
    )
    # a succession dated before the treaty's own entry into force takes effect with the treaty
    early = derive_status(
        [act(K.SUCCESSION, "1988-03-01", effective="1988-01-01")], date(1990, 1, 1), facts()
    )
    assert (early.status, early.in_force_on) == (Status.PARTY, "1989-02-01")


def test_consent_on_the_day_the_treaty_enters_into_force_without_a_rule() -> None:
    no_rule = facts(eif_rule=DateRule(RuleKind.UNKNOWN))
    d = derive_status([act(K.RATIFICATION, "1989-02-01")], date(1990, 1, 1), no_rule)
    assert (d.status, d.in_force_on, d.in_force_basis) == (
        Status.PARTY,
        "1989-02-01",
        EffectiveBasis.COMPUTED,
    )
    later = derive_status([act(K.RATIFICATION, "1989-02-02")], date(1990, 1, 1), no_rule)
    assert (later.status, later.in_force_on) == (Status.PARTY, None)


def test_a_recorded_entry_into_force_without_an_effective_date_is_its_own_date() -> None:
    acts = [RATIFIED, act(K.ENTRY_INTO_FORCE, "1998-10-01")]
    d = derive_status(acts, date(1999, 1, 1), facts())
    assert (d.in_force_on, d.in_force_basis, d.since) == ("1998-10-01", EffectiveBasis.RECORDED, "1998-10-01")


def test_a_recorded_entry_into_force_belongs_to_the_membership_it_completes() -> None:
    acts = [RATIFIED, act(K.ENTRY_INTO_FORCE, "1998-05-10", effective="1998-09-15")]
    before = derive_status(acts, date(1998, 6, 1), facts())
    assert (before.status, before.in_force_on, before.since) == (
        Status.RATIFIED_NOT_IN_FORCE,
        "1998-09-15",
        "1998-05-05",  # the ratification's date, not the entry-into-force row's
    )


def test_a_formal_confirmation_within_a_membership_changes_nothing() -> None:
    acts = [RATIFIED, act(K.FORMAL_CONFIRMATION, "2000-03-03")]
    d = derive_status(acts, date(2001, 1, 1), facts())
    assert (d.status, d.in_force_on, d.since) == (Status.PARTY, "1998-09-01", "1998-09-01")


def test_a_new_consent_after_a_revoked_one_starts_a_new_membership() -> None:
    acts = [RATIFIED, act(K.RATIFICATION_REVOKED, "1999-01-10"), act(K.ACCESSION, "2003-04-04")]
    d = derive_status(acts, date(2004, 1, 1), facts())
    assert (d.status, d.in_force_on) == (Status.PARTY, "2003-08-01")


# --- law._order: acts of one day -------------------------------------------------------------------


def test_an_exit_and_a_new_consent_on_one_day_whatever_their_order_in_the_rows() -> None:
    # Guyana denounced and re-acceded on one day: the exit ends the earlier membership
    acts = [
        act(K.ACCESSION, "1993-05-10"),
        act(K.ACCESSION, "1999-01-05"),
        act(K.DENUNCIATION, "1999-01-05", effective="1999-01-05"),
    ]
    d = derive_status(acts, date(2000, 1, 1), facts())
    assert (d.status, d.in_force_on, d.withdrawal) == (Status.PARTY, "1999-05-01", None)


def test_a_consent_and_a_law_deciding_to_leave_on_one_day() -> None:
    acts = [act(K.DOMESTIC_ACT, "2001-06-06"), act(K.RATIFICATION, "2001-06-06")]
    d = derive_status(acts, date(2002, 1, 1), facts())
    assert (d.status, d.since) == (Status.WITHDRAWAL_DATE_UNKNOWN, "2001-06-06")
    assert d.withdrawal is not None and d.withdrawal.earliest_effective_on == "2001-12-06"


def test_an_entry_into_force_after_an_exit_is_a_new_membership() -> None:
    acts = [
        act(K.ACCESSION, "1993-05-10"),
        act(K.DENUNCIATION, "1995-01-01", effective="1995-06-01"),
        act(K.ENTRY_INTO_FORCE, "2000-01-01"),
    ]
    assert derive_status(acts, date(1999, 1, 1), facts()).status is Status.WITHDRAWN
    d = derive_status(acts, date(2001, 1, 1), facts())
    assert (d.status, d.in_force_on, d.in_force_basis, d.withdrawal) == (
        Status.PARTY,
        "2000-01-01",
        EffectiveBasis.RECORDED,
        None,
    )


def test_a_notice_dated_to_the_day_counts_from_that_day() -> None:
    acts = [RATIFIED, act(K.DENUNCIATION, "2025-10-17")]
    d = derive_status(acts, date(2026, 4, 17), facts())
    assert d.withdrawal is not None
    assert (d.status, d.since, d.withdrawal.effective_on, d.withdrawal.effective_basis) == (
        Status.WITHDRAWN,
        "2026-04-17",
        "2026-04-17",
        EffectiveBasis.COMPUTED,
    )
    assert derive_status(acts, date(2026, 4, 16), facts()).status is Status.WITHDRAWAL_PENDING


def test_no_minimum_membership_gives_no_earliest_notice_date() -> None:
    assert earliest_notice_date(SIX_MONTHS, date(2016, 11, 4)) is None


# --- sources/untc_page.py: the UN status-page parser, on small pages ----------------------------------

_ID = "ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_"
_CONSENT = "Ratification, Accession(a), Succession(d)"


def un_page(
    rows: list[tuple[str, ...]],
    notes: dict[str, str],
    parties: int,
    *,
    status: str = "03-02-2026",
    consent: str = _CONSENT,
) -> str:
    """A status page as the UN writes one, with only what the parser reads: (participant, signature,
    consent) cells per row (``^N`` in a cell cites footnote N), the footnotes and the "Parties : M" line."""

    def cell(text: str) -> str:
        text, *cited = text.split("^")
        sup = f" <SUP>{', '.join(f'<A href=#{n}>{n}</A>' for n in cited)}</SUP>" if cited else ""
        return f"<td>{text}{sup}<br></td>"

    body = "".join("<tr class='trBWhite'>" + "".join(cell(c) for c in row) + "</tr>" for row in rows)
    foot = "".join(
        f"<tr><td><div id='{_ID}dgNotesAll_ctl{i:02}_divNotesAll'><a name='{n}'>{n}</a>{text}<br><br></div>"
        "</td></tr>"
        for i, (n, text) in enumerate(notes.items(), start=2)
    )
    return (
        f"<html><body><div id='{_ID}div3'>STATUS AS AT : {status} 10:16:18 EDT</div>"
        f"<div id='{_ID}rptStatus_ctl00_tcText'>Parties : {parties}</div>"
        f"<table id='{_ID}tblgrid'><tr class='thead-one'><td>Participant</td><td>Signature</td>"
        f"<td>{consent}</td></tr>{body}</table><table>{foot}</table></body></html>"
    )


def denunciations(html: str) -> list[UntcAction]:
    return [a for a in parse_status_page(html, mtdsg="IV-99").actions if a.kind is K.DENUNCIATION]


_SEE = 'See note 1 under "Montenegro" in the "Historical Information" section.'
_LEFT = (
    "On 27 June 2025, the Government of Ruritania deposited with the Secretary-General a notification of "
    "withdrawal. The withdrawal took effect for Ruritania on 27 December 2025 in accordance with article 20."
)


def test_every_footnote_a_row_cites_is_read_for_its_withdrawal() -> None:
    # the withdrawal is in the SECOND footnote the participant cell cites; reading only the first
    # would leave a bracketed row without a withdrawal (a parse error)
    html = un_page([("Ruritania^1^2", "", "[ 4 Dec\t 1997 a]")], {"1": _SEE, "2": _LEFT}, 0)
    assert denunciations(html) == [
        UntcAction(
            "Ruritania",
            K.DENUNCIATION,
            "2025-06-27",
            "2025-12-27",
            "note 2: " + _LEFT,
            ("1", "2"),
        )
    ]


def test_a_footnote_cited_from_a_date_cell_is_read_too() -> None:
    html = un_page([("Ruritania", "", "[ 4 Dec\t 1997 a]^2")], {"1": _SEE, "2": _LEFT}, 0)
    ((left,),) = [denunciations(html)]
    assert (left.participant, left.date, left.effective_on, left.footnotes) == (
        "Ruritania",
        "2025-06-27",
        "2025-12-27",
        (),
    )


def test_an_on_date_inside_parentheses_is_not_the_notice_date() -> None:
    text = (
        "The Government of Ruritania notified the Secretary-General of its decision to denounce the "
        "Convention (done at Geneva on 10 December 1984) on 5 March 2020."
    )
    assert withdrawals_in_note(text) == [("2020-03-05", None, text)]
    bracket_first = (
        "The Government of Ruritania (which had acceded on 1 May 1990) denounced the Protocol on 2 June 2001."
    )
    assert [(e.kind, e.date) for e in events_in_note(bracket_first)] == [(K.DENUNCIATION, "2001-06-02")]


# --- resolve.py: names, through the CLI on the shipped database -----------------------------------


def test_three_letters_are_no_prefix_four_are(runner: CliRunner) -> None:
    # `tor` would be a prefix of the alias "torture convention" alone: still no answer
    assert_error(
        invoke(runner, "status", "russia", "tor", "--format", "json"), 1, says="unknown treaty 'tor'"
    )
    assert run_json(runner, "status", "russia", "tort")["treaty"]["id"] == "un-iv-9"


def test_the_continuator_is_the_first_successor(runner: CliRunner) -> None:
    notes = run_json(runner, "status", "ussr", "npt", "--on", "2000-01-01")["notes"]
    prefix = "Union of Soviet Socialist Republics ceased to exist on 1991-12-26; successors: "
    (listed,) = [n.removeprefix(prefix).split(", ") for n in notes if n.startswith(prefix)]
    # Russia continues the USSR's membership: first, then the others in code order
    assert listed == [
        "RUS",
        "ARM",
        "AZE",
        "BLR",
        "EST",
        "GEO",
        "KAZ",
        "KGZ",
        "LTU",
        "LVA",
        "MDA",
        "TJK",
        "TKM",
        "UKR",
        "UZB",
    ]


# --- law: what a withdrawal says, and the honesty rules -------------------------------------------


def test_the_armed_conflict_reason_and_the_rule_text() -> None:
    ottawa = DateRule(RuleKind.MONTHS_AFTER, 6, article="20", text="six months", armed_conflict_suspends=True)
    d = derive_status([RATIFIED, act(K.DENUNCIATION, "2025-06-30")], date(2026, 3, 1), facts(ottawa))
    assert d.withdrawal is not None
    assert (d.withdrawal.earliest_effective_on, d.withdrawal.rule, d.withdrawal.reason) == (
        "2025-12-30",
        "Art. 20: six months",
        "the withdrawal cannot take effect while the state is engaged in an armed conflict, and no source "
        "records when it took effect",
    )
    no_article = DateRule(RuleKind.MONTHS_AFTER, 6, text="six months after the notice")
    d = derive_status([RATIFIED, act(K.DENUNCIATION, "2025-06-30")], date(2026, 3, 1), facts(no_article))
    assert d.withdrawal is not None and d.withdrawal.rule == "six months after the notice"


def test_an_unverified_notice_on_the_day_asked_names_only_itself() -> None:
    unverified = Action(K.DENUNCIATION, "2020-01-01", DAY, confidence="unverified")
    d = derive_status([RATIFIED, unverified], date(2020, 1, 1), facts())
    # party, or a notice still pending: the word is unknown, but the state is bound either way
    assert (d.status, d.bound) == (Status.UNKNOWN, Bound.YES)
    assert d.notes == (
        "an unconfirmed act would change the status: denunciation (2020-01-01); it is not verified by "
        "a depositary or official source",
    )
    assert derive_status([RATIFIED, unverified], date(2019, 12, 31), facts()).status is Status.PARTY


def test_the_reason_a_domestic_act_gives() -> None:
    d = derive_status([RATIFIED, act(K.DOMESTIC_ACT, "2025-09-29")], date(2026, 1, 1), facts())
    assert d.withdrawal is not None
    assert d.withdrawal.reason == (
        "a domestic act of 2025-09-29 decided the denunciation; the date the depositary received the "
        "notice is not in our data, so the earliest it can take effect is 2026-03-29"
    )


def test_a_list_current_to_the_day_asked_denies() -> None:
    as_of = TreatyFacts(date(1989, 2, 1), None, EIF_3M, SIX_MONTHS, True, as_of=date(2020, 6, 30))
    d = derive_status([], date(2020, 6, 30), as_of)
    assert (d.status, d.current, d.as_of, d.bound) == (Status.NOT_PARTY, True, "2020-06-30", Bound.NO)
    later = derive_status([], date(2020, 7, 1), as_of)
    assert (later.status, later.current, later.bound) == (Status.UNKNOWN, False, Bound.UNKNOWN)


def test_a_contest_counts_from_the_contested_act() -> None:
    contested = Action(K.DENUNCIATION, "2020-01-01", DAY, effective_on="2020-01-01", contested="the parties")
    before = derive_status([RATIFIED, contested], date(2019, 12, 31), facts())
    assert (before.status, before.contested, before.bound) == (Status.PARTY, None, Bound.YES)
    on_the_day = derive_status([RATIFIED, contested], date(2020, 1, 1), facts())
    assert (on_the_day.status, on_the_day.contested, on_the_day.bound) == (
        Status.WITHDRAWN,
        "the parties",
        Bound.UNKNOWN,
    )


_PLACED = (
    "some acts have no known date; each is counted as done by its recorded effect or the list's as-of "
    "date, and gives no date of its own"
)
_UNPLACED = "some acts have no known date, so they cannot be placed before this date"
UNDATED = DatePrecision.UNKNOWN


def test_an_undated_consent_is_placed_on_its_recorded_effect() -> None:
    accession = Action(K.ACCESSION, None, UNDATED, effective_on="2000-01-01")
    d = derive_status([accession], date(2000, 1, 1), facts())
    assert (d.status, d.in_force_on, d.notes[0]) == (Status.PARTY, None, _PLACED)
    assert len(d.notes) == 2 and d.notes[1].startswith("consent to be bound given on an unknown date")
    assert derive_status([accession], date(1999, 12, 31), facts()).status is Status.UNKNOWN


def test_an_undated_signature_beside_a_placed_consent() -> None:
    acts = [Action(K.ACCESSION, None, UNDATED, effective_on="2000-01-01"), Action(K.SIGNATURE, None, UNDATED)]
    d = derive_status(acts, date(2000, 1, 1), facts())
    assert (d.status, d.notes[:2]) == (Status.PARTY, (_PLACED, _UNPLACED))


def test_only_undated_acts_that_cannot_be_placed_deny_nothing() -> None:
    d = derive_status([Action(K.SIGNATURE, None, UNDATED)], date(2000, 1, 1), facts())
    assert (d.status, d.notes) == (Status.UNKNOWN, (_UNPLACED,))


def test_the_last_of_several_exits_without_a_consent_counts() -> None:
    listed = TreatyFacts(None, None, EIF_3M, SIX_MONTHS, False, as_of=date(1975, 1, 1))
    acts = [
        act(K.DENUNCIATION, "1960-01-01", effective="1960-06-01"),
        act(K.DENUNCIATION, "1969-12-17", effective="1970-06-13"),
    ]
    d = derive_status(acts, date(1975, 1, 1), listed)  # the list's as-of date itself: still listed
    assert d.withdrawal is not None
    assert (d.status, d.since, d.withdrawal.notified_on) == (Status.WITHDRAWN, "1970-06-13", "1969-12-17")
    on_the_day = derive_status(acts, date(1970, 6, 13), listed)
    assert (on_the_day.status, on_the_day.since) == (Status.WITHDRAWN, "1970-06-13")
    eve = derive_status(acts, date(1970, 6, 12), listed)
    assert (eve.status, eve.since) == (Status.WITHDRAWAL_PENDING, "1969-12-17")


def test_a_treaty_that_ends_while_a_withdrawal_is_pending() -> None:
    ended = TreatyFacts(date(1989, 2, 1), date(2026, 2, 5), EIF_3M, SIX_MONTHS, True)
    pending = derive_status([RATIFIED, act(K.DENUNCIATION, "2025-10-01")], date(2026, 3, 1), ended)
    assert (pending.status, pending.since) == (Status.TERMINATED, "2026-02-05")
    left = derive_status([RATIFIED, act(K.DENUNCIATION, "2024-10-01")], date(2026, 3, 1), ended)
    assert (left.status, left.since) == (Status.WITHDRAWN, "2025-04-01")


def test_a_revoked_withdrawal_is_noted() -> None:
    acts = [RATIFIED, act(K.DENUNCIATION, "2016-11-10"), act(K.WITHDRAWAL_REVOKED, "2017-02-10")]
    d = derive_status(acts, date(2018, 1, 1), facts())
    assert (d.status, d.notes) == (
        Status.PARTY,
        ("withdrawal notified on 2016-11-10 was revoked on 2017-02-10",),
    )


def test_a_consent_whose_effect_no_date_gives() -> None:
    unknown_eif = TreatyFacts(None, None, EIF_3M, SIX_MONTHS, True)
    d = derive_status([RATIFIED], date(2000, 1, 1), unknown_eif)
    assert (d.status, d.in_force_on, d.notes) == (
        Status.PARTY,
        None,
        (
            "consent to be bound given on 1998-05-05; the date it took effect for this participant is not "
            "in our data (nor the treaty's own entry into force)",
        ),
    )


def test_a_dissolved_participant_keeps_its_status_of_the_eve() -> None:
    # notified on the eve of its dissolution, effective on the day itself: a party two days before,
    # pending on the eve, withdrawn on the day; the eve's status is the one that counts
    acts = [act(K.RATIFICATION, "1980-01-01"), act(K.DENUNCIATION, "1991-12-25", effective="1991-12-26")]
    d = dissolved(acts, date(2000, 1, 1), facts(), date(1991, 12, 26), "successors: ARM")
    assert d.last_known is not None
    assert (d.status, d.bound, d.since, d.in_force_on) == (
        Status.DISSOLVED,
        Bound.NO,
        "1991-12-26",
        "1989-02-01",
    )
    assert (d.last_known.status, d.last_known.as_of, d.notes) == (
        Status.WITHDRAWAL_PENDING,
        "1991-12-25",
        ("ceased to exist on 1991-12-26; successors: ARM",),
    )


def test_fixed_periods_counted_from_the_party_s_own_entry_into_force() -> None:
    own = DateRule(
        RuleKind.FIXED_PERIODS,
        first_period_years=5,
        period_years=5,
        notice_months_before_end=6,
        periods_from_party=True,
    )
    d = derive_status([RATIFIED, act(K.DENUNCIATION, "2004-01-01")], date(2005, 1, 1), facts(own))
    assert d.withdrawal is not None  # periods end 2003-09-01, 2008-09-01 for this party
    assert (d.status, d.withdrawal.effective_on) == (Status.WITHDRAWAL_PENDING, "2008-09-01")


@pytest.mark.parametrize(
    ("mtdsg", "chapter"), [("XL-1", 40), ("XLIX-2", 49), ("L-3", 50), ("XC-4", 90), ("C-5", 100)]
)
def test_every_roman_numeral_of_a_chapter(mtdsg: str, chapter: int) -> None:
    assert status_page_url(mtdsg).endswith(f"mtdsg_no={mtdsg}&chapter={chapter}&clang=_en")


def test_the_object_of_a_denunciation_is_looked_for_within_twelve_words() -> None:
    eleven = "a b c d e f g h i j k"
    near = f"On 1 May 2001, the Government of Ruritania decided to denounce {eleven} Convention."
    far = f"On 1 May 2001, the Government of Ruritania decided to denounce {eleven} l Convention."
    assert [(n, e) for n, e, _ in withdrawals_in_note(near)] == [("2001-05-01", None)]
    assert withdrawals_in_note(far) == []


def test_a_footnote_s_note_is_cut_at_400_characters() -> None:
    def note_of(padding: int) -> str | None:
        text = _LEFT.replace("article 20.", "article 20" + "x" * padding + ".")
        (left,) = denunciations(un_page([("Ruritania^2", "", "[ 4 Dec\t 1997 a]")], {"2": text}, 0))
        return left.note

    whole = "note 2: " + _LEFT
    fits = 400 - len(whole)
    assert note_of(fits) == whole.replace("article 20.", "article 20" + "x" * fits + ".")
    cut = note_of(fits + 1)
    assert cut is not None and len(cut) == 400 and cut.endswith("xx\u2026")


def test_an_impossible_date_in_a_footnote_names_the_date() -> None:
    with pytest.raises(UntcParseError, match=r"^'On 31 February 2020': impossible date$"):
        withdrawals_in_note("On 31 February 2020, the Government of Ruritania denounced the Convention.")


def test_the_first_of_two_title_fields_and_of_two_footnotes_with_one_number() -> None:
    html = un_page([("Ruritania^2", "", "[ 4 Dec\t 1997 a]")], {"2": _LEFT}, 0)
    title = f"<div id='{_ID}rptTreaty_ctl00_tcTreaty'>5 . Convention on Things</div>"
    again = f"<div id='{_ID}rptTreaty_ctl00_tcTreaty'>6 . Something else</div>"
    duplicate = f"<div id='{_ID}dgNotesAll_ctl99_divNotesAll'><a name='2'>2</a>Nothing here.</div>"
    html = html.replace("<body>", f"<body>{title}{again}").replace("</body>", f"{duplicate}</body>")
    page = parse_status_page(html, mtdsg="IV-99")
    assert page.title == "Convention on Things"
    assert [(a.date, a.effective_on) for a in page.actions if a.kind is K.DENUNCIATION] == [
        ("2025-06-27", "2025-12-27")
    ]


def test_a_div_inside_a_footnote_does_not_end_it() -> None:
    text = _LEFT.replace(" The withdrawal took", " <div>The withdrawal</div> took")
    (left,) = denunciations(un_page([("Ruritania^2", "", "[ 4 Dec\t 1997 a]")], {"2": text}, 0))
    assert (left.date, left.effective_on) == ("2025-06-27", "2025-12-27")


def test_a_table_inside_a_cell_is_not_part_of_the_grid() -> None:
    nested = "Ruritania<table><tr><td> </td><td> </td></tr></table>"
    html = un_page([(nested, "", " 4 Dec\t 1997 a"), ("Sylvania", "", " 5 Dec\t 1997")], {}, 2)
    page = parse_status_page(html, mtdsg="IV-99")
    assert (page.participants, page.parties) == (("Ruritania", "Sylvania"), ("Ruritania", "Sylvania"))
    assert [(a.participant, a.kind, a.date) for a in page.actions] == [
        ("Ruritania", K.ACCESSION, "1997-12-04"),
        ("Sylvania", K.RATIFICATION, "1997-12-05"),
    ]


def test_text_after_a_footnote_number_belongs_to_the_name() -> None:
    html = un_page([("Ruritania <SUP>2</SUP>(Kingdom of)", "", " 4 Dec\t 1997 a")], {"2": _SEE}, 1)
    page = parse_status_page(html, mtdsg="IV-99")
    assert page.participants == ("Ruritania (Kingdom of)",)
    assert [(a.participant, a.footnotes) for a in page.actions] == [("Ruritania (Kingdom of)", ("2",))]


def test_a_self_closed_line_break_separates_two_sentences() -> None:
    # joined into one sentence, the reservation would win and the withdrawal be lost
    text = (
        "On 27 June 2025, the Government of Ruritania deposited a notification of withdrawal"
        "<br/>Subsequently, on 3 March 2003, the Government of Ruritania withdrew its reservation."
    )
    html = un_page([("Ruritania^2", "", "[ 4 Dec\t 1997 a]")], {"2": text}, 0)
    page = parse_status_page(html, mtdsg="IV-99")
    assert [(a.kind, a.date) for a in page.actions if a.kind is not K.ACCESSION] == [
        (K.DENUNCIATION, "2025-06-27"),
        (K.DECLARATION_WITHDRAWN, "2003-03-03"),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "On 27 June 2025, the Government of Ruritania deposited with the Secretary-General a "
            "notification of withdrawal.",
            [(K.DENUNCIATION, "2025-06-27")],
        ),
        (
            "On 1 May 2001, the Government of Ruritania notified the Secretary-General of its denunciation.",
            [(K.DENUNCIATION, "2001-05-01")],
        ),
        (
            "On 1 May 2001, the Government of Ruritania notified the Secretary-General of a partial "
            "withdrawal.",
            [(K.DECLARATION_WITHDRAWN, "2001-05-01")],
        ),
        (
            "On 1 May 2001, the Government of Ruritania informed the Secretary-General of its decision to "
            "withdraw its signature.",
            [(K.SIGNATURE_WITHDRAWN, "2001-05-01")],
        ),
        (  # neither "its" nor "notification of" before a bare noun: nothing is read
            "On 1 May 2001, the Government of Ruritania discussed a withdrawal.",
            [],
        ),
    ],
)
def test_what_a_bare_withdrawal_noun_is_about(sentence: str, expected: list[tuple[ActionKind, str]]) -> None:
    assert [(e.kind, e.date) for e in events_in_note(sentence)] == expected


def test_a_name_of_300_characters_is_looked_up_and_one_of_301_refused(runner: CliRunner) -> None:
    line = assert_error(invoke(runner, "status", "russia", "x" * 300), 1)
    assert line == f"treaty: error: unknown treaty '{'x' * 80}'"  # the name cut at 80 characters
    line = assert_error(invoke(runner, "status", "y" * 100, "cat"), 1)
    assert line == f"treaty: error: unknown state '{'y' * 80}'"
    assert_error(
        invoke(runner, "status", "russia", "x" * 301),
        2,
        says="treaty name is too long (301 characters; at most 300)",
    )


def test_a_withdrawal_inside_parentheses_does_not_class_the_sentence() -> None:
    text = (
        "On 1 May 2001, the Government of Ruritania (which had withdrawn its reservation in 1999) "
        "denounced the Convention."
    )
    assert [(e.kind, e.date) for e in events_in_note(text)] == [(K.DENUNCIATION, "2001-05-01")]


def test_a_sentence_opening_with_a_parenthesis() -> None:
    text = (
        "(Adopted on 10 December 1984.) The Government of Ruritania denounced the Convention on 5 March 2020."
    )
    assert [(n, e) for n, e, _ in withdrawals_in_note(text)] == [("2020-03-05", None)]


def test_three_suggestions_for_an_unknown_name_best_first(runner: CliRunner) -> None:
    assert_error(
        invoke(runner, "status", "russia", "ets 10x"),
        1,
        says="unknown treaty 'ets 10x'; did you mean: ets 10 (coe-010), ets 100 (coe-100), "
        "ets 101 (coe-101)?",
    )


def test_an_on_date_inside_the_effect_clause_is_not_the_notice_date() -> None:
    took = "The Government of Ruritania denounced the Convention, which took effect on 1 June 2010."
    assert withdrawals_in_note(took) == []  # no notice date is given: none is guessed
    both = (
        "The Government of Ruritania denounced the Convention on 1 March 2010, which took effect on "
        "1 June 2010."
    )
    assert [(n, e) for n, e, _ in withdrawals_in_note(both)] == [("2010-03-01", "2010-06-01")]


def test_a_quoted_denunciation_is_read_with_its_introduction() -> None:
    intro = "On 31 October 2023, the Government of Ruritania notified the Secretary-General of the following:"
    quoted = "\u201cThe Government of Ruritania denounces the Convention.\u201d"
    (event,) = events_in_note(f"{intro}\n{quoted}")
    assert (event.kind, event.date, event.effective_on, event.actor, event.text) == (
        K.DENUNCIATION,
        "2023-10-31",
        None,
        intro,
        f"{intro} {quoted}",
    )


def test_an_effect_date_after_an_unrelated_sentence_is_not_the_withdrawal_s() -> None:
    notice = (
        "On 1 March 2010, the Government of Ruritania notified the Secretary-General of its denunciation."
    )
    unrelated = "The Secretary-General circulated the notification."
    effect = "The amendment took effect on 1 June 2012."
    assert [(n, e) for n, e, _ in withdrawals_in_note(f"{notice} {unrelated} {effect}")] == [
        ("2010-03-01", None)
    ]
    # a sentence about a reservation between them does not break the thread
    reservation = "The Government of Ruritania also withdrew its reservation."
    later = "The denunciation took effect on 1 September 2010."
    events = events_in_note(f"{notice} {reservation} {later}")
    assert [(e.kind, e.date, e.effective_on) for e in events] == [
        (K.DENUNCIATION, "2010-03-01", "2010-09-01")
    ]


@pytest.mark.parametrize(
    ("name", "treaty"),
    [
        ("general privilege immunity", "coe-002"),  # "Immunities" -> "immunity", "Privileges" -> "privilege"
        ("war cripple", "coe-020"),  # "Cripples"
        ("trade arm", "un-xxvi-8"),  # "Arms": a plural of four letters
    ],
)
def test_title_words_match_singular_and_plural(runner: CliRunner, name: str, treaty: str) -> None:
    assert run_json(runner, "status", "russia", name)["treaty"]["id"] == treaty


def test_the_header_row_without_its_class_and_the_status_date_outside_its_div() -> None:
    html = un_page([("Ruritania", "", " 4 Dec\t 1997 a")], {}, 1)
    html = html.replace(" class='thead-one'", "").replace(f"{_ID}div3", f"{_ID}divStatus")
    page = parse_status_page(html, mtdsg="IV-99")
    assert (page.participants, page.status_as_at) == (("Ruritania",), "2026-02-03")
    assert [(a.kind, a.date) for a in page.actions] == [(K.ACCESSION, "1997-12-04")]


def test_a_first_column_that_is_not_the_participant_is_refused() -> None:
    html = un_page([("Ruritania", "", " 4 Dec\t 1997 a")], {}, 1).replace(
        "<td>Participant</td>", "<td>Country</td>"
    )
    with pytest.raises(UntcParseError) as err:
        parse_status_page(html, mtdsg="IV-99")
    assert str(err.value) == "MTDSG IV-99: first column header is not 'Participant': ['Country']"


def test_title_words_of_three_letters_count_and_of_two_do_not(runner: CliRunner) -> None:
    assert_error(
        invoke(runner, "status", "russia", "law sea"),
        3,
        says="ambiguous treaty 'law sea': could be un-xxi-6 (MTDSG XXI-6: UNCLOS); un-xxi-8 (",
    )
    assert_error(invoke(runner, "status", "russia", "ii"), 1, says="unknown treaty 'ii'")


def test_a_un_protocol_found_by_its_title_words_alone(runner: CliRunner) -> None:
    # its parent (un-iv-11, the CRC) comes from its MTDSG number, and is not among the matches
    assert run_json(runner, "status", "russia", "children armed conflict")["treaty"]["id"] == "un-iv-11-b"


def test_an_unsuffixed_date_takes_the_first_bare_label_of_its_column() -> None:
    html = un_page([("Ruritania", "", " 4 Dec\t 1997")], {}, 1, consent="Accession, Succession(d)")
    page = parse_status_page(html, mtdsg="IV-99")
    assert [(a.kind, a.date) for a in page.actions] == [(K.ACCESSION, "1997-12-04")]


def test_a_footnote_names_a_participant_by_the_name_before_its_parenthesis() -> None:
    html = un_page([("Ruritania (Kingdom of)^2", "", "[ 4 Dec\t 1997 a]")], {"2": _LEFT}, 0)
    assert [(a.participant, a.date, a.effective_on) for a in denunciations(html)] == [
        ("Ruritania (Kingdom of)", "2025-06-27", "2025-12-27")
    ]


def test_a_withdrawal_in_effect_on_the_status_date_must_be_bracketed() -> None:
    html = un_page([("Ruritania^2", "", " 4 Dec\t 1997 a")], {"2": _LEFT}, 1, status="27-12-2025")
    with pytest.raises(UntcParseError, match=r"row 1 \('Ruritania'\) is not bracketed"):
        parse_status_page(html, mtdsg="IV-99")
    pending = un_page([("Ruritania^2", "", " 4 Dec\t 1997 a")], {"2": _LEFT}, 1, status="26-12-2025")
    assert [(a.date, a.effective_on) for a in denunciations(pending)] == [("2025-06-27", "2025-12-27")]


def test_the_un_s_four_letter_september() -> None:
    html = un_page([("Ruritania", "4 Sept\t 1996", " 4 Sept\t 1997 a")], {}, 1)
    page = parse_status_page(html, mtdsg="IV-99")
    assert [(a.kind, a.date) for a in page.actions] == [
        (K.SIGNATURE, "1996-09-04"),
        (K.ACCESSION, "1997-09-04"),
    ]


def test_an_ambiguous_long_name_is_quoted_to_80_characters(runner: CliRunner) -> None:
    name = " ".join(["law sea"] * 12)  # 95 characters, the same two title words
    assert_error(
        invoke(runner, "status", "russia", name),
        3,
        says=f"ambiguous treaty '{name[:80]}': could be un-xxi-6 (",
    )


def test_the_records_of_a_state_and_a_treaty(runner: CliRunner) -> None:
    d = run_json(runner, "status", "russia", "cat")
    assert d["state"] == {
        "id": "RUS",
        "name": "Russian Federation",
        "common_name": "Russia",
        "iso2": "RU",
        "m49": "643",
        "kind": "state",
    }
    assert d["treaty"] == {
        "id": "un-iv-9",
        "title": "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
        "short_name": "CAT",
        "series": "MTDSG IV-9",
    }


def test_each_list_reach_gives_its_own_reason() -> None:
    signed = [act(K.SIGNATURE, "2000-01-01")]
    on = date(2026, 1, 1)
    partial = derive_status(signed, on, replace(facts(), participants_complete=False, as_of=date(2025, 1, 1)))
    assert partial.status is Status.UNKNOWN and partial.last_known is None
    assert partial.notes[-1] == (
        "our participant list for this treaty is partial: a consent to be bound may be missing from it, "
        "so it cannot say the state is not bound"
    )
    stale = derive_status(signed, on, replace(facts(), as_of=date(2025, 1, 1)))
    assert stale.notes[-1] == (
        "our list for this treaty is current only to 2025-01-01; a later signature, ratification or "
        "accession would not be in it"
    )
    assert stale.last_known is not None and (stale.last_known.status, stale.last_known.as_of) == (
        Status.SIGNATORY,
        "2025-01-01",
    )
    undated = derive_status(signed, on, replace(facts(), participants_complete=False))
    assert undated.status is Status.UNKNOWN and undated.last_known is None
