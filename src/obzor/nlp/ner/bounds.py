"""Span boundaries the CRF gets wrong, mended on its BIO labels: lowercase or function words at
the ends of a name, and names that run on across a line break or a sentence end."""

from __future__ import annotations

from collections.abc import Sequence

from obzor.nlp.morph import analyzer, parses
from obzor.nlp.ner.features import NAME_GRAMMEMES
from obzor.nlp.ner.tokens import Token

# Parts of speech that never end a name: conjunctions, prepositions, particles, adverbs,
# predicatives ("Мэй\nПочему", "Биби Если", "После", "Сегодня"), and pronouns of the first
# and second person ("Вы", "Мы"; not "Оно" of "Йоко Оно"). Interjections are left out: "Эва",
# "Кыш Бабай" are names.
FUNCTION_POS = frozenset({"CONJ", "PREP", "PRCL", "ADVB", "PRED", "COMP"})
SENTENCE_END = frozenset(".!?…")


def function_word(word: str) -> bool:
    """A dictionary word whose best pymorphy3 reading is a function word and no reading is a
    name (one letter is an initial: "В. Путин"; a guess is not enough: pymorphy3 reads unknown
    surnames in -о as adverbs, "Кожемяко", "Григоло")."""
    low = word.lower()
    if len(word) < 2 or not word[:1].isalpha() or not analyzer().word_is_known(low):
        return False
    readings = parses(low)
    tag = readings[0].tag
    if tag.POS not in FUNCTION_POS and not (tag.POS == "NPRO" and tag.person in ("1per", "2per")):
        return False
    return not any(g in p.tag for p in readings[:3] for g in NAME_GRAMMEMES)


def _runs(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first, end, type) of each labelled run of tokens."""
    runs = []
    i = 0
    while i < len(labels):
        if labels[i] == "O":
            i += 1
            continue
        kind = labels[i][2:]
        end = i + 1
        while end < len(labels) and labels[end] == f"I-{kind}":
            end += 1
        runs.append((i, end, kind))
        i = end
    return runs


def _relabel(out: list[str], first: int, end: int, keep: list[int], kind: str) -> None:
    for k in range(first, end):
        out[k] = "O"
    for n, k in enumerate(keep):
        out[k] = ("B-" if n == 0 else "I-") + kind


def trim_ends(tokens: Sequence[Token], labels: Sequence[str]) -> list[str]:
    """Labels with the ends of each span trimmed: a person's name opens and closes with a word
    that has a capital ("христианку Асию Биби", "Мухаммеда если вы"; "Саиф уль-Малук" stays
    whole), and no person or place opens or closes with a function word; a one-word span of a
    function word is dropped whatever its type."""
    out = list(labels)
    for first, end, kind in _runs(labels):
        inside = list(range(first, end))
        if kind == "PER":
            capitals = [k for k in inside if not tokens[k][2].islower()]
            inside = list(range(capitals[0], capitals[-1] + 1)) if capitals else []
        if kind in ("PER", "LOC") or len(inside) == 1:
            while inside and function_word(tokens[inside[0]][2]):
                inside.pop(0)
            while inside and function_word(tokens[inside[-1]][2]):
                inside.pop()
        _relabel(out, first, end, inside, kind)
    return out


def _initial(word: str) -> bool:
    """An initial or a short abbreviation before its dot ("В. Путин", "Дж. Хант", "ул."; not
    an acronym: "в ЕС. Путин")."""
    return len(word) == 1 or (len(word) <= 3 and not word.isupper())


def cut_runs(tokens: Sequence[Token], labels: Sequence[str], text: str) -> list[str]:
    """Labels with every span cut where it crosses a line break ("Мэй\\n\\nЗахарова": a title's
    end and the next line) or a sentence end ("Мухаммеда. Ксендз"; not an initial's dot, not
    "interfax.ru")."""
    out = list(labels)
    for first, end, kind in _runs(labels):
        for k in range(first + 1, end):
            gap = text[tokens[k - 1][1] : tokens[k][0]]
            word = tokens[k][2]
            before = tokens[k - 1][2]
            if "\n" in gap:
                out[k] = f"B-{kind}"
            elif (
                before in SENTENCE_END
                and k >= 2
                and gap.isspace()
                and not text[tokens[k - 2][1] : tokens[k - 1][0]]
                and tokens[k - 2][2][:1].isalpha()
                and not _initial(tokens[k - 2][2])
                and word[:1].isupper()
            ):
                out[k - 1] = "O"
                out[k] = f"B-{kind}"
    return out
