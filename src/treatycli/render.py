"""Output: plain data shapes for machines (json/jsonl/csv/tsv) and rich renderables for people.

Machine writers use only the standard library; rich is imported lazily by the table functions.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .enums import CONSENT_KINDS, OutputFormat
from .models import (
    Action,
    Coverage,
    Derivation,
    State,
    StatusResult,
    Treaty,
    Withdrawal,
)
from .text import visible

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from .results import InfoResult, ObligationsResult, PartiesResult, SearchHit, WithdrawalResult


# --- the columns of each csv/tsv output, declared (a header is written even with no row) ------
HONESTY_COLUMNS = (
    "bound",
    "since",
    "as_of",
    "current",
    "contested",
    "last_known_status",
    "last_known_as_of",
)
STATUS_COLUMNS = (
    "state_id",
    "state",
    "treaty_id",
    "treaty",
    "on",
    "status",
    *HONESTY_COLUMNS,
    "in_force_on",
    "notified_on",
    "effective_on",
    "effective_basis",
    "earliest_effective_on",
    "data_as_of",
)
# a batch line is a status answer (with what it rests on: bound, since, as_of...) or an error
BATCH_COLUMNS = ("line", *STATUS_COLUMNS, "error")
BATCH_TABLE_COLUMNS = ("line", "state", "treaty", "on", "status", "error")
PARTIES_COLUMNS = (
    "state_id",
    "state",
    "status",
    *HONESTY_COLUMNS,
    "signature",
    "consent",
    "consent_kind",
    "in_force_on",
    "notified_on",
    "effective_on",
    "on",
)
SEARCH_COLUMNS = ("id", "title", "short_name", "series", "adopted_on", "entry_into_force_on")
INFO_COLUMNS = ("id", "title", "retrieved_on", "as_of", "rows")
OBLIGATIONS_COLUMNS = ("treaty_id", "article", "summary")
WITHDRAWAL_COLUMNS = (
    "treaty_id",
    "treaty",
    "state_id",
    "state",
    "notified_on",
    "effective_on",
    "effective_basis",
    "rule",
    "may_notify",
    "may_notify_from",
    "reason",
    "current_status",
    "ends",
    "remains",
    "survives",
    "data_as_of",
)
PROFILE_COLUMNS = (
    "state_id",
    "state",
    "on",
    "subject",
    "treaty_id",
    "treaty",
    "status",
    "bound",
    "since",
    "core",
    "eligible",
)
RESERVATION_COLUMNS = (
    "treaty_id",
    "state_id",
    "state",
    "section",
    "made_upon",
    "date",
    "date_basis",
    "consent",
    "source",
    "source_url",
    "text",
)
COMPARE_COLUMNS = ("treaty_id", "treaty", "state_id", "state", "on", "status", "year", "bound", "eligible")


# --- plain shapes (the JSON contract, DESIGN.md section 4) ------------------------------------
def state_dict(s: State) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "common_name": s.common_name,
        "iso2": s.iso2,
        "m49": s.m49,
        "kind": s.kind,
    }


def treaty_dict(t: Treaty) -> dict[str, Any]:
    return {"id": t.id, "title": t.title, "short_name": t.short_name, "series": t.series}


def action_dict(a: Action) -> dict[str, Any]:
    return {
        "kind": a.kind.value,
        "date": a.date,
        "date_precision": a.date_precision.value,
        "effective_on": a.effective_on,
        "effective_basis": a.effective_basis.value if a.effective_basis else None,
        "source": a.source,
        "source_url": a.source_url,
        "confidence": a.confidence,
        "note": a.note,
    }


def withdrawal_dict(w: Withdrawal | None) -> dict[str, Any] | None:
    if w is None:
        return None
    return {
        "notified_on": w.notified_on,
        "effective_on": w.effective_on,
        "effective_basis": w.effective_basis.value if w.effective_basis else None,
        "earliest_effective_on": w.earliest_effective_on,
        "rule": w.rule,
        "survives": w.survives,
        "reason": w.reason,
    }


def honesty_dict(d: Derivation) -> dict[str, Any]:
    """What the status word rests on (DESIGN.md section 3): in every machine format."""
    lk = d.last_known
    return {
        "bound": d.bound.value,
        "since": d.since,
        "as_of": d.as_of,
        "current": d.current,
        "contested": bool(d.contested),
        "contested_by": d.contested,
        "last_known": None
        if lk is None
        else {"status": lk.status.value, "as_of": lk.as_of, "reason": lk.reason},
    }


def honesty_row(d: Derivation) -> dict[str, Any]:
    """The same, flat, for csv/tsv."""
    lk = d.last_known
    return {
        "bound": d.bound.value,
        "since": d.since,
        "as_of": d.as_of,
        "current": "true" if d.current else "false",
        "contested": "true" if d.contested else "false",
        "last_known_status": lk.status.value if lk else None,
        "last_known_as_of": lk.as_of if lk else None,
    }


def status_dict(r: StatusResult) -> dict[str, Any]:
    d = r.derivation
    cons = r.consequences
    return {
        "state": state_dict(r.state),
        "treaty": treaty_dict(r.treaty),
        "on": r.on.isoformat(),
        "status": d.status.value,
        **honesty_dict(d),
        "in_force_on": d.in_force_on,
        "in_force_basis": d.in_force_basis.value if d.in_force_basis else None,
        "actions": [action_dict(a) for a in r.actions],
        "withdrawal": withdrawal_dict(d.withdrawal),
        "consequences": None
        if cons is None
        else {
            "ends": cons.ends,
            "remains": cons.remains,
            "still_binding": [{"treaty": t, "name": n, "status": s} for t, n, s in cons.still_binding],
        },
        "notes": list(d.notes) + list(r.caveats),
        "coverage": None
        if r.coverage is None
        else {
            "coverage": r.coverage.coverage,
            "as_of": r.coverage.as_of,
            "source": r.coverage.source,
            "note": r.coverage.note,  # what the reach rests on: the count and its source, or the statement
        },
        "procedures": [
            {
                "procedure": x.procedure,
                "via": x.via,
                "accepted": x.accepted.value,
                "since": x.since,
                "as_of": x.as_of,
                "evidence": x.evidence,
            }
            for x in r.procedures
        ],
        "resolved": [{"input": i, "as": a} for i, a in r.resolved],
        "data_as_of": r.data_as_of,
    }


def status_row(r: StatusResult) -> dict[str, Any]:
    """A flat row for csv/tsv."""
    w = r.derivation.withdrawal
    return {
        "state_id": r.state.id,
        "state": r.state.name,
        "treaty_id": r.treaty.id,
        "treaty": r.treaty.short_name or r.treaty.title,
        "on": r.on.isoformat(),
        "status": r.status.value,
        **honesty_row(r.derivation),
        "in_force_on": r.derivation.in_force_on,
        "notified_on": w.notified_on if w else None,
        "effective_on": w.effective_on if w else None,
        "effective_basis": w.effective_basis.value if w and w.effective_basis else None,
        "earliest_effective_on": w.earliest_effective_on if w else None,
        "data_as_of": r.data_as_of,
    }


def parties_dicts(p: PartiesResult) -> list[dict[str, Any]]:
    return [
        {
            "state": state_dict(row.state),
            "treaty": treaty_dict(p.treaty),
            "on": p.on.isoformat(),
            "status": row.derivation.status.value,
            **honesty_dict(row.derivation),
            "in_force_on": row.derivation.in_force_on,
            "withdrawal": withdrawal_dict(row.derivation.withdrawal),
            "actions": [action_dict(a) for a in row.actions],
        }
        for row in p.rows
    ]


def parties_rows(p: PartiesResult) -> list[dict[str, Any]]:
    out = []
    for row in p.rows:

        def first(*kinds: str, _row: Any = row) -> str | None:
            return next((a.date for a in _row.actions if a.kind.value in kinds), None)

        consent = next((a for a in row.actions if a.kind.is_consent), None)
        w = row.derivation.withdrawal
        out.append(
            {
                "state_id": row.state.id,
                "state": row.state.name,
                "status": row.derivation.status.value,
                **honesty_row(row.derivation),
                "signature": first("signature"),
                "consent": consent.date if consent else None,
                "consent_kind": consent.kind.value if consent else None,
                "in_force_on": row.derivation.in_force_on,
                "notified_on": w.notified_on if w else None,
                "effective_on": w.effective_on if w else None,
                "on": p.on.isoformat(),
            }
        )
    return out


def search_rows(hits: Sequence[SearchHit]) -> list[dict[str, Any]]:
    return [
        {
            **treaty_dict(h.treaty),
            "adopted_on": h.treaty.adopted_on,
            "entry_into_force_on": h.treaty.entry_into_force_on,
        }
        for h in hits
    ]


def info_dict(i: InfoResult) -> dict[str, Any]:
    return {
        "path": i.path,
        "schema_version": i.schema_version,
        "data_as_of": i.data_as_of,
        "built_from": i.built_from,
        "counts": i.counts,
        "coverage": i.coverage,
        "by_family": i.by_family,
        "sources": [
            {"id": s[0], "title": s[1], "retrieved_on": s[2], "as_of": s[3], "rows": s[4]} for s in i.sources
        ],
    }


def obligations_dict(o: ObligationsResult) -> dict[str, Any]:
    rules = o.rules
    den = rules.denunciation if rules else None
    return {
        "treaty": {
            **treaty_dict(o.treaty),
            "entry_into_force_on": o.treaty.entry_into_force_on,
            "not_in_force_as_of": None if o.treaty.entry_into_force_on else o.treaty.not_in_force_as_of,
            "not_in_force_source": None if o.treaty.entry_into_force_on else o.treaty.not_in_force_source,
            "depositary": o.treaty.depositary,
        },
        "obligations": [{"article": x.article, "summary": x.summary} for x in o.obligations],
        "monitoring": {"body": o.monitoring_body, "how": o.monitoring, "modes": list(o.monitoring_modes)},
        "entry_into_force_rule": None
        if rules is None
        else {
            "kind": rules.entry_into_force.kind.value,
            "n": rules.entry_into_force.n,
            "article": rules.entry_into_force.article,
            "text": rules.entry_into_force.text,
        },
        "denunciation": None
        if den is None or rules is None
        else {
            "kind": den.kind.value,
            "n": den.n,
            "article": den.article,
            "rule": den.text,
            "notice": rules.notice,
            "min_membership_years": den.min_membership_years,
            "later_date_allowed": den.later_date_allowed,
            "armed_conflict_suspends": den.armed_conflict_suspends,
            "survival": rules.survival,
            "none_reason": rules.none_reason,
            "none_authority": rules.none_authority,
            "via_parent": rules.via_parent,
        },
        "ends": o.ends,
        "remains": o.remains,
        "sources": list(o.sources),
        "resolved": [{"input": i, "as": a} for i, a in o.resolved],
        "data_as_of": o.data_as_of,
    }


def withdrawal_result_dict(w: WithdrawalResult) -> dict[str, Any]:
    return {
        "treaty": treaty_dict(w.treaty),
        "state": state_dict(w.state) if w.state else None,
        "notified_on": w.notified_on.isoformat(),
        "effective_on": w.effective_on,
        "effective_basis": w.effective_basis.value if w.effective_basis else None,
        "rule": w.rule,
        "may_notify": w.may_notify,
        "may_notify_from": w.may_notify_from,
        "reason": w.reason,
        "current_status": w.current_status.value if w.current_status else None,
        "ends": w.ends,
        "remains": w.remains,
        "survives": w.survives,
        "still_binding": [{"treaty": t, "name": n, "status": s} for t, n, s in w.still_binding],
        "resolved": [{"input": i, "as": a} for i, a in w.resolved],
        "data_as_of": w.data_as_of,
    }


# --- machine writers -------------------------------------------------------------------------
def write_machine(
    fmt: OutputFormat,
    data: Any,
    rows: Iterable[dict[str, Any]] | None,
    out: io.TextIOBase | Any,
    columns: Sequence[str] | None = None,
) -> None:
    """json: the whole document; jsonl: one record per line; csv/tsv: flat rows under a header.

    ``columns`` declares the csv/tsv header, written even when there is no row; without it (a
    caller that has not declared them) the first row's keys are used and an empty result prints
    nothing.
    """
    if fmt is OutputFormat.json:
        out.write(_json(data, indent=2) + "\n")
        return
    if fmt is OutputFormat.jsonl:
        for rec in data if isinstance(data, list) else [data]:
            out.write(_json(rec) + "\n")
        return
    records = rows if rows is not None else (data if isinstance(data, list) else [data])
    write_stream(fmt, records, out, columns)


def write_stream(
    fmt: OutputFormat, records: Iterable[dict[str, Any]], out: Any, columns: Sequence[str] | None = None
) -> None:
    """Write records one by one (constant memory); json is written as one array, incrementally."""
    first = True
    writer: csv.DictWriter[str] | None = None
    if fmt is OutputFormat.json:
        out.write("[")
    elif fmt is not OutputFormat.jsonl and columns is not None:
        writer = _csv_writer(fmt, columns, out)
    for rec in records:
        if fmt is OutputFormat.json:
            out.write(("\n  " if first else ",\n  ") + _json(rec))
        elif fmt is OutputFormat.jsonl:
            out.write(_json(rec) + "\n")
        else:
            if writer is None:
                writer = _csv_writer(fmt, list(rec), out)
            writer.writerow({k: _flat(v) for k, v in rec.items()})
        first = False
    if fmt is OutputFormat.json:
        out.write("\n]\n" if not first else "]\n")


def _csv_writer(fmt: OutputFormat, columns: Sequence[str], out: Any) -> csv.DictWriter[str]:
    writer = csv.DictWriter(
        out,
        fieldnames=list(columns),
        delimiter="," if fmt is OutputFormat.csv else "\t",
        lineterminator="\n",
        extrasaction="ignore",
    )
    writer.writeheader()
    return writer


# json.dumps(ensure_ascii=False) escapes C0 controls but leaves DEL, the C1 controls (CSI, OSC...),
# bidirectional overrides and lone surrogates raw: escape those too (JSON allows \uXXXX anywhere
# in a string, and no such character can occur outside one).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _json(value: Any, indent: int | None = None) -> str:
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _flat(v: Any) -> Any:
    """A csv/tsv cell: one line, control characters shown (never acted on by a terminal)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict | list):
        return _json(v)
    if isinstance(v, str):
        return visible(" ".join(v.split()))  # no tabs or newlines inside a tsv/csv cell
    return v


