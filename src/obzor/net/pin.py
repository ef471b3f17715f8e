"""Connect to the address the SSRF guard checked, not to a second DNS answer (rebinding).

The guard resolves a host once and checks every address; a name server that answers a public
address to the check and 127.0.0.1 to the connection a moment later would slip past it. While
`pinned(url, addresses)` is active on a thread, the deadline backend connects to those checked
addresses (in order, the next on a refused connection) instead of resolving the host again;
the URL keeps its host name, so the Host header, TLS SNI and the certificate check are
unchanged. Inside a pinned request a connection to any other host is refused.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import httpcore
import httpx

_local = threading.local()


def _key(url: str) -> tuple[str, int]:
    """(host as httpcore connects to it: IDNA ASCII, lower case; port) of url."""
    parsed = httpx.URL(url)
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    return parsed.raw_host.decode("ascii").lower(), port


@contextmanager
def pinned(url: str, addresses: Sequence[str]) -> Iterator[None]:
    """Connections to url's host made on this thread go to `addresses` (no pin when empty)."""
    previous = getattr(_local, "pins", None)
    _local.pins = {_key(url): list(addresses)} if addresses else None
    try:
        yield
    finally:
        _local.pins = previous


def targets(host: str, port: int) -> list[str]:
    """Where to connect for (host, port): its pinned addresses, or the host itself when no pin
    is active; a ConnectError for a host the active pin does not name."""
    pins: dict[tuple[str, int], list[str]] | None = getattr(_local, "pins", None)
    if pins is None:
        return [host]
    found = pins.get((host.lower(), port))
    if not found:
        raise httpcore.ConnectError(f"{host}:{port} was not checked by the SSRF guard")
    return found
