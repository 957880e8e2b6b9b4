#!/usr/bin/env python3
"""Benchmark `treaty`: cold start against references, batch throughput, exports, peak memory.

Usage:  python bench/run.py [--runs N] [--treaty-cmd PATH]

Standard library only. Every measurement is a fresh process; wall time is taken around the
process (spawn to reap), peak memory is the child's ru_maxrss from os.wait4. The table shows
medians over N runs (plus min and max) and each target from issue 6 marked met / NOT met.
The script reports; it does not assert: it exits 0 whether or not the targets are met.
"""

from __future__ import annotations

import argparse
import datetime as dt
import marshal
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DB = REPO / "data" / "treaties.sqlite"

# The question every cold-start command answers: Russia's actions under ETS 126 (the CPT).
SQL = "select kind, date from actions where state_id='RUS' and treaty_id='coe-126'"
LARGEST_SQL = (
    "select treaty_id, count(distinct state_id) n from actions group by 1 order by 2 desc, 1 limit 1"
)

BATCH_LOOKUPS = 10_000
# Real (state, treaty[, date]) questions, written the way a user types them; repeated to 10,000.
BATCH_PAIRS: list[tuple[str, ...]] = [
    ("russia", "cpt"),
    ("france", "ecpt"),
    ("usa", "paris"),
    ("philippines", "icc"),
    ("germany", "iv-9"),
    ("russia", "echr"),
    ("ukraine", "echr"),
    ("turkey", "istanbul convention"),
    ("uk", "echr"),
    ("hungary", "icc"),
    ("burundi", "icc"),
    ("venezuela", "achr"),
    ("north korea", "iccpr"),
    ("usa", "crc"),
    ("somalia", "crc"),
    ("india", "cat"),
    ("china", "iccpr"),
    ("japan", "icescr"),
    ("brazil", "icc"),
    ("israel", "icc"),
    ("poland", "istanbul"),
    ("italy", "cpt"),
    ("spain", "esc"),
    ("norway", "cedaw"),
    ("iran", "cedaw"),
    ("australia", "opcat"),
    ("canada", "kyoto"),
    ("mexico", "ccpr"),
    ("argentina", "crpd"),
    ("kenya", "rome statute"),
    ("south africa", "icc"),
    ("gambia", "icc"),
    ("switzerland", "echr"),
    ("belarus", "iccpr"),
    ("azerbaijan", "cat"),
    ("georgia", "echr"),
    ("armenia", "icc"),
    ("moldova", "istanbul"),
    ("serbia", "cedaw"),
    ("egypt", "crc"),
    ("nigeria", "cat"),
    ("indonesia", "icescr"),
    ("vietnam", "cat"),
    ("pakistan", "iccpr"),
    ("saudi arabia", "crpd"),
    ("chile", "ottawa"),
    ("finland", "ottawa"),
    # with a date (third column)
    ("russia", "cpt", "2020-01-01"),
    ("usa", "paris", "2019-06"),
    ("philippines", "icc", "2018"),
    ("turkey", "istanbul", "2021-01-01"),
    ("RUS", "coe-126", "today"),
]

TYPER_HELLO = '''\
from typing import Annotated

import typer

app = typer.Typer()


@app.command()
def hello(name: str, format: Annotated[str, typer.Option("--format")] = "text") -> None:
    """Say hello."""
    if format == "json":
        import json

        print(json.dumps({"hello": name}))
    else:
        print(f"Hello {name}")


if __name__ == "__main__":
    app()
'''

TARGET_MEM_MB = 60.0


# --------------------------------------------------------------------------- running

