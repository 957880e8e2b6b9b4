"""Shared fixtures: the shipped database, and a CLI runner that points at it explicitly."""

from __future__ import annotations

import gc
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from treatycli.cli import app

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DB = ROOT / "data" / "treaties.sqlite"
SHARED = ROOT.parent / "shared" / "sources"  # the snapshots with provenance, beside the checkout


def need_shared(*paths: Path) -> None:
    """A test of the real snapshots in ``SHARED``: skipped on a machine without them, failed under CI
    (``.ci/run`` sets ``CI=1``), which must have them."""
    missing = [str(p) for p in paths if not p.exists()]
    if not missing:
        return
    message = f"the shared snapshots are not beside this checkout: {', '.join(missing)}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's own database or colour settings."""
    monkeypatch.setenv("TREATY_DB", str(SHIPPED_DB))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(autouse=True)
def _no_leaked_resources() -> Iterator[None]:
    """Collect garbage after each test, so an unclosed connection's ResourceWarning (an error under
    ``filterwarnings = error``; Python 3.13 warns for sqlite3) fails the test that leaked it."""
    yield
    gc.collect()


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


def run_json(runner: CliRunner, *args: str) -> Any:
    result = invoke(runner, *args, "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def assert_error(result: Any, code: int, *, says: str | None = None) -> str:
    """Every error the same way (DESIGN.md section 4): the exit code, nothing on stdout, and exactly
    one ``treaty: error:`` line on stderr, the last one, with no traceback. Takes a CliRunner result
    or a ``subprocess.CompletedProcess``; returns the error line."""
    if isinstance(result, subprocess.CompletedProcess):
        exit_code, stdout, stderr = result.returncode, result.stdout, result.stderr
        if isinstance(stdout, bytes):
            stdout, stderr = stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace")
    else:
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        exit_code, stdout, stderr = result.exit_code, result.stdout, result.stderr
    assert "Traceback" not in stdout + stderr, stderr
    assert (exit_code, stdout) == (code, ""), (exit_code, stdout[:300], stderr[-300:])
    lines = stderr.splitlines()
    errors: list[str] = [line for line in lines if line.startswith("treaty: error: ")]
    assert len(errors) == 1 and lines[-1] == errors[0], stderr
    if says is not None:
        assert says in errors[0], errors[0]
    return errors[0]
