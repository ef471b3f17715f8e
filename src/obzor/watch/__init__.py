"""Watching sources: poll what is due, ingest new items, keep per-source state, back off."""

from __future__ import annotations

from obzor.watch.daemon import Watcher
from obzor.watch.poll import PollResult, backoff_delay, poll_source

__all__ = ["PollResult", "Watcher", "backoff_delay", "poll_source"]
