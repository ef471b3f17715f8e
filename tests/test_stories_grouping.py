"""Grouping without a store: MinHash, the pair decision, windows, threads, reprints, rules."""

from __future__ import annotations

import pytest
import yaml

from obzor.nlp import morph
from obzor.stories import Grouper, Item, item_from_tokens
from obzor.stories.dedup import LSHIndex, containment, jaccard, minhash
from obzor.stories.features import hour_number
from obzor.stories.pair import (
    FEATURES,
    UNTIMED_FEATURES,
    PairModel,
    UntimedModel,
    decide,
    model,
    pair_features,
    parse_model,
    same_event_probability,
    same_occasion,
    same_time,
)
from obzor.stories.rules import RulesError, parse_rules, rules

EXERCISE = (
    "Учения ОДКБ «Взаимодействие-2025» начались в Таджикистане",
    "На полигоне Ляур в Таджикистане начались учения Коллективных сил оперативного "
    "реагирования ОДКБ. В учениях участвуют военные России, Казахстана, Кыргызстана и "
    "Таджикистана, сообщил генерал Андрей Сердюков. Всего задействовано 2500 человек.",
)
EXERCISE_AGAIN = (
    "В Таджикистане стартовали учения ОДКБ «Взаимодействие-2025»",
    "Учения Коллективных сил оперативного реагирования ОДКБ стартовали на полигоне Ляур в "
    "Таджикистане, где собрались военные России, Казахстана, Кыргызстана. Генерал Андрей "
    "Сердюков сообщил, что в учениях участвуют 2500 человек.",
)
EXERCISE_GOES_ON = (
    "Учения ОДКБ «Взаимодействие-2025» в Таджикистане продолжаются",
    "На второй день учений «Взаимодействие-2025» военные отработали оборону высот, сообщил "
    "Андрей Сердюков. В маневрах ОДКБ на полигоне Ляур в Таджикистане заняты подразделения "
    "России, Казахстана и Кыргызстана.",
)
FLOODS = (
    "Паводки в Казахстане: эвакуированы 12 тысяч человек",
    "Из-за паводков в Костанайской области Казахстана эвакуированы более 12 тысяч человек. "
    "МЧС Казахстана сообщило о подтоплении 3000 домов, помощь предложили Россия и ОДКБ.",
)


def item(n: int, title_text: tuple[str, str], day: int | None = 1, **meta: object) -> Item:
    title, text = title_text
    return item_from_tokens(
        n,
        morph.lemmatize(title).split(),
        morph.lemmatize(text).split(),
        f"{title}. {text}",
        day=day,
        title=title,
        **meta,
    )


def test_minhash_estimates_jaccard_and_containment() -> None:
    words = [f"слово{i}" for i in range(300)]
    changed = [*words[:150], "другое", "слово", "здесь", *words[153:]]
    sig_a, n_a = minhash(words)
    sig_b, _ = minhash(changed)
    assert n_a == 298  # distinct word 3-grams
    assert 0.85 <= jaccard(sig_a, sig_b) <= 1.0  # true Jaccard 0.96
    assert jaccard(sig_a, minhash([f"иное{i}" for i in range(300)])[0]) < 0.1
    assert containment(0.5, 100, 200) == pytest.approx(1.0)  # all of the short text reused
    assert jaccard((), sig_a) == 0.0


def test_lsh_finds_the_near_copy_only() -> None:
    words = [f"w{i}" for i in range(200)]
    index = LSHIndex()
    index.add(1, minhash(words)[0])
    index.add(2, minhash([f"x{i}" for i in range(200)])[0])
    assert index.candidates(minhash([*words[:100], "edit", *words[101:]])[0]) == {1}
    index.remove(1, minhash(words)[0])
    assert index.candidates(minhash(words)[0]) == set()


def test_two_reports_of_one_exercise_join_and_other_news_does_not() -> None:
    grouper = Grouper()
    first = grouper.add(item(1, EXERCISE))
    second = grouper.add(item(2, EXERCISE_AGAIN))
    other = grouper.add(item(3, FLOODS))
    assert first.role == "first" and first.story_id == 1
    assert (second.story_id, second.role) == (1, "member")
    assert other.story_id == 3


