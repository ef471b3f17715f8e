"""Keys of the query words no KB name holds, kept on disk beside the KB's index (kb/cache.py):
a word searched for again is keyed from the file, without loading pymorphy3 and PyYAML (about
0.06-0.1 s of an `obzor search` start).

The file (`words-<fingerprint>.json` in the cache directory) holds each word's `word_key` and
`query_keys` as those functions gave them; it is named, like the KB's index, by the SHA-256 of
the code and dictionary that make keys, so a changed obzor or dictionary starts a new one. At
most MAX_WORDS words, the newest kept; a file that cannot be read is started again, one that
cannot be written costs only the time. Two processes writing at once may each keep only their
own new words: a word lost is keyed again next time, never wrongly.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from obzor.kb.cache import cache_dir, fingerprint, write_json
from obzor.kb.loader import KB, KB_DIR

# A user's vocabulary of searched words: a few thousand cover months of daily queries, and the
# file stays under ~0.3 MB so that reading it costs less than the pymorphy3 load it saves.
MAX_WORDS = 5000


@lru_cache(maxsize=1)
def path() -> Path:
    """The file of this obzor's and dictionary's keys."""
    return cache_dir() / f"words-{fingerprint(KB_DIR)[:32]}.json"


@lru_cache(maxsize=1)
def known() -> dict[str, tuple[str, tuple[str, ...]]]:
    """word -> (word_key, query_keys) of the words searched for before (empty: none, or a file
    that cannot be read)."""
    try:
        data = json.loads(path().read_text(encoding="utf-8"))
        return {str(w): (str(k), tuple(str(q) for q in qs)) for w, (k, qs) in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def cached_keys(word: str, kb: KB) -> tuple[str, tuple[str, ...]] | None:
    """(word_key, query_keys) of a word as the KB's index file holds them (a word of a KB
    name) or this file does (a word searched for before); None: neither, key it now."""
    if word in kb.word_keys:
        return kb.word_keys[word], kb.query_keys[word]
    return known().get(word)


def remember(found: dict[str, tuple[str, tuple[str, ...]]]) -> None:
    """Add words keyed now to the file (the newest MAX_WORDS kept)."""
    if not found:
        return
    words = {w: v for w, v in known().items() if w not in found}
    words.update(found)  # the newest last
    kept = dict(list(words.items())[-MAX_WORDS:])
    write_json(path(), {w: [k, list(qs)] for w, (k, qs) in kept.items()})
    known().update(found)
