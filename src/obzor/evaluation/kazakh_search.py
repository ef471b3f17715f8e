"""Kazakh search: do a word's case forms get its key, and how many KazNERD sentences does a
search for its base form find?

kk_name_forms.tsv lists words of Kazakh news in their case forms, as read in KazNERD (written
while the Kazakh search stem's rules were made); kk_name_forms_heldout.tsv more of them, written
after the rules were fixed (its misses, four names, were mended on 5 December: it is held out no
more); kk_name_forms_heldout2.tsv more again, written after those mends and never used to change
the rules: the held-out score. A sentence of KazNERD holding one of
a row's forms should be found by searching the row's base form. Scored for obzor's Kazakh keys
(morph.lemmatize(text, "kk") for the index, morph.key for the query word) and, in the same run,
for plain pymorphy3 lemmas (a Russian lemmatizer's guesses: what Kazakh words got before).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from obzor.evaluation.shipped import shipped_rows
from obzor.nlp.kazakh import kazakh_word
from obzor.nlp.morph import WORD, kazakh_key, lemmatize, parses, query_keys
from obzor.nlp.ner.kaznerd import read_iob

TABLES = ("kk_name_forms.tsv", "kk_name_forms_heldout.tsv", "kk_name_forms_heldout2.tsv")


@dataclass(frozen=True, slots=True)
class KazakhSearch:
    """One table and system: case forms keyed as their base form, sentences found."""

    table: str
    system: str
    forms_ok: int
    forms: int
    found: int  # sentences holding a listed form that the base-form query finds
    sentences: int
    other: int  # sentences found that hold none of the listed forms
    typed_found: int  # the same sentences found by a case form with no Kazakh-only letter typed
    typed_sentences: int  # as the query ("Астанада"), summed over such forms


def kazakh_forms(table: str = TABLES[0]) -> list[tuple[str, ...]]:
    """The rows of a Kazakh forms table: a base form, then its case forms."""
    rows = []
    for n, cols in shipped_rows(table):
        if len(cols) < 2 or not all(cols):
            raise ValueError(f"{table}:{n}: needs a base form and at least one case form")
        rows.append(tuple(cols))
    return rows


def _query_keys(word: str) -> set[str]:
    """The keys a query word matches, as store/query.py makes them (morph.query_keys)."""
    return set(query_keys(word))


def _pymorphy_lemma(word: str) -> str:
    return str(parses(word.lower())[0].normal_form)


def _pymorphy_text(text: str) -> str:
    return " ".join(_pymorphy_lemma(m.group()) for m in WORD.finditer(text))


@dataclass(frozen=True, slots=True)
class _System:
    name: str
    word: Callable[[str], str]  # a form's key in the index
    text: Callable[[str], str]  # a sentence's keys
    query: Callable[[str], set[str]]  # a query word's keys


SYSTEMS = (
    _System("obzor kk", kazakh_key, lambda text: lemmatize(text, "kk"), _query_keys),
    _System("pymorphy3", _pymorphy_lemma, _pymorphy_text, lambda word: {_pymorphy_lemma(word)}),
)


def evaluate(path: Path) -> list[KazakhSearch]:
    """Per table and system: case forms with their base form's key, and KazNERD sentences
    found by the base forms (path: KazNERD's IOB2 file)."""
    if not path.is_file():
        raise FileNotFoundError(f"evaluation data not found: {path} (expected ../shared/eval)")
    texts = [" ".join(word for word, _ in sentence) for sentence in read_iob(path)]
    out = []
    for system in SYSTEMS:
        indexed = [set(system.text(text).split()) for text in texts]
        for table in TABLES:
            forms_ok = forms = found = holding = other = typed_found = typed = 0
            for row in kazakh_forms(table):
                base = system.word(row[0])
                forms += len(row) - 1
                forms_ok += sum(system.word(form) == base for form in row[1:])
                pattern = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, row))})(?!\w)")
                hold = {i for i, text in enumerate(texts) if pattern.search(text)}
                wanted = system.query(row[0])
                hits = {i for i, keys in enumerate(indexed) if keys & wanted}
                found += len(hits & hold)
                holding += len(hold)
                other += len(hits - hold)
                for form in (f for f in row[1:] if not kazakh_word(f)):
                    wanted = system.query(form)
                    typed_found += sum(1 for i in hold if indexed[i] & wanted)
                    typed += len(hold)
            out.append(
                KazakhSearch(
                    table, system.name, forms_ok, forms, found, holding, other, typed_found, typed
                )
            )
    return out