def test_same_report_outside_the_window_starts_a_new_story_in_the_same_thread() -> None:
    grouper = Grouper()
    grouper.add(item(1, EXERCISE, day=100))
    later = grouper.add(item(2, EXERCISE_AGAIN, day=110))  # ten days later: commentary
    assert later.story_id == 2
    assert later.thread_id == 1
    much_later = grouper.add(item(3, EXERCISE_AGAIN, day=200))
    assert much_later.thread_id == 3


def test_the_same_subject_two_days_later_is_a_new_event_in_the_thread() -> None:
    grouper = Grouper()
    grouper.add(item(1, EXERCISE, day=100))
    next_day = grouper.add(item(2, EXERCISE_AGAIN, day=101))
    two_days_on = grouper.add(item(3, EXERCISE_GOES_ON, day=103))
    assert next_day.story_id == 1  # dates without times: the next day may still report it
    assert (two_days_on.story_id, two_days_on.thread_id) == (3, 1)


def test_publication_hours_bound_the_same_event() -> None:
    day = 739_000
    morning = item(1, EXERCISE, day=day, hour=day * 24 + 8)
    evening = item(2, EXERCISE_AGAIN, day=day, hour=day * 24 + 8 + rules().event_hours)
    next_evening = item(3, EXERCISE_GOES_ON, day=day + 1, hour=(day + 1) * 24 + 21)
    undated = item(4, EXERCISE_AGAIN, day=None)
    assert same_time(morning, evening) and same_time(morning, undated)
    assert not same_time(morning, next_evening)  # 37 hours apart
    grouper = Grouper()
    grouper.add(morning)
    assert grouper.add(evening).story_id == 1
    assert grouper.add(next_evening).story_id == 3


def test_a_story_does_not_grow_by_links_from_member_to_member() -> None:
    day = 739_000
    hours = rules().event_hours
    grouper = Grouper()
    grouper.add(item(1, EXERCISE, day=day, hour=day * 24 + 6))
    # each report is close in time to the one before it, but the third is further from the
    # story's first report than one event's reporting lasts: it opens a story in the thread
    second = grouper.add(item(2, EXERCISE_AGAIN, day=day, hour=day * 24 + 6 + hours))
    goes_on = item(3, EXERCISE_GOES_ON, day=day + 1, hour=day * 24 + 7 + hours)
    third = grouper.add(goes_on)
    assert (
        same_time(goes_on, grouper.items[2])
        and same_event_probability(goes_on, grouper.items[2]) > 0.5
    )
    assert second.story_id == 1
    assert (third.story_id, third.thread_id) == (3, 1)


def test_hours_are_read_from_iso_times_in_utc() -> None:
    assert hour_number("2025-10-15") is None and hour_number(None) is None
    assert hour_number("2025-10-15T14:30:00+03:00") == hour_number("2025-10-15T11:30")
    assert hour_number("2025-10-15T00:30+05:00") == hour_number("2025-10-14T19:30")
    assert hour_number("2025-10-15T25:00") is None


def test_minutes_count_in_the_time_between_reports() -> None:
    early, late = hour_number("2023-12-01T07:05"), hour_number("2023-12-01T08:52")
    assert early is not None and late is not None
    assert abs((late - early) - 107 / 60) < 1e-6  # not one clock hour apart: 1 h 47 min


def test_features_stored_with_whole_hours_still_read() -> None:
    older = {"day": 738855, "hour": 17732527, "title": "Рубль"}  # an int: a base before v5
    item = Item.from_json(7, older)
    assert item.hour == 17732527.0
    again = Item.from_json(7, Item(7, 738855, hour=17732527 + 52 / 60).to_json())
    assert again.hour is not None and abs(again.hour - (17732527 + 52 / 60)) < 1e-3


def test_exact_copy_is_a_duplicate_of_the_first_copy() -> None:
    grouper = Grouper()
    grouper.add(item(1, EXERCISE))
    copy = grouper.add(item(2, EXERCISE))
    copy_of_copy = grouper.add(item(3, EXERCISE))
    assert (copy.role, copy.original_id) == ("duplicate", 1)
    assert (copy_of_copy.role, copy_of_copy.original_id) == ("duplicate", 1)


def test_credited_outlet_makes_a_reprint() -> None:
    grouper = Grouper()
    grouper.add(item(1, EXERCISE, outlet="ТАСС"))
    reprint = grouper.add(item(2, EXERCISE_AGAIN, outlet="Zakon.kz", credits=("ТАСС",)))
    assert (reprint.role, reprint.original_id, reprint.story_id) == ("reprint", 1, 1)


