"""Statements and positions: subjects, stance cues, changes, and the seeds' timeline of Tokayev."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from obzor.cli import main
from obzor.positions.stance import STANCES, cue_counts, lexicon_stance, parse_lexicon, stance
from obzor.positions.stance import statement_lemmas as lemmas
from obzor.positions.subjects import OTHER, Named, subjects
from obzor.positions.timeline import changes, is_change, positions
from obzor.settings import Settings
from obzor.store import open_store


def test_a_negated_supports_cue_is_opposition() -> None:
    assert cue_counts(lemmas("Мы поддерживаем это решение"))["supports"] == 1
    negated = cue_counts(lemmas("Мы не будем поддерживать это решение"))
    assert negated["opposes"] == 1 and negated["supports"] == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Казахстан приветствует договоренности о перемирии", "supports"),
        ("Москва решительно осуждает этот теракт", "opposes"),
        ("Особую тревогу вызывает развитие событий на Ближнем Востоке", "concerned"),
        ("Переговоры пройдут в Астане в понедельник", "neutral"),
        ("We welcome the agreement", "supports"),
        ("The minister condemned the attack", "opposes"),
    ],
)
def test_lexicon_rule(text: str, expected: str) -> None:
    assert lexicon_stance(text) == expected
    assert stance(text) in STANCES


def test_a_malformed_lexicon_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown stance 'likes'"):
        parse_lexicon({"stances": {"likes": ["нравиться"]}})
    with pytest.raises(ValueError, match="needs a 'stances' mapping"):
        parse_lexicon(["supports"])
    with pytest.raises(ValueError, match="not one word"):
        parse_lexicon({"stances": {"supports": ["за!"]}})


def test_subjects_threats_entities_regions_and_phrases() -> None:
    text = "Казахстан оказал помощь жителям Газы и осуждает терроризм"
    named = [Named("Казахстан", "LOC", "Q232"), Named("сектор Газа", "LOC", "Q39760")]
    found = [s.key for s in subjects(text, named, own={"Q232"})]
    assert found == ["threat:terrorism", "loc:middle-east", "Q39760"]  # not the own state
    assert [s.key for s in subjects("Выборы пройдут весной", [])] == ["phrase:выборы"]
    assert subjects("", []) == [OTHER]  # every statement is listed under some subject


def test_a_change_is_a_flip_of_polarity() -> None:
    assert is_change("supports", "opposes") and is_change("concerned", "supports")
    assert not is_change("concerned", "opposes")  # the same side
    assert not is_change("neutral", "supports") and not is_change("supports", "supports")


def _item(day: str | None, stance: str, article: int) -> dict[str, Any]:
    return {"published": day, "stance": stance, "article_id": article, "text": "", "title": ""}


def test_changes_cite_both_statements_and_skip_neutral_same_day_and_undated() -> None:
    items = [
        _item(None, "opposes", 1),  # undated: no part in changes
        _item("2023-01-05", "supports", 2),
        _item("2023-01-05", "opposes", 3),  # the same day: not a change of position
        _item("2023-02-01", "neutral", 4),
        _item("2023-03-01", "supports", 5),
        _item("2023-04-01", "concerned", 6),
    ]
    found = changes(items)
    assert [(c["before"]["article_id"], c["after"]["article_id"]) for c in found] == [
        (3, 5),
        (5, 6),
    ]
    assert [(c["from"], c["to"]) for c in found] == [
        ("opposes", "supports"),
        ("supports", "concerned"),
    ]


def test_positions_group_by_subject_and_filter() -> None:
    found = {
        "id": None,
        "name": "Иван Петров",
        "statements": [
            {"article_id": 1, "title": "t", "published": "2023-10-01", "language": "ru",
             "direct": False, "text": "терроризм недопустим", "named": []},
            {"article_id": 2, "title": "t", "published": "2023-11-01", "language": "ru",
             "direct": True, "text": "Мы поддерживаем борьбу с терроризмом и санкции", "named": []},
        ],
    }  # fmt: skip
    result = positions(found)
    [group] = [g for g in result["subjects"] if g["subject"]["key"] == "threat:terrorism"]
    assert [s["article_id"] for s in group["statements"]] == [1, 2]
    assert positions(found, subject="terror")["subjects"] == [group]
    assert positions(found, subject="nothing")["subjects"] == []


@pytest.fixture(scope="module")
def seed_db(
    seeds: dict[str, Path], pipeline: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    from obzor.ingest.job import ingest_paths

    url = f"sqlite:///{tmp_path_factory.mktemp('positions') / 'seeds.db'}"
    settings = Settings.load(env={}, db=url)
    with open_store(url) as store:
        ingest_paths(list(seeds.values()), store, pipeline, settings)
    yield url


@pytest.mark.shared
def test_tokayev_on_terrorism_and_the_middle_east(seed_db: str) -> None:
    from obzor.positions.timeline import actor_positions

    with open_store(seed_db) as store:
        result = actor_positions(store, "Токаев")
    assert result is not None and result["id"] == "per:tokayev"
    groups = {g["subject"]["key"]: g for g in result["subjects"]}
    terrorism = groups["threat:terrorism"]["statements"]
    assert len(terrorism) >= 3 and all(s["stance"] in STANCES for s in terrorism)
    assert "opposes" in {s["stance"] for s in terrorism}  # "противодействию терроризму"
    middle_east = groups["loc:middle-east"]["statements"]
    tension = [s for s in middle_east if "развитие событий на Ближнем Востоке" in s["text"]]
    assert [s["stance"] for s in tension] == ["concerned"]  # "особую тревогу вызывает"
    assert tension[0]["published"].startswith("2023-11-23")


@pytest.mark.shared
def test_cli_positions(seed_db: str) -> None:
    runner = CliRunner()
    shown = runner.invoke(main, ["positions", "Токаев", "--subject", "террор", "--db", seed_db])
    assert shown.exit_code == 0, shown.output
    assert "Терроризм" in shown.output and "Ближний Восток" not in shown.output
    missing = runner.invoke(main, ["positions", "Никто Никаков", "--db", seed_db])
    assert missing.exit_code == 1 and "no stored statements" in missing.output
    blank = runner.invoke(main, ["positions", " ", "--db", seed_db])
    assert blank.exit_code == 2 and "name an actor" in blank.output


@pytest.mark.parametrize(
    ("text", "language", "speaker", "said"),
    [
        ("Kazakh President Kassym-Jomart Tokayev said that the border would stay open.", "en",
         "Касым-Жомарт Токаев", "the border would stay open"),
        ("Foreign Minister Sergei Lavrov told reporters on Monday that sanctions were bad.",
         "en", "Сергей Лавров", "sanctions were bad"),
        ("Дмитрий Песков заявил журналистам в понедельник, что Кремль не комментирует слухи.", "ru",
         "Дмитрий Песков", "Кремль не комментирует слухи"),
    ],
)  # fmt: skip
def test_indirect_speech_with_words_between_verb_and_that(
    pipeline: Any, text: str, language: str, speaker: str, said: str
) -> None:
    from obzor.model import Article

    article = pipeline(Article(source="x", text=text, language=language))
    assert [(q.speaker, q.text, q.direct) for q in article.quotes] == [(speaker, said, False)]


def test_a_statement_is_read_once_however_often_its_actor_is_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from obzor.positions import timeline

    calls: list[str] = []

    def counting(text: str) -> str:
        calls.append(text)
        return "opposes"

    monkeypatch.setattr(timeline, "stance", counting)
    timeline.read_statement.cache_clear()
    row = {"article_id": 1, "title": "t", "published": "2024-01-01", "direct": True,
           "language": "ru", "named": []}  # fmt: skip
    found = {"id": None, "name": "X", "statements": [
        {**row, "text": "Мы будем бороться с терроризмом."},
        {**row, "article_id": 2, "text": "Мы будем бороться с терроризмом."},
        {**row, "article_id": 3, "text": "Наркотрафик угрожает региону."},
    ]}  # fmt: skip
    first = timeline.positions(found)
    again = timeline.positions(found)  # a second view of the same page
    timeline.read_statement.cache_clear()  # later tests read with the real model
    assert first == again
    assert sorted(calls) == ["Мы будем бороться с терроризмом.", "Наркотрафик угрожает региону."]
    assert {s["stance"] for g in first["subjects"] for s in g["statements"]} == {"opposes"}
