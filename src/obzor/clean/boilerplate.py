"""Site furniture: named line rules from boilerplate.yaml, and the matcher that applies them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from obzor.clean.text import strip_bullets
from obzor.text import fold
from obzor.yamldata import load_yaml

RULES_PATH = Path(__file__).with_name("boilerplate.yaml")

# Furniture lines are short; 200 characters holds the longest prompt or credit seen in the
# seeds and region sites, while a real paragraph is longer and skips the regexes entirely.
DEFAULT_MAX_LEN = 200

# Trailing punctuation that does not change what an exact-rule line means ("Поделиться:").
_TRAILING = " :.!?…"


@dataclass(frozen=True, slots=True)
class Rule:
    """One named boilerplate rule: drop a line, or cut the page from that line on."""

    name: str
    action: str = "drop"
    exact: frozenset[str] = frozenset()
    regex: re.Pattern[str] | None = None
    contains: tuple[str, ...] = ()
    max_len: int | None = None
    title: bool = False

    @property
    def rejects_title(self) -> bool:
        """True when a headline candidate this rule matches is furniture, not a headline: whole
        known lines (buttons, labels) always; a pattern only when marked ``title: true``."""
        return bool(self.exact) or self.title

    @property
    def cuts(self) -> bool:
        """True when the rule removes the rest of the page too."""
        return self.action == "cut"

    @property
    def limit(self) -> int:
        """The longest line this rule may remove."""
        return self.max_len or DEFAULT_MAX_LEN

    def fires(self, line: str, lowered: str) -> bool:
        """True when the rule's regex/contains matcher removes the line (exact lines aside)."""
        if len(line) > self.limit or not (self.regex or self.contains):
            return False
        if self.contains and not any(part in lowered for part in self.contains):
            return False
        return self.regex is None or self.regex.match(line) is not None


class RuleSet:
    """Rules compiled for speed: one dict for exact lines, one alternation for the regexes."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self._exact = {line: rule for rule in reversed(rules) for line in rule.exact}
        self._exact_len = max((len(line) for line in self._exact), default=0)
        self._matchers = [rule for rule in rules if rule.regex or rule.contains]
        self._longest = max((rule.limit for rule in self._matchers), default=0)
        # One alternation of the regex-only rules says "some rule may fire" fast; only then is
        # each rule tried. (Named groups would defeat the regex engine's optimizations.)
        joined = "|".join(
            f"(?:{rule.regex.pattern})"
            for rule in self._matchers
            if rule.regex and not rule.contains
        )
        self._any = re.compile(joined or r"(?!)", re.IGNORECASE)
        self._substrings = tuple(part for rule in self._matchers for part in rule.contains)

    def match(self, line: str) -> Rule | None:
        """The first rule that removes this (normalized) line, or None for content."""
        key_line = strip_bullets(line) or line
        if len(key_line) <= self._exact_len + 4:  # trailing punctuation is stripped below
            exact = self._exact.get(fold(key_line).rstrip(_TRAILING))
            if exact is not None:
                return exact
        if len(key_line) > self._longest:
            return None
        lowered = key_line.lower()
        if self._any.match(key_line) is None and not any(s in lowered for s in self._substrings):
            return None
        return next((rule for rule in self._matchers if rule.fires(key_line, lowered)), None)


def load_rules(path: Path = RULES_PATH) -> RuleSet:
    """The rule set from a YAML file (see boilerplate.yaml for the format)."""
    data: dict[str, Any] = load_yaml(path.read_text(encoding="utf-8"))
    return RuleSet([_rule(item) for item in data["rules"]])


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The packaged rules, loaded and compiled once per process."""
    return load_rules()


def which_rule(line: str) -> str | None:
    """The name of the default rule that removes this line, or None when it is content."""
    rule = default_rules().match(line)
    return rule.name if rule else None


def strip_furniture(paragraphs: Iterable[str], rules: RuleSet | None = None) -> list[str]:
    """The paragraphs that no rule removes; a cut rule ends the body once it has begun."""
    rules = rules or default_rules()
    body: list[str] = []
    for para in paragraphs:
        rule = rules.match(para)
        if rule is None:
            body.append(para)
        elif rule.cuts and body:
            break
    return body


def _rule(item: dict[str, Any]) -> Rule:
    name = str(item["name"])
    action = str(item.get("action", "drop"))
    if action not in ("drop", "cut"):
        raise ValueError(f"boilerplate rule {name!r}: action must be drop or cut, not {action!r}")
    exact = frozenset(fold(str(x)).rstrip(_TRAILING) for x in item.get("exact", []))
    contains = tuple(str(x).lower() for x in item.get("contains", []))
    pattern = item.get("regex")
    if not exact and not contains and pattern is None:
        raise ValueError(f"boilerplate rule {name!r} needs exact, regex or contains")
    regex = re.compile(pattern, re.IGNORECASE) if pattern is not None else None
    max_len = item.get("max_len")
    max_len_value = int(max_len) if max_len else None
    return Rule(name, action, exact, regex, contains, max_len_value, bool(item.get("title")))