def test_cross_language_reports_join_through_knowledge_base_ids() -> None:
    grouper = Grouper()
    ids = frozenset({"Q1", "Q2", "Q3", "Q4"})
    grouper.add(item(1, EXERCISE, language="ru", kb_ids=ids))
    english = (
        "CSTO drills begin in Tajikistan",
        "Collective Rapid Reaction Force exercises opened at the Lyaur range.",
    )
    joined = grouper.add(item(2, english, language="en", kb_ids=ids))
    alone = grouper.add(item(3, english, day=5, language="en", kb_ids=ids))
    assert joined.story_id == 1
    assert alone.story_id == 3  # other day: not the same happening


def test_memory_is_bounded_by_the_window() -> None:
    grouper = Grouper()
    for n in range(400):
        grouper.add(item(n, FLOODS if n % 2 else EXERCISE, day=n))
    assert len(grouper.items) <= grouper.thread_days + grouper.window_days + 2
    assert sum(len(p) for p in grouper.index.values()) < 400


def test_packaged_rules_and_model_are_valid() -> None:
    r = rules()
    assert 1 <= r.event_hours <= 24  # one happening is reported within a day
    assert {"в", "и", "the"} <= r.stopwords
    assert r.event_words["сессия"] == "session" and r.event_words["summit"] == "summit"
    assert "в" in r.place_prepositions and {"заседание", "брифинг"} <= r.setting_nouns
    m = model()
    assert len(m.weights) == len(FEATURES) and 0 < m.threshold < 1 and 0 < m.timed_threshold < 1
    assert m.close_hours <= m.setting_hours <= r.event_hours


def test_statements_at_one_setting_within_hours_are_one_event_and_far_apart_are_not() -> None:
    day = 739_000
    chemistry = (
        "Путин высказался о развитии малотоннажной химии",
        "Президент Владимир Путин на встрече с участниками Конгресса молодых учёных заявил, "
        "что малотоннажная химия должна развиваться в регионах.",
    )
    schools = (
        "Путин призвал ввести изучение искусственного интеллекта в школе",
        "На Конгрессе молодых учёных Владимир Путин предложил учить школьников основам "
        "искусственного интеллекта.",
    )
    a = item(1, chemistry, day=day, hour=day * 24 + 20)
    b = item(2, schools, day=day, hour=day * 24 + 21)
    later = item(3, schools, day=day + 1, hour=(day + 1) * 24 + 12)
    grouper = Grouper()
    for one in (a, b, later):
        grouper.df.add(one)
    for one in (a, b, later):
        grouper.df.vectorize(one)
    assert a.settings & b.settings == {"конгресс_молодой"}
    m = model()
    without = PairModel(**{**_fields(m), "setting_bonus": 0.0, "close_bonus": 0.0})
    assert decide(a, b, pair_features(a, b), m)  # one congress, an hour apart
    assert not decide(a, b, pair_features(a, b), without)  # the words alone do not say it
    assert not decide(a, later, pair_features(a, later), m)  # the next day: another event


def _fields(m: PairModel) -> dict[str, object]:
    return {name: getattr(m, name) for name in PairModel.__slots__}


def test_bad_pair_model_is_refused_with_a_reason() -> None:
    import json
    from importlib import resources

    data = json.loads(
        resources.files("obzor.stories").joinpath("pair_model.json").read_text(encoding="utf-8")
    )
    assert parse_model(data) == model()
    with pytest.raises(ValueError, match="features"):
        parse_model({**data, "features": ["body_cosine"]})
    with pytest.raises(ValueError, match="one weight per feature"):
        parse_model({**data, "weights": [1.0]})
    with pytest.raises(ValueError, match="threshold"):
        parse_model({**data, "threshold": 1.5})
    with pytest.raises(ValueError, match="bad or missing"):
        parse_model({**data, "timed": {"threshold": 0.5}})
    with pytest.raises(ValueError, match="untimed pair model needs 'features'"):
        parse_model({**data, "untimed": {**data["untimed"], "features": list(FEATURES)}})
    with pytest.raises(ValueError, match="untimed pair model threshold"):
        parse_model({**data, "untimed": {**data["untimed"], "threshold": 0}})
    assert parse_model({k: v for k, v in data.items() if k != "untimed"}).untimed is None
    nine = {**data["untimed"], "features": list(UNTIMED_FEATURES[:9]), "weights": [1.0] * 9}
    assert parse_model({**data, "untimed": nine}).untimed == UntimedModel(
        nine["intercept"], (1.0,) * 9, nine["threshold"]
    )  # pair-logreg-v6's file: it weighs the nine features it was fitted on


