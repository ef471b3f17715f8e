"""Text-level metadata: agency dateline, credited sources and the outlet, by precedence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from obzor.clean.sources import canonical_outlet, scan
from obzor.clean.text import domain_of
from obzor.nlp.months import MONTHS
from obzor.text import fold

# The dateline and the outlet's own attribution ("сообщает X со ссылкой на Y", "в интервью X")
# sit in the lead; deeper in the text the same phrases report what other outlets said.
LEAD_PARAGRAPHS = 3

_CAPS = r"[А-ЯЁA-Z][А-ЯЁA-Z.'-]+"  # "С.-ПЕТЕРБУРГ" abbreviates with a dot
_PLACE = rf"(?P<place>{_CAPS}(?:[ /]{_CAPS}){{0,3}})"
# A region in brackets and a second place may follow: "БУХТА КАПСЕЛЬ, СУДАК (Крым), 28 окт".
_REGION = (
    rf"(?:\s*\([^)\n]{{1,40}}\))?(?:\s*,\s*{_CAPS}(?: {_CAPS}){{0,3}}(?:\s*\([^)\n]{{1,40}}\))?)?"
)
_DATELINES = (
    # "МОСКВА, 15 октября. /ТАСС/.", "БИШКЕК, 3 июн – РИА Новости.", "АСТАНА, 5 мая 2024 г."
    re.compile(
        rf"{_PLACE}{_REGION}\s*[,.]\s*\d{{1,2}}\s+(?P<month>[а-яёa-z]+)\.?"
        r"(?:\s+\d{4}(?:\s*(?:г\.|года))?)?\s*[.,]?\s*"
        r"(?:/\s*(?P<agency>[^/\n]{2,40}?)\s*/|[-–—]\s*(?P<agency2>[^.\n]{2,40}?)\s*(?:\.|[-–—]))?"
    ),
    # "АСТАНА. КАЗИНФОРМ – ", "Москва. 15 октября. INTERFAX.RU - "
    re.compile(
        r"(?P<place>[А-ЯЁ][А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*)\.\s+(?:\d{1,2}\s+[а-яё]+\.\s+)?"
        r"(?P<agency>[А-ЯЁA-Z][А-ЯЁA-Z.-]{2,}(?: [А-ЯЁA-Z]{2,})?)\s*[-–—]\s"
    ),
    # "ALMATY, Kazakhstan (AP) —", "MOSCOW, Oct 15 (Reuters) -"
    re.compile(
        r"(?P<place>[A-Z][A-Z'.-]+(?: [A-Z][A-Z'.-]+){0,3})"
        r"(?:,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
        r"(?:,\s*(?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8}))?"
        r"\s*\((?P<agency>[A-Za-z][\w .&-]{0,30})\)\s*[-–—]"
    ),
)
# Particles that stay lowercase inside a place name ("Ростов-на-Дону").
_PARTICLES = frozenset(["на", "де", "ла", "дель", "ан", "эль", "upon", "on"])


@dataclass(frozen=True, slots=True)
class Dateline:
    """An agency dateline: the place (title-cased), the agency, and its paragraph."""

    place: str
    agency: str | None
    paragraph: int


@dataclass(slots=True)
class TextMeta:
    """What the body text says about itself."""

    dateline: str | None = None
    outlet: str | None = None
    credited: list[str] = field(default_factory=list)


def find_dateline(paragraphs: Sequence[str]) -> Dateline | None:
    """The dateline at the start of one of the first paragraphs, or None."""
    for index, para in enumerate(paragraphs[:LEAD_PARAGRAPHS]):
        for pattern in _DATELINES:
            m = pattern.match(para)
            if m is None:
                continue
            groups = m.groupdict()
            if groups.get("month") and groups["month"] not in MONTHS:
                continue
            agency = groups.get("agency") or groups.get("agency2")
            place = title_place(m["place"].split("/")[0])
            return Dateline(place, _agency(agency) if agency else None, index)
    return None


def title_place(place: str) -> str:
    """A capitalized place title-cased per word and hyphen part: "НУР-СУЛТАН" -> "Нур-Султан"."""
    words = []
    for word in place.strip().split():
        parts = [p.capitalize() for p in word.split("-")]
        parts[1:] = [p.lower() if p.lower() in _PARTICLES else p for p in parts[1:]]
        words.append("-".join(parts))
    return " ".join(words)


def text_metadata(
    paragraphs: Sequence[str], fallback_outlets: Iterable[str | None] = ()
) -> TextMeta:
    """Dateline place, credited sources and the outlet, the text's own evidence first."""
    text = "\n\n".join(paragraphs)
    starts = _starts(paragraphs)
    lead_end = starts[min(LEAD_PARAGRAPHS, len(paragraphs))] if paragraphs else 0
    dateline = find_dateline(paragraphs)
    found = scan(text)
    credits = [(c.start, c.name) for c in found.credits]
    if dateline and dateline.agency:
        credits.append((starts[dateline.paragraph], dateline.agency))
    relays = [c.name for c in found.relays if c.start < lead_end]
    interviews = [c.name for c in found.interviews if c.start < lead_end]
    candidates = [
        dateline.agency if dateline else None,
        *relays,
        *interviews,
        *fallback_outlets,
    ]
    return TextMeta(
        dateline=dateline.place if dateline else None,
        outlet=next((c for c in candidates if c), None),
        credited=_unique(name for _, name in sorted(credits, key=lambda c: c[0])),
    )


def _agency(raw: str) -> str:
    name = raw.split(",")[0].strip(" .")  # "РИА Новости, Анастасия Силкина": agency, author
    return canonical_outlet(name) or domain_of(name) or name


def _starts(paragraphs: Sequence[str]) -> list[int]:
    """Offsets of each paragraph in the joined text, plus the end."""
    starts, pos = [], 0
    for para in paragraphs:
        starts.append(pos)
        pos += len(para) + 2
    starts.append(pos)
    return starts


def _unique(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        key = fold(name)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out
