"""Which date of a sentence is an event's own (nlp/event_dates.py), on sentences of news form."""

from __future__ import annotations

import pytest

from obzor.nlp.events import event_mentions

PUBLISHED = "2023-10-19T12:00"  # a Thursday


def dates(text: str, published: str = PUBLISHED) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for event in event_mentions(text, [], published):
        d = event.date
        found.setdefault(
            event.type, (f"{d.date}..{d.date_end}" if d.date_end else d.date) if d else None
        )
    return found


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # what was said is one clause, where it was said another
        ('"В текущем году он будет обновлен", - сказал Путин на пленарном заседании форума.',
         {"meeting": None, "conference": None}),
        ("Экспорт превысил показатель 2022 года, сообщил премьер-министр в рамках форума.",
         {"conference": None}),
        # ... and the day someone spoke is not the day of the talks he announced
        ("Переговоры пройдут в Москве, сообщил Песков в среду.", {"meeting": None}),
        # ... while the day of the session he spoke at is its day
        ("Мы будем продолжать, сказал Путин на пленарном заседании в среду.",
         {"meeting": "2023-10-18"}),
        # a date inside a quoted title is part of the name
        ('Солодов выступил на сессии "Поддержка экспортеров в 2023 году", которая прошла в'
         " четверг.", {"meeting": "2023-10-19"}),
        # an opening quote of a remark is not a title's
        ('"19 октября на полях форума "Сделано в России" пройдет панельная сессия.',
         {"conference": "2023-10-19", "meeting": "2023-10-19"}),
        # an as-of date is a figure's period, not an agreement's date
        ("По состоянию на 31 марта 2018 года согласно соглашениям акции принадлежат компании.",
         {"agreement": None}),
        ("По состоянию на 1 октября задержаны 15 человек.", {"statistic": "2023-10-01"}),
        # a date opening the sentence dates its event however far
        ("В конце июля в Запорожской области четверо журналистов, которые готовили репортажи о"
         " применении запрещенных боеприпасов, попали под обстрел артиллерии.",
         {"attack": "2023-07"}),
        # a Russian attack needs a word saying by what
        ("Израиль подвергся ракетной атаке из сектора Газа.", {"attack": None}),
        ("Хакерской атаке подвергся сайт ведомства.", {}),
        # the sentence's one date frames the events after it, however far
        ("Израиль 7 октября подвергся ракетной атаке из сектора Газа в рамках объявленной"
         ' военным крылом палестинского движения ХАМАС операции "Потоп Аль-Аксы".',
         {"attack": "2023-10-07", "operation": "2023-10-07"}),
        # ... but not an event before it, far off: that date is another clause's
        ("В ходе сессии обсуждены актуальные аспекты обеспечения коллективной безопасности"
         " стран-участниц, подведены итоги реализации приоритетных направлений деятельности"
         " организации в уходящем году.", {"meeting": None}),
        # ... unless they stand in one comma clause: then the date is the event's
        ("Расширенное заседание экспертного совета при комитете Государственной думы по"
         " экономической политике состоится на главном экспортном форуме страны 20 октября.",
         {"meeting": "2023-10-20", "conference": "2023-10-20"}),
        # ... but a year far after it names what stands before it
        ("Tasmagambetov held talks in Bishkek with the foreign minister on the priorities of the"
         " Kyrgyz chairmanship of the Collective Security Treaty Organization in 2025.",
         {"meeting": None, "chairmanship": "2025"}),
        # when a document was signed or updated beats the period it runs for
        ('В конце июня "Газпром" обновил свою долгосрочную стратегию на 2024-2033 годы.',
         {"agreement": "2023-06"}),
        ("Путин подписал закон о бюджете на 2024-2026 годы.", {"agreement": "2024..2026"}),
        # a budget's year and its planning period are one span, also inside the bill's title
        ('Внесен проект закона "О бюджете города на 2024 год и плановый период 2025-2026'
         ' годов".', {"agreement": "2024..2026"}),
        # a provision's start is not the document's date; its entry into force is
        ("Путин указом запретил с 1 февраля поставлять нефть по предельной цене.",
         {"agreement": None}),
        ("Соглашение вступает в силу с 1 января 2024 года.", {"agreement": "2024-01-01"}),
        ("Протесты продолжались до 5 октября, когда удалось заключить соглашение.",
         {"agreement": "2023-10-05"}),
        # a week is when something happened, not a span: the figure shares it
        ("Агентство на текущей неделе договорилось о закупке 800 тысяч тонн пшеницы.",
         {"agreement": "2023-10-16..2023-10-22", "statistic": "2023-10-16..2023-10-22"}),
        # a title's commas do not end the clause of the one date after the event
        ('Панельная дискуссия "Из бизнеса, для бизнеса" международного форума пройдет в'
         " ближайшую пятницу в зале Манежа 20 октября.",
         {"meeting": "2023-10-20", "conference": "2023-10-20"}),
        # ... nor do commas around a phrase inside the clause whose verb says when
        ('Сессия "Финансовый рынок" с участием представителей банков, министерств и бизнеса,'
         " состоится 20 октября в 15:45 в Центральном выставочном зале.",
         {"meeting": "2023-10-20"}),
        ('Министр пригласил коллегу на Международный форум "МТК Север-Юг",'
         " который состоится в Астрахани 25-26 октября.",
         {"conference": "2023-10-25..2023-10-26"}),
        ('Международный экспортный форум, организованный Российским экспортным центром,'
         " проходит в этом году в 11 раз.", {"conference": "2023"}),
        # ... while a clause of another verb keeps its date
        ("В ходе встречи обсуждены вопросы сотрудничества, подведены итоги 20 октября.",
         {"meeting": None}),
        # two figures in two comma clauses each take their own date
        ("Россия с августа сократила экспорт: в первый месяц на 500 тысяч баррелей в сутки, а"
         " в сентябре-декабре — на 300 тысяч баррелей в сутки.", {"statistic": "2023-08"}),
        # a new date replaces the old one
        ("Запланированный на декабрь 2018 года второй раунд переговоров был перенесен на"
         " январь 2019 года.", {"meeting": "2019-01"}),
        # a comparison's base is no date
        ("За январь-август 2023 года производство мяса выросло на 1,3% по сравнению с"
         " январем-августом 2022 года, составив 2,3 миллиона тонн.",
         {"statistic": "2023-01..2023-08"}),
        ("Добыто на 3,4 миллиона тонн больше, чем за аналогичный период 2022 года.",
         {"statistic": None}),
        # the day a speech put before its words was made is not the day of what it reports
        ("Кабмин в среду вечером сообщил, что Путин подписал указ о продаже выручки.",
         {"agreement": None}),
        ("Путин в среду сообщил, что соглашение подписано 17 октября.",
         {"agreement": "2023-10-17"}),
        # a date in the figure's own comma clause wins over a nearer one after the comma
        ('"В прошлом году было 535 миллионов тонн, в этом году мы добудем примерно 527.',
         {"statistic": "2022"}),
        # the dateline's day is the report's
        ('МОСКВА, 30 мая ПРАЙМ "Газпром" передал акции в залог по соглашениям с партнерами.',
         {"agreement": None}),
    ],
)  # fmt: skip
def test_an_event_takes_its_own_clauses_date(text: str, want: dict[str, str | None]) -> None:
    assert dates(text) == want
