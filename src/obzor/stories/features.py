"""What grouping compares: an Item per article (lemma counts, names, numbers, a MinHash)."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import pairwise
from typing import Any

from obzor.model import Article
from obzor.nlp import morph
from obzor.stories.dedup import minhash
from obzor.stories.english import is_english
from obzor.stories.figures import Figure, find_figures
from obzor.stories.headline import Act, act, subject
from obzor.stories.meaning import Vector, mean_vector
from obzor.stories.rules import rules

# The lead (first 80 content lemmas, about two sentences) carries the who/what/where of a report.
LEAD_TOKENS = 80
# Names and figures are read from the title and the start of the body, where a report states
# its event; further down come background and history shared by unrelated reports.
HEAD_CHARS = 1500
# Event frames are read from the headline and about two sentences.
FRAME_CHARS = 400
# The setting ("на заседании правительства") is named in the first paragraphs.
SETTING_CHARS = 1000
# Calendar dates are read from the title and about the first paragraph: further down come the
# dates of earlier happenings a report recalls. Leave-one-topic-out F1 on the BSNLP pairs is
# flat from 500 to 1,000 characters (0.767-0.775) and lower at 1,500 in a first trial.
DATE_CHARS = 700
# Only the most frequent body lemmas are kept per article: bounds memory and the stored JSON.
MAX_TERMS = 300
_DIGITS = re.compile(r"\d+")
_CAPITALIZED = re.compile(r"(?<![\w-])[^\W\d_a-zа-яё]\w*(?:[-'’]\w+)*")
_SENTENCE_END = (".", "!", "?", "»", '"')
_QUOTES = frozenset('"»”')  # a word right before one ends a quoted name: «Сделано в России»
_QUOTED = re.compile(r"«[^»]*»|\"[^\"]*\"|“[^”]*”")
# "4 мая", "15 ноября", "5 May" (day, word) or "May 5" (word, day)
_DATE = re.compile(r"(?<![\d.,])(\d{1,2})\s+([^\W\d_]+)|\b([A-Z][a-z]+)\.?\s+(\d{1,2})(?![\d.,])")


@dataclass(slots=True)
class Item:
    """One article as grouping sees it; vectors are filled by DocFreq.vectorize."""

    id: int
    day: int | None
    # hours since 0001-01-01 with the minutes as its fraction (UTC when the zone is known), so
    # 07:05 and 08:52 are 1.78 h apart, not one clock hour; None: no time
    hour: float | None = None
    title: str = ""
    language: str | None = None
    outlet: str | None = None
    credits: tuple[str, ...] = ()
    body: Counter[str] = field(default_factory=Counter)
    lead: Counter[str] = field(default_factory=Counter)  # the first LEAD_TOKENS content lemmas
    head: Counter[str] = field(default_factory=Counter)  # title lemmas
    names: frozenset[str] = frozenset()
    numbers: frozenset[str] = frozenset()
    kb_ids: frozenset[str] = frozenset()
    frames: frozenset[str] = frozenset()  # "event@place", e.g. "session@минск"
    # where it was said: a setting noun and the word after it ("заседание_правительство")
    settings: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()  # calendar dates in the head, "5-4" (month-day)
    figures: tuple[Figure, ...] = ()  # headline figures (stories.figures), for reconciliation
    signature: tuple[int, ...] = ()
    shingles: int = 0
    vectors: tuple[dict[str, float], ...] = ()
    meanings: tuple[Vector | None, Vector | None] = (None, None)  # navec: lead+title, title
    keys: tuple[str, ...] = ()  # what the candidate index holds for this item (set by Grouper)
    # the headline's actor ("песков"), the decision it reports and the names in the title: read
    # from the title when a pair first compares them, so features stored before they existed
    # give them too and reading stored items (a brief, a story) needs no analyzer
    _headline: tuple[str | None, Act | None, frozenset[str]] | None = field(
        init=False, default=None, repr=False, compare=False
    )

    @property
    def actor(self) -> str | None:
        """The actor the headline names (stories/headline.py subject), None if none."""
        return self._read_headline()[0]

    @property
    def act(self) -> Act | None:
        """The decision the headline reports (stories/headline.py act), None if none."""
        return self._read_headline()[1]

    @property
    def title_names(self) -> frozenset[str]:
        """Names in the title (names_in)."""
        return self._read_headline()[2]

    def _read_headline(self) -> tuple[str | None, Act | None, frozenset[str]]:
        if self._headline is None:
            actor = subject(self.title) if self.title else None
            names = names_in(self.title) if self.title else frozenset()
            self._headline = (actor, act(self.title, actor), names)
        return self._headline

    def terms(self) -> set[str]:
        """The lemmas document frequencies count: body and title, once each."""
        return set(self.body) | set(self.head)

    def to_json(self) -> dict[str, Any]:
        """The stored form (no vectors: they are recomputed with the current frequencies)."""
        return {
            "day": self.day,
            "hour": None if self.hour is None else round(self.hour, 4),
            "title": self.title,
            "language": self.language,
            "outlet": self.outlet,
            "credits": list(self.credits),
            "body": dict(self.body),
            "lead": dict(self.lead),
            "head": dict(self.head),
            "names": sorted(self.names),
            "numbers": sorted(self.numbers),
            "kb_ids": sorted(self.kb_ids),
            "frames": sorted(self.frames),
            "settings": sorted(self.settings),
            "dates": sorted(self.dates),
            "figures": [[f.what, f.value, f.text] for f in self.figures],
            "signature": list(self.signature),
            "shingles": self.shingles,
        }

    @classmethod
    def from_json(cls, item_id: int, data: dict[str, Any]) -> Item:
        """Rebuild an Item stored by to_json()."""
        return cls(
            id=item_id,
            day=data.get("day"),
            hour=_stored_hour(data.get("hour")),
            title=data.get("title") or "",
            language=data.get("language"),
            outlet=data.get("outlet"),
            credits=tuple(data.get("credits", ())),
            body=Counter(data.get("body", {})),
            lead=Counter(data.get("lead", {})),
            head=Counter(data.get("head", {})),
            names=frozenset(data.get("names", ())),
            numbers=frozenset(data.get("numbers", ())),
            kb_ids=frozenset(data.get("kb_ids", ())),
            frames=frozenset(data.get("frames", ())),
            settings=frozenset(data.get("settings", ())),
            dates=frozenset(data.get("dates", ())),  # none stored before pair-logreg-v6
            figures=tuple(Figure(str(w), float(v), str(t)) for w, v, t in data.get("figures", ())),
            signature=tuple(data.get("signature", ())),
            shingles=int(data.get("shingles", 0)),
        )


def day_number(published: str | None) -> int | None:
    """The day ordinal of a YYYY-MM-DD[...] date, or None when absent or malformed."""
    # nlp.dates.parse_published reads the same day, but importing it loads the clean package
    # (trafilatura) into every process that opens a store.
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _stored_hour(value: Any) -> float | None:
    """A stored publication moment: bases before pair-model v5 kept whole clock hours (an int,
    read as the start of that hour: at most 59 minutes early), later ones the fraction too."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def hour_number(published: str | None) -> float | None:
    """Hours since 0001-01-01 of an ISO date-time (UTC if it has a zone), minutes as the
    fraction ("...T08:52" is 52/60 past the hour); None without a time."""
    if not published or len(published) <= 10:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.toordinal() * 24 + moment.hour + moment.minute / 60


