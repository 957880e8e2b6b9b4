"""Importer: participants from pycountry (ISO 3166) plus our own table -> ``data/sources/states.csv``."""

from __future__ import annotations

import csv
from pathlib import Path

import pycountry

from ..text import normalise

COLUMNS = ["id", "kind", "name", "common_name", "iso2", "m49", "dissolved_on", "successors", "source", "note"]


def build_states(manual_csv: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """States and their aliases: ISO data from pycountry, depositary names and history from us."""
    with manual_csv.open(encoding="utf-8", newline="") as fh:
        manual = {row["id"]: row for row in csv.DictReader(fh)}
    states: dict[str, dict[str, str]] = {}
    aliases: dict[tuple[str, str], str] = {}

    def alias(state_id: str, text: str, kind: str) -> None:
        key = normalise(text)
        if key:
            aliases.setdefault((key, state_id), kind)  # the first kind named wins

    for c in pycountry.countries:
        sid = c.alpha_3
        states[sid] = {
            "id": sid,
            "kind": "state",
            "name": c.name,
            "common_name": getattr(c, "common_name", c.name),
            "iso2": c.alpha_2,
            "m49": c.numeric,
            "dissolved_on": "",
            "successors": "",
            "source": f"pycountry {pycountry.__name__} ISO 3166-1",
            "note": "",
        }
        alias(sid, sid, "iso3")
        alias(sid, c.alpha_2, "iso2")
        alias(sid, c.numeric, "m49")
        for attr in ("name", "official_name", "common_name"):
            if hasattr(c, attr):
                alias(sid, getattr(c, attr), attr)
    for sid, row in manual.items():
        base = states.get(sid, {"id": sid, "iso2": "", "m49": "", "source": "treaty project table"})
        base.update(
            {
                "kind": row["kind"],
                "name": row["name"],
                "common_name": row["common_name"],
                "dissolved_on": row["dissolved_on"],
                "successors": row["successors"],
                "note": row["note"],
            }
        )
        if row["kind"] == "historic":
            hist = pycountry.historic_countries.get(alpha_3=sid)
            if hist is not None:
                base["source"] = "pycountry ISO 3166-3 (formerly used codes) + treaty project table"
        states[sid] = base
        alias(sid, sid, "code")
        for text in (row["name"], row["common_name"], *row["aliases"].split("|")):
            alias(sid, text, "name")
    # ISO 3166-1 codes are sometimes reused (e.g. none here), but a historic state's alias must
    # never point at its successor: aliases of historic states are only those we list.
    rows = [states[k] for k in sorted(states)]
    alias_rows = [{"alias": a, "state_id": s, "kind": k} for (a, s), k in sorted(aliases.items())]
    return rows, alias_rows
