"""The UNTC status-page parser on the 30 real pages captured on 2026-02-03.

The pages are not in the project (the UN publishes them without a licence); they are read from the
shared snapshot folder beside the checkout (``../shared/sources/``: ``live-samples/untc`` and
``untc-2026-02/html``). Where that folder is missing these tests are skipped, or fail when the
``CI`` environment variable is set, so that a CI run cannot pass without them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from treatycli.models import ActionKind
from treatycli.sources.untc_page import UntcAction, UntcPage, UntcParseError, parse_status_page

from .conftest import SHARED, need_shared

K = ActionKind

FOLDERS = (SHARED / "live-samples" / "untc", SHARED / "untc-2026-02" / "html")

# file -> (MTDSG, participant rows, "Parties : N" of the page)
PAGES: dict[str, tuple[str, int, int]] = {
    "ViewDetails_IV-2_cerd.html": ("IV-2", 185, 182),
    "ViewDetails_IV-3_icescr.html": ("IV-3", 178, 173),
    "ViewDetails_IV-3-a_icescr_op.html": ("IV-3-a", 55, 31),
    "ViewDetails_IV-4_iccpr.html": ("IV-4", 181, 175),
    "ViewDetails_IV-5_iccpr_op1.html": ("IV-5", 122, 116),
    "ViewDetails_IV-8_cedaw.html": ("IV-8", 191, 189),
    "ViewDetails_IV-8-b_cedaw_op.html": ("IV-8-b", 127, 116),
    "ViewDetails_IV-9_cat.html": ("IV-9", 179, 175),
    "ViewDetails_IV-9-b_cat_op.html": ("IV-9-b", 107, 96),
    "ViewDetails_IV-11_crc.html": ("IV-11", 197, 196),
    "ViewDetails_IV-11-b_crc_op_ac.html": ("IV-11-b", 180, 173),
    "ViewDetails_IV-11-c_crc_op_sc.html": ("IV-11-c", 186, 178),
    "ViewDetails_IV-11-d_crc_op_ic.html": ("IV-11-d", 69, 53),
    "ViewDetails_IV-12_iccpr_op2.html": ("IV-12", 92, 92),
    "ViewDetails_IV-13_cmw.html": ("IV-13", 71, 60),
    "ViewDetails_IV-15_crpd.html": ("IV-15", 196, 193),
    "ViewDetails_IV-15-a_crpd_op.html": ("IV-15-a", 131, 108),
    "ViewDetails_IV-16_ced.html": ("IV-16", 117, 78),
    "ViewDetails_XXVI-1_enmod.html": ("XXVI-1", 94, 78),
    "ViewDetails_XXVI-2_ccw.html": ("XXVI-2", 132, 128),
    "ViewDetails_XXVI-2-a_ccw_p4.html": ("XXVI-2-a", 111, 111),
    "ViewDetails_XXVI-2-b_ccw_p2a.html": ("XXVI-2-b", 107, 107),
    "ViewDetails_XXVI-2-c_ccw_art1.html": ("XXVI-2-c", 90, 90),
    "ViewDetails_XXVI-2-d_ccw_p5.html": ("XXVI-2-d", 99, 99),
    "ViewDetails_XXVI-3_cwc.html": ("XXVI-3", 194, 193),
    "ViewDetails_XXVI-4_ctbt.html": ("XXVI-4", 187, 178),
    "ViewDetails_XXVI-5_ottawa.html": ("XXVI-5", 166, 162),
    "ViewDetails_XXVI-6_ccm.html": ("XXVI-6", 125, 112),
    "ViewDetails_XXVI-8_att.html": ("XXVI-8", 142, 117),
    "ViewDetails_XXVI-9_tpnw.html": ("XXVI-9", 99, 74),
}
BY_MTDSG = {mtdsg: name for name, (mtdsg, _, _) in PAGES.items()}


def _path(name: str) -> Path:
    for folder in FOLDERS:
        if (folder / name).is_file():
            return folder / name
    pytest.fail(f"{name} is in neither {FOLDERS[0]} nor {FOLDERS[1]}")


def html_of(mtdsg: str) -> str:
    need_shared(*FOLDERS)
    with _path(BY_MTDSG[mtdsg]).open(encoding="utf-8", newline="") as fh:  # keep CRLF as the site sends it
        return fh.read()


_PARSED: dict[str, UntcPage] = {}


def page_of(mtdsg: str) -> UntcPage:
    if mtdsg not in _PARSED:
        _PARSED[mtdsg] = parse_status_page(html_of(mtdsg))
    return _PARSED[mtdsg]


def acts(page: UntcPage, participant: str, kind: ActionKind | None = None) -> list[UntcAction]:
    return [a for a in page.actions if a.participant == participant and (kind is None or a.kind is kind)]


def of_kind(page: UntcPage, kind: ActionKind) -> list[tuple[str, str, str | None]]:
    return [(a.participant, a.date, a.effective_on) for a in page.actions if a.kind is kind]


# ------------------------------------------------------------------------------------------------
# All 30 pages
# ------------------------------------------------------------------------------------------------


def test_the_shared_folders_hold_the_30_pages() -> None:
    need_shared(*FOLDERS)
    found = sorted(p.name for folder in FOLDERS for p in folder.glob("ViewDetails_*.html"))
    assert found == sorted(PAGES)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_parses_and_its_parties_equal_its_own_header(name: str) -> None:
    mtdsg, rows, parties = PAGES[name]
    html = html_of(mtdsg)
    page = page_of(mtdsg)
    stated = re.search(r"Parties\s*:\s*(\d+)", html)
    assert stated is not None and int(stated[1]) == parties
    assert page.mtdsg == mtdsg
    assert page.parties_stated == parties
    assert len(page.parties) == parties
    assert len(page.participants) == len(set(page.participants)) == rows
    assert set(page.parties) <= set(page.participants) - set(page.withdrawn)
    assert page.status_as_at == "2026-02-03"
    assert page.title and page.concluded
    chapter = {"IV": 4, "XXVI": 26}[mtdsg.split("-")[0]]
    assert page.url == (
        f"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no={mtdsg}&chapter={chapter}&clang=_en"
    )


@pytest.mark.parametrize("name", sorted(PAGES))
def test_signatories_equal_the_header_where_the_page_gives_them(name: str) -> None:
    mtdsg = PAGES[name][0]
    page = page_of(mtdsg)
    stated = re.search(r"Signatories\s*:\s*(\d+)", html_of(mtdsg))
    assert page.signatories_stated == (int(stated[1]) if stated else None)
    if mtdsg.startswith("XXVI-2-"):
        assert page.signatories_stated is None  # the CCW protocols give "Parties : N" alone


def test_every_withdrawal_from_a_treaty_on_the_30_pages() -> None:
    """The complete list: one more or one fewer is a parser change to look at."""
    found = {mtdsg: of_kind(page_of(mtdsg), K.DENUNCIATION) for mtdsg in BY_MTDSG}
    assert {m: d for m, d in found.items() if d} == {
        "IV-4": [("Democratic People's Republic of Korea", "1997-08-25", None)],
        "IV-5": [
            ("Belarus", "2022-11-08", "2023-02-08"),
            ("Guyana", "1999-01-05", "1999-04-05"),
            ("Jamaica", "1997-10-23", None),  # the note states no effect date
            ("Trinidad and Tobago", "1998-05-26", "1998-08-26"),
            ("Trinidad and Tobago", "2000-03-27", "2000-06-27"),
        ],
        "XXVI-5": [
            ("Estonia", "2025-06-27", "2025-12-27"),
            ("Finland", "2025-07-10", "2026-01-10"),
            ("Latvia", "2025-06-27", "2025-12-27"),
            ("Lithuania", "2025-06-27", "2025-12-27"),
            ("Poland", "2025-08-20", "2026-02-20"),  # pending; the row is not bracketed
        ],
        "XXVI-6": [("Lithuania", "2024-09-06", "2025-03-06")],
    }
    withdrawn = {mtdsg: page_of(mtdsg).withdrawn for mtdsg in BY_MTDSG}
    assert {m: w for m, w in withdrawn.items() if w} == {
        "IV-5": ("Belarus", "Jamaica", "Trinidad and Tobago"),
        "XXVI-5": ("Estonia", "Finland", "Latvia", "Lithuania"),
        "XXVI-6": ("Lithuania",),
    }


def test_only_the_united_states_withdrew_a_signature() -> None:
    found = {mtdsg: of_kind(page_of(mtdsg), K.SIGNATURE_WITHDRAWN) for mtdsg in BY_MTDSG}
    assert {m: d for m, d in found.items() if d} == {
        "XXVI-8": [("United States of America", "2019-07-18", None)]
    }


@pytest.mark.parametrize("mtdsg", ["XXVI-5", "XXVI-6", "IV-4", "IV-8", "IV-5"])
def test_renaming_the_footnote_block_makes_a_real_page_fail(mtdsg: str) -> None:
    html = html_of(mtdsg).replace("_divNotesAll", "_divNotesRenamed")
    with pytest.raises(
        UntcParseError, match=rf"MTDSG {mtdsg}: row \d+ \(.*\) cites footnote\(s\) .* the page lacks"
    ):
        parse_status_page(html)


def test_dropping_the_withdrawal_from_a_real_footnote_makes_the_page_fail() -> None:
    estonia = "the Government of the Republic of Estonia deposited with the Secretary-General a "
    html = html_of("XXVI-5").replace(estonia + "notification of withdrawal", estonia + "communication")
    with pytest.raises(
        UntcParseError, match=r"MTDSG XXVI-5: row \d+ \('Estonia'\) is bracketed \(withdrawn\)"
    ):
        parse_status_page(html)


# ------------------------------------------------------------------------------------------------
# Arms Trade Treaty (XXVI-8) and Convention on Cluster Munitions (XXVI-6)
# ------------------------------------------------------------------------------------------------


def test_att_provisional_application_is_its_own_kind() -> None:
    page = page_of("XXVI-8")
    provisional = of_kind(page, K.PROVISIONAL_APPLICATION)
    assert len(provisional) == 22
    assert ("United Kingdom of Great Britain and Northern Ireland", "2014-04-02", None) in provisional
    assert [a.kind for a in acts(page, "Iceland")] == [K.SIGNATURE, K.PROVISIONAL_APPLICATION, K.RATIFICATION]
    assert (page.signatories_stated, page.parties_stated) == (130, 117)


def test_att_lebanon_is_a_party() -> None:
    page = page_of("XXVI-8")
    assert "Lebanon" in page.parties
    assert any(a.kind.is_consent for a in acts(page, "Lebanon"))


def test_att_united_states_notice_not_to_become_a_party() -> None:
    page = page_of("XXVI-8")
    assert [(a.kind, a.date) for a in acts(page, "United States of America")] == [
        (K.SIGNATURE, "2013-09-25"),
        (K.SIGNATURE_WITHDRAWN, "2019-07-18"),
    ]
    (w,) = acts(page, "United States of America", K.SIGNATURE_WITHDRAWN)
    assert w.note is not None and "does not intend to become a party" in w.note
    assert "United States of America" not in page.parties


def test_ccm_lithuania_withdrawal_is_read() -> None:
    page = page_of("XXVI-6")
    assert page.withdrawn == ("Lithuania",)
    assert [(a.kind, a.date, a.effective_on) for a in acts(page, "Lithuania")] == [
        (K.SIGNATURE, "2008-12-03", None),
        (K.PROVISIONAL_APPLICATION, "2011-03-24", None),
        (K.RATIFICATION, "2011-03-24", None),
        (K.DENUNCIATION, "2024-09-06", "2025-03-06"),
    ]
    assert "Lithuania" not in page.parties
    assert len(of_kind(page, K.PROVISIONAL_APPLICATION)) == 4


# ------------------------------------------------------------------------------------------------
# CEDAW (IV-8): reservation withdrawals; ICCPR (IV-4): the DPRK's notice
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("participant", "dates"),
    [
        ("France", ["1984-03-26", "1986-07-21", "2013-10-14"]),
        ("Malaysia", ["1998-02-06"]),
        ("New Zealand", ["1989-01-13", "2003-09-05", "2007-07-05"]),
        ("Republic of Korea", ["1991-03-15", "1999-08-24"]),
        ("Switzerland", ["2004-04-29", "2013-10-30"]),
        ("Thailand", ["1991-01-25", "1992-10-26", "1996-08-01", "2012-07-18"]),
    ],
)
def test_cedaw_reservation_withdrawals_are_not_withdrawals_from_the_treaty(
    participant: str, dates: list[str]
) -> None:
    page = page_of("IV-8")
    assert acts(page, participant, K.DENUNCIATION) == []
    assert sorted(a.date for a in acts(page, participant, K.DECLARATION_WITHDRAWN)) == dates
    assert participant in page.parties


def test_cedaw_has_no_withdrawal_from_the_treaty() -> None:
    page = page_of("IV-8")
    assert of_kind(page, K.DENUNCIATION) == []
    assert page.withdrawn == ()
    assert len(page.parties) == 189


def test_iccpr_dprk_one_notice_and_still_a_party() -> None:
    page = page_of("IV-4")
    dprk = "Democratic People's Republic of Korea"
    (d,) = acts(page, dprk, K.DENUNCIATION)
    assert (d.date, d.effective_on) == ("1997-08-25", None)  # not the aide-memoire of 23 September 1997
    assert d.note is not None and "does not contain a withdrawal provision" in d.note
    assert dprk in page.parties and dprk not in page.withdrawn


# ------------------------------------------------------------------------------------------------
# Ottawa (XXVI-5) and ICCPR-OP1 (IV-5), as before
# ------------------------------------------------------------------------------------------------


def test_ottawa_header_and_withdrawals() -> None:
    page = page_of("XXVI-5")
    assert page.title.startswith("Convention on the Prohibition of the Use, Stockpiling")
    assert page.concluded == "Oslo, 18 September 1997"
    assert page.entry_into_force == "1999-03-01"
    assert "Poland" in page.parties and "Poland" not in page.withdrawn
    assert {a.kind for a in acts(page, "Lithuania")} == {K.SIGNATURE, K.RATIFICATION, K.DENUNCIATION}


def test_iccpr_op1_reaccession_and_reservation_withdrawal() -> None:
    page = page_of("IV-5")
    assert [(a.kind, a.date) for a in acts(page, "Guyana") if a.kind is not K.DENUNCIATION] == [
        (K.ACCESSION, "1999-01-05")
    ]
    assert "Guyana" in page.parties
    assert acts(page, "Germany", K.DENUNCIATION) == []  # Germany withdrew a reservation (note 11)


@pytest.mark.parametrize("mtdsg", ["IV-11-d", "XXVI-9"])
def test_baselines_have_no_withdrawals(mtdsg: str) -> None:
    page = page_of(mtdsg)
    assert page.withdrawn == ()
    assert of_kind(page, K.DENUNCIATION) == []


# ------------------------------------------------------------------------------------------------
# The committed facts: data/sources/untc_live/*.csv are what the 30 pages give
# ------------------------------------------------------------------------------------------------


def test_committed_untc_live_files_are_what_the_pages_give(tmp_path: Path) -> None:
    from treatycli.dataset import untc_live
    from treatycli.dataset.records import write_csv

    need_shared(*FOLDERS)
    pages, actions = untc_live.read_pages(FOLDERS)
    assert [p["treaty"] for p in pages] == sorted(f"un-{m.lower()}" for m, _, _ in PAGES.values())
    assert {p["status_as_at"] for p in pages} == {"2026-02-03"}
    assert {p["treaty"]: int(p["parties_stated"]) for p in pages} == {
        f"un-{m.lower()}": n for m, _, n in PAGES.values()
    }
    write_csv(tmp_path / "pages.csv", untc_live.PAGE_COLUMNS, pages)
    write_csv(tmp_path / "actions.csv", untc_live.ACTION_COLUMNS, actions)
    committed = Path(__file__).resolve().parents[1] / "data" / "sources" / "untc_live"
    for name in ("pages.csv", "actions.csv"):
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name


def test_only_the_ctbt_page_says_not_yet_in_force() -> None:
    # the label of the entry-into-force cell: "Not yet in force" on the CTBT's page, else a date
    not_in_force = {m for m in BY_MTDSG if page_of(m).not_in_force}
    assert not_in_force == {"XXVI-4"}
    assert page_of("XXVI-4").entry_into_force is None
    assert all(page_of(m).entry_into_force for m in BY_MTDSG if m != "XXVI-4")
