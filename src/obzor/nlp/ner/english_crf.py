"""The trained English recognizer: a CRF over word shapes, the rule lists and the rules' own tags.

Trained by `python -m obzor.nlp.ner.train_en` on English news headlines the project labelled by
reading (omelas_kz2022, 8-10 January 2022: evaluation/en_ner_labels.tsv, docs/en-ner-labels.md).
The rule recognizer (nlp/ner/english.py: KB names, organisation heads, surname endings, place
prepositions) runs first and its BIO tag for each token is one of the CRF's features, as slovnet's
is for the Russian CRF: the model learns where the rules are right and where the labelled news
says otherwise. `obzor eval ner-en` scores it beside the rules on the 11 January headlines.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from obzor.nlp.ner.corpora import Span
from obzor.nlp.ner.english import (
    POSSESSIVE,
    TOKEN,
    EnglishTagger,
    camel_case,
    english_tagger,
    rules,
)
from obzor.nlp.ner.features import shape
from obzor.nlp.ner.model import MODELS, NerMarkup, NerSpan, open_crf
from obzor.nlp.ner.tokens import Token, bio, spans_from_bio

MODEL_EN = MODELS / "ner_en.crfsuite"
_SENTENCE_END = frozenset(".!?:—–-|")


def tokenize(text: str) -> list[Token]:
    """(start, end, word) tokens as the rule recognizer reads them ("Gazette.Ru", "U.S", ",")."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


