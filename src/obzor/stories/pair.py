"""The same-event decision for two articles: a logistic model over their similarities
(pair_model.json, fitted by `python -m obzor.evaluation.pair_fit`), with publication times."""

from __future__ import annotations

import calendar
import json
import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from obzor.stories import english
from obzor.stories.features import Item
from obzor.stories.logistic import feature_weights
from obzor.stories.meaning import Vector, similarity
from obzor.stories.rules import rules
from obzor.text import fold

MODEL_FILE = "pair_model.json"
# What the model compares, in its weights' order.
FEATURES = (
    "body_cosine",  # TF-IDF of title (x2) + body lemmas (top 300)
    "title_cosine",  # headlines alone
    "lead_cosine",  # the first 80 content lemmas: who, what, where
    "names_jaccard",  # capitalized lemmas of title and head: people, places, bodies
    "numbers_jaccard",  # numbers in title and head: dates, figures
    "meaning_lead",  # navec mean vectors of lead + title lemmas
    "meaning_title",  # navec mean vectors of title lemmas
    "shared_setting",  # both name one setting ("заседание_правительство"): 1 or 0
)
# What the untimed model compares: the same, whether both heads give calendar dates and share
# none (Item.dates: "4 мая" against "9 мая"), 1 or 0, and how much of each headline the other
# report holds (headline_coverage). A model file names the ones it weighs, in this order:
# pair-logreg-v6 weighed the first nine.
UNTIMED_FEATURES = (*FEATURES, "dates_differ", "headline_coverage")


@dataclass(frozen=True, slots=True)
class UntimedModel:
    """The decision for two reports without both publication times (pair-logreg-v6 on): a
    logistic model over the first len(weights) UNTIMED_FEATURES, fitted on untimed pairs, and
    its P threshold."""

    intercept: float
    weights: tuple[float, ...]  # UNTIMED_FEATURES' first ones, in order
    threshold: float


@dataclass(frozen=True, slots=True)
class PairModel:
    """Weights in FEATURES order; the thresholds without and with publication times."""

    id: str
    intercept: float
    weights: tuple[float, ...]
    threshold: float  # P at or above which an untimed (or dated-only) pair is one event
    timed_threshold: float  # the same when both reports carry a time
    close_hours: float  # published this close: the log-odds gain close_bonus
    close_bonus: float
    setting_hours: float  # a shared setting this close: the log-odds gain setting_bonus
    setting_bonus: float
    headlines: bool = False  # timed pairs that their headlines tell apart are not one event
    untimed: UntimedModel | None = None  # None: the log-odds above against `threshold`


def parse_model(data: Any) -> PairModel:
    """A PairModel from pair_model.json's structure; ValueError says what is wrong."""
    feature_weights(data, FEATURES, "pair model", ValueError)
    timed = data.get("timed")
    if not isinstance(timed, dict):
        raise ValueError("pair model needs 'timed' (threshold, close and setting bonuses)")
    for name, value in (("threshold", data.get("threshold")), ("timed", timed.get("threshold"))):
        if not isinstance(value, int | float) or not 0 < value < 1:
            raise ValueError(f"pair model {name} threshold must be in (0, 1), got {value!r}")
    untimed = _untimed(data.get("untimed"))
    try:
        return PairModel(
            id=str(data["id"]),
            intercept=float(data["intercept"]),
            weights=tuple(float(w) for w in data["weights"]),
            threshold=float(data["threshold"]),
            timed_threshold=float(timed["threshold"]),
            close_hours=float(timed["close_hours"]),
            close_bonus=float(timed["close_bonus"]),
            setting_hours=float(timed["setting_hours"]),
            setting_bonus=float(timed["setting_bonus"]),
            headlines=bool(timed.get("headlines", False)),  # pair-logreg-v5 on
            untimed=untimed,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"pair model: bad or missing field ({error})") from error


def _untimed(data: Any) -> UntimedModel | None:
    """The untimed block of a model file (absent before pair-logreg-v6: None)."""
    if data is None:
        return None
    named = data.get("features") if isinstance(data, dict) else None
    count = len(named) if isinstance(named, list) and len(named) > len(FEATURES) else 0
    features = UNTIMED_FEATURES[: count or len(UNTIMED_FEATURES)]
    weights = feature_weights(data, features, "untimed pair model", ValueError)
    threshold = data.get("threshold")
    if not isinstance(threshold, int | float) or not 0 < threshold < 1:
        raise ValueError(f"untimed pair model threshold must be in (0, 1), got {threshold!r}")
    try:
        return UntimedModel(float(data["intercept"]), tuple(map(float, weights)), float(threshold))
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"untimed pair model: bad or missing field ({error})") from error


