"""The names people type (issue 14, item 3): through the real CLI, against a database compiled
from ``data/sources`` for this session (never the shipped file, which may lag the sources)."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from treatycli import resolve
from treatycli.cli import app
from treatycli.dataset.compile import build_database
from treatycli.db import Database
from treatycli.errors import AmbiguousName, UnknownTreaty

from .conftest import ROOT

SRC = ROOT / "data" / "sources"


@pytest.fixture(scope="session")
def names_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("names") / "names.sqlite"
    build_database(SRC, out)
    return out


def _run(runner: CliRunner, db: Path, *args: str) -> Result:
    return runner.invoke(app, list(args), env={"TREATY_DB": str(db), "NO_COLOR": "1"})


def _status(runner: CliRunner, db: Path, state: str, treaty: str) -> dict[str, dict[str, str]]:
    r = _run(runner, db, "status", state, treaty, "-f", "json")
    assert r.exit_code == 0, f"{state!r} / {treaty!r}: exit {r.exit_code}: {r.stderr}"
    data: dict[str, dict[str, str]] = json.loads(r.stdout)
    return data


TREATY_NAMES = [
    # UN MTDSG numbers, however typed
    ("XXVI-9", "un-xxvi-9"),
    ("xxvi-9", "un-xxvi-9"),
    ("mtdsg xxvi-9", "un-xxvi-9"),
    ("MTDSG XXVI-9", "un-xxvi-9"),
    ("un-xxvi-9", "un-xxvi-9"),
    ("IV-9", "un-iv-9"),
    ("iv-9", "un-iv-9"),
    ("XXVII-7-a", "un-xxvii-7-a"),
    ("I-1", "un-i-1"),
    # acronyms and short titles
    ("unccd", "un-xxvii-10"),
    ("international criminal court", "un-xviii-10"),
    ("icc", "un-xviii-10"),
    ("ottawa treaty", "un-xxvi-5"),
    ("mine ban treaty", "un-xxvi-5"),
    ("rights of the child", "un-iv-11"),
    ("convention on the rights of the child", "un-iv-11"),
    ("un charter", "un-i-1"),
    ("UN Charter", "un-i-1"),
    ("violence against women", "coe-210"),
    ("cedaw", "un-iv-8"),
    ("racial discrimination", "un-iv-2"),
    ("nuclear test ban", "un-xxvi-4"),
    ("aarhus", "un-xxvii-13"),
    ("unfccc", "un-xxvii-7"),
    ("cbd", "un-xxvii-8"),
    ("unclos", "un-xxi-6"),
    ("vclt", "un-xxiii-1"),
    ("vcdr", "un-iii-3"),
    ("uncac", "un-xviii-14"),
    ("untoc", "un-xviii-12"),
    ("cwc", "un-xxvi-3"),
    ("bbnj", "un-xxi-10"),
    ("migrant workers convention", "un-iv-13"),
    # protocols by the names people give them
    ("ECHR Protocol No. 13", "coe-187"),
    ("protocol 13 echr", "coe-187"),
    ("protocol 6 echr", "coe-114"),
    ("protocol no. 6", "coe-114"),
    ("ECHR Protocol No. 6", "coe-114"),
    ("second optional protocol iccpr", "un-iv-12"),
    ("opcat", "un-iv-9-b"),
    ("budapest second additional protocol", "coe-224"),
    ("convention 108+", "coe-223"),
    ("Convention 108+", "coe-223"),
    ("convention 108", "coe-108"),
    # the minimum prefix is 4 characters: 'tort' is a prefix of 'torture convention'
    ("tort", "un-iv-9"),
]

# Treaties other files bring in (ids of theirs): these names must resolve, whatever the id.
NAMES_OF_OTHER_SOURCES = [
    ("npt", "Non-Proliferation"),
    ("bwc", "Biological"),
    ("gc iv", "Civilian Persons"),
    ("ap i", "Protection of Victims of International Armed Conflicts"),
    ("additional protocol iii", "Additional Distinctive Emblem"),
    ("wipo", "World Intellectual Property Organization"),
    ("berne", "Berne Convention"),
    ("cites", "Endangered Species"),
]


@pytest.mark.parametrize(("name", "tid"), TREATY_NAMES)
def test_treaty_names(runner: CliRunner, names_db: Path, name: str, tid: str) -> None:
    assert _status(runner, names_db, "france", name)["treaty"]["id"] == tid


@pytest.mark.parametrize(("name", "title_words"), NAMES_OF_OTHER_SOURCES)
def test_treaty_names_of_other_sources(
    runner: CliRunner, names_db: Path, name: str, title_words: str
) -> None:
    assert title_words.casefold() in _status(runner, names_db, "france", name)["treaty"]["title"].casefold()


def test_every_mtdsg_number_resolves(names_db: Path) -> None:
    with closing(sqlite3.connect(names_db)) as conn:
        rows = conn.execute("SELECT id, series FROM treaties WHERE id LIKE 'un-%'").fetchall()
    assert len(rows) > 400
    db = Database(names_db)
    try:
        for tid, series in rows:
            number = series.removeprefix("MTDSG ")
            for text in (number, number.lower(), f"mtdsg {number}", tid):
                assert resolve.resolve_treaty(db, text).id == tid, text
    finally:
        db.close()


STATE_NAMES = [
    ("drc", "COD"),
    ("DRC", "COD"),
    ("democratic republic of congo", "COD"),
    ("Democratic Republic of the Congo", "COD"),
    ("dr congo", "COD"),
    ("republic of the congo", "COG"),
    ("congo brazzaville", "COG"),
    ("uae", "ARE"),
    ("UAE", "ARE"),
    ("west germany", "DEU"),  # the Federal Republic, before 1990 as after: never the GDR
    ("West Germany", "DEU"),
    ("frg", "DEU"),
    ("east germany", "DDR"),
    ("gdr", "DDR"),
    ("burma", "MMR"),
    ("ivory coast", "CIV"),
    ("Côte d'Ivoire", "CIV"),
    ("cote divoire", "CIV"),
    ("cote d'ivoire", "CIV"),
    ("Türkiye", "TUR"),
    ("turkey", "TUR"),
    ("russia", "RUS"),
    ("ussr", "SUN"),
    ("usa", "USA"),
    ("united states", "USA"),
    ("guinea", "GIN"),
    ("china", "CHN"),
]


@pytest.mark.parametrize(("name", "sid"), STATE_NAMES)
def test_state_names(runner: CliRunner, names_db: Path, name: str, sid: str) -> None:
    assert _status(runner, names_db, name, "cat")["state"]["id"] == sid


@pytest.mark.parametrize("name", ["congo", "Congo", "korea"])
def test_ambiguous_states_exit_3_with_candidates(runner: CliRunner, names_db: Path, name: str) -> None:
    r = _run(runner, names_db, "status", name, "cat")
    assert r.exit_code == 3
    assert r.stdout == ""
    expected = ("COD", "COG") if name.lower() == "congo" else ("KOR", "PRK")
    assert all(sid in r.stderr for sid in expected), r.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("children's rights", ("coe-160", "un-iv-11")),
        ("Children's Rights", ("coe-160", "un-iv-11")),
        ("migrant workers", ("coe-093", "un-iv-13")),
        ("abolition of death penalty", ("coe-114", "coe-187", "un-iv-12")),
    ],
)
def test_title_words_of_two_treaties_are_ambiguous(
    runner: CliRunner, names_db: Path, name: str, expected: tuple[str, ...]
) -> None:
    r = _run(runner, names_db, "status", "france", name)
    assert r.exit_code == 3, r.stdout
    assert all(tid in r.stderr for tid in expected), r.stderr


def test_a_revision_or_protocol_does_not_make_its_treaty_ambiguous(runner: CliRunner, names_db: Path) -> None:
    # the Revised Social Charter (ETS 163) and the protocols of ETS 35 all carry its title
    assert _status(runner, names_db, "france", "social charter")["treaty"]["id"] == "coe-035"
    assert (
        _status(runner, names_db, "france", "european convention on human rights")["treaty"]["id"]
        == "coe-005"
    )


@pytest.mark.parametrize("name", ["tor", "con", "tr"])
def test_no_prefix_lookup_under_4_characters(runner: CliRunner, names_db: Path, name: str) -> None:
    # 'tor' is the start of 'torture convention' (CAT): with a shorter minimum it would resolve
    r = _run(runner, names_db, "status", "france", name)
    assert r.exit_code == 1, r.stdout
    assert f"unknown treaty '{name}'" in r.stderr


def test_minimum_prefix_is_4(names_db: Path) -> None:
    db = Database(names_db)
    try:
        assert resolve.resolve_treaty(db, "tort").id == "un-iv-9"
        with pytest.raises(UnknownTreaty):
            resolve.resolve_treaty(db, "tor")
    finally:
        db.close()


@pytest.mark.parametrize(("what", "args"), [("state", ["narnia", "cat"]), ("treaty", ["france", "narnia"])])
def test_nothing_close_suggests_nothing(
    runner: CliRunner, names_db: Path, what: str, args: list[str]
) -> None:
    r = _run(runner, names_db, "status", *args)
    assert r.exit_code == 1
    assert r.stderr.strip() == f"treaty: error: unknown {what} 'narnia'"
    assert "did you mean" not in r.stderr and "Armenia" not in r.stderr


@pytest.mark.parametrize(
    ("args", "first"),
    [
        (["rusia", "cat"], "Russian Federation"),
        (["germny", "cat"], "Germany"),
        (["swizerland", "cat"], "Switzerland"),
        (["france", "icpr"], "iccpr"),
        (["france", "iccpt"], "iccpr"),
    ],
)
def test_suggestions_are_the_closest_names(
    runner: CliRunner, names_db: Path, args: list[str], first: str
) -> None:
    r = _run(runner, names_db, "status", *args)
    assert r.exit_code == 1
    suggested = r.stderr.split("did you mean: ", 1)[1]
    assert suggested.startswith(first), r.stderr


def test_ambiguity_is_an_error_not_a_pick(names_db: Path) -> None:
    db = Database(names_db)
    try:
        with pytest.raises(AmbiguousName) as exc:
            resolve.resolve_state(db, "congo")
        assert {cid for cid, _ in exc.value.candidates} == {"COD", "COG"}
    finally:
        db.close()


def test_a_number_is_matched_whole_never_as_the_start_of_a_longer_one(names_db: Path) -> None:
    from treatycli.answers.catalog import search

    with Database(names_db) as db:
        with pytest.raises(AmbiguousName) as exc:
            resolve.resolve_treaty(db, "protocol no. 1")
        assert {cid for cid, _ in exc.value.candidates} == {"coe-009", "coe-151"}  # not Nos 10-16
        assert resolve.resolve_treaty(db, "protocol no. 13").id == "coe-187"
        hits = {h.treaty.id for h in search(db, "protocol no. 1")}
        assert {"coe-009", "coe-151"} <= hits and not hits & {"coe-146", "coe-155", "coe-177", "coe-187"}
        assert [h.treaty.id for h in search(db, "istanb")] == ["coe-210"]  # a word may still be typed in part


@pytest.mark.parametrize(
    "args",
    [
        ("withdrawal", "usa", "unesco"),  # 'usa' is a word of one IEADB title (Alexandria, VA, USA)
        ("withdrawal", "unesco", "usa"),
        ("status", "usa", "unesco"),
        ("status", "unesco", "usa"),
    ],
)
def test_a_state_name_is_not_taken_for_title_words_when_the_other_order_names_both(
    runner: CliRunner, names_db: Path, args: tuple[str, ...]
) -> None:
    r = _run(runner, names_db, *args, "-f", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert (data["treaty"]["id"], data["state"]["id"]) == ("unesco", "USA")
    assert {x["input"]: x["as"].split()[0] for x in data["resolved"]} == {"usa": "USA", "unesco": "unesco"}


def test_a_state_name_in_the_treaty_place_is_an_error_naming_it_a_state(
    runner: CliRunner, names_db: Path
) -> None:
    # 'usa', 'italy', 'united kingdom' are words of IEADB titles, but a user typing them means a state
    for name in ("usa", "italy", "united kingdom"):
        r = _run(runner, names_db, "parties", name)
        assert r.exit_code == 1 and r.stdout == ""
        said = f"unknown treaty {name!r} ({name!r} is a state; for its treaties: treaty state {name!r})"
        assert r.stderr.strip() == f"treaty: error: {said}"
    with Database(names_db) as db:
        with pytest.raises(UnknownTreaty):
            resolve.resolve_pair(db, "france", "germany")  # two states: neither order names a treaty
        assert resolve.resolve_treaty(db, "singapore").id == "wipo-singapore"  # a treaty's own name stands


@pytest.mark.parametrize(
    ("name", "tid"),
    [("protocol 4", "coe-046"), ("Protocol 12", "coe-177"), ("protocol no. 13", "coe-187")],
)
def test_a_protocol_number_one_treaty_goes_by(runner: CliRunner, names_db: Path, name: str, tid: str) -> None:
    assert _status(runner, names_db, "france", name)["treaty"]["id"] == tid


@pytest.mark.parametrize(
    ("name", "candidates"),
    [
        ("protocol 1", {"coe-009", "coe-151"}),  # the ECHR's first protocol and the torture convention's
        ("protocol 2", {"coe-044", "coe-152", "coe-169"}),
    ],
)
def test_a_protocol_number_several_treaties_share_is_ambiguous(
    runner: CliRunner, names_db: Path, name: str, candidates: set[str]
) -> None:
    r = _run(runner, names_db, "status", "france", name)
    assert r.exit_code == 3, r.stdout
    assert all(f"{c} (" in r.stderr for c in candidates), r.stderr
    assert "un-viii-4" not in r.stderr  # no title that merely holds the word 'protocol' and a 4
