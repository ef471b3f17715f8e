"""One search key per name in every case form (nlp/namekey.py), and words kept apart."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from obzor.evaluation.names import TABLES, name_pairs, name_rows
from obzor.nlp.morph import key, lemma, lemmatize
from obzor.nlp.namekey import _compile
from obzor.store.query import parse

ROWS = [row for table in TABLES for row in name_rows(table)]
NOMINATIVE = {row.who: row.forms[0] for row in ROWS if row.number == "sg"}


def test_the_tables_hold_enough_real_names() -> None:
    assert len(name_rows(TABLES[0])) >= 100 and len(NOMINATIVE) >= 90
    assert len(name_pairs()) >= 30


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.forms[0]}-{r.number}")
def test_every_case_form_gets_the_nominative_key(row) -> None:  # type: ignore[no-untyped-def]
    expected = key(NOMINATIVE[row.who])
    assert {form: key(form) for form in row.forms} == dict.fromkeys(row.forms, expected)


def test_no_two_names_share_a_key() -> None:
    keys = Counter(key(name) for name in NOMINATIVE.values())
    assert [k for k, n in keys.items() if n > 1] == []


@pytest.mark.parametrize(("a", "b"), name_pairs())
def test_pairs_stay_apart_in_the_index_and_in_queries(a: str, b: str) -> None:
    assert key(a) != key(b)
    terms_a, terms_b = parse(a).phrases[0][0], parse(b).phrases[0][0]
    assert set(terms_a.keys).isdisjoint(terms_b.keys)


def test_plain_pymorphy3_splits_the_names_it_does_not_know() -> None:
    # The problem the key solves, so that the table cannot pass by pymorphy3 alone.
    assert lemma("Тасмагамбетов") != lemma("Тасмагамбетову")
    assert key("Тасмагамбетов") == key("Тасмагамбетову") == "тасмагамбетов"


@pytest.mark.parametrize(
    ("form", "name"),
    [
        ("Токаева", "Токаев"),
        ("Токаеву", "Токаев"),
        ("Токаевым", "Токаев"),
        ("Мирзиееву", "Мирзиёев"),
        ("Мирзиеева", "Мирзиёев"),
        ("Касым-Жомарта", "Касым-Жомарт"),
        ("Пашиняном", "Пашинян"),
        ("Голиковой", "Голикова"),
    ],
)
def test_forms_seen_in_ria_news(form: str, name: str) -> None:
    assert key(form) == key(name)


def test_indeclinable_names_stay_as_written() -> None:
    for name in ("Лукашенко", "Шойгу", "Матвиенко", "Кемелулы", "Нурсултанкызы", "Расулзода"):
        assert key(name) == name.lower()


def test_central_asian_name_endings() -> None:
    assert key("Касымбеком") == key("Касымбек") == key("Касымбеке")
    assert key("Дадебаем") == key("Дадебай") == key("Дадебаю")
    assert key("Абишулы") == "абишулы" != key("Абиш")


def test_a_capitalized_common_noun_opening_a_sentence_keeps_its_lemma() -> None:
    # Mid-sentence a capitalized -ов word is a surname even where pymorphy3 knows a noun
    # ("Токаев": Tokaji wines); opening a sentence it is the noun.
    assert lemmatize("Сотрудников полиции встретил Токаев.").split() == [
        "сотрудник",
        "полиция",
        "встретить",
        "токаев",
    ]
    assert lemmatize("Там были. «Сотрудников нет»").split()[-2] == "сотрудник"


def test_lowercase_query_finds_capitalized_names() -> None:
    term = parse("тасмагамбетову").phrases[0][0]
    assert key("Тасмагамбетова") in term.keys


def test_malformed_rules_are_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="rules"):
        _compile({"indeclinable": []})
    with pytest.raises(ValueError, match="bad rule"):
        _compile({"rules": [{"name": "x", "stem": "(", "endings": ["а"]}]})


def test_seed_name_found_in_any_case(seeds: dict[str, Path], tmp_path: Path) -> None:
    import obzor
    from obzor.store import open_store

    url = f"sqlite:///{tmp_path / 's.db'}"
    obzor.ingest_files([seeds["003"], seeds["004"], seeds["000"]], url)
    with open_store(url) as store:
        titles = {
            q: sorted(store.get(h.id)["title"] for h in store.search(q, 10))
            for q in ("Тасмагамбетову", "тасмагамбетовым", "Тасмагамбетов")
        }
    assert len(titles["Тасмагамбетов"]) == 2
    assert titles["Тасмагамбетову"] == titles["тасмагамбетовым"] == titles["Тасмагамбетов"]


def test_latin_kazakh_is_kazakh_and_links_to_the_kb() -> None:
    from obzor.clean.language import detect_language
    from obzor.kb import load_kb

    kazakh = (
        "Qazaqstan Respublikasynyñ Prezidenti Qasym-Jomart Toqaev Astanada kezdesu ötkizdi. "
        "Ekijaqty qarym-qatynas jäne öñirlik qauipsizdik mäseleleri talqylandy."
    )
    assert detect_language(kazakh) == "kk"
    assert detect_language("Qasym-Jomart Toqaev met Putin in Astana to discuss the CSTO.") == "en"
    for name in ("Qasym-Jomart Toqaev", "Toqaev"):
        entry = load_kb().lookup(name)
        assert entry is not None and entry.id == "per:tokayev", name
