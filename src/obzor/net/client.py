"""Fetcher: GET with timeouts, size cap, checked redirects, conditional GET, politeness, robots."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from obzor.net import deadline, pin
from obzor.net.decompress import decoder
from obzor.net.errors import FetchError, RobotsDenied, TooLarge
from obzor.net.guard import Resolver, check_url, resolve
from obzor.net.robots import Robots
from obzor.settings import Settings

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(slots=True)
class Response:
    """A fetched URL: final address after redirects, status, decoded body bytes, headers."""

    url: str
    status: int
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        """The server said the copy we hold is current (HTTP 304)."""
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


class Fetcher:
    """One polite HTTP client; pass a transport (httpx.MockTransport) to test without a network."""

    def __init__(
        self,
        settings: Settings,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = resolve,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.resolver = resolver
        self.clock, self.sleep = clock, sleep
        self.client = httpx.Client(
            transport=transport or deadline.transport(),
            timeout=httpx.Timeout(float(settings.fetch_timeout_s)),
            follow_redirects=False,  # followed by hand so every hop passes the SSRF guard
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, br, deflate"},
        )
        self.robots = Robots(settings.user_agent, self._fetch_robots)
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET url; 304 comes back as not_modified; raises FetchError saying what went wrong."""
        conditional: dict[str, str] = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        for _ in range(self.settings.max_redirects + 1):
            addresses = self._check(url)
            response = self._request(url, conditional, addresses)
            location = response.headers.get("location")
            if response.status not in _REDIRECTS or not location:
                if response.status >= 400:
                    raise FetchError(f"HTTP {response.status} from {url}")
                return response
            try:
                url = urljoin(url, location)
            except ValueError as exc:
                raise FetchError(f"bad redirect from {url} to {location!r}: {exc}") from None
        raise FetchError(f"more than {self.settings.max_redirects} redirects, last to {url}")

    def _check(self, url: str) -> list[str]:
        """The addresses the guard checked for url (empty when private ones are allowed)."""
        addresses = check_url(url, self.settings.allow_private_addresses, self.resolver)
        if self.settings.respect_robots and not self.robots.allowed(url):
            raise RobotsDenied(f"robots.txt of {urlsplit(url).netloc} disallows {url}")
        return addresses

    def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        try:
            addresses = check_url(url, self.settings.allow_private_addresses, self.resolver)
            response = self._request(url, {}, addresses)
        except FetchError:
            return 0, b""
        return response.status, response.content

    def _request(self, url: str, headers: dict[str, str], addresses: list[str]) -> Response:
        host = urlsplit(url).netloc.lower()
        with self._host_slot(host):
            self._wait_turn(host)
            try:  # connect to the checked addresses only: a second DNS answer may differ
                with deadline.deadline(self.settings.fetch_deadline_s), pin.pinned(url, addresses):
                    return self._stream(url, headers)
            except httpx.TimeoutException:
                raise FetchError(
                    f"timed out after {self.settings.fetch_timeout_s} s (or"
                    f" {self.settings.fetch_deadline_s} s in all): {url}"
                ) from None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchError(f"cannot fetch {url}: {exc or type(exc).__name__}") from None

    def _stream(self, url: str, headers: dict[str, str]) -> Response:
        limit = self.settings.max_fetch_bytes
        ends = self.clock() + self.settings.fetch_deadline_s  # a trickle is a timeout too
        with self.client.stream("GET", url, headers=headers) as r:
            declared = r.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise TooLarge(f"response of {int(declared):,} bytes > limit {limit:,}: {url}")
            try:  # a response read already (a test's MockTransport) is decoded already
                encoding = "" if r.is_stream_consumed else r.headers.get("content-encoding", "")
                unpack = decoder(encoding)
            except ValueError as exc:
                raise FetchError(f"{exc}: {url}") from None
            body = [r.content] if r.is_stream_consumed else r.iter_raw()
            chunks, size = [], 0
            for raw in body:  # unpacked here, a step at a time: bombs are cut short
                try:
                    for chunk in unpack.feed(raw):
                        size += len(chunk)
                        if size > limit:
                            raise TooLarge(f"response over the limit of {limit:,} bytes: {url}")
                        chunks.append(chunk)
                except ValueError as exc:
                    raise FetchError(f"{exc}: {url}") from None
                if self.clock() > ends:
                    raise FetchError(f"timed out: {url} is sending too slowly")
            headers = {k: v for k, v in r.headers.items() if k.lower() != "content-encoding"}
            return Response(url, r.status_code, b"".join(chunks), headers)

    def _host_slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self.settings.host_concurrency)
            return self._slots[host]

    def _wait_turn(self, host: str) -> None:
        delay = self.settings.host_delay_ms / 1000
        with self._lock:
            now = self.clock()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + delay
        if slot > now:
            self.sleep(slot - now)
