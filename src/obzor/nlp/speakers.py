"""Who is speaking: speaker phrases resolved to the article's people, roles and pronouns."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from obzor.model import Mention
from obzor.text import fold
from obzor.yamldata import load_yaml

# An apposition puts the role right before the name: "президент Казахстана Касым-Жомарт Токаев",
# "генерального секретаря ОДКБ Имангали Тасмагамбетова"; 40 characters hold a role and its
# complement (a country or organisation) and nothing more.
APPOSITION_GAP = 40
SPEAKER_TYPES = ("PER", "ORG")
_COMPLEMENT = re.compile(r"\s+(?:нашего\s+)?([A-ZА-ЯЁ][\w-]+)")


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: display name and knowledge-base id (None when unlinked)."""

    name: str
    id: str | None
    person: bool = True  # a person (or an unnamed official), not an organisation


@dataclass(frozen=True, slots=True)
class Role:
    """A role phrase ("глава государства"); salient: may stand for the main person."""

    id: str
    pattern: re.Pattern[str]
    salient: bool


@dataclass(frozen=True, slots=True)
class SpeechRules:
    """The compiled rules of speech.yaml."""

    verbs: re.Pattern[str]
    pronouns: re.Pattern[str]
    publications: re.Pattern[str]
    roles: tuple[Role, ...]


@lru_cache(maxsize=1)
def rules() -> SpeechRules:
    """speech.yaml compiled once; a malformed file raises ValueError naming the problem."""
    raw = load_yaml(resources.files("obzor.nlp").joinpath("speech.yaml").read_text("utf-8"))
    return compile_rules(raw)


def compile_rules(raw: Any) -> SpeechRules:
    """Validate and compile a speech-rules mapping (lists of {id, regex} per section)."""
    if not isinstance(raw, dict):
        raise ValueError("speech rules must be a mapping")
    sections: dict[str, list[tuple[str, str, bool]]] = {}
    for section in ("verbs", "roles", "pronouns", "publications"):
        entries = raw.get(section)
        if not isinstance(entries, list) or not entries:
            raise ValueError(f"speech rules: {section!r} must be a non-empty list")
        sections[section] = []
        for entry in entries:
            if not isinstance(entry, dict) or not entry.get("id") or not entry.get("regex"):
                raise ValueError(f"speech rules: every {section} entry needs an id and a regex")
            regex = re.sub(r"\s+", "", str(entry["regex"]))
            if section == "verbs":
                regex = regex.replace("л|", "л[аи]?|")  # past tense: сказал, сказала, сказали
            try:
                re.compile(regex)
            except re.error as e:
                raise ValueError(f"speech rules: {entry['id']}: bad regex: {e}") from e
            sections[section].append((str(entry["id"]), regex, bool(entry.get("salient"))))

    def union(section: str) -> re.Pattern[str]:
        body = "|".join(f"(?:{regex})" for _, regex, _ in sections[section])
        return re.compile(rf"\b(?:{body})\b", re.IGNORECASE)

    roles = tuple(
        Role(rid, re.compile(rf"\b(?:{regex})\b", re.IGNORECASE), salient)
        for rid, regex, salient in sections["roles"]
    )
    return SpeechRules(union("verbs"), union("pronouns"), union("publications"), roles)


def _surname(name: str) -> str:
    words = name.split()
    return words[-1] if words else ""


class People:
    """The article's possible speakers: mentions grouped under one canonical name each."""

    def __init__(self, text: str, mentions: list[Mention]) -> None:
        self.text = text
        self.mentions = sorted(
            (m for m in mentions if m.type in SPEAKER_TYPES), key=lambda m: m.start
        )
        self.starts = [m.start for m in self.mentions]
        persons = [m for m in self.mentions if m.type == "PER"]
        # Longest first; names of one length by name, not by the set's order, which changes
        # with the hash seed (two full names of one surname gave either to the bare surname).
        full = sorted(sorted({m.name for m in persons}), key=len, reverse=True)
        by_surname: dict[str, list[str]] = {}  # longest first
        for name in full:
            by_surname.setdefault(_surname(name), []).append(name)
        # "Тасмагамбетов" alone is "Имангали Тасмагамбетов" when the article names him in full.
        self._canon = {
            name: next((f for f in by_surname[_surname(name)] if len(f) > len(name)), name)
            for name in full
        }
        self._votes: dict[tuple[int, str | None, str | None], Counter[Speaker]] = {}
        self._ids = {self._canon[m.name]: m.id for m in persons if m.id}
        self.salience = Counter(self._canon[m.name] for m in persons)
        top = max(self.salience.values(), default=0)
        self._salient = next(
            (self.speaker(m) for m in persons if self.salience[self._canon[m.name]] == top),
            None,
        )

    def speaker(self, m: Mention) -> Speaker:
        """The Speaker a mention names (PER names made canonical: surname -> full name)."""
        if m.type != "PER":
            return Speaker(m.name, m.id, person=False)
        name = self._canon.get(m.name, m.name)
        return Speaker(name, m.id or self._ids.get(name))

    def starting_in(self, start: int, end: int) -> list[Mention]:
        """The mentions that start inside [start, end), in text order."""
        return self.mentions[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def in_span(self, start: int, end: int, last: bool = False) -> Speaker | None:
        """The first (or last) PER mention inside [start, end), else an ORG one, else None."""
        for kind in SPEAKER_TYPES:
            found = [m for m in self.starting_in(start, end) if m.type == kind]
            if found:
                return self.speaker(found[-1] if last else found[0])
        return None

    def most_salient(self) -> Speaker | None:
        """The person mentioned most often (the earliest among equals), or None."""
        return self._salient

    def role(self, start: int, end: int) -> Speaker | None:
        """The person a role phrase in [start, end) stands for, or None if none is found."""
        span = self.text[start:end]
        matches = [
            (hit.start(), -len(hit.group()), i, hit)
            for i, r in enumerate(rules().roles)
            if (hit := r.pattern.search(span)) is not None
        ]
        if not matches:
            return None
        _, _, index, match = min(matches, key=lambda x: x[:3])
        role = rules().roles[index]
        after = _COMPLEMENT.match(span, match.end())
        complement = fold(after.group(1)[:5]) if after else None
        # a salient role may be worded otherwise ("генсек" / "генеральный секретарь"); any
        # other must be the same word ("собеседник", not any "сотрудник" in the article)
        stem = None if role.salient else fold(match.group()[:5])
        votes = self._votes.get((index, stem, complement))
        if votes is None:  # the same for every phrase of this role: counted once an article
            votes = self._votes[index, stem, complement] = Counter()
            for m in self.mentions:
                before = self.text[max(0, m.start - APPOSITION_GAP) : m.start]
                before = re.split(r"[.!?\n]", before)[-1]  # an apposition is in one sentence
                if (
                    m.type == "PER"
                    and role.pattern.search(before)
                    and (stem is None or stem in fold(before))
                    and (complement is None or complement in fold(before))
                ):
                    votes[self.speaker(m)] += 1
        if votes and (complement or not role.salient):
            return votes.most_common(1)[0][0]
        return self.most_salient() if role.salient else None

    def nearest_before(self, position: int) -> Speaker | None:
        """The last PER mention before position, or None."""
        for i in range(bisect_right(self.starts, position) - 1, -1, -1):
            m = self.mentions[i]
            if m.type == "PER" and m.end <= position:
                return self.speaker(m)
        return None
