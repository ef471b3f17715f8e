"""The network: one httpx client behind an injectable transport, with a crawler's guards."""

from __future__ import annotations

from obzor.net.client import Fetcher, Response
from obzor.net.errors import BlockedAddress, FetchError, RobotsDenied, TooLarge
from obzor.net.guard import check_url
from obzor.net.urls import canonical_url

__all__ = [
    "BlockedAddress",
    "FetchError",
    "Fetcher",
    "Response",
    "RobotsDenied",
    "TooLarge",
    "canonical_url",
    "check_url",
]
