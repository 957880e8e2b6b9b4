"""What people read, checked as they read it: screens rendered at 80 and 120 columns and compared
with files under tests/golden/. After a deliberate change, regenerate them with
``TREATY_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff before committing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from treatycli.cli import app

GOLDEN = Path(__file__).parent / "golden"
SCREENS = {
    "status-russia-cpt": ["status", "russia", "cpt", "--on", "2026-11-26"],
    "status-denmark-cat": ["status", "denmark", "cat", "--on", "2026-02-03"],
    "parties-new-start": ["parties", "new-start", "--on", "2026-11-26"],
    "state-russia-torture": ["state", "russia", "--subject", "torture", "--on", "2026-02-03"],
    "obligations-ecpt": ["obligations", "ecpt"],
    "status-france-ctbt": ["status", "france", "ctbt", "--on", "2026-02-03"],
    # a 2015-only UN table: the treaty's own entry into force is not in our data, and the headline says so
    "status-france-vcdr": ["status", "france", "III-3", "--on", "2026-11-26"],
    "withdrawal-usa-unesco": ["withdrawal", "usa", "unesco", "--notified", "2026-11-26"],
    "help-status": ["status", "--help"],
}


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen(name: str, width: int) -> None:
    args = SCREENS[name]
    fmt = [] if "--help" in args else ["--format", "table"]
    result = CliRunner().invoke(app, [*args, *fmt], env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    text = "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"
    # what people read fits the terminal: no line is wider than the width asked for, URLs aside
    assert all(len(line) <= width or "http" in line for line in text.splitlines()), name
    path = GOLDEN / f"{name}-{width}.txt"
    if os.environ.get("TREATY_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with TREATY_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")
