"""Article text as HTML with entities, threats, quotes and events marked; everything escaped."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from markupsafe import Markup

from obzor.model import Article
from obzor.taxonomy.threats import category_label


@dataclass(frozen=True, slots=True)
class Span:
    """One marked stretch of text: offsets, kind (entity/threat/quote/event), link, title."""

    start: int
    end: int
    kind: str
    href: str | None = None
    title: str = ""


def spans(article: Article, lang: str = "ru") -> list[Span]:
    """Every span an article's analysis gives offsets for; threat names in the language."""
    out = [
        Span(
            e.start,
            e.end,
            f"entity {e.type}",
            "/entities/" + quote(e.name, safe=""),
            f"{e.type}: {e.name}",
        )
        for e in article.entities
    ]
    for t in article.threats:
        name = category_label(t.category, lang)
        out += [Span(ev.start, ev.end, "threat", None, name) for ev in t.evidence]
    out += [Span(q.start, q.end, "quote", None, q.speaker or "") for q in article.quotes]
    out += [Span(e.evidence.start, e.evidence.end, "event", None, e.name) for e in article.events]
    return out


def _disjoint(spans: list[Span], size: int) -> list[Span]:
    """Spans that do not overlap each other, longest first."""
    chosen: list[Span] = []
    taken = [False] * size
    for s in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if 0 <= s.start < s.end <= size and not any(taken[s.start : s.end]):
            chosen.append(s)
            taken[s.start : s.end] = [True] * (s.end - s.start)
    return chosen


def _tag(s: Span) -> tuple[str, str]:
    attrs = f'class="hl {escape(s.kind)}" title="{escape(s.title)}"'
    if s.href:
        return f'<a {attrs} href="{escape(s.href)}">', "</a>"
    return f"<mark {attrs}>", "</mark>"


def render(text: str, marks: list[Span]) -> Markup:
    """text with spans wrapped: entity links nest inside quote/threat/event marks; escaped."""
    outer = _disjoint([s for s in marks if not s.kind.startswith("entity")], len(text))
    inner = [
        e
        for e in _disjoint([s for s in marks if s.kind.startswith("entity")], len(text))
        if all(
            e.end <= o.start or e.start >= o.end or o.start <= e.start < e.end <= o.end
            for o in outer
        )  # an entity crossing a mark's edge is left plain
    ]
    # At one offset: close entity, close mark, open mark, open entity.
    edges = [(s.end, 0, _tag(s)[1]) for s in inner] + [(s.end, 1, _tag(s)[1]) for s in outer]
    edges += [(s.start, 2, _tag(s)[0]) for s in outer] + [(s.start, 3, _tag(s)[0]) for s in inner]
    parts: list[str] = []
    pos = 0
    for at, _, tag in sorted(edges, key=lambda e: (e[0], e[1])):
        parts.append(escape(text[pos:at]))
        parts.append(tag)
        pos = at
    parts.append(escape(text[pos:]))
    return Markup("".join(parts))
