"""Shared fixtures: the shipped database, and a CLI runner that points at it explicitly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from treatycli.cli import app

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DB = ROOT / "data" / "treaties.sqlite"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's own database or colour settings."""
    monkeypatch.setenv("TREATY_DB", str(SHIPPED_DB))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input)


def run_json(runner: CliRunner, *args: str) -> Any:
    result = invoke(runner, *args, "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)
