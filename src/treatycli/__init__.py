"""treaty: is a state bound by a treaty, since when, and what changes if it leaves.

The library API: open a database, then call one query function per question.

>>> from treatycli import open_database, status_of
>>> db = open_database()                               # doctest: +SKIP
>>> status_of(db, "russia", "cpt").status.value        # doctest: +SKIP
'withdrawal_date_unknown'
"""

from .db import Database, open_database
from .errors import (
    AmbiguousName,
    BadDate,
    DatabaseError,
    NotFound,
    TreatyError,
    UnknownState,
    UnknownTreaty,
    UsageError,
)
from .models import Action, ActionKind, DatePrecision, EffectiveBasis, State, Status, StatusResult, Treaty
from .query import info, obligations, parties, search, status_of, withdrawal_whatif

__all__ = [
    "Action",
    "ActionKind",
    "AmbiguousName",
    "BadDate",
    "Database",
    "DatabaseError",
    "DatePrecision",
    "EffectiveBasis",
    "NotFound",
    "State",
    "Status",
    "StatusResult",
    "Treaty",
    "TreatyError",
    "UnknownState",
    "UnknownTreaty",
    "UsageError",
    "info",
    "obligations",
    "open_database",
    "parties",
    "search",
    "status_of",
    "withdrawal_whatif",
]
