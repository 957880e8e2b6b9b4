"""The committed database is exactly what the build makes from the committed text sources."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from treatycli.dataset.compile import build_database, iter_dump, sources_hash
from treatycli.db import SCHEMA_VERSION

from .conftest import ROOT, SHARED, SHIPPED_DB, need_shared

SRC = ROOT / "data" / "sources"


def test_committed_database_matches_its_sources(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.sqlite"
    build_database(SRC, fresh)
    assert list(iter_dump(fresh)) == list(iter_dump(SHIPPED_DB))


def test_meta_records_sources_and_schema() -> None:
    with closing(sqlite3.connect(SHIPPED_DB)) as conn:
        meta = dict(conn.execute("SELECT key, value FROM meta"))
    assert meta["schema_version"] == SCHEMA_VERSION == "3"
    assert meta["built_from"] == sources_hash(SRC)
    assert meta["data_as_of"] >= "2026-01-01"


def test_counts() -> None:
    with closing(sqlite3.connect(SHIPPED_DB)) as conn:
        n = dict(conn.execute("SELECT family, count(*) FROM treaties GROUP BY family"))
        mtdsg = conn.execute("SELECT count(*) FROM treaties WHERE source_id = 'untc-mtdsg-2015'").fetchone()[
            0
        ]
        coe = conn.execute(
            "SELECT count(*) FROM treaties WHERE source_id = 'coe-treaty-index-2026-05'"
        ).fetchone()[0]
        rows = conn.execute(
            "SELECT count(*) FROM participants WHERE source_id = 'untc-mtdsg-2015'"
        ).fetchone()[0]
    assert mtdsg == 401 and coe == 232 and rows == 23757
    assert n["un"] >= 401 and n["coe"] == 232


def test_import_is_reproducible(tmp_path: Path) -> None:
    need_shared(SHARED)
    out = tmp_path / "sources"
    (out).mkdir()
    (out / "states_manual.csv").write_bytes((SRC / "states_manual.csv").read_bytes())
    from treatycli.dataset.importers import import_all

    counts = import_all(SHARED, out)
    assert counts["untc treaties"] == 401 and counts["coe treaties"] == 232
    for rel in (
        "untc/treaties.csv",
        "untc/actions.csv",
        "untc/texts.csv",
        "coe/treaties.csv",
        "states.csv",
        "state_aliases.csv",
    ):
        assert (out / rel).read_bytes() == (SRC / rel).read_bytes(), rel


def test_cli_start_does_not_import_the_build_or_sqlite_utils() -> None:
    code = (
        "import sys, treatycli.cli; "
        "bad = [m for m in sys.modules if m.startswith(('sqlite_utils', 'treatycli.dataset', 'pycountry'))]; "
        "print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
    assert "sqlite_utils" not in out.stderr


def test_every_source_row_is_one_action() -> None:
    # each folder's rows become actions once: a loop that read a folder twice (or once per treaty)
    # would multiply them without any other test noticing
    import csv

    with closing(sqlite3.connect(SHIPPED_DB)) as conn:
        by_origin = dict(conn.execute("SELECT origin, count(*) FROM actions GROUP BY origin"))
    for folder in ("wipo", "ieadb"):
        with (SRC / folder / "actions.csv").open(encoding="utf-8", newline="") as fh:
            assert by_origin[folder] == sum(1 for _ in csv.DictReader(fh)), folder
    with (SRC / "untc_live" / "actions.csv").open(encoding="utf-8", newline="") as fh:
        assert by_origin["untc-live"] == sum(1 for _ in csv.DictReader(fh))


def test_a_complete_list_has_rows_to_deny_with() -> None:
    # a list marked complete denies membership to everyone it does not name; a treaty with no row in
    # it (the 2015 UN pages of expired commodity agreements, the GATT, the Statute of the Court had no
    # participant table) is no list at all, and must not say "not a party" to every state
    with closing(sqlite3.connect(SHIPPED_DB)) as conn:
        empty = [
            tid
            for (tid,) in conn.execute(
                "SELECT c.treaty_id FROM coverage c WHERE c.coverage = 'complete' "
                "AND NOT EXISTS (SELECT 1 FROM participants p WHERE p.treaty_id = c.treaty_id) "
                "AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.treaty_id = c.treaty_id)"
            )
        ]
        untabled = conn.execute(
            "SELECT count(*) FROM coverage "
            "WHERE note LIKE '%2015 status page for it has no participant table%'"
        ).fetchone()[0]
    assert empty == []
    assert untabled == 77  # of the 401 treaties in the 2015 snapshot's index, 324 had a table
