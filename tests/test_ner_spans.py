"""Span mends after the CRF (nlp/ner/spans.py): legal forms, numbered names, compound places,
descriptor places, lowercase spans, non-name words as persons. Unit examples from BSNLP and RIA
sentences."""

from __future__ import annotations

from obzor.nlp.ner.corpora import Span
from obzor.nlp.ner.spans import (
    compound_places,
    descriptor_places,
    legal_forms,
    lowercase_spans,
    mend,
    non_name_persons,
    numbered_names,
    rules,
)


def spans(text: str, *parts: tuple[str, str]) -> list[Span]:
    """Spans over text for each (substring, type), first occurrence after the previous."""
    out: list[Span] = []
    at = 0
    for part, kind in parts:
        start = text.index(part, at)
        out.append((start, start + len(part), kind))
        at = start + len(part)
    return out


def forms(text: str, found: list[Span]) -> list[tuple[str, str]]:
    return [(text[s:e], k) for s, e, k in sorted(found)]


def test_legal_form_joins_the_name_before_it_into_one_organisation() -> None:
    text = "акции компании «Блю Стрим Пайплайн Компани Б.В.» перед ПАО"
    tagged = spans(text, ("Блю Стрим Пайплайн Компани", "ORG"), ("Б.В", "PER"))
    assert forms(text, legal_forms(text, tagged)) == [("Блю Стрим Пайплайн Компани Б.В.", "ORG")]


def test_legal_form_chains_fragments_and_an_aside() -> None:
    text = '"Шелл Эксплорейшн энд Продакшн (LXXI) Б.В.", "Юнипер Газ Транспортэйшн энд Финанс Б. В"'
    tagged = spans(
        text,
        ("Шелл Эксплорейшн энд Продакшн", "ORG"),
        ("LXXI", "ORG"),
        ("Б.В", "PER"),
        ("Юнипер Газ", "ORG"),
        ("Транспортэйшн энд", "ORG"),
        ("Финанс Б. В", "PER"),
    )
    assert forms(text, legal_forms(text, tagged)) == [
        ("Шелл Эксплорейшн энд Продакшн (LXXI) Б.В.", "ORG"),
        ("Юнипер Газ Транспортэйшн энд Финанс Б. В", "ORG"),
    ]


def test_initials_of_a_person_are_not_a_legal_form() -> None:
    text = "Путин В.В. и Шольц заявили, что АГ, БВ и Б.В без имени не трогаются"
    tagged = spans(text, ("Путин В.В.", "PER"), ("Шольц", "PER"))
    assert legal_forms(text, tagged) == tagged
    assert [m.group() for m in rules().legal_form.finditer("ООО АГат, БВ")] == []


def test_numbered_names_are_not_places() -> None:
    text = "«Северный поток — 2» и Северный поток-2, Запад-2021, Арзамас-16 и Москва 2 дня"
    tagged = spans(
        text,
        ("Северный поток", "LOC"),
        ("Северный поток", "LOC"),
        ("Запад", "LOC"),
        ("Арзамас", "LOC"),
        ("Москва", "LOC"),
    )
    assert forms(text, numbered_names(text, tagged)) == [("Арзамас", "LOC"), ("Москва", "LOC")]


def test_an_agreeing_adjective_place_joins_the_place_after_it() -> None:
    # factRuEval: "Западной Европы", "Восточном Иерусалиме" are one Location each.
    text = "в Западной Европы, на Ближнем Востоке и в Юго-Восточную Азию"
    tagged = spans(
        text,
        ("Западной", "LOC"),
        ("Европы", "LOC"),
        ("Ближнем", "LOC"),
        ("Востоке", "LOC"),
        ("Юго-Восточную", "LOC"),
        ("Азию", "LOC"),
    )
    assert forms(text, compound_places(text, tagged)) == [
        ("Западной Европы", "LOC"),
        ("Ближнем Востоке", "LOC"),
        ("Юго-Восточную Азию", "LOC"),
    ]


def test_places_that_do_not_agree_or_are_not_adjectives_stay_apart() -> None:
    # A noun before a place ("Крыма Россией"), a case that does not agree, a person after, a
    # lowercase adjective (not a name: the lowercase rule drops it).
    text = "аннексия Крыма Россией, Московской Киеве, Российской Путин, в российской Арктике"
    tagged = spans(
        text,
        ("Крыма", "LOC"),
        ("Россией", "LOC"),
        ("Московской", "LOC"),
        ("Киеве", "LOC"),
        ("Российской", "LOC"),
        ("Путин", "PER"),
        ("российской", "LOC"),
        ("Арктике", "LOC"),
    )
    assert compound_places(text, tagged) == tagged


def test_a_generic_noun_before_a_place_is_a_descriptor_not_an_organisation() -> None:
    # factRuEval marks "Китая" alone in "Правительство Китая"; the issue: "правительство",
    # "власти" are not names. "Бундестаг" mid-sentence is a name and stays an organisation.
    text = "Правительство Китая и правительства Великобритании, а Бундестаг Германии"
    tagged = spans(
        text,
        ("Правительство Китая", "ORG"),
        ("правительства Великобритании", "ORG"),
        ("Бундестаг Германии", "ORG"),
    )
    assert forms(text, descriptor_places(text, tagged)) == [
        ("Китая", "LOC"),
        ("Великобритании", "LOC"),
        ("Бундестаг Германии", "ORG"),
    ]
    # A name that opens a sentence with a common noun stays one (RIA: "Банк России повысил").
    text = "Банк России повысил ставку. Сбербанк России тоже."
    tagged = spans(text, ("Банк России", "ORG"), ("Сбербанк России", "ORG"))
    assert descriptor_places(text, tagged) == tagged


def test_lowercase_spans_are_dropped() -> None:
    text = "Как сообщила пресс-служба, министерства обороны России и аэропорту"
    tagged = spans(
        text,
        ("пресс-служба", "ORG"),
        ("министерства обороны", "ORG"),
        ("России", "LOC"),
        ("аэропорту", "LOC"),
    )
    assert forms(text, lowercase_spans(text, tagged)) == [("России", "LOC")]


def test_non_name_words_are_not_persons_but_surnames_stay() -> None:
    text = "Литовским Выплатите Северный Сомов Чиркова Русских Токаев"
    tagged = [(m, m + len(w), "PER") for m, w in _words(text)]
    kept = [text[s:e] for s, e, _ in non_name_persons(text, tagged)]
    assert kept == ["Сомов", "Чиркова", "Русских", "Токаев"]


def _words(text: str) -> list[tuple[int, str]]:
    out = []
    at = 0
    for word in text.split():
        at = text.index(word, at)
        out.append((at, word))
        at += len(word)
    return out


def test_mend_runs_every_rule_and_keeps_plain_names() -> None:
    text = "Президент Казахстана Касым-Жомарт Токаев прибыл в Минск."
    tagged = spans(text, ("Казахстана", "LOC"), ("Касым-Жомарт Токаев", "PER"), ("Минск", "LOC"))
    assert mend(text, tagged) == tagged


def test_rule_lists_are_strings() -> None:
    data = rules()
    assert data.not_person_pos and all(isinstance(p, str) for p in data.not_person_pos)
    assert "ADJS" not in data.not_person_pos  # short adjectives are surnames: "Сомов"
