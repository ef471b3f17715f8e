"""Watching sources: poll what is due, ingest new items, keep per-source state, back off."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from obzor.watch.daemon import Watcher
    from obzor.watch.poll import PollResult, backoff_delay, poll_source

__all__ = ["PollResult", "Watcher", "backoff_delay", "poll_source"]

# Imported when first asked for: `obzor sources list` reads watch.status, which needs neither
# the daemon nor the poller (they load the cleaner, trafilatura and the pipeline: 0.3 s).
_HOMES = {
    "Watcher": "obzor.watch.daemon",
    "PollResult": "obzor.watch.poll",
    "backoff_delay": "obzor.watch.poll",
    "poll_source": "obzor.watch.poll",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
