"""Hostile data, hostile terminals, hostile inputs (issues 17 and 18): each case a real invocation.

Databases are copies of the shipped one, altered here with sqlite3; commands run through the CLI
(CliRunner, or a subprocess where the terminal or the output encoding matters).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from treatycli import db as dbmod
from treatycli.answers import events as events_answer
from treatycli.answers import parties as parties_answer
from treatycli.answers.status import status_of
from treatycli.cli import app
from treatycli.db import Database
from treatycli.errors import DatabaseError
from treatycli.render import (
    PARTIES_COLUMNS,
    PROFILE_COLUMNS,
    SEARCH_COLUMNS,
    STATUS_COLUMNS,
    events_table,
    parties_rows,
    parties_table,
    search_rows,
    status_card,
    status_row,
)
from treatycli.resolve import resolve_state, resolve_treaty
from treatycli.text import visible

from .conftest import SHIPPED_DB, assert_error, invoke

ESC = "\x1b"
CLEAR = "\x1b[2J\x1b[H"
LINK = "\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07"
C1 = "\x9b31m"  # CSI as one C1 character


def altered(tmp_path: Path, *sql: str, params: tuple[Any, ...] = ()) -> Path:
    """A copy of the shipped database with ``sql`` applied (the copy is not read-only)."""
    copy = tmp_path / "altered.sqlite"
    shutil.copy(SHIPPED_DB, copy)
    with sqlite3.connect(copy) as conn:
        for statement in sql:
            conn.execute(statement, params if "?" in statement else ())
    conn.close()
    return copy


def ids(name: str, state: str | None = None) -> tuple[str, str | None]:
    with Database(SHIPPED_DB) as db:
        return resolve_treaty(db, name).id, resolve_state(db, state).id if state else None


def render(renderable: Any) -> str:
    """Render as a terminal would: markup enabled (the default), fixed width, no colour."""
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(renderable)
    return out.getvalue()


# --- 1. data never speaks to the terminal -----------------------------------------------------
def test_visible_shows_every_control_character() -> None:
    assert visible(f"a{CLEAR}b") == "a\\x1b[2J\\x1b[Hb"
    assert visible("tab\there\nnew\rline\x7f\x00") == "tab\\there\\nnew\\rline\\x7f\\x00"
    assert visible("one\ntwo", multiline=True) == "one\ntwo"
    assert visible(C1) == "\\x9b31m"
    assert visible("\u202eevil") == "\\u202eevil"
    assert visible("caf" + os.fsdecode(b"\xe9")) == "caf\\xe9"  # an undecodable byte of a file name
    assert visible("[/] [bold]Türkiye[/bold] Côte d'Ivoire") == "[/] [bold]Türkiye[/bold] Côte d'Ivoire"


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    """Russia and the ECPT with a hostile name, notes that are markup and escapes, an unverified row."""
    tid, sid = ids("ecpt", "russia")
    return altered(
        tmp_path,
        f"UPDATE states SET name = 'Russia{CLEAR}[/] [bold]Fed' WHERE id = '{sid}'",
        "UPDATE actions SET note = ?, confidence = 'unverified' "
        f"WHERE state_id = '{sid}' AND treaty_id = '{tid}' AND kind = 'signature'",
        f"UPDATE sources SET url = 'https://x.example/[/]{ESC}]0;title{ESC}\\' "
        f"WHERE id IN (SELECT source_id FROM actions WHERE state_id = '{sid}' AND treaty_id = '{tid}')",
        params=(f"see [/] and [link=https://evil.example]here[/link] {LINK} {C1}",),
    )


def test_status_card_shows_data_literally(hostile_db: Path) -> None:
    with Database(hostile_db) as db:
        result = status_of(db, "russia", "ecpt")
        shown = render(status_card(result, long=True))
    assert ESC not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "Russia\\x1b[2J\\x1b[H[/] [bold]Fed" in shown
    assert "[unverified]" in shown
    assert "see [/] and [link=https://evil.example]here[/link]" in shown
    assert "\\x1b]8;;https://evil.example/\\x07click" in shown


def test_status_card_through_the_cli(runner: CliRunner, hostile_db: Path) -> None:
    r = invoke(runner, "status", "russia", "ecpt", "--db", str(hostile_db), "-f", "table", "--long")
    assert r.exit_code == 0, r.stderr
    assert ESC not in r.stdout and "\x9b" not in r.stdout
    assert "[unverified]" in r.stdout and "\\x1b[2J" in r.stdout


def test_tables_show_unverified_and_bracketed_ids(hostile_db: Path, runner: CliRunner) -> None:
    with Database(hostile_db) as db:
        tid, sid = ids("ecpt", "russia")
        found = [e for e in events_answer.events(db, treaty_text="ecpt") if e.state_id == sid]
        shown = render(events_table(found))
        parties = render(parties_table(parties_answer.parties(db, "ecpt", None, None)))
    assert f"[{tid}]" in shown and "[unverified]" in shown and ESC not in shown
    assert "Russia\\x1b[2J\\x1b[H[/] [bold]Fed" in parties and ESC not in parties
    r = invoke(runner, "events", "--treaty", "crc", "--limit", "3", "-f", "table")
    assert r.exit_code == 0 and f"[{ids('crc')[0]}]" in r.stdout


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_show_control_characters(runner: CliRunner, hostile_db: Path, fmt: str) -> None:
    for args in (["status", "russia", "ecpt"], ["events", "--treaty", "ecpt"], ["parties", "ecpt"]):
        r = invoke(runner, *args, "--db", str(hostile_db), "-f", fmt)
        assert r.exit_code == 0, r.stderr
        assert ESC not in r.stdout and "\x9b" not in r.stdout and "\x07" not in r.stdout
        assert "\\x1b[2J" in r.stdout, args


def test_json_escapes_controls_and_round_trips(runner: CliRunner, hostile_db: Path) -> None:
    r = invoke(runner, "events", "--treaty", "ecpt", "--db", str(hostile_db), "-f", "json")
    assert r.exit_code == 0
    assert ESC not in r.stdout and "\x9b" not in r.stdout and "\\u009b" in r.stdout
    notes = {e["note"] for e in json.loads(r.stdout)}
    assert any(n and LINK in n and C1 in n for n in notes)  # escaped, not altered


def test_error_messages_show_control_characters(runner: CliRunner, tmp_path: Path) -> None:
    copy = altered(tmp_path, f"UPDATE states SET name = name || '{CLEAR}' WHERE id IN ('KOR', 'PRK')")
    line = assert_error(invoke(runner, "status", "korea", "cat", "--db", str(copy)), 3)
    assert "\\x1b[2J" in line


def test_markup_in_a_note_does_not_crash_the_card(runner: CliRunner, tmp_path: Path) -> None:
    tid, sid = ids("ecpt", "russia")
    copy = altered(tmp_path, f"UPDATE actions SET note = '[/]' || note || '[/bold]' WHERE state_id = '{sid}'")
    r = invoke(runner, "status", "russia", "ecpt", "--db", str(copy), "-f", "table", "--long")
    assert r.exit_code == 0 and r.exception is None and "[/]" in r.stdout


# --- 2. one line, never a traceback -----------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["withdrawal", "ecpt", "--notified", "9999-12-31"], 2, "--notified"),
        (["withdrawal", "ecpt", "russia", "--notified", "9999-11-30"], 2, "--notified"),
        (["panel", "cat", "--from", "0"], 2, "--from"),
        (["panel", "cat", "--from", "-5"], 2, "--from"),
        (["panel", "cat", "--from", "0", "--to", "5"], 2, "--from"),
        (["panel", "cat", "--from", "9990", "--to", "10000"], 2, "--to"),
        (["panel", "cat", "--to", "10000"], 2, "--to"),
        (["events", "--limit", "99999999999999999999"], 2, "--limit"),
        (["search", "zzzz"], 1, "no treaty matches 'zzzz'"),
        (["search", "zzzz", "-f", "csv"], 1, "no treaty matches"),
        (["status", "russia", "nosuchtreaty"], 1, "unknown treaty"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_bad_input_is_one_line(runner: CliRunner, args: list[str], code: int, says: str) -> None:
    assert_error(invoke(runner, *args), code, says=says)


def test_a_failing_database_under_state_chart_exits_4(runner: CliRunner, tmp_path: Path) -> None:
    copy = altered(tmp_path, "DROP TABLE actions")
    assert_error(invoke(runner, "state", "russia", "--chart", "--db", str(copy)), 4)
    assert_error(invoke(runner, "state", "russia", "--chart", "-f", "json", "--db", str(copy)), 4)


def _non_utf8_copy(tmp_path: Path) -> Path:
    copy = tmp_path / os.fsdecode(b"caf\xe9-\xff.sqlite")
    shutil.copy(SHIPPED_DB, copy)
    return copy


def test_info_on_a_non_utf8_file_name(runner: CliRunner, tmp_path: Path) -> None:
    copy = _non_utf8_copy(tmp_path)
    r = invoke(runner, "info", "--db", str(copy), "-f", "table")  # CliRunner's output is strict UTF-8
    assert r.exit_code == 0 and r.exception is None, repr(r.exception)
    assert "caf\\xe9-\\xff.sqlite" in r.stdout
    r = invoke(runner, "info", "--db", str(copy), "-f", "json")
    assert r.exit_code == 0 and r.exception is None, repr(r.exception)
    assert os.fsencode(json.loads(r.stdout)["path"]).endswith(b"caf\xe9-\xff.sqlite")


def _treaty(*args: str, env: dict[str, str] | None = None, **kw: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "treatycli", *args],
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
        **kw,
    )


def test_info_on_a_non_utf8_file_name_with_a_strict_output_encoding(tmp_path: Path) -> None:
    copy = _non_utf8_copy(tmp_path)
    strict = {"PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    for fmt in ("table", "json", "tsv"):
        r = _treaty(
            "info", "--db", os.fsencode(copy).decode("utf-8", "surrogateescape"), "-f", fmt, env=strict
        )
        assert r.returncode == 0, r.stderr
        assert b"Traceback" not in r.stderr
    missing = str(copy).replace(".sqlite", "-gone.sqlite")
    r = _treaty("info", "--db", missing, env=strict)
    assert b"\\xe9" in r.stderr
    assert_error(r, 4)


# --- 3. batch input: streamed, bounded lines, bounded memoisation -----------------------------
def test_a_too_long_batch_line_is_an_error_row(runner: CliRunner) -> None:
    data = b"russia\tcpt\n" + b"x" * 100_000 + b"\tcat\n" + b"usa\tparis\n" + b"\x00" * 50_000
    r = runner.invoke(app, ["status", "--batch", "-", "-f", "jsonl"], input=data)
    assert r.exit_code == 5 and isinstance(r.exception, SystemExit)
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [rec["line"] for rec in records] == [1, 2, 3, 4]
    assert records[0]["state"]["id"] == "RUS" and records[2]["state"]["id"] == "USA"
    assert records[1]["error"] == records[3]["error"] == f"line longer than {4096} bytes"
    assert records[1]["exit_code"] == 2
    assert "2 line(s) failed" in r.stderr


def test_an_empty_batch_still_has_its_header(runner: CliRunner) -> None:
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        r = runner.invoke(app, ["status", "--batch", "-", "-f", fmt], input=b"")
        assert r.exit_code == 0
        assert r.stdout.splitlines() == [
            sep.join(
                [
                    "line",
                    "state_id",
                    "state",
                    "treaty_id",
                    "treaty",
                    "on",
                    "status",
                    "bound",
                    "since",
                    "as_of",
                    "current",
                    "contested",
                    "last_known_status",
                    "last_known_as_of",
                    "in_force_on",
                    "notified_on",
                    "effective_on",
                    "effective_basis",
                    "earliest_effective_on",
                    "data_as_of",
                    "error",
                ]
            )
        ]


def test_the_per_database_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dbmod, "CACHE_SIZE", 3)
    calls: list[int] = []

    @dbmod.cached
    def double(db: Database, n: int) -> int:
        calls.append(n)
        return 2 * n

    with Database(SHIPPED_DB) as db:
        for n in (1, 2, 3, 1, 4):  # 1 is used again, so 2 is the least recently used
            assert double(db, n) == 2 * n
        assert list(db.cache[double.__qualname__]) == [(3,), (1,), (4,)]
        double(db, 1)
        double(db, 2)
    assert calls == [1, 2, 3, 4, 2]


# --- 4. a hostile database cannot hang a command ----------------------------------------------
ENDLESS = (
    "ALTER TABLE treaties RENAME TO treaties_real",
    "CREATE VIEW treaties AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
    "SELECT t.* FROM n, treaties_real t WHERE n.i < 0",
)


@pytest.mark.parametrize("args", [["info"], ["status", "russia", "cpt"], ["obligations", "ecpt"]])
def test_an_endless_view_is_stopped(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    copy = altered(tmp_path, *ENDLESS)
    monkeypatch.setenv("TREATY_QUERY_TIMEOUT", "0.3")
    line = assert_error(invoke(runner, *args, "--db", str(copy)), 4)
    assert "took longer than 0.3 s" in line and "TREATY_QUERY_TIMEOUT" in line


def test_an_endless_view_is_stopped_in_a_real_process(tmp_path: Path) -> None:
    copy = altered(tmp_path, *ENDLESS)
    r = _treaty("info", "--db", str(copy), env={"TREATY_QUERY_TIMEOUT": "0.5"})
    assert_error(r, 4, says="took longer than 0.5 s")


def test_a_read_returning_too_many_rows_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dbmod, "MAX_ROWS", 10)
    with Database(SHIPPED_DB) as db, pytest.raises(DatabaseError, match="more than 10 rows"):
        db.rows("SELECT id FROM states")


# --- 5. every connection closed ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["status", "russia", "cpt", "-f", "json"], 0),
        (["status", "france", "ecpt", "--is", "withdrawn"], 5),
        (["status", "rusia", "cpt"], 1),
        (["events", "--since", "2025-01-01", "-f", "csv"], 0),
        (["search", "zzzz"], 1),
        (["status", "--batch", "-"], 0),
    ],
)
def test_every_command_closes_its_database(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int
) -> None:
    opened: list[Database] = []
    real: Callable[..., Database] = dbmod.open_database

    def spy(*a: Any, **kw: Any) -> Database:
        opened.append(real(*a, **kw))
        return opened[-1]

    monkeypatch.setattr(dbmod, "open_database", spy)
    r = runner.invoke(app, args, input=b"russia\tcpt\n")
    assert r.exit_code == code, r.stderr
    assert len(opened) == 1
    with pytest.raises(sqlite3.ProgrammingError):
        opened[0].conn.execute("SELECT 1")  # closed


# --- 6. headers, empty results, the default format ---------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_empty_results_still_have_a_header(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    tid, _ = ids("ecpt")
    copy = altered(
        tmp_path,
        f"DELETE FROM obligations WHERE treaty_id = '{tid}'",
        f"DELETE FROM actions WHERE treaty_id = '{tid}'",
        f"DELETE FROM participants WHERE treaty_id = '{tid}'",
        f"DELETE FROM coverage WHERE treaty_id = '{tid}'",
    )
    sep = "," if fmt == "csv" else "\t"
    cases = {
        ("parties", "ecpt", "--status", "terminated"): PARTIES_COLUMNS,
        ("events", "--since", "9999-12-31"): [f.name for f in dataclasses.fields(events_answer.Event)],
        ("obligations", "ecpt"): ("treaty_id", "article", "summary"),
        ("panel", "ecpt", "--from", "2000", "--to", "2001"): (
            "state_id",
            "state",
            "treaty_id",
            "year",
            "status",
            "bound",
            "acts",
        ),
    }
    for args, columns in cases.items():
        r = invoke(runner, *args, "--db", str(copy), "-f", fmt)
        assert r.exit_code == 0, (args, r.stderr)
        assert r.stdout.splitlines() == [sep.join(columns)], args


def test_declared_columns_are_the_rows_keys() -> None:
    with Database(SHIPPED_DB) as db:
        assert tuple(status_row(status_of(db, "russia", "cpt"))) == STATUS_COLUMNS
        assert tuple(parties_rows(parties_answer.parties(db, "ottawa", None, None))[0]) == PARTIES_COLUMNS
        from treatycli.answers import catalog

        assert tuple(search_rows(catalog.search(db, "torture"))[0]) == SEARCH_COLUMNS


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["status", "russia", "cpt"], "\t".join(STATUS_COLUMNS)),
        (["parties", "ottawa"], "\t".join(PARTIES_COLUMNS)),
        (["state", "russia", "--subject", "torture"], "\t".join(PROFILE_COLUMNS)),
        (
            ["panel", "cat", "--from", "2000", "--to", "2001"],
            "state_id\tstate\ttreaty_id\tyear\tstatus\tbound\tacts",
        ),
        (
            ["status", "--batch", "-"],
            "line\tstate_id\tstate\ttreaty_id\ttreaty\ton\tstatus\tbound\tsince\tas_of",
        ),
        (["search", "torture"], "\t".join(SEARCH_COLUMNS)),
    ],
)
def test_the_default_format_when_piped_is_tsv(runner: CliRunner, args: list[str], first: str) -> None:
    r = runner.invoke(app, args, input=b"russia\tcpt\n")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[0].startswith(first)
    assert list(csv.reader(io.StringIO(r.stdout), delimiter="\t"))[1]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_the_default_format_on_a_terminal_is_a_table() -> None:
    main, secondary = os.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "treatycli", "status", "russia", "cpt"],
        stdout=secondary,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1"},
    ) as proc:
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the terminal's other side closed
                break
            if not chunk:
                break
            shown += chunk
        proc.wait(timeout=120)
    os.close(main)
    assert proc.returncode == 0
    assert b"timeline" in shown and b"bound:" in shown and b"state_id\t" not in shown


@pytest.mark.parametrize(
    ("sql", "says"),
    [
        ("UPDATE meta SET value = '0' WHERE key = 'schema_version'", "schema version '0'"),
        ("DROP TABLE meta", "is not a readable treaty database"),
    ],
)
def test_a_database_that_fails_to_open_is_closed(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str, says: str
) -> None:
    copy = altered(tmp_path, sql)
    closed: list[bool] = []
    real_close = sqlite3.Connection.close

    class Tracked(sqlite3.Connection):
        def close(self) -> None:
            closed.append(True)
            real_close(self)

    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **kw: real_connect(*a, **kw, factory=Tracked))
    assert_error(invoke(runner, "info", "--db", str(copy)), 4, says=says)
    assert closed == [True]
