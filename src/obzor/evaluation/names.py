"""The name-inflection table: does every case form of a name get its name's search key?

name_cases.tsv holds real names of the region in the six cases (singular, and plural where
Russian makes one); name_cases_heldout.tsv more of them, written after the key's rules were
fixed and never used to change them; name_pairs.tsv words that search must keep apart.
Scored for obzor's search key (nlp.morph.key) and, in the same run, plain pymorphy3 lemmas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from obzor.evaluation.shipped import shipped_rows
from obzor.nlp.morph import key, lemma

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@dataclass(frozen=True, slots=True)
class NameRow:
    """One name in one number: who it is, "sg" or "pl", and its six case forms."""

    who: str
    number: str
    forms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NameScore:
    """Forms that got their nominative's key, and pairs kept apart, out of how many."""

    table: str
    system: str
    forms_ok: int
    forms: int
    pairs_ok: int
    pairs: int

    @property
    def form_rate(self) -> float:
        return self.forms_ok / self.forms if self.forms else 0.0

    @property
    def pair_rate(self) -> float:
        return self.pairs_ok / self.pairs if self.pairs else 0.0


def _lines(name: str) -> list[list[str]]:
    return [fields for _n, fields in shipped_rows(name)]


TABLES = ("name_cases.tsv", "name_cases_heldout.tsv")


def name_rows(table: str = TABLES[0]) -> list[NameRow]:
    """The rows of a name table; a row without six forms raises ValueError."""
    rows = []
    for cols in _lines(table):
        if len(cols) != 2 + len(CASES) or cols[1] not in ("sg", "pl"):
            raise ValueError(f"{table}: bad row {cols!r}")
        rows.append(NameRow(cols[0], cols[1], tuple(cols[2:])))
    return rows


def name_pairs() -> list[tuple[str, str]]:
    """The word pairs of name_pairs.tsv."""
    pairs = []
    for cols in _lines("name_pairs.tsv"):
        if len(cols) != 2:
            raise ValueError(f"name_pairs.tsv: bad row {cols!r}")
        pairs.append((cols[0], cols[1]))
    return pairs


def score(table: str, system: str, keyer: Callable[[str], str]) -> NameScore:
    """How many oblique and plural forms get the key of their name's nominative singular, and
    how many pairs get two different keys."""
    forms_ok = forms = 0
    rows = name_rows(table)
    nominative = {row.who: row.forms[0] for row in rows if row.number == "sg"}
    for row in rows:
        first = keyer(nominative[row.who])
        for form in row.forms[1:] if row.number == "sg" else row.forms:
            forms += 1
            forms_ok += keyer(form) == first
    pairs = name_pairs()
    pairs_ok = sum(keyer(a) != keyer(b) for a, b in pairs)
    return NameScore(table, system, forms_ok, forms, pairs_ok, len(pairs))


def evaluate() -> list[NameScore]:
    """obzor's search key beside plain pymorphy3 lemmas, on each table."""
    systems: list[tuple[str, Callable[[str], str]]] = [("obzor key", key), ("pymorphy3", lemma)]
    return [score(table, name, keyer) for table in TABLES for name, keyer in systems]
