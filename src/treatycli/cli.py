"""The ``treaty`` command: parse, call one library function, render. Errors become messages here only.

Start-up is kept small: rich is imported only to draw tables, and the build code never.
"""

from __future__ import annotations

import enum
import io
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer

from .enums import OutputFormat, Predicate, Status
from .errors import TreatyError

# Help written for people: the value a person types (DATE, PATH, STATUS), never a Python type name.
_METAVARS = {
    "--on": "DATE",
    "--since": "DATE",
    "--until": "DATE",
    "--effective-since": "DATE",
    "--effective-until": "DATE",
    "--notified": "DATE",
    "--db": "PATH",
    "--batch": "FILE",
    "--format": "FORMAT",
    "--is": "STATUS",
    "--status": "STATUS",
    "--treaty": "TREATY",
    "--state": "STATE",
    "--subject": "SUBJECT",
    "--kind": "KIND",
    "--limit": "N",
    "--from": "YEAR",
    "--to": "YEAR",
    "--source": "SOURCE",
}


def _plain_help_types() -> None:
    from typer import core

    def argument_type(self: Any, ctx: Any) -> str | None:
        return None  # the argument's name (STATE, TREATY) says it

    def option_type(self: Any, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        long = next((o for o in self.opts if o.startswith("--")), "")
        return str(self.metavar or _METAVARS.get(long) or (self.name or "value").upper())

    core.TyperArgument.display_type_rich = argument_type  # type: ignore[method-assign]
    core.TyperOption.display_type_rich = option_type  # type: ignore[method-assign]


_plain_help_types()


class _Group(typer.core.TyperGroup):
    """Usage errors the way every other error is shown: one ``treaty: error:`` line, exit 2."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        standalone = kwargs.pop("standalone_mode", True)
        kwargs["standalone_mode"] = False
        if not standalone:
            return super().main(*args, **kwargs)
        from typer import core

        # recent Typer carries its own copy of click; older ones use click itself
        errors = getattr(core, "_click", None) or __import__("click")
        try:
            code = super().main(*args, **kwargs)
        except errors.exceptions.NoArgsIsHelpError as exc:
            exc.show()  # the help text itself
            sys.exit(exc.exit_code)
        except errors.exceptions.ClickException as exc:
            sys.stderr.write(f"treaty: error: {_usage_message(exc)}\n")
            sys.exit(exc.exit_code)
        except errors.exceptions.Abort:
            sys.stderr.write("treaty: error: aborted\n")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _usage_message(exc: Any) -> str:
    from .text import visible

    text = " ".join(str(exc.format_message()).split())
    ctx = getattr(exc, "ctx", None)
    where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    extra = re.search(r"unexpected extra argument\(s\) \((.*)\)$", text)
    if extra and ctx is not None and ctx.info_name == "status":
        words = [str(ctx.params.get(k) or "") for k in ("state", "treaty")] + extra[1].split()
        words = [w for w in words if w.strip()]
        if len(words) >= 3:  # empty arguments give no example to quote
            where = f'; quote a name with spaces, e.g. treaty status "{" ".join(words[:-1])}" {words[-1]}'
    return visible(text[:400] + where)


app = typer.Typer(
    cls=_Group,
    name="treaty",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    help="Is a state bound by a treaty, since when, and what changes if it leaves?\n\n"
    "Example: treaty status russia cpt",
)

FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="table, json, jsonl, csv or tsv (default: table on a terminal, else tsv).",
    ),
]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="Treaty database to read (default: $TREATY_DB, then the bundled one)."),
]
FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Only these columns, comma-separated, in this order (machine formats; e.g. state_id,status).",
    ),
]
OnOpt = Annotated[
    str | None,
    typer.Option("--on", help="Date to answer for: YYYY-MM-DD, YYYY-MM, YYYY or 'today' (default)."),
]

T = TypeVar("T")

EXIT_CODES = {
    0: "answered",
    1: "not found (unknown state or treaty)",
    2: "usage error (bad option, malformed date)",
    3: "ambiguous name (candidates on stderr)",
    4: "database missing or unreadable",
    5: "a predicate (--is) is false, or some lines of a batch failed",
    6: "an update could not reach or read a depositary (nothing changed)",
    7: "a partial update: some pages failed (they keep their previous source), the others were written",
}


def resolve_subjects(database: Any, treaty_id: str) -> tuple[str, ...]:
    from .answers.status import resolve_by_id

    return resolve_by_id(database, treaty_id).subjects


def _complete(table: str, incomplete: str) -> list[str]:
    """Dynamic shell-completion candidates; silent on any problem (a completion must never fail)."""
    try:
        from .answers import catalog
        from .db import open_database

        with open_database(None) as database:
            return catalog.complete_names(database, table, incomplete)
    except Exception:  # noqa: BLE001 - completion runs inside the user's shell
        return []


def _complete_state(incomplete: str) -> list[str]:
    return _complete("state", incomplete)


def _complete_treaty(incomplete: str) -> list[str]:
    return _complete("treaty", incomplete)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(version("treatycli"))
        except PackageNotFoundError:
            typer.echo("unknown")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Is a state bound by a treaty, since when, and what changes if it leaves?

    Exit codes: 0 answered; 1 not found; 2 usage error; 3 ambiguous name; 4 database missing
    or unreadable; 5 predicate false (or batch lines failed); 6 update failed (nothing changed);
    7 partial update.
    """
    _FIELDS.clear()  # --fields belongs to the command that names it
    ctx.call_on_close(_close_databases)


_OPENED: list[Any] = []  # databases this command opened; closed when it ends, however it ends


def _close_databases() -> None:
    while _OPENED:
        _OPENED.pop().close()


def _fail(message: str, code: int) -> NoReturn:
    """The one way a command fails: one line on stderr, nothing on stdout, the exit code."""
    from .text import visible

    text = visible(" ".join(message.replace("\x00", "").split()))
    sys.stderr.write(f"treaty: error: {text[:500]}\n")
    raise typer.Exit(code)


def _run(call: Callable[[], T]) -> T:
    """Call into the library; turn its domain errors into one line on stderr and an exit code."""
    try:
        return call()
    except TreatyError as exc:
        _fail(str(exc), exc.exit_code)


def _fmt(fmt: OutputFormat | None) -> OutputFormat:
    """The one rule for every command: ``--format`` if given, else table on a terminal, else tsv."""
    if fmt is not None:
        return fmt
    return OutputFormat.table if sys.stdout.isatty() else OutputFormat.tsv


def _console() -> Any:
    from rich.console import Console

    plain = not sys.stdout.isatty() or "NO_COLOR" in os.environ
    return Console(
        no_color=plain,
        highlight=False,
        markup=False,  # data is never markup (renderables hold it as Text; this is a second guard)
        emoji=False,
        soft_wrap=False,
        color_system=None if plain else "auto",
        width=None if sys.stdout.isatty() else _piped_width(),
    )


def _piped_width() -> int:
    """A table written to a file or pipe: $COLUMNS if it is a sane number, else 110."""
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() and 40 <= int(value) <= 1000 else 110


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    from .dates import parse_user_date

    return _run(lambda: parse_user_date(text))


def _check(*args: str | None) -> None:
    for a in args:
        if a is not None and any(ord(c) < 32 and c not in "\t" for c in a):
            _fail("arguments may not contain control characters", 2)


_FIELDS: list[str] = []  # --fields of the running command (one command per process)


def _fields(text: str | None) -> None:
    _FIELDS[:] = [f.strip() for f in (text or "").split(",") if f.strip()]


def _pick(columns: Sequence[str], rows: Any, data: Any) -> tuple[Sequence[str], Any, Any]:
    """Keep only the --fields asked for; an unknown field is a usage error listing the known ones."""
    if not _FIELDS:
        return columns, rows, data
    unknown = [f for f in _FIELDS if f not in columns]
    if unknown:
        _fail(f"unknown field(s) {', '.join(unknown)}; fields: {', '.join(columns)}", 2)
    keep = list(_FIELDS)
    rows = [{k: r.get(k) for k in keep} for r in rows]
    if isinstance(data, list) and all(isinstance(x, dict) for x in data):
        data = [{k: x.get(k) for k in keep} for x in data] if all(set(keep) <= set(x) for x in data) else rows
    elif isinstance(data, dict) and set(keep) <= set(data):
        data = {k: data[k] for k in keep}
    else:
        data = rows
    return keep, rows, data


def _emit(
    fmt: OutputFormat | None, data: Any, rows: Any, table: Callable[[], Any], columns: Sequence[str]
) -> None:
    """Print a table for people, or ``data`` (json) / ``rows`` under ``columns`` (csv/tsv)."""
    from .render import write_machine

    chosen = _fmt(fmt)
    if chosen is OutputFormat.table:
        _console().print(table(), crop=False)  # a whole URL stays whole: copyable, clickable
    else:
        columns, rows, data = _pick(columns, rows, data)
        write_machine(chosen, data, rows, sys.stdout, columns)


def _open(db: str | None) -> Any:
    """Open the database for this command; it is closed when the command ends (see ``main``)."""
    from .db import open_database

    database = _run(lambda: open_database(db))
    _OPENED.append(database)
    return database


class _StatusCommand(typer.core.TyperCommand):
    """STATE and TREATY are required unless --batch is given: the usage line says so."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [self.options_metavar or "[OPTIONS]", "STATE TREATY"]


@app.command(cls=_StatusCommand)
def status(
    state: Annotated[
        str | None,
        typer.Argument(
            help="State: name, ISO code or common name (e.g. russia, RU, RUS).",
            autocompletion=_complete_state,
        ),
    ] = None,
    treaty: Annotated[
        str | None,
        typer.Argument(
            help="Treaty: short name, number or title words (e.g. cpt, 126, IV-9).",
            autocompletion=_complete_treaty,
        ),
    ] = None,
    on: OnOpt = None,
    is_: Annotated[
        Predicate | None,
        typer.Option(
            "--is",
            case_sensitive=False,
            help="Print nothing; exit 0 if the status is this (a status word such as party, withdrawn, "
            "signatory; or bound / not-bound), else 5. An unknown answer satisfies neither bound nor "
            "not-bound.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the status word.")] = False,
    long_: Annotated[
        bool, typer.Option("--long", "-l", help="The whole timeline and every note, uncut.")
    ] = False,
    batch: Annotated[
        str | None,
        typer.Option(
            "--batch",
            help="Read 'STATE<TAB>TREATY[<TAB>DATE]' lines from FILE or - (stdin); one result per line, "
            "in order; exit 5 if some lines failed (a line over 4096 bytes is an error).",
        ),
    ] = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Status of STATE in TREATY on a date, with its timeline and what changes if it leaves.

    Example: treaty status russia cpt --format json
    """
    _fields(fields)
    if batch is not None:
        _batch(batch, fmt, db)
        return
    if state is None or treaty is None:
        _fail("status needs STATE and TREATY (or --batch FILE)", 2)
    _check(state, treaty, on)
    from .answers import status as answer
    from .render import STATUS_COLUMNS, status_card, status_dict, status_row

    when = _date(on)
    database = _open(db)
    result = _run(lambda: answer.status_of(database, state, treaty, when))
    if is_ is not None:
        raise typer.Exit(0 if is_.holds(result.status, result.derivation.bound) else 5)
    if quiet:
        typer.echo(result.status.value)
        return
    _emit(
        fmt,
        status_dict(result),
        [status_row(result)],
        lambda: status_card(result, long=long_),
        STATUS_COLUMNS,
    )


@app.command()
def parties(
    treaty: Annotated[
        str,
        typer.Argument(help="Treaty: short name, number or title words.", autocompletion=_complete_treaty),
    ],
    status_: Annotated[
        Status | None,
        typer.Option("--status", case_sensitive=False, help="Only participants with this status."),
    ] = None,
    on: OnOpt = None,
    chart: Annotated[bool, typer.Option("--chart", help="Draw the number of parties by year.")] = False,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Every participant of TREATY in our data, with its status on a date.

    Example: treaty parties ottawa --status withdrawn
    """
    _fields(fields)
    _check(treaty, on)
    from .answers import parties
    from .render import PARTIES_COLUMNS, coverage_warning, parties_dicts, parties_rows, parties_table

    when = _date(on)
    database = _open(db)
    if chart:
        from .render import bar_chart

        found, series = _run(lambda: parties.parties_by_year(database, treaty, when.year if when else None))
        rows = [{"year": y, "parties": n} for y, n in series]
        title = f"Parties to {found.short_name or found.title} [{found.id}] on 31 December"
        _emit(fmt, rows, rows, lambda: bar_chart(title, series), ("year", "parties"))
        return
    result = _run(lambda: parties.parties(database, treaty, when, status_))
    warning = coverage_warning(result.coverage)
    if warning is not None:
        sys.stderr.write(f"treaty: note: {warning}\n")
    _emit(fmt, parties_dicts(result), parties_rows(result), lambda: parties_table(result), PARTIES_COLUMNS)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words of a treaty's title, short name or number.")],
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Find treaties by title, alias or number.

    Example: treaty search torture
    """
    _fields(fields)
    _check(text)
    from .answers import catalog
    from .render import SEARCH_COLUMNS, search_rows, search_table

    database = _open(db)
    hits = _run(lambda: catalog.search(database, text))
    if not hits:
        _fail(f"no treaty matches {text[:80]!r}", 1)
    rows = search_rows(hits)
    _emit(fmt, rows, rows, lambda: search_table(hits), SEARCH_COLUMNS)


@app.command()
def info(fmt: FormatOpt = None, db: DbOpt = None) -> None:
    """The database: sources and their "as of" dates, coverage, counts, schema version.

    Example: treaty info
    """
    from .answers import catalog
    from .render import INFO_COLUMNS, info_dict, info_table

    database = _open(db)
    result = _run(lambda: catalog.info(database))
    data = info_dict(result)
    _emit(fmt, data, data["sources"], lambda: info_table(result), INFO_COLUMNS)


@app.command()
def obligations(
    treaty: Annotated[
        str,
        typer.Argument(help="Treaty: short name, number or title words.", autocompletion=_complete_treaty),
    ],
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """A treaty's core obligations, its monitoring, and its denunciation clause in plain words.

    Example: treaty obligations ecpt
    """
    _fields(fields)
    _check(treaty)
    from .answers import withdrawal
    from .render import OBLIGATIONS_COLUMNS, obligations_card, obligations_dict

    database = _open(db)
    result = _run(lambda: withdrawal.obligations(database, treaty))
    data = obligations_dict(result)
    rows = [{"treaty_id": result.treaty.id, **o} for o in data["obligations"]]
    _emit(fmt, data, rows, lambda: obligations_card(result), OBLIGATIONS_COLUMNS)


@app.command()
def withdrawal(
    treaty: Annotated[
        str,
        typer.Argument(help="Treaty: short name, number or title words.", autocompletion=_complete_treaty),
    ],
    state: Annotated[str | None, typer.Argument(help="Optional state giving notice.")] = None,
    notified: Annotated[
        str | None,
        typer.Option("--notified", help="Date the depositary receives the notice (default today)."),
    ] = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """What if: when a notice of withdrawal would take effect, and what would end and remain.

    Example: treaty withdrawal ecpt --notified 2025-10-15
    """
    _fields(fields)
    _check(treaty, state, notified)
    from .answers import withdrawal
    from .render import WITHDRAWAL_COLUMNS, withdrawal_card, withdrawal_result_dict

    when = _date(notified)
    if when is not None and when > _LAST_NOTICE:
        _fail(f"--notified must be on or before {_LAST_NOTICE} (its effect must fall within the calendar)", 2)
    database = _open(db)
    result = _run(lambda: withdrawal.withdrawal_whatif(database, treaty, state, when))
    data = withdrawal_result_dict(result)
    row = {k: v for k, v in data.items() if k not in ("still_binding", "resolved")}
    row |= {  # flat cells for csv/tsv: ids and names, never a JSON object in a cell
        "treaty_id": result.treaty.id,
        "treaty": result.treaty.short_name or result.treaty.title,
        "state_id": result.state.id if result.state else None,
        "state": result.state.name if result.state else None,
    }
    _emit(fmt, data, [row], lambda: withdrawal_card(result), WITHDRAWAL_COLUMNS)


@app.command()
def reservations(
    treaty: Annotated[
        str,
        typer.Argument(help="Treaty: short name, number or title words.", autocompletion=_complete_treaty),
    ],
    state: Annotated[
        str | None, typer.Argument(help="Only this state's texts.", autocompletion=_complete_state)
    ] = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Reservations, declarations and objections as the depositary records them, with date and source.

    Example: treaty reservations iccpr usa
    """
    _fields(fields)
    _check(treaty, state)
    from .answers import reservations as answer
    from .render import RESERVATION_COLUMNS, reservation_rows, reservations_view

    database = _open(db)
    found, who, texts = _run(lambda: answer.reservations(database, treaty, state))
    rows = reservation_rows(found, texts)
    _emit(fmt, rows, rows, lambda: reservations_view(found, who, texts), RESERVATION_COLUMNS)


# the effect of a notice is computed by adding the treaty's periods (months, years) to its date;
# a century of room keeps every result inside the calendar, which ends at 9999-12-31
_LAST_NOTICE = date(9899, 12, 31)


def _resolve_id(database: Any, text: str) -> str:
    from .resolve import resolve_treaty

    return _run(lambda: resolve_treaty(database, text)).id


MAX_BATCH_LINE = 4096  # bytes; a longer batch line is an error row, never read whole


class _BatchLines:
    """The lines of a batch input, read one at a time with a bounded length (constant memory).

    A line longer than ``MAX_BATCH_LINE`` is skipped to its end, never held, and noted in
    ``too_long``; in its place an empty line keeps the numbering.
    """

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.too_long: list[int] = []

    def __iter__(self) -> Iterator[bytes]:
        number = 0
        while raw := self.handle.readline(MAX_BATCH_LINE + 1):
            number += 1
            if len(raw) > MAX_BATCH_LINE and not raw.endswith(b"\n"):
                while (rest := self.handle.readline(65536)) and not rest.endswith(b"\n"):
                    pass
                self.too_long.append(number)
                raw = b"\n"
            yield raw


def _batch(path: str, fmt: OutputFormat | None, db: str | None) -> None:
    database = _open(db)
    if path == "-":
        _write_batch(database, sys.stdin.buffer, fmt)
        return
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        _fail(f"cannot read batch file: {exc.strerror}", 2)
    with handle:
        _write_batch(database, handle, fmt)


def _batch_items(database: Any, handle: Any) -> Iterator[Any]:
    """``answers.batch`` over the bounded lines, with an error item for each line too long."""
    from .answers import batch

    lines = _BatchLines(handle)

    def too_long(before: float) -> Iterator[Any]:
        while lines.too_long and lines.too_long[0] < before:
            number = lines.too_long.pop(0)
            yield batch.BatchItem(number, "", error=f"line longer than {MAX_BATCH_LINE} bytes", exit_code=2)

    for item in batch.status_batch(database, lines):
        yield from too_long(item.line)
        yield item
    yield from too_long(float("inf"))


def _write_batch(database: Any, handle: Any, fmt: OutputFormat | None) -> None:
    """One record per input line, streamed: nothing of the input or the output is kept."""
    from .render import BATCH_COLUMNS, BATCH_TABLE_COLUMNS, status_dict, status_row, write_stream

    chosen = _fmt(fmt)
    failed = 0

    def records() -> Iterator[dict[str, Any]]:
        nonlocal failed
        for item in _batch_items(database, handle):
            if item.error:
                failed += 1
            if chosen in (OutputFormat.json, OutputFormat.jsonl):
                yield (
                    {"line": item.line, **status_dict(item.result)}
                    if item.result
                    else {
                        "line": item.line,
                        "input": item.text,
                        "error": item.error,
                        "exit_code": item.exit_code,
                    }
                )
            else:
                yield {
                    "line": item.line,
                    **(status_row(item.result) if item.result else {}),
                    "error": item.error,
                }

    if chosen is OutputFormat.table:  # one line per result, as it comes: a batch is never a picture
        write_stream(OutputFormat.tsv, records(), sys.stdout, BATCH_TABLE_COLUMNS)
    elif chosen is OutputFormat.json:  # "one result per line": json is written as json lines
        write_stream(OutputFormat.jsonl, records(), sys.stdout)
    else:
        write_stream(chosen, records(), sys.stdout, BATCH_COLUMNS)
    if failed:
        sys.stderr.write(f"treaty: {failed} line(s) failed\n")
        raise typer.Exit(5)


_MAX_LIMIT = 2**63 - 1  # the largest integer SQLite takes


@app.command()
def events(
    since: Annotated[str | None, typer.Option("--since", help="Only acts on or after this date.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only acts on or before this date.")] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", "-k", help="Only this kind of act (repeatable), e.g. denunciation."),
    ] = None,
    state: Annotated[str | None, typer.Option("--state", help="Only this state.")] = None,
    treaty: Annotated[str | None, typer.Option("--treaty", help="Only this treaty.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most this many rows.")] = None,
    effective_since: Annotated[
        str | None,
        typer.Option(
            "--effective-since", help="Only acts taking effect on or after this date (exits, entries)."
        ),
    ] = None,
    effective_until: Annotated[
        str | None, typer.Option("--effective-until", help="Only acts taking effect on or before this date.")
    ] = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """The acts in the data, newest first.

    Example: treaty events --since 2025-01-01 --kind denunciation --format csv
    Example: treaty events --kind denunciation --effective-since 2026-01-01 --effective-until 2026-12-31
    """
    _check(since, until, state, treaty, effective_since, effective_until, *(kind or []))
    from dataclasses import asdict, fields

    from .answers import events
    from .render import events_table

    first, last = _date(since), _date(until)
    if limit is not None and limit > _MAX_LIMIT:
        _fail(f"--limit must be at most {_MAX_LIMIT}", 2)
    database = _open(db)
    chosen = _fmt(fmt)
    if chosen is OutputFormat.table and limit is None:
        limit = 100  # a table is for reading; machine formats get everything
        sys.stderr.write("treaty: note: showing the newest 100 acts; use --limit N or a machine --format\n")
    stream = _run(
        lambda: events.events(
            database,
            since=first,
            until=last,
            kinds=kind or (),
            state_text=state,
            treaty_text=treaty,
            limit=limit,
            effective_since=_date(effective_since),
            effective_until=_date(effective_until),
        )
    )
    if chosen is OutputFormat.table:
        found = _run(lambda: list(stream))
        _console().print(events_table(found))
        return
    from .render import write_stream

    columns = [f.name for f in fields(events.Event)]
    _run(lambda: write_stream(chosen, (asdict(e) for e in stream), sys.stdout, columns))


@app.command("state")
def state_cmd(
    state: Annotated[str, typer.Argument(help="State: name, ISO code or common name.")],
    subject: Annotated[
        str | None,
        typer.Option(
            "--subject", help="Only treaties on this subject, e.g. torture, climate, nuclear-weapons."
        ),
    ] = None,
    on: OnOpt = None,
    chart: Annotated[bool, typer.Option("--chart", help="Draw a timeline: acts per year.")] = False,
    all_: Annotated[
        bool, typer.Option("--all", help="Every treaty the state has acted on, not only the core ones.")
    ] = False,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """A state's profile: the core treaties it has joined, not joined or cannot join (--all: every treaty).

    Example: treaty state russia --subject torture
    """
    _fields(fields)
    _check(state, subject, on)
    from .answers import profile
    from .render import PROFILE_COLUMNS, profile_rows, profile_table

    when = _date(on)
    database = _open(db)
    if chart:
        from .render import bar_chart

        series = _run(lambda: _acts_per_year(database, state, subject))
        rows_ = [{"year": y, "acts": n} for y, n in series]
        title = f"Treaty acts of {state} per year"
        _emit(fmt, rows_, rows_, lambda: bar_chart(title, series, changes=False), ("year", "acts"))
        return
    found, at, rows = _run(lambda: profile.state_profile(database, state, when, subject, everything=all_))
    data = profile_rows(found, at, rows)
    _emit(fmt, data, data, lambda: profile_table(found, at, rows), PROFILE_COLUMNS)


def _acts_per_year(database: Any, state: str, subject: str | None) -> list[tuple[int, int]]:
    """A state's acts counted by year, every year from its first to its last (reads all its acts)."""
    from .answers import events

    years: dict[int, int] = {}
    for e in events.events(database, state_text=state):
        if e.date and (subject is None or subject in resolve_subjects(database, e.treaty_id)):
            years[int(e.date[:4])] = years.get(int(e.date[:4]), 0) + 1
    return [(y, years.get(y, 0)) for y in range(min(years, default=2000), max(years, default=2000) + 1)]


@app.command()
def compare(
    states: Annotated[list[str], typer.Argument(help="Two or more states.")],
    treaty: Annotated[list[str] | None, typer.Option("--treaty", "-t", help="Treaty (repeatable).")] = None,
    subject: Annotated[str | None, typer.Option("--subject", help="Core treaties on this subject.")] = None,
    on: OnOpt = None,
    all_: Annotated[
        bool,
        typer.Option("--all", help="Keep the treaties with no data for these states, or closed to them."),
    ] = False,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """A matrix of states by treaties: the status (and year) in each cell.

    Without --treaty the core treaties are compared, leaving out those with no data for any of the
    states or that none of them may join (--all keeps them). Machine formats: one row per treaty
    and state, with status, year, bound and eligible in fields of their own.

    Example: treaty compare france germany poland --subject torture
    """
    _fields(fields)
    _check(*states, *(treaty or []), subject, on)
    from .answers import profile
    from .render import COMPARE_COLUMNS, compare_rows, compare_table

    when = _date(on)
    database = _open(db)
    found = _run(lambda: profile.compare(database, states, treaty or (), subject, when, everything=all_))
    rows = compare_rows(found)
    for r in rows:
        r["on"] = (when or date.today()).isoformat()
    _emit(fmt, rows, rows, lambda: compare_table(found), COMPARE_COLUMNS)


@app.command()
def panel(
    treaties: Annotated[list[str], typer.Argument(help="One or more treaties.")],
    from_year: Annotated[int, typer.Option("--from", help="First year.")] = 1945,
    to_year: Annotated[int | None, typer.Option("--to", help="Last year (default: this year).")] = None,
    fields: FieldsOpt = None,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """A country-year panel: one row per state and year (status on 31 December, the year's acts).

    Example: treaty panel cat --from 1984 --to 2026 --format csv
    """
    _fields(fields)
    _check(*treaties)
    from dataclasses import asdict
    from dataclasses import fields as dataclass_fields

    from .answers import panel

    last = to_year if to_year is not None else date.today().year
    if not (1 <= from_year <= 9999 and 1 <= last <= 9999):
        _fail("--from and --to must be years from 1 to 9999", 2)
    database = _open(db)
    rows = [asdict(r) for r in _run(lambda: list(panel.panel(database, treaties, from_year, last)))]
    for r in rows:
        r["status"] = r["status"].value
    chosen = _fmt(fmt)
    if chosen is OutputFormat.table:
        chosen = OutputFormat.tsv  # a panel is data, not a picture
    _emit(chosen, rows, rows, lambda: None, [f.name for f in dataclass_fields(panel.PanelRow)])


def _update_run(database: Any, target: Path, ids: list[str], sources: list[str], dry_run: bool) -> Any:
    """The update; a rich progress bar on a terminal, nothing when stderr is piped."""
    from .update.run import default_cache
    from .update.run import update as do_update

    cache = default_cache() if target == _user_target() else target.parent / "sources"

    def go(progress: Any = None) -> Any:
        return do_update(
            database, target, ids, sources=sources, dry_run=dry_run, cache=cache, progress=progress
        )

    if not sys.stderr.isatty():
        return _run(go)
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("fetching", total=len(ids))

        def advance(tid: str) -> None:
            from rich.markup import escape

            from .text import visible

            bar.update(task, advance=1, description=escape(f"fetching {visible(tid)}"))

        return _run(lambda: go(advance))


def _user_target() -> Path | None:
    from . import db as dbmod

    return dbmod.user_database_path()


class UpdateSource(enum.StrEnum):
    untc = "untc"
    coe = "coe"
    unoda = "unoda"
    all = "all"


@app.command()
def update(
    treaty: Annotated[
        list[str] | None,
        typer.Option(
            "--treaty",
            "-t",
            help="Treaty to refresh (repeatable; default: the UN treaties we hold rules for).",
        ),
    ] = None,
    source: Annotated[
        UpdateSource, typer.Option("--source", case_sensitive=False, help="Depositary service to read.")
    ] = UpdateSource.untc,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print what would change; write nothing.")
    ] = False,
    fmt: FormatOpt = None,
    db: DbOpt = None,
) -> None:
    """Refresh the database from the depositaries themselves (needs a network).

    The refreshed copy goes to your data directory (or to --db / $TREATY_DB), written beside the
    old file and swapped in atomically; any failure leaves the old database untouched (exit 6).

    Example: treaty update --treaty ottawa --dry-run
    """
    _check(*(treaty or []))
    if source is UpdateSource.unoda:
        _fail(
            "--source unoda is not available yet (its parser exists, its fetch does not); use untc or coe",
            2,
        )
    from . import db as dbmod
    from .update.run import default_treaties

    database = _open(db)
    explicit = db or os.environ.get(dbmod.ENV_VAR)
    target = Path(explicit) if explicit else _user_target()
    if target is None:
        _fail("no data directory to write the updated database to; use --db", 2)
    sources = ["untc", "coe"] if source is UpdateSource.all else [source.value]
    if treaty:
        ids = [_resolve_id(database, t) for t in treaty]
    else:
        ids = [t for src in sources for t in default_treaties(database, src)]
    prefixes = tuple({"untc": "un-", "coe": "coe-"}[s] for s in sources)
    wrong = [t for t in ids if not t.startswith(prefixes)]
    if wrong:
        _fail(f"{', '.join(wrong)}: not kept by --source {source.value}", 2)
    if not ids:
        _fail("no treaty to update from that source", 2)
    result = _update_run(database, target, ids, sources, dry_run)
    from .text import visible

    rows = [
        {"treaty": c.treaty, "state": c.state, "change": c.what, "detail": visible(c.detail)}
        for c in result.changes
    ]
    data = {
        "target": result.target,
        "written": result.written,
        "partial": result.partial,
        "treaties": list(result.treaties),
        "as_of": dict(result.as_of),
        "failed": [{"treaty": f.treaty, "reason": f.reason} for f in result.failed],
        "cache": result.cache,
        "changes": rows,
    }
    if _fmt(fmt) is OutputFormat.table:
        for r in rows:
            typer.echo(f"{r['treaty']}\t{r['state']}\t{r['change']}\t{r['detail']}")
    else:
        from .render import write_machine

        write_machine(_fmt(fmt), data, rows, sys.stdout, ("treaty", "state", "change", "detail"))
    for f in result.failed:
        sys.stderr.write(
            f"treaty: warning: {visible(f.treaty)}: {visible(f.reason)} (it keeps its previous source)\n"
        )
    verb = "would change" if dry_run else "changed"
    sys.stderr.write(
        f"treaty: {len(result.treaties)} treaty table(s) read, {len(rows)} act(s) {verb}; "
        + ("nothing written\n" if dry_run else f"database written to {result.target}\n")
    )
    if result.partial:
        raise typer.Exit(7)


def run() -> None:
    """Console-script entry point."""
    import signal

    if hasattr(signal, "SIGPIPE"):
        # the reader went away (``| head``): end quietly, as Unix tools do, not with exit 1
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    for stream in (sys.stdout, sys.stderr):
        # a character the output encoding cannot carry is shown as an escape, never a traceback
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    app()
