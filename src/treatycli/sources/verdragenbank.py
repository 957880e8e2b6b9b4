"""Parser for a treaty's item XML in the Netherlands Treaty Database (Verdragenbank, KOOP).

Pure: XML text in, typed records out; no I/O and no network. The item
(``https://repository.overheid.nl/frbr/vd/<id>/1/xml-nl/<id>.xml``, or ``xml-en``) is described in
``PROVENANCE.md`` ("Verdragenbank (KOOP)") of the live samples:

* root ``<Verdragenbank>``; ``meta/owmskern/dcterms:identifier`` (six digits) and
  ``dcterms:title``; ``meta/verdragipm/overheidvd:*`` the treaty's dates and status;
* ``body/verdrag/Partijen/Partij``, one per party: ``NaamPartij``, ``DatumOndertekenning``,
  ``DatumRatificatie`` with ``TypeInstemming``, ``DatumVoorlopigeToepassing``,
  ``DatumInwerkingtreding``, ``DatumTerugwerkendeKracht``, ``DatumOpzegging``,
  ``DatumBuitenwerkingtreding``;
* a missing value is an element with ``xsi:nil="true"`` (or empty), never an absent one.

``TypeInstemming`` qualifies ``DatumRatificatie``. The register's own legend (the "Ratificatie"
column of its party table, verdragenbank.overheid.nl) reads: O = signature without reservation
of ratification, R = ratification, acceptance, approval or notification, T = accession
(toetreding), VG = succession (voortgezette gebondenheid), NB = not known. The sample item 000004
agrees: "T" for states that acceded to ETS 121 without signing it (Hungary, Russia, Croatia ...),
"VG" for Montenegro (in force 2006-06-06, the day after independence), empty for Austria, which
only signed. The English items are said to use S, R, A, Su (and presumably NK): "A" is read as
accession, as "T" is; there is no separate code for acceptance, which R covers.

Malformed XML, a DOCTYPE, a missing identifier or title, an unknown ``TypeInstemming`` or an
unreadable date raise :class:`VbParseError` with a one-line message naming the party.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date

from ..errors import UpdateError
from ..models import ActionKind

__all__ = ["CONSENT_TYPES", "VbAction", "VbParseError", "VbTreaty", "parse_item"]


class VbParseError(UpdateError, ValueError):
    """The item does not have the shape this parser reads; the message names the party."""


@dataclass(frozen=True, slots=True)
class VbAction:
    party: str  # ``NaamPartij`` as written (Dutch in xml-nl: "Joegoslavië (< 25-06-1991)")
    kind: ActionKind
    date: str  # ISO YYYY-MM-DD (for a denunciation: the date of the notice, ``DatumOpzegging``)
    effective_on: str | None  # denunciation / membership ceased: ``DatumBuitenwerkingtreding``
    note: str | None


@dataclass(frozen=True, slots=True)
class VbTreaty:
    id: str  # "000004"
    title: str
    language: str | None  # "nl" or "en"
    concluded_on: str | None  # ``sluitingsDatum``
    concluded_at: str | None  # ``sluitingsPlaats``
    entry_into_force_on: str | None  # ``inwerkingtredingDatum``
    ended_on: str | None  # ``uitwerkingtredingDatum``: the treaty itself ceased to be in force
    status: str | None  # ``verdragStatus``: "Inwerkinggetreden", "Buitenwerkinggetreden" ...
    parents: tuple[str, ...]  # ``Moederverdragen/Moederverdrag/MoederVerdragID``
    parties: tuple[str, ...]  # every ``NaamPartij``, in the register's order
    actions: tuple[VbAction, ...]


_RATIFICATION_NOTE = "R: ratification, acceptance, approval or notification (the register does not say which)"

# ``TypeInstemming`` (upper-cased) -> the act ``DatumRatificatie`` records, and a note.
CONSENT_TYPES: dict[str, tuple[ActionKind, str | None]] = {
    "R": (ActionKind.RATIFICATION, _RATIFICATION_NOTE),
    "T": (ActionKind.ACCESSION, None),  # toetreding
    "A": (ActionKind.ACCESSION, None),  # English items: accession
    "VG": (ActionKind.SUCCESSION, None),  # voortgezette gebondenheid
    "SU": (ActionKind.SUCCESSION, None),  # English items: succession
    "O": (ActionKind.DEFINITIVE_SIGNATURE, None),  # ondertekening zonder voorbehoud van ratificatie
    "S": (ActionKind.DEFINITIVE_SIGNATURE, None),  # English items: signature without ratification
    "NB": (ActionKind.CONSENT, "NB: the register does not know the kind of consent"),  # niet bekend
    "NK": (ActionKind.CONSENT, "NK: the register does not know the kind of consent"),
}
_DEFINITIVE = frozenset({"O", "S"})

_XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:\d{2})?")
_DOCTYPE = re.compile(r"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _children(element: ET.Element | None, name: str) -> list[ET.Element]:
    if element is None:
        return []
    return [child for child in element if _local(child.tag) == name]


def _child(element: ET.Element | None, name: str) -> ET.Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _find(root: ET.Element, name: str) -> ET.Element | None:
    """The first element ``name`` anywhere in the document."""
    return next((e for e in root.iter() if _local(e.tag) == name), None)


def _value(element: ET.Element | None) -> str | None:
    """The element's text; None when it is absent, ``xsi:nil`` or empty."""
    if element is None or element.get(_XSI_NIL, "").strip().lower() in ("true", "1"):
        return None
    return " ".join((element.text or "").split()) or None


