"""Entity linking on the seeds and on small texts: KB ids, gazetteer finds, roles, pronouns."""

from __future__ import annotations

from pathlib import Path

import pytest

from obzor.analysis import analyze_path
from obzor.kb import load_kb
from obzor.model import Article, Mention
from obzor.nlp.link import link_entities, linker
from obzor.settings import Settings


@pytest.fixture(scope="module")
def seed_articles(seeds: dict[str, Path], pipeline) -> dict[str, Article]:  # type: ignore[no-untyped-def]
    settings = Settings.load(env={})
    out = {}
    for number, path in seeds.items():
        (article,) = analyze_path(path, False, settings)
        assert isinstance(article, Article)
        out[number] = article
    return out


def ids(article: Article, type_: str | None = None) -> set[str | None]:
    return {m.id for m in article.entities if type_ in (None, m.type)}


def test_seed_people_states_orgs_and_operations_have_kb_ids(
    seed_articles: dict[str, Article],
) -> None:
    a = seed_articles
    assert {"Q232", "org:csto", "org:kz-kisi", "Q159", "Q1520"} <= ids(a["000"])
    assert {"op:rubezh", "op:unbreakable-brotherhood", "op:eshelon", "op:grom", "op:kanal"} <= ids(
        a["000"], "EVENT"
    )
    people_001 = {"per:tokayev", "per:lukashenko", "per:sadyr-japarov", "per:putin", "per:rahmon"}
    assert ids(a["001"], "PER") - {None} == people_001 | {"per:tasmagambetov"}
    assert {"Q184", "Q813", "Q863", "Q1065", "Q7779", "Q485207", "org:csto-csc"} <= ids(a["001"])
    assert {"doc:sco-antidrug-strategy-2024-2029", "org:akorda", "Q889"} <= ids(a["002"])
    assert {"per:tasmagambetov", "Q813", "loc:issyk-kul-region"} <= ids(a["003"])
    assert "org:tass" not in ids(a["003"])  # its own agency ("/ТАСС/") is metadata
    assert {"Q39760", "org:unrwa", "Q37470", "loc:herat"} <= ids(a["004"])
    assert "org:baigenews" not in ids(a["004"])  # the outlet ("передаёт BaigeNews.kz")


def test_every_seed_person_but_the_expert_is_known(seed_articles: dict[str, Article]) -> None:
    unknown = {
        m.name for a in seed_articles.values() for m in a.entities if m.type == "PER" and not m.id
    }
    assert unknown == {"Ербулат Сейлеханов"}


def test_kyrgyzstan_and_kirgizia_are_one_id(seed_articles: dict[str, Article]) -> None:
    names = {m.text: m.id for m in seed_articles["003"].entities if m.type == "LOC"}
    assert names["Киргизией"] == names["Кыргызстане"] == "Q813"


def test_role_mentions_resolve_to_the_person(seed_articles: dict[str, Article]) -> None:
    roles = {
        (m.text, m.id)
        for a in seed_articles.values()
        for m in a.entities
        if m.resolved_by == "role"
    }
    assert ("глава государства", "per:tokayev") in roles
    assert ("Глава государства", "per:tokayev") in roles
    assert ("президент Казахстана", "per:tokayev") in roles
    assert ("лидера Казахстана", "per:tokayev") in roles
    assert ("генсек ОДКБ", "per:tasmagambetov") in roles
    # "президенты Беларуси Александр Лукашенко, ...": plural and followed by the names.
    assert not any(text.startswith("президенты") for text, _ in roles)


def test_role_mention_json_is_marked(seed_articles: dict[str, Article]) -> None:
    head = next(m for m in seed_articles["004"].entities if m.text == "Глава государства")
    assert head.to_json() == {
        "text": "Глава государства",
        "type": "PER",
        "start": head.start,
        "end": head.end,
        "name": "Касым-Жомарт Токаев",
        "id": "per:tokayev",
        "resolved_by": "role",
    }
    plain = next(m for m in seed_articles["004"].entities if m.resolved_by is None)
    assert "resolved_by" not in plain.to_json()


def test_he_after_a_quote_is_the_speaker(seed_articles: dict[str, Article]) -> None:
    article = seed_articles["003"]
    pronouns = [m for m in article.entities if m.resolved_by == "pronoun"]
    assert pronouns and {m.id for m in pronouns} == {"per:tasmagambetov"}
    assert all(article.text[m.start : m.end] == "он" for m in pronouns)


