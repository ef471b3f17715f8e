"""Entity linking stage: NER mentions to KB ids, plus what NER missed, roles and pronouns."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from obzor.kb.keys import phrase_key
from obzor.kb.loader import KB, KB_DIR, Entry, load_kb
from obzor.model import Article, Mention
from obzor.nlp.gazetteer import Gazetteer, Match, Token, quoted_context, tokenize
from obzor.nlp.morph import WORD, parses
from obzor.nlp.normalize import normalize
from obzor.nlp.roles import RoleIndex, resolve_pronouns
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
        self.retype = _retype_rules(KB_DIR / "fixes.yaml")

    def link(self, text: str, ner: list[Mention], day: str | None) -> list[Mention]:
        """Linked mentions in text order (pure: the input mentions are not changed)."""
        tokens = tokenize(text)
        matches = self.gazetteer.match(text, tokens)
        spans = {(g.start, g.end): g.entry for g in matches}
        fixed = (self._fix(text, replace(m)) for m in ner)  # copies: the input stays as it was
        mentions = [self._link_one(text, tokens, m, spans) for m in fixed if m is not None]
        mentions = _merge(self.kb, text, mentions, matches)
        _resolve_anaphors(self.kb, mentions)
        group_names(mentions)
        roles = self.roles.find(text, tokens, matches, mentions, day)
        mentions.extend(roles)
        mentions.extend(resolve_pronouns(text, tokens, mentions))
        return sorted(mentions, key=lambda m: (m.start, -m.end))

    def _fix(self, text: str, m: Mention) -> Mention | None:
        """Cut run-on spans; retype known faults. None when nothing name-like is left."""
        end = m.end
        cut = _BREAK.search(text, m.start, end)
        if cut and cut.start() > m.start:
            end = cut.start()
        if m.type != "PER":
            words = list(WORD.finditer(text, m.start, end))
            for w in words[1:]:
                if w.group().islower() and _function_word(w.group()):
                    end = words[words.index(w) - 1].end()
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


def _as(m: Mention, entry: Entry) -> Mention:
    return replace(m, id=entry.id, name=entry.name, type=entry.type)


def _quoted(text: str, tokens: list[Token], start: int) -> bool:
    before = [t.key for t in tokens if t.end <= start][-1:]
    return quoted_context(text, start, before[0] if before else None)


def _merge(kb: KB, text: str, mentions: list[Mention], matches: list[Match]) -> list[Mention]:
    """Add gazetteer finds; a longer find replaces the NER spans inside it."""
    out = list(mentions)
    for g in matches:
        entry = kb.get(g.entry)
        inside = [m for m in out if m.start < g.end and g.start < m.end]
        if entry is None or not _gives_way(inside, g, entry.type):
            continue
        if not inside and _in_title(text, g.start, g.end, entry.quoted):
            continue
        for m in inside:
            out.remove(m)
        found = Mention(text[g.start : g.end], entry.type, g.start, g.end, entry.name, entry.id)
        found.resolved_by = "gazetteer"
        out.append(found)
    return out


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
            full.setdefault(words[-1].casefold(), set()).add(m.name)
    for m in mentions:
        if m.type == "PER" and not m.id and " " not in m.name:
            names = full.get(m.name.casefold(), set())
            if len(names) == 1:
                m.name = next(iter(names))


@lru_cache(maxsize=50_000)
def _function_word(word: str) -> bool:
    return parses(word)[0].tag.POS in _NOT_IN_NAME


def _retype_rules(path: Path) -> dict[str, str]:
    data = load_yaml(path.read_text(encoding="utf-8"))
    return {w: rule["type"] for rule in data["retype"] for w in rule["words"]}


@lru_cache(maxsize=4)
def linker(kb: KB) -> Linker:
    """The Linker of a KB, built once."""
    return Linker(kb)


def link_entities(article: Article, kb: KB | None = None) -> None:
    """Pipeline stage: link article.entities to the KB and add what NER missed."""
    day = article.published[:10] if article.published and _DATE.match(article.published) else None
    article.entities = linker(kb or load_kb()).link(article.text, article.entities, day)
