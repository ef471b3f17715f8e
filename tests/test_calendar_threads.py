"""Linking follow-ups to their entry: a forum's sessions, the lead's actors, court rulings, and a
postponed entry (calendar/entries.py, calendar/threads.py). Unit examples, not a measurement."""

from __future__ import annotations

from typing import Any

from obzor.calendar.entries import fold, is_part, matches
from obzor.calendar.reports import Report
from obzor.calendar.threads import RULING, lead_keys, rulings, with_thread
from obzor.model import Article, Mention


def report(status: str, published: str, date: str = "2023-10-19", **kw: Any) -> Report:
    return Report(
        kw.get("type", "conference"), kw.get("name", "форум"), date, None,
        kw.get("precision", "day"), None, kw.get("keys", ("title:сделано в россии",)), status,
        kw.get("rule", "test"), published, "...", 0, 3, joins_only=kw.get("joins_only", False),
    )  # fmt: skip


def test_a_session_of_a_forum_is_its_own_event() -> None:
    forum = fold([report("announced", "2023-10-10")])
    session_keys = ("title:горизонт 2040", "title:сделано в россии")
    session = report("announced", "2023-10-11", name='сессия "Горизонт 2040"', keys=session_keys)
    assert is_part(session.name) and not is_part(forum.name)
    assert not matches(session, forum)  # the forum's title in both says nothing of the panel
    assert not matches(report("held", "2023-10-19"), fold([session]))
    # the same session said again, or reported held where someone spoke at it, is one
    again = report("announced", "2023-10-17", name='сессия "Горизонт 2040"', keys=session_keys)
    assert matches(again, fold([session]))
    spoke = report(
        "held", "2023-10-19", name='сессии "Горизонт 2040"', keys=session_keys,
        rule="undated_said_at", joins_only=True,
    )  # fmt: skip
    assert matches(spoke, fold([session]))
    # another panel of the same forum is another event
    other_keys = ("title:новая сила регионов", "title:сделано в россии")
    other = report("announced", "2023-10-12", name='сессия "Новая сила регионов"', keys=other_keys)
    assert not matches(other, fold([session]))


def test_a_later_announcement_of_another_date_is_not_the_postponed_event() -> None:
    keys = ("евгения беркович", "светлана петрийчук")
    moved = fold([report("postponed", "2023-10-23", date="2023-10-25", type="meeting", keys=keys)])
    later = report("announced", "2023-10-30", date="2023-11-02", type="meeting", keys=keys)
    assert not matches(later, moved)  # a hearing of 2 November is not the one moved to 25 October
    # an article written before the move, added late, may still give the old date
    stale = report("announced", "2023-10-20", date="2023-10-21", type="meeting", keys=keys)
    assert matches(stale, moved)


LEAD = (
    "МОСКВА, 30 окт - РИА Новости. Суд 2 ноября рассмотрит ходатайство о продлении ареста "
    "Евгении Беркович и Светлане Петрийчук. "
)


def mentions(text: str, *names: tuple[str, str, str]) -> list[Mention]:
    found = []
    for said, kind, name in names:
        start = text.index(said)
        found.append(Mention(said, kind, start, start + len(said), name))
    return found


def people(text: str) -> list[Mention]:
    return mentions(
        text,
        ("Евгении Беркович", "PER", "Евгения Беркович"),
        ("Светлане Петрийчук", "PER", "Светлана Петрийчук"),
    )


def test_a_sentence_that_names_nobody_is_about_its_leads_actors() -> None:
    text = LEAD + '"Судебное заседание назначено на 2 ноября, 13.00", - рассказал собеседник.'
    article = Article("t", text, published="2023-10-30T15:01", entities=people(text))
    assert lead_keys(article) == ("евгения беркович", "светлана петрийчук")
    nameless = report("announced", "2023-10-30", type="meeting", keys=())
    deadline = report("announced", "2023-10-30", type="deadline", keys=())
    threaded = with_thread([nameless, deadline], article)
    assert threaded[0].keys == ("евгения беркович", "светлана петрийчук")
    assert threaded[1].keys == ()  # a law's deadline is not about whom the lead names
    assert with_thread([nameless], Article("t", "Заседание назначено на 2 ноября.")) == [nameless]


def test_a_courts_ruling_reports_its_hearing_held() -> None:
    text = LEAD + "Суд в начале ноября продлил им срок содержания под стражей до 10 января."
    article = Article("t", text, published="2023-11-13T18:25", entities=people(text))
    (ruling,) = rulings(article)
    assert (ruling.status, ruling.rule, ruling.joins_only) == ("held", RULING, True)
    assert ruling.keys == ("евгения беркович", "светлана петрийчук")  # the lead's: it names none
    assert ruling.date == "2023-11"  # its own date, not the term's end "до 10 января"
    hearing = fold(
        [report("announced", "2023-10-30", date="2023-11-02", type="meeting",
                name="Судебное заседание", keys=ruling.keys)]
    )  # fmt: skip
    assert matches(ruling, hearing)
    # a ruling says nothing of a meeting that is not a court's, nor of a hearing of September
    talks = fold(
        [report("announced", "2023-10-30", date="2023-11-02", type="meeting",
                name="переговоры", keys=ruling.keys)]
    )  # fmt: skip
    assert not matches(ruling, talks)
    text = LEAD + "Суд в начале сентября продлил им срок ареста до 4 ноября."
    (september,) = rulings(Article("t", text, published="2023-10-30", entities=people(text)))
    assert not matches(september, hearing)
    # an undated ruling joins a hearing of the last weeks
    text = LEAD + "Суд продлил им срок ареста."
    (undated,) = rulings(Article("t", text, published="2023-11-20", entities=people(text)))
    assert undated.date == "2023-11-20" and matches(undated, hearing)
    # no ruling in a sentence that only schedules one
    assert rulings(Article("t", LEAD, published="2023-10-30", entities=people(LEAD))) == []


def test_a_postponement_is_dated_by_its_new_day_never_a_past_one() -> None:
    from obzor.calendar.reports import article_reports

    moved = "Саммит ОДКБ в Минске перенесли на 20 октября."
    (report,) = article_reports(Article("t", moved, published="2023-10-17T11:41"))
    assert (report.status, report.date) == ("postponed", "2023-10-20")
    # "отложат церемонию ... на фоне атаки 7 октября": the date is the attack's
    past = "Организаторы заявили, что отложат саммит на фоне атаки на Израиль 7 октября."
    assert [
        r for r in article_reports(Article("t", past, published="2023-10-17T11:41"))
        if r.status == "postponed"
    ] == []  # fmt: skip
