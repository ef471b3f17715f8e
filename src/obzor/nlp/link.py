"""Entity linking stage: NER mentions to KB ids, plus what NER missed, roles and pronouns."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from obzor.kb.keys import phrase_key, word_key
from obzor.kb.loader import KB, KB_DIR, Entry, load_kb
from obzor.model import Article, Mention
from obzor.nlp.gazetteer import Gazetteer, Match, Token, quoted_context, tokenize
from obzor.nlp.kazakh import stems
from obzor.nlp.morph import WORD, lemma, parses
from obzor.nlp.normalize import normalize
from obzor.nlp.roles import RoleIndex, resolve_pronouns
from obzor.nlp.spans import Overlaps, Spans
from obzor.text import fold, name_key
from obzor.yamldata import load_yaml

# NER runs an organisation's name on into the sentence ("Организации стало обеспечение"):
# a name never continues with a verb, conjunction, particle, adverb or pronoun.
_NOT_IN_NAME = frozenset({"VERB", "INFN", "CONJ", "PRCL", "ADVB", "NPRO", "PRED"})
# ... nor past a bracket, a spaced dash or an opening quote ("Организация ... (ОДКБ",
# "Организации - ШОС и СНГ", "ОДКБ «Канал").
_BREAK = re.compile(r"\s*\(|\)|\s[-–—]\s|\s[«\"“]")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
# Titles of forums, programmes, plays are short; a quote longer than this is speech.
TITLE_REACH = 40
_OPENING, _CLOSING = ("«", "“", "„", '"'), ("»", "”", '"')


class Linker:
    """Links the mentions of one article; holds the gazetteer and role index of one KB."""

    def __init__(self, kb: KB) -> None:
        self.kb = kb
        self.gazetteer = Gazetteer(kb)
        self.roles = RoleIndex(kb)
        fixes = load_yaml((KB_DIR / "fixes.yaml").read_text(encoding="utf-8"))
        self.retype = {w: rule["type"] for rule in fixes["retype"] for w in rule["words"]}
        self.generic = frozenset(
            str(w) for rule in fixes.get("generic", ()) for w in rule["lemmas"]
        )
        self.vocab = frozenset(word for key in kb.keys for word in key)  # every KB name word

    def link(
        self, text: str, ner: list[Mention], day: str | None, kazakh: bool = False
    ) -> list[Mention]:
        """Linked mentions in text order (pure: the input mentions are not changed). kazakh:
        names may carry Kazakh endings ("Путинмен"), and an unlinked span holding KB names
        ("Тоқаев Ресей Президенті") gives way to them."""
        tokens = tokenize(text)
        if kazakh:
            tokens = [self._kazakh_key(t) for t in tokens]
        matches = self.gazetteer.match(text, tokens)
        spans = {(g.start, g.end): g.entry for g in matches}
        fixed = (self._fix(text, replace(m)) for m in ner)  # copies: the input stays as it was
        mentions = [self._link_one(text, tokens, m, spans) for m in fixed if m is not None]
        mentions = [m for m in mentions if m.id or not self._not_a_name(m)]
        if kazakh:
            found = Spans(matches)
            mentions = [m for m in mentions if m.id or not _holds_match(m, found)]
        mentions = _merge(self.kb, text, mentions, matches)
        _resolve_anaphors(self.kb, mentions)
        group_names(mentions)
        roles = self.roles.find(text, tokens, matches, mentions, day)
        mentions.extend(roles)
        mentions.extend(resolve_pronouns(text, tokens, mentions))
        return sorted(mentions, key=lambda m: (m.start, -m.end))

    def _not_a_name(self, m: Mention) -> bool:
        """A span of generic nouns only ("Правительство", "пресс-служба"; fixes.yaml), or one
        word tagged as a person that is an adjective in every reading ("Мариинского")."""
        words = [w.group() for w in WORD.finditer(m.text)]
        if words and all(lemma(w) in self.generic for w in words):
            return True
        return m.type == "PER" and len(words) == 1 and _adjective_only(words[0])

    def _kazakh_key(self, token: Token) -> Token:
        """The token keyed by its stem when only the stem is a KB name word."""
        if token.key in self.vocab:
            return token
        for stem in stems(token.word):
            found = word_key(stem)
            if found in self.vocab:
                return token._replace(key=found, surface=fold(stem), word=stem)
        return token

    def _fix(self, text: str, m: Mention) -> Mention | None:
        """Cut run-on spans; retype known faults. None when nothing name-like is left."""
        end = m.end
        cut = _BREAK.search(text, m.start, end)
        if cut and cut.start() > m.start:
            end = cut.start()
        if m.type != "PER":
            words = list(WORD.finditer(text, m.start, end))
            for i, w in enumerate(words[1:], 1):
                if w.group().islower() and _function_word(w.group()):
                    # A conjunction between lowercase words belongs to the name ("НИИ
                    # эпидемиологии и микробиологии", "Управление по продовольствию и
                    # медикаментам США"); before a capital it joins two names ("ШОС и СНГ").
                    after = words[i + 1].group() if i + 1 < len(words) else ""
                    if _conjunction(w.group()) and after.islower():
                        continue
                    end = words[i - 1].end()
                    break
        end = m.start + len(text[m.start : end].rstrip(" ,.;:-–—«»\"'"))
        if end - m.start < 2:
            return None
        surface = text[m.start : end]
        type_ = self.retype.get(surface, m.type)
        if type_ != m.type:
            return replace(m, text=surface, type=type_, end=end, name=surface)
        if end == m.end:
            return m
        return replace(m, text=surface, end=end, name=normalize(surface, type_))

    def _link_one(
        self, text: str, tokens: list[Token], m: Mention, spans: dict[tuple[int, int], str]
    ) -> Mention:
        """The mention with the KB entry its exact span or its words name, if any."""
        found = spans.get((m.start, m.end))
        entry = self.kb.get(found) if found else self.kb.lookup(m.text)
        if entry is not None and entry.quoted and not found and not _quoted(text, tokens, m.start):
            entry = None
        return m if entry is None else _as(m, entry)


def _holds_match(m: Mention, matches: Spans[Match]) -> bool:
    """Whether a mention's span holds a gazetteer find and more."""
    return any((g.start, g.end) != (m.start, m.end) for g in matches.within(m.start, m.end))


