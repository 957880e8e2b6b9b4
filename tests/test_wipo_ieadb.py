"""The WIPO Lex and IEADB importers (``treatycli.sources.wipo_lex``, ``treatycli.sources.ieadb``,
``treatycli.dataset.import_bulk``).

Part 1 runs on hand-made fixtures in ``tests/fixtures/wipo`` and ``tests/fixtures/ieadb`` that copy
the structure of the real files (the ``wipoTreatiesTable`` with ``data-sort`` epoch milliseconds;
the semicolon-separated IEADB tables with their BOM and three preamble lines) but none of their
content. Part 2 runs on the snapshots in ``../shared/sources`` next to the checkout; it is skipped
where they are absent, unless the environment variable ``CI`` is set, when it fails instead.
Part 3 checks the shipped record files under ``data/sources/{wipo,ieadb}``.
"""

from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path

import pytest

from treatycli.dataset import import_bulk as ib
from treatycli.dataset import records
from treatycli.enums import ActionKind, DatePrecision
from treatycli.sources import ieadb, wipo_lex

from .conftest import SHARED, need_shared

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
DATA = ROOT / "data" / "sources"
WIPO_SHARED = SHARED / "wipo-lex-2026-02"
IEADB_ZIP = SHARED / "ieadb-2026-01" / "all-csv-files.zip"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ------------------------------------------------------------------------------------------------
# Part 1a: the WIPO Lex parser on a fixture
# ------------------------------------------------------------------------------------------------

WIPO_PAGE = FIXTURES / "wipo" / "html" / "berne.html"


def test_wipo_page_parses() -> None:
    page = wipo_lex.parse_page(WIPO_PAGE.read_text(encoding="utf-8"))
    assert page.wipo_treaty_id == "15"
    assert page.url == "https://www.wipo.int/wipolex/en/treaties/ShowResults?search_what=C&treaty_id=15"
    assert page.name == "Berne Convention" and page.total_members == 4
    france = page.rows[0]
    assert (
        france.member,
        france.signature,
        france.instrument_kind,
        france.instrument_date,
        france.in_force,
    ) == (
        "France",
        "1886-09-09",
        ActionKind.RATIFICATION,
        "1887-09-05",
        "1887-12-05",
    )
    civ = page.rows[1]
    assert civ.member == "Côte d'Ivoire"  # entities unescaped
    assert civ.instrument_label == "Declaration of Continued Application"
    assert civ.instrument_kind is ActionKind.SUCCESSION
    greece = page.rows[4]
    assert greece.signature == "1958-12-01" and greece.instrument_date is None and greece.in_force is None


def test_wipo_unknown_label_fails_loudly() -> None:
    text = WIPO_PAGE.read_text(encoding="utf-8").replace(
        "Accession: March 2, 2018", "Denunciation: March 2, 2018", 1
    )
    with pytest.raises(
        wipo_lex.WipoParseError, match=r"row 3 \(European Union \(EU\)\).*unknown kind.*Denunciation"
    ):
        wipo_lex.parse_page(text, "berne.html")


def test_wipo_changed_column_fails_loudly() -> None:
    text = WIPO_PAGE.read_text(encoding="utf-8").replace("In Force", "Entry into force", 1)
    with pytest.raises(wipo_lex.WipoParseError, match="columns"):
        wipo_lex.parse_page(text)


def test_wipo_date_must_agree_with_data_sort() -> None:
    text = WIPO_PAGE.read_text(encoding="utf-8").replace("September 9, 1886", "September 10, 1886")
    with pytest.raises(wipo_lex.WipoParseError, match="disagrees with data-sort"):
        wipo_lex.parse_page(text)


def test_wipo_member_count_is_checked() -> None:
    text = WIPO_PAGE.read_text(encoding="utf-8").replace("(Total Members: 4)", "(Total Members: 5)")
    with pytest.raises(wipo_lex.WipoParseError, match="Total Members: 5"):
        wipo_lex.parse_page(text)


