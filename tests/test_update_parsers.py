"""The CoE, UNODA and Verdragenbank parsers (``treatycli.update.{coe,unoda,verdragenbank}``).

Part 1 runs on hand-made fixtures in ``tests/fixtures/{coe,unoda,verdragenbank}/`` that copy the
structure each service is documented to answer with (see PROVENANCE.md of the live samples). Their
dates follow the public record where one is named (Türkiye's denunciation of CETS 210, the NPT
depositaries) but they are test data, not a source: the Italian NPT deposit dates are spread on
purpose, and the Verdragenbank item 900001 is invented. Part 2 runs on the real recorded answers in
the shared live-samples folder and is skipped where that folder is absent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treatycli.errors import TreatyError, UpdateError
from treatycli.models import ActionKind
from treatycli.sources import coe_ws as coe
from treatycli.sources import unoda, verdragenbank
from treatycli.sources.coe_ws import (
    COE_CODES,
    CONSENT_NOTE,
    CoeAction,
    CoeParseError,
    iso3_of,
    normalise_number,
    parse_signatures,
    parse_treaty_list,
    read_access_key,
)
from treatycli.sources.unoda import (
    UnodaAction,
    UnodaParseError,
    build_query,
    dedupe_by_state,
    parse_treaty_actions,
)
from treatycli.sources.verdragenbank import CONSENT_TYPES, VbParseError, VbTreaty, parse_item

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LIVE = Path("/work/shared/sources/live-samples")

K = ActionKind


def fixture(*parts: str) -> str:
    return (FIXTURES.joinpath(*parts)).read_text(encoding="utf-8")


def live(*parts: str) -> str:
    path = LIVE.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"live sample {path} not present")
    return path.read_text(encoding="utf-8")


def by(actions: tuple[CoeAction, ...], code: str) -> list[tuple[ActionKind, str | None, str | None]]:
    return [(a.kind, a.date, a.effective_on) for a in actions if a.code == code]


@pytest.mark.parametrize("error", [CoeParseError, UnodaParseError, VbParseError])
def test_parse_errors_are_update_errors_and_value_errors(error: type[Exception]) -> None:
    assert issubclass(error, UpdateError) and issubclass(error, TreatyError) and issubclass(error, ValueError)


# ================================================================================================
# 1. Council of Europe
# ================================================================================================


@pytest.fixture(scope="module")
def istanbul() -> tuple[CoeAction, ...]:
    return parse_signatures(fixture("coe", "signatures_210.json"), "210")


def test_coe_member_that_denounced(istanbul: tuple[CoeAction, ...]) -> None:
    assert by(istanbul, "TUR") == [
        (K.SIGNATURE, "2011-05-11", None),
        (K.RATIFICATION, "2012-03-14", None),
        (K.ENTRY_INTO_FORCE, "2014-08-01", None),
        (K.DENUNCIATION, "2021-03-22", "2021-07-01"),
    ]
    turkiye = [a for a in istanbul if a.code == "TUR"]
    assert {a.name for a in turkiye} == {"Türkiye"}
    assert {a.group for a in turkiye} == {"member"}
    consent = next(a for a in turkiye if a.kind is K.RATIFICATION)
    assert (
        consent.note == CONSENT_NOTE == "consent (ratification or accession; the service does not say which)"
    )
    assert all(a.note is None for a in turkiye if a.kind is not K.RATIFICATION)


def test_coe_rows_without_dates_give_nothing_and_signature_only_gives_one(
    istanbul: tuple[CoeAction, ...],
) -> None:
    assert by(istanbul, "RUS") == []
    assert by(istanbul, "JAP") == []  # the non-member bucket's row has no dates
    assert by(istanbul, "BUL") == [(K.SIGNATURE, "2016-04-21", None)]
    assert by(istanbul, "ALB")[-1] == (K.ENTRY_INTO_FORCE, "2014-08-01", None)


def test_coe_organisation_bucket(istanbul: tuple[CoeAction, ...]) -> None:
    eu = [a for a in istanbul if a.code == "UE"]
    assert [a.kind for a in eu] == [K.SIGNATURE, K.RATIFICATION, K.ENTRY_INTO_FORCE]
    assert {a.group for a in eu} == {"organisation"} and eu[0].name == "European Union"
    assert iso3_of("UE") is None


def test_coe_non_member_bucket() -> None:
    actions = parse_signatures(fixture("coe", "signatures_185.json"), "185")
    usa = [a for a in actions if a.code == "USA"]
    assert [(a.kind, a.date) for a in usa] == [
        (K.SIGNATURE, "2001-11-23"),
        (K.RATIFICATION, "2006-09-29"),
        (K.ENTRY_INTO_FORCE, "2007-01-01"),
    ]
    assert {a.group for a in usa} == {"non-member"}
    assert {a.group for a in actions if a.code == "NET"} == {"member"}
    assert iso3_of("NET") == "NLD" and iso3_of("USA") == "USA"


def test_coe_effect_only_denunciation_and_suspension() -> None:
    row = {
        "CodePays": "XYZ",
        "LibPaysOrga": "Someland",
        "NumSTE": 5,
        "DateSignature": None,
        "DateConsentement": "1990-01-01T00:00:00",
        "DateEntreeVigueur": None,
        "DateDenonciation": None,
        "DateEffetDenonciation": "2000-06-30T00:00:00",
        "DateSuspension": "1995-02-03T00:00:00",
    }
    actions = parse_signatures(json.dumps([[row], [], []]), "5")
    assert [(a.kind, a.date, a.effective_on) for a in actions] == [
        (K.RATIFICATION, "1990-01-01", None),
        (K.DENUNCIATION, None, "2000-06-30"),
        (K.SUSPENSION, "1995-02-03", None),
    ]
    assert iso3_of("XYZ") is None  # unknown codes are not guessed


def test_coe_fewer_buckets_and_null_bucket_are_read() -> None:
    row = {
        "CodePays": "FRA",
        "LibPaysOrga": "France",
        "NumSTE": "005",
        "DateSignature": "1950-11-04T00:00:00",
    }
    assert len(parse_signatures(json.dumps([[row]]), "005")) == 1
    assert len(parse_signatures(json.dumps([[row], None, None]), "5")) == 1
    assert parse_signatures("[]", "5") == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (fixture("coe", "signatures_truncated.json"), "not JSON"),
        (fixture("coe", "challenge.html"), "HTML"),
        ("", "empty"),
        ('{"Message": "An error has occurred."}', "expected a JSON array"),
        ('[{"CodePays": "FRA"}]', "not an array of rows"),
        ("[[], [], [], []]", "4 buckets"),
        ('[["FRA"]]', "expected an object"),
        ('[[{"LibPaysOrga": "France", "NumSTE": "210"}]]', "no CodePays"),
        ('[[{"CodePays": "FRA", "NumSTE": "126"}]]', "not 210"),
        ('[[{"CodePays": "FRA", "DateSignature": "11/05/2011"}]]', "unreadable date"),
        ('[[{"CodePays": "FRA", "DateSignature": "2011-02-30T00:00:00"}]]', "impossible date"),
        ('[[{"CodePays": "FRA", "DateConsentement": 20110511}]]', "unreadable date"),
    ],
)
def test_coe_signatures_errors(text: str, message: str) -> None:
    with pytest.raises(CoeParseError, match=message) as info:
        parse_signatures(text, "210")
    assert "\n" not in str(info.value)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_coe_arbitrary_text_raises_only_the_parse_error(text: str) -> None:
    try:
        parse_signatures(text, "210")
    except CoeParseError as exc:
        assert "\n" not in str(exc)


_DATE_KEYS = (
    "DateSignature",
    "DateConsentement",
    "DateEntreeVigueur",
    "DateDenonciation",
    "DateEffetDenonciation",
    "DateSuspension",
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(st.none(), st.dates().map(lambda d: d.isoformat() + "T00:00:00")),
            min_size=6,
            max_size=6,
        ),
        max_size=8,
    )
)
def test_coe_one_action_per_date(rows: list[list[str | None]]) -> None:
    bucket = [
        {
            "CodePays": f"C{i:02d}",
            "LibPaysOrga": f"State {i}",
            "NumSTE": "210",
            **dict(zip(_DATE_KEYS, d, strict=True)),
        }
        for i, d in enumerate(rows)
    ]
    actions = parse_signatures(json.dumps([bucket, [], []]), "210")
    expected = sum(
        sum(v is not None for v in (d[0], d[1], d[2], d[5])) + (d[3] is not None or d[4] is not None)
        for d in rows
    )
    assert len(actions) == expected
    for a in actions:
        assert a.date is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", a.date)


def test_coe_treaty_list_fixture() -> None:
    treaties = {t.number: t for t in parse_treaty_list(fixture("coe", "treaties_search.json"))}
    cpt = treaties["126"]
    assert cpt.series == "ETS" and cpt.entry_into_force_on == "1989-02-01" and cpt.opened_on == "1987-11-26"
    assert cpt.title.startswith("European Convention for the Prevention of Torture")
    assert cpt.title.endswith("Inhuman or Degrading Treatment or Punishment")
    assert cpt.common_name == "Anti-Torture Convention" and cpt.parent is None and not cpt.starred
    assert treaties["210"].series == "CETS" and treaties["210"].title.endswith("domestic violence")
    assert treaties["012A"].parent == "012" and treaties["012A"].title.endswith("Survivors")
    assert treaties["081"].parent == "054"  # the service writes "54"
    assert treaties["081"].starred and treaties["081"].title.endswith("Television Broadcasts")
    assert treaties["217"].opened_on == "2015-10-22"  # "2015-10-22T12:21:04.1"
    assert treaties["221"].parent is None  # the service writes "0"
    assert treaties["230"].title.endswith("in the form of Series")  # "(CETS 230) " without "No."
    assert treaties["230"].entry_into_force_on is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"d": []}', "expected a JSON array"),
        ("<html><body>Error</body></html>", "HTML"),
        ('[{"Numero_traite": "005"}]', "no English title"),
        ('[{"Numero_traite": "five", "Libelle_titre_ENG": "X"}]', "not a treaty number"),
        (
            '[{"Numero_traite": "005", "Libelle_titre_ENG": "X (ETS No. 005)", "Mention": "STE"}]',
            "unknown series",
        ),
        (
            '[{"Numero_traite": "005", "Libelle_titre_ENG": "X", "Mention": "ETS", "Date_ste": "1950"}]',
            "Date_ste",
        ),
        (
            '[{"Numero_traite": "5", "Libelle_titre_ENG": "X", "Mention": "ETS"},'
            ' {"Numero_traite": "005", "Libelle_titre_ENG": "Y", "Mention": "ETS"}]',
            "appears twice",
        ),
    ],
)
def test_coe_treaty_list_errors(text: str, message: str) -> None:
    with pytest.raises(CoeParseError, match=message):
        parse_treaty_list(text)


def test_coe_series_falls_back_on_the_title() -> None:
    (t,) = parse_treaty_list(
        '[{"Numero_traite": "194", "Libelle_titre_ENG": "Protocol No. 14 (CETS No. 194) (*)"}]'
    )
    assert (t.series, t.title, t.starred) == ("CETS", "Protocol No. 14", True)


@pytest.mark.parametrize(
    ("raw", "number"),
    [("5", "005"), ("005", "005"), (5, "005"), ("12a", "012A"), (" 210 ", "210"), ("061B", "061B")],
)
def test_coe_normalise_number(raw: str | int, number: str) -> None:
    assert normalise_number(raw) == number


def test_coe_access_key_is_read_from_the_page() -> None:
    assert read_access_key(fixture("coe", "full_list_page.html")) == "fixture-key-0123456789abcdef"
    assert read_access_key('<script>window.conventions_api_key="abc123";</script>') == "abc123"
    for page in (fixture("coe", "challenge.html"), "<script>window.conventions_api_key = '';</script>"):
        with pytest.raises(CoeParseError, match="conventions_api_key"):
            read_access_key(page)


def test_coe_access_key_is_not_in_the_code() -> None:
    provenance = live("PROVENANCE.md")
    m = re.search(r"`token:\s*([A-Za-z0-9]{16,})`", provenance)
    if m is None:
        pytest.skip("PROVENANCE.md no longer quotes the key")
    assert m[1] not in Path(str(coe.__file__)).read_text(encoding="utf-8")


def test_coe_codes() -> None:
    for code in (
        "BUL",
        "CRO",
        "DEN",
        "GER",
        "GRE",
        "ICE",
        "IRE",
        "LAT",
        "LIT",
        "NET",
        "POR",
        "ROM",
        "SLO",
        "SPA",
    ):
        assert code in COE_CODES
    assert iso3_of("BUL") == "BGR" and iso3_of("SWI") == "CHE" and iso3_of("bul") == "BGR"
    assert iso3_of("TUR") == "TUR" and iso3_of("SVK") == "SVK" and iso3_of("RUS") == "RUS"
    assert iso3_of("SCG") == "SCG"  # a former state keeps its ISO 3166-3 code
    assert iso3_of("EU") is None and iso3_of("") is None
    iso = coe._ISO3
    assert not set(COE_CODES) & iso, "a CoE code that is also another country's ISO code"
    assert set(COE_CODES.values()) <= iso


def test_coe_iso3_table_matches_pycountry() -> None:
    pycountry = pytest.importorskip("pycountry")
    assert {c.alpha_3 for c in pycountry.countries} == coe._ISO3


# ================================================================================================
# 2. UNODA
# ================================================================================================


@pytest.fixture(scope="module")
def npt() -> tuple[UnodaAction, ...]:
    return parse_treaty_actions(fixture("unoda", "npt_actions.json"))


def test_unoda_reads_every_action(npt: tuple[UnodaAction, ...]) -> None:
    assert len(npt) == 20
    first = npt[0]
    assert first == UnodaAction("United Kingdom", "GB", K.SIGNATURE, "1968-07-01", "London")
    assert {a.depositary for a in npt if a.state == "United Kingdom"} == {"London", "Moscow", "Washington"}
    assert {a.iso2 for a in npt if a.state == "Italy"} == {"IT"}  # the name record as a list
    assert {a.iso2 for a in npt if a.state.startswith("Union of Soviet")} == {None}  # no country record
    (withdrawal,) = [a for a in npt if a.kind is K.DENUNCIATION]
    assert (withdrawal.state, withdrawal.iso2, withdrawal.date) == (
        "Democratic People's Republic of Korea",
        "KP",
        "2003-01-10",
    )


def test_unoda_dedupe_three_depositaries(npt: tuple[UnodaAction, ...]) -> None:
    acts = dedupe_by_state(npt)
    assert len(acts) == 8
    keys = [(a.state, a.kind) for a in acts]
    assert len(set(keys)) == len(keys)
    uk_ratification = next(a for a in acts if a.state == "United Kingdom" and a.kind is K.RATIFICATION)
    assert uk_ratification.date == "1968-11-27" and uk_ratification.depositary == "London"
    assert uk_ratification.note == (
        "deposited with 3 depositaries: London 1968-11-27, Moscow 1968-11-27, Washington 1968-11-27"
    )
    italy = next(a for a in acts if a.state == "Italy" and a.kind is K.RATIFICATION)
    assert italy.date == "1975-05-02"  # the earliest of the three deposits
    assert italy.note is not None and "Moscow 1975-05-04" in italy.note
    accession = next(a for a in acts if a.kind is K.ACCESSION)
    assert accession.note is None and accession.depositary == "Moscow"  # one depositary: unchanged


def test_unoda_dedupe_keeps_repeated_acts_at_one_depositary() -> None:
    def a(day: str, depositary: str) -> UnodaAction:
        return UnodaAction("Someland", "SL", K.DENUNCIATION, day, depositary)

    acts = dedupe_by_state([a("1993-03-12", "Moscow"), a("2003-01-10", "Moscow"), a("1993-03-13", "London")])
    assert [(x.date, x.note is not None) for x in acts] == [("1993-03-12", True), ("2003-01-10", False)]
    assert dedupe_by_state([a("1993-03-12", "Moscow"), a("1993-03-12", "Moscow")]) == (
        a("1993-03-12", "Moscow"),
    )


def _answer(*actions: dict[str, object]) -> str:
    return json.dumps({"data": {"treaty_": {"data": {"actions_": list(actions)}}}})


_OK = {"date": "2017-09-20 00:00:00", "action_type_": "Signatory", "state": {"name": "Austria"}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (fixture("unoda", "graphql_error.json"), "GraphQL error: Cannot query field"),
        (_answer({**_OK, "action_type_": "Declaration"}), "unknown action type 'Declaration'"),
        (_answer({**_OK, "date": "20/09/2017"}), "unreadable date"),
        (_answer({**_OK, "date": None}), "unreadable date"),
        (_answer({**_OK, "state": None}), "state is null"),
        (_answer({**_OK, "state": {"name": ""}}), "no state name"),
        (json.dumps({"data": {"treaty_": None}}), "treaty_ is null"),
        (json.dumps({"data": {"treaty_": {"data": None}}}), "unknown treaty"),
        (json.dumps({"data": {"treaty_": {"data": {"actions_": {}}}}}), "expected an array"),
        ("[]", "expected a GraphQL answer object"),
        ('{"data": {"treaty_"', "not JSON"),
        ("<!DOCTYPE html><html>502 Bad Gateway</html>", "HTML"),
    ],
)
def test_unoda_errors(text: str, message: str) -> None:
    with pytest.raises(UnodaParseError, match=re.escape(message)):
        parse_treaty_actions(text)


def test_unoda_kinds_and_type_fallback() -> None:
    labels = ["Signatory", "Ratification", "Accession", "Succession", "Withdrawal"]
    rows: list[dict[str, object]] = [{**_OK, "action_type_": label} for label in labels]
    actions = parse_treaty_actions(_answer(*rows))
    assert [a.kind for a in actions] == [
        K.SIGNATURE,
        K.RATIFICATION,
        K.ACCESSION,
        K.SUCCESSION,
        K.DENUNCIATION,
    ]
    assert actions[0].depositary is None
    (fallback,) = parse_treaty_actions(_answer({**_OK, "action_type_": None, "type": "ACC"}))
    assert fallback.kind is K.ACCESSION


def test_unoda_build_query() -> None:
    body = build_query("npt")
    assert body["variables"] == {"input": {"id": None, "short_name": "npt", "type": "GET_TREATY"}}
    query = body["query"]
    assert query.startswith("query Treaty($input: TreatyRequestInput_)")
    for field in ("actions_", "action_type_", "countryname_country_code_2", "depositary{short_name}"):
        assert field in query
    json.dumps(body)  # serialisable as the request body
    with pytest.raises(ValueError):
        build_query("  ")


# ================================================================================================
# 3. Verdragenbank
# ================================================================================================


@pytest.fixture(scope="module")
def item() -> VbTreaty:
    return parse_item(fixture("verdragenbank", "item_opzegging.xml"))


def vb(treaty: VbTreaty, party: str) -> list[tuple[ActionKind, str, str | None]]:
    return [(a.kind, a.date, a.effective_on) for a in treaty.actions if a.party == party]


def test_vb_treaty_fields(item: VbTreaty) -> None:
    assert item.id == "900001" and item.title.startswith("Handgemaakt testverdrag")
    assert (item.language, item.concluded_on, item.concluded_at) == ("nl", "1990-05-02", "Straatsburg")
    assert (item.entry_into_force_on, item.ended_on, item.status) == ("1990-09-01", None, "Inwerkinggetreden")
    assert item.parents == ("900000",)
    assert len(item.parties) == 9 and "Tsjechoslowakije (< 01-01-1993)" in item.parties


def test_vb_opzegging(item: VbTreaty) -> None:
    assert vb(item, "Turkije") == [
        (K.SIGNATURE, "1990-05-02", None),
        (K.RATIFICATION, "1994-10-11", None),
        (K.ENTRY_INTO_FORCE, "1995-02-01", None),
        (K.DENUNCIATION, "2021-03-22", "2021-07-01"),
    ]
    assert vb(item, "Litouwen")[-1] == (K.DENUNCIATION, "2025-03-06", None)  # effect not yet recorded


def test_vb_consent_types(item: VbTreaty) -> None:
    assert vb(item, "Bulgarije") == [
        (K.ACCESSION, "1991-01-31", None),
        (K.ENTRY_INTO_FORCE, "1991-05-01", None),
    ]
    assert vb(item, "Montenegro")[0] == (K.SUCCESSION, "2006-06-14", None)
    eif = next(a for a in item.actions if a.party == "Montenegro" and a.kind is K.ENTRY_INTO_FORCE)
    assert eif.note == "with retroactive effect from 2006-06-03"
    assert vb(item, "België") == [
        (K.DEFINITIVE_SIGNATURE, "1990-05-02", None),
        (K.ENTRY_INTO_FORCE, "1990-09-01", None),
    ]
    assert vb(item, "Oostenrijk") == [(K.SIGNATURE, "1990-05-02", None)]  # empty TypeInstemming, nil dates
    unknown = next(a for a in item.actions if a.party == "Frankrijk" and a.kind is K.CONSENT)
    assert unknown.note is not None and unknown.note.startswith("NB")
    ratification = next(a for a in item.actions if a.party == "Turkije" and a.kind is K.RATIFICATION)
    assert ratification.note is not None and "acceptance, approval" in ratification.note
    assert K.PROVISIONAL_APPLICATION in {a.kind for a in item.actions if a.party.startswith("Nederlanden")}


def test_vb_ceased_without_opzegging(item: VbTreaty) -> None:
    ceased = [a for a in item.actions if a.party.startswith("Tsjechoslowakije")][-1]
    assert (ceased.kind, ceased.date, ceased.effective_on) == (
        K.MEMBERSHIP_CEASED,
        "1992-12-31",
        "1992-12-31",
    )
    assert ceased.note is not None and "no denunciation" in ceased.note


def test_vb_consent_type_table() -> None:
    assert CONSENT_TYPES["R"][0] is K.RATIFICATION
    assert CONSENT_TYPES["T"][0] is CONSENT_TYPES["A"][0] is K.ACCESSION
    assert CONSENT_TYPES["VG"][0] is CONSENT_TYPES["SU"][0] is K.SUCCESSION
    assert CONSENT_TYPES["O"][0] is CONSENT_TYPES["S"][0] is K.DEFINITIVE_SIGNATURE


def _vb_party(**fields: str) -> str:
    party = "".join(f"<{k}>{v}</{k}>" for k, v in fields.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Verdragenbank><meta><owmskern>'
        '<dcterms:identifier xmlns:dcterms="http://purl.org/dc/terms/">123456</dcterms:identifier>'
        '<dcterms:title xmlns:dcterms="http://purl.org/dc/terms/">T</dcterms:title></owmskern></meta>'
        f"<body><verdrag><Partijen><Partij>{party}</Partij></Partijen></verdrag></body></Verdragenbank>"
    )


def test_vb_english_codes_and_minimal_item() -> None:
    t = parse_item(_vb_party(NaamPartij="Japan", DatumRatificatie="2001-01-02", TypeInstemming="Su"))
    assert t.id == "123456" and t.parties == ("Japan",)
    assert [(a.kind, a.date) for a in t.actions] == [(K.SUCCESSION, "2001-01-02")]


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (fixture("verdragenbank", "item_opzegging.xml")[:2000], "not well-formed XML"),
        ("", "not well-formed XML"),
        ('{"not": "xml"}', "not well-formed XML"),
        ("<Verdrag/>", "not <Verdragenbank>"),
        ("<Verdragenbank><meta/></Verdragenbank>", "no dcterms:identifier"),
        (
            _vb_party(NaamPartij="X", DatumRatificatie="2001-01-02", TypeInstemming="Q"),
            "unknown TypeInstemming 'Q'",
        ),
        (_vb_party(NaamPartij="X", DatumOndertekenning="02-01-2001"), "unreadable date"),
        (_vb_party(NaamPartij="X", DatumOpzegging="2001-02-30"), "impossible date"),
        (_vb_party(DatumOndertekenning="2001-01-02"), "no NaamPartij"),
        ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Verdragenbank/>', "DOCTYPE"),
    ],
)
def test_vb_errors(xml: str, message: str) -> None:
    with pytest.raises(VbParseError, match=re.escape(message)) as info:
        parse_item(xml)
    assert "\n" not in str(info.value)


# ================================================================================================
# 4. Real recorded answers (skipped when the live-samples folder is absent)
# ================================================================================================


def test_live_coe_treaty_index() -> None:
    treaties = parse_treaty_list(live("coe", "api_traites_search_index.json"))
    assert len(treaties) == 232
    index = {t.number: t for t in treaties}
    assert index["126"].entry_into_force_on == "1989-02-01"
    assert index["126"].title.endswith("Punishment") and "ETS" not in index["126"].title
    assert index["005"].common_name == "European Convention on Human Rights"
    assert index["210"].series == "CETS" and index["210"].common_name == "Istanbul Convention"
    assert sum(t.series == "ETS" for t in treaties) == 195
    assert all(not re.search(r"\(C?ETS|\(\*\)", t.title) for t in treaties)
    assert all(t.parent in index for t in treaties if t.parent)  # every parent is in the list
    assert sum(t.starred for t in treaties) == 28


def test_live_vb_item_000004() -> None:
    t = parse_item(live("verdragenbank", "verdragenbank_item_000004.xml"))
    assert t.id == "000004" and t.title.startswith(
        "Overeenkomst inzake het behoud van het architectonische erfgoed"
    )
    assert len(t.parties) == 44 and (t.concluded_on, t.entry_into_force_on) == ("1985-10-03", "1987-12-01")
    assert not [a for a in t.actions if a.kind in (K.DENUNCIATION, K.MEMBERSHIP_CEASED)]  # all opzegging nil
    kinds = {a.party: a.kind for a in t.actions if a.kind.is_consent}
    assert kinds["Hongarije"] is K.ACCESSION  # T
    assert kinds["Montenegro"] is K.SUCCESSION  # VG
    assert kinds["Andorra"] is K.RATIFICATION  # R
    assert vb(t, "Oostenrijk") == [(K.SIGNATURE, "1985-10-03", None)]
    assert vb(t, "Turkije") == [
        (K.SIGNATURE, "1985-10-03", None),
        (K.RATIFICATION, "1989-10-11", None),
        (K.ENTRY_INTO_FORCE, "1990-02-01", None),
    ]


def test_live_vb_item_004630_has_no_parties_but_ended() -> None:
    t = parse_item(live("verdragenbank", "verdragenbank_item_004630.xml"))
    assert (t.id, t.parties, t.actions) == ("004630", (), ())
    assert (t.ended_on, t.status, t.parents) == ("1998-11-01", "Buitenwerkinggetreden", ("005132",))


def test_modules_use_only_the_standard_library() -> None:
    allowed = re.compile(
        r"^(?:from|import) (?:__future__|json|re|dataclasses|datetime|typing|collections\.abc|"
        r"xml\.etree\.ElementTree|\.\.errors|\.\.models)\b"
    )
    for module in (coe, unoda, verdragenbank):
        for line in Path(str(module.__file__)).read_text(encoding="utf-8").splitlines():
            if line.startswith(("import ", "from ")):
                assert allowed.match(line), f"{module.__name__}: {line}"
