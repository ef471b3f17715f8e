"""The search index's lemmas come from the record (the lemmas stage), not from the store, and
a Kazakh title is keyed as its body is (by Kazakh stems)."""

from __future__ import annotations

from pathlib import Path

import pytest

from obzor.model import Article
from obzor.nlp.pipeline import set_lemmas
from obzor.store import open_store

TITLE = "Астанада кездесу өтті"  # "a meeting was held in Astana": Астанада is Астана's locative


def kazakh(analysed: bool) -> Article:
    article = Article(source="kk", title=TITLE, text="Басқа жаңалықтар жоқ.", language="kk")
    if analysed:
        set_lemmas(article)
    return article


def test_the_lemmas_stage_keys_a_kazakh_title_by_its_stems() -> None:
    article = kazakh(analysed=True)
    assert article.title_lemmas.split()[0] == "астан"
    assert article.index_lemmas() == (article.title_lemmas, article.lemmas)


@pytest.mark.parametrize("analysed", [True, False])
def test_a_kazakh_headline_is_found_by_the_name_it_inflects(tmp_path: Path, analysed: bool) -> None:
    with open_store(str(tmp_path / "kk.db")) as store:
        found = store.add(kazakh(analysed))
        store.add(Article(source="ru", title="Другое", text="Новости из Алматы.", language="ru"))
        assert [h.id for h in store.search("Астана")] == [found]


def test_the_record_s_own_lemmas_are_what_the_store_indexes(tmp_path: Path) -> None:
    article = Article(source="x", title="Заголовок", text="Текст.", language="ru")
    article.title_lemmas, article.lemmas = "учение", "одкб"
    with open_store(str(tmp_path / "own.db")) as store:
        stored = store.add(article)
        assert [h.id for h in store.search("учения ОДКБ")] == [stored]
        assert store.search("заголовок") == []
