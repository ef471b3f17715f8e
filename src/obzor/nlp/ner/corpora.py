"""Gold NER corpora from ../shared/eval as (text, PER/ORG/LOC spans): factRuEval, NEREL, BSNLP.

Conventions (docs/ner.md): factRuEval Person -> PER, Org -> ORG, Location and LocOrg -> LOC
(as natasha's naeval); an object covers its name spans, not its descriptors. NEREL PERSON ->
PER, ORGANIZATION -> ORG, COUNTRY / CITY / STATE_OR_PROVINCE / LOCATION -> LOC, lowercase
spans dropped. Nested spans are flattened, the innermost keeping its type ("Москвы" in an Org).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from obzor.nlp.morph import analyzer, parses

FACTRU_TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
# Span kinds that are not part of a name: "мэрии" in "мэрии Москвы", "площади", "президент".
FACTRU_DESCRIPTORS = frozenset({"org_descr", "loc_descr", "prj_descr", "job", "geo_adj"})
NEREL_TYPES = {
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "COUNTRY": "LOC",
    "CITY": "LOC",
    "STATE_OR_PROVINCE": "LOC",
    "LOCATION": "LOC",
}
# For training only: factRuEval's Location also covers districts and facilities ("Белом доме",
# "МКС", "федеральном округе"), which NEREL types apart; scoring keeps NEREL_TYPES.
NEREL_TRAIN_TYPES = {**NEREL_TYPES, "DISTRICT": "LOC", "FACILITY": "LOC"}
BSNLP_TYPES = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
BSNLP_TOPICS = ("asia_bibi", "brexit", "nord_stream", "ryanair")
# Recognizer changes may be tuned on these topics; the other two are reported as held out.
BSNLP_TUNE = ("asia_bibi", "brexit")
BSNLP_TEST = ("nord_stream", "ryanair")
# The BSNLP raw files open with id, language, date and URL lines before the title and text.
BSNLP_HEADER_LINES = 4

Span = tuple[int, int, str]
# factRuEval splits "компании «Газпром»" and "В. Путин" into spans; what may lie between them.
_JOINABLE = re.compile(r"[\s«»\"„“.]{0,3}")


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """One annotated text: its name, the text, and flat (start, end, type) spans."""

    name: str
    text: str
    spans: tuple[Span, ...]


def flatten(spans: list[Span], inner: bool = False) -> tuple[Span, ...]:
    """Non-overlapping spans: the outermost wins, or with inner the innermost wins and the
    outer span keeps the characters around it ("правительства[ORG] России[LOC]")."""
    kept: list[Span] = []
    if not inner:
        for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
                kept.append(span)
        return tuple(sorted(kept))
    # Equal spans: a place name wins ("Москвы" is both the Org "мэрии Москвы" and a LocOrg).
    for start, end, label in sorted(spans, key=lambda s: (s[1] - s[0], s[2] != "LOC", s[0])):
        pieces = [(start, end)]
        for k_start, k_end, _ in kept:
            pieces = [
                part
                for a, b in pieces
                for part in ((a, min(b, k_start)), (max(a, k_end), b))
                if part[0] < part[1]
            ]
        kept.extend((a, b, label) for a, b in pieces)
    return tuple(sorted(kept))


def absorb(text: str, spans: list[Span]) -> list[Span]:
    """Spans without those strictly inside an ORG written as a name (first letter capital):
    "Совета Европы", "Голос Америки", "Европейская комиссия", "Совет Безопасности ООН" stay
    one organisation, while "правительства России" keeps its place (issue 11: a name
    containing a place is one ORG). An organisation of several words inside one stays apart
    ("Совета коллективной безопасности" + "Организации Договора о коллективной безопасности"),
    so that the KB's names of each still match."""
    names = [(a, b) for a, b, label in spans if label == "ORG" and text[a : a + 1].isupper()]
    return [
        (a, b, label)
        for a, b, label in spans
        if (label == "ORG" and " " in text[a:b])
        or not any(x <= a and b <= y and (x, y) != (a, b) for x, y in names)
    ]


