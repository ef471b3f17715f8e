"""CRF features of a token: its word, lemma, shape, pymorphy3 tags, slovnet's tag, neighbours."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from obzor.nlp.morph import parses as morph_parses
from obzor.nlp.ner.tokens import Token

# pymorphy3 grammemes that mark proper names (first name, surname, patronymic, place,
# organisation), abbreviations and foreign (untransliterated) words.
NAME_GRAMMEMES = ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr", "Trad")
OPEN_QUOTES = frozenset("«„“")
CLOSE_QUOTES = frozenset("»”")

WordFeatures = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def shape(word: str) -> str:
    """Xx, X, x, d, or a mixed shape such as XxX or Xd (runs of one class collapsed)."""
    out: list[str] = []
    for ch in word[:8]:
        kind = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)


# Vocabulary of news is small; 200k words cover a large corpus and keep tagging at dictionary
# lookup speed (each entry is three tuples of short strings).
@lru_cache(maxsize=200_000)
def word_features(word: str) -> WordFeatures:
    """Features of one word as itself, as the previous token and as the next token."""
    low = word.lower()
    feats = [f"w={low}", f"sh={shape(word)}", f"s3={low[-3:]}", f"s2={low[-2:]}"]
    near = [f"w={low}", f"sh={shape(word)}"]
    if word[0].isalpha():
        parses = morph_parses(word)  # the parse other stages read of the same word, kept once
        tag = parses[0].tag
        feats += [f"lem={parses[0].normal_form}", f"pos={tag.POS}", f"case={tag.case}"]
        near += [f"lem={parses[0].normal_form}", f"pos={tag.POS}", f"case={tag.case}"]
        for grammeme in NAME_GRAMMEMES:
            if any(grammeme in parse.tag for parse in parses[:3]):
                feats.append(f"g={grammeme}")
                near.append(f"g={grammeme}")
    return tuple(feats), tuple("-1" + f for f in near), tuple("+1" + f for f in near)


def doc_types(tokens: Sequence[Token], slovnet: Sequence[str]) -> dict[str, str]:
    """The type slovnet gives a word most often in the document (surnames repeated alone)."""
    votes: dict[str, Counter[str]] = {}
    for (_, _, word), tag in zip(tokens, slovnet, strict=True):
        if tag != "O" and word[0].isupper():
            votes.setdefault(word.lower(), Counter())[tag[2:]] += 1
    return {word: counter.most_common(1)[0][0] for word, counter in votes.items()}


def sequence_features(
    tokens: Sequence[Token], slovnet: Sequence[str], text: str = ""
) -> list[list[str]]:
    """One feature list per token, given slovnet's BIO tag for each token (and the text, for
    line breaks: a capital after one says little, as at a sentence start)."""
    words = [word_features(word) for _, _, word in tokens]
    in_doc = doc_types(tokens, slovnet)
    size = len(tokens)
    quoted = 0
    out: list[list[str]] = []
    for i, (_, _, word) in enumerate(tokens):
        if word in CLOSE_QUOTES:
            quoted = 0
        feats = list(words[i][0])
        sv = slovnet[i]
        prev_sv = slovnet[i - 1] if i else "BOS"
        next_sv = slovnet[i + 1] if i + 1 < size else "EOS"
        feats += [f"sv={sv}", f"sv-1={prev_sv}", f"sv+1={next_sv}", f"sv2={prev_sv}|{sv}"]
        feats.append(f"doc={in_doc.get(word.lower(), 'O')}")
        if i:
            feats += words[i - 1][1]
        else:
            feats.append("BOS")
        if i + 1 < size:
            feats += words[i + 1][2]
        else:
            feats.append("EOS")
        if i > 1:
            feats.append(f"-2w={tokens[i - 2][2].lower()}")
        if i + 2 < size:
            feats.append(f"+2w={tokens[i + 2][2].lower()}")
        if quoted:
            feats.append("inq")
        if text and "\n" in text[tokens[i - 1][1] if i else 0 : tokens[i][0]]:
            feats.append("nl")
        if word in OPEN_QUOTES:
            quoted = 1
        out.append(feats)
    return out