def test_wipo_records_from_fixture() -> None:
    records, counts = ib.wipo_records(FIXTURES / "wipo", DATA / "state_aliases.csv")
    (treaty,) = records["treaties"]
    assert treaty["id"] == "wipo-berne" and treaty["depositary"] == "Director General of WIPO"
    assert "berne" in treaty["aliases"].split("|") and "berne convention" in treaty["aliases"].split("|")
    (cov,) = records["coverage"]
    assert cov["coverage"] == "current" and cov["as_of"] == "2026-02-03"
    assert "denunciations are not shown" in cov["note"] and "may have joined and left" in cov["note"]
    acts = {(a["state"], a["kind"]): a for a in records["actions"]}
    assert acts[("FRA", "ratification")]["date"] == "1887-09-05"
    eif = acts[("FRA", "entry_into_force")]
    assert eif["date"] == eif["effective_on"] == "1887-12-05"
    assert acts[("CIV", "succession")]["note"] == "Declaration of Continued Application"
    assert acts[("EU", "accession")]["confidence"] == "verified"
    assert ("GRC", "signature") in acts and ("GRC", "ratification") not in acts
    assert not any(a["state"] == "CPV" for a in records["actions"])  # listed without any date
    guinea = acts[("GIN", "accession")]  # an instrument WIPO does not count: kept, never makes a party
    assert guinea["confidence"] == "unverified" and "does not count it among the members" in guinea["note"]
    assert ("GIN", "entry_into_force") not in acts
    assert counts["rows of organisations with no participant id"] == 1  # OAPI


