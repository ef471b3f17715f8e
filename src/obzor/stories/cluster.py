"""Incremental same-event grouping: each arriving article joins a story or starts one.

Candidates come from an inverted index over each article's key lemmas and names and from
MinHash LSH, restricted to a time window, so the cost per article does not grow with the
number of articles already seen (near linear overall, memory bounded by the window).
A candidate member only proposes its story: the article joins when it also matches the
story's core (the same-event decision holds against every one of its first CORE_SIZE
reports, or names the first report's speaker at the same occasion that day) and was published
within event_hours of the story's first report, so a story never grows by links from member to
member.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from obzor.stories.dedup import LSHIndex, containment, jaccard
from obzor.stories.features import DocFreq, Item
from obzor.stories.pair import (
    PairModel,
    decide,
    model,
    overlap,
    pair_features,
    probability,
    same_occasion,
    same_time,
)
from obzor.text import fold

# Copies and reprints of a report appear within a few days of it (the same-event join itself is
# bounded tighter, by rules.yaml event_hours); later pieces are linked as a thread.
WINDOW_DAYS = 3
# A thread (announced, held, commented) spans about two weeks of coverage.
THREAD_DAYS = 14
# Shingle Jaccard at or above this is a copy (a changed sentence or two in a 20-sentence text).
DUPLICATE_JACCARD = 0.8
# A text that holds 60% of another's shingles reuses it: a reprint, even if rewritten around it.
REPRINT_CONTAINMENT = 0.6
# A weaker match that shares names links the new story into the older one's thread.
THREAD_PROBABILITY = 0.25
THREAD_SHARED_NAMES = 2
# Index the ten strongest lemmas and ten names: enough to find a report of the same event,
# few enough that each article touches few posting lists.
KEY_TERMS, KEY_NAMES = 10, 10
MIN_SHARED_KEYS = 2  # one shared word ("Казахстан") is a topic, not an event
MAX_CANDIDATES = 8  # score only the best-connected candidates: bounds the cost per article
MAX_POSTING = 1000  # a key in more articles than this does not discriminate; skipped
# Cross-language: two reports in different languages on the same day that share most of
# their knowledge-base entities (at least three) report one event.
CROSS_LANGUAGE_KB = 0.5
CROSS_LANGUAGE_MIN_IDS = 3
# A story's core: its first reports (duplicates aside). Eight is more than most stories hold,
# and bounds the comparisons a join costs.
CORE_SIZE = 8
MAX_UNDATED = 200  # undated articles kept for matching (they never age out by date): the
# last 200 are what a new undated report is compared with; memory stays bounded


@dataclass(frozen=True, slots=True)
class Decision:
    """Where one article went: its story and thread, its role, the original it copies."""

    article_id: int
    story_id: int
    thread_id: int
    role: str  # "first" (opened the story), "member", "reprint" or "duplicate"
    original_id: int | None
    score: float  # P(same event) with the best match (Jaccard for a duplicate)


@dataclass(slots=True)
class Core:
    """What a story is about: its first CORE_SIZE reports (no duplicates) and its first one."""

    first: Item
    pair_model: PairModel
    members: list[Item] = field(default_factory=list)

    def add(self, item: Item) -> None:
        """Count one more report (into the core while it has room; the earlier first report)."""
        if len(self.members) < CORE_SIZE:
            self.members.append(item)
        if _moment(item) < _moment(self.first):
            self.first = item

    def matches(self, item: Item) -> bool:
        """Does the same-event decision hold between item and every report of the core, or
        does it give the first report's speaker at the same occasion that day (one speech,
        many subjects: pair.same_occasion)?"""
        if same_occasion(item, self.first):
            return True
        votes = sum(decide(item, m, pair_features(item, m), self.pair_model) for m in self.members)
        return votes == len(self.members)


def _moment(item: Item) -> float:
    """When an item was published, in hours (a date alone counts as its midnight)."""
    if item.hour is not None:
        return item.hour
    return item.day * 24 if item.day is not None else math.inf


class Grouper:
    """The window of recent articles and their stories; add() decides for one new article."""

    def __init__(
        self,
        df: DocFreq | None = None,
        window_days: int = WINDOW_DAYS,
        thread_days: int = THREAD_DAYS,
        pair_model: PairModel | None = None,
    ) -> None:
        self.df = df or DocFreq()
        self.pair_model = pair_model or model()  # the packaged one unless another is passed
        self.window_days, self.thread_days = window_days, thread_days
        self.items: dict[int, Item] = {}
        self.decisions: dict[int, Decision] = {}
        self.members: dict[int, list[int]] = defaultdict(list)  # story id -> article ids
        self.by_day: dict[int | None, list[int]] = defaultdict(list)
        self.index: dict[str, set[int]] = defaultdict(set)
        self.lsh = LSHIndex()
        self.cores: dict[int, Core] = {}  # story id -> centroid and first report
        self.latest: int | None = None

    def add(self, item: Item) -> Decision:
        """Decide the story of a new article, remember it, and return the decision."""
        self.df.add(item)
        self.df.vectorize(item)
        decision = self._decide(item)
        self.remember(item, decision)
        return decision

    def remember(self, item: Item, decision: Decision) -> None:
        """Index an article whose decision is known (a new one, or one loaded from a store)."""
        if not item.vectors:
            self.df.vectorize(item)
        self.items[item.id] = item
        self.decisions[item.id] = decision
        self.members[decision.story_id].append(item.id)
        core = self.cores.get(decision.story_id)
        if core is None:
            self.cores[decision.story_id] = Core(item, self.pair_model, [item])
        elif decision.role != "duplicate":  # a copy adds nothing to what a story is about
            core.add(item)
        self.by_day[item.day].append(item.id)
        for key in self._keys(item):
            self.index[key].add(item.id)
        self.lsh.add(item.id, item.signature)
        if item.day is not None and (self.latest is None or item.day > self.latest):
            self.latest = item.day
            self._evict(item.day - self.thread_days - self.window_days)
        if len(self.by_day[None]) > MAX_UNDATED:
            self._forget(self.by_day[None].pop(0))

    def _decide(self, item: Item) -> Decision:
        copies = {c: jaccard(item.signature, self.items[c].signature) for c in self._near(item)}
        if copies:
            best = max(copies, key=lambda c: (copies[c], -c))
            if copies[best] >= DUPLICATE_JACCARD:
                return self._join(item, best, "duplicate", copies[best], self._original(best))
            for cand in sorted(copies, key=lambda c: (-copies[c], c)):
                other = self.items[cand]
                reused = containment(copies[cand], item.shingles, other.shingles)
                story = self.decisions[cand].story_id
                if reused >= REPRINT_CONTAINMENT and self._fits_core(item, story, reprint=True):
                    return self._join(item, cand, "reprint", copies[cand], self._original(cand))
        features = {c: pair_features(item, self.items[c]) for c in self._related(item)}
        scored = {c: probability(f, self.pair_model) for c, f in features.items()}
        crossed = dict(self._cross_language(item))
        scored.update({c: max(scored.get(c, 0.0), p) for c, p in crossed.items()})
        joinable = {
            c: p
            for c, p in scored.items()
            if (c in crossed and same_time(item, self.items[c]))
            or (c in features and decide(item, self.items[c], features[c], self.pair_model))
            or (
                c in features
                and same_time(item, self.items[c])
                and same_occasion(item, self.items[c])
            )
        }
        for best in sorted(joinable, key=lambda c: (-joinable[c], c)):
            story = self.decisions[best].story_id
            if not self._fits_core(item, story, cross_language=best in crossed):
                continue
            credited = self._credited(item, story)
            if credited is not None:
                return self._join(item, credited, "reprint", joinable[best], credited)
            return self._join(item, best, "member", joinable[best], None)
        thread = item.id
        linked = [
            c
            for c, p in scored.items()
            if p >= THREAD_PROBABILITY
            and item.day is not None
            and self.items[c].day is not None
            and len(item.names & self.items[c].names) >= THREAD_SHARED_NAMES
        ]
        if linked:
            best = max(linked, key=lambda c: (scored[c], -c))
            thread = self.decisions[best].thread_id  # every member carries its story's thread
        best_p = max(scored.values(), default=0.0)
        return Decision(item.id, item.id, thread, "first", None, best_p)

    def _fits_core(
        self, item: Item, story_id: int, cross_language: bool = False, reprint: bool = False
    ) -> bool:
        """Does the item report what the story is about, close to its first report in time?
        (A cross-language report shares no words with the centroid: time alone is checked. A
        reprint found by shingle containment had no pair decision yet, so it is checked against
        a one-report core too: RIA reuses background paragraphs for days.)"""
        core = self.cores.get(story_id)
        if core is None:
            return True
        if not same_time(item, core.first):
            return False
        if cross_language or (len(core.members) == 1 and not reprint):
            return True  # the pair decision already compared the item with the one report
        return core.matches(item)

    def _join(
        self, item: Item, match: int, role: str, score: float, original: int | None
    ) -> Decision:
        joined = self.decisions[match]
        return Decision(item.id, joined.story_id, joined.thread_id, role, original, score)

    def _original(self, article_id: int) -> int:
        """The first copy: follow a duplicate or reprint back to what it copies."""
        decision = self.decisions[article_id]
        return decision.original_id or article_id

    def _credited(self, item: Item, story_id: int) -> int | None:
        """The earliest story member whose outlet the new article credits, if any."""
        credits = {fold(c) for c in item.credits}
        if not credits:
            return None
        members = [
            i for i in self.members.get(story_id, ()) if fold(self.items[i].outlet or "") in credits
        ]
        return min(members, key=lambda i: (self.items[i].day or 0, i)) if members else None

    @staticmethod
    def _keys(item: Item) -> tuple[str, ...]:
        if not item.keys:
            vector = item.vectors[0]
            strongest = heapq.nlargest(KEY_TERMS, sorted(vector), key=vector.__getitem__)
            item.keys = tuple(strongest) + tuple("@" + n for n in sorted(item.names)[:KEY_NAMES])
        return item.keys

    def _related(self, item: Item) -> list[int]:
        shared: Counter[int] = Counter()
        for key in self._keys(item):
            posting = self.index.get(key, ())
            if len(posting) <= MAX_POSTING:
                shared.update(posting)
        found: list[int] = []
        for c, n in shared.most_common():
            if n < MIN_SHARED_KEYS or len(found) == MAX_CANDIDATES:
                break
            if self._close(item, c, self.thread_days):
                found.append(c)
        return found

    def _near(self, item: Item) -> list[int]:
        return [
            c for c in self.lsh.candidates(item.signature) if self._close(item, c, self.window_days)
        ]

    def _cross_language(self, item: Item) -> list[tuple[int, float]]:
        if len(item.kb_ids) < CROSS_LANGUAGE_MIN_IDS:
            return []
        found = []
        if item.day is not None:
            for c in self.by_day.get(item.day, ()):
                other = self.items[c]
                score = overlap(item.kb_ids, other.kb_ids)
                if (
                    other.language != item.language
                    and len(item.kb_ids & other.kb_ids) >= CROSS_LANGUAGE_MIN_IDS
                    and score >= CROSS_LANGUAGE_KB
                ):
                    found.append((c, score))
        return found

    def _close(self, item: Item, other_id: int, days: int) -> bool:
        other = self.items[other_id].day
        return item.day is None or other is None or abs(item.day - other) <= days

    def _evict(self, before: int) -> None:
        for day in [d for d in self.by_day if d is not None and d < before]:
            for article_id in self.by_day.pop(day):
                self._forget(article_id, from_day=False)

    def _forget(self, article_id: int, from_day: bool = True) -> None:
        item = self.items.pop(article_id)
        decision = self.decisions.pop(article_id)
        for key in self._keys(item):
            posting = self.index.get(key)
            if posting is not None:
                posting.discard(article_id)
                if not posting:
                    del self.index[key]
        self.lsh.remove(article_id, item.signature)
        members = self.members.get(decision.story_id)
        if members is not None and article_id in members:
            members.remove(article_id)
            if not members:
                del self.members[decision.story_id]
                self.cores.pop(decision.story_id, None)
        if from_day and article_id in self.by_day.get(item.day, []):
            self.by_day[item.day].remove(article_id)
