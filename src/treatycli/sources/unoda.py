"""Parser for the UNODA Treaties Database GraphQL service (``POST https://gql-api-dataportal.unoda.org/``).

Pure: text in, typed records out; no I/O and no network. The request and answer are described in
``PROVENANCE.md`` ("UNODA GraphQL") of the live samples; no recorded answer was found, so the shape
comes from code that calls the service:

* :func:`build_query` gives the JSON body of the ``Treaty`` query for one treaty short name
  ("npt", "tpnw", "bwc", "ctbt", "outer_space", "test_ban", "1925");
* the answer's actions are at ``data.treaty_.data.actions_[]``, each with ``date``
  ("YYYY-MM-DD 00:00:00"), ``action_type_`` (Signatory, Ratification, Accession, Succession,
  Withdrawal), ``state.name``, ``state.country_.country_country_name.countryname_country_code_2``
  and ``depositary.short_name``.

A treaty with several depositaries (NPT, BWC, Outer Space: London, Moscow, Washington) lists one
action per state per depositary; :func:`dedupe_by_state` collapses them. A GraphQL error, a wrong
shape, an unknown action type or an unreadable date raises :class:`UnodaParseError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..errors import UpdateError
from ..models import ActionKind

__all__ = [
    "ACTION_TYPES",
    "QUERY",
    "UnodaAction",
    "UnodaParseError",
    "build_query",
    "dedupe_by_state",
    "parse_treaty_actions",
]


class UnodaParseError(UpdateError, ValueError):
    """The answer does not have the shape this parser reads; the message names the action."""


@dataclass(frozen=True, slots=True)
class UnodaAction:
    state: str  # ``state.name`` as UNODA writes it
    iso2: str | None  # ``countryname_country_code_2``; None when UNODA gives no country record
    kind: ActionKind
    date: str  # ISO YYYY-MM-DD (for a withdrawal: the date UNODA gives, the notice)
    depositary: str | None  # ``depositary.short_name`` ("London"); after dedupe: the earliest one's
    note: str | None = None  # after dedupe: every depositary with its date


QUERY = (
    "query Treaty($input: TreatyRequestInput_){ treaty_(input:$input){ ... on ReadResponse { data { "
    "... on Treaty_ { actions_ { date action_type_ type state{name country_{country_country_name{"
    "countryname_country_code_2 countryname_official_short_name}}} depositary{short_name} } } } } } }"
)

ACTION_TYPES: dict[str, ActionKind] = {
    "signatory": ActionKind.SIGNATURE,
    "signature": ActionKind.SIGNATURE,
    "ratification": ActionKind.RATIFICATION,
    "accession": ActionKind.ACCESSION,
    "succession": ActionKind.SUCCESSION,
    "withdrawal": ActionKind.DENUNCIATION,
}
# The short ``type`` codes, read only when ``action_type_`` is missing.
_TYPE_CODES: dict[str, ActionKind] = {
    "SIG": ActionKind.SIGNATURE,
    "RAT": ActionKind.RATIFICATION,
    "ACC": ActionKind.ACCESSION,
    "SUC": ActionKind.SUCCESSION,
}

_DATE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


def build_query(short_name: str) -> dict[str, Any]:
    """The JSON body that asks for one treaty's actions ("npt", "tpnw", ...)."""
    name = short_name.strip()
    if not name:
        raise ValueError("a UNODA treaty short name is required")
    return {
        "query": QUERY,
        "variables": {"input": {"id": None, "short_name": name, "type": "GET_TREATY"}},
    }


