"""Many status lookups in one process: one result per input line, in order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from ..db import Database
from ..errors import UsageError
from ..models import StatusResult
from .status import (
    status_of,
)

__all__ = ["status_batch"]


@dataclass(frozen=True, slots=True)
class BatchItem:
    line: int
    text: str
    result: StatusResult | None = None
    error: str | None = None
    exit_code: int = 0


def status_batch(db: Database, lines: Iterable[bytes], *, today: date | None = None) -> Iterator[BatchItem]:
    """One status per input line ``STATE<TAB>TREATY[<TAB>DATE]``, in order; a bad line is an error item."""
    from ..dates import parse_user_date
    from ..errors import TreatyError

    when_default = today or date.today()
    for number, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            yield BatchItem(
                number, raw[:80].decode("utf-8", "replace"), error="line is not valid UTF-8", exit_code=2
            )
            continue
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        fields = text.split("\t")
        try:
            if len(fields) not in (2, 3):
                raise UsageError("expected STATE<TAB>TREATY[<TAB>DATE]")
            on = parse_user_date(fields[2], today=when_default) if len(fields) == 3 else when_default
            yield BatchItem(number, text[:300], result=status_of(db, fields[0], fields[1], on))
        except TreatyError as exc:
            yield BatchItem(number, text[:300], error=str(exc), exit_code=exc.exit_code)
