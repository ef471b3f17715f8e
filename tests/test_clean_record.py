"""Structured records: declared fields first, then what the text says."""

from __future__ import annotations

import pytest

from obzor.clean import clean
from obzor.model import Document

TEXT = (
    "МОСКВА, 15 октября. /ТАСС/. Генсек ОДКБ заявил о приоритете кибербезопасности, "
    "передаёт ТАСС со ссылкой на пресс-службу организации.\n"
    "Поделиться\n"
    "Второй абзац  с\u00a0пробелами."
)


def test_declared_fields_are_used() -> None:
    fields = {
        "id": "42",
        "title": "  Генсек ОДКБ:  приоритеты ",
        "url": "https://example.kz/a/42",
        "published": "15.10.2025 10:30",
        "outlet": "Example.kz",
        "language": "ru",
    }
    a = clean(Document("feed.jsonl:3#42", "record", TEXT, fields))
    assert a.title == "Генсек ОДКБ: приоритеты"
    assert a.published == "2025-10-15T10:30"
    assert a.outlet == "Example.kz"  # the declared outlet wins over the dateline's agency
    assert (a.url, a.ext_id, a.language) == ("https://example.kz/a/42", "42", "ru")
    assert a.dateline == "Москва"
    assert a.credited_sources == ["ТАСС", "пресс-служба организации"]
    assert a.text.endswith("\n\nВторой абзац с пробелами.")
    assert "Поделиться" not in a.text


def test_missing_fields_come_from_the_text() -> None:
    a = clean(Document("feed.jsonl:4", "record", TEXT))
    assert a.title is None
    assert a.published is None  # the dateline has no year
    assert a.outlet == "ТАСС"
    assert a.language == "ru"
    assert a.url is None and a.ext_id is None


def test_unparsable_published_is_dropped() -> None:
    a = clean(Document("feed.jsonl:5", "record", "Text of the item.", {"published": "soon"}))
    assert a.published is None
    assert a.language == "en"


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown document kind"):
        clean(Document("x.pdf", "pdf", "..."))
