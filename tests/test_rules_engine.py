"""The effective-date function: exact cases from the treaties, and properties on any date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatycli.dates import add_months, first_of_next_month
from treatycli.law import apply_rule, earliest_notice_date
from treatycli.models import DateRule, RuleKind

ECPT_ART_22 = DateRule(RuleKind.FIRST_OF_MONTH_AFTER_MONTHS, 12, article="22")
PARIS_ART_28 = DateRule(
    RuleKind.MONTHS_AFTER, 12, article="28", later_date_allowed=True, min_membership_years=3
)
CWC_ART_XVI = DateRule(RuleKind.DAYS_AFTER, 90)
GENOCIDE_ART_XIV = DateRule(
    RuleKind.FIXED_PERIODS, first_period_years=10, period_years=5, notice_months_before_end=6
)
OPEN_SKIES_ART_XV = DateRule(RuleKind.NOTICE_BEFORE_INTENDED_DATE, 6)

dates = st.dates(min_value=date(1945, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(
    ("rule", "received", "expected"),
    [
        (ECPT_ART_22, date(2025, 10, 15), date(2026, 11, 1)),  # issue: --notified 2025-10-15
        (ECPT_ART_22, date(2025, 9, 29), date(2026, 10, 1)),  # Russia's law: earliest effect
        (ECPT_ART_22, date(2025, 12, 31), date(2027, 1, 1)),  # year end
        (PARIS_ART_28, date(2019, 11, 4), date(2020, 11, 4)),  # the US notice of 2019
        (PARIS_ART_28, date(2025, 1, 27), date(2026, 1, 27)),  # the US notice of 2025
        (DateRule(RuleKind.MONTHS_AFTER, 12), date(2016, 10, 27), date(2017, 10, 27)),  # Burundi
        (DateRule(RuleKind.MONTHS_AFTER, 6), date(2019, 8, 31), date(2020, 2, 29)),  # month end, leap
        (DateRule(RuleKind.MONTHS_AFTER, 12), date(2020, 2, 29), date(2021, 2, 28)),  # leap day
        (CWC_ART_XVI, date(2024, 1, 1), date(2024, 3, 31)),
        (DateRule(RuleKind.FIRST_OF_MONTH_AFTER_MONTHS, 3), date(2021, 3, 20), date(2021, 7, 1)),
    ],
)
def test_effective_dates(rule: DateRule, received: date, expected: date) -> None:
    assert apply_rule(rule, received) == expected


UNESCO_ART_II_6 = DateRule(RuleKind.END_OF_YEAR_AFTER_YEARS, 1, article="II(6)")


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (date(1983, 12, 28), date(1984, 12, 31)),  # the US notice of 1983
        (date(2017, 10, 12), date(2018, 12, 31)),  # the US and Israeli notices of 2017
        (date(2025, 7, 22), date(2026, 12, 31)),  # the US notice of 2025
        (date(2025, 1, 1), date(2026, 12, 31)),  # a notice on New Year's Day: still the year after
    ],
)
def test_unesco_withdrawal_ends_on_31_december_of_the_following_year(received: date, expected: date) -> None:
    assert apply_rule(UNESCO_ART_II_6, received) == expected


def test_later_date_named_in_the_notice_wins() -> None:
    assert apply_rule(PARIS_ART_28, date(2019, 11, 4), intended=date(2021, 1, 1)) == date(2021, 1, 1)
    assert apply_rule(PARIS_ART_28, date(2019, 11, 4), intended=date(2020, 1, 1)) == date(2020, 11, 4)


def test_genocide_convention_fixed_periods() -> None:
    eif = date(1951, 1, 12)
    # at least six months before the end of the current five-year period -> that period's end
    assert apply_rule(GENOCIDE_ART_XIV, date(2025, 7, 1), treaty_in_force_on=eif) == date(2026, 1, 12)
    # too late for this period -> the next one
    assert apply_rule(GENOCIDE_ART_XIV, date(2025, 7, 13), treaty_in_force_on=eif) == date(2031, 1, 12)
    assert apply_rule(GENOCIDE_ART_XIV, date(2025, 7, 1)) is None  # needs the treaty's own EIF


def test_no_clause_and_unknown_give_no_date() -> None:
    for kind in (RuleKind.NONE, RuleKind.UNKNOWN, RuleKind.VIA_PARENT):
        assert apply_rule(DateRule(kind), date(2020, 1, 1)) is None


def test_minimum_membership() -> None:
    assert earliest_notice_date(PARIS_ART_28, date(2016, 11, 4)) == date(2019, 11, 4)
    assert earliest_notice_date(ECPT_ART_22, date(1998, 9, 1)) is None


@given(dates, st.integers(min_value=1, max_value=60))
def test_first_of_month_rule_is_a_first_after_the_period(received: date, n: int) -> None:
    effective = apply_rule(DateRule(RuleKind.FIRST_OF_MONTH_AFTER_MONTHS, n), received)
    assert effective is not None
    assert effective.day == 1
    assert effective > add_months(received, n)
    assert effective <= first_of_next_month(add_months(received, n))


@given(dates, st.integers(min_value=0, max_value=120))
def test_months_after_keeps_the_day_or_the_month_end(received: date, n: int) -> None:
    effective = apply_rule(DateRule(RuleKind.MONTHS_AFTER, n), received)
    assert effective is not None
    assert (effective.year * 12 + effective.month) - (received.year * 12 + received.month) == n
    assert effective.day == received.day or (
        effective.day < received.day
        and first_of_next_month(effective).day == 1
        and (effective.replace(day=1) != first_of_next_month(effective))
    )
    assert effective >= received


@given(dates, st.integers(min_value=0, max_value=400))
def test_days_after(received: date, n: int) -> None:
    effective = apply_rule(DateRule(RuleKind.DAYS_AFTER, n), received)
    assert effective is not None and (effective - received).days == n


@given(dates)
def test_fixed_periods_end_on_an_anniversary_at_least_notice_months_later(received: date) -> None:
    eif = date(1951, 1, 12)
    effective = apply_rule(GENOCIDE_ART_XIV, received, treaty_in_force_on=eif)
    assert effective is not None
    assert (effective.month, effective.day) == (1, 12) and (effective.year - 1961) % 5 == 0
    assert add_months(effective, -6) >= received
    assert add_months(effective, -6 - 60) < received or effective == date(1961, 1, 12)


@given(dates, st.dates(min_value=date(1945, 1, 1), max_value=date(2100, 12, 31)))
def test_notice_before_intended_date_never_earlier_than_the_notice_period(
    received: date, intended: date
) -> None:
    effective = apply_rule(OPEN_SKIES_ART_XV, received, intended=intended)
    assert effective is not None
    assert effective == max(add_months(received, 6), intended)
