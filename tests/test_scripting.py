"""Batch mode and the change feed, parsed back from their machine output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from .conftest import invoke, run_json

BATCH = (
    b"russia\tcpt\t2026-11-26\nrusia\tcpt\nusa\tparis\t2020-06-01\n\xff\xfe\tcat\n"
    b"france\tecpt\t2026-13-01\n# comment\n\nkorea\tcat\n"
)


def test_batch_jsonl_keeps_order_and_reports_bad_lines(runner: CliRunner) -> None:
    r = runner.invoke(
        __import__("treatycli.cli", fromlist=["app"]).app,
        ["status", "--batch", "-", "--format", "jsonl"],
        input=BATCH,
    )
    assert r.exit_code == 5
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [rec["line"] for rec in records] == [1, 2, 3, 4, 5, 8]
    assert records[0]["status"] == "withdrawal_date_unknown"
    assert records[2]["status"] == "withdrawal_pending"
    assert "unknown state" in records[1]["error"] and records[1]["exit_code"] == 1
    assert records[3]["error"] == "line is not valid UTF-8"
    assert records[4]["exit_code"] == 2 and records[5]["exit_code"] == 3
    assert "4 line(s) failed" in r.stderr


def test_batch_csv_from_a_file(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "pairs.tsv"
    f.write_text("germany\tparis\t2026-11-26\nphilippines\ticc\t2018-06-01\n", encoding="utf-8")
    r = invoke(runner, "status", "--batch", str(f), "--format", "csv")
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [(x["state_id"], x["status"]) for x in rows] == [("DEU", "party"), ("PHL", "withdrawal_pending")]


def test_batch_missing_file_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    assert invoke(runner, "status", "--batch", str(tmp_path / "none.tsv")).exit_code == 2


def test_status_without_arguments_is_a_usage_error(runner: CliRunner) -> None:
    assert invoke(runner, "status").exit_code == 2


def test_events_denunciations_since_2025(runner: CliRunner) -> None:
    rows = run_json(runner, "events", "--since", "2025-01-01", "--kind", "denunciation")
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates, reverse=True) and all(d >= "2025-01-01" for d in dates)
    assert {("EST", "un-xxvi-5"), ("HUN", "un-xviii-10"), ("POL", "un-xxvi-5")} <= {
        (r["state_id"], r["treaty_id"]) for r in rows
    }
    assert all(r["kind"] == "denunciation" and r["source"] for r in rows)


def test_events_filters_by_state_and_treaty(runner: CliRunner) -> None:
    rows = run_json(runner, "events", "--state", "usa", "--treaty", "paris")
    assert {r["date"] for r in rows} >= {"2019-11-04", "2021-01-20", "2025-01-27"}
    assert {r["state_id"] for r in rows} == {"USA"}


def test_events_unknown_kind_is_a_usage_error(runner: CliRunner) -> None:
    assert invoke(runner, "events", "--kind", "denounce").exit_code == 2


def test_state_profile_groups_by_subject_and_lists_what_is_missing(runner: CliRunner) -> None:
    rows = run_json(runner, "state", "russia", "--subject", "torture", "--on", "2026-02-03")
    by_treaty = {r["treaty_id"]: r for r in rows}
    assert by_treaty["un-iv-9"]["status"] == "party" and by_treaty["un-iv-9"]["subject"] == "torture"
    assert by_treaty["coe-126"]["status"] == "withdrawal_date_unknown"
    assert by_treaty["un-iv-9-b"]["status"] == "not_party" and by_treaty["un-iv-9-b"]["core"] is True
    # later than the UN page of 2026-02-03, its list cannot deny that Russia joined since
    later = {
        r["treaty_id"]: r
        for r in run_json(runner, "state", "russia", "--subject", "torture", "--on", "2026-11-26")
    }
    assert later["un-iv-9-b"]["status"] == "unknown"
    assert later["un-iv-9-b"]["since"] in (None, "")  # an unknown word has no start date


def test_compare_matrix(runner: CliRunner) -> None:
    rows = run_json(
        runner, "compare", "france", "russia", "usa", "-t", "cat", "-t", "opcat", "--on", "2026-02-03"
    )
    cell = {(r["treaty_id"], r["state_id"]): r for r in rows}  # one row per treaty and state
    assert len(rows) == 6
    assert (cell["un-iv-9", "FRA"]["status"], cell["un-iv-9", "FRA"]["year"]) == ("party", "1987")
    assert (cell["un-iv-9", "USA"]["status"], cell["un-iv-9", "USA"]["year"]) == ("party", "1994")
    assert cell["un-iv-9-b", "RUS"]["status"] == "not_party" and cell["un-iv-9-b", "RUS"]["bound"] == "no"
    assert all(r["eligible"] is True and r["on"] == "2026-02-03" for r in rows)


def test_compare_leaves_out_what_no_state_asked_can_join(runner: CliRunner) -> None:
    rows = run_json(runner, "compare", "usa", "china", "russia", "india", "--on", "2026-02-03")
    treaties = {r["treaty_id"] for r in rows}
    assert "au-achpr" not in treaties  # the Banjul Charter: none of them may join
    by: dict[str, list[dict[str, object]]] = {}
    for r in rows:
        by.setdefault(r["treaty_id"], []).append(r)
    assert not [t for t, cells in by.items() if all(c["status"] == "unknown" for c in cells)]
    named = run_json(runner, "compare", "usa", "china", "-t", "achr", "--on", "2026-02-03")
    achr = {r["state_id"]: r for r in named}  # named treaties are always shown
    assert achr["CHN"]["eligible"] is False and achr["CHN"]["status"] == "not_party"
    assert achr["USA"]["eligible"] is True


def test_panel_cat_has_one_row_per_state_year(runner: CliRunner) -> None:
    r = invoke(runner, "panel", "cat", "--from", "1984", "--to", "2026", "--format", "csv")
    assert r.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    keys = [(x["state_id"], x["year"]) for x in rows]
    assert len(keys) == len(set(keys))
    states = {x["state_id"] for x in rows}
    assert len(rows) == sum(len({y for s, y in keys if s == st}) for st in states)
    assert all(len({y for s, y in keys if s == st}) == 43 for st in ("RUS", "FRA", "USA"))
    russia = {x["year"]: x for x in rows if x["state_id"] == "RUS"}
    assert russia["1986"]["status"] == "signatory" and russia["1987"]["status"] == "party"
    assert "ratification 1987-03-03" in russia["1987"]["acts"]


def test_panel_rejects_a_backwards_range(runner: CliRunner) -> None:
    assert invoke(runner, "panel", "cat", "--from", "2000", "--to", "1990").exit_code == 2


def test_parties_chart_data(runner: CliRunner) -> None:
    rows = run_json(runner, "parties", "cat", "--chart", "--on", "2026-11-26")
    years = {r["year"]: r["parties"] for r in rows}
    assert years[1987] > 0 and years[2015] > years[1990]
    assert list(years) == sorted(years)


def test_state_chart_data(runner: CliRunner) -> None:
    rows = run_json(runner, "state", "russia", "--chart")
    assert sum(r["acts"] for r in rows) > 100


def test_fields_choose_the_columns(runner: CliRunner) -> None:
    r = invoke(
        runner,
        "parties",
        "ottawa",
        "--status",
        "withdrawn",
        "--on",
        "2026-11-26",
        "--fields",
        "state_id,effective_on",
        "--format",
        "csv",
    )
    assert r.exit_code == 0, r.stderr
    assert r.stdout.splitlines()[0] == "state_id,effective_on"
    assert "POL,2026-02-20" in r.stdout.splitlines()
    bad = invoke(runner, "status", "russia", "cpt", "--fields", "nope", "--format", "json")
    assert bad.exit_code == 2 and bad.stdout == "" and "unknown field(s) nope" in bad.stderr
    # the next command is not affected by the last one's --fields
    info = invoke(runner, "info", "--format", "json")
    assert "schema_version" in info.stdout


def test_withdrawal_csv_cells_are_flat(runner: CliRunner) -> None:
    # ids and names in their own columns: a CSV reader never meets a JSON object in a cell
    r = invoke(runner, "withdrawal", "unesco", "usa", "--notified", "2026-11-29", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    (row,) = csv.DictReader(io.StringIO(r.stdout))
    assert list(row)[:4] == ["treaty_id", "treaty", "state_id", "state"]
    assert (row["treaty_id"], row["treaty"], row["state_id"]) == ("unesco", "UNESCO Constitution", "USA")
    assert row["effective_on"] == "2027-12-31" and row["current_status"] == "withdrawal_pending"
    assert not any(v.startswith("{") for v in row.values())
