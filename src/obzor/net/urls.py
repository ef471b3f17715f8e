"""Canonical URLs for deduplication: one spelling per page, tracking parameters dropped."""

from __future__ import annotations

import contextlib
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Parameters that say how a reader arrived (campaign tags, click ids), never which page it is.
TRACKING_PREFIXES = ("utm_", "_hs", "mc_", "pk_", "ga_")
TRACKING_NAMES = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "yclid",
        "ysclid",
        "msclkid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_openstat",
        "from",
        "ref",
        "ref_src",
        "rss",
        "share",
        "amp",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking(name: str) -> bool:
    """Whether a query parameter only tracks the visit."""
    low = name.lower()
    return low in TRACKING_NAMES or low.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The URL with scheme and host lowercased, default port, fragment and tracking removed.

    Remaining query parameters are sorted, so `?b=1&a=2` and `?a=2&b=1` are one page; an
    empty path becomes "/". A string that is not an http(s) URL is returned stripped.
    """
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    if not host.isascii():
        with contextlib.suppress(UnicodeError):
            host = host.encode("idna").decode("ascii")
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/%:@!$&'()*+,;=-._~") or "/"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)
    )
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))
