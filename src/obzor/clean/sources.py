"""Attribution: sources a text credits, outlets relaying them, names put in the nominative."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from obzor.clean.names import (
    QUOTES,
    is_adjective,
    is_lower_cyrillic,
    lemma,
    may_be_adjective,
    namelike,
    parse_in_case,
    parses,
    to_nominative,
)
from obzor.clean.text import domain_of
from obzor.yamldata import load_yaml

SOURCES_PATH = Path(__file__).with_name("sources.yaml")

# A source name runs to the first punctuation or function word; six words hold
# "пресс-служба Министерства иностранных дел Республики Казахстан" and stop runaway phrases.
MAX_NAME_TOKENS = 6

# One name token: a quoted name, or a word with inner hyphens, dots, apostrophes ("BaigeNews.kz",
# "пресс-служба"); a single space may precede it. Other punctuation ends the name.
_TOKEN = re.compile(r' ?(«[^»\n]{1,60}»|"[^"\n]{1,60}"|“[^”\n]{1,60}”|\w+(?:[-.’\'&]\w+)*)')
# How far back a cue's "after" regex looks: "об этом " and ", — " fit in 12 characters.
AFTER_WINDOW = 12

_RELAY_NEXT = re.compile(r" (?:со ссылкой на|ссылаясь на)\b")  # matched on lowercased text
_NOMINAL = ("NOUN", "ADJF", "PRTF")


@dataclass(frozen=True, slots=True)
class Credit:
    """A name found in the text, where its cue starts, and the cue's name."""

    name: str
    start: int
    cue: str
    outlet_like: bool = False


@dataclass(slots=True)
class Attribution:
    """Everything scan() found: credited sources, relaying outlets, interviewing outlets."""

    credits: list[Credit] = field(default_factory=list)
    relays: list[Credit] = field(default_factory=list)
    interviews: list[Credit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Cue:
    name: str
    phrases: tuple[str, ...]
    case: str
    relay: bool = False
    after: re.Pattern[str] | None = None


class SourceRules:
    """The cues and outlet names of sources.yaml, compiled once."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.cues = [_cue(item) for item in data["cues"]]
        self.interview = _cue(data["interview"])
        self.descriptors = frozenset(str(d).lower() for d in data["descriptors"])
        self.descriptor_abbreviations = frozenset(str(d) for d in data["descriptor_abbreviations"])
        self.not_sources = frozenset(str(d).lower() for d in data["not_sources"])
        self.alone = frozenset(str(d).lower() for d in data["alone"])
        self.carriers = frozenset(str(d).lower() for d in data["carriers"])
        self.stop_words = frozenset(str(d).lower() for d in data["stop_words"])
        self.outlets = {
            str(alias).lower(): str(name)
            for name, aliases in data["outlets"].items()
            for alias in [name, *aliases]
        }


@lru_cache(maxsize=1)
def source_rules() -> SourceRules:
    """The packaged attribution rules, loaded once per process."""
    return SourceRules(load_yaml(SOURCES_PATH.read_text(encoding="utf-8")))


def scan(text: str) -> Attribution:
    """Credited sources, relaying outlets and interviewing outlets, in text order."""
    rules = source_rules()
    low = _lower(text)
    found = Attribution()
    for start, end, cue in sorted(_cue_hits(low, rules.cues), key=lambda hit: hit[0]):
        tokens, name_end = _name_tokens(text, end)
        named = _credit(tokens, cue.case, start, cue.name)
        if named is None:
            continue
        if cue.relay and named.outlet_like and _RELAY_NEXT.match(low, name_end):
            found.relays.append(named)
        else:
            found.credits.append(named)
    for start, end, cue in _cue_hits(low, [rules.interview]):
        named = _credit(_name_tokens(text, end)[0], cue.case, start, cue.name)
        if named is not None and named.outlet_like:
            found.interviews.append(named)
    return found


def canonical_outlet(name: str) -> str | None:
    """The canonical name of a known outlet ("Интерфакс" for "INTERFAX.RU"), else None."""
    return source_rules().outlets.get(name.strip(QUOTES).lower())


def _cue_hits(low: str, cues: list[_Cue]) -> list[tuple[int, int, _Cue]]:
    """(start, end, cue) for each cue phrase at a word start followed by a space."""
    hits = []
    for cue in cues:
        for phrase in cue.phrases:
            i = low.find(phrase)
            while i != -1:
                end = i + len(phrase)
                at_word = (i == 0 or not low[i - 1].isalnum()) and low[end : end + 1] == " "
                before = max(0, i - AFTER_WINDOW)
                if at_word and (cue.after is None or cue.after.search(low, before, i)):
                    hits.append((i, end + 1, cue))
                i = low.find(phrase, end)
    return hits


def _lower(text: str) -> str:
    """Lowercase text with the same offsets (the rare letters that grow stay as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _cue(item: dict[str, Any]) -> _Cue:
    after = item.get("after")
    return _Cue(
        name=str(item["name"]),
        phrases=tuple(str(p).lower() for p in item["phrases"]),
        case=str(item["case"]),
        relay=bool(item.get("relay")),
        after=re.compile(after) if after else None,
    )


def _credit(tokens: list[str], case: str, start: int, cue: str) -> Credit | None:
    """The credited name in the nominative, or None when the tokens name no source."""
    rules = source_rules()
    carrier = len(tokens) > 1 and (
        tokens[0].lower() in rules.carriers or lemma(tokens[0]) in rules.carriers
    )
    if carrier:
        tokens, case = tokens[1:], "gent"  # "данные Росстата", "слова очевидцев"
    if not tokens or not _plausible_head(tokens[0], case):
        return None
    words = to_nominative(tokens, case)
    if lemma(words[0]) in rules.not_sources:
        return None
    if len(words) == 1 and is_lower_cyrillic(words[0]) and lemma(words[0]) not in rules.alone:
        return None  # "пишет издание": a bare common noun points back, it names no one
    described = False
    for i in range(min(2, len(words) - 1)):
        word = words[i]
        kind = word in rules.descriptor_abbreviations or lemma(word) in rules.descriptors
        if kind and namelike(words[i + 1]) and all(is_adjective(w) for w in words[:i]):
            words, described = words[i + 1 :], True
            break
    name = " ".join(words)
    if len(words) == 1 and name[:1] in QUOTES:
        name = name.strip(QUOTES)
    known = canonical_outlet(name)
    outlet_like = described or known is not None or domain_of(name) is not None
    return Credit(known or name, start, cue, outlet_like)


def _name_tokens(text: str, pos: int) -> tuple[list[str], int]:
    """Tokens of the name starting at pos, and where the name ends.

    The name runs to punctuation, a function word or a stop word; after its head only
    genitive words continue it ("пресс-служба Акорды", not "Associated Press агент")."""
    stop = source_rules().stop_words
    tokens: list[str] = []
    head_seen = False
    while len(tokens) < MAX_NAME_TOKENS:
        m = _TOKEN.match(text, pos)
        if m is None or m[1].isdigit() or m[1].lower() in stop:
            break
        token = m[1]
        if is_lower_cyrillic(token):
            if parses(token)[0].tag.POS not in _NOMINAL:
                break
            if head_seen and parse_in_case(token, "gent") is None:
                break
        head_seen = head_seen or not (
            is_adjective(token) or (namelike(token) and may_be_adjective(token))
        )
        tokens.append(token)
        pos = m.end()
    return tokens, pos


def _plausible_head(token: str, case: str) -> bool:
    """A capitalized, Latin or quoted name, or a noun/adjective in the cue's case."""
    return not is_lower_cyrillic(token) or parse_in_case(token, case) is not None
