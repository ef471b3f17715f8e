"""One fold and one name key (obzor/text.py), and no second ё-to-е fold anywhere in src/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import obzor
from obzor.model import content_hash
from obzor.store.query import parse
from obzor.text import fold, name_key, plain_e

SRC = Path(obzor.__file__).parent
# A replace of ё (either case, written or escaped) by anything: a fold of its own.
_SECOND_FOLD = re.compile(r"""\.replace\(\s*(?:['"](?:ё|Ё|\\u0451|\\u0401)['"])""")


def test_fold_casefolds_and_writes_yo_as_e() -> None:
    assert fold("Ёлка") == fold("ЕЛКА") == "елка"
    assert fold("Straße") == "strasse"  # casefold, not lower: a full caseless match
    assert fold("ҚАЗАҚСТАН") == "қазақстан"


def test_name_key_reads_hyphens_dots_quotes_and_brackets_as_spaces() -> None:
    assert name_key("Жан-Ив  Ле Дриан") == name_key("жан ив ле дриан") == "жан ив ле дриан"
    assert name_key("«Газпром»") == name_key('"Газпром"') == "газпром"
    assert name_key("С.Иванов") == name_key("С. Иванов") == "с иванов"
    assert name_key("Пётр (Петр) Семёнов") == "петр петр семенов"
    assert name_key(" .«» ") == ""


def test_plain_e_keeps_case() -> None:
    assert plain_e("Ёлкин ёж") == "Елкин еж"


def test_callers_use_the_one_fold() -> None:
    """What a user sees: ё and case change neither an article's identity nor a search."""
    assert content_hash("Новости", "Всё ещё  Ёлка") == content_hash("НОВОСТИ", "все еще елка")
    assert parse("Ёлка").match == parse("елка").match


def test_no_second_yo_fold_under_src() -> None:
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "text.py" or path.parent != SRC
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if _SECOND_FOLD.search(line)
    ]
    assert found == [], "fold with obzor.text.fold/name_key/plain_e instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        's = word.lower().replace("ё", "е")',
        "s = w.casefold().replace('Ё', 'Е')",
        's = w.replace("\\u0451", "е")',
    ],
)
def test_the_check_sees_a_second_fold(line: str) -> None:
    assert _SECOND_FOLD.search(line)
