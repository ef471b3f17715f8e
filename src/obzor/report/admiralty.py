"""The Admiralty code of a story's claims ("B2"): the best reliability among its independent
reports and a credibility digit from how many independent outlets carry it (admiralty.yaml),
and the ranking bonus the brief and the dashboard give for both. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from obzor.text import fold
from obzor.yamldata import load_yaml

GRADES = "ABCDEF"
UNGRADED = "F"  # a report no registered source vouches for: reliability cannot be judged


@dataclass(frozen=True, slots=True)
class Rules:
    """admiralty.yaml, checked."""

    reliability: dict[str, dict[str, Any]]
    low: frozenset[str]
    credibility: tuple[dict[str, Any], ...]
    reliability_weight: float
    independent_weight: float


@dataclass(frozen=True, slots=True)
class Grade:
    """A story's claims as graded: "B2", the parts, the independent outlets, the low mark."""

    reliability: str
    credibility: int
    independent: int
    low_only: bool

    @property
    def code(self) -> str:
        return f"{self.reliability}{self.credibility}"

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "reliability": self.reliability,
                "credibility": self.credibility, "independent": self.independent,
                "low_only": self.low_only}  # fmt: skip


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The rules of admiralty.yaml (loaded once); ValueError when they are malformed."""
    data = load_yaml(Path(__file__).with_name("admiralty.yaml").read_text(encoding="utf-8"))
    grades = data["reliability"]
    if set(grades) != set(GRADES):
        raise ValueError(f"admiralty.yaml: reliability must grade exactly {GRADES}")
    credibility = tuple(data["credibility"])
    if credibility[-1].get("min_independent") != 0 or "best" in credibility[-1]:
        raise ValueError("admiralty.yaml: the last credibility rule must hold for every claim")
    return Rules(grades, frozenset(data["low"]), credibility,
                 float(data["rank"]["reliability_weight"]),
                 float(data["rank"]["independent_weight"]))  # fmt: skip


def grade(reports: list[tuple[str | None, str | None]]) -> Grade:
    """The grade of a claim carried by reports, each (outlet, reliability letter or None),
    copies and reprints already left out. Reports of one outlet count once."""
    outlets: dict[str, str] = {}
    for n, (outlet, letter) in enumerate(reports):
        key = fold((outlet or "").strip()) or f"#unknown-{n}"
        given = letter if letter and letter in GRADES else UNGRADED
        outlets[key] = min(outlets.get(key, given), given)  # an outlet's best grade
    best = min(outlets.values(), default=UNGRADED)
    independent = len(outlets)
    r = rules()
    digit = next(int(rule["grade"]) for rule in r.credibility
                 if independent >= int(rule["min_independent"])
                 and ("best" not in rule or best in rule["best"]))  # fmt: skip
    low_only = bool(outlets) and all(v in r.low for v in outlets.values())
    return Grade(best, digit, independent, low_only)


def rank_bonus(g: Grade) -> float:
    """What a story's grade adds to its importance: a reliable source and independent outlets
    rank it higher."""
    r = rules()
    weight = float(r.reliability[g.reliability]["weight"])
    return round(
        r.reliability_weight * weight + r.independent_weight * max(g.independent - 1, 0), 3
    )


def report_ids(story: dict[str, Any]) -> list[int]:
    """Ids of every report of a story (its "articles": ids, or dicts with an id)."""
    return [a if isinstance(a, int) else int(a["id"]) for a in story.get("articles", [])]


def independent_reports(story: dict[str, Any]) -> list[int]:
    """Ids of a story's reports that are not reprints or copies of another of its reports."""
    copies = {int(r["id"]) for r in story.get("reprints", [])}
    return [i for i in report_ids(story) if i not in copies]


def story_grade(story: dict[str, Any], sources: dict[int, dict[str, Any]]) -> Grade:
    """A story's grade from its independent reports and their sources (store.source_grades)."""
    return grade([(sources.get(i, {}).get("outlet"), sources.get(i, {}).get("reliability"))
                  for i in independent_reports(story)])  # fmt: skip


def label(g: Grade, lang: str) -> str:
    """The code spelt out: B2 is "usually reliable, probably true"."""
    r = rules()
    cred = next(rule for rule in r.credibility if int(rule["grade"]) == g.credibility)
    return f"{r.reliability[g.reliability][lang]}, {cred[lang]}"


def grade_stories(stories: list[dict[str, Any]], sources: dict[int, dict[str, Any]]) -> None:
    """Write each story's "admiralty" grade and its "rank_bonus" onto it."""
    for story in stories:
        g = story_grade(story, sources)
        story["admiralty"], story["rank_bonus"] = {**g.to_json(), "label": {
            lang: label(g, lang) for lang in ("ru", "en")}}, rank_bonus(g)  # fmt: skip


def rank_key(story: dict[str, Any]) -> float:
    """What the brief and the dashboard rank stories by: importance plus the grade's bonus."""
    return float(story["importance"]) + float(story.get("rank_bonus", 0.0))
