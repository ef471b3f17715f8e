"""Which knowledge-base entry a query names, and every way the KB writes it (for search)."""

from __future__ import annotations

from obzor.kb import words as searched_words
from obzor.kb.keys import LOWER, UPPER, phrase_caps, phrase_key, surface_key
from obzor.kb.loader import KB, Entry, Key, load_kb
from obzor.nlp.morph import WORD

# A lowercase acronym shorter than this is too often a word ("ес", "ли") to stand for an entry.
MIN_LOWER_ACRONYM = 3


def named_entry(text: str, kb: KB | None = None) -> Entry | None:
    """The entry that text names as a whole, written as the KB writes it: capitals where the
    KB has them ("Газа", not "газа"), except a person's name or an acronym of three or more
    letters typed all in lowercase ("токаев", "одкб", "csto"). State adjectives name nothing."""
    kb = kb or load_kb()
    found = kb.keys.get(_phrase_key(text, kb)) or kb.surface.get(surface_key(text))
    if found is None or not _written_as(text, found, kb):
        return None
    return kb.get(found.entry)


def _phrase_key(text: str, kb: KB) -> tuple[str, ...]:
    """phrase_key(text), its words keyed from the KB's index file where a KB name holds them,
    else from the file of words searched for before (kb/words.py): no pymorphy3 for either."""
    keys = []
    for m in WORD.finditer(text):
        held = searched_words.cached_keys(m.group(), kb)
        if held is None:
            return phrase_key(text)
        keys.append(held[0])
    return tuple(keys)


def spellings(entry: Entry) -> tuple[str, ...]:
    """Every name and alias of an entry, in all its languages and scripts."""
    return tuple(entry.spellings())


def _written_as(text: str, found: Key, kb: KB) -> bool:
    typed = phrase_caps(text)
    if len(typed) != len(found.caps):
        return False
    if all(t >= k for t, k in zip(typed, found.caps, strict=True)):
        return True
    if any(t != LOWER for t in typed):
        return False
    entry = kb.get(found.entry)
    if entry is not None and entry.type == "PER":
        return True
    return all(k == UPPER for k in found.caps) and len(text.strip()) >= MIN_LOWER_ACRONYM
