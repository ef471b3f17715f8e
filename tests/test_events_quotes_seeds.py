"""The seed articles (../shared/seeds) through the whole pipeline: their events and quotes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from obzor.clean import clean
from obzor.model import Article, Document

pytestmark = pytest.mark.shared
TOKAYEV = "Касым-Жомарт Токаев"


@pytest.fixture(scope="module")
def analyzed(seeds: dict[str, Path], pipeline: Any) -> dict[str, Article]:
    """The seed articles, cleaned and analyzed, by number ("000" ...)."""
    return {
        number: pipeline(clean(Document(str(path), "text", path.read_text(encoding="utf-8"))))
        for number, path in seeds.items()
    }


def of_type(article: Article, etype: str) -> list[dict[str, Any]]:
    return [e.to_json() for e in article.events if e.type == etype]


@pytest.mark.parametrize("number", ["001", "004"])
def test_kazakhstan_chairs_the_csto_from_2024_01_01(
    analyzed: dict[str, Article], number: str
) -> None:
    chairs = of_type(analyzed[number], "chairmanship")
    assert [(e["date"], e["date_precision"]) for e in chairs] == [("2024-01-01", "day")]
    assert chairs[0]["chair"] == "Казахстан"


@pytest.mark.parametrize("number", ["001", "004"])
def test_collective_security_council_session_in_minsk(
    analyzed: dict[str, Article], number: str
) -> None:
    (meeting,) = of_type(analyzed[number], "meeting")
    assert "Совета коллективной безопасности" in meeting["name"]
    assert meeting["place"] == "Минск"
    assert meeting["date"] is None  # the text gives none; never the ingest time


def test_cybersecurity_conference_june_2025_in_issyk_kul(analyzed: dict[str, Article]) -> None:
    (conference,) = of_type(analyzed["003"], "conference")
    assert (conference["date"], conference["date_precision"]) == ("2025-06", "month")
    assert conference["place"] == "Иссык-Кульская область"
    assert "конференция ОДКБ по кибербезопасности" in conference["name"]


def test_sco_programme_and_antidrug_strategy(analyzed: dict[str, Article]) -> None:
    periods = {(e["date"], e["date_end"]): e["name"] for e in of_type(analyzed["002"], "agreement")}
    assert "Программа сотрудничества" in periods[("2025", "2027")]  # nominative
    assert periods[("2024", "2029")] == "Антинаркотическая стратегия ШОС на 2024-2029 годы"


def test_183_conflicts_in_2023(analyzed: dict[str, Article]) -> None:
    (stat,) = of_type(analyzed["002"], "statistic")
    assert (stat["value"], stat["date"], stat["date_precision"]) == (183, "2023", "year")
    assert "конфликта" in stat["counts"]


def test_one_million_dollars_to_gaza_via_unrwa(analyzed: dict[str, Article]) -> None:
    gaza = [e for e in of_type(analyzed["004"], "aid") if "Газа" in (e["recipient"] or "")]
    assert len(gaza) == 1
    assert gaza[0]["amount"]["value"] == 1_000_000 and gaza[0]["amount"]["currency"] == "USD"
    assert any("БАПОР" in p["name"] or "UNRWA" in p["name"] for p in gaza[0]["participants"])


def test_earthquake_in_western_afghanistan_in_october(analyzed: dict[str, Article]) -> None:
    (quake,) = of_type(analyzed["004"], "disaster")
    assert (quake["date"], quake["date_precision"]) == ("2023-10", "month")
    assert quake["place"] in {"Афганистан", "Герат"}


@pytest.mark.parametrize(
    ("number", "openings"),
    [
        (
            "001",
            [
                "Первое. Сотрудничество ОДКБ",
                "Это касается беспрепятственного",
                "Следует продолжить совместную работу",
                "Необходимо повышать эффективность",
                "В современных условиях динамично",
            ],
        ),
        (
            "002",
            [
                "Эти угрозы сейчас не просто",
                "ШОС является одной из основ",
                "Именно поэтому нами предложено",
                "ШОС необходимо актуализировать",
            ],
        ),
        (
            "004",
            [
                "В результате конфликта страдает",
                "Мы с самого начала настаивали",
                "Считаем важным продолжать",
                "Выстраивая тактику и стратегию",
            ],
        ),
    ],
)
def test_every_direct_quote_of_tokayev(
    analyzed: dict[str, Article], number: str, openings: list[str]
) -> None:
    article = analyzed[number]
    direct = [q.to_json() for q in article.quotes if q.direct]
    assert [q["text"][: len(o)] for q, o in zip(direct, openings, strict=False)] == openings
    assert len(direct) == len(openings)
    assert {q["speaker"] for q in direct} == {TOKAYEV}
    for q in direct:
        assert article.text[q["start"] : q["end"]] == q["text"]


def test_tasmagambetov_quotes_in_his_article(analyzed: dict[str, Article]) -> None:
    quotes = [q.to_json() for q in analyzed["003"].quotes]
    direct = [q["text"][:20] for q in quotes if q["direct"]]
    assert direct == [
        "В 2025 году главным ",
        "Так, в период 2023-2",
        "Создаются коллективн",
        "С этой целью на план",
    ]
    assert {q["speaker"] for q in quotes} == {"Имангали Тасмагамбетов"}
    assert any(not q["direct"] and q["text"].startswith("с этой целью Секретариат") for q in quotes)


def test_interview_answers_are_the_experts(analyzed: dict[str, Article]) -> None:
    answers = [q.to_json() for q in analyzed["000"].quotes if q.direct]
    assert [q["text"][:20] for q in answers] == [
        "Для Казахстана пока ",
        "Здесь можно отметить",
        "Я думаю, что в основ",
    ]
    assert {q["speaker"] for q in answers} == {"Ербулат Сейлеханов"}
    assert all("?" not in q["text"] for q in answers)  # the questions are not his


def test_seed_004_session_is_named_in_the_nominative_without_its_reporters(
    analyzed: dict[str, Article],
) -> None:
    (session,) = of_type(analyzed["004"], "meeting")
    assert session["name"] == "сессия Совета коллективной безопасности ОДКБ"
    names = {p["name"] for p in session["participants"]}
    assert {"Касым-Жомарт Токаев", "Александр Лукашенко", "Владимир Путин"} <= names
    assert not names & {"BaigeNews.kz", "Акорда"}  # the outlet and its credited source
