"""Rule matching over lemmas: which taxonomy patterns fire in a sentence, and are they damped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from obzor.taxonomy.threats import Rule, Taxonomy, default_taxonomy

# Consecutive pattern words may have this many other words between them:
# "оборот наркотик" must match "оборот наркотических средств" and "оборот синтетических
# наркотиков"; more than two lets words from different clauses pair up.
MAX_GAP = 2
# A negation cue this many words before or after a match negates it: "не было выявлено ни
# одного случая терроризма" puts the cue six words ahead, and Russian often ends the clause
# with the negated verb ("Случаев терроризма в Казахстане в этом году зафиксировано не было":
# seven words after); farther cues tend to belong to another clause.
NEGATION_WINDOW = 8
# "в 2008 году" at least this many years before the article's year is history, not news.
HISTORY_YEARS = 10
_IN_YEAR = re.compile(r"\b(?:[вВ]|[Ii]n)\s+((?:19|20)\d\d)(?:\s*(?:году|г\.|-х|-е|-м|s)|\b)")


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule that fired on words [first, last] of a sentence (token indices)."""

    rule: Rule
    first: int
    last: int


class Matcher:
    """Finds a rule set's matches in a list of lemmas; rules are indexed by their first word."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.exact: dict[str, list[Rule]] = {}
        self.prefixed: list[tuple[str, Rule]] = []
        for rule in rules:
            head = rule.words[0]
            if head.endswith("*"):
                self.prefixed.append((head[:-1], rule))
            else:
                self.exact.setdefault(head, []).append(rule)
        self._starting = lru_cache(maxsize=50_000)(self._starting_uncached)

    def _starting_uncached(self, word: str) -> tuple[Rule, ...]:
        found = list(self.exact.get(word, ()))
        found += [rule for prefix, rule in self.prefixed if word.startswith(prefix)]
        return tuple(found)

    def find(self, lemmas: Sequence[str]) -> list[Hit]:
        """Every rule match, at most one per rule and start word."""
        hits: list[Hit] = []
        for i, word in enumerate(lemmas):
            for rule in self._starting(word):
                last = _rest(rule.words, lemmas, i)
                if last is not None:
                    hits.append(Hit(rule, i, last))
        return hits


def _rest(words: tuple[str, ...], lemmas: Sequence[str], start: int) -> int | None:
    pos = start
    for word in words[1:]:
        for j in range(pos + 1, min(pos + 2 + MAX_GAP, len(lemmas))):
            if _same(word, lemmas[j]):
                pos = j
                break
        else:
            return None
    return pos


def _near(cue: Hit, hit: Hit) -> bool:
    if cue.last < hit.first:
        return hit.first - cue.last <= NEGATION_WINDOW
    return cue.first > hit.last and cue.first - hit.last <= NEGATION_WINDOW


def _same(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


class RuleSet:
    """The taxonomy's rules and cues compiled once."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.rules = Matcher(taxonomy.rules)
        self.negation = Matcher(taxonomy.negation)
        self.historical = Matcher(taxonomy.historical)
        self.exclusions = Matcher(taxonomy.exclusions)

    def categories(self, lemmas: Sequence[str]) -> dict[str, list[tuple[Hit, bool]]]:
        """Category -> its hits in the sentence, each with whether a negation cue is near.

        A category whose "not" pattern (another sense: "Cybertruck", a film) matches in the
        sentence gets no hits from it.
        """
        hits = self.rules.find(lemmas)
        if not hits:
            return {}
        voided = {hit.rule.category for hit in self.exclusions.find(lemmas)}
        cues = self.negation.find(lemmas)
        found: dict[str, list[tuple[Hit, bool]]] = {}
        for hit in hits:
            if hit.rule.category in voided:
                continue
            negated = any(_near(cue, hit) for cue in cues)
            found.setdefault(hit.rule.category, []).append((hit, negated))
        return found

    def is_historical(self, lemmas: Sequence[str], text: str, year: int | None) -> bool:
        """A historical cue, or "в 1995 году" long before the article's year."""
        if self.historical.find(lemmas):
            return True
        if year is None:
            return False
        return any(int(m.group(1)) <= year - HISTORY_YEARS for m in _IN_YEAR.finditer(text))


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The shipped taxonomy's rules, compiled once per process."""
    return RuleSet(default_taxonomy())
