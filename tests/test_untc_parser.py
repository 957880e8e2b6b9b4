"""The UNTC status-page parser (``treatycli.sources.untc_page``) on hand-made fixtures.

The fixtures in ``tests/fixtures/untc/`` copy the structure of a real page (``_tblgrid`` table,
``thead-one`` header row in ``<td>``, tab inside dates, bracketed rows, ``divNotesAll`` footnotes,
the "Signatories : N. Parties : M" line, CRLF line ends) but none of its content: the states and
footnotes are made up in the UN's wording. ``test_untc_pages.py`` runs the same parser over the 30
real pages of 2026-02-03.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treatycli.errors import TreatyError
from treatycli.models import CONSENT_KINDS, ActionKind
from treatycli.sources.untc_page import (
    UntcAction,
    UntcPage,
    UntcParseError,
    events_in_note,
    parse_status_page,
    status_page_url,
    withdrawals_in_note,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "untc"

K = ActionKind


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:  # keep CRLF as the site sends it
        return fh.read()


def fixture(name: str) -> str:
    return read(FIXTURES / name)


def acts(page: UntcPage, participant: str, kind: ActionKind | None = None) -> list[UntcAction]:
    return [a for a in page.actions if a.participant == participant and (kind is None or a.kind is kind)]


def withdrawals(page: UntcPage) -> list[UntcAction]:
    return [a for a in page.actions if a.kind is K.DENUNCIATION]


@pytest.fixture(scope="module")
def page() -> UntcPage:
    return parse_status_page(fixture("status_withdrawals.html"))


# ------------------------------------------------------------------------------------------------
# 1. Hand-made fixtures
# ------------------------------------------------------------------------------------------------


def test_fixture_keeps_crlf_and_tabs() -> None:
    raw = (FIXTURES / "status_withdrawals.html").read_bytes()
    assert b"\r\n" in raw and b"\t 1997" in raw


def test_header_fields(page: UntcPage) -> None:
    assert page.mtdsg == "VII-7-b"  # CHAPTER VII + "7. b" in the title cell
    assert page.title == "Hand-made Protocol on Test Fixtures"
    assert page.concluded == "Geneva, 2 March 2001"
    assert page.entry_into_force == "2003-03-01"
    assert page.status_as_at == "2026-02-03"  # "03-02-2026" is day-month-year


def test_mtdsg_argument_wins() -> None:
    assert parse_status_page(fixture("status_withdrawals.html"), mtdsg="XXVI-5").mtdsg == "XXVI-5"


def test_participants_in_table_order_with_links_footnotes_and_entities_stripped(page: UntcPage) -> None:
    assert page.participants == (
        "Albania",
        "Austria",
        "Belarus",
        "Côte d'Ivoire",
        "Estonia",
        "Freedonia",
        "Germany",
        "Guyana",
        "Jamaica",
        "Montenegro",
        "Netherlands (Kingdom of the)",
        "Poland",
        "San Marino",
        "Sylvania",
        "Trinidad and Tobago",
        "Ukraine",
        "Vanuatu",
        "Yemen",
        "Zambia",
    )


def test_decoy_tables_are_ignored(page: UntcPage) -> None:
    assert "Decoy" not in page.participants
    assert all(a.date != "1900-01-01" for a in page.actions)


def test_footnote_numbers_on_the_participant_cell(page: UntcPage) -> None:
    assert acts(page, "Ukraine", K.SIGNATURE)[0].footnotes == ("10", "11")
    assert acts(page, "Belarus", K.ACCESSION)[0].footnotes == ("1",)
    assert acts(page, "Albania")[0].footnotes == ()


@pytest.mark.parametrize(
    ("participant", "kind", "iso"),
    [
        ("Albania", K.ACCESSION, "1997-12-04"),  # " &nbsp;4 Dec<TAB> 1997 a"
        ("Austria", K.SIGNATURE, "1973-12-10"),
        ("Austria", K.APPROVAL, "1999-02-25"),  # AA
        ("Côte d'Ivoire", K.ACCEPTANCE, "1999-04-12"),  # A
        ("Germany", K.RATIFICATION, "1999-12-17"),  # no suffix
        ("Montenegro", K.SIGNATURE, "2006-10-23"),  # d in the signature column: succession to signature
        ("Montenegro", K.SUCCESSION, "2006-10-23"),  # d in the consent column
        ("Netherlands (Kingdom of the)", K.FORMAL_CONFIRMATION, "2012-01-09"),  # c
        ("Vanuatu", K.DEFINITIVE_SIGNATURE, "2005-09-16"),  # s
        ("Yemen", K.SIGNATURE, "2000-03-14"),
        ("Zambia", K.CONSENT, "2021-02-02"),  # P
    ],
)
def test_cells_and_suffixes(page: UntcPage, participant: str, kind: ActionKind, iso: str) -> None:
    (action,) = acts(page, participant, kind)
    assert action.date == iso
    assert action.effective_on is None and action.note is None


def test_rows_without_a_dated_act_in_a_column_emit_nothing_for_it(page: UntcPage) -> None:
    assert [a.kind for a in acts(page, "Yemen")] == [K.SIGNATURE]
    assert [a.kind for a in acts(page, "Albania")] == [K.ACCESSION]


def test_bracketed_rows_are_withdrawn_and_keep_their_acts(page: UntcPage) -> None:
    assert page.withdrawn == (
        "Belarus",
        "Estonia",
        "Freedonia",
        "Jamaica",
        "Trinidad and Tobago",
    )
    assert [(a.kind, a.date) for a in acts(page, "Jamaica") if a.kind is not K.DENUNCIATION] == [
        (K.SIGNATURE, "1966-12-19"),
        (K.RATIFICATION, "1975-10-03"),
    ]
    assert [(a.kind, a.date) for a in acts(page, "Estonia") if a.kind is not K.DENUNCIATION] == [
        (K.SIGNATURE, "1997-12-03"),
        (K.RATIFICATION, "2004-05-12"),
    ]


def test_bracketed_withdrawal_dated_by_two_sentences_of_its_footnote(page: UntcPage) -> None:
    (d,) = acts(page, "Estonia", K.DENUNCIATION)
    assert (d.date, d.effective_on) == ("2025-06-27", "2025-12-27")  # not "3 July 2025" of the C.N.
    assert d.note is not None and d.note.startswith("note 2: On 27 June 2025")
    assert "took effect" in d.note and "C.N.2.2025" not in d.note
    assert d.footnotes == ("2",)


def test_denunciation_with_effect_from(page: UntcPage) -> None:
    (d,) = acts(page, "Belarus", K.DENUNCIATION)
    assert (d.date, d.effective_on) == ("2022-11-08", "2023-02-08")


def test_pending_withdrawal_on_an_unbracketed_row(page: UntcPage) -> None:
    assert "Poland" not in page.withdrawn
    (d,) = acts(page, "Poland", K.DENUNCIATION)
    assert (d.date, d.effective_on) == ("2025-08-20", "2026-02-20")
    assert acts(page, "Poland", K.RATIFICATION)[0].date == "2012-12-27"


def test_denounce_then_reaccede_keeps_the_table_and_adds_the_earlier_denunciation(page: UntcPage) -> None:
    assert "Guyana" not in page.withdrawn
    assert [(a.kind, a.date, a.effective_on) for a in acts(page, "Guyana")] == [
        (K.ACCESSION, "1999-01-05", None),  # the current accession, as the table shows it
        (K.DENUNCIATION, "1999-01-05", "1999-04-05"),  # not the objection's "denouncing", nor 10 May 1993
    ]


def test_two_denunciations_in_one_footnote(page: UntcPage) -> None:
    assert [(a.date, a.effective_on) for a in acts(page, "Trinidad and Tobago", K.DENUNCIATION)] == [
        ("1998-05-26", "1998-08-26"),  # "On 26 May 1998 the Government": no comma after the date
        ("2000-03-27", "2000-06-27"),
    ]


def test_denunciation_without_an_effect_date_keeps_the_notice_date_only(page: UntcPage) -> None:
    (d,) = acts(page, "Jamaica", K.DENUNCIATION)
    assert (d.date, d.effective_on) == ("1997-10-23", None)  # the note gives no effect date: not computed


def test_withdrawing_a_reservation_is_not_a_denunciation(page: UntcPage) -> None:
    assert acts(page, "Germany", K.DENUNCIATION) == []
    assert "Germany" not in page.withdrawn
    # "On 31 October 2023, ... of the following: ... withdraws the reservation it made upon depositing
    # its instrument of ratification on 17 December 1999": the date of the notice, not of the quote.
    assert [(a.date, a.effective_on) for a in acts(page, "Germany", K.DECLARATION_WITHDRAWN)] == [
        ("2023-10-31", None)
    ]


def test_withdrawing_with_effect_as_from_that_date_the_reservation_is_not_a_denunciation(
    page: UntcPage,
) -> None:
    # Note 8: "its decision to withdraw, with effect as from that date, the reservation ...".
    assert acts(page, "San Marino", K.DENUNCIATION) == []
    (w,) = acts(page, "San Marino", K.DECLARATION_WITHDRAWN)
    assert (w.date, w.effective_on) == ("2015-03-15", None)
    assert w.note is not None and w.note.startswith("note 8: On 15 March 2015")


def test_withdrawal_without_a_readable_notice_date_on_a_bracketed_row_is_a_parse_error() -> None:
    html = (
        fixture("status_withdrawals.html")
        .replace("<td> &nbsp;9 Jan\t 2012 a<br></td>", "<td>[ &nbsp;9 Jan\t 2012 a]<br></td>")
        .replace(
            "On 15 March 2015, the Government of San Marino notified the Secretary-General of its "
            "decision to withdraw, with effect as from that date, the reservation",
            "The Government of San Marino has informed the Secretary-General of its withdrawal from the "
            "Protocol. The withdrawal takes effect six months after the receipt of the notification",
        )
    )
    with pytest.raises(
        UntcParseError,
        match=r"MTDSG VII-7-b: row 13 \('San Marino'\) is bracketed \(withdrawn\) "
        r"but its footnotes \(8\) record no dated withdrawal",
    ):
        parse_status_page(html)


def test_unrelated_dated_footnotes_give_nothing(page: UntcPage) -> None:
    assert acts(page, "Ukraine", K.DENUNCIATION) == []
    assert acts(page, "Montenegro", K.DENUNCIATION) == []


def test_only_participants_with_dated_notes_get_denunciations(page: UntcPage) -> None:
    assert sorted({a.participant for a in page.actions if a.kind is K.DENUNCIATION}) == [
        "Belarus",
        "Estonia",
        "Freedonia",
        "Guyana",
        "Jamaica",
        "Poland",
        "Trinidad and Tobago",
    ]


def test_a_footnote_shared_by_two_rows_dates_only_the_row_it_names(page: UntcPage) -> None:
    (d,) = acts(page, "Freedonia", K.DENUNCIATION)
    assert (d.date, d.effective_on) == ("2010-03-01", "2010-06-01")
    assert acts(page, "Sylvania", K.DENUNCIATION) == []
    assert acts(page, "Sylvania", K.SUCCESSION)[0].footnotes == ("14",)


def test_records_are_frozen(page: UntcPage) -> None:
    with pytest.raises(AttributeError):
        page.actions[0].date = "2000-01-01"  # type: ignore[misc]


def test_accession_first_header_lf_lines_and_mtdsg_from_the_link() -> None:
    page = parse_status_page(fixture("status_accession_first.html"))
    assert page.mtdsg == "VII-8"  # no CHAPTER heading: read from the form's mtdsg_no=
    assert page.entry_into_force is None
    assert [(a.participant, a.kind, a.date) for a in page.actions] == [
        ("Andorra", K.SIGNATURE, "2002-08-05"),
        ("Andorra", K.RATIFICATION, "2006-09-22"),
        ("Denmark", K.ACCESSION, "2015-10-07"),
    ]
    assert page.withdrawn == ()


def test_unknown_suffix_names_the_cell() -> None:
    with pytest.raises(UntcParseError, match=r"Ruritania.*Accession\(a\).*4 Dec 2007 x.*unknown suffix 'x'"):
        parse_status_page(fixture("status_unknown_suffix.html"))


def test_parse_error_is_a_value_error_and_a_treaty_error() -> None:
    assert issubclass(UntcParseError, ValueError)
    assert issubclass(UntcParseError, TreatyError)


def _bad(cell: str) -> str:
    return fixture("status_unknown_suffix.html").replace(" &nbsp;4 Dec\t 2007 x", cell)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("4 Dek\t 2007 ", "unknown month 'Dek'"),
        ("31 Feb\t 2007 ", "impossible date"),
        ("[4 Dec\t 2007 a", "unbalanced brackets"),
        ("sometime in 2007", "unreadable date"),
        ("4 Dec\t 2007 aa", "unknown suffix 'aa'"),  # suffixes are case-sensitive: AA is approval
    ],
)
def test_unreadable_cells_raise(cell: str, message: str) -> None:
    with pytest.raises(UntcParseError, match=rf"Ruritania.*{re.escape(message)}"):
        parse_status_page(_bad(cell))


def test_unknown_suffix_in_the_signature_column() -> None:
    html = fixture("status_unknown_suffix.html").replace(
        "<td>&nbsp;</td>\r\n\t\t<td> &nbsp;4 Dec", "<td>3 Mar\t 2007 a<br></td>\r\n\t\t<td> &nbsp;4 Dec"
    )
    with pytest.raises(UntcParseError, match=r"Ruritania.*'Signature'.*unknown suffix 'a'"):
        parse_status_page(html)


def test_unknown_column_header_raises() -> None:
    html = fixture("status_unknown_suffix.html").replace(
        "Ratification, Acceptance(A), Approval(AA), Accession(a)", "Declarations under article 41"
    )
    with pytest.raises(UntcParseError, match="unrecognised column header 'Declarations under article 41'"):
        parse_status_page(html)


def test_page_without_the_grid_raises() -> None:
    html = fixture("status_unknown_suffix.html").replace("_tblgrid", "_tblsomething")
    with pytest.raises(UntcParseError, match="_tblgrid"):
        parse_status_page(html)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_SUFFIXES = {
    "": K.RATIFICATION,
    "a": K.ACCESSION,
    "A": K.ACCEPTANCE,
    "AA": K.APPROVAL,
    "d": K.SUCCESSION,
    "c": K.FORMAL_CONFIRMATION,
    "s": K.DEFINITIVE_SIGNATURE,
    "P": K.CONSENT,
}


@settings(max_examples=60, database=None, deadline=None)
@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    suffix=st.sampled_from(sorted(_SUFFIXES)),
    bracketed=st.booleans(),
)
def test_any_date_cell_round_trips(day: date, suffix: str, bracketed: bool) -> None:
    pad = " &nbsp;" if day.day < 10 else ""  # how the site pads one-digit days
    text = f"{pad}{day.day} {_MONTHS[day.month - 1]}\t {day.year} {suffix}"
    if bracketed:
        text = f"[{text}]"
    if bracketed:  # a bracketed row needs a footnote dating its withdrawal; this one cites none
        with pytest.raises(UntcParseError, match=r"row 2 \('Ruritania'\) is bracketed"):
            parse_status_page(_bad(text))
        return
    page = parse_status_page(_bad(text))
    (action,) = [a for a in page.actions if a.participant == "Ruritania"]
    assert (action.kind, action.date) == (_SUFFIXES[suffix], day.isoformat())
    assert page.withdrawn == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "On 27 June 2025, the Government of X deposited a notification of withdrawal (See C.N.1.2025"
            ".TREATIES-XXVI-5 of 3 July 2025). The withdrawal took effect for X on 27 December 2025.",
            [("2025-06-27", "2025-12-27")],
        ),
        (
            "The Government of X notified the Secretary-General of its decision to denounce the Convention "
            "on 23 October 1997, with effect on 23 January 1998.",
            [("1997-10-23", "1998-01-23")],
        ),
        (
            "On 1 March 2001, X withdrew from the Convention. It took effect on 1 March 2002.",
            [("2001-03-01", "2002-03-01")],
        ),
        ("On 5 May 2005, X withdrew its objection to the reservation made by Y.", []),
        ("On 5 May 2005, X withdrew the declaration made upon ratification.", []),
        ("X notified its withdrawal. The withdrawal will take effect on 1 June 2020.", []),
        ("X acceded on 1 January 1990. On 2 February 1995, X re-acceded.", []),
        (  # "withdraw" far from its object
            "On 15 March 1991, the Government of X notified the Secretary-General of its decision to "
            "withdraw, with effect as from that date, the reservation made upon ratification.",
            [],
        ),
        (
            "On 6 February 1998, the Government of X notified the Secretary-General of a partial "
            "withdrawal as follows:",
            [],
        ),
        (  # another treaty denounced, in a sentence withdrawing a reservation
            "On 13 January 1989, the Secretary-General received from the Government of X a "
            "communication that it denounced the Convention concerning night work (ILO Convention "
            "No. 4) on 23 June 1987 and that it withdraws the reservation made upon ratification.",
            [],
        ),
        (  # the date of the depositary's answer is not a second notice
            "On 25 August 1997, the Secretary-General received from the Government of X a notification of "
            "withdrawal from the Covenant, dated 23 August 1997.\n\nAs the Covenant does not contain a "
            "withdrawal provision, the Secretariat forwarded on 23 September 1997 an aide-memoire to X.",
            [("1997-08-25", None)],
        ),
        ("", []),
    ],
)
def test_withdrawals_in_note(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(n, e) for n, e, _ in withdrawals_in_note(text)] == expected


def test_events_in_note_kinds_and_dates() -> None:
    text = (
        "On 25 August 1997, the Secretary-General received from the Government of X a notification "
        "of withdrawal from the Covenant.\nAs the Covenant does not contain a withdrawal provision, "
        "the Secretariat forwarded on 23 September 1997 an aide-memoire.\nSubsequently, in a "
        "notification received on 21 July 1986, the Government of X informed the Secretary-General "
        "that it decided to withdraw its reservation to article 15."
    )
    events = events_in_note(text)
    assert [(e.kind, e.date, e.effective_on, e.without_effect) for e in events] == [
        (K.DENUNCIATION, "1997-08-25", None, True),
        (K.DECLARATION_WITHDRAWN, "1986-07-21", None, False),
    ]
    assert "does not contain a withdrawal provision" in events[0].text


def test_several_dates_respectively_stop_a_treaty_withdrawal() -> None:
    text = (
        "On 1 March 2001 and 2 April 2002, respectively, the Governments of X and Y notified the "
        "Secretary-General of their withdrawal from the Convention."
    )
    with pytest.raises(UntcParseError, match="respectively"):
        events_in_note(text)


# ------------------------------------------------------------------------------------------------
# The page's own URL and counts
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mtdsg", "chapter"),
    [("XXVI-8", 26), ("IV-4", 4), ("IV-11-d", 4), ("XXVI-2-a", 26), ("XVIII-10", 18), ("IX", None)],
)
def test_status_page_url_uses_the_chapter_number(mtdsg: str, chapter: int | None) -> None:
    if chapter is None:
        with pytest.raises(ValueError, match="not an MTDSG number"):
            status_page_url(mtdsg)
        return
    assert status_page_url(mtdsg) == (
        f"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={mtdsg}&chapter={chapter}&clang=_en"
    )
    assert status_page_url(mtdsg, "http://127.0.0.1:8000/").startswith("http://127.0.0.1:8000/Pages/")


def test_page_records_its_url_and_its_stated_counts(page: UntcPage) -> None:
    assert (
        page.url
        == "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=VII-7-b&chapter=7&clang=_en"
    )
    assert (page.signatories_stated, page.parties_stated) == (6, 13)
    assert len(page.parties) == 13 and "Estonia" not in page.parties and "Poland" in page.parties


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("Parties : 13", "Parties : 14", r"13 current parties .* 'Parties : 14'"),
        ("Signatories : 6.", "Signatories : 7.", r"6 signatories .* 'Signatories : 7'"),
        ("Signatories : 6. Parties : 13", "Signatories : 6.", r"no 'Parties : N'"),
    ],
)
def test_counts_that_do_not_reconcile_are_a_parse_error(old: str, new: str, message: str) -> None:
    with pytest.raises(UntcParseError, match=rf"MTDSG VII-7-b: .*{message}"):
        parse_status_page(fixture("status_withdrawals.html").replace(old, new))


# ------------------------------------------------------------------------------------------------
# Loud failures: the table and its footnotes must agree
# ------------------------------------------------------------------------------------------------


def test_renaming_the_footnote_block_makes_the_page_fail() -> None:
    html = fixture("status_withdrawals.html").replace("_divNotesAll", "_divNotesRenamed")
    with pytest.raises(
        UntcParseError, match=r"MTDSG VII-7-b: row 3 \('Belarus'\) cites footnote\(s\) 1, which"
    ):
        parse_status_page(html)


def test_a_bracketed_row_without_a_withdrawal_in_its_footnote_fails() -> None:
    html = fixture("status_withdrawals.html").replace(
        "deposited with the Secretary-General a notification of withdrawal (See",
        "deposited with the Secretary-General a communication (See",
    )
    with pytest.raises(
        UntcParseError,
        match=r"MTDSG VII-7-b: row 5 \('Estonia'\) is bracketed \(withdrawn\) "
        r"but its footnotes \(2\) record no",
    ):
        parse_status_page(html)


def test_a_bracketed_row_citing_no_footnote_fails() -> None:
    html = fixture("status_withdrawals.html").replace(
        "<td> &nbsp;4 Dec\t 1997 a<br></td>", "<td>[ &nbsp;4 Dec\t 1997 a]<br></td>"
    )
    with pytest.raises(
        UntcParseError, match=r"row 1 \('Albania'\) is bracketed \(withdrawn\) but its footnotes \(none\)"
    ):
        parse_status_page(html)


def test_a_shared_withdrawal_footnote_naming_none_of_its_rows_fails() -> None:
    html = fixture("status_withdrawals.html").replace(
        "the Government of Freedonia notified the Secretary-General of its denunciation",
        "the Government of Ruritania notified the Secretary-General of its denunciation",
    )
    with pytest.raises(
        UntcParseError,
        match=r"footnote 14 records a denunciation of 2010-03-01 but names none of the rows citing it "
        r"\(row 6 \('Freedonia'\), row 14 \('Sylvania'\)\)",
    ):
        parse_status_page(html)


def test_a_withdrawal_footnote_no_row_cites_fails() -> None:
    html = fixture("status_withdrawals.html").replace(
        "Poland</A> <SUP><A onclick='ShowNoteAll()' href='#7' class='noteIndex'>7</A> </SUP>", "Poland</A>"
    )
    with pytest.raises(UntcParseError, match="footnote 7 records a denunciation of 2025-08-20 but no row"):
        parse_status_page(html)


def test_an_unbracketed_row_whose_withdrawal_took_effect_fails() -> None:
    html = fixture("status_withdrawals.html").replace(
        "<td>[30 Sep\t 1992 a]<br></td>", "<td>30 Sep\t 1992 a<br></td>"
    )
    with pytest.raises(
        UntcParseError,
        match=r"row 3 \('Belarus'\) is not bracketed but a footnote records its withdrawal "
        r"\(notice 2022-11-08, effect 2023-02-08\)",
    ):
        parse_status_page(html)


# ------------------------------------------------------------------------------------------------
# A provisional-application column; a notice of intent not to become a party (status_provisional.html)
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def provisional() -> UntcPage:
    return parse_status_page(fixture("status_provisional.html"))


def test_provisional_application_column_is_read_and_is_not_consent(provisional: UntcPage) -> None:
    (pa,) = acts(provisional, "Arcadia", K.PROVISIONAL_APPLICATION)
    assert pa.date == "2013-08-12"
    assert K.PROVISIONAL_APPLICATION not in CONSENT_KINDS
    assert [a.kind for a in acts(provisional, "Arcadia")] == [
        K.SIGNATURE,
        K.PROVISIONAL_APPLICATION,
        K.RATIFICATION,
    ]
    assert provisional.parties == ("Arcadia", "Dalmatia")
    assert (provisional.signatories_stated, provisional.parties_stated) == (2, 2)


def test_provisional_application_column_takes_only_its_suffix() -> None:
    html = fixture("status_provisional.html").replace("12 Aug\t 2013 n", "12 Aug\t 2013 a")
    with pytest.raises(
        UntcParseError, match=r"Arcadia.*Provisional application under article 23\(n\).*unknown suffix 'a'"
    ):
        parse_status_page(html)


def test_notice_of_intent_not_to_become_a_party_withdraws_the_signature(provisional: UntcPage) -> None:
    assert [(a.kind, a.date) for a in acts(provisional, "Borduria")] == [
        (K.SIGNATURE, "2013-09-25"),
        (K.SIGNATURE_WITHDRAWN, "2019-07-18"),  # the letter's date of receipt, not "April 2, 2013"
    ]
    assert "Borduria" not in provisional.parties


def test_withdrawal_in_the_second_paragraph_of_a_provisional_application_footnote(
    provisional: UntcPage,
) -> None:
    assert provisional.withdrawn == ("Carpania",)
    assert [(a.kind, a.date, a.effective_on) for a in acts(provisional, "Carpania")] == [
        (K.SIGNATURE, "2008-12-03", None),
        (K.PROVISIONAL_APPLICATION, "2011-03-24", None),
        (K.RATIFICATION, "2011-03-24", None),
        (K.DENUNCIATION, "2024-09-06", "2025-03-06"),
    ]


def test_a_signature_withdrawn_without_a_signature_fails() -> None:
    html = fixture("status_provisional.html").replace("<td>25 Sep\t 2013<br></td>", "<td>&nbsp;</td>")
    html = html.replace("Signatories : 2.", "Signatories : 1.")
    with pytest.raises(UntcParseError, match=r"row 2 \('Borduria'\): a footnote withdraws a signature"):
        parse_status_page(html)


# ------------------------------------------------------------------------------------------------
# Reservation withdrawals and a withdrawal without a withdrawal clause (status_footnotes.html)
# ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def notes_page() -> UntcPage:
    return parse_status_page(fixture("status_footnotes.html"))


def test_reservation_withdrawals_are_never_withdrawals_from_the_treaty(notes_page: UntcPage) -> None:
    assert notes_page.withdrawn == ()
    assert [a.participant for a in withdrawals(notes_page)] == ["Northland"]
    assert len(notes_page.parties) == notes_page.parties_stated == 10


@pytest.mark.parametrize(
    ("participant", "dates"),
    [
        (
            "Republic of Southland",
            ["1991-03-15", "1999-08-24"],
        ),  # "withdraw, with effect as from that date, the ..."
        (
            "Eastland",
            ["1984-03-26"],
        ),  # "In a notification received on"; "the withdrawal was effected because"
        ("Westland", ["1998-02-06"]),  # "a partial withdrawal as follows:"
        ("Midland", ["1989-01-13"]),  # "denounced the Convention concerning ... (ILO Convention No. 45)"
        ("Highland", ["2013-10-30"]),  # not "done in New York on 16 December 1966", nor "27 March 1997"
        ("Outland", ["2018-12-14"]),  # not the quotation's "Whereas on 28 July 1983"
        ("Lowland", []),  # "On D1 and D2, respectively, ... Lowland and Upland": left out, not guessed
        ("Upland", []),
        ("Southland Islands", []),  # no footnote; "Republic of Southland"'s notes are not its own
    ],
)
def test_reservation_withdrawals_keep_the_notice_date(
    notes_page: UntcPage, participant: str, dates: list[str]
) -> None:
    assert [a.date for a in acts(notes_page, participant, K.DECLARATION_WITHDRAWN)] == dates
    assert acts(notes_page, participant, K.DENUNCIATION) == []


def test_one_notice_from_a_treaty_without_a_withdrawal_clause(notes_page: UntcPage) -> None:
    (d,) = acts(notes_page, "Northland", K.DENUNCIATION)
    assert (d.date, d.effective_on) == ("1997-08-25", None)  # not the aide-memoire of 23 September 1997
    assert d.note is not None and "does not contain a withdrawal provision" in d.note
    assert "Northland" in notes_page.parties  # the depositary still lists it


def test_a_withdrawal_the_depositary_does_not_hold_void_on_an_unbracketed_row_fails() -> None:
    html = fixture("status_footnotes.html").replace("does not contain a withdrawal provision", "was silent")
    html = html.replace("would not appear possible", "was noted")
    with pytest.raises(UntcParseError, match=r"row 5 \('Northland'\) is not bracketed"):
        parse_status_page(html)


def test_page_rows_for_pages_csv_and_actions_csv(provisional: UntcPage) -> None:
    from treatycli.dataset.untc_live import ACTION_COLUMNS, PAGE_COLUMNS, page_rows

    row, actions = page_rows(provisional)
    assert list(row) == list(PAGE_COLUMNS)
    assert row == {
        "treaty": "un-xxvi-8",
        "mtdsg": "XXVI-8",
        "title": "Hand-made Treaty on Provisional Fixtures",
        "entry_into_force_on": "2014-12-24",
        "not_in_force": "",
        "status_as_at": "2026-02-03",
        "url": "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-8&chapter=26&clang=_en",
        "parties_stated": "2",
        "participants": "4",
        "withdrawn": "Carpania",
    }
    assert page_rows(provisional, "http://127.0.0.1:1/x")[0]["url"] == "http://127.0.0.1:1/x"
    assert all(list(a) == list(ACTION_COLUMNS) for a in actions)
    assert {
        "treaty": "un-xxvi-8",
        "participant": "Borduria",
        "kind": "signature_withdrawn",
        "date": "2019-07-18",
    }.items() <= next(a for a in actions if a["kind"] == "signature_withdrawn").items()


def test_a_name_inside_another_participants_name_does_not_count() -> None:
    # "Southland" cites the footnote of "Republic of Southland": the footnote names only the latter.
    html = fixture("status_footnotes.html").replace(
        "<td>Southland Islands<br></td>",
        "<td>Southland <SUP><A onclick='ShowNoteAll()' href='#2' class='noteIndex'>2</A> </SUP><br></td>",
    )
    page = parse_status_page(html)
    assert acts(page, "Southland", K.DECLARATION_WITHDRAWN) == []
    assert len(acts(page, "Republic of Southland", K.DECLARATION_WITHDRAWN)) == 2