def content(lemmas: list[str]) -> list[str]:
    """Lemmas that can name an event: no stop words, numbers or one- and two-letter words."""
    stop = rules().stopwords
    return [w for w in lemmas if len(w) > 2 and w not in stop and not w.isdigit()]


def names_in(text: str) -> frozenset[str]:
    """Lemmas of capitalized words that do not open a sentence: names, places, organizations."""
    found = set()
    for m in _CAPITALIZED.finditer(text):
        before = text[max(0, m.start() - 8) : m.start()]  # a sentence end is a few chars back
        stripped = before.rstrip()
        if m.start() and stripped and "\n" not in before and not stripped.endswith(_SENTENCE_END):
            found.add(morph.key(m.group()))  # a surname's own key: Песков is not песок
    return frozenset(found)


def frames_in(text: str) -> frozenset[str]:
    """Event frames of a lead: each event word (rules.yaml) paired with each named place (a
    capitalized word after "в"/"на" that can be a geographic name, outside quotation marks
    and not closing one (quotes nest with one character: "форума "Сделано в России" ..."):
    "на форуме «Сделано в России»" names a forum, not a place, and "на Международном форуме"
    names no place at all)."""
    r = rules()
    quoted = _quoted_spans(text)
    words = [
        (
            m.group(),
            morph.lemma(m.group()),
            any(a <= m.start() < b for a, b in quoted) or text[m.end() : m.end() + 1] in _QUOTES,
        )
        for m in morph.tokens(text)
    ]
    events = {r.event_words[lemma] for _, lemma, _ in words if lemma in r.event_words}
    places = {
        lemma
        for (before, _, _), (word, lemma, inside) in pairwise(words)
        if before.lower() in r.place_prepositions
        and word[:1].isupper()
        and not inside
        and _place(word)
    }
    return frozenset(f"{e}@{p}" for e in events for p in places)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the quoted stretches of a text («...», "...", “...”)."""
    return [m.span() for m in _QUOTED.finditer(text)]


def _place(word: str) -> bool:
    """Can the word be a geographic name (pymorphy3's Geox reading; an unknown Latin or
    capitalized word that pymorphy3 only guesses counts too, as a foreign place would)?"""
    parses = morph.parses(word.lower())
    if any("Geox" in p.tag for p in parses):
        return True
    return not any(p.is_known for p in parses)


def settings_in(text: str) -> frozenset[str]:
    """Where the report says it was said: each setting noun (rules.yaml, "заседание",
    "брифинг", "конгресс") joined to the content lemma after it ("конгресс_молодой")."""
    nouns = rules().setting_nouns
    lemmas = [morph.lemma(m.group()) for m in morph.tokens(text)]
    found = set()
    for n, lemma in enumerate(lemmas):
        if lemma in nouns:
            after = [w for w in lemmas[n + 1 : n + 3] if len(w) > 2]
            if after:
                found.add(f"{lemma}_{after[0]}")
    return frozenset(found)


def dates_in(text: str) -> frozenset[str]:
    """Calendar dates a text names, as "month-day" ("4 мая" -> "5-4"); a day must be 1-31 and
    the word a month (rules.yaml months); years and abbreviations ("16 окт") are not read."""
    found = set()
    for m in _DATE.finditer(text):
        day, word = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        month = _month(word.lower())
        if month and 1 <= int(day) <= 31:
            found.add(f"{month}-{int(day)}")
    return frozenset(found)


def _month(word: str) -> int | None:
    """The month (1-12) a word names by rules.yaml months, None if it names none."""
    for number, stems in enumerate(rules().months, start=1):
        for stem in stems:
            if word == stem[:-1] if stem.endswith("=") else word.startswith(stem):
                return number
    return None


def item_from_tokens(
    item_id: int, title_lemmas: list[str], body_lemmas: list[str], head_text: str, **meta: Any
) -> Item:
    """An Item from lemma lists and the raw head text (title + start of the body)."""
    body = content(body_lemmas)
    head = Counter(content(title_lemmas))
    counts = Counter(body)
    if len(counts) > MAX_TERMS:
        counts = Counter(dict(counts.most_common(MAX_TERMS)))
    signature, shingles = minhash(title_lemmas + body_lemmas)
    return Item(
        id=item_id,
        body=counts,
        lead=Counter(body[:LEAD_TOKENS]),
        head=head,
        names=names_in(head_text),
        numbers=frozenset(_DIGITS.findall(head_text)),
        frames=frames_in(head_text[:FRAME_CHARS]),
        settings=settings_in(head_text[:SETTING_CHARS]),
        dates=dates_in(head_text[:DATE_CHARS]),
        figures=tuple(find_figures(head_text)),
        signature=signature,
        shingles=shingles,
        **meta,
    )


def item_from_text(
    item_id: int, title: str, text: str, published: str | None, outlet: str | None = None
) -> Item:
    """The Item of a bare (title, text, ISO publication time) triple, as the evaluations read
    labelled pairs and days: lemmas and names from the text, no entities; the outlet when
    the corpus has one (RIA Novosti); language "en" for a text in Latin letters (the English
    decision, stories/english.py), else unknown."""
    return item_from_tokens(
        item_id,
        morph.lemmatize(title).split(),
        morph.lemmatize(text).split(),
        f"{title}. {text[:HEAD_CHARS]}",
        day=day_number(published),
        hour=hour_number(published),
        title=title,
        language="en" if is_english(f"{title} {text[:HEAD_CHARS]}") else None,
        outlet=outlet,
    )


def item_from_article(item_id: int, article: Article) -> Item:
    """The Item of an analyzed article (uses its lemmas, entities' KB ids and metadata)."""
    title = article.title or ""
    body_lemmas = (article.lemmas or morph.lemmatize(article.text)).split()
    title_lemmas = morph.lemmatize(title).split()
    return item_from_tokens(
        item_id,
        title_lemmas,
        body_lemmas,
        f"{title}. {article.text[:HEAD_CHARS]}",
        day=day_number(article.published),
        hour=hour_number(article.published),
        title=title,
        language=article.language,
        outlet=article.outlet,
        credits=tuple(article.credited_sources),
        kb_ids=frozenset(m.id for m in article.entities if m.id),
    )


class DocFreq:
    """Document frequencies of lemmas, updated as articles arrive; gives TF-IDF vectors."""

    def __init__(self, counts: dict[str, int] | None = None, docs: int = 0) -> None:
        self.counts: dict[str, int] = dict(counts or {})
        self.docs = docs

    def add(self, item: Item) -> None:
        """Count the item's lemmas once each."""
        for term in item.terms():
            self.counts[term] = self.counts.get(term, 0) + 1
        self.docs += 1

    def vector(self, counts: Counter[str], head: Counter[str]) -> dict[str, float]:
        """L2-normalized sublinear TF-IDF of counts plus the title lemmas counted twice; idf is
        log((N + 1) / (df + 1)) + 1."""
        tf = Counter(counts)
        for term, n in head.items():
            tf[term] += 2 * n
        docs, df, log = self.docs + 1, self.counts.get, math.log  # inlined idf: hot loop
        weights = {t: (1.0 + log(n)) * (log(docs / (df(t, 0) + 1)) + 1.0) for t, n in tf.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    def vectorize(self, item: Item) -> Item:
        """Fill item.vectors: (body+title, title alone, lead), what pair.pair_features compares,
        and item.meanings (navec means of lead + title and of the title; once per item)."""
        empty: Counter[str] = Counter()
        item.vectors = (
            self.vector(item.body, item.head),
            self.vector(empty, item.head),
            self.vector(item.lead, empty),
        )
        if item.meanings[0] is None and item.meanings[1] is None:
            item.meanings = (mean_vector(set(item.lead) | set(item.head)), mean_vector(item.head))
        return item
