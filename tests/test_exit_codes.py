"""Exit codes are a contract (DESIGN.md section 4): each one, and its one-line message."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from .conftest import SHIPPED_DB, assert_error, invoke


def test_0_answered(runner: CliRunner) -> None:
    assert invoke(runner, "status", "russia", "cpt", "--on", "2026-11-26").exit_code == 0


def test_1_unknown_state_with_suggestions(runner: CliRunner) -> None:
    r = invoke(runner, "status", "rusia", "cpt")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1
    assert "unknown state 'rusia'" in r.stderr and "Russia" in r.stderr


def test_1_unknown_treaty(runner: CliRunner) -> None:
    r = invoke(runner, "status", "russia", "zzzqqq")
    assert r.exit_code == 1 and "unknown treaty" in r.stderr


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ["status", "burkina", "faso", "icc"],
            'quote a name with spaces, e.g. treaty status "burkina faso" icc',
        ),
        (["status", "russia", "cpt", "--nope"], "No such option: --nope"),
        (["status", "", "", ""], "Got unexpected extra argument(s) ()"),  # found by test_robustness
        (["statu", "russia", "cpt"], "No such command 'statu'. Did you mean 'status', 'state'?"),
        (["parties", "echr", "--format", "xml"], "Invalid value for '--format' / '-f'"),
    ],
)
def test_2_usage_errors_are_one_line(runner: CliRunner, args: list[str], says: str) -> None:
    line = assert_error(invoke(runner, *args), 2, says=says)
    assert "╭" not in line and "Usage:" not in line


def test_no_arguments_shows_the_help(runner: CliRunner) -> None:
    r = invoke(runner)
    assert r.exit_code == 2 and "Usage: treaty" in r.stdout + r.stderr and "treaty: error" not in r.stderr


def test_2_malformed_date(runner: CliRunner) -> None:
    r = invoke(runner, "status", "russia", "cpt", "--on", "2026-13-40")
    assert r.exit_code == 2 and "invalid date" in r.stderr


def test_3_ambiguous_with_candidates(runner: CliRunner) -> None:
    r = invoke(runner, "status", "korea", "cat")
    assert r.exit_code == 3
    assert "KOR" in r.stderr and "PRK" in r.stderr


def test_4_missing_database_creates_nothing(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "nope.sqlite"
    r = invoke(runner, "status", "russia", "cpt", "--db", str(target))
    assert r.exit_code == 4
    assert not target.exists()


def test_4_not_a_treaty_database(runner: CliRunner, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.close()
    assert invoke(runner, "info", "--db", str(other)).exit_code == 4
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    assert invoke(runner, "info", "--db", str(junk)).exit_code == 4
    assert invoke(runner, "info", "--db", str(tmp_path)).exit_code == 4


def test_4_truncated_database(runner: CliRunner, tmp_path: Path) -> None:
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(SHIPPED_DB.read_bytes()[:50_000])
    r = invoke(runner, "status", "russia", "cpt", "--db", str(cut))
    assert r.exit_code == 4, r.stdout + r.stderr


def test_4_wrong_schema_version(runner: CliRunner, tmp_path: Path) -> None:
    copy = tmp_path / "old.sqlite"
    shutil.copy(SHIPPED_DB, copy)
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
        conn.commit()
    r = invoke(runner, "info", "--db", str(copy))
    assert r.exit_code == 4 and "schema version" in r.stderr


def test_5_predicate(runner: CliRunner) -> None:
    ok = invoke(runner, "status", "france", "ecpt", "--is", "party", "--on", "2026-11-26")
    assert ok.exit_code == 0 and ok.stdout == ""
    no = invoke(runner, "status", "russia", "echr", "--is", "party", "--on", "2026-11-26")
    assert no.exit_code == 5 and no.stdout == ""


def test_quiet_prints_only_the_status_word(runner: CliRunner) -> None:
    r = invoke(runner, "status", "russia", "echr", "-q", "--on", "2026-11-26")
    assert r.stdout == "withdrawn\n"


@pytest.mark.parametrize(
    "args",
    [
        ["status", "", "cpt"],
        ["status", "x" * 10_000, "cpt"],
        ["status", "russia", "'; DROP TABLE actions; --"],
        ["status", "russia\x07\x1b[31m", "cpt"],
        ["search", '"*) OR 1=1 --'],
        ["search", "NEAR(a b)"],
        ["parties", "%"],
        ["withdrawal", "cpt", "--notified", "x" * 10_000],
        ["obligations", "\u0000"],
    ],
)
def test_hostile_input_is_a_clean_error(runner: CliRunner, args: list[str]) -> None:
    r = invoke(runner, *args)
    assert r.exit_code in ((0, 1, 2, 3) if args[0] == "search" else (1, 2, 3))
    assert "Traceback" not in r.stderr + r.stdout
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert len(r.stderr) < 1000


def test_database_is_never_modified(runner: CliRunner) -> None:
    before = hashlib.sha256(SHIPPED_DB.read_bytes()).hexdigest()
    for args in (
        ["status", "russia", "cpt"],
        ["parties", "cat", "-f", "csv"],
        ["info"],
        ["search", "torture"],
        ["obligations", "ecpt"],
        ["withdrawal", "ecpt", "russia"],
    ):
        invoke(runner, *args)
    assert hashlib.sha256(SHIPPED_DB.read_bytes()).hexdigest() == before
