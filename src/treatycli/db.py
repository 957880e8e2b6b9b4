"""Locate and open the treaty database read-only. The only module that speaks SQL."""

from __future__ import annotations

import functools
import math
import os
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from .errors import DatabaseError
from .text import visible

SCHEMA_VERSION = "3"
ENV_VAR = "TREATY_DB"
Row = sqlite3.Row


def bundled_path() -> Path | None:
    """The database shipped inside the package (wheel), if there is one."""
    candidate = resources.files("treatycli") / "data" / "treaties.sqlite"
    path = Path(str(candidate))
    return path if path.is_file() else None


def locate(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db``, then ``$TREATY_DB``, then the user's updated copy, then the bundled file."""
    for given in (explicit, os.environ.get(ENV_VAR) or None):
        if given is not None:
            path = Path(given)
            if not path.is_file():
                raise DatabaseError(f"no treaty database at '{_shown(path)}'")
            return path
    updated = user_database_path()
    if updated is not None and updated.is_file():
        return updated
    bundled = bundled_path()
    if bundled is None:
        raise DatabaseError("the bundled treaty database is missing from this installation")
    return bundled


def user_database_path() -> Path | None:
    """Where ``treaty update`` keeps its refreshed copy: the user's data directory (platformdirs;
    ``$XDG_DATA_HOME/treaty`` on Linux), never inside the installed package."""
    from platformdirs import user_data_path

    try:
        return user_data_path("treaty", appauthor=False) / "treaties.sqlite"
    except (OSError, KeyError, RuntimeError):  # no home directory to speak of
        return None


QUERY_TIMEOUT_VAR = "TREATY_QUERY_TIMEOUT"
QUERY_TIMEOUT = 20.0  # seconds a single read may take before it is stopped
MAX_ROWS = 1_000_000  # rows one read may return (the largest real answer is a few tens of thousands)
_PROGRESS_STEPS = 10_000  # SQLite virtual-machine steps between two looks at the clock


def query_timeout() -> float | None:
    """Seconds a read may take: ``$TREATY_QUERY_TIMEOUT``, else 20; 0 or less means no limit."""
    given = os.environ.get(QUERY_TIMEOUT_VAR, "").strip()
    try:
        seconds = float(given) if given else QUERY_TIMEOUT
    except ValueError:
        seconds = QUERY_TIMEOUT
    return seconds if seconds > 0 and math.isfinite(seconds) else None


class Database:
    """A read-only connection with the handful of queries the library needs.

    Every read is bounded in time (a hostile or damaged file, such as a view that never ends, is
    stopped by SQLite's progress handler and becomes a ``DatabaseError``); close it when done, or
    use it as a context manager.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cache: dict[str, OrderedDict[tuple[Any, ...], Any]] = {}
        self.timeout = query_timeout()
        self._deadline = math.inf
        try:
            uri = f"{path.resolve().as_uri()}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True)
        except (sqlite3.Error, OSError, ValueError) as exc:
            raise DatabaseError(f"{_shown(path)} is not a readable treaty database ({exc})") from None
        self.conn.row_factory = sqlite3.Row
        if self.timeout is not None:
            self.conn.set_progress_handler(self._past_deadline, _PROGRESS_STEPS)
        try:
            version = self._read_version()
        except BaseException:
            self.conn.close()
            raise
        if version != SCHEMA_VERSION:
            self.conn.close()
            raise DatabaseError(
                f"{_shown(path)} has schema version {version!r}; this treaty needs {SCHEMA_VERSION!r}"
            )

    def _read_version(self) -> str | None:
        self._start()
        try:
            found = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        except sqlite3.Error as exc:
            raise self._failed(exc, "is not a readable treaty database") from None
        finally:
            self._deadline = math.inf
        return str(found[0][0]) if found else None

    def _past_deadline(self) -> int:
        return 1 if time.monotonic() > self._deadline else 0  # non-zero: SQLite interrupts the query

    def _start(self) -> None:
        self._deadline = time.monotonic() + self.timeout if self.timeout is not None else math.inf

    def _failed(self, exc: sqlite3.Error, what: str = "a database query failed") -> DatabaseError:
        if self.timeout is not None and time.monotonic() > self._deadline:
            return DatabaseError(
                f"a read of {_shown(self.path)} took longer than {self.timeout:g} s and was stopped; "
                f"the file may be damaged or hostile (${QUERY_TIMEOUT_VAR} sets the limit)"
            )
        return DatabaseError(f"{_shown(self.path)} {what} ({exc})")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        self._start()
        try:
            cursor = self.conn.execute(sql, params)
            found: list[Row] = []
            while batch := cursor.fetchmany(4096):
                found += batch
                if len(found) > MAX_ROWS:
                    cursor.close()
                    raise DatabaseError(
                        f"{_shown(self.path)}: a read returned more than {MAX_ROWS:,} rows; "
                        "the file may be damaged or hostile"
                    )
            return found
        except sqlite3.Error as exc:
            raise self._failed(exc) from None
        finally:
            self._deadline = math.inf

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """Rows one at a time, for exports that must not hold everything in memory.

        The time limit applies to producing each row, not to the reader's pace.
        """
        try:
            self._start()
            cursor = self.conn.execute(sql, params)
            while True:
                self._start()
                row = cursor.fetchone()
                self._deadline = math.inf
                if row is None:
                    return
                yield row
        except sqlite3.Error as exc:
            raise self._failed(exc) from None
        finally:
            self._deadline = math.inf

    def has_table(self, name: str) -> bool:
        """A database written by an older release may lack a table added since (same schema version:
        the table only adds information)."""
        return bool(self.rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)))

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self.rows("SELECT key, value FROM meta")}


def _shown(path: Path) -> str:
    """A path for a message: undecodable bytes and control characters shown, at most 200 characters."""
    return visible(str(path)[:200])


def open_database(explicit: str | os.PathLike[str] | None = None) -> Database:
    return Database(locate(explicit))


P = ParamSpec("P")
T = TypeVar("T")


CACHE_SIZE = 4096  # entries kept per memoised function and open database (least recently used go)


def cached(fn: Callable[Concatenate[Database, P], T]) -> Callable[Concatenate[Database, P], T]:
    """Memoise a read-only lookup per open database (a batch of lookups repeats them).

    Bounded: each function keeps its ``CACHE_SIZE`` most recently used answers, so a long batch of
    distinct questions runs in constant memory.
    """
    name = fn.__qualname__

    def wrapper(db: Database, /, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (*args, *sorted(kwargs.items()))
        memo = db.cache.get(name)
        if memo is None:
            memo = db.cache[name] = OrderedDict()
        try:
            value: T = memo[key]
        except KeyError:
            value = fn(db, *args, **kwargs)
            memo[key] = value
            if len(memo) > CACHE_SIZE:
                memo.popitem(last=False)
            return value
        memo.move_to_end(key)
        return value

    functools.update_wrapper(wrapper, fn)
    return wrapper
