"""Datelines, credited sources (in the nominative) and the outlet's precedence."""

from __future__ import annotations

import pytest

from obzor.clean.metadata import find_dateline, text_metadata, title_place
from obzor.clean.names import to_nominative
from obzor.clean.sources import canonical_outlet, scan


@pytest.mark.parametrize(
    ("para", "place", "agency"),
    [
        ("МОСКВА, 15 октября. /ТАСС/. Организация Договора", "Москва", "ТАСС"),
        ("БИШКЕК, 3 июн – РИА Новости. Президент", "Бишкек", "РИА Новости"),
        ("БИШКЕК, 3 июн - РИА Новости. Президент", "Бишкек", "РИА Новости"),
        ("НУР-СУЛТАН/АСТАНА, 5 мая. /Казинформ/. Глава", "Нур-Султан", "Казинформ"),
        ("С.-ПЕТЕРБУРГ, 4 дек – РИА Новости. Музей", "С.-Петербург", "РИА Новости"),
        ("РОСТОВ-НА-ДОНУ, 4 дек – РИА Новости. Суд", "Ростов-на-Дону", "РИА Новости"),
        ("МАКЕЕВКА (ДНР), 1 ноя - РИА Новости. Центр", "Макеевка", "РИА Новости"),
        (
            "БУХТА КАПСЕЛЬ, СУДАК (Крым), 28 окт - РИА Новости. Деревья",
            "Бухта Капсель",
            "РИА Новости",
        ),
        ("МОСКВА, 20 окт - РИА Новости, Анастасия Силкина. Текст", "Москва", "РИА Новости"),
        ("АСТАНА, 5 мая 2024 г. Текст без агентства", "Астана", None),
        ("АСТАНА. КАЗИНФОРМ – Глава государства", "Астана", "Казинформ"),
        ("Москва. 15 октября. INTERFAX.RU - Текст", "Москва", "Интерфакс"),
        ("MINSK, Belarus (AP) — Leaders of the CSTO", "Minsk", "AP"),
        ("MOSCOW, Oct 15 (Reuters) - Russia said", "Moscow", "Reuters"),
    ],
)
def test_datelines(para: str, place: str, agency: str | None) -> None:
    found = find_dateline([para])
    assert found is not None
    assert (found.place, found.agency) == (place, agency)


@pytest.mark.parametrize(
    "para",
    [
        "По словам Имангали Тасмагамбетова, Секретариат объединения проработал инициативы",
        "ОДКБ провела учения в Таджикистане.",
        "МОСКВА — столица России.",
        "Лидеры встретились 15 октября в Москве.",
    ],
)
def test_no_dateline(para: str) -> None:
    assert find_dateline([para]) is None


def test_dateline_only_in_the_lead() -> None:
    paras = ["Первый.", "Второй.", "Третий.", "МОСКВА, 15 октября. /ТАСС/. Четвертый."]
    assert find_dateline(paras) is None
    assert find_dateline(paras[1:]) is not None


def test_title_place() -> None:
    assert title_place("НУР-СУЛТАН") == "Нур-Султан"
    assert title_place("НИЖНИЙ НОВГОРОД") == "Нижний Новгород"
    assert title_place("УСТЬ-КАМЕНОГОРСК") == "Усть-Каменогорск"
    assert title_place("NEW YORK") == "New York"


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        (
            "Встреча прошла, сообщает Kazpravda.kz со ссылкой на пресс-службу президента РК.",
            ["пресс-служба президента РК"],
        ),
        ("Мероприятие проходит в Минске, передаёт BaigeNews.kz со ссылкой на Акорду.", ["Акорда"]),
        (
            "Глава государства провел встречу, сообщает пресс-служба Акорды.",
            ["пресс-служба Акорды"],
        ),
        ("Учения пройдут осенью, передаёт ТАСС.", ["ТАСС"]),
        ("По данным Интерфакса, встреча пройдет в Бишкеке.", ["Интерфакс"]),
        ("Как сообщает РИА Новости, саммит завершился.", ["РИА Новости"]),
        ("Об этом сообщает агентство Reuters.", ["Reuters"]),
        ("По данным Минобороны, учения начнутся в понедельник.", ["Минобороны"]),
        (
            "По данным Министерства обороны Казахстана, учения начнутся.",
            ["Министерство обороны Казахстана"],
        ),
        ("По информации Генеральной прокуратуры, дело закрыто.", ["Генеральная прокуратура"]),
        ("По данным столичного главка МВД, задержаны трое.", ["столичный главк МВД"]),
        ("Об этом пишет газета «Коммерсант».", ["Коммерсантъ"]),
        ("Об этом пишут «Известия».", ["Известия"]),
        ("По данным «Известий», решение принято.", ["Известия"]),
        ("Это следует из ответа, сообщают источники.", ["источники"]),
        ("Он прибыл в Астану, сообщает МИА «Казинформ».", ["Казинформ"]),
        (
            "Об этом говорится в материале, со ссылкой на Касым-Жомарта Токаева.",
            ["Касым-Жомарт Токаев"],
        ),
        (
            "Со ссылкой на советника президента Токаева издание пишет о встрече.",
            ["советник президента Токаева"],
        ),
        (
            "Со ссылкой на директора Малого театра Тамару Михайлову сообщается о премьере.",
            ["директор Малого театра Тамара Михайлова"],
        ),
        ("Об этом сообщили, ссылаясь на данные Росстата.", ["Росстат"]),
        ("Встреча прошла, передаёт ТАСС. Позже, как передаёт ТАСС, она завершилась.", ["ТАСС"]),
        # not attributions
        ("Казахстан передаёт председательство в ОДКБ Кыргызстану.", []),
        ("Президент пишет книгу о дипломатии.", []),
        ("Встреча прошла в Астане, пишет издание.", []),  # a bare noun refers back
        ("По данным опроса, большинство поддерживает ОДКБ.", []),
        ("По данным на 1 октября, в учениях участвуют 2 тысячи военных.", []),
        ("Токаев сообщил, что встреча прошла успешно.", []),
        ("Страны будут действовать сообща противостоять угрозам.", []),
        ("По словам Имангали Тасмагамбетова, Секретариат проработал инициативы.", []),
    ],
)
def test_credited_sources(text: str, credited: list[str]) -> None:
    assert text_metadata([text]).credited == credited


