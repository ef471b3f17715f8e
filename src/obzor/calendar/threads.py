"""What ties a report to the story its article tells: the lead's actors, and a court's ruling.

Two kinds of follow-up name their event only through the article they stand in:
- a sentence that names nobody ("Судебное заседание назначено на 2 ноября, 13.00") is about
  whom the article's lead names ("Замоскворецкий суд 2 ноября рассмотрит ходатайство о
  продлении ареста Беркович и Петрийчук"): `with_thread` gives such a report the lead's
  people and organisations as its keys, so that a later article on them can find its entry;
- a court's ruling reported later ("суд в начале ноября продлил девушкам срок содержания под
  стражей") says that its hearing was held, though it names neither the hearing nor its day:
  `rulings` makes it a report that may join a hearing of the same people up to RULING_DAYS
  before the article, or, when the sentence dates the ruling ("в начале сентября"), one on
  that date only (entries._follows).

Pure functions over an analysed Article; the words are in calendar/status.yaml (`ruling`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from obzor.calendar.reports import UNDATED, Report, fired, keyed, until
from obzor.model import Article
from obzor.nlp.sentsplit import sentences

# A ruling is reported within weeks of its hearing ("в начале ноября продлил" on 13 November).
RULING_DAYS = 45
RULING = UNDATED + "ruling"  # the rule of a ruling's report
# The lead: the first sentences of the text, where news names whom the article is about.
LEAD_SENTENCES = 2
_ACTORS = ("PER", "ORG")
# The kinds of report whose nameless sentences are about the lead's actors.
THREADED = ("meeting", "conference", "exercise")


def lead_keys(article: Article) -> tuple[str, ...]:
    """The keys (KB ids, else names) of the people and organisations of the article's lead:
    its first sentence that names any, among the first LEAD_SENTENCES."""
    for start, end in sentences(article.text)[:LEAD_SENTENCES]:
        named = [
            (m.id, m.name)
            for m in article.entities
            if m.type in _ACTORS and start <= m.start and m.end <= end
        ]
        if named:
            return keyed(named)
    return ()


def with_thread(found: Sequence[Report], article: Article) -> list[Report]:
    """The reports, those of gatherings that name nobody given the lead's actors as keys.
    Deadlines keep their own: an article's lead names a law's authors, and every law of one
    Duma taking effect on 1 January would become one event."""
    if all(r.keys or r.type not in THREADED for r in found):
        return list(found)
    lead = lead_keys(article)
    return [
        r if r.keys or r.type not in THREADED or not lead else replace(r, keys=lead) for r in found
    ]


def rulings(article: Article, taken: Collection[tuple[int, int]] = ()) -> list[Report]:
    """Reports that a court hearing was held, from sentences that report a court's ruling in
    the past (status.yaml `ruling`): dated with the article's day, joins_only, their keys the
    sentence's people and organisations, else the lead's."""
    from obzor.nlp.dates import find_dates  # here: listing the calendar (brief) reads no text

    day = (article.published or "")[:10]
    if len(day) < 10:
        return []
    found = []
    lead: tuple[str, ...] | None = None
    for start, end in sentences(article.text):
        if (start, end) in taken:
            continue
        text = article.text[start:end]
        if fired("ruling", text) is None:
            continue
        keys = keyed(
            (m.id, m.name)
            for m in article.entities
            if m.type in _ACTORS and start <= m.start and m.end <= end
        )
        if not keys:
            lead = lead_keys(article) if lead is None else lead
            keys = lead
        if not keys:
            continue
        # "в начале ноября продлил": the ruling's own date, when the sentence gives one (not
        # the term's end, "до 10 января"); else the article's day.
        said = [
            d for d in find_dates(text, article.published)
            if d.date and d.date[:10] <= day and not until(d, text)
        ]  # fmt: skip
        when, end_date, precision = (
            (said[0].date, said[0].date_end, said[0].precision) if said else (day, None, None)
        )
        assert when is not None
        found.append(
            Report(
                "meeting", "судебное заседание", when, end_date, precision, None, keys, "held",
                RULING, article.published, text, start, end, joins_only=True,
            )
        )  # fmt: skip
    return found
