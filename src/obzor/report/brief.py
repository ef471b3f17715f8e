"""The briefing's content: top stories ranked by importance, summaries, quotes, upcoming events.

Everything here is data with article ids attached, so that every line the renderers write can
cite the article it comes from.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any, Protocol

from obzor.nlp import morph
from obzor.nlp.morph import WORD
from obzor.nlp.sentsplit import sentences
from obzor.report.admiralty import UNGRADED, grade_stories, rank_key, report_ids
from obzor.store.threats import MIN_SCORE

# Calendar entries read for the upcoming section: more than a brief shows, fewer than a year's.
UPCOMING_SCAN = 500
# Statuses of an event still to come (held, cancelled and overdue ones are not upcoming).
_AHEAD = frozenset({"announced", "confirmed", "postponed"})
TOP_STORIES = 10  # a chief reads ten stories; the rest are in the counts
SUMMARY_SENTENCES = 3  # "two to three sentences"
QUOTES_PER_STORY = 2
MAX_SENTENCE_CHARS = 400  # longer "sentences" are tables or lists that split badly


class StoryStore(Protocol):
    """The part of a store a brief reads."""

    def stories(
        self,
        since: str | None = None,
        until: str | None = None,
        threat: str | None = None,
        limit: int = 50,
        members: bool = False,
    ) -> list[dict[str, Any]]: ...

    def stories_by_id(self, ids: list[int]) -> dict[int, dict[str, Any]]: ...

    def texts(self, article_ids: list[int]) -> dict[int, str]: ...

    def text_keys(self, article_ids: list[int]) -> dict[int, tuple[list[str], list[str]]]: ...

    def source_grades(self, article_ids: list[int]) -> dict[int, dict[str, Any]]: ...

    def calendar(
        self,
        since: str | None = None,
        until: str | None = None,
        status: str | None = None,
        as_of: str | None = None,
        limit: int = 200,
    ) -> list[dict[str, Any]]: ...


def summarize(
    title: str | None,
    texts: dict[int, str],
    title_keys: list[str] | None = None,
    keys: dict[int, list[str]] | None = None,
) -> list[dict[str, Any]]:
    """Two to three sentences that best restate the headline, in reading order, each cited.
    title_keys, keys: the words' keys (morph.lemmatize) of the title and of each text as the
    search index holds them; what is not given, or does not fit its text, is lemmatized."""
    key = set(morph.lemmatize(title or "").split() if title_keys is None else title_keys)
    candidates = []
    for article_id, text in texts.items():
        held = (keys or {}).get(article_id)
        starts = [m.start() for m in WORD.finditer(text)] if held is not None else []
        if held is not None and len(held) != len(starts):
            held = None  # not this text's (edited since it was indexed)
        for rank, (start, end) in enumerate(sentences(text)):
            sentence = " ".join(text[start:end].split())
            if not 20 <= len(sentence) <= MAX_SENTENCE_CHARS:
                continue
            if held is None:
                words = set(morph.lemmatize(sentence).split())
            else:  # the sentence's words by position: nothing lemmatized
                words = set(held[bisect_left(starts, start) : bisect_left(starts, end)])
            overlap = len(words & key) / (len(key) or 1)
            candidates.append((overlap - 0.05 * rank, article_id, rank, sentence))
    chosen: list[tuple[float, int, int, str]] = []
    for cand in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if all(cand[3] != c[3] for c in chosen):
            chosen.append(cand)
        if len(chosen) == SUMMARY_SENTENCES:
            break
    order = {article_id: n for n, article_id in enumerate(texts)}  # first publication first
    chosen.sort(key=lambda c: (order[c[1]], c[2]))
    return [{"text": c[3], "article_id": c[1]} for c in chosen]


def _titled(story: dict[str, Any]) -> int | None:
    """The report whose headline is the story's title, None if none is."""
    return next((m["id"] for m in story.get("members", []) if m["title"] == story["title"]), None)