def _date(element: ET.Element | None, where: str) -> str | None:
    text = _value(element)
    if text is None:
        return None
    m = _DATE.fullmatch(text)
    if m is None:
        raise VbParseError(f"{where}: unreadable date {text[:40]!r}")
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise VbParseError(f"{where}: impossible date {text!r}") from None


def _party(party: ET.Element, index: int) -> tuple[str, list[VbAction]]:
    name = _value(_child(party, "NaamPartij"))
    if name is None:
        raise VbParseError(f"Partij {index}: no NaamPartij")

    def on(tag: str) -> str | None:
        return _date(_child(party, tag), f"party {name!r}, {tag}")

    signed = on("DatumOndertekenning")
    consented = on("DatumRatificatie")
    provisional = on("DatumVoorlopigeToepassing")
    in_force = on("DatumInwerkingtreding")
    retroactive = on("DatumTerugwerkendeKracht")
    denounced = on("DatumOpzegging")
    ended = on("DatumBuitenwerkingtreding")
    code = (_value(_child(party, "TypeInstemming")) or "").upper()
    if code and code not in CONSENT_TYPES:
        raise VbParseError(f"party {name!r}: unknown TypeInstemming {code!r}")

    out: list[VbAction] = []

    def act(kind: ActionKind, day: str, effective: str | None = None, note: str | None = None) -> None:
        out.append(VbAction(name, kind, day, effective, note))

    if signed is not None:
        if code in _DEFINITIVE and consented is None:
            act(ActionKind.DEFINITIVE_SIGNATURE, signed, note=f"TypeInstemming {code}")
        else:
            act(ActionKind.SIGNATURE, signed)
    if consented is not None:
        if code:
            kind, note = CONSENT_TYPES[code]
        else:
            kind, note = ActionKind.CONSENT, "no TypeInstemming: the register does not say which consent"
        act(kind, consented, note=note)
    if provisional is not None:
        act(ActionKind.PROVISIONAL_APPLICATION, provisional)
    if in_force is not None:
        note = f"with retroactive effect from {retroactive}" if retroactive else None
        act(ActionKind.ENTRY_INTO_FORCE, in_force, note=note)
    if denounced is not None:
        act(ActionKind.DENUNCIATION, denounced, ended)
    elif ended is not None:
        act(
            ActionKind.MEMBERSHIP_CEASED,
            ended,
            ended,
            "DatumBuitenwerkingtreding without DatumOpzegging: the treaty ceased to apply to this "
            "party; the register records no denunciation",
        )
    return name, out


def parse_item(xml: str) -> VbTreaty:
    """Read one treaty's item XML: its identity, dates, and every party's acts."""
    if _DOCTYPE.search(xml[:4096]):
        raise VbParseError("the item declares a DOCTYPE or entities; refused")
    try:
        root = ET.fromstring(xml.lstrip("\ufeff \t\r\n"))
    except ET.ParseError as exc:
        raise VbParseError(f"not well-formed XML: {exc}") from None
    if _local(root.tag) != "Verdragenbank":
        raise VbParseError(f"root element is <{_local(root.tag)}>, not <Verdragenbank>")
    head = _child(root, "meta")
    if head is None:
        raise VbParseError("no <meta> element")

    def meta(name: str) -> ET.Element | None:
        return _find(head, name)

    treaty_id = _value(meta("identifier"))
    if treaty_id is None:
        raise VbParseError("no dcterms:identifier in <meta>")
    title = _value(meta("title"))
    if title is None:
        raise VbParseError(f"treaty {treaty_id}: no dcterms:title in <meta>")
    verdrag = _child(_child(root, "body"), "verdrag")
    if verdrag is None:
        raise VbParseError(f"treaty {treaty_id}: no <body><verdrag> element")

    def meta_date(name: str) -> str | None:
        return _date(meta(name), f"treaty {treaty_id}, {name}")

    parties: list[str] = []
    actions: list[VbAction] = []
    for i, party in enumerate(_children(_child(verdrag, "Partijen"), "Partij"), start=1):
        name, acts = _party(party, i)
        parties.append(name)
        actions.extend(acts)
    parents = (
        _value(_child(m, "MoederVerdragID"))
        for m in _children(_child(verdrag, "Moederverdragen"), "Moederverdrag")
    )
    return VbTreaty(
        id=treaty_id,
        title=title,
        language=_value(meta("language")),
        concluded_on=meta_date("sluitingsDatum"),
        concluded_at=_value(meta("sluitingsPlaats")),
        entry_into_force_on=meta_date("inwerkingtredingDatum"),
        ended_on=meta_date("uitwerkingtredingDatum"),
        status=_value(meta("verdragStatus")),
        parents=tuple(p for p in parents if p),
        parties=tuple(parties),
        actions=tuple(actions),
    )
