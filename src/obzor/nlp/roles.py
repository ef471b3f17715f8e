"""Role phrases ("глава государства", "генсек ОДКБ") and pronouns ("он") resolved to people."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import lru_cache

from obzor.kb.keys import phrase_key
from obzor.kb.loader import KB, Entry, RoleRule
from obzor.model import Mention
from obzor.nlp.gazetteer import Match, Token
from obzor.nlp.morph import parses
from obzor.nlp.spans import Overlaps

# "..., – отметил он": a pronoun right after a quote's attribution verb.
_AFTER_QUOTE = re.compile(r"[,.!?…»\"”]\s*[–—-]\s*\w+\s+$")
# A sentence-initial "Он" refers back at most this far (about two sentences of news prose).
PRONOUN_REACH = 400
_APPOSITION = frozenset({"", "-", "–", "—", ","})
_LONGEST_APPOSITION = max(map(len, _APPOSITION))


class RoleIndex:
    """Role phrases by their word keys; built once per KB."""

    def __init__(self, kb: KB) -> None:
        self.kb = kb
        self.phrases: dict[tuple[str, ...], RoleRule] = {}
        for rule in kb.roles:
            for phrase in rule.phrases:
                self.phrases[phrase_key(phrase)] = rule
        self.longest: dict[str, int] = {}  # first word key -> longest phrase starting with it
        for key in self.phrases:
            self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))

    def find(
        self,
        text: str,
        tokens: list[Token],
        matches: list[Match],
        mentions: list[Mention],
        day: str | None,
    ) -> list[Mention]:
        """Mentions of people named by office, for the article's date and its people."""
        by_first = {m.first: m for m in matches}
        named = Counter(m.id for m in mentions if m.type == "PER" and m.id)
        order = {pid: i for i, pid in enumerate(dict.fromkeys(m.id for m in mentions if m.id))}
        found = []
        after = 0
        taken = Overlaps(mentions)
        people = sorted((m for m in mentions if m.type == "PER"), key=lambda m: m.start)
        starts = [m.start for m in people]
        for i, token in enumerate(tokens):
            if i < after or token.key not in self.longest:
                continue
            hit = self._phrase(tokens, i)
            if hit is None:
                continue
            rule, last = hit
            after = last
            start, end = tokens[i].start, tokens[last - 1].end
            if taken.overlapping(start, end) or any(_plural(t.surface) for t in tokens[i:last]):
                continue
            of = by_first.get(last)
            if of is None or text[end : of.start].strip() or not self._body(of.entry):
                of = None  # only a state or organisation right after the phrase is its "of"
            else:
                end, after = of.end, of.last
            if not _followed_by_person(text, end, people, starts):
                person = self._resolve(rule, of.entry if of else None, day, named, order)
                if person is not None:
                    found.append(
                        Mention(text[start:end], "PER", start, end, person.name, person.id, "role")
                    )
        return found

    def _body(self, entry_id: str) -> bool:
        entry = self.kb.get(entry_id)
        return entry is not None and entry.type in ("LOC", "ORG")

    def _phrase(self, tokens: list[Token], i: int) -> tuple[RoleRule, int] | None:
        for n in range(min(self.longest.get(tokens[i].key, 0), len(tokens) - i), 0, -1):
            rule = self.phrases.get(tuple(t.key for t in tokens[i : i + n]))
            if rule is not None:
                return rule, i + n
        return None

    def _resolve(
        self,
        rule: RoleRule,
        of: str | None,
        day: str | None,
        named: Counter[str],
        order: dict[str, int],
    ) -> Entry | None:
        holders = self.kb.holders(rule.titles, of, day)
        mentioned = [p for p in holders if named[p.id]]
        if mentioned:
            return min(mentioned, key=lambda p: (-named[p.id], order.get(p.id, len(order))))
        # "генсек ОДКБ" names one office holder; a bare "президент" needs a person named.
        return holders[0] if of is not None and len(holders) == 1 else None


def resolve_pronouns(text: str, tokens: list[Token], mentions: list[Mention]) -> list[Mention]:
    """ "он" after a quote's attribution, or opening a sentence, as the nearest person before."""
    people = sorted((m for m in mentions if m.type == "PER"), key=lambda m: m.start)
    starts = [m.start for m in people]
    found = []
    for n, token in enumerate(tokens):
        if token.surface != "он":
            continue
        after_quote = bool(_AFTER_QUOTE.search(text[max(0, token.start - 40) : token.start]))
        opens = token.word[0].isupper() and _sentence_start(text, token.start)
        verb_next = _past_verb_follows(tokens, n + 1)
        if not (after_quote or (opens and verb_next)):
            continue
        ref = _last_before(people, starts, token.start)
        if ref is None or (not after_quote and token.start - ref.end > PRONOUN_REACH):
            continue
        word = text[token.start : token.end]
        found.append(Mention(word, "PER", token.start, token.end, ref.name, ref.id, "pronoun"))
    return found


def _last_before(people: list[Mention], starts: list[int], position: int) -> Mention | None:
    """The last of people (sorted by start; `starts` theirs) ending at or before position."""
    for i in range(bisect_right(starts, position) - 1, -1, -1):
        if people[i].end <= position:
            return people[i]
    return None


def _sentence_start(text: str, start: int) -> bool:
    at = start  # back over spaces, without copying the text before (a long text has many "он")
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at == 0 or text[at - 1] in ".!?\n"


def _followed_by_person(text: str, end: int, people: list[Mention], starts: list[int]) -> bool:
    """ "президент Беларуси Александр Лукашенко": the name itself follows; no role mention.

    people: the PER mentions sorted by start (`starts` theirs); only those right after end
    are read: a gap longer than an apposition's word ends the look."""
    for i in range(bisect_left(starts, end), len(people)):
        gap = text[end : people[i].start].strip()
        if gap in _APPOSITION:
            return True
        if len(gap) > _LONGEST_APPOSITION:
            return False
    return False


@lru_cache(maxsize=20_000)
def _plural(word: str) -> bool:
    """Only plural noun readings ("лидеры", "государств"): many people, not one."""
    nouns = [p for p in parses(word) if p.tag.POS == "NOUN"]
    return bool(nouns) and all(p.tag.number == "plur" for p in nouns)


def _past_verb_follows(tokens: list[Token], i: int) -> bool:
    """ "Он отметил", "Он также не стал": a past masculine verb, as a person's "он" takes.

    Present tense ("Он показывает") is as often a festival or a play as a person.
    """
    for token in tokens[i : i + 3]:  # up to two particles or adverbs before the verb
        kind = _word_kind(token.surface)
        if kind != "skip":
            return kind == "past"
    return False


@lru_cache(maxsize=20_000)
def _word_kind(word: str) -> str:
    parse = parses(word)[0]
    if parse.tag.POS == "VERB":
        return "past" if parse.tag.tense == "past" and parse.tag.gender == "masc" else "other"
    return "skip" if parse.tag.POS in ("ADVB", "PRCL", "CONJ") else "other"
