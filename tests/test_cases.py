"""The facts users look up most, through the real CLI on the shipped database (JSON parsed back)."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from .conftest import assert_error, invoke, run_json


def status(runner: CliRunner, state: str, treaty: str, on: str) -> dict:  # type: ignore[type-arg]
    return run_json(runner, "status", state, treaty, "--on", on)  # type: ignore[no-any-return]


def test_russia_cpt_resolves_and_shows_the_seed_signature(runner: CliRunner) -> None:
    d = status(runner, "russia", "cpt", "2026-11-26")
    assert d["state"] == {**d["state"], "id": "RUS", "name": "Russian Federation"}
    assert d["treaty"]["series"] == "ETS 126"
    assert {"kind": "signature", "date": "1996-02-28"}.items() <= d["actions"][0].items()
    assert [r["input"] for r in d["resolved"]] == ["russia", "cpt"]
    assert d["data_as_of"]


def test_russia_ecpt_denunciation_date_unknown_with_earliest_effect(runner: CliRunner) -> None:
    d = status(runner, "russia", "ecpt", "2026-11-26")
    assert d["status"] == "withdrawal_date_unknown"
    w = d["withdrawal"]
    assert w["notified_on"] is None and w["effective_on"] is None
    assert w["earliest_effective_on"] == "2026-10-01"
    assert w["effective_basis"] == "earliest_possible"
    assert "22" in w["rule"]
    assert "domestic_act" in [a["kind"] for a in d["actions"]]
    # consequences: what ends, what remains, and what still binds Russia on torture
    cons = d["consequences"]
    assert "CPT" in cons["ends"]
    still = {s["treaty"] for s in cons["still_binding"]}
    assert {"un-iv-9", "un-iv-4"} <= still


def test_russia_cat_party_since_1987(runner: CliRunner) -> None:
    d = status(runner, "Russian Federation", "IV-9", "2026-11-26")
    assert d["status"] == "party"
    assert any(a["kind"] == "ratification" and a["date"] == "1987-03-03" for a in d["actions"])


@pytest.mark.parametrize(
    ("state", "treaty", "on", "expected", "notified", "effective"),
    [
        ("philippines", "icc", "2026-11-26", "withdrawn", "2018-03-17", "2019-03-17"),
        ("philippines", "rome", "2018-06-01", "withdrawal_pending", "2018-03-17", "2019-03-17"),
        ("burundi", "icc", "2026-11-26", "withdrawn", "2016-10-27", "2017-10-27"),
        ("russia", "echr", "2026-11-26", "withdrawn", None, "2022-09-16"),
        ("usa", "paris", "2020-06-01", "withdrawal_pending", "2019-11-04", "2020-11-04"),
        ("usa", "paris", "2020-12-01", "withdrawn", "2019-11-04", "2020-11-04"),
        ("usa", "paris", "2026-11-26", "withdrawn", "2025-01-27", "2026-01-27"),
        ("estonia", "ottawa", "2026-11-26", "withdrawn", "2025-06-27", "2025-12-27"),
        ("turkey", "istanbul", "2026-11-26", "withdrawn", None, "2021-07-01"),
    ],
)
def test_withdrawals(
    runner: CliRunner, state: str, treaty: str, on: str, expected: str, notified: str | None, effective: str
) -> None:
    d = status(runner, state, treaty, on)
    assert d["status"] == expected
    if notified:
        assert d["withdrawal"]["notified_on"] == notified
    assert d["withdrawal"]["effective_on"] == effective
    assert d["consequences"] is not None


def test_an_unconfirmed_revocation_leaves_the_word_unknown_but_the_state_bound(runner: CliRunner) -> None:
    # Hungary's verified notice (effect 2026-06-02) and an undated, unconfirmed revocation of it: before
    # the effect date the state is bound either way, and the verified notice is still shown
    d = status(runner, "hungary", "icc", "2026-05-01")
    assert (d["status"], d["bound"]) == ("unknown", "yes")
    assert (d["withdrawal"]["notified_on"], d["withdrawal"]["effective_on"]) == ("2025-06-02", "2026-06-02")
    assert (d["last_known"]["status"], d["last_known"]["as_of"]) == ("withdrawal_pending", "2026-05-01")
    after = status(runner, "hungary", "icc", "2026-07-01")
    assert (after["status"], after["bound"]) == ("unknown", "unknown")
    # the card says what the verified rows alone give on that date, not a "last known" as of the date asked
    card = invoke(runner, "status", "hungary", "icc", "--on", "2026-07-01", "--format", "table")
    assert card.exit_code == 0, card.stderr
    assert "verified rows alone: withdrawn" in card.stdout
    assert "last known: withdrawn as of 2026-07-01" not in card.stdout


def test_facts_from_the_2015_un_pages_cite_the_un_page_not_the_copy(runner: CliRunner) -> None:
    # the 2015 snapshot is a copy kept in a code repository; a reader is sent to the depositary's page,
    # and the source's title still says which copy and when
    d = status(runner, "france", "vcdr", "2026-11-26")
    ratification = next(a for a in d["actions"] if a["kind"] == "ratification")
    assert ratification["date"] == "1970-12-31"
    assert ratification["source_url"] == (
        "https://treaties.un.org/pages/ViewDetails.aspx?src=TREATY&mtdsg_no=III-3&chapter=3&lang=en"
    )
    assert "scraped 2015" in ratification["source"]
    card = invoke(runner, "status", "france", "vcdr", "--long", "--format", "table")
    assert "github.com/zmjones/untreaties" not in card.stdout.replace("\n", "")
    assert "zmjones/untreaties @" in " ".join(card.stdout.split())


@pytest.mark.parametrize(
    ("state", "treaty", "on", "expected"),
    [
        ("gambia", "icc", "2026-11-26", "party"),  # notice revoked 2017-02-10
        ("south africa", "icc", "2026-11-26", "party"),  # notice revoked 2017-03-07
        ("malaysia", "icc", "2025-01-01", "not_party"),  # accession retracted before it took effect
        ("russia", "echr", "2022-06-01", "withdrawal_pending"),  # expelled 16 Mar; bound until 16 Sep
        ("usa", "paris", "2021-03-01", "party"),  # rejoined
        ("north korea", "iccpr", "2026-11-26", "party"),  # no denunciation clause
        ("russia", "ctbt", "2026-02-03", "signatory"),  # ratification revoked 2023
        ("france", "ecpt", "2026-11-26", "party"),
        ("germany", "paris", "2026-11-26", "party"),
        ("usa", "icc", "2025-01-01", "signature_withdrawn"),
        # after the date its list is current to, no list denies membership: unknown, with the last word
        ("malaysia", "icc", "2026-11-26", "unknown"),
        ("usa", "icc", "2026-11-26", "unknown"),
        # an unconfirmed revocation would change the word: unknown, never a confident "withdrawn"
        ("hungary", "icc", "2026-11-26", "unknown"),
    ],
)
def test_statuses(runner: CliRunner, state: str, treaty: str, on: str, expected: str) -> None:
    assert status(runner, state, treaty, on)["status"] == expected


def test_russia_echr_still_bound_after_expulsion(runner: CliRunner) -> None:
    d = status(runner, "russia", "echr", "2022-06-01")
    assert d["bound"] == "yes"
    assert d["withdrawal"]["effective_on"] == "2022-09-16"


def test_usa_paris_rejoin_takes_effect_30_days_later(runner: CliRunner) -> None:
    assert status(runner, "usa", "paris", "2021-02-01")["status"] == "ratified_not_in_force"
    assert status(runner, "usa", "paris", "2021-03-01")["in_force_on"] == "2021-02-19"


def test_ussr_is_never_folded_into_russia(runner: CliRunner) -> None:
    d = status(runner, "USSR", "cat", "1990-01-01")
    assert d["state"]["id"] == "SUN"
    assert d["status"] == "unknown"
    assert any("RUS" in n for n in d["notes"])


def test_unknown_not_not_party_on_partial_lists(runner: CliRunner) -> None:
    d = status(runner, "tuvalu", "paris", "2026-11-26")
    assert d["coverage"]["coverage"] == "partial"
    assert d["status"] == "unknown"


def test_parties_cat_csv_lists_every_snapshot_participant(runner: CliRunner) -> None:
    result = invoke(runner, "parties", "cat", "--format", "csv", "--on", "2026-11-26")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    import sqlite3
    from contextlib import closing

    from .conftest import SHIPPED_DB

    with closing(sqlite3.connect(SHIPPED_DB)) as conn:
        expected = {
            r[0]
            for r in conn.execute("SELECT DISTINCT state_id FROM participants WHERE treaty_id = 'un-iv-9'")
        }
    assert len(expected) > 150
    assert expected <= {r["state_id"] for r in rows}
    russia = next(r for r in rows if r["state_id"] == "RUS")
    assert russia["status"] == "party" and russia["consent"] == "1987-03-03"


def test_parties_ottawa_withdrawn(runner: CliRunner) -> None:
    rows = run_json(runner, "parties", "ottawa", "--status", "withdrawn", "--on", "2026-11-26")
    got = {r["state"]["id"]: r["withdrawal"]["effective_on"] for r in rows}
    assert {"EST", "LVA", "LTU", "FIN"} <= set(got)
    assert got["EST"] == "2025-12-27"


def test_search_torture_lists_ecpt_and_cat(runner: CliRunner) -> None:
    rows = run_json(runner, "search", "torture")
    ids = {r["id"] for r in rows}
    assert {"coe-126", "un-iv-9"} <= ids


def test_obligations_ecpt(runner: CliRunner) -> None:
    d = run_json(runner, "obligations", "ecpt")
    articles = [o["article"] for o in d["obligations"]]
    assert len(articles) >= 5 and "2" in articles
    assert "CPT" in d["monitoring"]["body"]
    assert d["denunciation"]["article"] == "22"
    assert d["denunciation"]["kind"] == "first_of_month_after_months"


@pytest.mark.parametrize(
    ("treaty", "notified", "effective"),
    [
        ("ecpt", "2025-10-15", "2026-11-01"),
        ("paris", "2019-11-04", "2020-11-04"),
        ("icc", "2016-10-27", "2017-10-27"),
        ("cat", "2024-01-31", "2025-01-31"),
    ],
)
def test_withdrawal_whatif(runner: CliRunner, treaty: str, notified: str, effective: str) -> None:
    d = run_json(runner, "withdrawal", treaty, "--notified", notified)
    assert d["effective_on"] == effective
    assert d["effective_basis"] == "computed"


def test_withdrawal_iccpr_has_no_clause(runner: CliRunner) -> None:
    d = run_json(runner, "withdrawal", "iccpr", "north korea", "--notified", "2026-11-26")
    assert d["effective_on"] is None
    assert d["may_notify"] is False
    assert "General Comment" in d["reason"] and "26" in d["reason"]


def test_withdrawal_minimum_membership_paris(runner: CliRunner) -> None:
    d = run_json(runner, "withdrawal", "paris", "usa", "--notified", "2021-06-01")
    assert d["may_notify"] is False
    assert d["may_notify_from"] == "2024-02-19"


@pytest.mark.parametrize(
    ("state", "treaty", "said"),
    [
        # a notice on record: its own dates, not a fresh notice's
        (
            "usa",
            "unesco",
            "United States of America already gave notice on 2025-07-22; it takes effect on 2026-12-31",
        ),
        # a law deciding to leave, the notice's receipt unknown: the earliest date Art. 22 allows
        (
            "russia",
            "ecpt",
            "has already decided to leave; the date the depositary received its notice is not in our data; "
            "it takes effect on 2026-10-01 at the earliest",
        ),
    ],
)
def test_withdrawal_whatif_for_a_state_already_leaving_says_so(
    runner: CliRunner, state: str, treaty: str, said: str
) -> None:
    d = run_json(runner, "withdrawal", treaty, state, "--notified", "2026-11-29")
    # bound, notice given: no new notice; bound unknown (Russia): never turned into a no
    assert d["may_notify"] is (False if d["current_status"] == "withdrawal_pending" else None)
    assert said in d["reason"]


@pytest.mark.parametrize(
    ("state", "treaty", "on", "expected", "notified", "effective", "basis"),
    [
        ("estonia", "ottawa", "2026-11-26", "withdrawn", "2025-06-27", "2025-12-27", "recorded"),
        ("poland", "ottawa", "2026-01-01", "withdrawal_pending", "2025-08-20", "2026-02-20", "recorded"),
        ("belarus", "iv-5", "2026-01-01", "withdrawn", "2022-11-08", "2023-02-08", "recorded"),
        ("jamaica", "iv-5", "2026-01-01", "withdrawn", "1997-10-23", "1998-01-23", "computed"),
    ],
)
def test_depositary_page_withdrawals(
    runner: CliRunner,
    state: str,
    treaty: str,
    on: str,
    expected: str,
    notified: str,
    effective: str,
    basis: str,
) -> None:
    d = status(runner, state, treaty, on)
    assert d["status"] == expected
    w = d["withdrawal"]
    assert (w["notified_on"], w["effective_on"], w["effective_basis"]) == (notified, effective, basis)
    exits = [a for a in d["actions"] if a["kind"] == "denunciation"]
    assert exits and exits[-1]["source"].startswith("UN Treaty Collection, status of MTDSG ")
    assert exits[-1]["source"].endswith(", as at 2026-02-03")
    assert d["coverage"] == {**d["coverage"], "coverage": "complete", "as_of": "2026-02-03"}


def test_guyana_denounced_and_reacceded_the_same_day_is_a_party(runner: CliRunner) -> None:
    assert status(runner, "guyana", "iv-5", "2026-01-01")["status"] == "party"


def test_tpnw_table_from_the_depositary_page(runner: CliRunner) -> None:
    rows = run_json(runner, "parties", "tpnw", "--on", "2026-02-03")
    assert len(rows) == 99
    assert not any(r["status"] == "unknown" for r in rows)


def test_canada_left_kyoto_and_snapshot_answers_say_withdrawals_may_be_missing(runner: CliRunner) -> None:
    d = status(runner, "canada", "kyoto", "2026-11-26")
    assert d["status"] == "withdrawn" and d["withdrawal"]["effective_on"] == "2012-12-15"
    other = status(runner, "japan", "kyoto", "2026-11-26")
    assert other["status"] == "party"
    assert any("does not record withdrawals" in n for n in other["notes"])


def test_a_group_treaty_admits_those_named_besides_the_group(runner: CliRunner) -> None:
    # the ECHR is open to Council of Europe members and, since Protocol No. 14, to the European Union
    eu = status(runner, "european union", "echr", "2026-11-26")
    assert (eu["status"], eu["bound"]) == ("not_party", "no")
    assert not any(n.startswith("not eligible") for n in eu["notes"])
    kosovo = status(runner, "kosovo", "echr", "2026-11-26")
    assert kosovo["status"] == "not_party" and kosovo["notes"][0].startswith("not eligible: Art. 59")


@pytest.mark.parametrize("args", [["ecpt", "russia"], ["russia", "ecpt"], ["uk", "echr"]])
def test_withdrawal_takes_state_and_treaty_in_either_order(runner: CliRunner, args: list[str]) -> None:
    # 'russia' alone is ambiguous as a treaty (several IEADB titles name Russia): the other order is tried
    d = run_json(runner, "withdrawal", *args, "--notified", "2026-01-15")
    assert {d["state"]["id"], d["treaty"]["id"]} in ({"RUS", "coe-126"}, {"GBR", "coe-005"})


def test_status_takes_treaty_and_state_the_other_way_round(runner: CliRunner) -> None:
    d = status(runner, "ecpt", "russia", "2026-11-26")
    assert (d["state"]["id"], d["treaty"]["id"]) == ("RUS", "coe-126")
    assert d["resolved"] == [
        {"input": "russia", "as": "RUS Russian Federation"},
        {"input": "ecpt", "as": "ETS 126 Anti-Torture Convention"},
    ]
    # a name neither way round is still the first error
    assert_error(invoke(runner, "status", "zzzqqq", "russia"), 1, says="unknown state 'zzzqqq'")


def test_a_stated_non_party_says_what_the_statement_is(runner: CliRunner) -> None:
    d = status(runner, "india", "npt", "2025-01-01")
    assert (d["status"], d["bound"]) == ("not_party", "no")
    assert (d["coverage"]["coverage"], d["coverage"]["as_of"]) == ("state", "2025-09-19")
    assert d["coverage"]["note"].startswith("India has never signed or acceded to the NPT.")
    today = status(runner, "india", "npt", "2026-11-26")
    assert today["status"] == "unknown" and today["last_known"]["status"] == "not_party"
