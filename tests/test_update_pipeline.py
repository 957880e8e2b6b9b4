"""One pipeline: ``treaty update`` gives exactly what compiling the bundled sources plus the same
pages gives, and a killed update never harms the database it was replacing."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from treatycli.dataset.compile import build_database
from treatycli.db import Database
from treatycli.update.fetch import Fetcher
from treatycli.update.run import update

from .conftest import ROOT, SHARED, SHIPPED_DB

PAGES = [
    *sorted((SHARED / "live-samples" / "untc").glob("ViewDetails_*.html")),
    *sorted((SHARED / "untc-2026-02" / "html").glob("ViewDetails_*.html")),
]


def _mtdsg(path: Path) -> str:
    name = path.stem.removeprefix("ViewDetails_")
    parts = name.split("_")[0]
    return parts


@pytest.fixture(scope="module")
def real_pages() -> dict[str, bytes]:
    if len(PAGES) != 30:
        if os.environ.get("CI"):
            pytest.fail(f"the 30 real UN pages are missing beside the checkout ({SHARED})")
        pytest.skip("the real UN pages are not beside this checkout")
    return {_mtdsg(p): p.read_bytes() for p in PAGES}


@pytest.fixture(scope="module")
def server(real_pages: dict[str, bytes]) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            mtdsg = parse_qs(urlparse(self.path).query).get("mtdsg_no", [""])[0]
            body = real_pages.get(mtdsg)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _acts(path: Path, treaties: list[str]) -> list[tuple[str, ...]]:
    db = Database(path)
    try:
        marks = ",".join("?" * len(treaties))
        return [
            tuple(str(v) for v in r)
            for r in db.rows(
                "SELECT treaty_id, state_id, kind, date, date_precision, effective_on, effective_basis, note "
                f"FROM actions WHERE treaty_id IN ({marks}) ORDER BY 1, 2, 3, 4, 8",
                treaties,
            )
        ]
    finally:
        db.close()


FAST = Fetcher(timeout=5, retries=0, backoff=0, min_interval=0)


def test_a_plain_update_of_the_30_real_pages_equals_the_bundled_tables(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_pages: dict[str, bytes]
) -> None:
    monkeypatch.setenv("TREATY_UNTC_BASE", server)
    target = tmp_path / "treaties.sqlite"
    shutil.copy(SHIPPED_DB, target)
    treaties = sorted("un-" + m.lower() for m in real_pages)
    with Database(target) as db:
        result = update(db, target, treaties, fetcher=FAST, cache=tmp_path / "cache")
    assert result.failed == () and result.written and list(result.treaties) == treaties
    # the same tables as the bundled database, which was compiled from the same pages
    assert _acts(target, treaties) == _acts(SHIPPED_DB, treaties)
    # and exactly what compiling the bundled sources plus the cached pages gives: one code path
    again = tmp_path / "again.sqlite"
    from treatycli.update.run import (
        _names,
        _records,
        _state_ids,
        bundled_sources,
        compose_sources,
        read_cache,
    )

    src = bundled_sources()
    names, states = _names(src), _state_ids(src)
    records = [_records(p, names, states) for p in read_cache(tmp_path / "cache")]
    build_database(compose_sources(src, records, tmp_path / "work"), again)
    a, b = Database(again), Database(target)
    try:
        assert list(a.conn.iterdump()) == list(b.conn.iterdump())
    finally:
        a.close()
        b.close()


KILL_SCRIPT = """
import os, signal, sys
from pathlib import Path
import treatycli.update.run as run
from treatycli.db import Database
from treatycli.update.fetch import Fetcher
point = sys.argv[2]
def die(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
if point == "fetch":
    Fetcher.get = die
elif point == "compile":
    run._compile = die
else:
    original = run._swap
    def before_swap(new, target):
        die()
    run._swap = before_swap
target = Path(sys.argv[1])
cache = target.parent / "cache"
run.update(Database(target), target, ["un-vii-8"], fetcher=Fetcher(min_interval=0), cache=cache)
"""


@pytest.mark.parametrize("point", ["fetch", "compile", "swap"])
def test_a_killed_update_leaves_the_old_database_byte_identical(tmp_path: Path, point: str) -> None:
    target = tmp_path / "db" / "treaties.sqlite"
    target.parent.mkdir()
    shutil.copy(SHIPPED_DB, target)
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    fixture = ROOT / "tests" / "fixtures" / "untc" / "status_accession_first.html"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            body = fixture.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        env = {**os.environ, "TREATY_UNTC_BASE": f"http://127.0.0.1:{httpd.server_address[1]}"}
        proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(target), point], env=env, timeout=300)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert proc.returncode == -signal.SIGKILL
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    leftovers = sorted(
        p.name
        for p in target.parent.iterdir()
        if p.name not in (target.name, ".treaties.sqlite.lock", "cache")
    )
    assert leftovers == ([] if point != "swap" else leftovers) and all(n.endswith(".new") for n in leftovers)
    if any(n.endswith(".new") for n in leftovers):
        # the next update removes what a killed one left
        from treatycli.update.run import _lock

        with _lock(target, dry_run=False):
            pass
        assert [p.name for p in target.parent.iterdir() if p.name.endswith(".new")] == []
