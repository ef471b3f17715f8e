"""The typed record: findings are dataclasses; JSON only at the edge, and it round-trips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from obzor.analysis import analyze_path
from obzor.model import Article, Event, Evidence, Mention, Participant, Quote, Threat
from obzor.settings import Settings


def test_a_seed_article_is_typed_and_its_json_round_trips(
    seeds: dict[str, Path], pipeline: Any
) -> None:
    [article] = analyze_path(seeds["004"], plain=False, settings=Settings.load(env={}))
    assert isinstance(article, Article)
    assert article.threats and all(isinstance(t, Threat) for t in article.threats)
    assert article.events and all(isinstance(e, Event) for e in article.events)
    assert article.quotes and all(isinstance(q, Quote) for q in article.quotes)
    for t in article.threats:
        assert all(article.text[e.start : e.end] == e.text for e in t.evidence)
    data = article.to_json()
    assert Article.from_json(data).to_json() == data


def test_the_json_form_keeps_the_documented_keys() -> None:
    text = "Учения «Рубеж» прошли в Таджикистане, сообщил Лавров."
    evidence = Evidence(0, len(text), text)
    article = Article(
        source="t",
        text=text,
        entities=[Mention("Лавров", "PER", 46, 52, "Сергей Лавров", "per:lavrov")],
        quotes=[Quote("Учения «Рубеж» прошли", 0, 21, False, "Сергей Лавров", "per:lavrov")],
        threats=[Threat("military_cooperation", 0.8, [evidence])],
        events=[
            Event(
                "exercise",
                "учения «Рубеж»",
                evidence,
                place="Таджикистан",
                participants=[Participant("Таджикистан")],
                extra={"value": 3},
            )
        ],
    )
    data = article.to_json()
    assert list(data["threats"][0]) == ["category", "score", "evidence"]
    assert list(data["quotes"][0]) == ["text", "speaker", "speaker_id", "direct", "start", "end"]
    event = data["events"][0]
    assert list(event) == [
        "type",
        "name",
        "date",
        "date_end",
        "date_precision",
        "place",
        "participants",
        "evidence",
        "value",
    ]
    assert event["participants"] == [{"name": "Таджикистан", "id": None}]
    assert Article.from_json(data) == article