def build_brief(
    store: StoryStore, since: str | None, until: str | None, top: int = TOP_STORIES
) -> dict[str, Any]:
    """The brief for [since, until]: ranked stories with summaries, counts, upcoming events."""
    listed = store.stories(since=since, until=until, limit=100_000, members=True)
    ranked = []
    by_day: dict[str, Counter[str]] = defaultdict(Counter)
    for story in listed:
        threat_scores: dict[str, float] = {}
        for member in story["members"]:
            if member["role"] == "duplicate":
                continue  # a copy is never counted twice
            for threat in member["analysis"].get("threats", []):
                category = threat.get("category")
                if category:
                    score = float(threat.get("score", 0.0))
                    threat_scores[category] = max(threat_scores.get(category, 0.0), score)
                    seen = member["seen"]
                    # counted where present: the threshold of every threat count and filter
                    if score >= MIN_SCORE and seen and _inside(seen[:10], since, until):
                        by_day[seen[:10]][category] += 1
        present = {c: v for c, v in threat_scores.items() if v >= MIN_SCORE}
        story["category"] = max(present, key=lambda c: present[c], default=None)
        ranked.append(story)
    # Source reliability and independent outlets weigh in the ranking (report/admiralty.yaml).
    sources = store.source_grades([i for s in ranked for i in report_ids(s)])
    grade_stories(ranked, sources)
    ranked.sort(key=lambda s: (-rank_key(s), s["id"]))
    # The chosen few in full (with their thread); the rest only count.
    kept = ("importance", "category", "admiralty", "rank_bonus")
    full = store.stories_by_id([s["id"] for s in ranked[:top]])  # read together
    chosen = [{**full.get(s["id"], s), **{k: s[k] for k in kept}} for s in ranked[:top]]
    read: dict[int, list[int]] = {}  # each story's first publication, then two more reports
    for story in chosen:
        counted = [m for m in story.get("members", []) if m["role"] != "duplicate"]
        first = story["first_publication"]["id"]
        read[story["id"]] = [m["id"] for m in sorted(counted, key=lambda m: m["id"] != first)][:3]
    texts = store.texts([i for ids in read.values() for i in ids])
    titled = {s["id"]: _titled(s) for s in chosen}  # a report whose headline the story shows
    held = store.text_keys([*{*texts, *(i for i in titled.values() if i is not None)}])
    for story in chosen:
        counted = [m for m in story.get("members", []) if m["role"] != "duplicate"]
        head = titled[story["id"]]
        story["summary"] = summarize(
            story["title"],
            {i: texts[i] for i in read[story["id"]] if i in texts},
            held[head][0] if head in held else None,
            {i: held[i][1] for i in read[story["id"]] if i in held},
        )
        story["quotes"] = [
            {**q, "article_id": m["id"]}
            for m in counted
            for q in m["analysis"].get("quotes", [])
            if q.get("text") and q.get("speaker")
        ][:QUOTES_PER_STORY]
        # Each claim's code: its report's source reliability, the story's credibility.
        digit = story["admiralty"]["credibility"]
        for claim in [*story["summary"], *story["quotes"]]:
            letter = sources.get(claim["article_id"], {}).get("reliability") or UNGRADED
            claim["grade"] = f"{letter}{digit}"
    return {
        "since": since,
        "until": until,
        "stories": chosen,
        "total_stories": len(listed),
        "total_articles": sum(s["size"] for s in listed),
        "duplicates": sum(s["duplicates"] for s in listed),
        "by_category": _count_categories(ranked),
        "by_place": _places(chosen),
        "trend": {day: dict(c) for day, c in sorted(by_day.items())},
        "upcoming": _upcoming(store, until),
    }


def _inside(day: str, since: str | None, until: str | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


def _count_categories(stories: list[dict[str, Any]]) -> dict[str, int]:
    counts = Counter(s["category"] for s in stories if s["category"])
    return dict(counts.most_common())


def _places(stories: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Places (LOC entities) named by the top stories, with the stories naming them."""
    places: dict[str, list[int]] = defaultdict(list)
    for story in stories:
        for entity in story["entities"]:
            if entity["type"] == "LOC":
                places[entity["name"]].append(story["id"])
    return dict(sorted(places.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def _upcoming(store: StoryStore, until: str | None) -> list[dict[str, Any]]:
    """The forward calendar's entries still to come after the period (docs/calendar.md), as
    its articles up to the period's end announced them, each citing its latest report."""
    day = (until or datetime.now(UTC).date().isoformat())[:10]
    found = []
    for entry in store.calendar(since=day, as_of=day, limit=UPCOMING_SCAN):
        known = [r for r in entry["reports"] if (r["published"] or "")[:10] <= day]
        if entry["first_day"] <= day or not known or entry["status"] not in _AHEAD:
            continue
        found.append(
            {
                "date": entry["date"] + (f"..{entry['date_end']}" if entry["date_end"] else ""),
                "name": entry["name"],
                "type": entry["type"],
                "place": entry["place"],
                "status": entry["status"],
                "entry_id": entry["id"],
                "article_id": known[-1]["article_id"],
            }
        )
    return found
