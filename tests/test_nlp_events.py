"""Typed events on small texts with given mentions (no NER model needed)."""

from __future__ import annotations

from typing import Any

import pytest

from obzor.model import Mention
from obzor.nlp.event_types import compile_types, event_types
from obzor.nlp.events import find_events


def mention(text: str, surface: str, type_: str, name: str | None = None) -> Mention:
    start = text.index(surface)
    return Mention(surface, type_, start, start + len(surface), name or surface)


def events(text: str, found: list[Mention], published: str | None) -> list[dict[str, Any]]:
    return [e.record(text).to_json() for e in find_events(text, found, published)]


def test_chairmanship_from_a_day_not_a_meeting_under_chairmanship() -> None:
    text = (
        "С 1 января 2024 года председательство в ОДКБ переходит к Казахстану. "
        "Саммит прошел под председательством Александра Лукашенко в Минске."
    )
    people = [
        mention(text, "ОДКБ", "ORG"),
        mention(text, "Казахстану", "LOC", "Казахстан"),
        mention(text, "Минске", "LOC", "Минск"),
    ]
    found = events(text, people, None)
    assert [e["type"] for e in found] == ["chairmanship", "meeting"]
    chair, summit = found
    assert (chair["date"], chair["date_precision"]) == ("2024-01-01", "day")
    assert (chair["chair"], chair["organization"]) == ("Казахстан", "ОДКБ")
    assert {p["name"] for p in chair["participants"]} == {"ОДКБ", "Казахстан"}
    assert chair["place"] is None
    assert (summit["place"], summit["date"]) == ("Минск", None)
    assert text[chair["evidence"]["start"] : chair["evidence"]["end"]].startswith("С 1 января")


def test_conference_month_and_place() -> None:
    text = "В июне 2025 года в Иссык-Кульской области прошла I международная конференция ОДКБ."
    place = mention(text, "Иссык-Кульской области", "LOC", "Иссык-Кульская область")
    (event,) = events(text, [place], "2025-10-14")
    assert event["type"] == "conference"
    assert event["name"] == "I международная конференция ОДКБ"
    assert (event["date"], event["date_precision"], event["place"]) == (
        "2025-06",
        "month",
        "Иссык-Кульская область",
    )


def test_agreement_names_run_to_their_period() -> None:
    text = (
        "Необходимо принять Программу сотрудничества по противодействию терроризму, "
        "сепаратизму и экстремизму на 2025-2027 годы. Выстраивая стратегию деятельности, "
        "мы учитываем угрозы."
    )
    (event,) = events(text, [], "2024-04-03")
    assert event["type"] == "agreement"
    assert event["name"].endswith("на 2025-2027 годы")
    assert (event["date"], event["date_end"], event["date_precision"]) == ("2025", "2027", "year")


def test_aid_amount_and_recipient() -> None:
    text = "Казахстан оказал гуманитарную помощь жителям Газы в размере одного миллиона долларов."
    found = [mention(text, "Казахстан", "LOC"), mention(text, "Газы", "LOC", "Газа")]
    (event,) = events(text, found, "2023-11-23")
    assert event["type"] == "aid"
    assert event["amount"] == {
        "value": 1_000_000,
        "currency": "USD",
        "text": "одного миллиона долларов",
    }
    assert event["recipient"] == "Газа"


def test_statistic_with_its_period_and_relative_disaster_date() -> None:
    text = (
        "В 2023 году в мире произошло 183 региональных и локальных конфликта. "
        "В связи с землетрясением в октябре на западе Афганистана направлены спасатели."
    )
    found = events(text, [mention(text, "Афганистана", "LOC", "Афганистан")], "2023-11-23")
    stat, quake = found
    assert (stat["type"], stat["value"], stat["date"]) == ("statistic", 183, "2023")
    assert stat["counts"] == "региональных и локальных конфликта"
    assert (quake["type"], quake["date"], quake["place"]) == ("disaster", "2023-10", "Афганистан")


def test_no_publication_date_means_no_relative_date() -> None:
    text = "В октябре произошло землетрясение."
    (event,) = events(text, [], None)
    assert event["type"] == "disaster" and event["date"] is None
    assert event["date_precision"] is None


def test_named_operation_needs_a_title() -> None:
    text = "Прошла спецоперация «Канал» на территории ОДКБ. Операция завершилась успешно."
    found = events(text, [], None)
    assert [(e["type"], e["name"]) for e in found] == [("operation", "спецоперация «Канал»")]


def test_mentions_of_one_meeting_merge() -> None:
    text = (
        "Токаев принял участие в сессии Совета коллективной безопасности ОДКБ. "
        "Мероприятие проходит в Минске. В заседании приняли участие президенты."
    )
    (meeting,) = events(text, [mention(text, "Минске", "LOC", "Минск")], "2023-11-23")
    assert meeting["type"] == "meeting" and meeting["place"] == "Минск"
    assert "Совета коллективной безопасности" in meeting["name"]


def test_event_taxonomy_loads_and_validates() -> None:
    ids = [t.id for t in event_types()]
    assert set(ids) >= {
        "meeting", "exercise", "operation", "conference", "agreement",
        "chairmanship", "attack", "disaster", "aid", "statistic",
    }  # fmt: skip
    assert len(ids) == len(set(ids))
    with pytest.raises(ValueError, match="non-empty 'types'"):
        compile_types({"types": []})
    with pytest.raises(ValueError, match="duplicate"):
        t = {"id": "x", "description": "d", "patterns": [{"id": "p", "regex": "a"}]}
        compile_types({"types": [t, t]})
    with pytest.raises(ValueError, match="bad regex"):
        compile_types(
            {"types": [{"id": "x", "description": "d", "patterns": [{"id": "p", "regex": "("}]}]}
        )