def _one_line(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def _shape(value: object) -> str:
    return "an object" if isinstance(value, dict) else "null" if value is None else type(value).__name__


def _get(value: object, key: str, where: str) -> object:
    if not isinstance(value, dict):
        raise UnodaParseError(f"{where}: expected an object with {key!r}, got {_shape(value)}")
    return value.get(key)


def _date(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UnodaParseError(f"{where}: unreadable date {value!r}")
    m = _DATE.fullmatch(value.strip())
    if m is None:
        raise UnodaParseError(f"{where}: unreadable date {_one_line(value)!r}")
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise UnodaParseError(f"{where}: impossible date {value!r}") from None


def _iso2(state: dict[str, Any], where: str) -> str | None:
    """``country_.country_country_name.countryname_country_code_2``; the name record may be a list."""
    country = state.get("country_")
    if country is None:
        return None
    names = _get(country, "country_country_name", f"{where}, country_")
    records = names if isinstance(names, list) else [names]
    for record in records:
        if record is None:
            continue
        code = _get(record, "countryname_country_code_2", f"{where}, country_country_name")
        if isinstance(code, str) and code.strip():
            return code.strip().upper()
    return None


def _kind(action: dict[str, Any], where: str) -> ActionKind:
    label = action.get("action_type_")
    if isinstance(label, str) and label.strip():
        kind = ACTION_TYPES.get(label.strip().casefold())
        if kind is None:
            raise UnodaParseError(f"{where}: unknown action type {label!r}")
        return kind
    code = action.get("type")
    if isinstance(code, str) and code.strip().upper() in _TYPE_CODES:
        return _TYPE_CODES[code.strip().upper()]
    raise UnodaParseError(f"{where}: unknown action type {label!r} (type {code!r})")


def _action(raw: object, index: int) -> UnodaAction:
    where = f"action {index}"
    if not isinstance(raw, dict):
        raise UnodaParseError(f"{where}: expected an object, got {_shape(raw)}")
    state = raw.get("state")
    if not isinstance(state, dict):
        raise UnodaParseError(f"{where}: state is {_shape(state)}, not an object")
    name = state.get("name")
    if not isinstance(name, str) or not name.strip():
        raise UnodaParseError(f"{where}: no state name")
    state_name = " ".join(name.split())
    where = f"action {index} ({state_name})"
    depositary = raw.get("depositary")
    short = None if depositary is None else _get(depositary, "short_name", f"{where}, depositary")
    if short is not None and not isinstance(short, str):
        raise UnodaParseError(f"{where}: depositary short_name is {_shape(short)}")
    return UnodaAction(
        state=state_name,
        iso2=_iso2(state, where),
        kind=_kind(raw, where),
        date=_date(raw.get("date"), where),
        depositary=(" ".join(short.split()) or None) if short else None,
    )


def parse_treaty_actions(text: str) -> tuple[UnodaAction, ...]:
    """Read the GraphQL answer: every action, in the service's order, one per depositary."""
    body = text.lstrip("\ufeff \t\r\n")
    if body.startswith("<"):
        raise UnodaParseError(f"the answer is HTML or XML, not JSON: {_one_line(body, 60)!r}")
    try:
        answer = json.loads(body)
    except json.JSONDecodeError as exc:
        raise UnodaParseError(f"not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    if not isinstance(answer, dict):
        raise UnodaParseError(f"expected a GraphQL answer object, got {_shape(answer)}")
    errors = answer.get("errors")
    if errors:
        first = errors[0] if isinstance(errors, list) and errors else errors
        message = first.get("message") if isinstance(first, dict) else first
        raise UnodaParseError(f"GraphQL error: {_one_line(str(message))}")
    treaty = _get(answer.get("data"), "treaty_", "data")
    if treaty is None:
        raise UnodaParseError("data.treaty_ is null: unknown treaty short name?")
    data = _get(treaty, "data", "data.treaty_")
    if data is None:
        raise UnodaParseError("data.treaty_.data is null: unknown treaty short name?")
    actions = _get(data, "actions_", "data.treaty_.data")
    if not isinstance(actions, list):
        raise UnodaParseError(f"data.treaty_.data.actions_: expected an array, got {_shape(actions)}")
    return tuple(_action(raw, i) for i, raw in enumerate(actions, start=1))


def dedupe_by_state(actions: Iterable[UnodaAction]) -> tuple[UnodaAction, ...]:
    """One action per act: the same (state, kind) deposited with several depositaries becomes one.

    The collapsed action has the earliest date, that deposit's depositary, and a note listing
    every depositary with its date. A state that repeats an act at the same depositary (withdrew
    and came back) did so several times: the n-th deposit at each depositary joins the n-th act.
    Groups keep the order of their first appearance; a group's acts come in date order.
    """
    groups: dict[tuple[str, str | None, ActionKind], list[UnodaAction]] = {}
    for a in actions:
        groups.setdefault((a.state, a.iso2, a.kind), []).append(a)
    out: list[UnodaAction] = []
    for group in groups.values():
        by_depositary: dict[str | None, list[UnodaAction]] = {}
        for a in group:
            deposits = by_depositary.setdefault(a.depositary, [])
            if all(d.date != a.date for d in deposits):  # the same deposit listed twice counts once
                deposits.append(a)
        for deposits in by_depositary.values():
            deposits.sort(key=lambda a: a.date)
        for n in range(max(len(d) for d in by_depositary.values())):
            act = sorted(
                (d[n] for d in by_depositary.values() if len(d) > n),
                key=lambda a: (a.date, a.depositary or ""),
            )
            first = act[0]
            if len(act) > 1:
                listed = ", ".join(f"{a.depositary or 'unknown depositary'} {a.date}" for a in act)
                first = replace(first, note=f"deposited with {len(act)} depositaries: {listed}")
            out.append(first)
    return tuple(out)