def test_ner_faults_are_fixed(seed_articles: dict[str, Article]) -> None:
    texts = {m.text: m for a in seed_articles.values() for m in a.entities}
    assert texts["Газы"].name == "сектор Газа"  # not "Газ"
    kisi = next(m for a in seed_articles.values() for m in a.entities if m.id == "org:kz-kisi")
    assert kisi.name == "КИСИ" and kisi.text.startswith("КИСИ")  # not "КИСЬ"
    assert texts["Минцифры"].type == "ORG"  # a ministry, not a person
    assert "Организация Договора о коллективной безопасности (ОДКБ" not in texts
    assert not any(t.startswith("Организации стало") for t in texts)
    assert texts["Организации"].id == "org:csto"  # the bare word in an article about ОДКБ


def link(text: str, published: str | None = None, ner: list[Mention] | None = None) -> Article:
    article = Article(source="t", text=text, published=published, language="ru")
    article.entities = list(ner or [])
    link_entities(article, load_kb())
    return article


def test_the_office_holder_depends_on_the_date() -> None:
    text = "Президент Казахстана провел совещание."
    assert ids(link(text, "2018-05-02")) >= {"per:nazarbayev", "Q232"}
    assert ids(link(text, "2023-05-02")) >= {"per:tokayev", "Q232"}


def test_common_words_need_quotes_to_be_operations() -> None:
    assert "op:poisk" not in ids(link("Поиск пропавших продолжается. Канал связи восстановлен."))
    assert "op:poisk" in ids(link("Стартовали учения «Поиск-2024» в Таджикистане."))
    assert "op:nelegal" in ids(link("Завершился этап операции ОДКБ «Нелегал-2025»."))


def test_gazetteer_needs_capitals_and_keeps_ner_spans() -> None:
    assert ids(link("Цены на газ выросли.")) == set()
    found = link("Газ подорожал, сообщил Токаев в Астане.").entities
    assert [(m.text, m.id, m.resolved_by) for m in found] == [
        ("Токаев", "per:tokayev", "gazetteer"),
        ("Астане", "Q1520", "gazetteer"),
    ]


def test_unknown_surname_takes_the_full_name_in_the_article() -> None:
    text = "Эксперт Ербулат Сейлеханов сказал. Сейлеханов добавил."
    ner = [
        Mention("Ербулат Сейлеханов", "PER", 8, 26, "Ербулат Сейлеханов"),
        Mention("Сейлеханов", "PER", 35, 45, "Сейлеханов"),
    ]
    assert [m.name for m in link(text, ner=ner).entities] == ["Ербулат Сейлеханов"] * 2


def test_linker_is_built_once_per_kb() -> None:
    assert linker(load_kb()) is linker(load_kb())


def test_a_name_after_the_sentence_is_not_the_role_s_state() -> None:
    text = "Токаев прибыл. Так сказал глава нашего государства.\n\nКасым-Жомарт Токаев уехал."
    roles = [m for m in link(text, "2023-11-23").entities if m.resolved_by == "role"]
    assert [(m.text, m.id) for m in roles] == [("глава нашего государства", "per:tokayev")]


def test_linking_leaves_the_ner_mentions_as_they_were() -> None:
    ner = [
        Mention("Организации", "ORG", 0, 11, "Организация"),
        Mention("ОДКБ", "ORG", 14, 18, "ОДКБ"),
    ]
    out = linker(load_kb()).link("Организации и ОДКБ.", ner, None)
    assert [m.id for m in out] == ["org:csto", "org:csto"]
    assert [m.id for m in ner] == [None, None]


def test_a_name_inside_a_short_quoted_title_is_not_added() -> None:
    text = (
        'Форум "Сделано в России" и выставка "Россия" открылись. Учения «Рубеж» прошли в Бишкеке.'
    )
    found = link(text).entities
    assert [m.id for m in found] == ["op:rubezh", "Q9361"]


def test_a_sentence_opening_he_needs_a_past_verb() -> None:
    text = "Фестиваль придумал Данил Стеклов. Он показывает лучшие фильмы. Он отметил успех."
    ner = [Mention("Данил Стеклов", "PER", 19, 32, "Данил Стеклов")]
    pronouns = [m for m in link(text, ner=ner).entities if m.resolved_by == "pronoun"]
    assert [(m.start, m.name) for m in pronouns] == [(text.rindex("Он"), "Данил Стеклов")]
