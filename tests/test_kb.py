"""The knowledge base: every entry loads, ids are unique, aliases never name two entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from obzor.kb import KB, Entry, KBError, load_kb
from obzor.kb.loader import ENTRY_FILES, KB_DIR, load_entries


def test_every_entry_loads_with_names_type_and_source() -> None:
    kb = load_kb()
    assert len(kb.entries) > 100
    for entry in kb.entries:
        assert set(entry.names) == {"ru", "en", "kk"}, entry.id
        assert entry.source, entry.id


def test_ids_are_unique_across_files() -> None:
    ids = [e.id for name in ENTRY_FILES for e in load_entries(KB_DIR / name)]
    assert len(ids) == len(set(ids))


def test_references_point_at_entries_and_role_titles_exist() -> None:
    kb = load_kb()
    titles = {t for rule in kb.roles for t in rule.titles}
    for entry in kb.entries:
        for key in ("part_of", "state", "capital_of", "organiser"):
            if key in entry.facts:
                assert kb.get(entry.facts[key]) is not None, (entry.id, key)
        for role in entry.roles:
            assert kb.get(role.of) is not None, (entry.id, role.of)
            assert role.start is None or role.end is None or role.start <= role.end, entry.id
    used = {r.title for e in kb.entries for r in e.roles}
    assert titles <= used  # every title a role phrase means is held by someone


def test_an_alias_naming_two_entries_is_refused() -> None:
    a = Entry("x:1", "LOC", {"ru": "Алатау", "en": "Alatau", "kk": "Алатау"})
    b = Entry("x:2", "ORG", {"ru": "ОДКБ-2", "en": "b", "kk": "b"}, aliases=("Алатау",))
    with pytest.raises(KBError, match="names both x:1 and x:2"):
        KB([a, b])


def test_bad_entries_get_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x:1\n  type: LOC\n  names: {ru: Алатау}\n  source: s\n", "utf-8")
    with pytest.raises(KBError, match=r"bad.yaml: x:1: names must give ru, en and kk"):
        load_entries(bad)
    bad.write_text("- id: x:1\n  type: CITY\n  names: {ru: a, en: a, kk: a}\n", "utf-8")
    with pytest.raises(KBError, match="type must be one of"):
        load_entries(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Киргизия", "Q813"),
        ("Кыргызстане", "Q813"),
        ("Киргизией", "Q813"),
        ("казахстанский", "Q232"),
        ("белорусская сторона", "Q184"),
        ("Республики Казахстан", "Q232"),
        ("Tokayev", "per:tokayev"),
        ("Tokaev", "per:tokayev"),
        ("Тоқаев", "per:tokayev"),
        ("Касым-Жомарта Токаева", "per:tokayev"),
        ("Александру Лукашенко", "per:lukashenko"),
        ("Организации Договора о коллективной безопасности", "org:csto"),
        ("КСОР", "org:csto-crrf"),
        ("РАТС ШОС", "org:sco-rats"),
        ("БАПОР", "org:unrwa"),
        ("Газы", "Q39760"),
        ("Нелегал-2025", "op:nelegal"),
        ("Астану", "Q1520"),
    ],
)
def test_lookup_by_any_name_form(text: str, expected: str) -> None:
    entry = load_kb().lookup(text)
    assert entry is not None and entry.id == expected


def test_lookup_unknown_is_none_and_holders_follow_dates() -> None:
    kb = load_kb()
    assert kb.lookup("Зеленоградский тракторный завод") is None
    assert [p.id for p in kb.holders(["president"], "Q232", "2018-05-01")] == ["per:nazarbayev"]
    assert [p.id for p in kb.holders(["president"], "Q232", "2023-11-23")] == ["per:tokayev"]
    assert [p.id for p in kb.holders(["secretary_general"], "org:csto", "2021-06-01")] == [
        "per:zas"
    ]
