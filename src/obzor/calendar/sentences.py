"""Calendar reports that no typed event carries: deadlines, votes and court hearings.

`sentence_reports(article, taken)` is pure: a sentence that has a kinds.yaml word and a date
expression after the article's publication day (nlp/dates.py) makes a report of that kind,
dated with the first such date; sentences that already gave a report (taken) are skipped.
Who is named in the sentence (its mentions: KB ids, else names) are the report's keys.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from obzor.calendar.reports import Report, keyed, nearest_tense, report_status, span, until
from obzor.model import Article
from obzor.nlp.dates import DateRef, find_dates
from obzor.nlp.openings import ahead
from obzor.nlp.sentsplit import sentences
from obzor.nlp.tense import SPEECH, long_past, next_year
from obzor.yamldata import load_yaml

# "до конца 2024 года", "until the end of 2024": the end of a term, a deadline.
_TERM_END = re.compile(r"(?:конца|середины|end\s+of)\b", re.IGNORECASE)
# A name is the sentence's opening words: enough to tell "закон вступит в силу" from another.
NAME_WORDS = 12


@lru_cache(maxsize=1)
def _kinds() -> list[tuple[str, str, re.Pattern[str]]]:
    text = resources.files("obzor.calendar").joinpath("kinds.yaml").read_text(encoding="utf-8")
    return [
        (kind, rule["id"], ahead(re.compile(rule["regex"], re.IGNORECASE)))
        for kind, rules in load_yaml(text).items()
        for rule in rules
    ]


def kind_of(sentence: str) -> tuple[str, str] | None:
    """(type, rule id) of the first kinds.yaml rule the sentence matches, or None."""
    for kind, rule_id, pattern in _kinds():
        if pattern.search(sentence):
            return kind, rule_id
    return None


def horizon(ref: DateRef, text: str) -> bool:
    """Whether a date is a plan's horizon, not a deadline: a bare year after "до" ("план
    взаимодействия до 2030 года"); "до конца 2024 года" ends a term on a day."""
    if ref.precision != "year" or not until(ref, text):
        return False
    return _TERM_END.search(f"{text[max(0, ref.start - 24) : ref.start]} {ref.text}") is None


def scheduled(ref: DateRef, text: str, day: str) -> DateRef:
    """A day or month with no year, more than tense.SLACK_DAYS before the publication day, is next
    year's when the tense word nearest it is not past: a kinds.yaml sentence schedules ("отчет
    назначен на 17 апреля" in October), as redate reads a typed event beside a future verb."""
    if (
        not ref.date
        or ref.precision not in ("day", "month")
        or re.search(r"\d{4}", ref.text)
        or not long_past(span(ref.date, ref.date_end)[1], day)
    ):
        return ref
    tense = nearest_tense(text, ref.start)
    if tense is not None and tense[0] == "past" and not tense[1].startswith(SPEECH):
        return ref
    return replace(
        ref, date=next_year(ref.date), date_end=next_year(ref.date_end) if ref.date_end else None
    )


def sentence_reports(article: Article, taken: Collection[tuple[int, int]] = ()) -> list[Report]:
    """Reports of deadlines, votes and hearings announced in the article's sentences."""
    day = (article.published or "")[:10]
    if len(day) < 10:
        return []  # "after publication" needs a publication day
    found = []
    for start, end in sentences(article.text):
        if (start, end) in taken:
            continue
        text = article.text[start:end]
        kind = kind_of(text)
        if kind is None:
            continue
        # A date on the publication day counts when a future word says it is still to come.
        dates = [scheduled(d, text, day) for d in find_dates(text, article.published)]
        ahead = [d for d in dates if d.date and d.date[:10] >= day and not horizon(d, text)]
        if not ahead:
            continue
        when = ahead[0]
        assert when.date is not None
        try:
            first, last = span(when.date, when.date_end)
        except ValueError:
            continue
        tense = nearest_tense(text, when.start)
        if tense is not None and tense[0] == "past" and not tense[1].startswith(SPEECH):
            continue  # "вступили в силу с 5 декабря": a past rule, its month misread as ahead
        status, rule = report_status(text, first, last, article.published, when.start)
        if status == "held":
            continue
        mentions = [m for m in article.entities if start <= m.start and m.end <= end]
        found.append(
            Report(
                kind[0],
                " ".join(text.split()[:NAME_WORDS]),
                when.date,
                when.date_end,
                when.precision,
                None,
                keyed((m.id, m.name) for m in mentions),
                status,
                kind[1] if rule == "date" else rule,
                article.published,
                text,
                start,
                end,
            )
        )
    return found
