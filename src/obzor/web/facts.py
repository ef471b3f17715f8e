"""KB facts as text for the pages: a role is "president · Казахстан (Q232) · 2019-03-20 – …"."""

from __future__ import annotations

from typing import Any


def fact_text(value: Any) -> str:
    """A fact value as one line of text; lists joined by "; ", never a Python repr."""
    if isinstance(value, list | tuple):
        return "; ".join(fact_text(v) for v in value)
    if isinstance(value, dict):
        if "title" in value:
            return role_text(value)
        return ", ".join(f"{k}: {fact_text(v)}" for k, v in value.items() if v is not None)
    return "" if value is None else str(value)


def role_text(role: dict[str, Any]) -> str:
    """An office held: title, of whom, and when ("…" for an office still held)."""
    title = str(role.get("title") or "").replace("_", " ")
    parts = [title, str(role["of"])] if role.get("of") else [title]
    start, end = role.get("from"), role.get("to")
    if start or end:
        parts.append(f"{start or '…'} – {end or '…'}")
    return " · ".join(parts)
