"""Run every importer: shared snapshots -> the project's own text sources under ``data/sources``."""

from __future__ import annotations

from pathlib import Path

from ..sources import coe_index as coe
from ..sources import iso_states as states
from ..sources import untc_2015 as untc
from . import untc_live
from .records import write_csv


def import_all(shared_sources: Path, out: Path) -> dict[str, int]:
    """Regenerate ``data/sources/{untc,coe}/*.csv`` and ``states.csv`` from the snapshots."""
    counts: dict[str, int] = {}
    root = shared_sources / "untc-mtdsg-2015"
    index = untc.read_index(root)
    files = {row["file"]: row["id"] for row in index}
    counts["untc treaties"] = write_csv(
        out / "untc" / "treaties.csv",
        [
            "id",
            "mtdsg",
            "chapter",
            "chapter_name",
            "title",
            "adopted_place",
            "adopted_on",
            "status_url",
            "source",
        ],
        index,
    )
    counts["untc actions"] = write_csv(
        out / "untc" / "actions.csv",
        ["treaty", "row", "participant", "kind", "date", "raw"],
        untc.read_actions(root, files),
    )
    counts["untc texts"] = write_csv(
        out / "untc" / "texts.csv",
        ["treaty", "participant", "text"],
        untc.read_declarations(root, files),
    )
    counts["coe treaties"] = write_csv(
        out / "coe" / "treaties.csv",
        [
            "id",
            "number",
            "series",
            "title",
            "common_name",
            "opened_on",
            "entry_into_force_on",
            "parent_id",
            "status_url",
            "source",
        ],
        coe.read_index(shared_sources / "coe-treaty-index-2026-05" / "coe_treaty_index_2026-05-10.json"),
    )
    # The UN's current status pages (recorded 2026-02-03): both folders or neither, never a part.
    live = [shared_sources / folder for folder in untc_live.FOLDERS]
    present = [folder for folder in live if folder.is_dir()]
    if present:
        if len(present) != len(live):
            missing = ", ".join(str(f) for f in live if f not in present)
            raise FileNotFoundError(f"UN status pages: {missing} is missing")
        pages, live_actions = untc_live.read_pages(live)
        counts["untc live pages"] = write_csv(out / "untc_live" / "pages.csv", untc_live.PAGE_COLUMNS, pages)
        counts["untc live actions"] = write_csv(
            out / "untc_live" / "actions.csv", untc_live.ACTION_COLUMNS, live_actions
        )
        live_texts, procedures = untc_live.read_texts(live)
        counts["untc live texts"] = untc_live.write_jsonl(
            out / "untc_live" / untc_live.TEXTS_FILE, untc_live.TEXT_COLUMNS, live_texts
        )
        counts["untc live procedures"] = write_csv(
            out / "untc_live" / "procedures.csv", untc_live.PROCEDURE_COLUMNS, procedures
        )
    state_rows, alias_rows = states.build_states(out / "states_manual.csv")
    counts["states"] = write_csv(out / "states.csv", states.COLUMNS, state_rows)
    counts["state aliases"] = write_csv(out / "state_aliases.csv", ["alias", "state_id", "kind"], alias_rows)
    return counts
