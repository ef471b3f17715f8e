"""Structured watch events: one JSON object per line on the "obzor.watch" logger."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

logger = logging.getLogger("obzor.watch")


def log_event(event: str, **fields: Any) -> None:
    """Log {"ts", "event", ...fields} as one JSON line at INFO (WARNING for failures)."""
    record = {"ts": datetime.now(UTC).isoformat(timespec="seconds"), "event": event, **fields}
    level = logging.WARNING if event.endswith(("failed", "skipped")) else logging.INFO
    logger.log(level, json.dumps(record, ensure_ascii=False, default=str))


@contextmanager
def log_to(stream: Any, level: int = logging.INFO) -> Iterator[logging.Handler]:
    """Send watch events to a text stream (stderr, a log file) as bare JSON lines, for a while."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
