"""Cold start against another build: the same question to two ``treaty`` executables, interleaved.

    python bench/against.py /path/to/old/venv/bin/treaty [--runs 20]

Each round runs both commands once (so a slow spell on the machine slows both alike) and the
table shows the median and min of the wall time. It reports; it does not check. Each side reads
its own bundled database unless TREATY_DB is set.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUESTION = ["status", "russia", "cpt", "--format", "json", "--on", "2026-11-26"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("other", help="the treaty executable to compare with")
    ap.add_argument("--this", default=str(Path(sys.executable).with_name("treaty")))
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    times: dict[str, list[float]] = {args.this: [], args.other: []}
    for cmd in times:  # one warm-up each
        subprocess.run([cmd, *QUESTION], capture_output=True, check=False)
    for _ in range(args.runs):
        for cmd in times:
            start = time.perf_counter()
            subprocess.run([cmd, *QUESTION], capture_output=True, check=False)
            times[cmd].append(time.perf_counter() - start)
    print(f"treaty {' '.join(QUESTION)}  ({args.runs} interleaved runs)")
    for cmd, ts in times.items():
        print(f"  {statistics.median(ts) * 1000:7.0f} ms median  {min(ts) * 1000:7.0f} ms min  {cmd}")
    a, b = (statistics.median(t) for t in times.values())
    print(f"  this / other: {a / b:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
