"""The file of searched words (kb/words.py): a word searched for again is keyed from it, with
the keys pymorphy3 gives, and the file stays bounded."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from obzor.kb import words
from obzor.kb.cache import KEEP, load_cached, prune
from obzor.kb.keys import word_key
from obzor.kb.loader import KB_DIR
from obzor.nlp.morph import query_keys
from obzor.store.query import parse


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("OBZOR_CACHE_DIR", str(tmp_path / "cache"))
    words.path.cache_clear()
    words.known.cache_clear()
    yield tmp_path / "cache"
    words.path.cache_clear()
    words.known.cache_clear()


def test_searched_words_are_kept_with_the_keys_pymorphy3_gives(cache: Path) -> None:
    first = parse('взрывы OR "военные учения"')
    assert words.path().parent == cache
    words.known.cache_clear()  # read back from the file, as the next process does
    kept = words.known()
    assert set(kept) == {"взрывы", "военные", "учения"}
    assert kept == {w: (word_key(w), query_keys(w)) for w in kept}
    assert parse('взрывы OR "военные учения"') == first


def test_a_word_searched_again_is_keyed_without_pymorphy3(cache: Path) -> None:
    load_cached(KB_DIR)  # the KB's index the first command writes
    parse("теракты")
    code = (
        "import sys; from obzor.store.query import parse; q = parse('теракты'); "
        "print(q.phrases[0][0].keys[0], 'pymorphy3' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert done.stdout.split() == ["теракт", "False"]


def test_the_file_keeps_the_newest_words(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(words, "MAX_WORDS", 3)
    for word in ("взрыв", "пожар", "обстрел", "захват"):
        parse(word)
    words.known.cache_clear()
    assert list(words.known()) == ["пожар", "обстрел", "захват"]


def test_an_unreadable_file_is_started_again(cache: Path) -> None:
    cache.mkdir(parents=True)
    words.path().write_text("{", encoding="utf-8")
    assert words.known() == {}
    parse("пожар")
    words.known.cache_clear()
    assert list(words.known()) == ["пожар"]


def test_old_word_files_are_pruned_apart_from_the_kb_indexes(tmp_path: Path) -> None:
    for i in range(KEEP + 2):
        for prefix in ("kb-", "words-"):
            made = tmp_path / f"{prefix}{i}.json"
            made.write_text("{}", encoding="utf-8")
            os.utime(made, (1000 + i, 1000 + i))
    removed = prune(tmp_path)
    assert sorted(p.name for p in removed) == [
        "kb-0.json",
        "kb-1.json",
        "words-0.json",
        "words-1.json",
    ]