# --- tables for people -----------------------------------------------------------------------
# Practice 18: no string from the database or a page reaches a renderable as markup. Every piece
# of data enters as a rich ``Text`` (which never reads markup) through ``_cell``, or is appended to
# one through ``_v``/``_prose``; both show control characters visibly (``text.visible``).
_STYLE = {
    "party": "bold green",
    "withdrawal_pending": "bold yellow",
    "withdrawal_date_unknown": "bold yellow",
    "withdrawn": "bold red",
    "signatory": "cyan",
    "signature_withdrawn": "magenta",
    "ratified_not_in_force": "cyan",
    "not_party": "dim",
    "terminated": "red",
    "unknown": "bold magenta",
}


def _v(value: object) -> str:
    """One line of data, safe to append to a ``Text``."""
    return visible("" if value is None else str(value))


def _prose(value: object) -> str:
    """Data that may run over several lines (a note, a rule, a consequence)."""
    return visible("" if value is None else str(value), multiline=True)


def _cell(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """Data as a table cell or title: shown literally, ``[unverified]`` and ``[/]`` included."""
    from rich.text import Text

    return Text(_prose(value) if multiline else _v(value), style=style)


def _status_cell(status: str) -> Text:
    return _cell(label(status), _STYLE.get(status, ""))


def _resolved(resolved: Sequence[tuple[str, str]]) -> str:
    return _v("  ".join(f"{i!r} -> {a}" for i, a in resolved))


# Status words for people (tables and cards); machine formats keep the stable snake_case words.
LABELS = {
    "not_party": "not a party",
    "signatory": "signatory, not bound",
    "signature_withdrawn": "signature withdrawn",
    "ratified_not_in_force": "ratified, not yet in force",
    "party": "party",
    "withdrawal_pending": "leaving — notice given",
    "withdrawal_date_unknown": "leaving — date unknown",
    "withdrawn": "withdrawn",
    "terminated": "treaty terminated",
    "dissolved": "no longer exists",
    "unknown": "unknown",
}


def label(status: str) -> str:
    return LABELS.get(status, status.replace("_", " "))


def _shorten(text: str, width: int) -> str:
    """Whole, or cut at a word with an ellipsis: never mid-word."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _grid() -> Any:
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(overflow="fold")
    return grid


def coverage_reach(cov: Coverage | None) -> str:
    """How far a treaty's participant list reaches, in words (the status card, the parties table)."""
    if cov is None or cov.coverage == "none":
        return "no participant list"
    if cov.coverage == "current":
        return f"list of the participants of {_v(cov.as_of)}"
    return f"{_v(cov.coverage)} list" + (f", current to {_v(cov.as_of)}" if cov.as_of else "")


def coverage_warning(cov: Coverage | None) -> str | None:
    """What a participant list read whole cannot say; None for a complete one."""
    if cov is not None and cov.coverage == "current":
        return (
            f"this list names the participants of {_v(cov.as_of)} only: a state that joined and left "
            "before then is not on it"
        )
    if cov is None or cov.coverage != "complete":
        return "this participant list is partial: states not listed may still be parties"
    return None


def _headline(r: StatusResult) -> list[tuple[str, Any]]:
    """The answer in five lines: who and what, the word and bound, since when, leaving, reach."""
    from rich.text import Text

    d = r.derivation
    word = Text(label(d.status.value), style=_STYLE.get(d.status.value, ""))
    word.append(f"   bound: {d.bound.value}", style="bold")
    if d.contested:
        word.append(f"   contested by {_v(d.contested)}", style="yellow")
    since = []
    if d.since:
        since.append(_v(d.since))
    if d.in_force_on and d.status.value in ("party", "withdrawal_pending", "withdrawal_date_unknown"):
        basis = d.in_force_basis.value if d.in_force_basis else ""
        since.append(f"in force for it from {_v(d.in_force_on)}" + (f" ({basis})" if basis else ""))
    if d.last_known is not None:
        lk = d.last_known
        if lk.as_of == r.on.isoformat():
            # the verified rows' own word on the date asked, which an unconfirmed act contradicts
            since.append(f"verified rows alone: {label(lk.status.value)}")
        else:
            reach = f" as of {_v(lk.as_of)}" if lk.as_of else ""
            since.append(f"last known: {label(lk.status.value)}{reach}")
    if not since and d.status.value == "party" and not (r.treaty.entry_into_force_on or d.in_force_on):
        # bound by a consent whose effect our data cannot date, to a treaty whose own entry into
        # force it does not hold either: the headline says so, not only the notes below it
        consent = next((a for a in r.actions if a.kind in CONSENT_KINDS), None)
        given = f"consent {_v(consent.date)}; " if consent is not None and consent.date else ""
        since.append(given + "the treaty's own entry into force is not in our data")
    if not since and d.status.value == "unknown" and d.bound.value == "yes" and d.withdrawal is not None:
        # a recorded exit after this date whose notice is undated: a party here, or already leaving
        since.append("a party, or already leaving: the notice's date is not in our data")
    if not since and d.status.value == "unknown":
        usable = [a for a in r.actions if a.usable]
        signed = next((a for a in usable if a.kind.value == "signature" and a.date), None)
        if signed is not None and not any(a.kind in CONSENT_KINDS for a in usable):
            # what the verified rows do say, and why it is not the answer
            since.append(f"signed {_v(signed.date)}; a later consent may be missing from our partial list")
    if not since:
        since.append(
            ("no signature or consent by this date" if r.actions else "no signature or consent in our data")
            if d.status.value == "not_party"
            else "our verified rows cannot say (see why)"
            if d.status.value == "unknown"
            else "no date of its own in our data"
        )
    w = d.withdrawal
    leaving = "no notice of withdrawal in our data"
    if w is None and d.status.bound and r.coverage is not None and not r.coverage.records_exits:
        # the 2015 list kept consents only: its silence on exits is no answer, and the headline says so
        leaving = "none in our data, but our 2015 UN list records no withdrawals: one may be missing"
    if w is not None:
        parts = [f"notice {_v(w.notified_on)}" if w.notified_on else "notice date not in our data"]
        if w.effective_on:
            basis = w.effective_basis.value if w.effective_basis else ""
            parts.append(f"takes effect {_v(w.effective_on)}" + (f" ({basis})" if basis else ""))
        elif w.earliest_effective_on:
            parts.append(f"earliest effect {_v(w.earliest_effective_on)}")
        else:
            parts.append("effect date unknown")
        leaving = "; ".join(parts)
    cov = r.coverage
    if cov is not None and cov.coverage == "state":
        who = _v(cov.source or "a source")
        reach = f"partial list; this state's standing per {who}, as of {_v(cov.as_of)}"
    else:
        reach = coverage_reach(cov)
    if cov is not None and cov.coverage != "none":
        reach += "" if d.current else " — does not reach this date"
    name = _v(r.treaty.short_name or r.treaty.title)
    return [
        (
            "",
            Text(f"{_v(r.state.name)} — {_v(r.treaty.series or r.treaty.id)} {name}", style="bold"),
        ),
        (f"on {r.on.isoformat()}", word),
        ("since", Text("; ".join(since))),
        ("leaving", Text(leaving)),
        ("our data", Text(reach)),
    ]


class _Card:
    """A card that cuts its one-line items to the width it is drawn at (80, 120, ... columns)."""

    def __init__(self, r: StatusResult, long: bool) -> None:
        self.r, self.long = r, long

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield _status_card(self.r, long=self.long, width=max(40, options.max_width - 18))


def status_card(r: StatusResult, *, long: bool = False) -> RenderableType:
    return _Card(r, long)


def _status_card(r: StatusResult, *, long: bool = False, width: int = 62) -> RenderableType:
    """The answer first (five lines), then why, procedures, consequences, the timeline and sources.

    Without ``long`` every item is one line cut at a word, the timeline keeps the latest acts and
    notes stay out; sources are numbered, each URL whole on its own line (a link where the terminal
    supports it). Labels have hanging indents: wrapped text lines up under its label.
    """
    from rich.console import Group
    from rich.text import Text

    d = r.derivation
    width = 10_000 if long else width  # compact: one line per item, cut at a word
    g = _grid()
    for k, v in _headline(r):
        g.add_row(k, v)
    w = d.withdrawal
    why = [*([w.reason] if w is not None and w.reason else []), *d.notes, *r.caveats]
    cut = False
    for i, note in enumerate(why if long else why[:2]):
        said = _shorten(_prose(note), width)
        cut = cut or said.endswith("…")
        g.add_row("why" if i == 0 else "", Text(said))
    if not long and len(why) > 2:
        g.add_row("", Text(f"(+{len(why) - 2} more with --long)", style="dim"))
    elif cut:
        g.add_row("", Text("(in full with --long)", style="dim"))
    for i, x in enumerate(r.procedures):
        what = {"individual_complaints": "individual complaints", "inter_state": "inter-state complaints"}
        text = f"{what.get(x.procedure, x.procedure)} ({_v(x.via)}): {x.accepted.value}"
        if x.since:
            text += f", since {_v(x.since)}"
        if x.accepted.value == "no" and x.as_of:
            text += f" (as of {_v(x.as_of)})"
        g.add_row("procedures" if i == 0 else "", Text(text))
    if w is not None and w.rule:
        g.add_row("rule", Text(_shorten(_prose(w.rule), width)))
    if w is not None and w.survives and long:
        g.add_row("survives", Text(_prose(w.survives)))
    c = r.consequences
    if c is not None:
        if c.ends:
            g.add_row("ends", Text(_shorten(_prose(c.ends), width)))
        if c.remains and long:
            g.add_row("remains", Text(_prose(c.remains)))
        if c.still_binding:
            still = ", ".join(f"{_v(n)} ({label(st)})" for _, n, st in c.still_binding)
            g.add_row("still bound by", Text(_shorten(still, width)))
    parts: list[RenderableType] = [g]

    refs: dict[str, int] = {}
    titles: dict[str, str] = {}  # a source's own title, shown under its URL with --long
    acts = list(r.actions)
    shown = acts if long or len(acts) <= 4 else acts[-4:]
    g = _grid()
    for a in shown:
        when = _v(a.date or "undated")
        if a.date_precision.value not in ("day", "unknown"):
            when += f" ({a.date_precision.value})"
        act_text = Text(a.kind.value.replace("_", " "))
        if a.effective_on and a.kind.value != "entry_into_force":
            act_text.append(f", effect {_v(a.effective_on)}")
        if a.confidence == "unverified":
            act_text.append(" [unverified]", style="yellow")
        url = a.source_url or a.source or ""
        if url:
            n = refs.setdefault(url, len(refs) + 1)
            if a.source and a.source not in url:  # a title that says more than the address
                titles.setdefault(url, a.source)
            act_text.append(f" [{n}]", style="dim")
        if a.note and long:
            act_text.append("\n" + _prose(a.note), style="dim")
        g.add_row(when, act_text)
    title = "timeline" + (
        "" if len(shown) == len(acts) else f" (latest {len(shown)} of {len(acts)}; --long for all)"
    )
    parts += [Text(title, style="bold"), g]
    if refs:
        parts.append(Text("sources", style="bold"))
        for url, n in refs.items():
            line = Text(f"[{n}] ", style="dim")
            link = _v(url)
            line.append(link, style=f"link {link}" if link.startswith(("http://", "https://")) else "")
            line.no_wrap = True
            line.overflow = "ignore"  # a URL is never broken: it stays copyable and clickable
            parts.append(line)
            if long and url in titles:
                from rich.padding import Padding

                parts.append(Padding(Text(_v(titles[url]), style="dim"), (0, 0, 0, 4)))
    parts.append(Text(f"resolved: {_resolved(r.resolved)}; data as of {_v(r.data_as_of)}", style="dim"))
    return Group(*parts)


_LEAVING_FIRST = ("withdrawal_pending", "withdrawal_date_unknown", "withdrawn")


def parties_table(p: PartiesResult) -> RenderableType:
    """A summary first (counts by status, then who is leaving or has left), then everyone."""
    from collections import Counter

    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    cov = p.coverage
    counts = Counter(row.derivation.status.value for row in p.rows)
    head = Text(
        f"{_v(p.treaty.series or p.treaty.id)} {_v(p.treaty.short_name or p.treaty.title)}", style="bold"
    )
    head.append(f" on {p.on.isoformat()}\n")
    head.append(", ".join(f"{label(k)}: {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])))
    head.append(f"\nour data: {coverage_reach(cov)}; data as of {_v(p.data_as_of)}", style="dim")
    warning = coverage_warning(cov)
    if warning is not None:
        head.append(f"\n{warning}", style="yellow")

    def table_of(rows: Sequence[tuple[Any, dict[str, Any]]], title: str) -> Any:
        table = Table(title=Text(title, style="bold"), title_justify="left")
        for col in ("state", "status", "signature", "consent", "in force", "withdrawal"):
            table.add_column(col, overflow="fold")
        for row, flat in rows:
            wd = ""
            if flat["notified_on"] or flat["effective_on"]:
                wd = f"{flat['notified_on'] or '?'} → {flat['effective_on'] or '?'}"
            consent = flat["consent"] or ""
            if consent and flat["consent_kind"] not in (None, "ratification"):
                consent += f" ({flat['consent_kind']})"
            table.add_row(
                _cell(row.state.name),
                _status_cell(row.derivation.status.value),
                _cell(flat["signature"]),
                _cell(consent),
                _cell(flat["in_force_on"]),
                _cell(wd),
            )
        return table

    pairs = list(zip(p.rows, parties_rows(p), strict=True))
    leaving = [x for x in pairs if x[0].derivation.status.value in _LEAVING_FIRST]
    leaving.sort(
        key=lambda x: (_LEAVING_FIRST.index(x[0].derivation.status.value), x[1]["effective_on"] or "")
    )
    parts: list[RenderableType] = [head]
    if leaving:
        parts.append(table_of(leaving, f"leaving or left ({len(leaving)})"))
    parts.append(table_of(pairs, f"all participants ({len(pairs)})"))
    return Group(*parts)


def search_table(hits: Sequence[SearchHit]) -> RenderableType:
    from rich.table import Table

    table = Table(title=f"{len(hits)} treaties")
    for col in ("id", "series", "short name", "title", "adopted"):
        table.add_column(col, overflow="fold")
    for h in hits:
        t = h.treaty
        table.add_row(_cell(t.id), _cell(t.series), _cell(t.short_name), _cell(t.title), _cell(t.adopted_on))
    return table


def info_table(i: InfoResult) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    src = Table(title="Sources")
    for col in ("source", "what", "retrieved", "as of", "rows"):
        src.add_column(col, overflow="fold")
    for s in i.sources:
        src.add_row(_cell(s[0]), _cell(s[1]), _cell(s[2]), _cell(s[3]), _cell(s[4]))
    cov = Table(title="Participant lists")
    cov.add_column("coverage")
    cov.add_column("treaties", justify="right")
    for k, v in sorted(i.coverage.items()):
        cov.add_row(_cell({"none": "none (metadata only)"}.get(k, k)), _cell(v))
    fam = Table(title="Treaties by source family and how far their lists reach")
    fam.add_column("family")
    fam.add_column("participant list", overflow="fold")
    fam.add_column("treaties", justify="right")
    names = {"un": "UN Secretary-General", "coe": "Council of Europe", "wipo": "WIPO", "ieadb": "IEADB"}
    for family, counts in sorted(i.by_family.items()):
        for label, n in counts.items():
            fam.add_row(_cell(names.get(family, family)), _cell(label), _cell(n))
    head = Text(
        f"database: {_v(i.path)}\nschema version {_v(i.schema_version)}; data as of {_v(i.data_as_of)}; "
        f"built from sources {_v(i.built_from)}\n"
        + ", ".join(f"{_v(k)}: {_v(v)}" for k, v in i.counts.items())
    )
    return Group(head, src, cov, fam)


def obligations_card(o: ObligationsResult) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    t = o.treaty
    head = Text(f"{_v(t.series or t.id)} {_v(t.short_name)}\n", style="bold")
    head.append(_v(t.title) + "\n", style="italic")
    in_force = t.entry_into_force_on or (
        f"not in force as of {t.not_in_force_as_of} ({t.not_in_force_source})"
        if t.not_in_force_as_of
        else "not in our data"
    )
    head.append(f"entry into force: {_v(in_force)}; depositary: {_v(t.depositary or 'not in our data')}\n")
    table = Table(title="Core obligations")
    table.add_column("article", no_wrap=True)
    table.add_column("obligation", overflow="fold")
    for ob in o.obligations:
        table.add_row(_cell(ob.article), _cell(ob.summary, multiline=True))
    body = Text()
    if o.monitoring_body:
        body.append("\nMonitoring: ", style="bold")
        body.append(f"{_v(o.monitoring_body)}. {_prose(o.monitoring)}\n")
    rules = o.rules
    if rules is not None:
        den = rules.denunciation
        body.append("\nLeaving the treaty: ", style="bold")
        if den.kind.value == "none":
            body.append(
                f"no denunciation clause. {_prose(rules.none_reason)}"
                f"{' (' + _v(rules.none_authority) + ')' if rules.none_authority else ''}\n"
            )
        else:
            art = f"Art. {_v(den.article)}: " if den.article else ""
            body.append(f"{art}{_prose(den.text or 'rule not in our data')}\n")
            if rules.notice:
                body.append(f"  notice: {_prose(rules.notice)}\n")
            if den.min_membership_years:
                body.append(f"  only after {den.min_membership_years} years as a party\n")
            if rules.survival:
                body.append(f"  survives: {_prose(rules.survival)}\n")
        eif = rules.entry_into_force
        if eif.text:
            body.append(f"\nEntry into force for a new party: {_prose(eif.text)}\n")
    if o.ends:
        body.append(f"\nWithdrawal ends: {_prose(o.ends)}\n")
    if o.remains:
        body.append(f"Withdrawal leaves: {_prose(o.remains)}\n")
    if not o.obligations and rules is None:
        body.append("\nno obligations summary for this treaty in our data\n", style="yellow")
    body.append(f"\nresolved: {_resolved(o.resolved)}; data as of {_v(o.data_as_of)}", style="dim")
    return Group(head, table, body)


def withdrawal_card(w: WithdrawalResult) -> RenderableType:
    from rich.panel import Panel
    from rich.text import Text

    t = w.treaty
    out = Text(f"{_v(t.series or t.id)} {_v(t.short_name or t.title)}\n", style="bold")
    if w.state:
        out.append(
            f"{_v(w.state.name)}: {w.current_status.value if w.current_status else ''} "
            f"on {w.notified_on.isoformat()}\n"
        )
    out.append(f"notice received on {w.notified_on.isoformat()} -> takes effect: ")
    out.append(_v(w.effective_on or "no date"), style="bold")
    out.append(f" ({w.effective_basis.value if w.effective_basis else 'n/a'})\n")
    if w.rule:
        out.append(f"rule: {_prose(w.rule)}\n")
    if w.may_notify is not None:
        out.append(
            f"may give notice now: {'yes' if w.may_notify else 'no'}"
            f"{' (from ' + _v(w.may_notify_from) + ')' if w.may_notify_from else ''}\n"
        )
    if w.reason:
        out.append(f"why: {_prose(w.reason)}\n", style="yellow")
    if w.survives:
        out.append(f"survives: {_prose(w.survives)}\n")
    if w.ends:
        out.append(f"ends: {_prose(w.ends)}\n")
    if w.remains:
        out.append(f"remains: {_prose(w.remains)}\n")
    if w.still_binding:
        out.append(
            "still bound on the same subject by: "
            + "; ".join(f"{_v(n)} [{_v(tid)}] ({_v(s)})" for tid, n, s in w.still_binding)
            + "\n"
        )
    out.append(f"resolved: {_resolved(w.resolved)}; data as of {_v(w.data_as_of)}", style="dim")
    return Panel(out, title="treaty withdrawal (what if)", expand=False)


def events_table(found: Sequence[Any]) -> RenderableType:
    from rich.table import Table

    table = Table(title=f"{len(found)} acts, newest first")
    for col in ("date", "act", "state", "treaty", "effective", "source"):
        table.add_column(col, overflow="fold")
    for e in found:
        act = _v(e.kind) + (" [unverified]" if e.confidence == "unverified" else "")
        table.add_row(
            _cell(e.date),
            _cell(act),
            _cell(e.state),
            _cell(f"{e.treaty} [{e.treaty_id}]"),
            _cell(e.effective_on),
            _cell(e.source_url or e.source),
        )
    return table


def profile_rows(state: State, on: Any, rows: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "state_id": state.id,
            "state": state.name,
            "on": on.isoformat(),
            "subject": r.subject,
            "treaty_id": r.treaty.id,
            "treaty": r.treaty.short_name or r.treaty.title,
            "status": r.status.value,
            "bound": r.bound.value,
            "since": r.since,
            "core": r.core,
            "eligible": r.eligible,
        }
        for r in rows
    ]


def profile_table(state: State, on: Any, rows: Sequence[Any]) -> RenderableType:
    """A summary first (counts; core treaties joined, not joined, closed to it), then by subject."""
    from collections import Counter

    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    open_rows = [r for r in rows if r.eligible]
    counts = Counter(r.status.value for r in open_rows)
    head = Text(f"{_v(state.name)} on {on.isoformat()}\n", style="bold")
    head.append(", ".join(f"{label(k)}: {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])))
    joined = [r for r in open_rows if r.core and r.bound.value == "yes"]
    missing = [r for r in open_rows if r.core and r.status.value in ("not_party", "signatory")]
    closed = [r for r in rows if not r.eligible]

    def name(r: Any) -> str:
        return _v(r.treaty.short_name or r.treaty.id)

    if joined:
        head.append(f"\nbound by {len(joined)} core treaties")
    if missing:
        head.append("\nnot joined (core treaties): " + ", ".join(name(r) for r in missing))
    if closed:
        head.append("\nnot eligible (closed to it): " + ", ".join(name(r) for r in closed), style="dim")
    table = Table()
    for col in ("subject", "treaty", "status", "since"):
        table.add_column(col, overflow="fold")
    for r in open_rows:
        table.add_row(
            _cell(r.subject),
            _cell(r.treaty.short_name or r.treaty.title),
            _status_cell(r.status.value),
            _cell(r.since),
        )
    return Group(head, table)


def compare_rows(c: Any) -> list[dict[str, Any]]:
    """One row per treaty and state (tidy: status and year in fields of their own)."""
    out = []
    for t in c.treaties:
        for s in c.states:
            cell = c.cells[(s.id, t.id)]
            out.append(
                {
                    "treaty_id": t.id,
                    "treaty": t.short_name or t.title,
                    "state_id": s.id,
                    "state": s.name,
                    "on": None,  # set by the command
                    "status": cell.status.value,
                    "year": cell.year,
                    "bound": cell.bound.value,
                    "eligible": cell.eligible,
                }
            )
    return out


def compare_table(c: Any) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table()
    table.add_column("treaty", overflow="fold")
    for s in c.states:
        table.add_column(_cell(s.common_name or s.name), overflow="fold")
    for t in c.treaties:
        cols: list[Any] = [_cell(t.short_name or t.title)]
        for s in c.states:
            cell = c.cells[(s.id, t.id)]
            if not cell.eligible:
                cols.append(_cell("not eligible", "dim"))
                continue
            cols.append(
                _cell(
                    label(cell.status.value) + (f" {cell.year}" if cell.year else ""),
                    _STYLE.get(cell.status.value, ""),
                )
            )
        table.add_row(*cols)
    legend = Text(
        "each cell: status, and the year it took effect (in force, or the withdrawal); "
        "'not eligible': a closed treaty the state cannot join",
        style="dim",
    )
    parts: list[RenderableType] = [table, legend]
    if c.left_out:
        parts.append(
            Text(
                f"{len(c.left_out)} core treaties left out: no data for these states, or none of them may "
                "join (--all shows them)",
                style="dim",
            )
        )
    return Group(*parts)


def reservation_rows(treaty: Treaty, texts: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "treaty_id": treaty.id,
            "state_id": x.state.id,
            "state": x.state.name,
            "section": x.section,
            "made_upon": x.made_upon,
            "date": x.date,
            "date_basis": x.date_basis,
            "consent": x.consent,
            "source": x.source,
            "source_url": x.source_url,
            "text": x.text,
        }
        for x in texts
    ]


def reservations_view(treaty: Treaty, state: State | None, texts: Sequence[Any]) -> RenderableType:
    """Each text under its state, section and date, with its source; the text whole, as recorded."""
    from rich.console import Group
    from rich.text import Text

    head = Text(f"{_v(treaty.series or treaty.id)} {_v(treaty.short_name or treaty.title)}", style="bold")
    head.append(f" — {len(texts)} text(s)" + (f" of {_v(state.name)}" if state else ""))
    parts: list[RenderableType] = [head]
    for x in texts:
        line = Text("\n" + _v(x.state.name), style="bold")
        line.append(f" — {_v(x.section or 'reservations and declarations')}")
        if x.made_upon:
            line.append(f" ({_v(x.made_upon.lower())})")
        if x.date:
            line.append(
                f", {_v(x.date)}"
                + (" (date of the act it was made upon)" if x.date_basis != "stated" else "")
            )
        else:
            line.append(
                ", date not stated by the depositary"
                + (f"; its consent: {_v(x.consent)}" if x.consent else "")
            )
        parts.append(line)
        parts.append(Text(_prose(x.text)))
        if x.source_url or x.source:
            src = Text("source: ", style="dim")
            url = _v(x.source_url or x.source)
            src.append(url, style=f"link {url}" if url.startswith("http") else "dim")
            src.no_wrap = True
            src.overflow = "ignore"
            parts.append(src)
    if not texts:
        parts.append(Text("no reservation or declaration text in our data", style="dim"))
    return Group(*parts)


class BarChart:
    """Horizontal bars, one per year, as wide as the terminal allows.

    The scale starts near the data (just below the smallest value), so 122 -> 125 parties is
    visible; each year is marked with its change (+ joins, - exits, net), so exits never vanish.
    """

    def __init__(self, title: str, series: Sequence[tuple[int, int]], *, changes: bool = True) -> None:
        self.title, self.series, self.changes = title, list(series), changes

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text

        yield Text(_v(self.title), style="bold")
        if not self.series:
            yield Text("no data", style="dim")
            return
        values = [n for _, n in self.series]
        lo, hi = min(values), max(values)
        base = max(0, lo - max(1, (hi - lo) // 10)) if hi > lo else 0
        label = max(len(str(n)) for n in values)
        room = max(10, options.max_width - 5 - label - (9 if self.changes else 0) - 2)
        yield Text(f"scale: {base} to {hi}" + (" (not from zero)" if base else ""), style="dim")
        previous: int | None = None
        for year, n in self.series:
            line = Text(f"{year} ")
            size = round((n - base) * room / (hi - base)) if hi > base else 0
            line.append("█" * size, style="green")
            line.append(f" {n}".rjust(label + 1))
            if self.changes and previous is not None and n != previous:
                delta = n - previous
                line.append(
                    f" {'+' if delta > 0 else '-'}{abs(delta)}", style="green" if delta > 0 else "bold red"
                )
            previous = n
            yield line


def bar_chart(title: str, series: Sequence[tuple[int, int]], *, changes: bool = True) -> RenderableType:
    return BarChart(title, series, changes=changes)
