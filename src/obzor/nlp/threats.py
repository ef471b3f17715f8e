"""Threat categories of an article: rule evidence and a document classifier, combined.

For each category the rules (taxonomy/threats.yaml) find strong evidence ("теракт") and context
evidence ("встреча") sentence by sentence; a hit next to a negation ("терактов не было") or in
a sentence that tells history ("в 1990-е") is set aside. The document's features (a strong hit
in the title, in the lead, how many sentences carry one, context hits, the classifier's
probability) go through a logistic combiner fitted on the real-news train and dev splits
and a calibration map fitted on out-of-fold dev scores (obzor.evaluation.threat_fit), so a
score of 0.8 is meant to be right about 80 % of the time;
`obzor eval threats` prints the reliability table on the test split. The best sentences are
the evidence.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from obzor.model import Article, Evidence, Threat
from obzor.nlp.morph import lemmatize, tokens
from obzor.nlp.sentsplit import sentences
from obzor.nlp.threat_model import ThreatModel, default_model
from obzor.nlp.threat_rules import RuleSet, default_rules
from obzor.taxonomy.states import StateWords, default_states
from obzor.taxonomy.threats import STRONG, rule_key

# A category counts as present (in evaluation and in search filters) from this score on.
THRESHOLD = 0.5
# Categories scoring under REPORT_MIN are left out of `threats`; the evidence is capped at
# MAX_EVIDENCE sentences (the best ones), enough to justify a category at a glance.
REPORT_MIN, MAX_EVIDENCE = 0.05, 3
# The title and this many first sentences of the text are the lead: a news article names its
# subject there; a word deep in the body is more often an aside.
LEAD_SENTENCES = 3
# The classifier reads this many characters of the text (after the title): the subject is at
# the start, and long texts (transcripts, live blogs) would otherwise drown it.
MODEL_CHARS = 3000
# The combiner's inputs, in the order of the fitted weights (threat_fit writes them).
FEATURES = (
    "bias",
    "strong_title",
    "strong_lead",
    "strong_count",
    "strong_share",
    "context_lead",
    "context_count",
    "model_support",
    "states_lead",
)
# The categories that read "states_lead" (how many states the title and lead name, log): one
# state acting toward or speaking about another is diplomacy by the guide, and most of the
# diplomacy the rules missed on train and dev names two states without a diplomatic word.
# Chosen on out-of-fold dev scores (docs/threats.md, the seventh round); 0 for the others.
STATE_CATEGORIES = frozenset({"diplomacy"})
# The calibration map's scores lie in [0.001, 0.999] (threat_fit); a category's offset is
# applied to the logit of a score kept inside that range.
SCORE_FLOOR = 0.001
_YEAR = re.compile(r"^(\d{4})")


@dataclass(slots=True)
class SentenceHits:
    """One sentence's rule hits for one category; damped is "negated" or "historical"."""

    index: int  # -1 for the title, else the sentence's position in the text
    start: int
    end: int
    category: str
    strong: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)
    damped: str | None = None


@dataclass(slots=True)
class CategoryScore:
    """A category's document score, the features behind it and its evidence sentences."""

    category: str
    score: float
    probability: float
    features: dict[str, float]
    sentences: list[SentenceHits]


