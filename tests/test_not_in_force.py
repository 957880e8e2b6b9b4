"""A treaty a source records as not in force binds none of its ratifiers: they are
``ratified_not_in_force``, with that source and its date. The depositary pages and bulk sources give
this date already (tests/test_facts.py); here, the curated ``*.treaties.csv`` field that lets a data
pass record it for a treaty whose page says "Not yet in force", on a copy of the real sources."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from treatycli.answers.status import status_of
from treatycli.dataset.compile import BuildError, build_database
from treatycli.db import Database
from treatycli.enums import Bound, Status

from .conftest import ROOT, run_json

SRC = ROOT / "data" / "sources"
HEADER = "treaty,field,value,source_url,note\n"
PAGE = "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=III-13&chapter=3&clang=_en"


def _build(tmp_path: Path, rows: str) -> Path:
    src = tmp_path / "sources"
    shutil.copytree(SRC, src)
    # the probe is the only word on III-13's force: rows the real data holds for it are set aside
    for other in (src / "curated").glob("*.treaties.csv"):
        lines = other.read_text(encoding="utf-8").splitlines(keepends=True)
        other.write_text("".join(x for x in lines if not x.startswith("un-iii-13,")), encoding="utf-8")
    (src / "curated" / "probe.treaties.csv").write_text(HEADER + rows, encoding="utf-8")
    out = tmp_path / "t.sqlite"
    build_database(src, out)
    return out


def test_a_curated_not_in_force_date_makes_consent_bind_nobody(tmp_path: Path) -> None:
    db_path = _build(tmp_path, f"un-iii-13,not_in_force_as_of,2026-02-03,{PAGE},probe\n")
    with Database(db_path) as db:
        before = status_of(db, "france", "un-iii-13", date(2026, 1, 1))
        after = status_of(db, "france", "un-iii-13", date(2026, 11, 26))
    # France's consent in the UN's 2015 table: dated, never placed in force
    assert (before.derivation.status, before.derivation.bound) == (Status.RATIFIED_NOT_IN_FORCE, Bound.NO)
    assert before.derivation.since == "2011-08-12"
    assert before.derivation.notes[0] == f"the treaty itself was not in force as of 2026-02-03 ({PAGE})"
    assert after.derivation.status is Status.RATIFIED_NOT_IN_FORCE
    assert after.derivation.notes[0].endswith("its entry into force after that date is not in our data")


def test_without_the_field_the_same_consent_is_party(tmp_path: Path) -> None:
    with Database(_build(tmp_path, "")) as db:
        assert status_of(db, "france", "un-iii-13", date(2026, 1, 1)).derivation.status is Status.PARTY


@pytest.mark.parametrize(
    ("row", "says"),
    [  # a month is not a date; a fact needs its page
        (
            f"un-iii-13,not_in_force_as_of,2026-02,{PAGE},n\n",
            r"not_in_force_as_of '2026-02' is not YYYY-MM-DD",
        ),
        ("un-iii-13,not_in_force_as_of,2026-02-03,,n\n", "a row without a source URL"),
    ],
)
def test_a_bad_not_in_force_row_stops_the_build(tmp_path: Path, row: str, says: str) -> None:
    with pytest.raises(BuildError, match=says):
        _build(tmp_path, row)


def test_the_shipped_data_holds_un_treaties_never_in_force(runner: CliRunner) -> None:
    # III-13 (State immunities, 2004): 22 of the 30 instruments Art. 30 requires, April 2019 (UN Office
    # of Legal Affairs); France ratified it in 2011 and is bound by nothing
    d = run_json(runner, "status", "france", "un-iii-13", "--on", "2019-04-01")
    assert (d["status"], d["bound"]) == ("ratified_not_in_force", "no")
    # a ratifier of a UN treaty that did enter into force: party from the treaty's own date onward
    vienna = run_json(runner, "status", "germany", "XXVII-2", "--on", "1990-01-01")
    assert (vienna["status"], vienna["bound"]) == ("party", "yes")
    assert run_json(runner, "obligations", "XXVII-2")["treaty"]["entry_into_force_on"] == "1988-09-22"
