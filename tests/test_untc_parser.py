"""The UNTC status-page parser (``treatycli.sources.untc_page``).

Part 1 runs on hand-made fixtures in ``tests/fixtures/untc/`` that copy the structure of a real page
(``_tblgrid`` table, ``thead-one`` header row in ``<td>``, tab inside dates, bracketed rows,
``divNotesAll`` footnotes, CRLF line ends) but none of its content. Part 2 runs on the real pages
captured on 2026-02-03 in the shared live-samples folder, and is skipped where that folder is absent.
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
    parse_status_page,
    withdrawals_in_note,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "untc"
LIVE = Path("/work/shared/sources/live-samples/untc")

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
        "San Marino",
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


def test_withdrawal_without_a_readable_notice_date_is_skipped_not_guessed(page: UntcPage) -> None:
    # Note 8: "informed the Secretary-General of its withdrawal ... takes effect six months after ...".
    assert "San Marino" in page.withdrawn
    assert acts(page, "San Marino", K.DENUNCIATION) == []
    assert [a.kind for a in acts(page, "San Marino")] == [K.ACCESSION]


def test_withdrawing_a_reservation_is_not_a_denunciation(page: UntcPage) -> None:
    assert acts(page, "Germany", K.DENUNCIATION) == []
    assert "Germany" not in page.withdrawn


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
    page = parse_status_page(_bad(text))
    (action,) = [a for a in page.actions if a.participant == "Ruritania"]
    assert (action.kind, action.date) == (_SUFFIXES[suffix], day.isoformat())
    assert ("Ruritania" in page.withdrawn) is bracketed


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
        ("", []),
    ],
)
def test_withdrawals_in_note(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(n, e) for n, e, _ in withdrawals_in_note(text)] == expected


# ------------------------------------------------------------------------------------------------
# 2. The real pages of 2026-02-03 (not copied into the project)
# ------------------------------------------------------------------------------------------------

live = pytest.mark.skipif(not LIVE.is_dir(), reason=f"{LIVE} is not available")

LIVE_PAGES = {
    "ottawa": ("ViewDetails_XXVI-5_ottawa.html", "XXVI-5", 166),
    "iccpr_op1": ("ViewDetails_IV-5_iccpr_op1.html", "IV-5", 122),
    "crc_op_ic": ("ViewDetails_IV-11-d_crc_op_ic.html", "IV-11-d", 69),
    "tpnw": ("ViewDetails_XXVI-9_tpnw.html", "XXVI-9", 99),
}


def live_page(key: str) -> UntcPage:
    return parse_status_page(read(LIVE / LIVE_PAGES[key][0]))


def _counts(html: str) -> tuple[int, int]:
    m = re.search(r"Signatories\s*:\s*(\d+)\.\s*Parties\s*:\s*(\d+)", html)
    assert m is not None
    return int(m[1]), int(m[2])


@live
@pytest.mark.parametrize("key", sorted(LIVE_PAGES))
def test_live_page_shape(key: str) -> None:
    _, mtdsg, rows = LIVE_PAGES[key]
    page = live_page(key)
    assert page.mtdsg == mtdsg
    assert len(page.participants) == rows
    assert len(set(page.participants)) == rows
    assert page.status_as_at == "2026-02-03"
    assert page.title and page.concluded and page.entry_into_force


@live
@pytest.mark.parametrize("key", sorted(LIVE_PAGES))
def test_live_counts_match_the_status_line(key: str) -> None:
    """Unbracketed signature and consent cells add up to the page's "Signatories : N. Parties : M"."""
    html = read(LIVE / LIVE_PAGES[key][0])
    page = parse_status_page(html)
    current = [a for a in page.actions if a.participant not in page.withdrawn]
    signatures = sum(a.kind is K.SIGNATURE for a in current)
    parties = sum(a.kind in CONSENT_KINDS for a in current)
    assert (signatures, parties) == _counts(html)


@live
def test_live_ottawa_withdrawals() -> None:
    page = live_page("ottawa")
    assert page.title.startswith("Convention on the Prohibition of the Use, Stockpiling")
    assert page.concluded == "Oslo, 18 September 1997"
    assert page.entry_into_force == "1999-03-01"
    assert page.withdrawn == ("Estonia", "Finland", "Latvia", "Lithuania")
    denunciations = {a.participant: (a.date, a.effective_on) for a in withdrawals(page)}
    assert denunciations == {
        "Estonia": ("2025-06-27", "2025-12-27"),
        "Finland": ("2025-07-10", "2026-01-10"),
        "Latvia": ("2025-06-27", "2025-12-27"),
        "Lithuania": ("2025-06-27", "2025-12-27"),
        "Poland": ("2025-08-20", "2026-02-20"),  # pending; the row is not bracketed
    }
    assert "Poland" not in page.withdrawn
    assert {a.kind for a in acts(page, "Lithuania")} == {K.SIGNATURE, K.RATIFICATION, K.DENUNCIATION}


@live
def test_live_iccpr_op1_withdrawals_and_reaccession() -> None:
    page = live_page("iccpr_op1")
    assert set(page.withdrawn) == {"Jamaica", "Belarus", "Trinidad and Tobago"}
    denunciations = [(a.participant, a.date, a.effective_on) for a in withdrawals(page)]
    assert denunciations == [
        ("Belarus", "2022-11-08", "2023-02-08"),
        ("Guyana", "1999-01-05", "1999-04-05"),
        ("Jamaica", "1997-10-23", None),  # the note states no effect date
        ("Trinidad and Tobago", "1998-05-26", "1998-08-26"),
        ("Trinidad and Tobago", "2000-03-27", "2000-06-27"),
    ]
    assert [(a.kind, a.date) for a in acts(page, "Guyana") if a.kind is not K.DENUNCIATION] == [
        (K.ACCESSION, "1999-01-05")
    ]
    # Germany withdrew a reservation (note 11): not a denunciation.
    assert acts(page, "Germany", K.DENUNCIATION) == []


@live
@pytest.mark.parametrize("key", ["crc_op_ic", "tpnw"])
def test_live_baselines_have_no_withdrawals(key: str) -> None:
    page = live_page(key)
    assert page.withdrawn == ()
    assert not [a for a in page.actions if a.kind is K.DENUNCIATION]
