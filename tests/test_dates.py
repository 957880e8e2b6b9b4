from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatycli.dates import parse_user_date
from treatycli.errors import BadDate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-26", date(2026, 11, 26)),
        ("2024-02", date(2024, 2, 29)),
        ("2023", date(2023, 12, 31)),
        (" 2020-01-05 ", date(2020, 1, 5)),
    ],
)
def test_parse(text: str, expected: date) -> None:
    assert parse_user_date(text) == expected


def test_today() -> None:
    assert parse_user_date("today", today=date(2026, 11, 26)) == date(2026, 11, 26)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-13-01",
        "2026-02-30",
        "26/11/2026",
        "yesterday",
        "2026-1-1",
        "'; DROP TABLE actions; --",
        "2026-11-26\x00",
    ],
)
def test_bad_dates_raise_bad_date(text: str) -> None:
    with pytest.raises(BadDate):
        parse_user_date(text)


@given(st.text(max_size=200))
def test_any_text_gives_a_date_or_bad_date(text: str) -> None:
    try:
        result = parse_user_date(text, today=date(2026, 11, 26))
    except BadDate as exc:
        message = str(exc)
        assert "\n" not in message and len(message) < 400  # one line, however hostile the input
    else:
        assert isinstance(result, date)
