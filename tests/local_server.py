"""A real HTTP server on 127.0.0.1 for the network tests: routes map a path to a response."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli


@dataclass
class Route:
    """What a path answers: status, body, headers; optional delay, encoding and ETag."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay_s: float = 0.0
    encoding: str | None = None  # "gzip" or "br": compress the body on the wire
    etag: str | None = None
    location: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Site:
    """The routes and a log of requests (path, User-Agent) the server saw."""

    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    base: str = ""

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append((self.path, self.headers.get("User-Agent", "")))
            route = site.routes.get(self.path.split("#")[0])
            if route is None:
                self._send(404, b"not found", "text/plain", {})
                return
            if route.delay_s:
                time.sleep(route.delay_s)
            headers = dict(route.headers)
            if route.location:
                headers["Location"] = route.location
            if route.etag:
                headers["ETag"] = route.etag
                if self.headers.get("If-None-Match") == route.etag:
                    self._send(304, b"", route.content_type, headers)
                    return
            body = route.body
            if route.encoding == "gzip":
                body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
            elif route.encoding == "br":
                body, headers["Content-Encoding"] = brotli.compress(body), "br"
            self._send(route.status, body, route.content_type, headers)

        def _send(self, status: int, body: bytes, ctype: str, headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve(routes: dict[str, Route] | Callable[[str], dict[str, Route]]) -> Iterator[Site]:
    """Serve routes on a free loopback port; routes may be built from the base URL."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    site.routes = routes(site.base) if callable(routes) else routes
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
