"""Threat categories of an article: taxonomy rules and a sentence classifier, combined.

Each sentence gets a score per category; a document's score is the noisy-OR of its sentences'
scores, and the best sentences are its evidence. A sentence whose match sits next to a
negation ("терактов не было"), or that tells history ("в свое время"), counts for little.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from obzor.model import Article, Evidence, Threat
from obzor.nlp.morph import lemma, tokens
from obzor.nlp.threat_model import ThreatModel, default_model
from obzor.nlp.threat_rules import RuleSet, default_rules

# A rule match alone gives RULE_BASE; the classifier's probability p adds (1 - RULE_BASE) * p,
# so only a match in a sentence the classifier finds clearly off-topic (p < 0.09) stays under
# THRESHOLD, and one it agrees with scores 0.7-1.0. Chosen by 5-fold cross-validation on the
# training split (bench/threats_cv.py): at 0.3 the rules lose a third of their recall, as the
# small classifier is rarely sure.
RULE_BASE = 0.45
# Without a rule match the classifier alone gives CLASSIFIER_WEIGHT * p, so it needs p >= 0.625
# to reach THRESHOLD: it finds paraphrases the rules miss, but with less certainty than both
# (0.8 was best in the same cross-validation; CLASSIFIER_MIN keeps weak guesses out of debug).
CLASSIFIER_WEIGHT, CLASSIFIER_MIN = 0.8, 0.5
# Negated or historical sentences keep this share of their score: low, yet visible in debug.
DAMPING = 0.15
# A category counts as present (in evaluation and in search filters) from this score on.
THRESHOLD = 0.5
# Categories scoring under REPORT_MIN are left out of `threats`; the evidence is capped at
# MAX_EVIDENCE sentences (the best ones), enough to justify a category at a glance.
REPORT_MIN, MAX_EVIDENCE = 0.05, 3
_ABBREVIATIONS = {"г", "гг", "т", "им", "ст", "ул", "см", "д", "тыс", "млн", "млрд", "mr", "dr"}
_BOUNDARY = re.compile(r"[.!?…]+[»\"”')]*[ \t]+(?=[«\"“„(–—-]?\s*[A-ZА-ЯЁ0-9«\"“„–—-])|\n+")
_YEAR = re.compile(r"^(\d{4})")


@dataclass(slots=True)
class SentenceScore:
    """One sentence's score for one category, and why: the rules that fired, the damping."""

    start: int
    end: int
    category: str
    score: float
    probability: float
    rules: list[str] = field(default_factory=list)
    damped: str | None = None  # "negated" or "historical"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; lines and . ! ? end sentences."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = re.search(r"(\w+)\W*$", text[start : m.start() + 1])
        word = before.group(1) if before else ""
        if m.group().strip() and (
            (len(word) == 1 and word.isupper()) or word.lower() in _ABBREVIATIONS
        ):
            continue  # an initial ("В. Путин") or an abbreviation ("2024 г. в"), not an end
        end = m.start() + len(m.group().rstrip())
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    return [trimmed for s, e in spans if (trimmed := _trim(text, s, e))[0] < trimmed[1]]


def score_sentences(
    text: str,
    published: str | None = None,
    rules: RuleSet | None = None,
    model: ThreatModel | None = None,
) -> list[SentenceScore]:
    """Every (sentence, category) pair with a score above zero, in text order."""
    rules = rules or default_rules()
    model = model or default_model()
    year_match = _YEAR.match(published or "")
    year = int(year_match.group(1)) if year_match else None
    spans = sentence_spans(text)
    words = list(_sentence_lemmas(text, spans))
    probabilities = model.predict([" ".join(w) for w in words])
    found: list[SentenceScore] = []
    for (start, end), lemmas, probs in zip(spans, words, probabilities, strict=True):
        matched = rules.categories(lemmas)
        historical = None
        for k, category in enumerate(model.categories):
            p = float(probs[k])
            hits = matched.get(category, [])
            if hits:
                score = RULE_BASE + (1 - RULE_BASE) * p
            elif p >= CLASSIFIER_MIN:
                score = CLASSIFIER_WEIGHT * p
            else:
                continue
            if historical is None:
                historical = rules.is_historical(lemmas, text[start:end], year)
            damped = "historical" if historical else None
            if hits and all(negated for _, negated in hits):
                damped = "negated"
            if damped:
                score *= DAMPING
            names = sorted({hit.rule.name for hit, _ in hits})
            found.append(SentenceScore(start, end, category, score, p, names, damped))
    return found


def match_threats(
    text: str,
    published: str | None = None,
    rules: RuleSet | None = None,
    model: ThreatModel | None = None,
) -> list[Threat]:
    """Document-level threats, best first, each with its best sentences as evidence."""
    by_category: dict[str, list[SentenceScore]] = {}
    for item in score_sentences(text, published, rules, model):
        by_category.setdefault(item.category, []).append(item)
    threats: list[Threat] = []
    for category, items in by_category.items():
        missing = 1.0
        for item in items:
            missing *= 1.0 - item.score
        score = round(1.0 - missing, 3)
        if score < REPORT_MIN:
            continue
        best = sorted(items, key=lambda s: -s.score)[:MAX_EVIDENCE]
        evidence = [
            Evidence(s.start, s.end, text[s.start : s.end])
            for s in sorted(best, key=lambda s: s.start)
        ]
        threats.append(Threat(category, score, evidence))
    threats.sort(key=lambda t: (-t.score, t.category))
    return threats


def explain(text: str, published: str | None = None) -> list[dict[str, Any]]:
    """Debug view: each scored sentence and category with the rules that fired."""
    return [
        {
            "category": s.category,
            "score": round(s.score, 3),
            "probability": round(s.probability, 3),
            "rules": s.rules,
            "damped": s.damped,
            "text": text[s.start : s.end],
        }
        for s in score_sentences(text, published)
    ]


def set_threats(article: Article) -> None:
    """Pipeline stage: fill article.threats from its text and publication date."""
    article.threats = match_threats(article.text, article.published)


def _sentence_lemmas(text: str, spans: list[tuple[int, int]]) -> Iterator[list[str]]:
    found = list(tokens(text))
    i = 0
    for start, end in spans:
        while i < len(found) and found[i].start() < start:
            i += 1
        words: list[str] = []
        while i < len(found) and found[i].end() <= end:
            words.append(lemma(found[i].group()))
            i += 1
        yield words


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
