"""``treaty update`` against a local HTTP server: the old database survives every failure."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from typer.testing import CliRunner

from treatycli.db import Database
from treatycli.errors import UpdateError
from treatycli.update.fetch import Fetcher
from treatycli.update.run import update

from .conftest import ROOT, SHIPPED_DB, invoke

FIXTURES = ROOT / "tests" / "fixtures" / "untc"
GOOD = (FIXTURES / "status_accession_first.html").read_bytes()  # VII-8: Andorra, Denmark


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        mtdsg = parse_qs(urlparse(self.path).query).get("mtdsg_no", [""])[0]
        Handler.hits[mtdsg] = Handler.hits.get(mtdsg, 0) + 1
        assert self.headers["User-Agent"].startswith("treatycli/")
        if mtdsg == "VII-8":
            self._send(200, GOOD)
        elif mtdsg == "VII-7-b":  # participants our data does not know
            self._send(200, (FIXTURES / "status_withdrawals.html").read_bytes())
        elif mtdsg == "IV-4":
            self._send(500, b"oops")
        elif mtdsg == "IV-9":
            time.sleep(1.5)
            self._send(200, GOOD)
        elif mtdsg == "IV-2":
            self._send(200, json.dumps({"not": "a status page"}).encode(), "application/json")
        elif mtdsg == "XXVI-5":  # announces more bytes than it sends
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(GOOD) + 500))
            self.end_headers()
            self.wfile.write(GOOD[:300])
        else:
            self._send(404, b"no")

    def _send(self, code: int, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def target(tmp_path: Path) -> Path:
    copy = tmp_path / "treaties.sqlite"
    shutil.copy(SHIPPED_DB, copy)
    return copy


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


FAST = Fetcher(timeout=0.5, retries=1, backoff=0.01, min_interval=0)


@pytest.mark.parametrize(
    ("treaty", "message"),
    [
        ("un-iv-4", "HTTP 500"),
        ("un-iv-9", "no answer"),
        ("un-iv-2", "could not be read"),
        ("un-xxvi-5", "truncated"),
        ("un-vii-7-b", "Freedonia"),
        ("un-vii-9", "HTTP 404"),
    ],
)
def test_a_failed_page_alone_changes_nothing(
    server: str, target: Path, monkeypatch: pytest.MonkeyPatch, treaty: str, message: str
) -> None:
    monkeypatch.setenv("TREATY_UNTC_BASE", server)
    before = digest(target)
    db = Database(target)
    with pytest.raises(UpdateError, match=f"nothing changed.*{message}"):
        update(db, target, [treaty], fetcher=FAST, cache=target.parent / "cache")
    db.close()
    assert digest(target) == before
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary file left


def test_a_failed_page_stops_nothing_else(
    server: str, target: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TREATY_UNTC_BASE", server)
    r = invoke(
        runner, "update", "--treaty", "un-vii-8", "--treaty", "un-iv-4", "--db", str(target), "-f", "json"
    )
    assert r.exit_code == 7, r.stderr  # partial: one page failed, the other was written
    data = json.loads(r.stdout)
    assert data["partial"] is True and data["treaties"] == ["un-vii-8"]
    assert [f["treaty"] for f in data["failed"]] == ["un-iv-4"] and "HTTP 500" in data["failed"][0]["reason"]
    assert "un-iv-4: " in r.stderr and "keeps its previous source" in r.stderr
    andorra = json.loads(
        invoke(runner, "status", "andorra", "un-vii-8", "--db", str(target), "-f", "json").stdout
    )
    assert andorra["as_of"] == "2026-02-03" and andorra["status"] == "party"


def test_server_errors_are_retried(server: str, target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TREATY_UNTC_BASE", server)
    Handler.hits.pop("IV-4", None)
    with pytest.raises(UpdateError):
        with Database(target) as db:
            update(db, target, ["un-iv-4"], fetcher=FAST)
    assert Handler.hits["IV-4"] == 2  # one try and one retry


def test_dry_run_prints_the_diff_and_writes_nothing(
    server: str, target: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TREATY_UNTC_BASE", server)
    before = digest(target)
    r = invoke(runner, "update", "--treaty", "un-vii-8", "--dry-run", "--db", str(target), "--format", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["written"] is False and data["as_of"] == {"un-vii-8": "2026-02-03"}
    new = {(c["state"], c["detail"]) for c in data["changes"] if c["change"] == "new action"}
    assert {
        ("AND", "signature 2002-08-05"),
        ("AND", "ratification 2006-09-22"),
        ("DNK", "accession 2015-10-07"),
    } <= new
    assert digest(target) == before


def test_update_swaps_in_the_new_database(
    server: str, target: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TREATY_UNTC_BASE", server)
    r = invoke(runner, "update", "--treaty", "un-vii-8", "--db", str(target))
    assert r.exit_code == 0, r.stderr
    assert "database written" in r.stderr
    d = json.loads(
        invoke(
            runner, "status", "andorra", "un-vii-8", "--db", str(target), "--on", "2026-11-26", "-f", "json"
        ).stdout
    )
    assert d["status"] == "party"
    assert d["coverage"]["as_of"] == "2026-02-03"
    assert {a["source"] for a in d["actions"]} == {
        "UN Treaty Collection, status of MTDSG VII-8, as at 2026-02-03"
    }
    # the page is in the source cache beside the database, with its URL and when it was fetched
    meta = json.loads((target.parent / "sources" / "untc" / "VII-8.json").read_text())
    assert meta["treaty"] == "un-vii-8" and "mtdsg_no=VII-8" in meta["url"] and meta["fetched_at"]


def test_offline_fails_fast_with_exit_6(
    target: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TREATY_UNTC_BASE", "http://127.0.0.1:9")  # discard port: connection refused
    before = digest(target)
    r = invoke(runner, "update", "--treaty", "cat", "--db", str(target))
    assert r.exit_code == 6
    # "cannot reach" is the no-retry path: a refused connection is not retried
    assert r.stderr.startswith("treaty: error: nothing changed: un-iv-9: cannot reach")
    assert r.stderr.count("\n") == 1
    assert digest(target) == before


def test_update_never_writes_into_the_package(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from treatycli.db import user_database_path

    monkeypatch.delenv("TREATY_DB")
    path = user_database_path()
    assert path is not None and str(path).startswith(str(tmp_path))


class CoeHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = urlparse(self.path)
        if path.path == "/full-list":
            body = (ROOT / "tests" / "fixtures" / "coe" / "full_list_page.html").read_bytes()
            return self._send(200, body, "text/html")
        if path.path.endswith("/api/signatures"):
            if self.headers.get("token") != "fixture-key-0123456789abcdef":  # the key read from the page
                return self._send(401, b"no token", "text/plain")
            number = parse_qs(path.query)["numSTE"][0]
            if number == "210":
                return self._send(
                    200,
                    (ROOT / "tests" / "fixtures" / "coe" / "signatures_210.json").read_bytes(),
                    "application/json",
                )
            return self._send(200, b"<html>challenge</html>", "text/html")  # HTML where JSON was expected
        self._send(404, b"no", "text/plain")

    def _send(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def coe_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), CoeHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_coe_dry_run_reads_the_key_from_the_page(
    coe_server: str, target: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TREATY_COE_PAGE", coe_server + "/full-list")
    monkeypatch.setenv("TREATY_COE_BASE", coe_server)
    before = digest(target)
    r = invoke(
        runner,
        "update",
        "--source",
        "coe",
        "--treaty",
        "istanbul",
        "--dry-run",
        "--db",
        str(target),
        "-f",
        "json",
    )
    assert r.exit_code == 0, r.stderr
    new = {(c["state"], c["detail"]) for c in json.loads(r.stdout)["changes"] if c["change"] == "new action"}
    assert ("EU", "ratification 2023-06-28") in new  # in the Treaty Office's answer, not in ours
    removed = {
        (c["state"], c["detail"]) for c in json.loads(r.stdout)["changes"] if c["change"] != "new action"
    }
    assert ("TUR", "denunciation 2021-03-22") not in removed
    assert digest(target) == before


def test_coe_html_where_json_was_expected_fails_that_treaty_only(
    coe_server: str, target: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TREATY_COE_PAGE", coe_server + "/full-list")
    monkeypatch.setenv("TREATY_COE_BASE", coe_server)
    before = digest(target)
    r = invoke(
        runner, "update", "--source", "coe", "--treaty", "istanbul", "--treaty", "ecpt", "--db", str(target)
    )
    assert r.exit_code == 7 and "coe-126" in r.stderr  # Istanbul written, the ECPT page failed
    assert digest(target) != before


def test_coe_update_writes_a_complete_table(
    coe_server: str, target: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TREATY_COE_PAGE", coe_server + "/full-list")
    monkeypatch.setenv("TREATY_COE_BASE", coe_server)
    assert (
        invoke(runner, "update", "--source", "coe", "--treaty", "istanbul", "--db", str(target)).exit_code
        == 0
    )
    d = json.loads(
        invoke(
            runner, "status", "turkey", "istanbul", "--db", str(target), "--on", "2026-11-26", "-f", "json"
        ).stdout
    )
    assert d["status"] == "withdrawn"
    assert d["coverage"]["coverage"] == "complete"
    assert any(a["source"].startswith("Council of Europe Treaty Office") for a in d["actions"])


class HostileHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        path = urlparse(self.path).path
        if path == "/away":  # a redirect to another host must not be followed, nor the token sent there
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.2:9/steal")
            self.end_headers()
        elif path == "/here":  # a redirect on the same host is fine
            self.send_response(302)
            self.send_header("Location", "/page")
            self.end_headers()
        elif path == "/page":
            self._send(b"<html>ok</html>", "text/html; charset=utf-8")
        elif path == "/bogus":
            self._send(b"<html>x</html>", "text/html; charset=bogus")
        elif path == "/rot13":
            self._send(b"<html>x</html>", "text/html; charset=rot13")
        elif path == "/trickle":  # one byte at a time, each within the read timeout
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)

    def _send(self, body: bytes, ctype: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), HostileHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_redirects_stay_on_the_same_host(hostile: str) -> None:
    fetch = Fetcher(timeout=2, retries=0, backoff=0, min_interval=0)
    assert fetch.get(hostile + "/here") == "<html>ok</html>"
    with pytest.raises(UpdateError, match="redirected to another host"):
        fetch.get(hostile + "/away", headers={"token": "secret"})


@pytest.mark.parametrize(
    ("path", "message"), [("/bogus", "unknown charset"), ("/rot13", "not a text charset")]
)
def test_a_hostile_charset_is_one_error(hostile: str, path: str, message: str) -> None:
    with pytest.raises(UpdateError, match=message):
        Fetcher(timeout=2, retries=0, backoff=0, min_interval=0).get(hostile + path)


def test_a_trickling_server_meets_the_overall_deadline(hostile: str) -> None:
    fetch = Fetcher(timeout=2, retries=0, backoff=0, min_interval=0, deadline=1.0)
    with pytest.raises(UpdateError, match="no complete answer within 1 s"):
        fetch.get(hostile + "/trickle")  # each byte within the read timeout; the whole beyond the deadline