# Peak RSS needs care: on Linux a child's ru_maxrss includes the RSS of the process that forked it
# (exec records the old address space's high-water mark), so a child forked from this script would
# report at least this script's own size. Children are therefore started by a minimal spawner
# process (python -I -S, importing only os/sys/time/marshal) that forks, execs, counts the output
# without keeping it, and reports wall time, exit code and ru_maxrss from os.wait4. Its own small
# size is the floor of every RSS figure; the header reports it (the peak RSS of `true`).
SPAWNER = r"""
import marshal, os, sys, time

def run(argv, env, cwd, stdin_path, err_path):
    r, w = os.pipe()
    fd_err = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    fd_in = os.open(stdin_path or os.devnull, os.O_RDONLY)
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.chdir(cwd)
            os.dup2(fd_in, 0)
            os.dup2(w, 1)
            os.dup2(fd_err, 2)
            os.closerange(3, 256)
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    os.close(w)
    os.close(fd_in)
    os.close(fd_err)
    nbytes = nlines = 0
    while True:
        chunk = os.read(r, 1 << 16)
        if not chunk:
            break
        nbytes += len(chunk)
        nlines += chunk.count(b"\n")
    os.close(r)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - t0
    return (seconds, os.waitstatus_to_exitcode(status), usage.ru_maxrss, nbytes, nlines)

inp, out = sys.stdin.buffer, sys.stdout.buffer
while True:
    try:
        request = marshal.load(inp)
    except EOFError:
        break
    marshal.dump(run(*request), out)
    out.flush()
"""


@dataclass
class Run:
    seconds: float
    rss_mb: float
    rc: int
    out_bytes: int
    out_lines: int
    err_tail: str


def _maxrss_mb(ru_maxrss: int) -> float:
    # Linux reports kilobytes, macOS bytes.
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


