"""The Kazakh recognizer: a CRF over word forms, Kazakh suffixes, shapes and KB names.

Trained on KazNERD by `python -m obzor.nlp.ner.train_kk`; tags PER, LOC and ORG in Kazakh
(Cyrillic) text. It needs no Russian model: slovnet and pymorphy3 read Russian, and Kazakh
case endings (-тың, -ға, -да, -мен) hide a name's stem from them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from obzor.nlp.kazakh import stem_endings
from obzor.nlp.morph import parses
from obzor.nlp.ner.features import CLOSE_QUOTES, NAME_GRAMMEMES, OPEN_QUOTES, shape
from obzor.nlp.ner.kaznerd import KAZNERD_TYPES
from obzor.nlp.ner.model import MODELS, NerMarkup, NerSpan, open_crf
from obzor.nlp.ner.tokens import Token, spans_from_bio, tokenize

MODEL_KK = MODELS / "ner_kk.crfsuite"
# The model is trained on all 25 KazNERD classes (telling a FACILITY or a POSITION from an
# ORG helps it); PERSON, GPE, LOCATION and ORGANISATION come out as PER, LOC and ORG.

_SENTENCE_END = frozenset(".!?…")
_CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]", re.IGNORECASE)


def stem(word: str) -> str:
    """The word in lowercase without one Kazakh ending (at least 3 letters kept): a rough stem
    that groups a name's forms ("Астанадағы" -> "астана", "Тоқаевтың" -> "тоқаев"); the CRF
    also sees the raw suffixes. The endings are nlp/kazakh_suffixes.yaml's, one source for
    linking and recognizing."""
    low = word.lower()
    for ending in stem_endings():
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            return low[: -len(ending)]
    return low


@lru_cache(maxsize=1)
def kb_names() -> dict[str, str]:
    """Stems of the capitalized words of every KB name and alias -> the entry's type."""
    from obzor.kb.loader import load_kb

    out: dict[str, str] = {}
    for entry in load_kb().entries:
        if entry.type not in ("PER", "LOC", "ORG"):
            continue
        for spelling in entry.spellings():
            for word in re.findall(r"\w+", spelling):
                if word[0].isupper() and len(word) >= 3:
                    out.setdefault(stem(word), entry.type)
    return out


# A news vocabulary is small; the cache keeps tagging at dictionary-lookup speed.
@lru_cache(maxsize=100_000)
def word_features(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Features of one word as itself, as the previous and as the next token."""
    low = word.lower()
    root = stem(word)
    form = shape(word)
    feats = [
        f"w={low}",
        f"st={root}",
        f"sh={form}",
        f"p3={low[:3]}",
        f"p4={low[:4]}",
        f"s1={low[-1:]}",
        f"s2={low[-2:]}",
        f"s3={low[-3:]}",
        f"s4={low[-4:]}",
        f"s5={low[-5:]}",
        f"end={low[len(root) :]}",
    ]
    if word[0].isalpha() and not _CYRILLIC.search(word):
        feats.append("latin")
    known = kb_names().get(root) if word[0].isupper() else None
    if known:
        feats.append(f"kb={known}")
    near = [f"w={low}", f"st={root}", f"sh={form}", f"end={low[len(root) :]}"]
    if known:
        near.append(f"kb={known}")
    if word[0].isupper():
        # pymorphy3's Russian dictionary knows many places and names that Kazakh news shares
        # (Германия, Павлодар, Брюссель); the stem hides the Kazakh ending from it.
        grams = _name_grammemes(root.capitalize())
        feats += grams
        near += grams
    return tuple(feats), tuple("-1" + f for f in near), tuple("+1" + f for f in near)


@lru_cache(maxsize=100_000)
def _name_grammemes(word: str) -> list[str]:
    readings = parses(word)[:3]
    return [f"g={g}" for g in NAME_GRAMMEMES if any(g in p.tag for p in readings)]


def sequence_features(tokens: Sequence[Token]) -> list[list[str]]:
    """One feature list per token of a Kazakh text."""
    words = [word_features(word) for _, _, word in tokens]
    size = len(tokens)
    out: list[list[str]] = []
    quoted = False
    run = 0  # capitalized words so far in the current run
    for i, (_, _, word) in enumerate(tokens):
        if word in CLOSE_QUOTES:
            quoted = False
        feats = list(words[i][0])
        if quoted:
            feats.append("inq")  # party and company names stand in quotes: «Нұр Отан»
        run = run + 1 if word[0].isupper() else 0
        if run:
            feats.append(f"run={min(run, 4)}")
        if word in OPEN_QUOTES:
            quoted = True
        if i == 0 or tokens[i - 1][2] in _SENTENCE_END:
            feats.append("first")
        if i:
            feats += words[i - 1][1]
            feats.append(f"sh-1|sh={shape(tokens[i - 1][2])}|{shape(word)}")
        else:
            feats.append("BOS")
        if i + 1 < size:
            feats += words[i + 1][2]
            feats.append(f"sh|sh+1={shape(word)}|{shape(tokens[i + 1][2])}")
        else:
            feats.append("EOS")
        # Organisation names end in a head noun ("... денсаулық сақтау ұйымының"): the stems
        # up to three words ahead show it to the first words of the name.
        for k in (-2, 2, 3):
            if 0 <= i + k < size:
                feats.append(f"{k:+d}st={stem(tokens[i + k][2])}")
        out.append(feats)
    return out


class KazakhTagger:
    """Tags Kazakh text with the KazNERD-trained CRF; callable like natasha's tagger."""

    def __init__(self, model: Path = MODEL_KK) -> None:
        self.crf = open_crf(model, "obzor.nlp.ner.train_kk")

    def __call__(self, text: str) -> NerMarkup:
        tokens = tokenize(text)
        if not tokens:
            return NerMarkup()
        labels = self.crf.tag(sequence_features(tokens))
        spans = spans_from_bio(tokens, labels)
        return NerMarkup(
            [NerSpan(s, e, KAZNERD_TYPES[t]) for s, e, t in spans if t in KAZNERD_TYPES]
        )


@lru_cache(maxsize=4)
def kazakh_tagger(model: Path = MODEL_KK) -> KazakhTagger:
    """The shipped Kazakh CRF, loaded once per model file."""
    return KazakhTagger(model)
