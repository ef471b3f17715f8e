"""The SSRF guard: refuse URLs that resolve to private, loopback or link-local addresses."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

from obzor.net.errors import BlockedAddress

Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every IP address a host name resolves to."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


# NAT64 prefixes: the well-known one (RFC 6052) carries an IPv4 address in its last 32 bits;
# the local-use one (RFC 8215) is for a site's own translators, never a public host.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
# IPv4-compatible addresses (::a.b.c.d, RFC 4291, deprecated): no public host uses them.
_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries: mapped, 6to4, Teredo, NAT64, compatible."""
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)
    if ip in _NAT64 or (ip in _COMPATIBLE and int(ip) > 1):  # not :: and ::1 themselves
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def _why_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL:
            return "private"
        for inner in embedded_ipv4(ip):
            why = _why_private(inner)
            if why:
                return why
        if ip in _COMPATIBLE and int(ip) > 1:  # :: and ::1 are judged below as themselves
            return "reserved"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_unspecified or ip.is_multicast or ip.is_reserved:
        return "reserved"
    if ip.is_private or not ip.is_global:
        return "private"
    return None


def check_url(url: str, allow_private: bool = False, resolver: Resolver = resolve) -> list[str]:
    """Raise BlockedAddress unless url is http(s) to a public address (or private is allowed).

    Returns the addresses checked (every one the host resolved to): connect to these and no
    others (net/pin.py), or a second DNS answer could differ. Empty when private is allowed."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise BlockedAddress(f"refused {url!r}: not a URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise BlockedAddress(f"refused {url!r}: only http and https URLs are fetched")
    if not host:
        raise BlockedAddress(f"refused {url!r}: the URL names no host")
    if allow_private:
        return []
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise BlockedAddress(f"refused {url!r}: {exc}") from None
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            addresses = [ipaddress.ip_address(a.split("%")[0]) for a in resolver(host, port)]
        except OSError as exc:
            raise BlockedAddress(f"refused {url!r}: cannot resolve {host}: {exc}") from None
    for ip in addresses:
        why = _why_private(ip)
        if why:
            raise BlockedAddress(
                f"refused {url!r}: {host} is a {why} address ({ip}); set allow_private_addresses"
                " (OBZOR_ALLOW_PRIVATE_ADDRESSES=1) to fetch from it"
            )
    return [str(ip) for ip in addresses]