@lru_cache(maxsize=50_000)
def word_features(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Features of one word as itself, and the short set its neighbours see."""
    r = rules()
    bare = POSSESSIVE.sub("", word)
    low = bare.lower()
    form = shape(bare)
    feats = [f"w={low}", f"sh={form}", f"p3={low[:3]}", f"s2={low[-2:]}", f"s3={low[-3:]}"]
    feats.append(f"s4={low[-4:]}")
    lists = [
        ("head", r.org_heads),
        ("title", r.titles),
        ("stop", r.stopwords),
        ("demonym", r.demonyms),
        ("prep", r.place_prepositions),
        ("conn", r.connectors),
        ("placeacr", r.place_acronyms),
    ]
    marks = [name for name, words in lists if low in words]
    if bare != word:
        marks.append("poss")
    if bare[:1].isupper() and any(low.endswith(e) for e in r.person_endings):
        marks.append("surname")
    if bare[:1].isupper() and low in r.places:
        marks.append("place")
    if camel_case(bare):
        marks.append("camel")
    feats += marks
    near = [f"w={low}", f"sh={form}", *marks]
    return tuple(feats), tuple(near)


def _document_types(tokens: Sequence[Token], rule_labels: Sequence[str]) -> dict[str, str]:
    """{capitalized word: type} for the words of the rules' spans of two or more words in the
    text: a name written out once ("Roku Inc", "Boris Johnson") tells what its short form
    ("Roku", "Johnson") is elsewhere in the same article. The longest span wins."""
    found: dict[str, tuple[int, str]] = {}
    start = 0
    for i in range(len(tokens) + 1):
        if i == len(tokens) or not rule_labels[i].startswith("I-"):
            size = i - start
            if size >= 2 and rule_labels[start] != "O":
                kind = rule_labels[start][2:]
                for _, _, word in tokens[start:i]:
                    bare = POSSESSIVE.sub("", word)
                    if bare[:1].isupper() and found.get(bare.lower(), (0, ""))[0] < size:
                        found[bare.lower()] = (size, kind)
            start = i
    return {word: kind for word, (_, kind) in found.items()}


def sequence_features(tokens: Sequence[Token], rule_labels: Sequence[str]) -> list[list[str]]:
    """One feature list per token: the word's features, its neighbours' and the rules' tags, and
    what the article shows of the word elsewhere (the type of a longer name holding it; a
    capitalized word standing alone)."""
    words = [word_features(w) for _, _, w in tokens]
    in_names = _document_types(tokens, rule_labels)
    out: list[list[str]] = []
    size = len(tokens)
    for i in range(size):
        feats = list(words[i][0])
        feats.append(f"rule={rule_labels[i]}")
        bare = POSSESSIVE.sub("", tokens[i][2])
        if bare[:1].isupper():
            feats.append(f"doc={in_names.get(bare.lower(), 'none')}")
            alone = not any(0 <= j < size and tokens[j][2][:1].isupper() for j in (i - 1, i + 1))
            if alone:
                feats.append("alone")
        if i == 0 or tokens[i - 1][2] in _SENTENCE_END:
            feats.append("first")
        for k in (-2, -1, 1, 2):
            j = i + k
            if 0 <= j < size:
                feats += [f"{k:+d}{f}" for f in words[j][1]]
                if abs(k) == 1:
                    feats.append(f"{k:+d}rule={rule_labels[j]}")
            else:
                feats.append(f"{k:+d}edge")
        feats.append(f"rule|sh={rule_labels[i]}|{words[i][0][1]}")
        out.append(feats)
    return out


def features_of(text: str, base: EnglishTagger) -> tuple[list[Token], list[Span], list[list[str]]]:
    """Tokens of text, the rule recognizer's spans and the tokens' features with its tags."""
    tokens = tokenize(text)
    spans = [(s.start, s.stop, s.type) for s in base(text).spans]
    return tokens, spans, sequence_features(tokens, bio(tokens, spans))


class EnglishCrfTagger:
    """Tags English text with the trained CRF over the rules; callable like natasha's tagger."""

    def __init__(self, model: Path = MODEL_EN, base: EnglishTagger | None = None) -> None:
        self.crf = open_crf(model, "obzor.nlp.ner.train_en")
        self.base = base or english_tagger()

    def __call__(self, text: str) -> NerMarkup:
        tokens, ruled, feats = features_of(text, self.base)
        if not tokens:
            return NerMarkup()
        spans = mend(text, tokens, spans_from_bio(tokens, self.crf.tag(feats)), ruled)
        return NerMarkup([NerSpan(start, stop, kind) for start, stop, kind in spans])


def mend(
    text: str, tokens: Sequence[Token], spans: list[Span], ruled: Sequence[Span] = ()
) -> list[Span]:
    """The CRF's spans as names: cut after a possessor ("Johnson's Brexit") and at a line break
    (each part typed as the rules typed it, else as the CRF did), a person's leading titles and
    nationality words cut ("President Kassym-Jomart"), two persons with one space between
    joined ("Kassym-Jomart" "Tokayev"), a possessive "'s" left out."""
    r = rules()
    cut = r.titles | r.stopwords | r.demonyms
    starts = {start: i for i, (start, _, _) in enumerate(tokens)}
    rule_type = {start: kind for start, _, kind in ruled}
    parts: list[Span] = []
    for start, stop, kind in spans:
        i = starts[start]
        while i < len(tokens) and tokens[i][1] < stop:
            gap = text[tokens[i][1] : tokens[i + 1][0]]
            if POSSESSIVE.search(tokens[i][2]) or "\n" in gap:
                parts.append((start, tokens[i][1], rule_type.get(start, kind)))
                start = tokens[i + 1][0]
            i += 1
        parts.append((start, stop, rule_type.get(start, kind)))
    out: list[Span] = []
    for start, stop, kind in parts:
        if kind == "PER":
            i = starts[start]
            while i < len(tokens) and tokens[i][0] < stop and tokens[i][2].lower() in cut:
                i += 1
            if i == len(tokens) or tokens[i][0] >= stop:
                continue  # titles only: "President"
            start = tokens[i][0]
            if out and out[-1][2] == "PER" and text[out[-1][1] : start] == " ":
                start = out.pop()[0]
        stop = start + len(POSSESSIVE.sub("", text[start:stop]))
        out.append((start, stop, kind))
    return out


@lru_cache(maxsize=4)
def english_crf_tagger(model: Path = MODEL_EN) -> EnglishCrfTagger:
    """The shipped English CRF, loaded once per model file."""
    return EnglishCrfTagger(model)