def present(score: float) -> bool:
    """Whether a category with this score is present: the one cut of evaluation, search filters
    and counts (the store's MIN_SCORE is THRESHOLD; per-category calibration is in the score)."""
    return score >= THRESHOLD


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: the one splitter of named rules (nlp/sentsplit.py)."""
    return sentences(text)


def model_text(text: str, title: str | None = None) -> str:
    """What the classifier reads: the lemmas of the title and the start of the text."""
    return lemmatize(f"{title or ''}\n{text[:MODEL_CHARS]}")


def rule_hits(
    text: str,
    published: str | None = None,
    title: str | None = None,
    rules: RuleSet | None = None,
) -> tuple[int, list[SentenceHits]]:
    """The number of sentences (title included) and every (sentence, category) with a hit."""
    rules = rules or default_rules()
    year_match = _YEAR.match(published or "")
    year = int(year_match.group(1)) if year_match else None
    spans = sentence_spans(text)
    units: list[tuple[int, int, int, str, list[str]]] = []
    if title and title.strip():
        units.append((-1, 0, 0, title, [rule_key(m.group()) for m in tokens(title)]))
    for i, ((start, end), words) in enumerate(
        zip(spans, _sentence_lemmas(text, spans), strict=True)
    ):
        units.append((i, start, end, text[start:end], words))
    found: list[SentenceHits] = []
    for index, start, end, sentence, words in units:
        matched = rules.categories(words)
        if not matched:
            continue
        historical = rules.is_historical(words, sentence, year)
        for category, hits in matched.items():
            item = SentenceHits(index, start, end, category)
            for hit, negated in hits:
                if negated:
                    continue
                (item.strong if hit.rule.kind == STRONG else item.context).append(hit.rule.name)
            if not item.strong and not item.context:
                item.damped = "negated"
            elif historical:
                item.damped = "historical"
            found.append(item)
    return len(units), found


def lead_states(text: str, title: str | None = None, states: StateWords | None = None) -> int:
    """How many distinct states (taxonomy/states.yaml) the title and the lead name."""
    states = states or default_states()
    spans = sentence_spans(text)[:LEAD_SENTENCES]
    lead = "\n".join([title or "", *(text[start:end] for start, end in spans)])
    return len(states.named(rule_key(m.group()) for m in tokens(lead)))


def features(
    sentences: Sequence[SentenceHits],
    n_sentences: int,
    probability: float,
    has_title: bool,
    states: int = 0,
) -> dict[str, float]:
    """The combiner's inputs for one category (FEATURES), from its sentence hits; `states`
    is lead_states for a category of STATE_CATEGORIES, else 0."""
    live = [s for s in sentences if s.damped is None]
    strong = [s for s in live if s.strong]
    context = [s for s in live if s.context and not s.strong]
    first = -1 if has_title else 0  # the title, or the text's first sentence without one
    p = min(max(probability, 1e-4), 1 - 1e-4)
    return {
        "bias": 1.0,
        "strong_title": float(any(s.index == first for s in strong)),
        "strong_lead": float(any(s.index < LEAD_SENTENCES for s in strong)),
        "strong_count": math.log1p(len(strong)),
        "strong_share": len(strong) / max(n_sentences, 1),
        "context_lead": float(any(s.index < LEAD_SENTENCES for s in context)),
        "context_count": math.log1p(len(context)),
        # The classifier can add evidence (a paraphrase the rules miss) but never veto strong
        # rule evidence: only its logit above 0 counts. Letting it veto too cost dev precision
        # (0.75 against 0.81 at the same recall, 5-fold over train and dev).
        "model_support": max(math.log(p / (1 - p)), 0.0),
        "states_lead": math.log1p(states),
    }


def combine(
    model: ThreatModel,
    values: dict[str, float],
    category: str | None = None,
    *,
    pooled: bool = False,
) -> float:
    """The calibrated score: the combiner's logit through the calibration map fitted on dev
    (threat_fit), then the category's own offset where it has one, then under the cut the
    below-the-cut map (`pooled` leaves both out); a model without a map gives its logistic
    output (a and b rescale the logit)."""
    combiner = model.combiner
    weights = combiner.get("weights")
    names = list(combiner.get("features", []))
    # A model fitted on fewer features (the previous one, scored beside obzor) reads its own.
    if not weights or len(names) != len(weights) or not set(names) <= set(FEATURES):
        raise ValueError("threat model: no combiner for these features (refit with threat_fit)")
    z = sum(w * values[name] for w, name in zip(weights, names, strict=True))
    calibration = combiner.get("calibration")
    if not calibration:
        z = float(combiner.get("a", 1.0)) * z + float(combiner.get("b", 0.0))
        return _sigmoid(z)
    score = calibrate(calibration, z)
    if pooled or category is None:
        return score
    offset = combiner.get("offsets", {}).get(category)
    score = shift(score, float(offset)) if offset else score
    below = combiner.get("recalibration")
    if below and score < THRESHOLD:
        # Under the cut the stored score goes through a second map fitted on dev (threat_fit's
        # below_cut_map, values < 0.5): calibrated there, and never across the cut.
        p = min(max(score, SCORE_FLOOR), 1.0 - SCORE_FLOOR)
        return min(calibrate(below, math.log(p / (1.0 - p))), THRESHOLD - SCORE_FLOOR)
    return score


def shift(score: float, offset: float) -> float:
    """A score moved by a category's offset on the logit scale (threat_fit's per-category
    calibration): the pooled map's 0.5 point becomes the category's own."""
    p = min(max(score, SCORE_FLOOR), 1.0 - SCORE_FLOOR)
    return _sigmoid(math.log(p / (1.0 - p)) + offset)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def calibrate(calibration: dict[str, list[float]], z: float) -> float:
    """The isotonic map of threat_fit: linear between its points, flat beyond the ends."""
    xs, ys = calibration["logit"], calibration["score"]
    if z <= xs[0]:
        return float(ys[0])
    if z >= xs[-1]:
        return float(ys[-1])
    i = bisect.bisect_right(xs, z)
    x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
    return float(y0 if x1 == x0 else y0 + (y1 - y0) * (z - x0) / (x1 - x0))


def score_document(
    text: str,
    published: str | None = None,
    title: str | None = None,
    rules: RuleSet | None = None,
    model: ThreatModel | None = None,
) -> list[CategoryScore]:
    """Every category's score, features and hit sentences, best first."""
    model = model or default_model()
    n_sentences, hits = rule_hits(text, published, title, rules)
    by_category: dict[str, list[SentenceHits]] = {}
    for item in hits:
        by_category.setdefault(item.category, []).append(item)
    probabilities = model.predict([model_text(text, title)])[0]
    states = lead_states(text, title)
    scored: list[CategoryScore] = []
    for k, category in enumerate(model.categories):
        sentences = by_category.get(category, [])
        named = states if category in STATE_CATEGORIES else 0
        values = features(sentences, n_sentences, float(probabilities[k]), bool(title), named)
        score = combine(model, values, category)
        scored.append(CategoryScore(category, score, float(probabilities[k]), values, sentences))
    scored.sort(key=lambda s: (-s.score, s.category))
    return scored


