"""What is no entity (generic nouns, adjectives tagged as people, the article's own sources),
Kazakh endings on KB names, and one person in any case form (unit examples)."""

from __future__ import annotations

from pathlib import Path

from obzor.kb import load_kb
from obzor.model import Article, Mention
from obzor.nlp.kazakh import stems
from obzor.nlp.link import link_entities, linker
from obzor.store.sqlite import SQLiteStore


def ner(text: str, *spans: tuple[str, str]) -> list[Mention]:
    out = []
    for surface, type_ in spans:
        start = text.index(surface)
        out.append(Mention(surface, type_, start, start + len(surface), surface))
    return out


def test_generic_nouns_are_no_entities_unless_part_of_a_name() -> None:
    text = "Правительство и банк сообщили. Пресс-служба МВД и власти Правительства России ответили."
    spans = ner(text, ("Правительство", "ORG"), ("банк", "ORG"), ("Пресс-служба", "ORG"))
    spans += ner(text, ("власти", "ORG"), ("Правительства России", "ORG"))
    found = [m.text for m in linker(load_kb()).link(text, spans, None)]
    assert "Правительство" not in found and "банк" not in found and "власти" not in found
    assert "Пресс-служба" not in found and "Правительства России" in found


def test_an_adjective_is_no_person() -> None:
    text = "В Мариинского театре выступил Валерий Гергиев."
    spans = ner(text, ("Мариинского", "PER"), ("Валерий Гергиев", "PER"))
    found = [m.text for m in linker(load_kb()).link(text, spans, None)]
    assert found == ["Валерий Гергиев"]


def test_a_name_keeps_its_inner_conjunction_and_two_names_are_cut_apart() -> None:
    text = "Профессор НИИ эпидемиологии и микробиологии имени Гамалеи сообщил. ШОС и СНГ заявили."
    spans = ner(text, ("НИИ эпидемиологии и микробиологии имени Гамалеи", "ORG"))
    spans += ner(text, ("ШОС и СНГ", "ORG"))
    found = [m.text for m in linker(load_kb()).link(text, spans, None)]
    assert "НИИ эпидемиологии и микробиологии имени Гамалеи" in found
    assert "ШОС и СНГ" not in found and "ШОС" in found


def test_the_outlet_and_credited_agencies_are_metadata() -> None:
    text = "МОСКВА, 20 окт – РИА Новости. Как сообщил ТАСС, Лавров прибыл в Астану."
    article = Article(
        source="t",
        text=text,
        outlet="РИА Новости",
        credited_sources=["РИА Новости"],
        entities=ner(text, ("РИА Новости", "ORG"), ("ТАСС", "ORG"), ("Лавров", "PER")),
    )
    link_entities(article)
    found = {m.text for m in article.entities}
    assert "РИА Новости" not in found
    assert {"ТАСС", "Лавров", "Астану"} <= found  # another agency named in the text stays


def test_kazakh_endings_on_kb_names_link() -> None:
    text = "Тоқаев Ресей Президенті Владимир Путинмен Астанада кездесті. ҰҚШҰ-ның жиыны өтті."
    spans = ner(text, ("Тоқаев Ресей Президенті", "PER"), ("Владимир Путинмен", "PER"))
    found = {m.text: m.id for m in linker(load_kb()).link(text, spans, None, kazakh=True)}
    assert found == {
        "Тоқаев": "per:tokayev",
        "Ресей": "Q159",
        "Владимир Путинмен": "per:putin",
        "Астанада": "Q1520",
        "ҰҚШҰ-ның": "org:csto",
    }


def test_kazakh_stems() -> None:
    assert "Тоқаев" in stems("Тоқаевтың") and "Қазақстан" in stems("Қазақстанға")
    assert stems("ҰҚШҰ-ның")[0] == "ҰҚШҰ"
    assert stems("Ре") == ()


def test_one_person_in_any_case_and_two_people_by_first_name(tmp_path: Path) -> None:
    store = SQLiteStore(str(tmp_path / "g.db"))
    for text, surface, name in (
        ("Татьяна Голикова провела совещание.", "Татьяна Голикова", "Татьяна Голикова"),
        ("По словам Голиковой, план готов.", "Голиковой", "Голикова"),
        ("Сергей Голиков заявил о рисках.", "Сергей Голиков", "Сергей Голиков"),
    ):
        start = text.index(surface)
        mention = Mention(surface, "PER", start, start + len(surface), name)
        store.add(Article(source=text, text=text, entities=[mention]))
    names = sorted(e["name"] for e in store.entities("PER"))
    assert names == ["Сергей Голиков", "Татьяна Голикова"]
    assert store.entity("Голиковой")["name"] == "Татьяна Голикова"
    store.close()
