"""Declarations, reservations, objections and complaint procedures read from UNTC status pages.

The hand-made page ``fixtures/untc/declarations_iv9.html`` has the shape of a UN status page (the
grids ``dgDec``, ``dgObj``, ``dgDecUnderArticle``, the territorial table ``tblDec``, footnotes) with
invented participants and texts. The tests on the 30 real pages read them from the shared snapshot
folder beside the checkout (``../shared/sources/``); without it they are skipped, or fail when the
``CI`` environment variable is set.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import pytest

from treatycli.dataset import untc_live
from treatycli.sources.untc_page import (
    DeclarationText,
    ProcedureRecord,
    UntcDeclarationsError,
    UntcParseError,
    parse_declarations,
    parse_procedures,
    parse_status_page,
)

from .conftest import SHARED, need_shared

FIXTURE = Path(__file__).parent / "fixtures" / "untc" / "declarations_iv9.html"
ROOT = Path(__file__).resolve().parents[1]
LIVE = ROOT / "data" / "sources" / "untc_live"
FOLDERS = tuple(SHARED / f for f in untc_live.FOLDERS)
P = "ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_"

csv.field_size_limit(
    sys.maxsize
)  # one text (Peru's derogation notices under ICCPR art. 4) is 330,000 characters


def fixture() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def records(html: str | None = None) -> tuple[DeclarationText, ...]:
    return parse_declarations(fixture() if html is None else html, "IV-9")


def procedures() -> list[tuple[str, str, str, str, str | None]]:
    html = fixture()
    page = parse_status_page(html)
    found = parse_procedures("IV-9", parse_declarations(html, "IV-9"), page.participants)
    return [(r.participant, r.procedure, r.article, r.status, r.date) for r in found]


# ------------------------------------------------------------------------------------------------
# The parser, on the hand-made page
# ------------------------------------------------------------------------------------------------


def test_one_record_per_participant_section_and_act() -> None:
    assert [(r.participant, r.section, r.made_upon) for r in records()] == [
        ("Borduria", "Declarations and Reservations", None),
        ("Freedonia", "Declarations and Reservations", "Upon signature"),
        ("Freedonia", "Declarations and Reservations", "Upon ratification"),
        ("Syldavia", "Declarations and Reservations", None),
        ("Denmark", "Objections", None),
        ("Atlantis", "Declarations made under articles 21 and 22", None),
        ("Denmark", "Declarations made under articles 21 and 22", None),
        ("Syldavia", "Declarations made under articles 21 and 22", None),
        ("Yugoslavia (former)", "Declarations made under articles 21 and 22", None),
        ("Freedonia", "Territorial Application", None),
        ("Freedonia", "Territorial Application", None),
    ]


def test_text_is_whole_with_one_line_per_paragraph() -> None:
    freedonia = [r for r in records() if r.made_upon == "Upon ratification"]
    assert freedonia[0].text == (
        "Reservation:\n"
        "In accordance with article 28, paragraph 1, Freedonia declares that it does not recognize the "
        "competence of the Committee provided for in article 20.\n"
        "Freedonia applies article 15 as lex specialis."
    )


def test_made_upon_only_where_the_entry_says_so() -> None:
    # "With regard to the reservations made by Freedonia upon ratification:" is Freedonia's act
    (objection,) = [r for r in records() if r.section == "Objections"]
    assert objection.made_upon is None
    assert objection.text.splitlines()[:2] == [
        "28 June 2011",
        "With regard to the reservations made by Freedonia upon ratification:",
    ]


def test_a_name_with_only_a_footnote_keeps_the_footnote() -> None:
    (borduria,) = [r for r in records() if r.participant == "Borduria"]
    assert borduria.text == ""
    assert borduria.footnotes == ("1",)
    assert borduria.notes[0].startswith("On 4 August 1998, the Government of Borduria notified")


def test_territorial_application_rows_continue_the_row_above() -> None:
    rows = [r.text for r in records() if r.section == "Territorial Application"]
    assert rows == [
        "Date of receipt of the notification: 11 Dec 1988\nNorth Freedonia",
        "Date of receipt of the notification: 18 Dec 2000\nSouth Freedonia",
    ]


def test_the_status_table_is_read_as_before() -> None:
    page = parse_status_page(fixture())
    assert page.mtdsg == "IV-9"
    assert page.parties == ("Atlantis", "Borduria", "Denmark", "Freedonia", "Syldavia")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (  # a text whose participant cell is empty
            '_dgDec_ctl04_divParticipant" class="heading-two">Syldavia',
            '_dgDec_ctl04_divParticipant" class="heading-two">',
            "a text without a participant",
        ),
        (  # a participant and no text
            f'<div id="{P}dgDec_ctl04_divText"',
            '<div id="x"',
            "a participant without its text",
        ),
        (  # a grid this parser does not know
            f'id="{P}dgObj"',
            f'id="{P}dgSurprise"',
            "unknown grid 'dgSurprise'",
        ),
        (  # entries under a heading the page hides
            f'id="{P}divMainDecArt" class="bold"',
            f'id="{P}divMainDecArt" class="bold" style="Display:none;"',
            "entries under a hidden or empty heading",
        ),
        (  # a footnote the page lacks
            "href='#2' class='noteIndex'>2</A>",
            "href='#7' class='noteIndex'>7</A>",
            "footnote(s) 7, which the page lacks",
        ),
        (  # an "Upon ...:" heading with nothing under it
            "in the light of its Constitution.<br></n></i></p>",
            "in the light of its Constitution.<br></n></i></p><p align=left><i>Upon accession:<br></i></p>",
            "'Upon accession' with no text under it",
        ),
        (  # an unexpected territorial table
            "Territories<br>",
            "Places<br></td><td>More<br>",
            "territorial table headers",
        ),
    ],
)
def test_loud_on_unexpected_structure(old: str, new: str, message: str) -> None:
    html = fixture()
    assert html.count(old) >= 1, old
    with pytest.raises(UntcDeclarationsError) as err:
        records(html.replace(old, new, 1))
    assert str(err.value).startswith("MTDSG IV-9: ")
    assert message in str(err.value)
    assert isinstance(err.value, UntcParseError)


def test_a_page_without_declarations_gives_none() -> None:
    assert parse_declarations("<html><body><p>nothing</p></body></html>", "IV-9") == ()


# ------------------------------------------------------------------------------------------------
# Procedures, on the hand-made page
# ------------------------------------------------------------------------------------------------


def test_procedures_read_from_the_texts() -> None:
    assert procedures() == [
        ("Atlantis", "inter_state", "21", "accepted", "2001-03-03"),  # article 21 only
        ("Borduria", "inquiry_opt_out", "28", "withdrawn", "1998-08-04"),  # from its footnote
        # no article number: the wording of articles 22 and 21
        ("Denmark", "individual_complaints", "22", "accepted", None),
        ("Denmark", "inter_state", "21", "accepted", None),
        ("Freedonia", "inquiry_opt_out", "28", "accepted", None),
        # "articles 21 and 22", then the withdrawal of the article 22 declaration only
        ("Syldavia", "individual_complaints", "22", "accepted", "1993-05-12"),
        ("Syldavia", "individual_complaints", "22", "withdrawn", "2020-09-09"),
        ("Syldavia", "inter_state", "21", "accepted", "1993-05-12"),
    ]


def test_objections_and_predecessors_accept_nothing() -> None:
    found = procedures()
    # Denmark's objection "recognizes the competence ... under article 22": its own section counts once
    assert [p for p in found if p[0] == "Denmark" and p[1] == "individual_complaints"] == [
        ("Denmark", "individual_complaints", "22", "accepted", None)
    ]
    assert not [p for p in found if p[0].startswith("Yugoslavia")]  # no row of the table


def test_evidence_is_the_sentence_and_short() -> None:
    html = fixture()
    found = parse_procedures("IV-9", parse_declarations(html, "IV-9"))
    assert all(isinstance(r, ProcedureRecord) and 0 < len(r.evidence) <= 300 for r in found)
    (atlantis,) = [r for r in found if r.participant == "Atlantis"]
    assert atlantis.evidence.startswith("Atlantis declares, pursuant to article 21")
    assert atlantis.evidence.endswith("\u2026")


def test_only_the_core_treaties_have_procedures() -> None:
    assert parse_procedures("XXVI-5", records()) == ()


def test_rows_for_the_csv_files() -> None:
    html = fixture()
    texts, procs = untc_live.page_texts(html, parse_status_page(html))
    assert all(tuple(r) == untc_live.TEXT_COLUMNS for r in texts)
    assert all(tuple(r) == untc_live.PROCEDURE_COLUMNS for r in procs)
    assert len(texts) == 9  # the two name-only entries have no text row
    assert {r["treaty"] for r in texts + procs} == {"un-iv-9"}
    assert [r["made_upon"] for r in texts[:3]] == ["Upon signature", "Upon ratification", ""]


# ------------------------------------------------------------------------------------------------
# The 30 real pages and the generated files
# ------------------------------------------------------------------------------------------------


_REAL: dict[str, tuple[list[dict[str, str]], list[dict[str, str]]]] = {}


def real() -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    need_shared(*FOLDERS)
    if not _REAL:
        _REAL["all"] = untc_live.read_texts(FOLDERS)
    return _REAL["all"]


def _read(name: str) -> list[dict[str, str]]:
    if name.endswith(".jsonl"):
        return untc_live.read_jsonl(LIVE / name)
    with (LIVE / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def cat(participant: str) -> set[tuple[str, str, str]]:
    return {
        (r["procedure"], r["article"], r["status"])
        for r in real()[1]
        if r["treaty"] == "un-iv-9" and r["participant"] == participant
    }


def test_the_generated_files_are_current() -> None:
    texts, procs = real()
    assert _read("texts.jsonl") == texts, "run the untc_live importer: texts.jsonl is stale"
    assert _read("procedures.csv") == procs, "run the untc_live importer: procedures.csv is stale"


def test_every_page_has_texts() -> None:
    texts, _ = real()
    per = Counter(r["treaty"] for r in texts)
    assert len(per) == 30
    assert per["un-iv-9"] == 151 and per["un-iv-4"] == 191 and per["un-xxvi-9"] == 1
    assert {r["made_upon"] for r in texts} >= {"", "Upon signature", "Upon ratification"}


def test_denmark_accepts_cat_article_22() -> None:
    assert ("individual_complaints", "22", "accepted") in cat("Denmark")
    assert ("inter_state", "21", "accepted") in cat("Denmark")


def test_the_united_states_accepts_article_21_not_22() -> None:
    assert cat("United States of America") == {("inter_state", "21", "accepted")}


def test_how_many_accept_cat_article_22() -> None:
    accepted = {
        r["participant"]
        for r in real()[1]
        if (r["treaty"], r["article"], r["status"]) == ("un-iv-9", "22", "accepted")
    }
    assert len(accepted) == 70
    assert {"Ukraine", "Seychelles", "Chile", "Ghana"} <= accepted  # a footnote, a heading, a list, prose
    assert not {"Japan", "United Kingdom of Great Britain and Northern Ireland", "Uganda"} & accepted


def test_cat_inquiry_opt_outs() -> None:
    assert ("inquiry_opt_out", "28", "accepted") in cat("Israel")
    assert ("inquiry_opt_out", "28", "withdrawn") in cat("Morocco")
    assert not cat("Denmark") & {("inquiry_opt_out", "28", "accepted")}


def test_procedure_counts() -> None:
    counts = Counter((r["treaty"], r["article"], r["status"]) for r in real()[1])
    assert counts == {
        ("un-iv-9", "22", "accepted"): 70,
        ("un-iv-9", "21", "accepted"): 63,
        ("un-iv-9", "28", "accepted"): 16,
        ("un-iv-9", "28", "withdrawn"): 12,
        ("un-iv-2", "14", "accepted"): 58,
        ("un-iv-16", "31", "accepted"): 30,
        ("un-iv-16", "32", "accepted"): 29,
        ("un-iv-13", "77", "accepted"): 5,
        ("un-iv-13", "76", "accepted"): 4,
    }
