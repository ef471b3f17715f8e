"""Hostile HTTP servers on loopback: compression bombs, trickled headers, broken redirects.

Each must end in a FetchError that says what happened, with memory and time bounded by the
settings (issue 18), never a crash or a hang.
"""

from __future__ import annotations

import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import brotli
import pytest

from local_server import Route, serve
from obzor.net import Fetcher, FetchError, TooLarge
from obzor.settings import Settings

LIMIT = 4 * 1024 * 1024
MB = b"\0" * (1 << 20)


def _settings(**extra: object) -> Settings:
    values = {"allow_private_addresses": True, "host_delay_ms": 0, "respect_robots": False}
    return Settings(**{**values, "max_fetch_bytes": LIMIT, **extra})  # type: ignore[arg-type]


def _brotli(megabytes: int) -> bytes:
    packer = brotli.Compressor(quality=5)
    return b"".join(packer.process(MB) for _ in range(megabytes)) + packer.finish()


def _zlib(megabytes: int, wbits: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    return b"".join(packer.compress(MB) for _ in range(megabytes)) + packer.flush()


BOMBS: dict[str, Callable[[], bytes]] = {
    "br": lambda: _brotli(256),  # 256 MB in about 400 bytes
    "gzip": lambda: _zlib(64, 31),
    "deflate": lambda: _zlib(64, 15),  # zlib-wrapped, as RFC 9110 says
}


@pytest.mark.parametrize("encoding", [*BOMBS, "raw-deflate"])
def test_a_compression_bomb_is_refused_before_memory_grows(encoding: str) -> None:
    body = _zlib(64, -15) if encoding == "raw-deflate" else BOMBS[encoding]()
    name = "deflate" if encoding == "raw-deflate" else encoding
    route = Route(body, content_type="text/html", headers={"Content-Encoding": name})
    with serve({"/bomb": route}) as site, Fetcher(_settings()) as fetcher:
        tracemalloc.start()
        try:
            with pytest.raises(TooLarge, match="over the limit of 4,194,304 bytes"):
                fetcher.get(site.base + "/bomb")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 4 * LIMIT  # the limit and a few steps of 64 KB, not the unpacked size


@pytest.mark.parametrize("encoding", ["br", "gzip", "deflate"])
def test_compressed_pages_under_the_limit_are_read(encoding: str) -> None:
    page = "<p>Учения ОДКБ</p>".encode() * 5000
    packed = {
        "br": brotli.compress(page),
        "gzip": zlib.compress(page, wbits=31),
        "deflate": zlib.compress(page),
    }[encoding]
    route = Route(packed, headers={"Content-Encoding": encoding})
    with serve({"/p": route}) as site, Fetcher(_settings()) as fetcher:
        response = fetcher.get(site.base + "/p")
    assert response.content == page


def test_an_unknown_or_broken_encoding_is_a_clear_error() -> None:
    routes = {
        "/zstd": Route(b"xx", headers={"Content-Encoding": "zstd"}),
        "/broken": Route(b"not gzip at all", headers={"Content-Encoding": "gzip"}),
    }
    with serve(routes) as site, Fetcher(_settings()) as fetcher:
        with pytest.raises(FetchError, match="unknown content encoding 'zstd'"):
            fetcher.get(site.base + "/zstd")
        with pytest.raises(FetchError, match="bad compressed data"):
            fetcher.get(site.base + "/broken")


@contextmanager
def trickling_headers(lines: int, pause_s: float) -> Iterator[tuple[str, list[str]]]:
    """A server that sends a status line, then one header line per pause; logs how it ended."""
    listener = socket.create_server(("127.0.0.1", 0))
    ended: list[str] = []

    def answer() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(65536)
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
                for n in range(lines):
                    time.sleep(pause_s)
                    conn.sendall(f"X-Slow-{n}: 1\r\n".encode())
                conn.sendall(b"Content-Length: 2\r\n\r\nok")
                ended.append("finished")
            except OSError:
                ended.append("client hung up")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml", ended
    finally:
        with suppress(OSError):
            socket.create_connection(listener.getsockname(), timeout=1).close()
        thread.join(timeout=30)
        listener.close()


def test_a_server_trickling_its_headers_is_cut_off_at_the_total_deadline() -> None:
    settings = _settings(fetch_timeout_s=2, fetch_deadline_s=1)
    with (
        trickling_headers(lines=60, pause_s=0.1) as (url, ended),
        Fetcher(settings) as fetcher,
        pytest.raises(FetchError, match="1 s in all"),
    ):
        fetcher.get(url)
    assert ended == ["client hung up"]  # the fetch gave up while the headers still came


@pytest.mark.parametrize(
    "location",
    ["http:127.0.0.1:18080/feed.xml", "http://[::1", "http://[::1/x", "https:///x", "http://"],
)
def test_a_bad_redirect_is_a_fetch_error(location: str) -> None:
    route = Route(b"", status=302, location=location)
    with serve({"/r": route}) as site, Fetcher(_settings()) as fetcher, pytest.raises(FetchError):
        fetcher.get(site.base + "/r")