def test_calendar_dates_are_read_from_the_head() -> None:
    from obzor.stories.features import dates_in

    text = "Казань 4 мая 2020 года, 15 ноября; on May 5; МОСКВА, 16 окт – РИА Новости; 1.5 мая"
    assert dates_in(text) == {"5-4", "11-15", "5-5"}  # no abbreviation, no decimal
    assert dates_in("40 марта, 3 марта") == {"3-3"}


def test_untimed_reports_of_two_dates_are_two_events() -> None:
    """The untimed model (tgcontest, BSNLP, undated reports) weighs calendar dates: the same
    index published for two days is two events; for one day, one."""
    first = (
        "Казань показала худший результат по индексу самоизоляции",
        "По данным аналитики Яндекса, на 13 часов 4 мая Казань занимает первое место "
        "антирейтинга городов-миллионников России по уровню самоизоляции жителей: 2,2 балла.",
    )
    same = (
        "Казань оказалась на последнем месте по индексу самоизоляции",
        "Казань 4 мая оказалась на последнем месте среди городов-миллионников по индексу "
        "самоизоляции, свидетельствуют данные Яндекса. У столицы Татарстана 2,2 балла.",
    )
    later = (same[0], same[1].replace("4 мая", "9 мая"))  # the day alone differs
    a, b, c = (item(n, text, day=None) for n, text in enumerate((first, same, later)))
    grouper = Grouper()
    for one in (a, b, c):
        grouper.df.add(one)
    for one in (a, b, c):
        grouper.df.vectorize(one)
    m = model()
    differ = UNTIMED_FEATURES.index("dates_differ")
    assert m.untimed is not None and m.untimed.weights[differ] < 0  # differing dates weigh against
    assert decide(a, b, pair_features(a, b), m)  # one day's index in other words: one event
    assert not decide(a, c, pair_features(a, c), m)  # 4 May's and 9 May's: two


