"""A source that states one state's whole standing toward a treaty (``*.state_coverage.csv``) lets the
answer say ``not_party`` or ``signatory`` up to that source's date, even where the treaty's participant
list is partial; after that date the honesty rules answer ``unknown`` again."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from treatycli.answers.parties import parties
from treatycli.answers.status import status_of
from treatycli.dataset.compile import BuildError, build_database
from treatycli.db import Database
from treatycli.enums import Bound, Status

from .conftest import ROOT

SRC = ROOT / "data" / "sources"
HEADER = "treaty,state,as_of,source_url,note,confidence\n"


def _build(tmp_path: Path, rows: str) -> Path:
    src = tmp_path / "sources"
    shutil.copytree(SRC, src)
    for old in (src / "curated").glob("*.state_coverage.csv"):
        old.unlink()  # only the rows this test writes
    (src / "curated" / "probe.state_coverage.csv").write_text(HEADER + rows, encoding="utf-8")
    out = tmp_path / "t.sqlite"
    build_database(src, out)
    return out


@pytest.fixture(scope="module")
def probe_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(
        tmp_path_factory.mktemp("sc"),
        "npt,IND,2026-05-01,https://disarmament.unoda.org/wmd/nuclear/npt/,"
        "India has neither signed nor ratified the Treaty.,verified\n"
        "icrc-ap1,USA,2026-01-01,https://ihl-databases.icrc.org/en/ihl-treaties/api-1977/state-parties,"
        '"Signed 1977, not ratified.",verified\n',
    )


def test_a_stated_non_party_is_not_party_up_to_the_statement(probe_db: Path) -> None:
    with Database(probe_db) as db:
        before = status_of(db, "india", "npt", date(2026, 4, 30)).derivation
        after = status_of(db, "india", "npt", date(2026, 5, 2)).derivation
        other = status_of(db, "pakistan", "npt", date(2026, 4, 30)).derivation
    assert (before.status, before.bound) == (Status.NOT_PARTY, Bound.NO)
    assert after.status is Status.UNKNOWN and after.last_known is not None
    assert (after.last_known.status, after.last_known.as_of) == (Status.NOT_PARTY, "2026-05-01")
    assert after.last_known.reason.startswith(
        "the statement of this state's standing (disarmament.unoda.org) is current only to 2026-05-01"
    )
    assert other.status is Status.UNKNOWN  # a statement about India says nothing about Pakistan


def test_a_stated_signatory_is_signatory_and_the_answer_names_the_source(probe_db: Path) -> None:
    with Database(probe_db) as db:
        result = status_of(db, "united states", "additional protocol i", date(2025, 12, 31))
    assert result.derivation.status is Status.SIGNATORY
    assert result.coverage is not None
    assert (result.coverage.coverage, result.coverage.as_of) == ("state", "2026-01-01")
    assert result.coverage.source == "ihl-databases.icrc.org"
    assert any("this state's own standing is stated by ihl-databases.icrc.org" in c for c in result.caveats)


def test_the_parties_list_uses_the_statement_for_that_state(probe_db: Path) -> None:
    with Database(probe_db) as db:
        rows = {r.state.id: r.derivation.status for r in parties(db, "ap i", date(2025, 12, 31)).rows}
    assert rows["USA"] is Status.SIGNATORY


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("npt,XXX,2026-05-01,https://a.example/,n,verified\n", "unknown state 'XXX'"),
        ("npt,IND,2026-05,https://a.example/,n,verified\n", "as_of '2026-05' is not YYYY-MM-DD"),
        ("npt,IND,2026-05-01,https://a.example/,n,unverified\n", "must be verified or corroborated"),
        ("nope,IND,2026-05-01,https://a.example/,n,verified\n", "unknown treaty 'nope'"),
        ("npt,IND,2026-05-01,https://a.example/,n,verified\n" * 2, "a second row for this treaty and state"),
    ],
)
def test_a_bad_statement_stops_the_build(tmp_path: Path, row: str, says: str) -> None:
    with pytest.raises(BuildError, match=says):
        _build(tmp_path, row)
