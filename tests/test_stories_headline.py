"""Headlines that tell two reports apart: the actor a headline names, and decisions."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources

import pytest

from obzor.nlp import morph
from obzor.stories import Grouper, Item, item_from_tokens
from obzor.stories.headline import act, subject
from obzor.stories.pair import parse_model, told_apart

DAY = 739_000


def item(n: int, title: str, text: str, minute: int, outlet: str | None = "РИА Новости") -> Item:
    return item_from_tokens(
        n,
        morph.lemmatize(title).split(),
        morph.lemmatize(text).split(),
        f"{title}. {text}",
        day=DAY,
        hour=DAY * 24 + 12 + minute / 60,
        title=title,
        outlet=outlet,
    )


@pytest.mark.parametrize(
    ("title", "actor"),
    [
        ("В Кремле заявили, что скифское золото должно находиться в Крыму", "кремль"),
        ("Мишустин: Москва и Минск продолжат устранять барьеры в торговле", "мишустин"),
        ("Россия слезает с технологической иглы Запада, заявил Путин", "путин"),
        ("Глава ВТБ рассказал о недостатках в работе ОСК", "втб"),
        ("Валерий Гергиев стал сопредседателем Союза театральных деятелей", "гергиев"),
        ("Росстат оценил рост ВВП в январе-сентябре", "росстат"),
        ("Москвичам рассказали о погоде в пятницу", None),
        # a surname keyed as the body's words are, not read as a common noun (песок)
        ("Песков анонсировал выступление Путина на энергетической неделе", "песков"),
    ],
)
def test_the_actor_a_headline_names(title: str, actor: str | None) -> None:
    assert subject(title) == actor


def test_one_body_under_two_names_is_one_actor_and_two_laws_are_two_acts() -> None:
    crafts = "ГД приняла закон о народных художественных промыслах"
    forms = "Госдума приняла закон о единой анкете при поступлении на госслужбу"
    assert subject(crafts) == subject(forms) == "госдума"
    first, second = act(crafts, subject(crafts)), act(forms, subject(forms))
    assert first is not None and second is not None
    assert (first.verb, second.verb) == ("принять", "принять")
    assert first.rest != second.rest
    assert act("Путин посетил выставку на ВДНХ", "путин") is None  # a visit decides nothing


def test_two_laws_passed_minutes_apart_by_one_outlet_are_told_apart() -> None:
    crafts = item(
        1,
        "Госдума приняла закон о народных художественных промыслах",
        "Государственная дума на пленарном заседании приняла закон о народных промыслах.",
        0,
    )
    forms = item(
        2,
        "Госдума приняла закон о единой анкете при поступлении на госслужбу",
        "Государственная дума на пленарном заседании приняла закон о единой анкете.",
        5,
    )
    assert told_apart(crafts, forms)
    forms.outlet = "ТАСС"  # across outlets headlines vary
    assert not told_apart(crafts, forms)
    crafts.outlet = forms.outlet = None  # so they may when the outlet is unknown
    assert not told_apart(crafts, forms)


def test_a_reaction_by_an_actor_the_first_report_never_names_is_told_apart() -> None:
    lawsuit = item(
        1,
        "Иск о запрете движения в России рассмотрят без ответчика",
        "Верховный суд рассмотрит иск Минюста в закрытом заседании, ответчика нет.",
        0,
    )
    comment = item(
        2,
        "Песков прокомментировал иск о запрете движения в России",
        "Пресс-секретарь президента Дмитрий Песков сказал, что в Кремле не следят за делом.",
        70,
    )
    assert told_apart(lawsuit, comment)
    appointed = item(
        3,
        "Голикова представила нового директора Большого театра",
        "Вице-премьер Татьяна Голикова представила коллективу Валерия Гергиева.",
        0,
    )
    speech = item(
        4,
        "Гергиев высказался о своем назначении на пост директора",
        "Валерий Гергиев поблагодарил коллектив Большого театра.",
        10,
    )
    assert not told_apart(appointed, speech)  # the first report names him: one meeting


def test_the_previous_model_file_is_v6_with_its_headline_rules_and_nine_untimed_weights() -> None:
    text = resources.files("obzor.evaluation").joinpath("pair_model_v6.json").read_text("utf-8")
    previous = parse_model(json.loads(text))
    assert previous.id == "pair-logreg-v6" and previous.headlines
    assert previous.untimed is not None and len(previous.untimed.weights) == 9


def test_forecasts_for_two_regions_within_the_hour_are_told_apart() -> None:
    komi = item(
        1,
        "В Коми ожидают аномальные морозы со вторника",
        "Синоптики предупредили жителей республики о морозах до минус 40 градусов.",
        0,
    )
    perm = item(
        2,
        "Жителей Пермского края предупредили о сильных морозах",
        "В регионе ожидаются морозы до минус 35 градусов, сообщили синоптики.",
        58,
    )
    assert told_apart(komi, perm)
    again = item(
        3,
        "В Коми ожидают сильные морозы со вторника",
        "Жителей Коми предупредили о морозах до минус 40 градусов.",
        30,
    )
    assert not told_apart(komi, again)


def test_an_actor_named_in_the_earlier_report_is_not_a_reaction_to_it() -> None:
    # "Песков" is the headline's actor and a word of the first report's text: both are keyed
    # alike (before, the headline read "песок" and the body "песков", so the lookup missed).
    briefing = item(
        1,
        "В Кремле прокомментировали указ о валютной выручке",
        "Указ подписан, сообщил журналистам пресс-секретарь президента Песков на брифинге.",
        0,
    )
    again = item(2, "Песков назвал указ своевременным", "Он ответил на вопросы журналистов.", 12)
    assert again.actor == "песков"
    assert again.actor in briefing.body and again.actor in briefing.names
    assert not told_apart(briefing, again)


def test_two_sessions_of_one_forum_are_two_stories_and_one_session_is_one() -> None:
    # RIA 11.10.2023 (read by hand): announcements of the export forum's sessions minutes apart
    # were one story; a forum holds many happenings, so it earns neither time gain alone
    staff = item(
        1,
        'Проблемы кадрового голода обсудят на форуме "Сделано в России"',
        "Панельная сессия о нехватке специалистов по внешней торговле пройдет на форуме"
        ' "Сделано в России", сообщили организаторы.',
        0,
    )
    students = item(
        2,
        'Студенты посоревнуются в переговорах на форуме "Сделано в России"',
        'Студенческий турнир по международным переговорам пройдет в рамках форума "Сделано в'
        ' России", сообщает экспортный центр.',
        3,
    )
    growth = item(
        3,
        "Путин назвал рост ВВП хорошим результатом",
        "Рост ВВП в 3% - хороший результат, заявил Путин на заседании Совета глав государств СНГ"
        " в узком составе.",
        0,
    )
    freight = item(
        4,
        "Путин заявил о росте грузоперевозок в странах СНГ",
        "Объем перевозок грузов в странах СНГ растет на 7%, отметил Путин на заседании Совета"
        " глав государств СНГ в узком составе.",
        5,
    )
    grouper = Grouper()
    story = {i.id: grouper.add(i).story_id for i in (staff, students, growth, freight)}
    assert story[1] != story[2]
    assert story[3] == story[4]  # one session: the occasion's gains still join its reports


def test_a_stored_item_reads_its_headline_as_grouping_did_and_only_when_compared() -> None:
    # Reading stored features (a brief, a story's figures) needs no analyzer; a pair that
    # compares headlines gets what grouping got from the title.
    title = "Госдума приняла закон о защите Байкала, заявил Володин"
    grouped = item(1, title, "Закон принят в третьем чтении.", 0)
    code = (
        "import json, sys\nfrom obzor.nlp import morph\nfrom obzor.stories import Item\n"
        f"item = Item.from_json(1, json.loads({json.dumps(json.dumps(grouped.to_json()))}))\n"
        "read = [item.title, len(item.figures), morph.analyzer.cache_info().currsize]\n"
        "print(json.dumps([*read, item.actor, item.act.verb, sorted(item.title_names)]))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    title_read, _, analyzers, actor, verb, names = json.loads(done.stdout)
    assert (title_read, analyzers) == (title, 0)
    assert grouped.act is not None
    assert (actor, verb, names) == (grouped.actor, grouped.act.verb, sorted(grouped.title_names))
    assert actor == subject(title) == "володин" and verb == "принять"
