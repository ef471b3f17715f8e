"""The same-event decision for two English reports: a logistic model over their headlines'
stems, letters, names and figures and the hours between them (pair_model_en.json, fitted by
`python -m obzor.evaluation.pair_fit_en` on English headline pairs, numbers chosen on other
days than it is scored on; docs/stories.md). The Russian decision (stories/pair.py) reads
lemmas, navec vectors and settings that English headlines do not give it."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from obzor.stories.logistic import feature_weights
from obzor.yamldata import load_yaml

WORDS_FILE = "english.yaml"
MODEL_FILE = "pair_model_en.json"
FEATURES = (
    "stem_dice",  # shared content stems of the two headlines (Dice)
    "letters_cosine",  # letter 4-grams of the content words: Tokaev/Tokayev, Shoigu/Shuigu
    "names_jaccard",  # capitalized words (their first five letters): people, places, bodies
    "figures_shared",  # both headlines give a figure and one is the same (145 and 145)
    "figures_differ",  # both give figures and none is the same (84 and 145 evacuated)
    "actors_differ",  # each headline names its own actor, unnamed in the other (Shoigu, Peskov)
    "letters_close",  # letters_cosine x exp(-hours / CLOSE_HOURS): closeness counts only with
    "stems_close",  # stem_dice x exp(-hours / CLOSE_HOURS)  words in common
)
# Closeness in time is evidence only together with shared words: two headlines of one hour
# that share none are two events (pair-en-logreg-v1 gave them P 0.7 from the hour alone).
CLOSE_HOURS = 6.0
# Without both times, closeness is read at this distance (the middle of the labelled pairs).
UNTIMED_HOURS = 6.0
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
NAME_LETTERS = 5
GRAM = 4


class EnglishModelError(ValueError):
    """pair_model_en.json or english.yaml is malformed; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class EnglishModel:
    """Weights in FEATURES order, the threshold on P and the hours bound of one event."""

    id: str
    intercept: float
    weights: tuple[float, ...]
    threshold: float
    event_hours: float


@dataclass(frozen=True, slots=True)
class Words:
    """What the stemmer and the headline reader use (english.yaml)."""

    stopwords: frozenset[str]
    suffixes: tuple[str, ...]  # longest first
    min_stem: int


@dataclass(frozen=True, slots=True)
class Headline:
    """What the English decision compares of one report."""

    stems: frozenset[str]
    grams: Counter[str]
    names: frozenset[str]
    figures: frozenset[str]
    actor: str | None  # who the headline says spoke or acted ("Shoigu: ...", "Tokaev declared")


