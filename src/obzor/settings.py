"""Every setting declared once (name, default, help); OBZOR_<NAME> in the environment overrides."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    """The resolved settings, passed down as one object."""

    db: str = _setting("sqlite:///obzor.db", "Database URL (sqlite:///PATH).")
    # A news page is rarely over 2 MB; 20 MB leaves room for inline images and still
    # refuses dumps and binaries that would stall the extractor.
    max_file_bytes: int = _setting(20 * 1024 * 1024, "Skip files larger than this many bytes.")
    max_record_bytes: int = _setting(5 * 1024 * 1024, "Skip JSON Lines records longer than this.")
    # 200 articles per transaction keeps commits cheap and memory flat while streaming.
    batch_size: int = _setting(200, "Articles per store transaction during ingest.")

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then OBZOR_* environment variables, then explicit non-None overrides."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"OBZOR_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _parse(f.name, raw, f.default)
            if overrides.get(f.name) is not None:
                values[f.name] = overrides[f.name]
        return cls(**values)

    @classmethod
    def describe(cls) -> list[tuple[str, Any, str]]:
        """(name, default, help) for every setting, for docs and `obzor settings`."""
        return [(f.name, f.default, f.metadata["help"]) for f in fields(cls)]


def _parse(name: str, raw: str, default: Any) -> Any:
    if not isinstance(default, int):
        return raw
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"OBZOR_{name.upper()} must be a whole number, got {raw!r}") from None
