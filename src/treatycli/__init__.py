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
    from .answers.batch import status_batch
    from .answers.catalog import info, search
    from .answers.events import events
    from .answers.panel import panel
    from .answers.parties import parties
    from .answers.profile import compare, state_profile
    from .answers.status import status_of
    from .answers.withdrawal import obligations, withdrawal_whatif
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
    "compare": "answers.profile",
    "events": "answers.events",
    "info": "answers.catalog",
    "obligations": "answers.withdrawal",
    "panel": "answers.panel",
    "parties": "answers.parties",
    "search": "answers.catalog",
    "state_profile": "answers.profile",
    "status_batch": "answers.batch",
    "status_of": "answers.status",
    "withdrawal_whatif": "answers.withdrawal",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'treatycli' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)
