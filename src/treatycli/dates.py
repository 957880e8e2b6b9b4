"""Date parsing and calendar arithmetic (no I/O)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from .errors import BadDate

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_NUMBERS: dict[str, int] = {
    **{name: i for i, name in enumerate(MONTH_NAMES, 1)},
    **{name[:3]: i for i, name in enumerate(MONTH_NAMES, 1)},
}
"""Month names, full and in the UN's three-letter form, to their numbers ("Sep" -> 9)."""

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_user_date(text: str, *, today: date | None = None) -> date:
    """Parse ``--on``: ``YYYY-MM-DD``, ``YYYY-MM`` (last day), ``YYYY`` (31 Dec) or ``today``."""
    raw = text.strip()
    if raw.casefold() == "today":
        return today or date.today()
    m = _ISO.fullmatch(raw)
    if not m:
        raise BadDate(text[:40])
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return date(year, 12, 31)
        if day is None:
            return end_of_month(year, int(month))
        return date(year, int(month), int(day))
    except ValueError:
        raise BadDate(text[:40]) from None


def end_of_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when that day does not exist."""
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def add_days(d: date, days: int) -> date:
    return d + timedelta(days=days)


def first_of_next_month(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def from_iso(text: str | None, precision: str = "day") -> date | None:
    """A stored date as a ``date``; partial dates count from the END of their period.

    A fact known only to the month or year is taken to have happened by the end of that period,
    so a status never claims a change earlier than the data supports.
    """
    if not text:
        return None
    m = _ISO.fullmatch(text)
    if not m:
        return None
    year = int(m[1])
    if m[2] is None or precision == "year":
        return date(year, 12, 31)
    if m[3] is None or precision == "month":
        return end_of_month(year, int(m[2]))
    return date(year, int(m[2]), int(m[3]))
