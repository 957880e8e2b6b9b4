"""Never a traceback, never a write: the resolver and every command under arbitrary input."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from treatycli.db import Database
from treatycli.errors import TreatyError
from treatycli.resolve import resolve_state, resolve_treaty

from .conftest import SHIPPED_DB, invoke


@pytest.fixture(scope="session", autouse=True)
def shipped_database_is_never_modified() -> Iterator[None]:
    """Hash the bundled database before and after the whole test session."""
    before = hashlib.sha256(SHIPPED_DB.read_bytes()).hexdigest()
    yield
    assert hashlib.sha256(SHIPPED_DB.read_bytes()).hexdigest() == before


@pytest.fixture(scope="module")
def db() -> Iterator[Database]:
    database = Database(SHIPPED_DB)
    yield database
    database.close()


texts = st.one_of(
    st.text(max_size=400),
    st.sampled_from(["'", '"', "%", "_", "*", "NEAR", "OR 1=1", "--", ";", "\x00", "\u202e", "ü", "ß", " "]),
    st.binary(max_size=200).map(lambda b: b.decode("utf-8", "replace")),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(texts)
def test_resolvers_give_a_result_or_a_domain_error(db: Database, text: str) -> None:
    for resolve in (resolve_state, resolve_treaty):
        try:
            found = resolve(db, text)
        except TreatyError as exc:
            assert "\n" not in str(exc)
        else:
            assert found.id


COMMANDS: list[list[str]] = [
    ["status", "{x}", "cpt"],
    ["status", "russia", "{x}"],
    ["status", "russia", "cpt", "--on", "{x}"],
    ["parties", "{x}"],
    ["parties", "cat", "--status", "{x}"],
    ["search", "{x}"],
    ["obligations", "{x}"],
    ["withdrawal", "{x}"],
    ["withdrawal", "cpt", "{x}"],
    ["withdrawal", "cpt", "--notified", "{x}"],
    ["events", "--since", "{x}"],
    ["events", "--kind", "{x}"],
    ["events", "--state", "{x}"],
    ["state", "{x}"],
    ["state", "russia", "--subject", "{x}"],
    ["compare", "{x}", "france"],
    ["panel", "{x}", "--from", "2000", "--to", "2001"],
    ["update", "--treaty", "{x}", "--dry-run"],
    ["info", "--format", "{x}"],
]
HOSTILE = [
    "",
    " ",
    "x" * 100_000,
    "\x01\x02\x1b[31m",
    "'; DROP TABLE actions; --",
    '"*) OR 1=1',
    "%%_%",
    "NEAR(a b)",
    "../../etc/passwd",
    "\u202eabc",
    "Ｒｕｓｓｉａ",
    "-1",
    "9999-99-99",
    "--help",
]


@pytest.mark.parametrize("template", COMMANDS, ids=lambda t: " ".join(t))
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_cli_fuzz(
    runner: CliRunner, template: list[str], value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TREATY_UNTC_BASE", "http://127.0.0.1:9")  # update must never reach out
    args = [a.replace("{x}", value) for a in template]
    r = invoke(runner, *args)
    assert r.exit_code in (0, 1, 2, 3, 5, 6), (args[:3], r.exit_code, r.stderr[-300:])
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.stdout + r.stderr
    if r.exit_code not in (0, 5) and value != "--help":
        assert r.stderr.strip(), args[:3]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.lists(st.text(max_size=50), min_size=1, max_size=3))
def test_cli_random_arguments(runner: CliRunner, words: list[str]) -> None:
    r = invoke(runner, "status", *words)
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert "Traceback" not in r.stdout + r.stderr


_SALAD = ["", " ", "russia", "cpt", "ecpt", "north", "korea", "x", "-", "--on"]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    st.sampled_from(["status", "withdrawal", "parties", "state", "compare", "obligations"]),
    st.lists(st.sampled_from(_SALAD), max_size=5),
)
def test_commands_with_plausible_word_salad(runner: CliRunner, command: str, words: list[str]) -> None:
    # names in either order, names split by the shell, empty words: an answer or one error line
    r = invoke(runner, command, *words)
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.stdout + r.stderr
    if r.exit_code not in (0, 5):
        assert r.stderr.strip().splitlines()[-1].startswith("treaty: error: ") or "Usage:" in r.stdout


def test_batch_with_invalid_utf8_and_garbage(runner: CliRunner) -> None:
    from treatycli.cli import app

    data = b"\xff\xfe\xfd\n\x00\x00\tcat\n" + b"a\tb\tc\td\n" * 3 + b"russia\tcpt\n"
    r = runner.invoke(app, ["status", "--batch", "-", "--format", "csv"], input=data)
    assert r.exit_code == 5
    assert "Traceback" not in r.stdout + r.stderr
    assert r.stdout.splitlines()[-1].split(",")[1] == "RUS"


def test_read_only_database_file(runner: CliRunner, tmp_path: Path) -> None:
    copy = tmp_path / "ro.sqlite"
    shutil.copy(SHIPPED_DB, copy)
    os.chmod(copy, stat.S_IRUSR)
    os.chmod(tmp_path, stat.S_IRUSR | stat.S_IXUSR)
    try:
        r = invoke(runner, "status", "russia", "cpt", "--db", str(copy), "-q")
        assert r.exit_code == 0 and r.stdout.strip()
    finally:
        os.chmod(tmp_path, stat.S_IRWXU)
        os.chmod(copy, stat.S_IRUSR | stat.S_IWUSR)
