"""The English same-event decision (stories/english.py): stems, actors, the model file."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from obzor.stories import english
from obzor.stories.english import (
    FEATURES,
    EnglishModelError,
    actor,
    features,
    is_english,
    parse_model,
    parse_words,
    same_event,
    stem,
)
from obzor.stories.features import item_from_text
from obzor.stories.pair import both_english


def test_inflected_forms_share_a_stem() -> None:
    assert stem("detained") == stem("detains") == stem("detaining") == "detain"
    assert stem("parties") == "party"
    assert stem("Tokayev's") == "tokayev"
    assert stem("was") == "was"  # too short to strip


def test_the_headline_actor_is_the_name_before_a_colon_or_before_a_verb() -> None:
    assert actor("Shoigu: CSTO peacekeepers will complete the mission") == "shoig"
    assert actor("Tokaev declared a five-year moratorium on salary increases") == "tokae"
    assert actor("The President of Kazakhstan declared a day of mourning") is None
    assert (
        actor("Video: How Roscosmos took students out of Baikonur") is None
    )  # "video" is a stop word


def test_a_restated_headline_is_one_event_and_another_flight_is_not() -> None:
    one = same_event(
        "Tokaev declared 10 January a day of mourning for the victims of the riots",
        "Tokaev declared 10 January as a day of national mourning in Kazakhstan",
        0.1,
    )
    flights = features(
        "The second aircraft transported 84 Russian citizens from Kazakhstan to Moscow",
        "The aircraft transported 145 Russians from Kazakhstan to Moscow",
        2.0,
    )
    assert one
    assert flights[FEATURES.index("figures_differ")] == 1.0


def test_two_speakers_are_told_apart_and_time_alone_does_not_join() -> None:
    values = features(
        "Peskov: Russia is not entitled to set a timetable for the withdrawal",
        "Zaharova: The effectiveness of the CSTO mission is evident to the world",
        0.3,
    )
    assert values[FEATURES.index("actors_differ")] == 1.0
    far = "Tokaev signed the decree appointing Smailov as Prime Minister of Kazakhstan"
    assert not same_event(far, far, english.model().event_hours + 1)  # past the hours bound


def test_english_texts_take_the_english_decision() -> None:
    a = item_from_text(1, "Aeroflot resumes flights to Kazakhstan", "", "2022-01-09T10:00:00")
    b = item_from_text(2, "Аэрофлот возобновит рейсы в Казахстан", "", "2022-01-09T10:00:00")
    assert is_english(a.title) and not is_english(b.title)
    assert both_english(a, a) and not both_english(a, b)


def test_the_packaged_model_and_words_load_and_bad_files_say_what_is_wrong() -> None:
    text = resources.files("obzor.stories").joinpath(english.MODEL_FILE).read_text("utf-8")
    data = json.loads(text)
    assert parse_model(data).weights and english.words().stopwords
    with pytest.raises(EnglishModelError, match="one weight per feature"):
        parse_model({**data, "weights": [1.0]})
    with pytest.raises(EnglishModelError, match="threshold"):
        parse_model({**data, "threshold": 1.5})
    with pytest.raises(EnglishModelError, match="min_stem"):
        parse_words({"stopwords": "the", "suffixes": "s", "min_stem": 0})