def test_wipo_unknown_page_fails(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    shutil.copy(WIPO_PAGE, tmp_path / "html" / "new_treaty.html")
    with pytest.raises(ib.BulkImportError, match="new_treaty"):
        ib.wipo_records(tmp_path, DATA / "state_aliases.csv")


def test_wipo_unknown_state_fails(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    text = WIPO_PAGE.read_text(encoding="utf-8").replace("<div>Greece</div>", "<div>Narnia</div>")
    (tmp_path / "html" / "berne.html").write_text(text, encoding="utf-8")
    with pytest.raises(ib.BulkImportError, match=r"berne.html row 5: participant 'Narnia'"):
        ib.wipo_records(tmp_path, DATA / "state_aliases.csv")


# ------------------------------------------------------------------------------------------------
# Part 1b: the IEADB parser and importer on fixtures
# ------------------------------------------------------------------------------------------------

IEADB_FIXTURES = FIXTURES / "ieadb"


def _fixture_text(name: str) -> str:
    return (IEADB_FIXTURES / name).read_text(encoding="utf-8-sig")


def test_ieadb_tables_parse() -> None:
    treaties = ieadb.parse_treaties(_fixture_text("db_treaties.csv"))
    assert treaties["2621"].concluded_on == "1946-12-02"
    assert treaties["2621"].terminated_on == ""  # 1111-11-11 is "no date"
    assert treaties["2902"].terminated_on == ""  # so is -0001-11-30
    members = ieadb.parse_members(_fixture_text("db_members.csv"))
    assert len(members) == 24
    assert members[0].line == 5  # three preamble lines and the header come first
    nl = [m for m in members if m.country == "Netherlands" and m.kind is ActionKind.SIGNATURE]
    assert nl[0].date == "1950" and nl[0].precision is DatePrecision.YEAR  # "1950-**-**", never filled in
    derived = [m for m in members if m.action.startswith("Entry Into Force (Tacit")]
    assert derived and derived[0].kind is None


def test_ieadb_unknown_action_fails_loudly() -> None:
    text = _fixture_text("db_members.csv").replace(";Adherence;Adherence;", ";Expulsion;Expulsion;", 1)
    with pytest.raises(ieadb.IeadbParseError, match=r"db_members.csv line 9: unknown action 'Expulsion'"):
        ieadb.parse_members(text)


def test_ieadb_new_column_fails_loudly() -> None:
    text = _fixture_text("db_members.csv").replace("Mitch ID;", "Mitch ID;New Column;", 1)
    with pytest.raises(ieadb.IeadbParseError, match=r"unexpected columns \['New Column'\]"):
        ieadb.parse_members(text)


def test_ieadb_missing_preamble_fails() -> None:
    text = _fixture_text("db_treaties.csv").split("\n", 3)[3]
    with pytest.raises(ieadb.IeadbParseError, match="preamble"):
        ieadb.parse_treaties(text)


def test_exit_dates_in_notes() -> None:
    assert ib.exit_dates_in_note(
        "By a note of June 24, 1981, the Secretary of State gave notice of withdrawal "
        "effective June 30, 1982."
    ) == ("1981-06-24", "1982-06-30")
    assert ib.exit_dates_in_note("Denunciation enters into force on 2024-04-01") == ("", "2024-04-01")
    assert ib.exit_dates_in_note("Withdrawal notified on 19931222") == ("1993-12-22", "")
    assert ib.exit_dates_in_note("Withdrawal in effect on 2024-06-25.") == ("", "2024-06-25")
    assert ib.exit_dates_in_note("") == ("", "")
    several = (
        "By a note dated July 2, 1968, the Ambassador gave notice of withdrawal, to be effective "
        "June 30, 1969. "
        "A note was received cancelling the notification. By a note February 7, 1979, the Embassy gave "
        "notice of withdrawal. The withdrawal became effective on June 30, 1980."
    )
    assert ib.exit_dates_in_note(several, "1980-06-30") == ("", "1980-06-30")  # no guess at the notice
    assert ib.exit_dates_in_note(several) == ("", "")


@pytest.fixture
def ieadb_src(tmp_path: Path) -> tuple[Path, Path]:
    """A zip of the fixture tables and a minimal data/sources folder around it."""
    zpath = tmp_path / "all-csv-files.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for name in ("db_treaties.csv", "db_members.csv"):
            zf.write(IEADB_FIXTURES / name, name)
    src = tmp_path / "sources"
    (src / "untc").mkdir(parents=True)
    (src / "coe").mkdir()
    (src / "ieadb").mkdir()
    shutil.copy(DATA / "state_aliases.csv", src / "state_aliases.csv")
    (src / "untc" / "treaties.csv").write_text("id,title\nun-xxvii-7,UNFCCC\n", encoding="utf-8")
    (src / "coe" / "treaties.csv").write_text("id,title\ncoe-104,Bern Convention\n", encoding="utf-8")
    (src / "ieadb" / "links.csv").write_text(
        "ieadb_id,treaty_id,note\n3126,un-xxvii-7,UNFCCC\n2902,coe-104,Bern Convention\n", encoding="utf-8"
    )
    return zpath, src


def test_ieadb_records_from_fixture(ieadb_src: tuple[Path, Path]) -> None:
    zpath, src = ieadb_src
    records, counts = ib.ieadb_records(zpath, src)
    assert [t["id"] for t in records["treaties"]] == ["ieadb-2621"]  # no duplicate of coe-104 or the UNFCCC
    icrw = records["treaties"][0]
    assert icrw["title"] == "International Convention for the Regulation of Whaling"
    assert {"whaling convention", "icrw"} <= set(icrw["aliases"].split("|"))
    acts = records["actions"]
    assert {a["treaty"] for a in acts} == {"ieadb-2621", "coe-104"}  # the UN treaty's rows are skipped
    assert all(a["source_id"] == "ieadb-2026-01-31" for a in acts)

    def exits(treaty: str, state: str) -> list[dict[str, str]]:
        return [a for a in acts if (a["treaty"], a["state"], a["kind"]) == (treaty, state, "denunciation")]

    (jpn,) = exits("ieadb-2621", "JPN")  # "Effective date of withdrawal.": the notice date is not invented
    assert (jpn["date"], jpn["date_precision"], jpn["effective_on"], jpn["confidence"]) == (
        "",
        "unknown",
        "2019-06-30",
        "corroborated",
    )
    (can,) = exits("ieadb-2621", "CAN")
    assert (can["date"], can["effective_on"]) == ("1981-06-24", "1982-06-30")
    (bra,) = exits("ieadb-2621", "BRA")  # a bare "Withdrawal" date: notice or effect? unconfirmed
    assert bra["confidence"] == "unverified" and bra["effective_on"] == ""
    assert not exits("ieadb-2621", "DDR")  # the GDR's end is not a denunciation
    (blr,) = exits("coe-104", "BLR")
    assert (blr["date"], blr["effective_on"]) == ("2023-09-05", "2024-04-01")
    nl = [a for a in acts if a["state"] == "NLD"]
    assert [(a["kind"], a["date"], a["date_precision"]) for a in nl] == [("signature", "1950", "year")]
    assert counts["amendment rows left out"] == 1
    assert counts["agreements skipped: fewer than 3 parties"] == 1
    assert counts["rows skipped: covered by a depositary table of ours"] == 1
    cov = {c["treaty"]: c for c in records["coverage"]}
    assert set(cov) == {"ieadb-2621", "coe-104"}
    assert cov["coe-104"]["coverage"] == "partial"
    assert cov["coe-104"]["note"].startswith(
        "International Environmental Agreements Database (research dataset)"
    )


def test_ieadb_unknown_state_fails(ieadb_src: tuple[Path, Path], tmp_path: Path) -> None:
    zpath, src = ieadb_src
    text = _fixture_text("db_members.csv").replace(
        "2621;;Canada;Canada;Ratification", "2621;;Narnia;Narnia;Ratification"
    )
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.write(IEADB_FIXTURES / "db_treaties.csv", "db_treaties.csv")
        zf.writestr("db_members.csv", "\ufeff" + text)
    with pytest.raises(ib.BulkImportError, match=r"db_members.csv line 12: participant 'Narnia'"):
        ib.ieadb_records(bad, src)


def test_ieadb_link_to_unknown_treaty_fails(ieadb_src: tuple[Path, Path]) -> None:
    zpath, src = ieadb_src
    with (src / "ieadb" / "links.csv").open("a", encoding="utf-8") as fh:
        fh.write("2621,un-nothing,typo\n")
    with pytest.raises(ib.BulkImportError, match="unknown treaty un-nothing"):
        ib.ieadb_records(zpath, src)


def test_output_is_deterministic(ieadb_src: tuple[Path, Path], tmp_path: Path) -> None:
    zpath, src = ieadb_src
    outs = []
    for n in (1, 2):
        records, _ = ib.ieadb_records(zpath, src)
        wipo, _ = ib.wipo_records(FIXTURES / "wipo", DATA / "state_aliases.csv")
        out = tmp_path / f"run{n}"
        ib.write_source(out / "ieadb", records)
        ib.write_source(out / "wipo", wipo)
        outs.append({p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*.csv"))})
    assert outs[0] == outs[1] and len(outs[0]) == 8


# ------------------------------------------------------------------------------------------------
# Part 2: the real snapshots
# ------------------------------------------------------------------------------------------------


def test_real_wipo_pages() -> None:
    need_shared(WIPO_SHARED)
    pages = {
        p.stem: wipo_lex.parse_page(p.read_text(encoding="utf-8"), p.name)
        for p in WIPO_SHARED.glob("html/*.html")
    }
    assert len(pages) == 26
    assert sum(len(p.rows) for p in pages.values()) == 2475
    assert len(pages["berne"].rows) == 182 and pages["berne"].total_members == 182
    france = next(r for r in pages["berne"].rows if r.member == "France")
    assert france.in_force == "1887-12-05" and france.instrument_kind is ActionKind.RATIFICATION
    assert set(pages) == set(ib.WIPO_TREATIES) | set(ib.WIPO_UN_DEPOSITED)
    records, _ = ib.wipo_records(WIPO_SHARED, DATA / "state_aliases.csv")
    assert len(records["treaties"]) == 23
    assert any(
        a["treaty"] == "wipo-berne" and a["state"] == "FRA" and a["kind"] == "ratification"
        for a in records["actions"]
    )


def test_real_ieadb_download() -> None:
    need_shared(IEADB_ZIP)
    agreements, members = ieadb.read_zip(IEADB_ZIP)
    assert len(members) == 125_887
    assert len(agreements) == 6_540
    assert len({m.agreement for m in members}) == 4_384
    records, counts = ib.ieadb_records(IEADB_ZIP, DATA)
    acts = records["actions"]
    jpn = [a for a in acts if (a["treaty"], a["state"], a["kind"]) == ("ieadb-2621", "JPN", "denunciation")]
    assert [(a["effective_on"], a["confidence"]) for a in jpn] == [("2019-06-30", "corroborated")]
    blr = [a for a in acts if (a["treaty"], a["state"], a["kind"]) == ("coe-104", "BLR", "denunciation")]
    assert [(a["date"], a["effective_on"]) for a in blr] == [("2023-09-05", "2024-04-01")]
    assert not any(a["treaty"].startswith(("un-", "wipo-")) for a in acts)
    assert counts["amendment rows left out"] > 0


# ------------------------------------------------------------------------------------------------
# Part 3: the shipped record files
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("src", ["wipo", "ieadb"])
def test_shipped_records_are_well_formed(src: str) -> None:
    folder = DATA / src
    sources = {r["id"] for r in _rows(folder / "source.csv")}
    treaties = _rows(folder / "treaties.csv")
    assert list(treaties[0]) == list(records.TREATY_COLUMNS)
    kinds = {k.value for k in ActionKind}
    precisions = {p.value for p in DatePrecision}
    states = {r["id"] for r in _rows(DATA / "states.csv")}
    acts = _rows(folder / "actions.csv")
    assert list(acts[0]) == list(records.ACTION_COLUMNS)
    for a in acts:
        assert a["kind"] in kinds and a["date_precision"] in precisions
        assert a["state"] in states, a
        assert a["source_id"] in sources
        assert a["confidence"] in {"verified", "corroborated", "unverified"}
        if a["date_precision"] == "day":
            assert len(a["date"]) == 10
        if not a["date"]:
            assert a["date_precision"] == "unknown"
    for c in _rows(folder / "coverage.csv"):
        assert c["source_id"] in sources


def test_shipped_required_facts() -> None:
    wipo = _rows(DATA / "wipo" / "actions.csv")
    assert any((a["treaty"], a["state"], a["kind"]) == ("wipo-berne", "FRA", "ratification") for a in wipo)
    ieadb_acts = _rows(DATA / "ieadb" / "actions.csv")
    assert any(
        (a["treaty"], a["state"], a["kind"], a["effective_on"])
        == ("ieadb-2621", "JPN", "denunciation", "2019-06-30")
        for a in ieadb_acts
    )
    assert any(
        (a["treaty"], a["state"], a["kind"], a["effective_on"])
        == ("coe-104", "BLR", "denunciation", "2024-04-01")
        for a in ieadb_acts
    )
    icrw = next(t for t in _rows(DATA / "ieadb" / "treaties.csv") if t["id"] == "ieadb-2621")
    assert {"whaling convention", "icrw"} <= set(icrw["aliases"].split("|"))
    links = _rows(DATA / "ieadb" / "links.csv")
    assert {"ieadb_id": "2902", "treaty_id": "coe-104"}.items() <= next(
        r for r in links if r["ieadb_id"] == "2902"
    ).items()


def test_shipped_treaties_not_in_force_say_so() -> None:
    # WIPO Lex: the Washington Treaty never entered into force; IEADB labels the Nuclear Ships
    # Convention "Not expected to enter into force". Every other treaty with a date of entry into
    # force carries no such date, and a treaty without one is not in force only where a label says so.
    said = {
        t["id"]: t["not_in_force_as_of"]
        for src in ("wipo", "ieadb")
        for t in _rows(DATA / src / "treaties.csv")
        if t["not_in_force_as_of"]
    }
    assert said["wipo-washington"] == "2026-02-03" and said["ieadb-2708"] == "2026-01-23"
    for src in ("wipo", "ieadb"):
        assert not any(
            t["entry_into_force_on"] and t["not_in_force_as_of"] for t in _rows(DATA / src / "treaties.csv")
        )
    # the consents to the Washington Treaty stand (they bind nobody: the engine says ratified_not_in_force)
    washington = [a for a in _rows(DATA / "wipo" / "actions.csv") if a["treaty"] == "wipo-washington"]
    assert {
        (a["state"], a["confidence"]) for a in washington if a["kind"] in ("ratification", "accession")
    } == {
        ("BIH", "verified"),
        ("EGY", "verified"),
        ("LCA", "verified"),
    }
