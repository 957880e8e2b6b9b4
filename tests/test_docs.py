"""Docs that check themselves: every command has help with a real example; README pipelines run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from treatycli.cli import _complete_state, _complete_treaty

from .conftest import ROOT, invoke

COMMANDS = [
    "status",
    "parties",
    "search",
    "info",
    "obligations",
    "withdrawal",
    "events",
    "state",
    "compare",
    "panel",
    "update",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    r = invoke(runner, command, "--help")
    assert r.exit_code == 0
    assert "Example: treaty " + command in " ".join(r.stdout.split())
    options = re.findall(r"--[a-z][a-z-]+", r.stdout)
    assert options, command


def test_top_level_help_shows_an_example(runner: CliRunner) -> None:
    assert "Example: treaty status russia cpt" in invoke(runner, "--help").stdout


def scripting_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Scripting", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("line", scripting_lines())
def test_readme_scripting_lines_run_as_printed(line: str) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    out = subprocess.run(
        ["bash", "-o", "pipefail", "-c", line], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.returncode in (0, 141), out.stderr  # 141: head closed the pipe early
    assert out.stdout.strip(), line


def test_completion_candidates_come_from_the_database() -> None:
    assert "ecpt" in _complete_treaty("ec")
    assert "Russia" in _complete_state("rus")
    assert _complete_state("\x00zz") == []
