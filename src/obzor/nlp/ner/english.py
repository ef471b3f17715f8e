"""The English rule recognizer: knowledge-base names and word-shape rules over capitalized runs.

No official English NER model or English NER news data installs from PyPI or Debian (searched:
docs/ner.md). These rules' tags are a feature of the English CRF (nlp/ner/english_crf.py),
trained on headlines the project labelled, which English articles get. A run of capitalized
words (organisation names may hold "of", "the", "and") is a candidate; its type comes from the
KB, then from an organisation head noun ("Ministry", "Embassy"), an acronym, a place
preposition before it ("in Ufa"), a speaker's colon ("Kosachev:") or a surname ending of the
region ("-ov", "-ova", "-sky"). Titles ("President"), nationality words ("Russian") and
sentence-opening words are no names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from obzor.kb.loader import KB, load_kb
from obzor.nlp.ner.model import NerMarkup, NerSpan
from obzor.yamldata import load_yaml

# Words (with inner hyphens, apostrophes and dots: "Gazette.Ru", "U.S", "Kazakhstan’s") and
# single punctuation marks.
TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")
POSSESSIVE = re.compile(r"['’]s$")
_SENTENCE_END = frozenset(".!?:—–-|")


@dataclass(frozen=True, slots=True)
class Rules:
    """The word lists of english_rules.yaml, lowercase."""

    org_heads: frozenset[str]
    org_names: frozenset[str]
    connectors: frozenset[str]
    titles: frozenset[str]
    stopwords: frozenset[str]
    demonyms: frozenset[str]
    person_endings: tuple[str, ...]
    place_prepositions: frozenset[str]
    place_acronyms: frozenset[str]
    place_names: frozenset[str]
    domains: frozenset[str]
    honorifics: frozenset[str]
    places: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def rules() -> Rules:
    """english_rules.yaml, checked."""
    text = resources.files("obzor.nlp.ner").joinpath("english_rules.yaml").read_text("utf-8")
    data = load_yaml(text)
    names = Rules.__dataclass_fields__
    if not isinstance(data, dict) or set(data) != set(names) - {"places"}:
        raise ValueError(
            f"english_rules.yaml: needs exactly the lists {sorted(set(names) - {'places'})}"
        )
    lists = {k: [str(w).lower() for w in v] for k, v in data.items()}
    endings = tuple(sorted(lists.pop("person_endings"), key=len, reverse=True))
    return Rules(
        person_endings=endings, places=places(), **{k: frozenset(v) for k, v in lists.items()}
    )


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Place names of the world, lowercase (en_places.txt: GeoNames cities of 100,000+ people,
    countries, continents, US states; ISO 3166 subdivisions; scripts/en_places.py writes it)."""
    text = resources.files("obzor.nlp.ner").joinpath("en_places.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _capitalized(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(c.isupper() for c in word))


_CAMEL = re.compile(r"[A-Z][a-z]+[A-Z][A-Za-z]*")
_NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Al", "El")


def camel_case(word: str) -> bool:
    """A brand's shape, a capital inside a word ("BioWare", "TechCrunch", "SoftBank"), not a
    surname's prefix ("McIlroy", "DeSantis", "MacDonald")."""
    return bool(_CAMEL.fullmatch(word)) and not word.startswith(_NAME_PREFIXES)


def _acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isupper() and letters.isalpha()


class EnglishTagger:
    """Tags PER, LOC and ORG in English text; callable like natasha's tagger."""

    def __init__(self, kb: KB | None = None) -> None:
        self.kb = kb or load_kb()
        self.rules = rules()

    def __call__(self, text: str) -> NerMarkup:
        tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
        # a title's last word and the next line's first are no one name ("Breitbart\nTechCrunch")
        breaks = {i for i in range(1, len(tokens)) if "\n" in text[tokens[i - 1][1] : tokens[i][0]]}
        lines = _title_case_lines(text)
        titled = {
            i for i, (start, _, _) in enumerate(tokens) if any(a <= start < b for a, b in lines)
        }
        spans = []
        for first, end in self._runs(tokens, breaks):
            found = self._typed(text, tokens, first, end, breaks, first in titled)
            if found:
                spans.append(found)
        return NerMarkup(spans)

    def _opens_sentence(self, tokens: list[tuple[int, int, str]], i: int, breaks: set[int]) -> bool:
        return i == 0 or tokens[i - 1][2] in _SENTENCE_END or i in breaks

    def _runs(self, tokens: list[tuple[int, int, str]], breaks: set[int]) -> list[tuple[int, int]]:
        """(first, end) token ranges of capitalized runs, organisation connectors inside."""
        r = self.rules
        runs = []
        i = 0
        while i < len(tokens):
            if not _capitalized(tokens[i][2]):
                i += 1
                continue
            end = i + 1
            while end < len(tokens):
                word = tokens[end][2]
                if end in breaks or POSSESSIVE.search(tokens[end - 1][2]):
                    break  # a new line; a possessor closes its name ("Johnson's Brexit")
                if word.lower() in r.honorifics and not any(
                    w.lower() in r.org_heads for _, _, w in tokens[i:end]
                ):
                    break  # "Telkom CEO Sipho Maseko", "UK PM Johnson"
                if _capitalized(word) and word.lower() not in ("the", "a", "an"):
                    end += 1
                    continue
                head = any(w.lower() in r.org_heads for _, _, w in tokens[i:end])
                if head and word in r.connectors:
                    k = end
                    while k < len(tokens) and tokens[k][2] in r.connectors:
                        k += 1
                    if k < len(tokens) and _capitalized(tokens[k][2]):
                        end = k + 1
                        continue
                break
            while (
                end + 1 < len(tokens)
                and tokens[end][2] == "."
                and tokens[end + 1][2].lower() in r.domains
            ):
                end += 2
            runs += self._split(tokens, i, end)
            i = end
        return runs

    def _split(
        self, tokens: list[tuple[int, int, str]], first: int, end: int
    ) -> list[tuple[int, int]]:
        """A run cut where an acronym meets another name: before a name of two or more words
        with an organisation head ("CSTO Collective Security Council"), after a surname
        ("Ibraev KNB officer")."""
        r = self.rules
        for k in range(first + 1, end):
            one, two = tokens[k - 1][2], tokens[k][2]
            rest = [w.lower() for _, _, w in tokens[k:end]]
            if _acronym(one) and not _acronym(two) and any(w in r.org_heads for w in rest[1:]):
                return [(first, k), *self._split(tokens, k, end)]
            if _acronym(two) and not _acronym(one) and self._surname(one):
                return [(first, k), *self._split(tokens, k, end)]
            if two.isupper() and not one.isupper() and self._caps_place(tokens, k, end):
                return [(first, k), *self._split(tokens, k, end)]  # "Jessie Pang HONG KONG"
            if two.lower() in r.stopwords and two.lower() not in r.connectors:
                # a title-case headline's small word: "Hong Kong By Donny Kwok", "As Kilcoo"
                return [(first, k), *self._split(tokens, k + 1, end)]
        return [(first, end)]

    def _caps_place(self, tokens: list[tuple[int, int, str]], k: int, end: int) -> bool:
        """Whether an all-capitals place name (a dateline: "HONG KONG", "TOKYO") starts at k."""
        words = []
        for _, _, word in tokens[k:end]:
            if not word.isupper():
                break
            words.append(word.lower())
            if " ".join(words) in self.rules.places:
                return True
        return False

    def _surname(self, word: str) -> bool:
        return any(POSSESSIVE.sub("", word.lower()).endswith(e) for e in self.rules.person_endings)

    def _typed(
        self,
        text: str,
        tokens: list[tuple[int, int, str]],
        first: int,
        end: int,
        breaks: set[int],
        titled: bool = False,
    ) -> NerSpan | None:
        """The run as one typed span, its opening stopwords and titles cut off; None if no name
        is left or nothing says what it is."""
        r = self.rules
        initial = self._opens_sentence(tokens, first, breaks)
        # an organisation keeps its title-like words ("State Duma", "National Security Committee")
        named = any(POSSESSIVE.sub("", w).lower() in r.org_heads for _, _, w in tokens[first:end])
        cut = r.stopwords if named else r.stopwords | r.titles
        while first < end and tokens[first][2].lower() in cut:
            first += 1
            initial = False
        while end > first and tokens[end - 1][2].lower() in r.connectors:
            end -= 1
        if first >= end:
            return None
        entry = self.kb.lookup(POSSESSIVE.sub("", text[tokens[first][0] : tokens[end - 1][1]]))
        if entry is None and not named:
            # "Russian CSTO", "Kazakhstans Ministry ... Chinese"; not "Russian Embassy"
            while first < end and tokens[first][2].lower() in r.demonyms:
                first += 1
            while end > first and tokens[end - 1][2].lower() in r.demonyms:
                end -= 1
            if first >= end:
                return None
        words = [w for _, _, w in tokens[first:end]]
        start, stop = tokens[first][0], tokens[end - 1][1]
        surface = text[start:stop]
        bare = POSSESSIVE.sub("", surface)
        stop -= len(surface) - len(bare)
        lows = [POSSESSIVE.sub("", w).lower() for w in words]  # "Roku Inc’s": its head is "Inc"
        entry = entry or self.kb.lookup(bare)
        if entry is not None and entry.type in ("PER", "LOC", "ORG"):
            return NerSpan(start, stop, entry.type)
        if lows[0] in r.place_acronyms and len(words) == 1:
            return NerSpan(start, stop, "LOC")
        if bare.lower() in r.places:
            return NerSpan(start, stop, "LOC")
        if " ".join(lows) in r.place_names:
            return NerSpan(start, stop, "LOC")
        if len(words) == 1 and lows[0] in r.org_names:
            return NerSpan(start, stop, "ORG")
        if len(words) == 1 and lows[0] in r.org_heads:
            return None  # "Bank exchange offices", "The Ministry approved": a common noun
        if any(w in r.org_heads for w in lows) or "." in bare.rstrip("."):
            return NerSpan(start, stop, "ORG")
        if len(words) == 1 and lows[0] in r.demonyms | r.titles:
            return None
        if all(w in r.demonyms | r.titles for w in lows):
            return None
        after = tokens[end][2] if end < len(tokens) else ""
        before = tokens[first - 1][2].lower() if first else ""
        if after == ":" and initial and len(words) <= 3:
            return NerSpan(start, stop, "PER")
        if self._surname(words[-1]):
            return NerSpan(start, stop, "PER")
        if len(words) == 1 and (_acronym(words[0]) or camel_case(bare)):
            return NerSpan(start, stop, "ORG")  # "VCS", "NSC"; "BioWare", "SoftBank"
        if titled:
            return None  # "Levels To Drop On Tuesday": in a title-case line capitals say nothing
        if before in r.place_prepositions:
            return NerSpan(start, stop, "LOC")
        if bare != surface and len(words) == 1 and bare.lower() not in r.stopwords:
            return NerSpan(start, stop, "PER")  # "Blinken's statements": someone's, even first
        if initial and not 2 <= len(words) <= 3:
            return None
        if before in ("the", "a", "an"):
            return None
        return NerSpan(start, stop, "PER")


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines written in title case (four or more words, at least 80% of them
    capitalized), where a capital is no sign of a name."""
    out = []
    for line in re.finditer(r"[^\n]+", text):
        words = [w for w in TOKEN.findall(line.group()) if w[0].isalpha()]
        if len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.8 * len(words):
            out.append(line.span())
    return out


@lru_cache(maxsize=1)
def english_tagger() -> EnglishTagger:
    """The English recognizer over the shipped KB, built once."""
    return EnglishTagger()
