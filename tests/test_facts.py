"""Facts users ask about, on the shipped database, through the real CLI: each either right or an
honest ``unknown`` with its reason — never a confident wrong answer (DESIGN.md section 3).

Each case names the depositary fact it checks; the status word and dates are the depositary's.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from typer.testing import CliRunner

from .conftest import invoke, run_json

ON = "2026-11-26"


def status(runner: CliRunner, state: str, treaty: str, on: str = ON) -> Any:
    return run_json(runner, "status", state, treaty, "--on", on)


def acts(d: Any, kind: str) -> list[Any]:
    return [a for a in d["actions"] if a["kind"] == kind]


# --- issue: never a confident wrong answer ------------------------------------------------------
@pytest.mark.parametrize(
    ("state", "treaty", "expected"),
    [
        ("lebanon", "att", "party"),  # ratified 2019 (UN page 2026-02-03)
        ("norway", "ced", "party"),  # in force 2019
        ("south sudan", "cat", "party"),  # acceded 2015-04-30
        ("latvia", "istanbul", "party"),  # the 2025 law was never promulgated
        ("ukraine", "ottawa", "party"),  # a suspension is not a withdrawal
        ("china", "geneva convention iv", "party"),
        ("usa", "bwc", "party"),
        ("palau", "bbnj", "party"),
        ("france", "berne", "party"),
    ],
)
def test_status_words(runner: CliRunner, state: str, treaty: str, expected: str) -> None:
    result = invoke(runner, "status", state, treaty, "--on", ON, "-q")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize(
    ("state", "treaty", "reason"),
    [
        # partial tables: no row for India in our NPT list, so no denial (India never joined)
        ("india", "npt", "partial"),
        # the United States signed AP I in 1977; our AP I list is partial: it cannot deny a ratification
        ("usa", "additional protocol i", "partial"),
    ],
)
def test_partial_or_dated_lists_answer_unknown_with_the_reason(
    runner: CliRunner, state: str, treaty: str, reason: str
) -> None:
    d = status(runner, state, treaty)
    assert d["status"] == "unknown" and d["bound"] == "unknown"
    assert any(reason in n for n in d["notes"])


def test_the_2015_list_does_not_deny_later_membership(runner: CliRunner) -> None:
    # the Convention on Cluster Munitions in 2026 comes from the UN page; an old list is only 2015
    d = status(runner, "lithuania", "ccm")
    assert d["status"] == "withdrawn" and d["bound"] == "no"
    (den,) = acts(d, "denunciation")
    assert (den["date"], den["effective_on"]) == ("2024-09-06", "2025-03-06")
    assert d["since"] == "2025-03-06" and d["as_of"] == "2026-02-03"


def test_uk_echr_party_since_1953(runner: CliRunner) -> None:
    d = status(runner, "uk", "echr")
    assert d["status"] == "party" and d["bound"] == "yes"
    assert d["in_force_on"] == "1953-09-03" and d["since"] == "1953-09-03"
    assert [a["date"] for a in acts(d, "ratification")] == ["1951-03-08"]


def test_withdrawal_never_turns_unknown_into_no(runner: CliRunner) -> None:
    d = run_json(runner, "withdrawal", "cpt", "russia", "--notified", ON)
    assert d["may_notify"] is None  # Russia's status is withdrawal_date_unknown, bound unknown
    assert "cannot tell" in d["reason"] and d["current_status"] == "withdrawal_date_unknown"


def test_undated_consent_gives_no_computed_date(runner: CliRunner) -> None:
    d = status(runner, "uk", "ecpt")
    assert d["bound"] == "yes"
    assert d["in_force_basis"] != "computed" or d["in_force_on"] == "1989-02-01"


def test_us_who_exit_under_its_reservation(runner: CliRunner) -> None:
    d = status(runner, "usa", "who")
    assert d["status"] == "withdrawn" and d["since"] == "2026-01-22"
    assert d["withdrawal"]["effective_on"] == "2026-01-22"
    assert status(runner, "usa", "who", "2026-01-21")["status"] == "withdrawal_pending"


def test_czechia_iccpr_from_the_date_of_succession(runner: CliRunner) -> None:
    d = status(runner, "czechia", "iccpr")
    assert d["in_force_on"] == "1993-01-01" and d["status"] == "party"


def test_dissolved_participants_name_their_successors(runner: CliRunner) -> None:
    d = status(runner, "ussr", "npt")
    assert d["status"] == "dissolved" and d["bound"] == "no" and d["since"] == "1991-12-26"
    assert "RUS" in d["notes"][0] and d["notes"][0].index("RUS") < d["notes"][0].index("UKR")
    old = status(runner, "czechoslovakia", "iccpr", "1980-01-01")
    assert old["status"] in ("party", "unknown")
    if old["status"] == "unknown":
        assert old["notes"]


def test_north_korea_npt_is_contested(runner: CliRunner) -> None:
    d = status(runner, "north korea", "npt")
    assert d["contested"] is True and d["contested_by"]
    assert "2003-01-10" in [a["date"] for a in acts(d, "denunciation")]
    assert d["bound"] == "unknown"


def test_russia_cpt_bound_is_unknown_after_the_earliest_date(runner: CliRunner) -> None:
    d = status(runner, "russia", "cpt")
    assert d["status"] == "withdrawal_date_unknown" and d["bound"] == "unknown"
    assert d["withdrawal"]["earliest_effective_on"] == "2026-10-01"
    assert status(runner, "russia", "cpt", "2026-09-30")["bound"] == "yes"
    for predicate in ("party", "bound", "not-bound"):
        assert invoke(runner, "status", "russia", "cpt", "--on", ON, "--is", predicate).exit_code == 5


# --- issue: the UN's own 2026 tables ------------------------------------------------------------
def test_france_cedaw_has_no_withdrawal(runner: CliRunner) -> None:
    d = status(runner, "france", "cedaw")
    assert d["status"] == "party" and not acts(d, "denunciation")


def test_north_korea_iccpr_one_notice_and_still_party(runner: CliRunner) -> None:
    d = status(runner, "north korea", "iccpr")
    assert [a["date"] for a in acts(d, "denunciation")] == ["1997-08-25"]
    assert d["status"] == "party"


def test_att_parties_match_the_page(runner: CliRunner) -> None:
    result = invoke(runner, "parties", "att", "--status", "party", "--on", "2026-02-03", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 117  # "Parties : 117" on the UN status page of 2026-02-03
    assert "LBN" in {r["state_id"] for r in rows}


# --- issue: the Council of Europe -----------------------------------------------------------------
def test_echr_46_parties_and_russia_out(runner: CliRunner) -> None:
    rows = run_json(runner, "parties", "echr", "--on", ON)
    bound = [r for r in rows if r["status"] == "party"]
    assert len(bound) == 46
    (rus,) = [r for r in rows if r["state"]["id"] == "RUS"]
    assert rus["status"] == "withdrawn" and rus["since"] == "2022-09-16"


def test_turkey_left_istanbul(runner: CliRunner) -> None:
    d = status(runner, "turkey", "istanbul")
    assert d["status"] == "withdrawn" and d["since"] == "2021-07-01"


def test_russia_corruption_convention_ratified_and_left(runner: CliRunner) -> None:
    d = status(runner, "russia", "criminal law convention on corruption")
    kinds = [a["kind"] for a in d["actions"]]
    assert "entry_into_force" in kinds and "domestic_act" in kinds  # bound from 2007, then the 2023 law
    assert d["status"] != "signatory"  # never the "mere signatory" it once showed
    # the date its exit took effect rests on one report: unknown, naming the unconfirmed act
    assert d["status"] in ("withdrawn", "withdrawal_date_unknown", "unknown")
    if d["status"] == "unknown":
        assert "denunciation" in d["notes"][0]


# --- issue: other depositaries --------------------------------------------------------------------
def test_trinidad_achr(runner: CliRunner) -> None:
    d = status(runner, "trinidad and tobago", "achr")
    assert d["status"] == "withdrawn" and d["since"] == "1999-05-26"


def test_nicaragua_oas(runner: CliRunner) -> None:
    d = status(runner, "nicaragua", "oas charter")
    assert d["status"] == "withdrawn" and d["since"] == "2023-11-19"


def test_usa_unesco_notice_and_effect(runner: CliRunner) -> None:
    d = status(runner, "usa", "unesco")
    assert d["status"] == "withdrawal_pending" and d["withdrawal"]["effective_on"] == "2026-12-31"


def test_uk_left_the_energy_charter_treaty(runner: CliRunner) -> None:
    d = status(runner, "uk", "energy charter treaty", "2025-06-01")
    assert d["status"] == "withdrawn" and d["since"] == "2025-04-27"
    # our ECT list is current to 2025-09-04: later, a return would not be in it
    assert status(runner, "uk", "energy charter treaty")["status"] in ("withdrawn", "unknown")


def test_russia_ap1_party_and_its_art_90_declaration_withdrawn(runner: CliRunner) -> None:
    d = status(runner, "russia", "additional protocol i")
    assert d["status"] == "party"
    assert acts(d, "declaration_withdrawn") and not acts(d, "denunciation")


def test_japan_left_the_whaling_convention(runner: CliRunner) -> None:
    d = status(runner, "japan", "whaling convention")
    assert d["status"] == "withdrawn" and d["since"] == "2019-06-30"


def test_compare_member_states_on_the_council_of_europe_core(runner: CliRunner) -> None:
    rows = run_json(
        runner,
        "compare",
        "france",
        "germany",
        "italy",
        "poland",
        "--treaty",
        "echr",
        "--treaty",
        "ecpt",
        "--treaty",
        "istanbul",
        "--on",
        ON,
    )
    assert len(rows) == 12 and not [r for r in rows if r["status"] == "unknown"]
    assert {r["bound"] for r in rows} == {"yes"}


def test_info_counts_council_of_europe_treaties_by_coverage(runner: CliRunner) -> None:
    families = run_json(runner, "info")["by_family"]
    coe = families["coe"]
    assert sum(coe.values()) == 232
    assert any(k.startswith("complete as of") for k in coe) and coe.get("partial", 0) > 20


def test_info_counts_the_state_statements(runner: CliRunner) -> None:
    import csv

    from .conftest import ROOT

    expected = 0
    for path in (ROOT / "data" / "sources" / "curated").glob("*.state_coverage.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            expected += len(list(csv.DictReader(fh)))
    assert run_json(runner, "info")["counts"]["state_statements"] == expected > 30


# --- a treaty its depositary records as not in force binds nobody ---------------------------------
@pytest.mark.parametrize(
    ("state", "treaty", "since", "said"),
    [
        # UN page of 2026-02-03: "Not yet in force [see article XIV]"; France ratified on 1998-04-06
        ("france", "ctbt", "1998-04-06", "the treaty itself was not in force as of 2026-02-03"),
        # the Treaty Office's index of 2026-05-10 gives Convention 108+ no date of entry into force
        ("spain", "convention 108+", "2021-01-28", "the treaty itself was not in force as of 2026-05-10"),
    ],
)
def test_consent_to_a_treaty_not_in_force_is_not_party(
    runner: CliRunner, state: str, treaty: str, since: str, said: str
) -> None:
    d = status(runner, state, treaty, "2026-01-15")
    assert (d["status"], d["bound"], d["since"]) == ("ratified_not_in_force", "no", since)
    assert any(n.startswith(said) for n in d["notes"])
    later = status(runner, state, treaty, "2026-11-26")  # past the source's date: it says so
    assert later["status"] == "ratified_not_in_force"
    assert any("its entry into force after that date is not in our data" in n for n in later["notes"])


def test_a_treaty_in_force_is_not_touched_by_the_not_in_force_rule(runner: CliRunner) -> None:
    assert status(runner, "france", "cwc")["status"] == "party"
    assert status(runner, "uk", "echr")["status"] == "party"


def test_obligations_say_the_treaty_is_not_in_force(runner: CliRunner) -> None:
    t = run_json(runner, "obligations", "ctbt")["treaty"]
    assert (t["entry_into_force_on"], t["not_in_force_as_of"]) == (None, "2026-02-03")
    assert t["not_in_force_source"] == "UN Treaty Collection, status of MTDSG XXVI-4, as at 2026-02-03"
    assert run_json(runner, "obligations", "cwc")["treaty"]["not_in_force_as_of"] is None


def test_a_bulk_source_that_says_not_in_force_is_heard(runner: CliRunner) -> None:
    d = status(runner, "egypt", "wipo-washington", "2026-01-15")
    assert (d["status"], d["bound"], d["since"]) == ("ratified_not_in_force", "no", "1990-07-26")
    rows = run_json(runner, "parties", "ieadb-2708", "--on", "2026-01-15")
    assert {r["state"]["id"] for r in rows if r["status"] == "ratified_not_in_force"} >= {"NLD", "PRT", "MDG"}
    assert not any(r["status"] == "party" for r in rows)


# --- data added on 2026-11-30: each a depositary's or official record ---------------------------
@pytest.mark.parametrize(
    ("state", "treaty", "on", "expected", "since"),
    [
        # the UK ratified the 1961 Social Charter on 1962-07-11 (Social Charter department); the Charter
        # entered into force on 1965-02-26, so the UK was bound from then
        ("uk", "ets 35", "1963-01-01", "ratified_not_in_force", None),
        ("uk", "ets 35", "1966-01-01", "party", "1965-02-26"),
        # Russia ceased to be a party to the conventions open to members only on 2022-03-16
        ("russia", "ets 163", "2026-11-26", "withdrawn", "2022-03-16"),
        ("russia", "ets 122", "2026-11-26", "withdrawn", "2022-03-16"),
        # Sweden's Budapest deposit of 2021-04-28 (Council of Europe news)
        ("sweden", "ets 185", "2026-11-26", "party", "2021-08-01"),
        # New Zealand's deposit of 1959-05-02 for GC I; the Conventions bind six months after it
        ("new zealand", "gc i", "1960-01-01", "party", "1959-11-02"),
        ("new zealand", "gc i", "1959-06-01", "ratified_not_in_force", None),
        # Cook Islands acceded to AP I on 2002-05-07 (ICRC)
        ("cook islands", "ap i", "2003-01-01", "party", "2002-11-07"),
    ],
)
def test_dated_facts_added(
    runner: CliRunner, state: str, treaty: str, on: str, expected: str, since: str | None
) -> None:
    d = status(runner, state, treaty, on)
    assert d["status"] == expected, d
    if since is not None:
        assert d["since"] == since, d


def test_germany_signed_protocol_7_and_never_ratified(runner: CliRunner) -> None:
    # a whole-standing statement (Bundestag research service, 2017) answers up to its date; later the
    # word is unknown, with the last word and its date
    before = status(runner, "germany", "ets 117", "2017-01-01")
    assert before["status"] == "signatory"
    now = status(runner, "germany", "ets 117")
    assert now["status"] == "unknown"
    assert now["last_known"]["status"] == "signatory"


def test_the_us_signed_the_ai_convention_and_the_card_says_so(runner: CliRunner) -> None:
    # signed in Vilnius on 2024-09-05 (Council of Europe); our list of the convention is partial and
    # the convention is not in force, so the word stays unknown, and the card says what we do know
    d = status(runner, "usa", "ai convention")
    assert d["treaty"]["id"] == "coe-225"
    assert d["status"] == "unknown"
    assert [a["date"] for a in acts(d, "signature")] == ["2024-09-05"]
    card = invoke(runner, "status", "usa", "ai convention", "--format", "table")
    assert "signed 2024-09-05; a later consent may be missing from our partial list" in " ".join(
        card.stdout.split()
    )


def test_a_consent_before_entry_into_force_without_the_clause_says_what_the_date_rests_on(
    runner: CliRunner,
) -> None:
    # Japan acceded to the BBNJ Agreement on 2025-12-12, before the Agreement entered into force on
    # 2026-01-17; its foreign ministry gives that day for Japan too. Our rules hold no clause for later
    # consents, so the answer says its date is the treaty's own and what that rests on
    d = status(runner, "japan", "bbnj")
    assert (d["status"], d["since"], d["in_force_basis"]) == ("party", "2026-01-17", "computed")
    assert any("the treaty's clause for later consents is not in our data" in n for n in d["notes"])
    # a treaty whose clause is in our rules computes from it and needs no such caveat (the ECHR)
    uk = status(runner, "uk", "echr")
    assert not any("clause for later consents" in n for n in uk["notes"])


@pytest.mark.parametrize(
    ("state", "treaty", "on"),
    [
        ("france", "icj statute", "2010-01-01"),  # every UN member is a party (Charter Art. 93)
        ("france", "gatt", "1960-01-01"),  # a contracting party from 1948
        ("brazil", "un-xix-15", "1980-01-01"),  # the Coffee Agreement of 1976, long expired
    ],
)
def test_a_treaty_whose_un_page_had_no_table_denies_nobody(
    runner: CliRunner, state: str, treaty: str, on: str
) -> None:
    # the UN's 2015 pages for these held no participant table; "not a party" would be invented
    d = status(runner, state, treaty, on)
    assert d["status"] == "unknown", d
    card = invoke(runner, "status", state, treaty, "--on", on, "--format", "table")
    assert "our data      no participant list" in card.stdout and "none list" not in card.stdout


def test_a_table_without_dates_names_its_day_and_denies_no_one_before(runner: CliRunner) -> None:
    # the UN's page of declarations under Art. 36(2) of the Court's Statute (I-4) lists the declarations
    # in force when it was read, without dates: the United Kingdom's is on it; the United States
    # withdrew its declaration in 1985, so the page cannot say what held in 1980
    assert status(runner, "uk", "un-i-4", "2015-03-12")["status"] == "party"
    assert status(runner, "uk", "un-i-4", "2014-01-01")["status"] == "unknown"
    assert status(runner, "usa", "un-i-4", "1980-01-01")["status"] == "unknown"
    # one undated row in a dated table is not a consent (China's row on the 1954 Statelessness
    # Convention's page is a note on Hong Kong and Macao)
    assert status(runner, "china", "un-v-3", "2015-01-01")["status"] == "not_party"


def test_a_list_of_one_days_parties_denies_nothing_before_that_day(runner: CliRunner) -> None:
    # WIPO Lex names the contracting parties of 2026-02-03 and no one who left before: a state absent
    # from it may have joined and left, so its absence says nothing of 1990
    d = status(runner, "indonesia", "wipo-madrid-marks", "1990-01-01")
    assert d["status"] == "unknown" and d["last_known"] is None
    assert any("names the participants of 2026-02-03 only" in n for n in d["notes"])
    # on the list's own day, absence is an answer
    assert status(runner, "usa", "wipo-madrid-marks", "2026-02-03")["status"] == "not_party"
    # a state on the list answers from its own dated acts: the USA acceded to Berne on 1988-11-16
    assert status(runner, "usa", "berne", "1980-01-01")["status"] == "not_party"
    assert status(runner, "usa", "berne", "1990-01-01")["since"] == "1989-03-01"


def test_a_party_from_the_2015_list_says_in_its_headline_that_exits_may_be_missing(
    runner: CliRunner,
) -> None:
    # our copy of the UN's 2015 pages kept consents only; a party resting on it is told, in the
    # "leaving" line itself, that a withdrawal may be missing (the VCDR: France, ratified 1970)
    card = invoke(runner, "status", "france", "vcdr", "--format", "table")
    said = " ".join(card.stdout.split())
    assert "our 2015 UN list records no withdrawals: one may be missing" in said
    # a list that shows exits says nothing of the kind (the 2026 UN page of the ICCPR)
    iccpr = invoke(runner, "status", "france", "iccpr", "--format", "table")
    assert "one may be missing" not in " ".join(iccpr.stdout.split())


def test_states_that_left_unido(runner: CliRunner) -> None:
    # the 2015 UN list held consents only; the exits come from our curated rows (Art. 6(2): effect on
    # the last day of the fiscal year after the notice)
    usa = status(runner, "usa", "unido")
    assert usa["treaty"]["id"] == "un-x-9"
    assert (usa["status"], usa["since"]) == ("withdrawn", "1996-12-31")
    assert status(runner, "usa", "un-x-9", "1990-01-01")["status"] == "party"
    assert status(runner, "uk", "un-x-9")["since"] == "2012-12-31"
    assert status(runner, "uk", "un-x-9", "2005-01-01")["status"] == "party"  # the 1996 notice was reversed
    assert status(runner, "france", "un-x-9")["since"] == "2014-12-31"
    # Canada's exit took effect on 1993-12-31 and its notice is undated: before then, bound either way
    canada = status(runner, "canada", "un-x-9", "1990-01-01")
    assert (canada["status"], canada["bound"]) == ("unknown", "yes")
    assert canada["withdrawal"]["effective_on"] == "1993-12-31"
