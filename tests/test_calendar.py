"""The forward calendar's pure parts: a report's status, folding reports, matching, iCalendar."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from obzor.calendar import ical
from obzor.calendar.entries import effective_status, fold, matches, same_article
from obzor.calendar.reports import Report, article_reports, report_status, reports, span
from obzor.calendar.sentences import sentence_reports
from obzor.model import Article, Event, Evidence, Participant


def event(text: str, etype: str = "meeting", date: str | None = "2024-11-23", **kw: Any) -> Event:
    return Event(
        etype,
        kw.pop("name", "саммит ОДКБ"),
        Evidence(0, len(text), text),
        date,
        kw.pop("date_end", None),
        kw.pop("precision", "day"),
        kw.pop("place", "Минск"),
        kw.pop("participants", [Participant("ОДКБ", "org:csto")]),
        kw,
    )


def report(status: str, published: str, date: str = "2024-11-23", **kw: Any) -> Report:
    return Report(
        kw.get("type", "meeting"), kw.get("name", "саммит ОДКБ"), date, None,
        kw.get("precision", "day"), "Минск", kw.get("keys", ("org:csto", "минск")), status,
        "test", published, "...", 0, 3,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "published", "status"),
    [
        ("Саммит ОДКБ пройдет в Минске 23 ноября.", "2024-02-01", "announced"),
        ("The CSTO summit will be held in Minsk on November 23.", "2024-02-01", "announced"),
        ("Саммит ОДКБ прошел в Минске 23 ноября.", "2024-11-25", "held"),
        ("The CSTO summit was held in Minsk on November 23.", "2024-11-25", "held"),
        ("Саммит ОДКБ в Минске, намеченный на 23 ноября, отменен.", "2024-10-01", "cancelled"),
        ("The CSTO summit planned for November 23 was cancelled.", "2024-10-01", "cancelled"),
        ("Саммит ОДКБ перенесли на 23 ноября.", "2024-10-01", "postponed"),
        ("The CSTO summit has been postponed to November 23.", "2024-10-01", "postponed"),
        # the same day as the article: the verb decides
        ("Сегодня в Минске откроется саммит ОДКБ.", "2024-11-23", "announced"),
        ("Сегодня в Минске состоялся саммит ОДКБ.", "2024-11-23", "held"),
        # no publication date: only the words decide, and nothing said means announced
        ("С 1 января председательство переходит к Казахстану.", None, "announced"),
    ],
)
def test_a_report_says_what_happened(sentence: str, published: str | None, status: str) -> None:
    first, last = span("2024-11-23")
    assert report_status(sentence, first, last, published)[0] == status


def test_only_dated_events_of_calendar_types_make_reports() -> None:
    found = reports(
        [
            event("Саммит ОДКБ пройдет в Минске 23 ноября."),
            event("Саммит ОДКБ пройдет в Минске.", date=None),  # undated
            event("Землетрясение в Афганистане.", etype="disaster"),  # not planned
            # an agreement is on the calendar only when it is to be signed (or was)
            event("Программа на 2025-2027 годы.", etype="agreement", date="2025"),
            event("Соглашение будет подписано 23 ноября.", etype="agreement"),
        ],
        "2024-02-01",
    )
    assert [(r.type, r.status) for r in found] == [
        ("meeting", "announced"),
        ("agreement", "announced"),
    ]


def test_a_past_event_long_before_the_article_is_history_not_calendar() -> None:
    old = event("Декларация подписана 18 марта 2010 года.", etype="agreement", date="2010-03-18")
    recent = event(
        "Конференция прошла в июне 2025 года.", "conference", "2025-06", precision="month"
    )
    found = reports([old, recent], "2025-10-14")
    assert [(r.type, r.status) for r in found] == [("conference", "held")]


def test_keys_name_who_takes_part_and_who_chairs() -> None:
    chair = event("С 1 января 2024 года председательство в ОДКБ переходит к Казахстану.",
                  "chairmanship", "2024-01-01", chair="Казахстан", organization="ОДКБ",
                  participants=[Participant("Казахстан", "Q232"), Participant("ОДКБ", "org:csto")],
                  place=None)  # fmt: skip
    (found,) = reports([chair], "2023-11-23")
    assert found.keys == ("Q232", "chair:казахстан", "org:csto", "одкб")


def test_a_second_announcement_confirms_and_a_report_of_it_held() -> None:
    first, again, held = (
        report("announced", "2024-02-01"),
        report("announced", "2024-10-01"),
        report("held", "2024-11-24"),
    )
    assert fold([first]).status == "announced"
    assert fold([again, first]).status == "confirmed"  # publication order, not filing order
    assert fold([held, first, again]).status == "held"
    assert fold([first, report("cancelled", "2024-05-01")]).status == "cancelled"
    # a held event stays held: a late copy of the announcement does not undo it
    assert fold([first, held, report("announced", "2024-12-01")]).status == "held"


def test_a_postponement_moves_the_date() -> None:
    moved = fold(
        [
            report("announced", "2024-02-01"),
            report("postponed", "2024-10-01", date="2024-12-05"),
        ]
    )
    assert (moved.status, moved.date, moved.first_day) == ("postponed", "2024-12-05", "2024-12-05")
    assert effective_status(moved.status, moved.last_day, "2024-12-01") == "postponed"
    assert effective_status(moved.status, moved.last_day, "2024-12-06") == "overdue"


def test_the_finest_date_wins_and_a_month_covers_its_days() -> None:
    entry = fold([report("announced", "2024-02-01", date="2024-11", precision="month"),
                  report("announced", "2024-03-01")])  # fmt: skip
    assert (entry.date, entry.first_day, entry.last_day) == (
        "2024-11-23",
        "2024-11-23",
        "2024-11-23",
    )
    assert span("2024-02") == ("2024-02-01", "2024-02-29")
    assert span("2025", "2027") == ("2025-01-01", "2027-12-31")


def test_overdue_only_when_the_date_passed_unreported() -> None:
    assert effective_status("announced", "2024-11-23", "2024-11-23") == "announced"
    assert effective_status("announced", "2024-11-23", "2024-11-24") == "overdue"
    assert effective_status("confirmed", "2024-11-23", "2025-01-01") == "overdue"
    assert effective_status("held", "2024-11-23", "2025-01-01") == "held"
    assert effective_status("cancelled", "2024-11-23", "2025-01-01") == "cancelled"


def test_matching_needs_kindred_type_near_dates_and_shared_actors() -> None:
    entry = fold([report("announced", "2024-02-01")])
    assert matches(report("held", "2024-11-24", date="2024-11-25"), entry)  # within the slack
    assert matches(report("held", "2024-11-24", type="conference"), entry)  # kindred types
    assert not matches(report("held", "2024-11-24", type="exercise"), entry)
    assert not matches(report("held", "2024-12-24", date="2024-12-01"), entry)
    assert not matches(report("held", "2024-11-24", keys=("org:sco", "астана")), entry)
    # a postponement names its new date: it still matches by who and where
    assert matches(report("postponed", "2024-10-01", date="2025-03-01"), entry)


def test_two_chairs_are_two_chairmanships() -> None:
    kz_keys, kg_keys = ("chair:казахстан", "org:csto", "одкб"), ("chair:кыргызстан", "org:csto")
    kz = fold([report("announced", "2023-11-23", date="2024", type="chairmanship", keys=kz_keys)])
    kg = report("announced", "2024-11-23", date="2024-12-02", type="chairmanship", keys=kg_keys)
    assert not matches(kg, kz)
    near = report("announced", "2024-11-23", date="2024-12-03", type="chairmanship", keys=kz_keys)
    assert same_article(kg, [(1, near)]) is None
    assert same_article(kg, [(1, report("announced", "2024-11-23", date="2024-12-03",
                                        type="chairmanship", keys=kg_keys))]) == 1  # fmt: skip


def entry_row(**kw: Any) -> dict[str, Any]:
    row = {
        "id": 7, "type": "meeting", "name": "Саммит ОДКБ; «Минск, 2024»\\ с длинным названием, "
        "которое не помещается в одну строку календарного файла", "date": "2024-11",
        "date_end": None, "date_precision": "month", "place": "Минск", "status": "announced",
        "first_day": "2024-11-01", "last_day": "2024-11-30",
        "reports": [{"article_id": 3, "published": "2024-02-01", "status": "announced"}],
    }  # fmt: skip
    return {**row, **kw}


def test_ics_lines_are_folded_at_75_octets_with_crlf() -> None:
    text = ical.ics([entry_row()], stamp=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC))
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    raw.decode("utf-8")  # folding never splits a character
    assert "DTSTAMP:20240102T030405Z" in text


def test_ics_parses_back() -> None:
    icalendar = pytest.importorskip("icalendar")
    rows = [
        entry_row(),
        entry_row(id=8, name="Учения «Рубеж»", date="2024-09-16", date_precision="day",
                  first_day="2024-09-16", last_day="2024-09-16", place=None, status="cancelled"),
    ]  # fmt: skip
    cal = icalendar.Calendar.from_ical(ical.ics(rows))
    events = cal.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [rows[0]["name"], "Учения «Рубеж»"]
    month, day = events
    assert (month.decoded("DTSTART").isoformat(), month.decoded("DTEND").isoformat()) == (
        "2024-11-01",
        "2024-12-01",  # exclusive: the whole of November
    )
    assert str(month["LOCATION"]) == "Минск" and str(month["STATUS"]) == "TENTATIVE"
    assert str(day["STATUS"]) == "CANCELLED" and "LOCATION" not in day
    assert "#3 2024-02-01 (announced)" in str(month["DESCRIPTION"])


@pytest.mark.parametrize(
    ("text", "published", "found"),
    [
        ("Закон вступит в силу с 1 января 2024 года.", "2023-10-19", [("deadline", "2024-01-01")]),
        (
            "The new rules take effect on January 1, 2024.",
            "2023-10-19",
            [("deadline", "2024-01-01")],
        ),
        ("Срок исполнения - 1 ноября.", "2023-10-09", [("deadline", "2023-11-01")]),
        (
            "Выборы президента запланированы на март 2024 года.",
            "2023-11-30",
            [("election", "2024-03")],
        ),
        ("Судебное заседание назначено на 2 ноября.", "2023-10-30", [("meeting", "2023-11-02")]),
        # a past rule whose month reads as the coming one, a date already gone, no date
        ("Санкции вступили в силу с 5 декабря.", "2023-10-12", []),
        ("Закон вступил в силу 1 сентября 2023 года.", "2023-12-04", []),
        ("Закон вступит в силу в ближайшее время.", "2023-10-19", []),
        # a plan's horizon is no deadline; the end of a term is one
        ("Премьеры должны будут подписать план взаимодействия до 2030 года.", "2023-10-18", []),
        ("Меры поддержки продлятся до конца 2024 года.", "2023-11-29", [("deadline", "2024")]),
        # a scheduled day with no year, months before publication, is next year's
        ("Его отчет назначен на 17 апреля.", "2023-10-18", [("meeting", "2024-04-17")]),
        # the speaker's past tense is not the vote's
        ("Спикер заявил, что в четверг, 5 апреля, парламент вынесет на голосование постановление.",
         "2018-04-03", [("election", "2018-04-05")]),
        # a term that runs out
        ('Действие национального проекта "Международная кооперация и экспорт" закончится в 2024'
         " году.", "2023-10-10", [("deadline", "2024")]),
        # "до вступления в силу" names no day on which it takes effect
        ("Протокол дает отсрочку по процентам с 1 марта до вступления документа в силу.",
         "2023-10-17", []),
    ],
)  # fmt: skip
def test_deadlines_votes_and_hearings_are_read_from_sentences(
    text: str, published: str, found: list[tuple[str, str]]
) -> None:
    article = Article("t", text, published=published)
    assert [(r.type, r.date) for r in sentence_reports(article)] == found


def test_a_sentence_with_a_typed_event_is_not_read_twice() -> None:
    text = "Соглашение будет подписано 23 ноября и вступит в силу с 1 января 2024 года."
    article = Article("t", text, published="2024-02-01",
                      events=[event(text, etype="agreement", date="2024-11-23")])  # fmt: skip
    assert [r.type for r in article_reports(article)] == ["agreement"]


def test_an_agreement_signed_already_is_not_announced_by_a_later_date() -> None:
    signed = "Компания заключила с Россией соглашение, первая партия ожидается в декабре."
    to_sign = "Компания заключит с Россией соглашение в декабре."
    for text, found in ((signed, []), (to_sign, [("agreement", "announced")])):
        article = Article("t", text, published="2023-10-19",
                          events=[event(text, etype="agreement", date="2023-12")])  # fmt: skip
        assert [(r.type, r.status) for r in article_reports(article)] == found


def test_status_words_count_near_the_event_and_the_nearest_tense_decides() -> None:
    first, last = span("2023-10-16")
    far = (
        "Встреча прошла в понедельник, а через месяц после нее стороны обсудили возможную"
        " отмену санкций."
    )
    assert report_status(far, first, last, "2023-10-16", anchor=0)[0] == "held"
    both = "Путин в понедельник проведет встречу с министром, заявил Песков."
    assert report_status(both, first, last, "2023-10-16", anchor=both.index("встречу"))[0] == (
        "announced"
    )
    spoke = "Мы будем продолжать, сказал Путин на пленарном заседании форума в понедельник."
    assert report_status(spoke, first, last, "2023-10-16", spoke.index("заседании"))[0] == "held"


@pytest.mark.parametrize(
    ("text", "published", "dates"),
    [
        # a weekday and its date side by side: the date ("во вторник" alone read as last week's)
        ("Форум стартует во вторник, 17 октября, в Пекине.", "2023-10-16T23:48",
         [("2023-10-17", None)]),
        # a yearless day before publication, beside a future verb: next year's
        ("Следующая встреча глав делегаций состоится 1 июня в Вене.", "2023-11-30T21:17",
         [("2024-06-01", None)]),
        # "с 16 по 18 ноября" is a range from the 16th
        ("Форум пройдет с 16 по 18 ноября.", "2023-11-10T12:35",
         [("2023-11-16", "2023-11-18")]),
        # a future verb's date farther from the name than the events stage looks
        ("Научная конференция, посвященная профессиональному образованию и истории"
         " благотворительности в империи, пройдет в среду в консерватории.", "2023-10-30T10:00",
         [("2023-11-01", None)]),
        # nor is a future verb's "до конца 2023 года" beside the forum where it was said
        ("Первая линия будет запущена до конца 2023 года, сообщил вице-премьер в ходе"
         " выступления на энергетическом бизнес-форуме.", "2023-10-19T14:00", []),
        # "до 2035 года" is a strategy's term, not the day of the forum
        ("Выступая на форуме, министр сказал, что стратегия развития рассчитана до 2035 года.",
         "2023-10-11T13:00", []),
    ],
)  # fmt: skip
def test_each_sentence_is_dated_as_a_calendar_needs(
    text: str, published: str, dates: list[tuple[str, str | None]]
) -> None:
    found = [
        r for r in article_reports(Article("t", text, published=published)) if not r.joins_only
    ]
    assert [(r.date, r.date_end) for r in found] == dates
    assert all(r.status == "announced" for r in found)


def test_the_tense_word_beside_a_weekday_reads_it() -> None:
    # "выступая" dates the Tuesday, though "заявил" is nearer the session's name and "будет"
    # is in the sentence: the last Tuesday, a report that the session was held.
    text = (
        "Президент, выступая во вторник на 73-й сессии Генассамблеи ООН, заявил, что страна будет"
        " зависимой от поставок."
    )
    found = article_reports(Article("t", text, published="2018-09-28"))
    assert [(r.date, r.status) for r in found if not r.joins_only] == [("2018-09-25", "held")]


def test_a_past_mention_without_a_date_is_an_undated_follow_up() -> None:
    text = "Министр сообщила об итогах года на встрече с президентом."
    (report,) = article_reports(Article("t", text, published="2023-10-09T15:59"))
    assert (report.status, report.date, report.joins_only) == ("held", "2023-10-09", True)
    assert report.rule == "undated_said_at"
    # a future one says nothing happened
    text = "Министр расскажет об итогах года на встрече с президентом."
    assert article_reports(Article("t", text, published="2023-10-09T15:59")) == []
