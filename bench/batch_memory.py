#!/usr/bin/env python3
"""Peak memory of `treaty status --batch -` over many distinct lines (issue 17, item 10).

Usage:  python bench/batch_memory.py [--lines N] [--treaty-cmd PATH] [--dev-zero SECONDS]

Pipes N (default 1,000,000) distinct generated `STATE<TAB>TREATY<TAB>DATE` lines into one
`treaty status --batch - --format jsonl` process (its output goes to /dev/null) and reports the
child's peak resident memory (ru_maxrss, from os.wait4 for that one child), the wall time and the
lines per second. With --dev-zero S it also feeds /dev/zero (one endless line) for S seconds and
reports the peak memory of that run. Standard library only; it reports and never asserts (the
target in the README is under 60 MB).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DB = REPO / "data" / "treaties.sqlite"
TREATIES = (
    "cpt",
    "cat",
    "iccpr",
    "icescr",
    "cedaw",
    "crc",
    "crpd",
    "cerd",
    "icc",
    "echr",
    "istanbul",
    "paris",
    "ottawa",
    "iv-5",
    "iv-11",
    "genocide",
    "npt",
    "ctbt",
    "kyoto",
    "refugee convention",
)


def find_treaty(given: str | None) -> str:
    if given:
        return given
    for candidate in (Path(sys.executable).parent / "treaty", REPO / ".venv" / "bin" / "treaty"):
        if candidate.exists():
            return str(candidate)
    found = shutil.which("treaty")
    if found is None:
        sys.exit("bench: cannot find `treaty`; pass --treaty-cmd")
    return found


def distinct_lines(count: int, states: list[str]) -> Iterator[bytes]:
    """``count`` different questions: every state, then every treaty, then one more day."""
    first = dt.date(1990, 1, 1)
    per_day = len(states) * len(TREATIES)
    for i in range(count):
        state = states[i % len(states)]
        treaty = TREATIES[(i // len(states)) % len(TREATIES)]
        day = first + dt.timedelta(days=i // per_day)
        yield f"{state}\t{treaty}\t{day.isoformat()}\n".encode()


def peak_of(proc: subprocess.Popen[bytes]) -> tuple[int, float]:
    """Reap ``proc`` and return its exit status and peak RSS in MB (this child only)."""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return proc.returncode, usage.ru_maxrss * scale / 1e6


def run_lines(treaty: str, db: str, count: int) -> None:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        states = [r[0] for r in conn.execute("SELECT id FROM states WHERE kind = 'state' ORDER BY id")]
    conn.close()
    env = {k: v for k, v in os.environ.items() if k != "TREATY_DB"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [treaty, "status", "--batch", "-", "--format", "jsonl", "--db", db],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert proc.stdin is not None
    chunk: list[bytes] = []
    for line in distinct_lines(count, states):
        chunk.append(line)
        if len(chunk) == 10_000:
            proc.stdin.write(b"".join(chunk))
            chunk.clear()
    proc.stdin.write(b"".join(chunk))
    proc.stdin.close()
    code, peak = peak_of(proc)
    took = time.perf_counter() - start
    print(
        f"{count:,} distinct lines: peak RSS {peak:.1f} MB, {took:.1f} s, "
        f"{count / took:,.0f} lines/s (exit {code}: 5 means some lines had no answer)"
    )


def run_dev_zero(treaty: str, db: str, seconds: float) -> None:
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.Popen(
            [treaty, "status", "--batch", "-", "--format", "jsonl", "--db", db],
            stdin=zero,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(seconds)
        proc.send_signal(signal.SIGTERM)
        _, peak = peak_of(proc)
    print(f"--batch /dev/zero for {seconds:g} s: peak RSS {peak:.1f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--lines", type=int, default=1_000_000, help="distinct lines to pipe (1,000,000)")
    ap.add_argument("--treaty-cmd", help="the treaty executable (default: beside this Python, .venv)")
    ap.add_argument("--db", default=str(DB), help="database to read (default: data/treaties.sqlite)")
    ap.add_argument("--dev-zero", type=float, default=0, metavar="SECONDS", help="also feed /dev/zero")
    args = ap.parse_args()
    treaty = find_treaty(args.treaty_cmd)
    run_lines(treaty, args.db, args.lines)
    if args.dev_zero > 0:
        run_dev_zero(treaty, args.db, args.dev_zero)


if __name__ == "__main__":
    main()
