"""Tense: the words that say a clause speaks of the future or the past (tense.yaml), and the
one rule by which they move a date written without a year.

The date finder (nlp/dates.py) reads a clause's tense to pick a yearless date's year; the
calendar (calendar/reports.py, calendar/sentences.py) reads the tense word nearest an event to
say whether it is announced or was held, and moves a yearless date it reads as next year's.
Both read the same words and the same slack here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from obzor.nlp.openings import ahead
from obzor.yamldata import load_yaml

FUTURE, PAST = "future", "past"
# A verb moves a yearless date to the side of publication it speaks of only when the date lies
# more than this many days on the other side: a verb beside a date a few days off belongs to
# another phrase ("открывшаяся 10 ноября выставка будет работать до конца месяца"), and a
# month is taken at its middle, so a month ago must not count as "a year from now".
SLACK_DAYS = 31
SLACK = timedelta(days=SLACK_DAYS)
# The clause around a date is looked for this many characters either side of it.
WINDOW = 80
# Speech verbs' rule ids start so: "заявил" is the speaker's past, not the past of what he said.
SPEECH = "spoke_"
_CLAUSE_END = re.compile(r"[.!?;\n]")


@dataclass(frozen=True, slots=True)
class TenseWord:
    """A tense word in a text: its kind (FUTURE or PAST), its tense.yaml rule id, its span."""

    kind: str
    rule: str
    start: int
    end: int

    @property
    def speech(self) -> bool:
        """Whether the word is a speech verb ("заявил", "said")."""
        return self.rule.startswith(SPEECH)


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(kind, rule id, pattern) of every tense.yaml rule, future first."""
    text = resources.files("obzor.nlp").joinpath("tense.yaml").read_text(encoding="utf-8")
    data = load_yaml(text)
    return tuple(
        (kind, rule["id"], ahead(re.compile(rule["regex"], re.IGNORECASE)))
        for kind in (FUTURE, PAST)
        for rule in data[kind]
    )


def words(text: str, lo: int = 0, hi: int | None = None) -> list[TenseWord]:
    """Every tense word in text[lo:hi], in order; of two that overlap ("to be held", "held")
    the longer is kept."""
    hi = len(text) if hi is None else hi
    found = [
        TenseWord(kind, rule_id, m.start(), m.end())
        for kind, rule_id, pattern in rules()
        for m in pattern.finditer(text, lo, hi)
    ]
    found.sort(key=lambda w: (w.start, w.start - w.end))
    kept: list[TenseWord] = []
    for word in found:
        if kept and word.start < kept[-1].end:
            if word.end - word.start <= kept[-1].end - kept[-1].start:
                continue
            kept.pop()
        kept.append(word)
    return kept


def nearest(text: str, anchor: int | None) -> TenseWord | None:
    """The tense word nearest anchor (by its start; the first one when anchor is None)."""
    best: TenseWord | None = None
    for word in words(text):
        if anchor is None:
            return word
        if best is None or abs(word.start - anchor) < abs(best.start - anchor):
            best = word
    return best


def clause(text: str, start: int, end: int, window: int = WINDOW) -> int:
    """+1 when the clause around text[start:end] (up to the nearest . ! ? ; or line break,
    at most window characters either side) speaks of the future, -1 of the past, 0 when it
    says both or neither. Speech verbs do not count."""
    if not text:
        return 0
    lo, hi = _clause_bounds(text, start, end, window)
    kinds = {w.kind for w in words(text, lo, hi) if not w.speech}
    return 0 if len(kinds) != 1 else (1 if FUTURE in kinds else -1)


def future_near(text: str, start: int, end: int, window: int = WINDOW) -> bool:
    """Whether the tense word nearest text[start:end] in its clause (at most window characters
    either side) is a future one. A speech verb splits the clause: a tense word on the far
    side of one is in the reported words or in their attribution, not beside the date
    ("выступая во вторник, заявил, что Германия будет" is last Tuesday; "Переговоры пройдут в
    пятницу, сообщил Песков" is the coming Friday); speech verbs themselves do not count."""
    lo, hi = _clause_bounds(text, start, end, window)
    found = words(text, lo, hi)
    speech = [w.start for w in found if w.speech]
    near = [
        (max(0, w.start - end, start - w.end), w)
        for w in found
        if not w.speech and not any(min(w.start, start) < s < max(w.start, start) for s in speech)
    ]
    return bool(near) and min(near, key=lambda x: x[0])[1].kind == FUTURE


def _clause_bounds(text: str, start: int, end: int, window: int) -> tuple[int, int]:
    """The clause around text[start:end]: up to the nearest . ! ? ; or line break, at most
    window characters either side."""
    lo = max(0, start - window)
    ends = list(_CLAUSE_END.finditer(text, lo, start))
    lo = ends[-1].end() if ends else lo
    after = _CLAUSE_END.search(text, end, end + window)
    return lo, after.start() if after else min(len(text), end + window)


def moved_year(year: int, month: int, day: int, published: date, tense: int) -> int:
    """The year of a yearless day read as `year`, moved one year to the side the tense says
    (+1 future, -1 past) when the day lies more than SLACK_DAYS on the other side of
    publication; an impossible day ("30 февраля") keeps its year."""
    try:
        gap = (date(year, month, day) - published).days
    except ValueError:
        return year
    if tense > 0 and gap < -SLACK_DAYS:
        return year + 1
    if tense < 0 and gap > SLACK_DAYS:
        return year - 1
    return year


def next_year(value: str) -> str:
    """The same ISO day or month a year later (29 February: the 28th)."""
    year, _, rest = value.partition("-")
    if rest == "02-29":
        rest = "02-28"
    return f"{int(year) + 1}-{rest}"


def long_past(last_day: str, published: str) -> bool:
    """Whether an ISO day lies more than SLACK_DAYS before the publication day: a yearless
    date that far back, beside a future word, is next year's (calendar redate and schedule)."""
    return last_day < (date.fromisoformat(published[:10]) - SLACK).isoformat()