def _as(m: Mention, entry: Entry) -> Mention:
    return replace(m, id=entry.id, name=entry.name, type=entry.type)


def _quoted(text: str, tokens: list[Token], start: int) -> bool:
    """Whether the name at start stands in quotes (the token before it is read)."""
    before = bisect_right(tokens, start, key=lambda t: t.end)  # tokens in text order
    return quoted_context(text, start, tokens[before - 1].key if before else None)


def _merge(kb: KB, text: str, mentions: list[Mention], matches: list[Match]) -> list[Mention]:
    """Add gazetteer finds; a longer find replaces the NER spans inside it."""
    out = Overlaps(mentions)
    for g in matches:
        entry = kb.get(g.entry)
        inside = out.overlapping(g.start, g.end)
        if entry is None or not _gives_way(inside, g, entry.type):
            continue
        if not inside and _in_title(text, g.start, g.end, entry.quoted):
            continue
        for m in inside:
            out.remove(m)
        found = Mention(text[g.start : g.end], entry.type, g.start, g.end, entry.name, entry.id)
        found.resolved_by = "gazetteer"
        out.add(found)
    return out.items()


def _in_title(text: str, start: int, end: int, quoted_name: bool) -> bool:
    """Inside a short quoted title ("Сделано в России", "Россия") a name is part of the title.

    A quoted operation's name alone («Канал») is the name itself; long quotes are speech.
    """
    before, after = text[max(0, start - TITLE_REACH) : start], text[end : end + TITLE_REACH]
    opened = max(before.rfind(q) for q in _OPENING)
    closed = max(before.rfind(q) for q in _CLOSING)
    if opened < 0 or closed > opened or "\n" in before[opened:]:
        return False
    if quoted_name and opened == len(before) - 1:
        return False
    ends = [i for i in (after.find(q) for q in _CLOSING) if i >= 0]
    return bool(ends) and "\n" not in after[: min(ends)]