def load_factru(folder: Path) -> list[GoldDoc]:
    """factRuEval-2016 documents (.txt, .spans, .objects) in a folder, by name."""
    docs = []
    for txt in sorted(folder.glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        offsets: dict[str, tuple[int, int]] = {}
        for line in _lines(txt.with_suffix(".spans")):
            fields = line.split()
            if fields[1] not in FACTRU_DESCRIPTORS:
                offsets[fields[0]] = (int(fields[2]), int(fields[2]) + int(fields[3]))
        spans: list[Span] = []
        for line in _lines(txt.with_suffix(".objects")):
            fields = line.split("#", 1)[0].split()
            label = FACTRU_TYPES.get(fields[1])
            if label:
                ranges = [offsets[i] for i in fields[2:] if i in offsets]
                spans.extend(_merge(text, ranges, label))
        spans = absorb(text, spans)
        docs.append(GoldDoc(txt.stem, text, _tidy(text, flatten(spans, inner=True))))
    return docs


def load_nerel(folder: Path, types: dict[str, str] = NEREL_TYPES) -> list[GoldDoc]:
    """NEREL BRAT documents (.txt + .ann) in a folder, mapped to PER / ORG / LOC by types."""
    docs = []
    for txt in sorted(folder.glob("*.txt")):
        spans: list[Span] = []
        for line in _lines(txt.with_suffix(".ann")):
            fields = line.split("\t")
            if not fields[0].startswith("T") or len(fields) < 2:
                continue
            kind, *ranges = fields[1].replace(";", " ").split()
            label = types.get(kind)
            if label and len(ranges) == 2:
                spans.append((int(ranges[0]), int(ranges[1]), label))
        text = txt.read_text(encoding="utf-8")
        # NEREL also marks adjectives ("российского") and common nouns ("правительство",
        # "полиция") as COUNTRY / ORGANIZATION; factRuEval names do not: drop spans in lowercase.
        spans = [s for s in spans if not text[s[0] : s[1]].islower() and not common_noun(text, s)]
        spans = absorb(text, spans)
        docs.append(GoldDoc(txt.stem, text, _tidy(text, flatten(spans, inner=True))))
    return docs


@dataclass(frozen=True, slots=True)
class BsnlpDoc:
    """One annotated BSNLP Russian document: topic/name, its text (header lines dropped) and
    the (mention form, type) rows of its `.out` file, every type (PER, LOC, ORG, PRO, EVT)."""

    name: str
    text: str
    mentions: tuple[tuple[str, str], ...]


def read_bsnlp(root: Path, topics: tuple[str, ...] = BSNLP_TOPICS) -> list[BsnlpDoc]:
    """The annotated BSNLP Russian documents of the topics that have a raw text, in name order
    (the one reader of the corpus: token gold and mention sets are both built from it)."""
    docs = []
    for topic in topics:
        folder = root / topic / "annotated" / "ru"
        if not folder.is_dir():
            raise FileNotFoundError(f"evaluation data not found: {folder}")
        for out in sorted(folder.glob("*.out")):
            raw = root / topic / "raw" / "ru" / out.name.replace(".out", ".txt")
            if not raw.is_file():
                continue
            lines = raw.read_text(encoding="utf-8").splitlines()
            rows = []
            for line in _lines(out)[1:]:
                fields = line.split("\t")
                if len(fields) > 2 and fields[0].strip():
                    rows.append((fields[0].strip(), fields[2].strip()))
            text = "\n".join(lines[BSNLP_HEADER_LINES:])
            docs.append(BsnlpDoc(f"{topic}/{out.stem}", text, tuple(rows)))
    return docs


def load_bsnlp(root: Path, topics: tuple[str, ...] = BSNLP_TOPICS) -> list[GoldDoc]:
    """BSNLP Russian documents: every whole-word occurrence of a gold mention is a span."""
    docs = []
    for doc in read_bsnlp(root, topics):
        spans: list[Span] = []
        for form, kind in doc.mentions:
            label = BSNLP_TYPES.get(kind)
            if label:
                pattern = r"(?<!\w)" + re.escape(form) + r"(?!\w)"
                spans.extend((m.start(), m.end(), label) for m in re.finditer(pattern, doc.text))
        spans = absorb(doc.text, spans)
        docs.append(GoldDoc(doc.name, doc.text, _tidy(doc.text, flatten(spans, inner=True))))
    return docs


def _tidy(text: str, spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Spans without the spaces a flattened outer span keeps at its ends; blank ones dropped."""
    out = []
    for start, end, label in spans:
        piece = text[start:end]
        start, end = (
            start + len(piece) - len(piece.lstrip()),
            end - len(piece) + len(piece.rstrip()),
        )
        if start < end:
            out.append((start, end, label))
    return tuple(out)


def sentence_start(text: str, start: int) -> bool:
    """Whether text[start] opens the text, a line, or a sentence after . ! ? … and a space
    (not after a quote: «Коммерсант», «Яблоко» are names)."""
    i = start
    while i > 0 and text[i - 1].isspace():
        if text[i - 1] == "\n":
            return True
        i -= 1
    return start == 0 or (i < start and text[i - 1] in ".!?…")


def common_noun(text: str, span: Span, kinds: Collection[str] = ("ORG",)) -> bool:
    """A one-word span of kinds capitalized only by its place at a sentence start
    ("Правительство заявило", "Власти", "Суд"): a dictionary word with no name grammeme,
    which factRuEval leaves out."""
    word = text[span[0] : span[1]]
    if span[2] not in kinds or not word.istitle() or not sentence_start(text, span[0]):
        return False
    low = word.lower()
    names = ("Name", "Surn", "Geox", "Orgn", "Abbr")
    known = analyzer().word_is_known(low)
    return known and not any(g in p.tag for p in parses(low) for g in names)


def _merge(text: str, ranges: list[tuple[int, int]], label: str) -> list[Span]:
    """An object's character ranges, neighbours joined across spaces, quotes and initials' dots."""
    merged: list[Span] = []
    for start, end in sorted(ranges):
        if merged and _JOINABLE.fullmatch(text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), label)
        else:
            merged.append((start, end, label))
    return merged


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
