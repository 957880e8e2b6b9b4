"""treaty: is a state bound by a treaty, since when, and what changes if it leaves.

The library API: open a database, then call one query function per question.

>>> from treatycli import open_database, status_of
>>> db = open_database()                               # doctest: +SKIP
>>> status_of(db, "russia", "cpt").status.value        # doctest: +SKIP
'withdrawal_date_unknown'

Names are imported on first use, so ``import treatycli.cli`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .db import Database, open_database
    from .errors import (
        AmbiguousName,
        BadDate,
        DatabaseError,
        NotFound,
        TreatyError,
        UnknownState,
        UnknownTreaty,
        UpdateError,
        UsageError,
    )
    from .models import Action, ActionKind, DatePrecision, EffectiveBasis, State, Status, StatusResult, Treaty
    from .query import status_of
    from .reports import (
        compare,
        events,
        info,
        obligations,
        panel,
        parties,
        search,
        state_profile,
        status_batch,
        withdrawal_whatif,
    )

_WHERE = {
    "Database": "db",
    "open_database": "db",
    "AmbiguousName": "errors",
    "BadDate": "errors",
    "DatabaseError": "errors",
    "NotFound": "errors",
    "TreatyError": "errors",
    "UnknownState": "errors",
    "UnknownTreaty": "errors",
    "UpdateError": "errors",
    "UsageError": "errors",
    "Action": "models",
    "ActionKind": "models",
    "DatePrecision": "models",
    "EffectiveBasis": "models",
    "State": "models",
    "Status": "models",
    "StatusResult": "models",
    "Treaty": "models",
    "compare": "reports",
    "events": "reports",
    "info": "reports",
    "obligations": "reports",
    "panel": "reports",
    "parties": "reports",
    "search": "reports",
    "state_profile": "reports",
    "status_batch": "reports",
    "status_of": "query",
    "withdrawal_whatif": "reports",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'treatycli' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
