"""What an entity search asks the store for: the spellings of a name (and the KB ids whose
names or aliases hold it) and the KB ids that belong to a country. Used alike by the web's
entity browser, GET /api/entities and `obzor entities`."""

from __future__ import annotations

from obzor.kb.loader import KB, load_kb
from obzor.text import fold


def states(kb: KB, lang: str = "ru") -> list[tuple[str, str]]:
    """(id, name in lang) of every state in the KB, by name: the country filter's choices."""
    found = [(e.id, e.names.get(lang) or e.name) for e in kb.entries
             if e.facts.get("kind") == "state"]  # fmt: skip
    return sorted(found, key=lambda s: s[1])


def of_country(kb: KB, state: str) -> list[str]:
    """KB ids that belong to a state: the state, its agencies and places (state, part_of,
    capital_of) and the people holding or having held one of its offices."""
    found = {state}
    for e in kb.entries:
        links = (e.facts.get("state"), e.facts.get("part_of"), e.facts.get("capital_of"))
        if state in links or any(r.of == state for r in e.roles):
            found.add(e.id)
    return sorted(found)


def spellings(kb: KB, text: str) -> list[str]:
    """What to look for in entity names and keys: the text as typed, capitalized and
    casefolded (LIKE folds case in ASCII only), and the KB ids whose names or aliases
    contain it (Tokayev finds Касым-Жомарт Токаев)."""
    text = text.strip()
    if not text:
        return []
    folded = fold(text)
    found = {text, text[:1].upper() + text[1:], folded}
    for e in kb.entries:
        if any(folded in fold(s) for s in e.spellings()):
            found.add(e.id)
    return sorted(found)


def entity_query(
    q: str = "", country: str = "", kb_id: str = ""
) -> tuple[list[str] | None, list[str] | None]:
    """The names and KB ids store.find_entities takes for a name, a country and a KB id
    (None: no condition)."""
    base = load_kb()
    ids = of_country(base, country.strip()) if country.strip() else None
    if kb_id.strip():
        ids = [i for i in (ids if ids is not None else [kb_id.strip()]) if i == kb_id.strip()]
    return spellings(base, q) or None, ids
