"""The network layer: canonical URLs, the SSRF guard, and the Fetcher's limits and manners."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpcore
import httpx
import pytest

import watch_site
from local_server import Route, Site, serve
from obzor.net import (
    BlockedAddress,
    Fetcher,
    FetchError,
    RobotsDenied,
    TooLarge,
    canonical_url,
    deadline,
)
from obzor.net.guard import check_url
from obzor.net.pin import pinned
from obzor.settings import Settings

LOCAL = Settings(allow_private_addresses=True, host_delay_ms=0, fetch_timeout_s=1)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (
            "HTTPS://TASS.ru:443/politics/1?utm_source=tg&id=5#top",
            "https://tass.ru/politics/1?id=5",
        ),
        ("http://ria.ru", "http://ria.ru/"),
        ("https://kaz.kz/a?b=2&a=1&fbclid=xyz&yclid=1", "https://kaz.kz/a?a=1&b=2"),
        ("https://kaz.kz:8443/a", "https://kaz.kz:8443/a"),
        (
            "https://ru.sputnik.kz/путь/?utm_medium=rss",
            "https://ru.sputnik.kz/%D0%BF%D1%83%D1%82%D1%8C/",
        ),
        (
            "https://ru.sputnik.kz/%D0%BF%D1%83%D1%82%D1%8C/",
            "https://ru.sputnik.kz/%D0%BF%D1%83%D1%82%D1%8C/",
        ),
        ("not a url", "not a url"),
    ],
)
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1/feed", "loopback"),
        ("http://localhost:8080/", "loopback"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.1/admin", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/", "loopback"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://0.0.0.0/", "reserved"),
        # IPv6 forms that carry a private IPv4 address (issue 18): each passed the old guard
        ("http://[2002:7f00:1::]/", "loopback"),  # 6to4 of 127.0.0.1
        ("http://[2002:c0a8:101::1]/", "private"),  # 6to4 of 192.168.1.1
        ("http://[2002:a9fe:a9fe::]/", "link-local"),  # 6to4 of the cloud metadata address
        ("http://[64:ff9b::7f00:1]/", "loopback"),  # NAT64 of 127.0.0.1
        ("http://[64:ff9b::a00:1]/", "private"),  # NAT64 of 10.0.0.1
        ("http://[64:ff9b:1::a00:1]/", "private"),  # local-use NAT64 prefix
        ("http://[::127.0.0.1]/", "loopback"),  # IPv4-compatible
        ("http://[::8.8.8.8]/", "reserved"),  # IPv4-compatible: deprecated, never public
        ("http://[::ffff:10.0.0.1]/", "private"),  # IPv4-mapped
        ("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "loopback"),  # Teredo, client 127.0.0.1
    ],
)
def test_ssrf_guard_refuses_private_addresses_with_a_clear_message(url: str, why: str) -> None:
    with pytest.raises(BlockedAddress) as caught:
        check_url(url)
    message = str(caught.value)
    assert f"is a {why} address" in message
    assert "OBZOR_ALLOW_PRIVATE_ADDRESSES=1" in message


def test_ssrf_guard_lets_public_embedded_forms_through() -> None:
    check_url("http://[2002:808:808::]/")  # 6to4 of 8.8.8.8
    check_url("http://[2a00:1450:4001:81a::200e]/")  # a plain public IPv6 address


def test_ssrf_guard_checks_what_a_name_resolves_to() -> None:
    with pytest.raises(BlockedAddress, match="private address"):
        check_url("http://intranet.example/", resolver=lambda host, port: ["10.0.0.7"])
    check_url("http://news.example/", resolver=lambda host, port: ["93.184.216.34"])
    check_url("http://127.0.0.1/", allow_private=True)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "http:///nohost"])
def test_ssrf_guard_refuses_other_schemes_and_hostless_urls(url: str) -> None:
    with pytest.raises(BlockedAddress, match="refused"):
        check_url(url, allow_private=True)


def test_fetcher_refuses_private_addresses_by_default() -> None:
    transport = httpx.MockTransport(lambda r: httpx.Response(200))
    with Fetcher(Settings(), transport=transport) as f, pytest.raises(BlockedAddress, match="loop"):
        f.get("http://127.0.0.1:9/feed.rss")


def _mock(handler: httpx.MockTransport | None = None, **settings: object) -> Fetcher:
    values = {"allow_private_addresses": True, "host_delay_ms": 0, "respect_robots": False}
    return Fetcher(Settings(**{**values, **settings}), transport=handler)


def test_redirects_are_capped() -> None:
    loop = httpx.MockTransport(lambda r: httpx.Response(302, headers={"Location": "/again"}))
    with _mock(loop, max_redirects=3) as f, pytest.raises(FetchError, match="more than 3"):
        f.get("http://news.example/start")


def test_a_redirect_to_a_private_address_is_refused() -> None:
    hop = httpx.MockTransport(
        lambda r: httpx.Response(301, headers={"Location": "http://169.254.169.254/"})
    )
    fetcher = Fetcher(
        Settings(respect_robots=False), transport=hop, resolver=lambda h, p: ["93.184.216.34"]
    )
    with fetcher, pytest.raises(BlockedAddress, match="link-local"):
        fetcher.get("http://news.example/")


def test_size_cap_declared_and_streamed() -> None:
    big = httpx.MockTransport(lambda r: httpx.Response(200, content=b"x" * 5000))
    with _mock(big, max_fetch_bytes=1000) as f, pytest.raises(TooLarge, match="1,000"):
        f.get("http://news.example/big")

    def chunked(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([b"y" * 600, b"y" * 600]))  # no Content-Length

    with _mock(httpx.MockTransport(chunked), max_fetch_bytes=1000) as f, pytest.raises(TooLarge):
        f.get("http://news.example/stream")


def test_conditional_get_sends_validators_and_reports_304() -> None:
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(304)

    with _mock(httpx.MockTransport(handler)) as f:
        response = f.get("http://news.example/feed", etag='"v1"', last_modified="Mon, 10 Mar 2025")
    assert response.not_modified
    assert seen[0]["If-None-Match"] == '"v1"'
    assert seen[0]["If-Modified-Since"] == "Mon, 10 Mar 2025"
    assert seen[0]["User-Agent"].startswith("obzor/")


def test_requests_to_one_host_are_spaced() -> None:
    clock = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        clock[0] += seconds

    transport = httpx.MockTransport(lambda r: httpx.Response(200, content=b"ok"))
    settings = Settings(allow_private_addresses=True, host_delay_ms=500, respect_robots=False)
    with Fetcher(settings, transport=transport, clock=lambda: clock[0], sleep=sleep) as f:
        for path in ("/a", "/b", "/c"):
            f.get("http://news.example" + path)
        f.get("http://other.example/a")  # another host waits for nobody
    assert slept == [0.5, 0.5]


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve(watch_site.routes) as running:
        yield running


def test_gzip_and_brotli_are_decoded(site: Site) -> None:
    with Fetcher(LOCAL) as f:
        assert b"<rss" in f.get(site.base + "/feed.rss").content
        assert b"<feed" in f.get(site.base + "/atom.xml").content


def test_slow_and_failing_endpoints_raise_clear_errors(site: Site) -> None:
    with Fetcher(LOCAL) as f, pytest.raises(FetchError, match="timed out after 1 s"):
        f.get(site.base + "/pages/slow.html")
    # the other answers are quick; a timeout far beyond them keeps a loaded machine from
    # turning them into timeouts
    with Fetcher(replace(LOCAL, fetch_timeout_s=30)) as f:
        with pytest.raises(FetchError, match="HTTP 500"):
            f.get(site.base + "/pages/fail.html")
        with pytest.raises(FetchError, match="HTTP 404"):
            f.get(site.base + "/nowhere")
        assert f.get(site.base + "/moved").url == site.base + "/pages/utf8.html"
        with pytest.raises(FetchError, match="redirects"):
            f.get(site.base + "/loop")


def test_robots_txt_is_honoured(site: Site) -> None:
    with Fetcher(LOCAL) as f, pytest.raises(RobotsDenied, match="disallows"):
        f.get(site.base + "/private/secret.html")
    unrestricted = Settings(allow_private_addresses=True, host_delay_ms=0, respect_robots=False)
    with Fetcher(unrestricted) as f:
        assert f.get(site.base + "/private/secret.html").status == 200


def test_private_addresses_setting_from_the_environment() -> None:
    assert Settings.load(env={"OBZOR_ALLOW_PRIVATE_ADDRESSES": "1"}).allow_private_addresses
    assert not Settings.load(env={"OBZOR_ALLOW_PRIVATE_ADDRESSES": "no"}).allow_private_addresses
    assert not Settings.load(env={}).allow_private_addresses
    with pytest.raises(ValueError, match="OBZOR_ALLOW_PRIVATE_ADDRESSES must be"):
        Settings.load(env={"OBZOR_ALLOW_PRIVATE_ADDRESSES": "maybe"})


class _Recording(httpcore.NetworkBackend):
    """The real socket backend, logging each connect; the public addresses used here do not
    answer (tests never go online), every other host is really connected to."""

    def __init__(self) -> None:
        self.inner = httpcore.SyncBackend()
        self.connects: list[str] = []

    def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> Any:
        self.connects.append(host)
        if host.startswith("93.184.216."):
            raise httpcore.ConnectError(f"{host} unreachable in tests")
        return self.inner.connect_tcp(host, port, *args, **kwargs)


def test_ssrf_dns_rebinding_connects_to_the_checked_address_not_a_second_answer() -> None:
    # The guard's resolver answers a public address; the system resolver would answer
    # 127.0.0.1 for the same name at connect time (a rebinding name server does this).
    backend = _Recording()
    settings = Settings(respect_robots=False, host_delay_ms=0, fetch_timeout_s=1)
    with serve({"/secret": Route(b"internal")}) as site:
        port = site.base.rsplit(":", 1)[1]
        fetcher = Fetcher(
            settings,
            transport=deadline.transport(backend),
            resolver=lambda host, port: ["93.184.216.34", "93.184.216.35"],
        )
        with fetcher, pytest.raises(FetchError, match="cannot fetch"):
            fetcher.get(f"http://localhost:{port}/secret")
        assert site.requests == []  # the loopback server was never reached
    assert backend.connects == ["93.184.216.34", "93.184.216.35"]  # each checked one, in turn


def test_ssrf_pinned_request_keeps_the_host_name_and_refuses_other_hosts() -> None:
    backend = _Recording()
    seen: list[str] = []
    with (
        serve({"/feed": Route(b"ok")}) as site,
        httpx.Client(
            transport=deadline.transport(backend),
            event_hooks={"request": [lambda r: seen.append(r.headers["host"])]},
        ) as client,
    ):
        port = site.base.rsplit(":", 1)[1]
        url = f"http://news.example:{port}/feed"
        with pinned(url, ["127.0.0.1"]):
            assert client.get(url).content == b"ok"
            with pytest.raises(httpx.ConnectError, match="not checked by the SSRF guard"):
                client.get(f"http://other.example:{port}/feed")
    assert seen[0] == f"news.example:{port}"
    assert backend.connects == ["127.0.0.1"]