@lru_cache(maxsize=1)
def model() -> PairModel:
    """The packaged pair model, read once per process."""
    text = resources.files("obzor.stories").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return parse_model(json.loads(text))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two L2-normalized sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def pair_features(a: Item, b: Item) -> tuple[float, ...]:
    """The model's inputs in FEATURES order; both items vectorized."""
    body, title, lead = (cosine(u, v) for u, v in zip(a.vectors, b.vectors, strict=True))
    return (
        body,
        title,
        lead,
        overlap(a.names, b.names),
        overlap(a.numbers, b.numbers),
        _meaning(a.meanings[0], b.meanings[0], lead),
        _meaning(a.meanings[1], b.meanings[1], title),
        1.0 if a.settings & b.settings else 0.0,
    )


def dates_differ(a: Item, b: Item) -> float:
    """1.0 when both heads give calendar dates and none of one is within a day of one of the
    other (two days' happenings); a day apart is one event told by a dateline and by the
    evening it happened ("КИЕВ. 16 января" and "15 января")."""
    if not a.dates or not b.dates:
        return 0.0
    days_a, days_b = _days(a.dates), _days(b.dates)
    near = any(min(abs(x - y), YEAR - abs(x - y)) <= 1 for x in days_a for y in days_b)
    return 0.0 if near else 1.0


YEAR = 365  # days of the reference year the dates are placed in (they carry no year)


def _days(dates: frozenset[str]) -> list[int]:
    """Day numbers of "month-day" dates in a reference (non-leap) year; 29 February is 28."""
    found = []
    for value in dates:
        month, _, day = value.partition("-")
        if month.isdigit() and day.isdigit() and 1 <= int(month) <= 12:
            last = calendar.monthrange(2001, int(month))[1]
            found.append(date(2001, int(month), min(int(day), last)).timetuple().tm_yday)
    return found


def headline_coverage(a: Item, b: Item) -> float:
    """The smaller of the two shares of a headline's lemmas that the other report holds in its
    title or body: reports of one event each carry the other's headline words ("Путин прибыл
    в Астану" and "Токаев встретил Путина в Астане"), two happenings of one topic do not.
    A side without a headline is left out; none: 0."""
    shares = [
        sum(1 for w in x.head if w in y.head or w in y.body) / len(x.head)
        for x, y in ((a, b), (b, a))
        if x.head
    ]
    return min(shares, default=0.0)


def untimed_inputs(a: Item, b: Item, features: tuple[float, ...]) -> tuple[float, ...]:
    """UNTIMED_FEATURES for two items whose pair features are computed."""
    return (*features, dates_differ(a, b), headline_coverage(a, b))


def untimed_log_odds(inputs: tuple[float, ...], untimed: UntimedModel) -> float:
    """The untimed model's log-odds of one event from UNTIMED_FEATURES (it weighs the first
    len(untimed.weights) of them)."""
    used = inputs[: len(untimed.weights)]
    return untimed.intercept + sum(w * x for w, x in zip(untimed.weights, used, strict=True))


def _meaning(a: Vector | None, b: Vector | None, words: float) -> float:
    """navec cosine; when a side has no word in navec's vocabulary (a headline of rare or
    foreign words), the word cosine of the same text stands in: no vector is no evidence
    that the two differ, and 0 would count as strong evidence."""
    return words if a is None or b is None else similarity(a, b)


def log_odds(features: tuple[float, ...], pair_model: PairModel | None = None) -> float:
    """The model's log-odds of one event from its features."""
    m = pair_model or model()
    return m.intercept + sum(w * x for w, x in zip(m.weights, features, strict=True))


def probability(features: tuple[float, ...], pair_model: PairModel | None = None) -> float:
    """P(same event) under the model (the packaged one by default), from the features alone."""
    return 1.0 / (1.0 + math.exp(-log_odds(features, pair_model)))


def same_event_probability(a: Item, b: Item) -> float:
    """P(two vectorized articles report the same event), from their texts alone."""
    return probability(pair_features(a, b))


def hours_apart(a: Item, b: Item) -> float | None:
    """Hours (with minutes) between two publication times, None unless both carry one."""
    return abs(a.hour - b.hour) if a.hour is not None and b.hour is not None else None


