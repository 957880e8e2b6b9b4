"""A polite HTTP client on the standard library: timeouts, bounded retries with backoff, a rate
limit, and a User-Agent naming the tool. Every failure is an ``UpdateError`` (exit 6)."""

from __future__ import annotations

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


@dataclass(slots=True)
class Fetcher:
    timeout: float = 20.0
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
                with urllib.request.urlopen(request, timeout=self.timeout, context=context) as answer:  # noqa: S310
                    body: bytes = answer.read(self.max_bytes + 1)
                    expected = answer.headers.get("Content-Length")
                    charset = answer.headers.get_content_charset() or "utf-8"
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
