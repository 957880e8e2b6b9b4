"""Importer: the Council of Europe treaty index (2026-05-10) -> ``data/sources/coe/treaties.csv``."""

from __future__ import annotations

import json
import re
from pathlib import Path

SOURCE_ID = "coe-treaty-index-2026-05"
AS_OF = "2026-05-10"
_SUFFIX = re.compile(r"\s*\((?:C?ETS)(?: No\.)? ?\w+\)(?:\s*\(\*\))?\s*$")


def treaty_id(number: str) -> str:
    return "coe-" + number.lower()


def read_index(path: Path) -> list[dict[str, str]]:
    records = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for r in records:
        number = r["Numero_traite"]
        series = r.get("Mention") or ("CETS" if number[:3].isdigit() and int(number[:3]) >= 194 else "ETS")
        parent = r.get("Numero_traite_parent")
        rows.append(
            {
                "id": treaty_id(number),
                "number": number,
                "series": f"{series} {number.lstrip('0') or '0'}",
                "title": _SUFFIX.sub("", r["Libelle_titre_ENG"]).strip(),
                "common_name": (r.get("Nom_commun_ENG") or "").strip(),
                "opened_on": (r.get("Date_ste") or "")[:10],
                "entry_into_force_on": (r.get("Date_vigueur_ste") or "")[:10],
                "parent_id": treaty_id(parent.zfill(3)) if parent and parent.strip("0") else "",
                "status_url": "https://www.coe.int/en/web/conventions/full-list?module=treaty-detail&treatynum="
                + number,
                "source": SOURCE_ID,
            }
        )
    if len({row["id"] for row in rows}) != len(rows):
        raise ValueError("duplicate Council of Europe treaty numbers in the index")
    return sorted(rows, key=lambda row: row["id"])