def match_threats(
    text: str,
    published: str | None = None,
    title: str | None = None,
    rules: RuleSet | None = None,
    model: ThreatModel | None = None,
) -> list[Threat]:
    """Document-level threats, best first, each with its best sentences as evidence.

    Evidence sentences index `text`; a category found in the title alone has no evidence.
    """
    return [
        Threat(item.category, round(item.score, 3), _evidence(text, item.sentences))
        for item in score_document(text, published, title, rules, model)
        if item.score >= REPORT_MIN
    ]


def explain(
    text: str, published: str | None = None, title: str | None = None
) -> list[dict[str, Any]]:
    """Debug view: per category the score, the features and each sentence's rules."""
    return [
        {
            "category": s.category,
            "score": round(s.score, 3),
            "probability": round(s.probability, 3),
            "features": {k: round(v, 3) for k, v in s.features.items()},
            "sentences": [
                {
                    "text": title if h.index < 0 else text[h.start : h.end],
                    "strong": h.strong,
                    "context": h.context,
                    "damped": h.damped,
                }
                for h in s.sentences
            ],
        }
        for s in score_document(text, published, title)
        if s.score >= REPORT_MIN or s.sentences
    ]


def set_threats(article: Article) -> None:
    """Pipeline stage: fill article.threats from its title, text and publication date."""
    article.threats = match_threats(article.text, article.published, article.title)


def _evidence(text: str, sentences: Sequence[SentenceHits]) -> list[Evidence]:
    live = [s for s in sentences if s.index >= 0 and s.damped is None]
    best = sorted(live, key=lambda s: (-len(s.strong), -len(s.context), s.index))
    chosen = sorted(best[:MAX_EVIDENCE], key=lambda s: s.start)
    return [Evidence(s.start, s.end, text[s.start : s.end]) for s in chosen]


def _sentence_lemmas(text: str, spans: list[tuple[int, int]]) -> Iterator[list[str]]:
    found = list(tokens(text))
    i = 0
    for start, end in spans:
        while i < len(found) and found[i].start() < start:
            i += 1
        words: list[str] = []
        while i < len(found) and found[i].end() <= end:
            words.append(rule_key(found[i].group()))
            i += 1
        yield words
