"""Quotes with speakers: direct («», "", “”, dash speech, interview answers) and indirect speech.

`find_quotes(text, mentions)` is pure; `set_quotes(article)` is the pipeline stage. Each Quote
keeps the name of the rule that found it (`rule`), which the record (model.Quote) leaves out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from obzor import model
from obzor.model import Article, Mention
from obzor.nlp.interview import DASH_START, answers, interviewee
from obzor.nlp.openings import ahead
from obzor.nlp.sentsplit import paragraphs, sentences
from obzor.nlp.spans import Overlaps, Span
from obzor.nlp.speakers import People, Speaker, rules

# "представитель департамента миграционной службы МВД": enough words to say who spoke.
SPEAKER_WORDS = 8
_OPEN = {"»": "«", "”": "“", '"': '"'}


@dataclass(slots=True)
class Quote:
    """A quote: text span, direct or not, the rule, and where its speaker is named."""

    text: str
    start: int
    end: int
    direct: bool
    rule: str
    ref: tuple[int, int]  # the span that names the speaker (verb phrase and subject)
    before: bool = False  # the subject precedes the verb: the nearest one to its end wins
    outer: tuple[int, int] = (0, 0)  # quote and attribution together, to drop overlaps
    speaker: Speaker | None = None

    def record(self) -> model.Quote:
        """The Quote an Article holds (without the rule and the working spans)."""
        speaker = self.speaker
        return model.Quote(
            self.text,
            self.start,
            self.end,
            self.direct,
            speaker.name if speaker else None,
            speaker.id if speaker else None,
        )


@dataclass(frozen=True, slots=True)
class _Patterns:
    quoted: re.Pattern[str]
    dashed: re.Pattern[str]
    english: re.Pattern[str]
    according: re.Pattern[str]
    as_said: re.Pattern[str]
    that: re.Pattern[str]
    postposed: re.Pattern[str]
    about_this: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    verb = rules().verbs.pattern
    tail = r"(?P<tail>[^.!?\n]*)"

    def c(regex: str) -> re.Pattern[str]:
        return ahead(re.compile(regex, re.IGNORECASE))

    return _Patterns(
        quoted=c(rf"[,.]?(?P<close>[»\"”])\s*[,!?…]?\s*[–—-]\s*(?P<verb>{verb}){tail}"),
        dashed=c(rf"[,!?…]\s+[–—-]\s*(?P<verb>{verb}){tail}"),
        english=c(
            rf"[,.!?](?P<close>[\"”])\s+(?:(?P<verb>{verb}){tail}"
            rf"|(?P<subj>[^.!?,\"“”\n]{{1,60}}?)\s+(?P<verb2>{verb}))"
        ),
        according=c(
            r"(?:^|,\s*)(?:по\s+(?:(?:его|её|ее)\s+)?(?:словам|мнению|оценке)|according\s+to)"
            r"(?P<tail>[^,]{0,80}),\s*"
        ),
        as_said=c(rf"^(?:как|as)\s+(?P<verb>{verb})(?P<tail>[^,]{{1,80}}),\s*"),
        # "заявил, что", "заявил журналистам в понедельник, что", "said that", "told
        # reporters on Monday that": up to four words (no clause break) between verb and "что".
        that=c(
            rf"(?P<verb>{verb})(?:\s+[^\s,.!?«»\"“”]+){{0,4}}?"
            rf"(?:\s*,\s*что|,?\s+that)\s+"
        ),
        postposed=c(rf",\s*(?P<verb>{verb})(?P<tail>\s+[^,.!?«»\"]{{1,60}}?)[.!?]?$"),
        about_this=c(rf"^об\s+этом\s+(?P<verb>{verb}){tail}"),
    )


def find_quotes(text: str, mentions: list[Mention]) -> list[Quote]:
    """Every quote in text with its speaker resolved (None for a direct quote of nobody named)."""
    found = _direct(text) + _interview(text) + _indirect(text)
    kept: list[Quote] = []
    taken: Overlaps[Span] = Overlaps()
    for quote in sorted(found, key=lambda q: (not q.direct, q.outer[0])):
        if not taken.overlapping(*quote.outer):
            kept.append(quote)
            taken.add(Span(*quote.outer))
    kept.sort(key=lambda q: q.start)
    people = People(text, mentions)
    answerer = interviewee(text, people)
    previous: Speaker | None = None
    author: Speaker | None = None
    for quote in kept:
        if quote.rule == "interview":
            quote.speaker = answerer
        else:
            quote.speaker, written = _resolve(text, quote, people, previous, author)
            if written and quote.speaker:
                author = quote.speaker
        if quote.speaker and quote.speaker.person:  # "он" is a person, not "РИА Новости"
            previous = quote.speaker
    # A direct quote stays when its source is unnamed ("– говорится в сообщении"); indirect
    # speech with nobody named ("Эксперты считают, что ...") is not a quote.
    return [q for q in kept if (q.direct or q.speaker is not None) and q.text.strip()]


def set_quotes(article: Article) -> None:
    """Pipeline stage: fill article.quotes."""
    article.quotes = [q.record() for q in find_quotes(article.text, article.entities)]


def _resolve(
    text: str, q: Quote, people: People, previous: Speaker | None, author: Speaker | None
) -> tuple[Speaker | None, bool]:
    """The speaker named in q.ref, and whether it was a publication ("в статье X")."""
    start, end = q.ref
    if not q.before and "," in text[start:end]:
        end = text.index(",", start, end)  # "– сказал X, отвечая на вопрос Y": X speaks
    span = text[start:end]
    r = rules()
    publication = r.publications.search(span)
    if publication:
        named = people.in_span(start + publication.end(), end)
        return (named, True) if named else (author or previous, False)
    # The linker marks "он" as its guess of a person; a quote chain knows better: the
    # previous speaker ("– добавил он").
    hits: list[tuple[int, str]] = [
        (m.start, "pronoun" if r.pronouns.fullmatch(m.text) else "mention")
        for m in people.starting_in(start, end)
        if m.type == "PER"
    ]
    hits += [(start + m.start(), "role") for role in r.roles for m in role.pattern.finditer(span)]
    hits += [(start + m.start(), "pronoun") for m in r.pronouns.finditer(span)]
    if not hits:
        return people.in_span(start, end, last=q.before), False
    people_hits = [h for h in hits if h[1] == "mention"]
    position, kind = max(hits) if q.before else min(people_hits or hits)
    if kind == "mention":
        return people.in_span(position, end, last=False), False
    if kind == "role":
        named = people.role(position, end)
        if named is None and q.direct:  # an unnamed official: the phrase is the speaker
            phrase = re.split(r",|\s(?:в|на)\s", text[position:end])[0]
            phrase = " ".join(phrase.split()[:SPEAKER_WORDS])
            return Speaker(phrase, None), False
        return named, False
    return previous or people.nearest_before(start), False


def _quote(text: str, start: int, end: int, **kw: object) -> Quote:
    while start < end and text[start] in " \t\n-–—":
        start += 1
    while end > start and text[end - 1] in " \t\n,.":
        end -= 1
    return Quote(text[start:end], start, end, **kw)  # type: ignore[arg-type]


def _opening(text: str, close: int, floor: int) -> int | None:
    """Where the quote that closes at `close` opens, searching back to `floor`."""
    closer = text[close]
    opener = _OPEN[closer]
    if closer != '"':
        depth = 0
        for i in range(close - 1, floor - 1, -1):
            if text[i] == closer:
                depth += 1
            elif text[i] == opener:
                if depth == 0:
                    return i
                depth -= 1
        return None
    nearest = None
    for i in range(close - 1, floor - 1, -1):
        if text[i] in '"“„':
            before = text[floor:i].rstrip()
            if i == floor or not before or before[-1] in ".:!?…":
                return i
            nearest = nearest if nearest is not None else i
    return nearest


def _direct(text: str) -> list[Quote]:
    found: list[Quote] = []
    p = _patterns()
    for para_start, para_end in paragraphs(text):
        para = text[para_start:para_end]
        if DASH_START.match(para):
            m = p.dashed.search(para)
            if m and not p.quoted.search(para):
                s, e = para_start, para_start + m.start()
                ref = (para_start + m.start("verb"), para_start + m.end())
                found.append(
                    _quote(text, s, e, direct=True, rule="dash", ref=ref, outer=(s, ref[1]))
                )
                continue
        for pattern, rule in ((p.quoted, "quoted"), (p.english, "quoted_en")):
            for m in pattern.finditer(para):
                close = para_start + m.start("close")
                opened = _opening(text, close, para_start)
                if opened is None:
                    continue
                subject_first = not m.group("verb")  # English "... ," X said.
                if subject_first:
                    ref = (para_start + m.start("subj"), para_start + m.end("subj"))
                else:
                    ref = (para_start + m.start("verb"), para_start + m.end())
                found.append(
                    _quote(
                        text,
                        opened + 1,
                        close,
                        direct=True,
                        rule=rule,
                        ref=ref,
                        before=subject_first,
                        outer=(opened, para_start + m.end()),
                    )
                )
    return found


def _interview(text: str) -> list[Quote]:
    return [
        _quote(text, s, e, direct=True, rule="interview", ref=(s, s), outer=(s, e))
        for s, e in answers(text)
    ]


def _indirect(text: str) -> list[Quote]:
    found: list[Quote] = []
    p = _patterns()
    spans = sentences(text)
    for index, (s, e) in enumerate(spans):
        sentence = text[s:e]
        m = p.about_this.match(sentence)
        if m and index > 0:
            ps, pe = spans[index - 1]
            ref = (s + m.start("verb"), s + m.end())
            found.append(
                _quote(text, ps, pe, direct=False, rule="about_this", ref=ref, outer=(ps, e))
            )
            continue
        m = p.as_said.match(sentence) or p.according.match(sentence)
        if m:
            ref = (s + m.start(), s + m.end())
            found.append(
                _quote(text, s + m.end(), e, direct=False, rule="according", ref=ref, outer=(s, e))
            )
            continue
        m = p.according.search(sentence)
        if m and m.start() > 0:
            ref = (s + m.start(), s + m.end())
            found.append(
                _quote(text, s, e, direct=False, rule="according_mid", ref=ref, outer=(s, e))
            )
            continue
        m = p.that.search(sentence)
        if m:
            ref = (s, s + m.end("verb"))
            found.append(
                _quote(
                    text,
                    s + m.end(),
                    e,
                    direct=False,
                    rule="that",
                    ref=ref,
                    before=True,
                    outer=(s, e),
                )
            )
            continue
        m = p.postposed.search(sentence)
        if m:
            ref = (s + m.start("verb"), s + m.end("tail"))
            found.append(
                _quote(
                    text, s, s + m.start(), direct=False, rule="postposed", ref=ref, outer=(s, e)
                )
            )
    return found
