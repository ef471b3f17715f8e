"""The grouping rules (time bounds, settings, frames, stop words, figures), loaded once from
rules.yaml; the pair model's weights are in pair_model.json (stories/pair.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from obzor.yamldata import load_yaml


class RulesError(ValueError):
    """rules.yaml is malformed; the message names the bad entry."""


@dataclass(frozen=True, slots=True)
class Rules:
    """The time bound, setting nouns, stop words, event frames and figure words."""

    event_hours: int  # reports more hours apart than this are not one event
    stopwords: frozenset[str]
    setting_nouns: frozenset[str]  # "заседание", "брифинг": where a statement was made
    gathering_nouns: frozenset[str]  # "форум": a setting that holds many happenings at once
    event_words: dict[str, str]  # word -> event id
    place_prepositions: frozenset[str]
    frame_floor: float
    figure_nouns: dict[str, str]  # lemma -> figure kind ("документ" -> "documents")
    figure_verbs: dict[str, str]  # lemma near a number of people -> kind ("задержать")
    figure_needs: dict[str, frozenset[str]]  # kind -> words its sentence must hold
    figure_people: frozenset[str]  # lemmas that count people: the verb decides the kind
    figure_skip: frozenset[str]  # a number followed by one of these is no count
    headline_said: frozenset[str]  # "..., заявил Путин": the verb that names the speaker
    headline_roles: frozenset[str]  # "глава", "страны": the actor is the name after it
    headline_acts: frozenset[str]  # decisions: "принять", "подписать"
    headline_aliases: dict[str, str]  # one actor's other names ("гд" -> "госдума")
    # month stems, January first; "мая=" is an exact word ("мая"), not a stem
    months: tuple[tuple[str, ...], ...] = ()


def parse_rules(data: Any) -> Rules:
    """Validate the YAML structure and build Rules; RulesError says what is wrong."""
    if not isinstance(data, dict) or "pair_model" not in data or "stopwords" not in data:
        raise RulesError("rules need 'pair_model' and 'stopwords'")
    model = data["pair_model"]
    hours = model.get("event_hours")
    if not isinstance(hours, int) or hours < 1:
        raise RulesError(f"pair_model event_hours must be a whole number >= 1, got {hours!r}")
    words: set[str] = set()
    for entry in data["stopwords"]:
        if not entry.get("id") or not isinstance(entry.get("words"), str):
            raise RulesError(f"stopword entry needs an id and a words string: {entry!r}")
        words.update(entry["words"].split())
    frames = data.get("frames")
    if not isinstance(frames, dict) or not isinstance(frames.get("events"), list):
        raise RulesError("rules need 'frames' with an 'events' list")
    event_words: dict[str, str] = {}
    for entry in frames["events"]:
        if not entry.get("id") or not isinstance(entry.get("words"), str):
            raise RulesError(f"event entry needs an id and a words string: {entry!r}")
        event_words.update(dict.fromkeys(entry["words"].split(), entry["id"]))
    floor = frames.get("frame_floor")
    if not isinstance(floor, int | float) or not 0 <= floor < 1:
        raise RulesError(f"frames.frame_floor must be in [0, 1), got {floor!r}")
    settings = data.get("settings")
    if not isinstance(settings, str) or not settings.split():
        raise RulesError("rules need 'settings': a string of setting nouns")
    nouns, verbs, needs = _figures(data.get("figures"))
    figures = data["figures"]
    headline = data.get("headline")
    if not isinstance(headline, dict) or not isinstance(headline.get("aliases", {}), dict):
        raise RulesError("rules need 'headline' with said, roles, acts and an aliases mapping")
    return Rules(
        event_hours=hours,
        stopwords=frozenset(words),
        setting_nouns=frozenset(settings.split()),
        gathering_nouns=frozenset(str(data.get("gatherings", "")).split()),
        event_words=event_words,
        place_prepositions=frozenset(str(frames.get("place_prepositions", "")).split()),
        frame_floor=float(floor),
        figure_nouns=nouns,
        figure_verbs=verbs,
        figure_needs=needs,
        figure_people=frozenset(str(figures.get("people", "")).split()),
        figure_skip=frozenset(str(figures.get("skip", "")).split()),
        headline_said=frozenset(str(headline.get("said", "")).split()),
        headline_roles=frozenset(str(headline.get("roles", "")).split()),
        headline_acts=frozenset(str(headline.get("acts", "")).split()),
        headline_aliases={str(k): str(v) for k, v in (headline.get("aliases") or {}).items()},
        months=_months(data.get("months")),
    )


def _months(data: Any) -> tuple[tuple[str, ...], ...]:
    """Twelve months' word stems, January first; RulesError unless twelve strings."""
    if not isinstance(data, list) or len(data) != 12 or not all(isinstance(m, str) for m in data):
        raise RulesError("rules need 'months': twelve strings of word stems, January first")
    return tuple(tuple(m.split()) for m in data)


def _figures(
    data: Any,
) -> tuple[dict[str, str], dict[str, str], dict[str, frozenset[str]]]:
    """Nouns and verbs of each figure kind, and the words a kind needs; RulesError if bad."""
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), list):
        raise RulesError("rules need 'figures' with a 'kinds' list")
    nouns: dict[str, str] = {}
    verbs: dict[str, str] = {}
    needs: dict[str, frozenset[str]] = {}
    for entry in data["kinds"]:
        kind = entry.get("id") if isinstance(entry, dict) else None
        if not kind or not isinstance(entry.get("nouns", ""), str):
            raise RulesError(f"figure kind needs an id and a nouns string: {entry!r}")
        kind = str(kind)
        nouns.update(dict.fromkeys(str(entry.get("nouns", "")).split(), kind))
        verbs.update(dict.fromkeys(str(entry.get("verbs", "")).split(), kind))
        if entry.get("needs"):
            needs[kind] = frozenset(str(entry["needs"]).split())
    return nouns, verbs, needs


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The packaged rules, parsed once per process."""
    text = resources.files("obzor.stories").joinpath("rules.yaml").read_text(encoding="utf-8")
    return parse_rules(load_yaml(text))
