"""A polite HTTP client on the standard library: timeouts, bounded retries with backoff, a rate
limit, and a User-Agent naming the tool. Every failure is an ``UpdateError`` (exit 6).

Hostile servers are bounded: an overall deadline per request (not only per read, so a server that
trickles a byte at a time cannot hold us), a size cap, redirects followed only within the same
scheme and host (so a header such as the Council of Europe's token never reaches another host),
and an unknown charset is an error, never a traceback."""

from __future__ import annotations

import codecs
import http.client
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from ..errors import UpdateError


def user_agent() -> str:
    try:
        v = version("treatycli")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        v = "dev"
    return f"treatycli/{v} (treaty status lookup; +https://pypi.org/project/treatycli/)"


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to the same scheme and host; anything else is an error."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: object,
        newurl: str,
    ) -> urllib.request.Request | None:
        from urllib.parse import urlsplit

        old, new = urlsplit(req.full_url), urlsplit(newurl)
        if (old.scheme, old.hostname, old.port) != (new.scheme, new.hostname, new.port):
            raise UpdateError(
                f"{req.full_url}: redirected to another host or scheme ({new.scheme}://{new.netloc})"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]


def _opener(context: ssl.SSLContext | None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_SameOrigin()]
    if context is not None:
        handlers.append(urllib.request.HTTPSHandler(context=context))
    return urllib.request.build_opener(*handlers)


@dataclass(slots=True)
class Fetcher:
    timeout: float = 20.0
    deadline: float = 120.0  # seconds for a whole request, however the server trickles
    retries: int = 3
    backoff: float = 1.0
    min_interval: float = 1.0  # seconds between two requests to the same service
    max_bytes: int = 20_000_000
    _last: float = field(default=0.0, repr=False)

    def get(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        data: bytes | None = None,
        context: ssl.SSLContext | None = None,
    ) -> str:
        """The body of a 200 answer as text; retries timeouts and 5xx, fails fast when offline."""
        attempt = 0
        while True:
            wait = self._last + self.min_interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()
            request = urllib.request.Request(
                url, data=data, headers={"User-Agent": user_agent(), **(headers or {})}
            )
            try:
                with _opener(context).open(request, timeout=self.timeout) as answer:
                    body = self._read(answer, url)
                    expected = answer.headers.get("Content-Length")
                    charset = answer.headers.get_content_charset() or "utf-8"
                try:
                    codecs.lookup(charset)
                except LookupError:
                    raise UpdateError(f"{url}: unknown charset {charset[:40]!r}") from None
                if codecs.lookup(charset).name not in _TEXT_CODECS:
                    raise UpdateError(f"{url}: not a text charset {charset[:40]!r}")
                if len(body) > self.max_bytes:
                    raise UpdateError(f"{url}: answer larger than {self.max_bytes} bytes")
                if expected is not None and expected.isdigit() and int(expected) != len(body):
                    raise UpdateError(f"{url}: truncated answer ({len(body)} of {expected} bytes)")
                return body.decode(charset, errors="replace")
            except urllib.error.HTTPError as exc:
                exc.close()  # the error carries the open response
                if exc.code < 500 or attempt >= self.retries:
                    raise UpdateError(f"{url}: HTTP {exc.code}") from None
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, TimeoutError) and attempt < self.retries:
                    pass
                else:
                    raise UpdateError(f"cannot reach {url}: {reason}") from None
            except TimeoutError:
                if attempt >= self.retries:
                    raise UpdateError(f"{url}: no answer within {self.timeout:g} s") from None
            except http.client.IncompleteRead as exc:
                raise UpdateError(f"{url}: truncated answer ({len(exc.partial)} bytes)") from None
            except http.client.HTTPException as exc:
                raise UpdateError(f"{url}: bad HTTP answer ({type(exc).__name__})") from None
            except (ConnectionError, OSError) as exc:
                raise UpdateError(f"cannot reach {url}: {exc}") from None
            attempt += 1
            time.sleep(self.backoff * 2 ** (attempt - 1))

    def _read(self, answer: http.client.HTTPResponse, url: str) -> bytes:
        """The body, in chunks, within the size cap and the overall deadline."""
        start, size = time.monotonic(), 0
        chunks: list[bytes] = []
        while True:
            chunk = answer.read1(65536)  # what has arrived: a trickle cannot hide behind a big read
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_bytes:
                raise UpdateError(f"{url}: answer larger than {self.max_bytes} bytes")
            if time.monotonic() - start > self.deadline:
                raise UpdateError(f"{url}: no complete answer within {self.deadline:g} s")
            chunks.append(chunk)


# charsets a depositary's page may use; rot13 and the like are codecs, not text encodings
_TEXT_CODECS = frozenset(
    codecs.lookup(n).name
    for n in ("utf-8", "utf-16", "latin-1", "cp1252", "iso8859-15", "ascii", "utf-8-sig", "cp1250", "cp1251")
)