def test_dates_a_day_apart_do_not_differ() -> None:
    """A dateline's day and the evening before ("КИЕВ. 16 января", "вечером 15 января") are
    one happening's; New Year's Eve and Day are a day apart too."""
    from obzor.stories.pair import dates_differ

    def dated(n: int, text: str) -> Item:
        return item(n, ("Заголовок", text), day=None)

    kyiv, evening, week = (
        dated(1, "КИЕВ. 16 января."),
        dated(2, "Вечером 15 января."),
        dated(3, "22 января."),
    )
    assert dates_differ(kyiv, evening) == 0.0 and dates_differ(kyiv, week) == 1.0
    assert dates_differ(dated(4, "31 декабря."), dated(5, "1 января.")) == 0.0
    assert dates_differ(kyiv, dated(6, "Без даты.")) == 0.0  # one side names none: no evidence


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ("pair_model: {}", "need 'pair_model' and 'stopwords'"),
        ("{pair_model: {event_hours: 0}, stopwords: []}", "event_hours"),
    ],
)
def test_bad_rules_are_refused_with_a_reason(broken: str, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        parse_rules(yaml.safe_load(broken))


def test_bad_event_hours_and_settings_are_refused() -> None:
    from importlib import resources

    data = yaml.safe_load(
        resources.files("obzor.stories").joinpath("rules.yaml").read_text(encoding="utf-8")
    )
    data["pair_model"]["event_hours"] = "a day"
    with pytest.raises(RulesError, match="event_hours"):
        parse_rules(data)
    data["pair_model"]["event_hours"] = 6
    data["settings"] = ""
    with pytest.raises(RulesError, match="settings"):
        parse_rules(data)


def test_event_frames_name_places_not_quoted_titles_or_adjectives() -> None:
    from obzor.stories.features import frames_in

    assert frames_in("Делегации собрались на сессию Совета ОДКБ в Минске") == {"session@минск"}
    # a forum called «Сделано в России» is not held in a place called Россия, and
    # "на Международном форуме" names no place: four session announcements shared that frame
    assert frames_in('Мастер-класс проведут на форуме "Сделано в России"') == frozenset()
    assert frames_in("Панельная сессия пройдет на Международном экспортном форуме") == frozenset()
    assert frames_in("Форум «Сделано в России» пройдет в Москве") == {"forum@москва"}


def test_one_speaker_at_one_occasion_joins_the_core_whatever_the_subject() -> None:
    # A long speech moves through many subjects (RIA 11.10.2023: Putin's Energy Week plenary
    # split into 8 stories when each report had to match every report of the core): a report
    # whose headline names the same speaker, on the same day, at the same occasion joins.
    said = "Президент Владимир Путин выступил на пленарном заседании энергетической недели. "

    def plenary(n: int, title: str, text: str, hour: float) -> Item:
        return item(n, (title, said + text), hour=24.0 + hour)

    first = plenary(
        1,
        "Путин назвал базовый приоритет России в ТЭК",
        "Базовый приоритет топливно-энергетического комплекса - надежное снабжение потребителей "
        "внутри страны топливом и электроэнергией по доступным ценам, сказал он.",
        14.7,
    )
    gas = plenary(
        2,
        "Путин заявил о развитии газовых хабов",
        "Газовый хаб в Турции интересен всем покупателям, площадка позволит торговать газом по "
        "рыночным ценам, заявил глава государства.",
        15.1,
    )
    iraq = plenary(
        3,
        "Путин оценил инвестиции российских компаний в Ирак",
        "Российские нефтяные компании вложили в экономику Ирака миллиарды долларов, проекты на "
        "месторождениях идут по плану, отметил президент.",
        16.2,
    )
    novak = item(4, ("Новак оценил инвестиции российских компаний в Ирак", said), hour=24.0 + 16.3)
    next_day = item(5, (first.title, said), day=2)
    assert same_occasion(iraq, first)
    assert not same_occasion(novak, first) and not same_occasion(next_day, first)
    grouper = Grouper()
    assert [grouper.add(one).story_id for one in (first, gas, iraq)] == [1, 1, 1]
    # the words alone join the third report with neither earlier one (both vectorized above)
    assert not any(decide(iraq, one, pair_features(iraq, one)) for one in (first, gas))


def test_a_reused_background_does_not_make_another_bill_a_reprint() -> None:
    # RIA 30.11.2023: the regional abortion bill passed in first reading and, nine minutes
    # later, the assembly's separate initiative sent to the Duma, with the same background
    # paragraphs: shingle containment found a "reprint", and a one-report story took it with
    # no same-event decision at all. Two bills of one body are two events.
    background = (
        " Законопроект вносит изменения в региональный закон об охране здоровья граждан."
        " Ранее депутаты областного собрания обсуждали меры поддержки семей с детьми,"
        " а также порядок работы частных клиник и женских консультаций в регионе."
        " Документ подготовлен комитетом по социальной политике областного собрания."
    )
    first = item(
        1,
        (
            "Заксобрание приняло закон о запрете склонения к абортам",
            "Депутаты приняли в первом чтении закон о запрете склонения к абортам." + background,
        ),
        hour=24.0 + 12.7,
        outlet="РИА Новости",
    )
    second = item(
        2,
        (
            "Заксобрание приняло обращение о запрете абортов в частных клиниках",
            "Депутаты направят в Госдуму обращение о запрете абортов в частных клиниках."
            + background,
        ),
        hour=24.0 + 12.85,
        outlet="РИА Новости",
    )
    grouper = Grouper()
    assert grouper.add(first).story_id == 1
    assert grouper.add(second).story_id == 2


def test_headline_coverage_is_the_smaller_share_of_a_headline_the_other_report_holds() -> None:
    """Reports of one event each carry the other's headline words; a report of another
    happening of the same topic does not carry the first one's headline."""
    from obzor.stories.pair import headline_coverage

    a, b, floods = item(1, EXERCISE), item(2, EXERCISE_AGAIN), item(3, FLOODS)
    one_event = headline_coverage(a, b)
    assert one_event == headline_coverage(b, a) >= 0.8  # symmetric: the smaller of two shares
    assert headline_coverage(a, floods) <= 0.25 < one_event
    untitled = item(4, ("", EXERCISE[1]))
    # only a's headline is compared: no headline is no evidence, not a share of 0
    assert headline_coverage(untitled, a) == headline_coverage(a, untitled) >= 0.8
