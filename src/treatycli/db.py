"""Locate and open the treaty database read-only. The only module that speaks SQL."""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from .errors import DatabaseError

SCHEMA_VERSION = "2"
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
                raise DatabaseError(f"no treaty database at {str(path)[:200]!r}")
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


class Database:
    """A read-only connection with the handful of queries the library needs."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.cache: dict[tuple[Any, ...], Any] = {}
        try:
            uri = f"{path.resolve().as_uri()}?mode=ro"
            self.conn = sqlite3.connect(uri, uri=True)
            self.conn.row_factory = sqlite3.Row
            version = self.meta().get("schema_version")
        except sqlite3.Error as exc:
            raise DatabaseError(f"{str(path)[:200]} is not a readable treaty database ({exc})") from None
        if version != SCHEMA_VERSION:
            raise DatabaseError(
                f"{str(path)[:200]} has schema version {version!r}; this treaty needs {SCHEMA_VERSION!r}"
            )

    def close(self) -> None:
        self.conn.close()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise DatabaseError(f"database query failed: {exc}") from None

    def stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """Rows one at a time, for exports that must not hold everything in memory."""
        try:
            yield from self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise DatabaseError(f"database query failed: {exc}") from None

    def meta(self) -> dict[str, str]:
        return {r["key"]: r["value"] for r in self.conn.execute("SELECT key, value FROM meta")}


def open_database(explicit: str | os.PathLike[str] | None = None) -> Database:
    return Database(locate(explicit))


P = ParamSpec("P")
T = TypeVar("T")


def cached(fn: Callable[Concatenate[Database, P], T]) -> Callable[Concatenate[Database, P], T]:
    """Memoise a read-only lookup per open database (a batch of lookups repeats them)."""

    def wrapper(db: Database, /, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (fn.__qualname__, *args, *sorted(kwargs.items()))
        try:
            return db.cache[key]  # type: ignore[no-any-return]
        except KeyError:
            value = fn(db, *args, **kwargs)
            db.cache[key] = value
            return value

    functools.update_wrapper(wrapper, fn)
    return wrapper
