"""How a story is presented: roles that agree with publication times, the most representative
headline, and an importance to rank by. Pure functions over member records (story_views)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from obzor.stories.features import DocFreq, Item
from obzor.stories.pair import cosine

COPIES = ("duplicate", "reprint")
# Importance: log size (ten copies are not ten times the news), growth on the last day,
# distinct sources (independent confirmation) and the strongest threat score, each ~0..3.
SIZE_WEIGHT, GROWTH_WEIGHT, SOURCE_WEIGHT, THREAT_WEIGHT = 1.5, 0.5, 0.5, 2.0


def _when(member: dict[str, Any]) -> tuple[bool, str, int]:
    """Publication order: dated first, by time, then by id; undated last."""
    return (member["seen"] is None, str(member["seen"] or ""), int(member["id"]))


def settle_roles(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Members in publication order with roles that agree with it: a copy comes after what it
    copies (a near-duplicate group is rooted at its earliest copy; a reprint of a later report
    is an ordinary member), and "first" is the earliest report that copies nothing."""
    ordered = sorted(members, key=_when)
    rank = {m["id"]: n for n, m in enumerate(ordered)}
    parent = {m["id"]: m["id"] for m in ordered}

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for m in ordered:  # duplicates are one text: union them, the earliest copy is the root
        if m["role"] == "duplicate" and m["original_id"] in parent:
            a, b = root(m["id"]), root(m["original_id"])
            if a != b:
                early, late = sorted((a, b), key=rank.__getitem__)
                parent[late] = early
    settled = []
    for m in ordered:
        role, original = m["role"], m["original_id"]
        top = root(m["id"])
        if top != m["id"]:
            role, original = "duplicate", top
        elif role == "duplicate" or (role == "reprint" and not _before(original, m, rank)):
            role, original = "member", None
        elif role == "reprint":
            original = root(original)
        settled.append({**m, "role": role, "original_id": original})
    originals = [m for m in settled if m["role"] not in COPIES]
    for m in originals:
        m["role"] = "member"
    if originals:
        originals[0]["role"] = "first"
    return settled


def _before(original: int | None, copy: dict[str, Any], rank: dict[int, int]) -> bool:
    """Is the original a member published before the copy?"""
    return original is not None and original in rank and rank[original] < rank[copy["id"]]


def representative(items: Sequence[Item], df: DocFreq) -> int | None:
    """The id of the item closest to the story's centroid (title + body TF-IDF); the first
    item on a tie (callers pass them in publication order). None for no items."""
    if not items:
        return None
    # The body + title TF-IDF alone (what vectorize() puts first): no navec means, so a story
    # list does not load the word vectors (about 0.3 s of a read command's start).
    vectors = [df.vector(item.body, item.head) for item in items]
    centroid: dict[str, float] = {}
    for vector in vectors:
        for term, weight in vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
    norm = math.sqrt(sum(w * w for w in centroid.values())) or 1.0
    centroid = {t: w / norm for t, w in centroid.items()}
    best = max(range(len(items)), key=lambda i: (round(cosine(vectors[i], centroid), 9), -i))
    return items[best].id


def importance(size: int, growth: int, sources: int, threat_score: float) -> float:
    """How much a story matters: size, growth, source diversity and threat weight."""
    return round(
        SIZE_WEIGHT * math.log1p(size)
        + GROWTH_WEIGHT * growth
        + SOURCE_WEIGHT * sources
        + THREAT_WEIGHT * threat_score,
        3,
    )