def same_time(a: Item, b: Item) -> bool:
    """Could two reports tell of one event, by their publication times? Within event_hours
    when both carry a time, on the same or the next day when only dates are known; yes
    when either is undated."""
    hours = hours_apart(a, b)
    if hours is not None:
        bound = english.model().event_hours if both_english(a, b) else rules().event_hours
        return hours <= bound
    if a.day is not None and b.day is not None:
        return abs(a.day - b.day) <= 1
    return True


def both_english(a: Item, b: Item) -> bool:
    """Two English reports: the English decision (stories/english.py) compares them."""
    return a.language == "en" and b.language == "en"


def specific(settings: frozenset[str]) -> frozenset[str]:
    """The settings that name one occasion: not "встреча_президент" (any meeting with the
    president), whose second word is a role (rules.yaml headline roles)."""
    roles = rules().headline_roles
    return frozenset(s for s in settings if s.rpartition("_")[2] not in roles)


def told_apart(a: Item, b: Item) -> bool:
    """Two timed reports of one known outlet that their headlines tell apart: two decisions
    of one actor, headlines that each name what the other report never mentions (two regions'
    forecasts), or a later report whose headline's actor the earlier report does not name (a
    reaction, another body's figure) without one specific setting shared
    (stories/headline.py). Across outlets, or when an outlet is unknown, headlines vary too
    much to say."""
    if not a.outlet or not b.outlet or fold(a.outlet) != fold(b.outlet):
        return False
    if a.act is not None and b.act is not None:
        same_actor = (a.act.subject, a.act.verb) == (b.act.subject, b.act.verb)
        if same_actor and a.act.rest != b.act.rest:
            return True
    if _own_names(a, b) and _own_names(b, a):
        return True
    early, late = sorted((a, b), key=lambda i: (i.hour or 0.0, i.id))
    if late.actor is None or late.actor == early.actor or specific(a.settings & b.settings):
        return False
    return late.actor not in early.names and late.actor not in early.body


def _own_names(a: Item, b: Item) -> frozenset[str]:
    """Names in a's headline that b's text never mentions (a region, a company of its own)."""
    return frozenset(n for n in a.title_names if n not in b.names and n not in b.body)


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def decide(
    a: Item, b: Item, features: tuple[float, ...], pair_model: PairModel | None = None
) -> bool:
    """The decision from computed features (two English reports: the English model on their
    headlines and hours instead, stories/english.py): published close in time, not told apart
    by their headlines (told_apart; both timed), and the log-odds (with the closeness and
    shared-setting gains when both times are known; neither for two reports that share only a
    forum, a gathering of many happenings) over the threshold, or a shared event frame
    (rules.yaml) with P at least the frame floor. Without both times, the untimed model
    (which also weighs calendar dates that differ) decides instead of the log-odds."""
    if not same_time(a, b):
        return False
    hours = hours_apart(a, b)
    if both_english(a, b):
        return english.same_event(a.title, b.title, hours)
    m = pair_model or model()
    if hours is not None and m.headlines and told_apart(a, b):
        return False
    z = log_odds(features, m)
    r = rules()
    if a.frames & b.frames and z >= _logit(r.frame_floor):
        return True
    if hours is None and m.untimed is not None:
        untimed = untimed_log_odds(untimed_inputs(a, b, features), m.untimed)
        return untimed >= _logit(m.untimed.threshold)
    if hours is None:
        return z >= _logit(m.threshold)
    shared = a.settings & b.settings
    occasions = occasion(shared)
    if hours <= m.close_hours and (occasions or not shared):  # one forum alone: no gain
        z += m.close_bonus
    if hours <= m.setting_hours and occasions:
        z += m.setting_bonus
    return z >= _logit(m.timed_threshold)


def occasion(settings: frozenset[str]) -> frozenset[str]:
    """The settings that name one occasion (a briefing, a plenary, a session), not a gathering
    that holds many at once ("форум_сделать": rules.yaml gatherings)."""
    gatherings = rules().gathering_nouns
    return frozenset(s for s in settings if s.partition("_")[0] not in gatherings)


def same_occasion(a: Item, b: Item) -> bool:
    """One speaker at one occasion: both headlines name the same actor ("Путин назвал ...",
    "..., заявил Путин"), both reports are of one day, and both name one specific occasion
    ("пленарный_заседание"; not a gathering such as a forum, not "встреча_президент"). A long
    speech moves through many subjects; its reports are one event (docs/stories.md)."""
    if a.actor is None or a.actor != b.actor or a.day is None or a.day != b.day:
        return False
    return bool(specific(occasion(a.settings & b.settings)))


def same_event(a: Item, b: Item) -> bool:
    """Do two vectorized articles report one event?"""
    return decide(a, b, pair_features(a, b))