def _gives_way(inside: list[Mention], g: Match, type_: str) -> bool:
    """Whether the NER spans overlapping a gazetteer find give way to it."""
    if len(inside) == 1 and inside[0].type == type_ == "PER" and not inside[0].id:
        # "Президенті Садыр Жапаров": a full KB name inside an unknown span is that person;
        # one word ("Лавров" in "Иван Лавров") may be someone else.
        m = inside[0]
        return m.start <= g.start and g.end <= m.end and g.last - g.first > 1
    # A longer KB name wins ("Совета Безопасности" + "ООН"); a linked span as long as the
    # find, or one reaching outside it, stays.
    return all(g.start <= m.start and m.end <= g.end for m in inside) and not any(
        m.id and (m.start, m.end) == (g.start, g.end) for m in inside
    )


def _resolve_anaphors(kb: KB, mentions: list[Mention]) -> None:
    """A bare "Организация" in an article about ОДКБ is ОДКБ: the most-named entry it fits."""
    named = Counter(m.id for m in mentions if m.id)
    for m in mentions:
        if m.id or m.type != "ORG":
            continue
        fits = [e for e in kb.anaphors.get(phrase_key(m.text), ()) if named[e.id]]
        if fits:
            entry = max(fits, key=lambda e: named[e.id])
            m.id, m.name, m.resolved_by = entry.id, entry.name, "anaphor"


def group_names(mentions: list[Mention]) -> None:
    """An unknown surname alone takes the article's full name for it ("Иванов": "Иван Иванов")."""
    full: dict[str, set[str]] = {}
    for m in mentions:
        words = m.name.split()
        if m.type == "PER" and not m.id and len(words) > 1:
            full.setdefault(fold(words[-1]), set()).add(m.name)
    for m in mentions:
        if m.type == "PER" and not m.id and " " not in m.name:
            names = full.get(fold(m.name), set())
            if len(names) == 1:
                m.name = next(iter(names))


@lru_cache(maxsize=50_000)
def _function_word(word: str) -> bool:
    return parses(word)[0].tag.POS in _NOT_IN_NAME


def _conjunction(word: str) -> bool:
    return bool(parses(word)[0].tag.POS == "CONJ")


@lru_cache(maxsize=50_000)
def _adjective_only(word: str) -> bool:
    return all(p.tag.POS == "ADJF" and "Surn" not in p.tag for p in parses(word.lower()))


@lru_cache(maxsize=4)
def linker(kb: KB) -> Linker:
    """The Linker of a KB, built once."""
    return Linker(kb)


def link_entities(article: Article, kb: KB | None = None) -> None:
    """Pipeline stage: link article.entities to the KB and add what NER missed."""
    day = article.published[:10] if article.published and _DATE.match(article.published) else None
    kazakh = article.language == "kk"
    kb = kb or load_kb()
    linked = linker(kb).link(article.text, article.entities, day, kazakh)
    article.entities = without_sources(kb, linked, [article.outlet, *article.credited_sources])


def without_sources(kb: KB, mentions: list[Mention], sources: list[str | None]) -> list[Mention]:
    """Mentions without the article's own outlet and credited agencies ("РИА Новости" in a RIA
    report): those are metadata (outlet, credits), not what the article is about, so they
    fill no entity counts, trends or co-mention graphs."""
    names = {normalize_name(s) for s in sources if s}
    ids = {e.id for s in sources if s and (e := kb.lookup(s)) is not None}
    return [m for m in mentions if m.id not in ids and normalize_name(m.name) not in names]


def normalize_name(name: str) -> str:
    """A name casefolded, ё as е, spaces collapsed (for comparing a source with a mention)."""
    return name_key(name)
