"""How long the HTML reader takes on crafted pages, against the standard library's parser.

    python bench/hostile_html.py            # sizes up to 320 KB for lxml, up to 80 KB for html.parser
    python bench/hostile_html.py --full     # html.parser up to 320 KB too (minutes of CPU)

Each page is ``"<a" * n`` (and two other shapes) after <html><body>, never closed: the known quadratic case of
``html.parser`` in Python 3.11 to 3.13. Prints CPU seconds per size; reports, never checks.
"""

from __future__ import annotations

import argparse
import sys
import time
from html.parser import HTMLParser

from treatycli.sources.html_events import HtmlEvents

SHAPES = {
    "<a repeated": lambda n: "<a" * (n // 2),
    "<!-- repeated": lambda n: "<!--" * (n // 4),
    "</ repeated": lambda n: "</" * (n // 2),
}


def _cpu(parser: HtmlEvents | HTMLParser, page: str) -> float:
    start = time.process_time()
    parser.feed(page)
    parser.close()
    return time.process_time() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--full", action="store_true", help="run html.parser on the largest pages too")
    args = ap.parse_args()
    print(f"Python {sys.version.split()[0]}; CPU seconds to read one page")
    print(f"{'shape':16} {'size':>8} {'lxml':>8} {'html.parser':>12}")
    for shape, make in SHAPES.items():
        for kb in (10, 20, 40, 80, 160, 320):
            page = "<html><body>" + make(kb * 1000)  # never closed: the costly case
            ours = _cpu(HtmlEvents(), page)
            theirs = _cpu(HTMLParser(), page) if kb <= 80 or args.full else None
            shown = f"{theirs:12.3f}" if theirs is not None else f"{'(skipped)':>12}"
            print(f"{shape:16} {kb:>6}KB {ours:8.3f} {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