@pytest.mark.parametrize(
    ("paras", "outlet", "credited"),
    [
        # (1) the dateline agency wins
        (
            ["МОСКВА, 15 октября. /ТАСС/. Текст, сообщает Kazpravda.kz со ссылкой на Акорду."],
            "ТАСС",
            ["ТАСС", "Акорда"],
        ),
        # (2) the relaying outlet; only the source it relays is credited
        (
            ["Текст, сообщает Kazpravda.kz со ссылкой на пресс-службу президента РК."],
            "Kazpravda.kz",
            ["пресс-служба президента РК"],
        ),
        (["Текст, передает издание Politico со ссылкой на источники."], "Politico", ["источники"]),
        # (3) an interview given to an outlet
        (["Эксперт в интервью BaigeNews.kz рассказал о перспективах."], "BaigeNews.kz", []),
        (["Министр в интервью агентству Kazinform заявил о планах."], "Kazinform", []),
        (["Министр в интервью Интерфаксу заявил о планах."], "Интерфакс", []),
        (["Министр в интервью журналистам заявил о планах."], None, []),
        # relays and interviews deep in the text report others, not this page's outlet
        (
            ["Первый.", "Второй.", "Третий.", "Текст, сообщает Kazpravda.kz со ссылкой на Акорду."],
            None,
            ["Акорда"],
        ),
    ],
)
def test_outlet_precedence(paras: list[str], outlet: str | None, credited: list[str]) -> None:
    found = text_metadata(paras)
    assert (found.outlet, found.credited) == (outlet, credited)


def test_fallback_outlets_come_last() -> None:
    plain = ["Текст без указаний на источник."]
    assert text_metadata(plain, fallback_outlets=[None, "Akorda.kz"]).outlet == "Akorda.kz"
    relayed = ["Текст, передаёт BaigeNews.kz со ссылкой на Акорду."]
    assert text_metadata(relayed, fallback_outlets=["akorda.kz"]).outlet == "BaigeNews.kz"


def test_scan_positions_are_in_text_order() -> None:
    found = scan("По данным Интерфакса, встреча была. Позже, как передаёт ТАСС, она закончилась.")
    assert [c.name for c in found.credits] == ["Интерфакс", "ТАСС"]
    assert found.credits[0].start < found.credits[1].start


def test_to_nominative() -> None:
    assert to_nominative(["пресс-службу", "президента", "РК"], "accs") == [
        "пресс-служба",
        "президента",
        "РК",
    ]
    assert to_nominative(["Акорду"], "accs") == ["Акорда"]
    assert to_nominative(["Интерфакса"], "gent") == ["Интерфакс"]
    assert to_nominative(["РИА", "Новости"], "accs") == ["РИА", "Новости"]
    assert to_nominative(["ТАСС"], "nomn") == ["ТАСС"]


def test_canonical_outlet() -> None:
    assert canonical_outlet("INTERFAX.RU") == "Интерфакс"
    assert canonical_outlet("итар-тасс") == "ТАСС"
    assert canonical_outlet("«Коммерсант»") == "Коммерсантъ"
    assert canonical_outlet("Степной вестник") is None