def parse_model(data: Any) -> EnglishModel:
    """An EnglishModel from pair_model_en.json's structure; EnglishModelError says what is wrong."""
    weights = feature_weights(data, FEATURES, "English pair model", EnglishModelError)
    try:
        found = EnglishModel(
            id=str(data["id"]),
            intercept=float(data["intercept"]),
            weights=tuple(float(w) for w in weights),
            threshold=float(data["threshold"]),
            event_hours=float(data["event_hours"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise EnglishModelError(f"English pair model: bad or missing field ({error})") from error
    if not 0 < found.threshold < 1 or found.event_hours <= 0:
        raise EnglishModelError("English pair model: threshold in (0, 1), event_hours > 0")
    return found


def parse_words(data: Any) -> Words:
    """Words from english.yaml's structure; EnglishModelError says what is wrong."""
    if not isinstance(data, dict):
        raise EnglishModelError("english.yaml needs stopwords, suffixes and min_stem")
    stop, suffixes, min_stem = data.get("stopwords"), data.get("suffixes"), data.get("min_stem")
    if not isinstance(stop, str) or not isinstance(suffixes, str):
        raise EnglishModelError("english.yaml: stopwords and suffixes are strings of words")
    if not isinstance(min_stem, int) or min_stem < 2:
        raise EnglishModelError(f"english.yaml: min_stem must be a whole number >= 2: {min_stem!r}")
    ordered = tuple(sorted(set(suffixes.split()), key=lambda s: (-len(s), s)))
    return Words(frozenset(stop.split()), ordered, min_stem)


@lru_cache(maxsize=1)
def model() -> EnglishModel:
    """The packaged English pair model, read once per process."""
    text = resources.files("obzor.stories").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return parse_model(json.loads(text))


@lru_cache(maxsize=1)
def words() -> Words:
    """The packaged stop words and suffixes, read once per process."""
    text = resources.files("obzor.stories").joinpath(WORDS_FILE).read_text(encoding="utf-8")
    return parse_words(load_yaml(text))


def is_english(text: str) -> bool:
    """Is the text written in Latin letters (more Latin than Cyrillic ones)?"""
    latin = len(_LATIN.findall(text))
    return latin > 0 and latin > len(_CYRILLIC.findall(text))


def stem(word: str, vocabulary: Words | None = None) -> str:
    """A lower-case English word without its possessive and its longest listed suffix that
    leaves min_stem letters ("detained" -> "detain", "parties" -> "party")."""
    w = vocabulary or words()
    word = word.lower().replace("’", "'").removesuffix("'s").strip("'-")
    for suffix in w.suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= w.min_stem:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


@lru_cache(maxsize=4096)
def headline(title: str) -> Headline:
    """The stems, letter 4-grams, names and figures of one headline (cached by its text)."""
    w = words()
    stems, names, figures = set(), set(), set()
    grams: Counter[str] = Counter()
    for m in _WORD.finditer(title.replace("&apos;", "'")):
        token = m.group()
        if token[0].isdigit():
            figures.add(token.rstrip(".,").replace(",", ""))
            continue
        lower = token.lower().replace("’", "'").removesuffix("'s")
        if lower in w.stopwords or len(lower) < 3:
            continue
        stems.add(stem(lower, w))
        padded = f" {lower} "
        grams.update(padded[i : i + GRAM] for i in range(len(padded) - GRAM + 1))
        if token[0].isupper():
            names.add(lower[:NAME_LETTERS])
    return Headline(frozenset(stems), grams, frozenset(names), frozenset(figures), actor(title))


def actor(title: str) -> str | None:
    """The first five letters of the headline's actor: the name before a colon in its first
    three words ("Shoigu: ...", "Former Adviser Nazarbaev: ..."), or a capitalized first word
    followed by a verb in the past or present ("Tokaev declared", "Putin calls"); None when the
    headline names none that way."""
    w = words()
    tokens = [m.group() for m in _WORD.finditer(title.replace("&apos;", "'"))]
    head, colon, _ = title.partition(":")
    if colon and 0 < len(head.split()) <= 3:
        last = head.split()[-1].strip(".,'")
        if last[:1].isupper() and last.lower() not in w.stopwords:
            return last.lower()[:NAME_LETTERS]
    if len(tokens) >= 2 and tokens[0][:1].isupper() and tokens[0].lower() not in w.stopwords:
        verb = tokens[1].lower()
        if verb.endswith(("ed", "s")) and verb[:1].islower() and tokens[1][:1].islower():
            return tokens[0].lower()[:NAME_LETTERS]
    return None


def features(title_a: str, title_b: str, hours: float | None) -> tuple[float, ...]:
    """The model's inputs in FEATURES order for two headlines published hours apart."""
    a, b = headline(title_a), headline(title_b)
    total = len(a.stems) + len(b.stems)
    union = len(a.names | b.names)
    both = bool(a.figures and b.figures)
    shared = bool(a.figures & b.figures)
    dice = 2 * len(a.stems & b.stems) / total if total else 0.0
    letters = _cosine(a.grams, b.grams)
    close = math.exp(-(UNTIMED_HOURS if hours is None else hours) / CLOSE_HOURS)
    return (
        dice,
        letters,
        len(a.names & b.names) / union if union else 0.0,
        1.0 if shared else 0.0,
        1.0 if both and not shared else 0.0,
        1.0 if _own_actor(a, b) and _own_actor(b, a) else 0.0,
        letters * close,
        dice * close,
    )


def _own_actor(a: Headline, b: Headline) -> bool:
    """a's headline names an actor that b's headline neither names as its actor nor mentions."""
    return a.actor is not None and a.actor != b.actor and a.actor not in b.names


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(n * b[g] for g, n in a.items() if g in b)
    norm = math.sqrt(sum(n * n for n in a.values()) * sum(n * n for n in b.values()))
    return dot / norm if norm else 0.0


def probability(values: tuple[float, ...], pair_model: EnglishModel | None = None) -> float:
    """P(same event) under the English model from its features."""
    m = pair_model or model()
    z = m.intercept + sum(w * x for w, x in zip(m.weights, values, strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def same_event(
    title_a: str, title_b: str, hours: float | None, pair_model: EnglishModel | None = None
) -> bool:
    """Do two English reports (headlines, hours apart when both are timed) tell one event?
    Published within the model's event_hours and P at or above its threshold."""
    m = pair_model or model()
    if hours is not None and hours > m.event_hours:
        return False
    return probability(features(title_a, title_b, hours), m) >= m.threshold
