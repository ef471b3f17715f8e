"""Why a fetch did not return a page; every message says what to do or what was refused."""

from __future__ import annotations


class FetchError(Exception):
    """A URL could not be fetched: network error, timeout, HTTP error status, limit exceeded."""


class BlockedAddress(FetchError):
    """A URL obzor refuses to fetch: private address, bad scheme or no host (the SSRF guard)."""


class RobotsDenied(FetchError):
    """The site's robots.txt disallows this URL for obzor's User-Agent."""


class TooLarge(FetchError):
    """The response is bigger than max_fetch_bytes."""