class Spawner:
    """The minimal process that runs every measured command (see SPAWNER)."""

    def __init__(self, python: str, tmp: Path) -> None:
        self.err_path = str(tmp / "stderr.txt")
        self.proc = subprocess.Popen(
            [python, "-I", "-S", "-c", SPAWNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

    def run(self, argv: Sequence[str], env: dict[str, str], stdin_path: str | None = None) -> Run:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        marshal.dump((list(argv), env, str(REPO), stdin_path or "", self.err_path), self.proc.stdin)
        self.proc.stdin.flush()
        seconds, rc, maxrss, nbytes, nlines = marshal.load(self.proc.stdout)
        with open(self.err_path, "rb") as fh:
            lines = [ln for ln in fh.read().decode(errors="replace").splitlines() if ln.strip()]
        tail = lines[-1].strip() if lines else ""
        return Run(seconds, _maxrss_mb(maxrss), rc, nbytes, nlines, tail)

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@dataclass
class Series:
    label: str
    argv: list[str]
    is_treaty: bool = False
    stdin_path: str | None = None
    expect_output: bool = True
    any_rc: bool = False  # batch: a non-zero exit may only mean some lookups failed
    runs: list[Run] = field(default_factory=list)
    error: str | None = None  # set when the command is unavailable or failed

    @property
    def ok_runs(self) -> list[Run]:
        return [r for r in self.runs if not failed(r, self.expect_output, self.any_rc)]

    def median(self) -> float | None:
        ok = self.ok_runs
        return statistics.median(r.seconds for r in ok) if ok else None

    def peak_mb(self) -> float | None:
        ok = self.ok_runs
        return max(r.rss_mb for r in ok) if ok else None


def failed(run: Run, expect_output: bool, any_rc: bool = False) -> bool:
    """A failed run: non-zero exit (unless any_rc), or no output when output is expected."""
    if run.rc != 0 and not any_rc:
        return True
    return expect_output and run.out_bytes == 0


def describe_failure(run: Run) -> str:
    if run.rc == 0:
        return "exit 0 but no output"
    return f"exit {run.rc}: {(run.err_tail or 'no message')[:70]}"


def measure(sp: Spawner, series_list: list[Series], runs: int, warmup: int, env: dict[str, str]) -> None:
    """Interleave: each round runs every command once, so drift hits all of them alike."""
    live = [s for s in series_list if s.error is None]
    for s in live:  # warm-up runs (discarded) also check the command works at all
        for _ in range(warmup):
            r = sp.run(s.argv, env, s.stdin_path)
            if failed(r, s.expect_output, s.any_rc):
                s.error = describe_failure(r)
                break
    live = [s for s in live if s.error is None]
    for _ in range(runs):
        for s in live:
            s.runs.append(sp.run(s.argv, env, s.stdin_path))
    for s in live:
        bad = [r for r in s.runs if failed(r, s.expect_output, s.any_rc)]
        if bad and not s.ok_runs:
            s.error = describe_failure(bad[0])


# --------------------------------------------------------------------------- discovery


def default_treaty_cmd() -> str | None:
    """`treaty` beside this Python, else in the repo's .venv, else on PATH."""
    for candidate in (Path(sys.executable).parent / "treaty", REPO / ".venv" / "bin" / "treaty"):
        if candidate.exists():
            return str(candidate)
    return shutil.which("treaty")


def interpreter_of(cmd: str) -> str:
    """The Python that runs `treaty` (its shebang), so references use the same interpreter."""
    try:
        with open(cmd, "rb") as fh:
            first = fh.readline().decode(errors="replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!"):
        parts = first[2:].split()
        if parts and "python" in Path(parts[0]).name and Path(parts[0]).exists():
            return parts[0]
    return sys.executable


def find_sqlite_utils(treaty_cmd: str, python: str) -> str | None:
    for bindir in (Path(treaty_cmd).parent, Path(python).parent, Path(sys.executable).parent):
        if (bindir / "sqlite-utils").exists():
            return str(bindir / "sqlite-utils")
    return shutil.which("sqlite-utils")


def quick(argv: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(argv), capture_output=True, text=True, env=env, cwd=REPO, timeout=120, check=False
    )


def largest_treaty() -> tuple[str, int]:
    con = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    try:
        treaty_id, n = con.execute(LARGEST_SQL).fetchone()
        return str(treaty_id), int(n)
    finally:
        con.close()


def count_actions() -> int:
    con = sqlite3.connect(f"file:{DB}?mode=ro", uri=True)
    try:
        return int(con.execute("select count(*) from actions").fetchone()[0])
    finally:
        con.close()


# --------------------------------------------------------------------------- formatting


def fmt_s(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x * 1000:.1f} ms" if x < 10 else f"{x:.2f} s"


def fmt_mb(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f} MB"


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("met" if ok else "NOT met")


def print_table(header: list[str], rows: list[list[str]], right: set[int]) -> None:
    """Aligned columns. A row of one cell is a note printed as is ("" = blank line)."""
    body = [r for r in rows if len(r) == len(header)]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        out = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)]
        return "  ".join(out).rstrip()

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r) if len(r) == len(header) else r[0])


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--runs", type=int, default=10, help="timed runs per command (default 10)")
    ap.add_argument("--warmup", type=int, default=1, help="discarded runs first (default 1)")
    ap.add_argument("--treaty-cmd", default=None, help="the treaty executable to measure")
    args = ap.parse_args(argv)
    runs = max(1, args.runs)
    warmup = max(1, args.warmup)

    treaty = args.treaty_cmd or default_treaty_cmd()
    if treaty is None or shutil.which(treaty) is None:
        print(f"treaty executable not found: {treaty or 'treaty'}; pass --treaty-cmd PATH", file=sys.stderr)
        return 2
    python = interpreter_of(treaty)
    sqlite_utils = find_sqlite_utils(treaty, python)
    db = str(DB)

    env = dict(os.environ)
    env.pop("TREATY_DB", None)
    env["COLUMNS"] = "100"
    env.pop("FORCE_COLOR", None)

    if not DB.exists():
        print(f"database not found: {db}", file=sys.stderr)
        return 2

    load_before = os.getloadavg()
    started = dt.datetime.now().astimezone()

    # What exists in this build of treaty.
    status_help = quick([treaty, "status", "--help"], {**env, "COLUMNS": "200"})
    has_batch = "--batch" in status_help.stdout
    events_help = quick([treaty, "events", "--help"], env)
    has_events = events_help.returncode == 0
    version = quick([treaty, "--version"], env).stdout.strip() or "?"
    treaty_py = quick([python, "-c", "import sys; print(sys.version.split()[0])"], env)
    typer_ver = quick([python, "-c", "import typer; print(typer.__version__)"], env)
    has_typer = typer_ver.returncode == 0
    commit = quick(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], env).stdout.strip()

    tmpdir = tempfile.TemporaryDirectory(prefix="treaty-bench-")
    tmp = Path(tmpdir.name)
    hello = tmp / "typer_hello.py"
    hello.write_text(TYPER_HELLO, encoding="utf-8")

    sp = Spawner(sys.executable, tmp)
    try:
        true_cmd = shutil.which("true") or "/bin/true"
        floor_mb = max(sp.run([true_cmd], env).rss_mb for _ in range(3))
        # ---- cold start
        cold = {
            "status-json": Series(
                "treaty status russia cpt --format json",
                [treaty, "status", "russia", "cpt", "--format", "json", "--db", db],
                is_treaty=True,
            ),
            "status-table": Series(
                "treaty status russia cpt (table, piped)",
                [treaty, "status", "russia", "cpt", "--format", "table", "--db", db],
                is_treaty=True,
            ),
            "import-sqlite3": Series(
                'python -c "import sqlite3"', [python, "-c", "import sqlite3"], expect_output=False
            ),
            "typer-hello": Series(
                "typer hello world --format json",
                [python, str(hello), "world", "--format", "json"],
            ),
            "sqlite-utils": Series(
                "sqlite-utils query (same question)",
                [sqlite_utils or "sqlite-utils", "query", db, SQL],
            ),
        }
        if not has_typer:
            cold["typer-hello"].error = "typer not importable by " + python
        if sqlite_utils is None:
            cold["sqlite-utils"].error = "sqlite-utils not found"
        measure(sp, list(cold.values()), runs, warmup, env)

        # ---- batch
        batch: Series | None = None
        if has_batch:
            lines = []
            for i in range(BATCH_LOOKUPS):
                lines.append("\t".join(BATCH_PAIRS[i % len(BATCH_PAIRS)]))
            batch_in = tmp / "batch.tsv"
            batch_in.write_text("\n".join(lines) + "\n", encoding="utf-8")
            base = [treaty, "status", "--batch", "-", "--db", db]
            batch = Series(
                f"treaty status --batch - ({BATCH_LOOKUPS:,} lookups)",
                [*base, "--format", "jsonl"],
                is_treaty=True,
                stdin_path=str(batch_in),
                any_rc=True,
            )
            probe = sp.run(batch.argv, env, batch.stdin_path)
            if probe.out_bytes == 0:  # e.g. a usage error: maybe no --format with --batch; try the bare form
                batch.argv = base
            # the probe counts as one warm-up run when it worked
            measure(sp, [batch], runs, warmup - 1 if probe.out_bytes else warmup, env)

        # ---- export
        big_id, big_n = largest_treaty()
        n_actions = count_actions()
        parties = Series(
            f"treaty parties {big_id} --format csv ({big_n} states)",
            [treaty, "parties", big_id, "--format", "csv", "--db", db],
            is_treaty=True,
        )
        events = Series(
            f"treaty events --format csv ({n_actions:,} actions)",
            [treaty, "events", "--format", "csv", "--db", db],
            is_treaty=True,
        )
        if not has_events:
            events.error = "not available"
        measure(sp, [parties, events], runs, warmup, env)

        load_after = os.getloadavg()
    finally:
        sp.close()
        tmpdir.cleanup()

    # ---- table
    mem_col = f"< {TARGET_MEM_MB:.0f} MB"
    header = [" " * 6, "measurement", "median", "min", "max", "target", "", "peak RSS", mem_col]
    rows: list[list[str]] = []
    verdicts: list[tuple[str, bool]] = []
    unmeasured: list[str] = []

    def row(section: str, label: str, *cells: str) -> None:
        rows.append([section, label, *cells, *[""] * (len(header) - 2 - len(cells))])

    def command_row(section: str, s: Series) -> None:
        if s.error is not None or not s.ok_runs:
            rows.append([f"{section:<6}  {s.label}: {s.error or 'failed'}"])
            if s.is_treaty:
                unmeasured.append(f"peak memory: {s.label}")
            return
        secs = [r.seconds for r in s.ok_runs]
        peak = s.peak_mb()
        mem_ok: bool | None = None
        if s.is_treaty and peak is not None:
            mem_ok = peak < TARGET_MEM_MB
            verdicts.append((f"peak memory: {s.label}", mem_ok))
        n_bad = len(s.runs) - len(s.ok_runs)
        label = s.label + (f" [{n_bad} runs failed]" if n_bad else "")
        med, lo, hi = fmt_s(s.median()), fmt_s(min(secs)), fmt_s(max(secs))
        row(section, label, med, lo, hi, "", "", fmt_mb(peak), verdict(mem_ok))

    for s in cold.values():
        command_row("cold", s)
    rows.append([""])

    def ratio_row(a: str, b: str, target: float | None) -> None:
        ma, mb = cold[a].median(), cold[b].median()
        label = f"{a} / {b}"
        if ma is None or mb is None:
            rows.append([f"ratio   {label}: n/a"])
            if target is not None:
                unmeasured.append(label)
            return
        r = ma / mb
        ok = None if target is None else r <= target
        if ok is not None:
            verdicts.append((label, ok))
        tgt = "-" if target is None else f"<= {target:g}x"
        row("ratio", label, f"{r:.3f}x", "", "", tgt, verdict(ok))

    ratio_row("status-json", "typer-hello", 1.25)
    ratio_row("status-json", "sqlite-utils", 0.6)
    ratio_row("status-table", "typer-hello", 1.5)
    ratio_row("status-json", "import-sqlite3", None)
    rows.append([""])

    if batch is None:
        rows.append(["batch: not available (no --batch in `treaty status --help`)"])
        unmeasured.append("batch lookups per second")
    else:
        command_row("batch", batch)
        med = batch.median()
        if med is not None and batch.error is None:
            rate = BATCH_LOOKUPS / med
            ok = rate >= 5000
            verdicts.append(("batch lookups per second", ok))
            worst = BATCH_LOOKUPS / max(r.seconds for r in batch.ok_runs)
            best = BATCH_LOOKUPS / min(r.seconds for r in batch.ok_runs)
            row(
                "batch",
                "lookups per second",
                f"{rate:,.0f}/s",
                f"{worst:,.0f}/s",
                f"{best:,.0f}/s",
                ">= 5,000/s",
                verdict(ok),
            )
            last = batch.ok_runs[-1]
            out_lines = last.out_lines
            if out_lines < BATCH_LOOKUPS or last.rc != 0:
                note = f"{out_lines:,} output lines for {BATCH_LOOKUPS:,} lookups, exit {last.rc}"
                rows.append([f"        note: {note}"])
    rows.append([""])

    command_row("export", parties)
    if has_events:
        command_row("export", events)
    else:
        rows.append(["events: not available (no `treaty events` command)"])

    print(
        f"treaty benchmark  {started:%Y-%m-%d %H:%M %Z}  "
        f"treaty {version}" + (f" @ {commit}" if commit else "")
    )
    print(
        f"machine: Python {treaty_py.stdout.strip() or '?'} (treaty's interpreter: {python}), "
        f"{platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs"
    )
    print(f"load average (1/5/15 min): before {_load(load_before)}, after {_load(load_after)}")
    print(
        f"typer {typer_ver.stdout.strip() if has_typer else 'n/a'}; "
        f"database {db} ({DB.stat().st_size / 1e6:.1f} MB); "
        f"per command: {runs} timed run(s) after {warmup} warm-up, medians; "
        f"peak RSS = max over runs (floor from the spawner: {floor_mb:.1f} MB, the peak RSS of `true`)"
    )
    print()
    print_table(header, rows, right={2, 3, 4, 7})
    print()
    met = sum(ok for _, ok in verdicts)
    print(f"targets met: {met} of {len(verdicts)} measured")
    for label, ok in verdicts:
        if not ok:
            print(f"  NOT met: {label}")
    for label in unmeasured:
        print(f"  not measured: {label}")
    return 0


def _load(t: tuple[float, float, float]) -> str:
    return "/".join(f"{x:.2f}" for x in t)


if __name__ == "__main__":
    sys.exit(main())
