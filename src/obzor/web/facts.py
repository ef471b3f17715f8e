"""KB facts as text for the pages (a role is "president · Казахстан (Q232) · 2019-03-20 – …"),
and entity names in the page's language."""

from __future__ import annotations

from functools import lru_cache
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


@lru_cache(maxsize=1)
def _kb_names() -> dict[str, dict[str, str]]:
    """{stored name: the KB entry's names by language}: a KB entity is stored under its
    Russian name, and also found by its id."""
    from obzor.kb.loader import load_kb

    found: dict[str, dict[str, str]] = {}
    for entry in load_kb().entries:
        found[entry.id] = entry.names
        found.setdefault(entry.names.get("ru", ""), entry.names)
    return found


def entity_name(name: str | None, lang: str, kb_id: str | None = None) -> str:
    """An entity's name in the page's language when the KB has it (Касым-Жомарт Токаев is
    Kassym-Jomart Tokayev on an English page), found by KB id or stored name; otherwise, and
    on Russian pages, the name as stored."""
    shown = str(name or "")
    if lang == "ru":
        return shown
    names = _kb_names()
    return (names.get(kb_id or "") or names.get(shown, {})).get(lang) or shown
