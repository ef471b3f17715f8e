"""The KB's index on disk: read back it is the KB built from the YAML; a changed KB, a broken
file or a cache that cannot be written never gives a wrong or failed KB."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from obzor.kb import words
from obzor.kb.cache import CODE_FILES, FORMAT, KEEP, cache_dir, load_cached, prune
from obzor.kb.keys import word_key
from obzor.kb.loader import ENTRY_FILES, KB, KB_DIR, load_entries, load_kb, load_roles
from obzor.nlp.morph import query_keys
from obzor.store.query import parse

SRC = Path(__file__).resolve().parents[1] / "src" / "obzor"


def built(directory: Path) -> KB:
    entries = [e for name in ENTRY_FILES for e in load_entries(directory / name)]
    return KB(entries, load_roles(directory / "roles.yaml"))


def assert_same(a: KB, b: KB) -> None:
    assert a.entries == b.entries
    assert a.roles == b.roles
    assert list(a.keys.items()) == list(b.keys.items())  # the same keys in the same order
    assert a.surface == b.surface
    assert a.adjectives == b.adjectives
    assert {k: [e.id for e in v] for k, v in a.anaphors.items()} == {
        k: [e.id for e in v] for k, v in b.anaphors.items()
    }


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OBZOR_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_index_read_back_is_the_kb_built_from_the_yaml(cache: Path) -> None:
    first = load_cached(KB_DIR)
    assert len(list(cache.glob("kb-*.json"))) == 1
    again = load_cached(KB_DIR)
    assert_same(first, built(KB_DIR))
    assert_same(again, built(KB_DIR))
    assert again.lookup("Токаева") is not None
    assert again.lookup("Токаева") == built(KB_DIR).lookup("Токаева")


def test_a_changed_kb_gets_a_new_index(cache: Path, tmp_path: Path) -> None:
    kb_dir = tmp_path / "kb"
    shutil.copytree(KB_DIR, kb_dir)
    load_cached(kb_dir)
    states = kb_dir / "states.yaml"
    states.write_text(states.read_text("utf-8").replace("Киргизия", "Кыргызстанъ"), "utf-8")
    changed = load_cached(kb_dir)
    assert len(list(cache.glob("kb-*.json"))) == 2
    assert_same(changed, built(kb_dir))
    assert changed.lookup("Кыргызстанъ") is not None


def test_a_broken_index_file_is_rebuilt(cache: Path) -> None:
    load_cached(KB_DIR)
    (path,) = cache.glob("kb-*.json")
    for junk in ("", "{", '{"format": 1}', "[1, 2]", '{"format": 1, "files": 3, "roles": []}'):
        path.write_text(junk, "utf-8")
        assert_same(load_cached(KB_DIR), built(KB_DIR))
    assert path.read_text("utf-8").startswith(f'{{"format": {FORMAT}, "files"')  # written again


def test_a_cache_that_cannot_be_written_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", "utf-8")
    monkeypatch.setenv("OBZOR_CACHE_DIR", str(blocker / "cache"))
    assert_same(load_cached(KB_DIR), built(KB_DIR))


def test_the_cache_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OBZOR_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert cache_dir() == Path("/somewhere/obzor")
    monkeypatch.setenv("OBZOR_CACHE_DIR", "/elsewhere")
    assert cache_dir() == Path("/elsewhere")


def test_old_index_files_are_removed_and_the_newest_kept(cache: Path) -> None:
    cache.mkdir(parents=True)
    for age in range(KEEP + 3):  # index files of earlier KB or obzor versions, oldest last
        old = cache / f"kb-{age:032x}.json"
        old.write_text("{}", "utf-8")
        os.utime(old, (1_000_000 - age, 1_000_000 - age))
    crashed = cache / "kb-abc.json12345.tmp"
    crashed.write_text("{", "utf-8")
    os.utime(crashed, (1_000_000, 1_000_000))
    fresh_temp = cache / "kb-def.json678.tmp"  # another process writing now: left alone
    fresh_temp.write_text("{", "utf-8")
    other = cache / "notes.txt"  # not ours: never touched
    other.write_text("x", "utf-8")

    kb = load_cached(KB_DIR)

    left = {p.name for p in cache.glob("kb-*.json")}
    assert len(left) == KEEP
    assert any(p.read_text("utf-8").startswith('{"format"') for p in cache.glob("kb-*.json"))
    assert f"kb-{0:032x}.json" in left  # the newest old ones stay
    assert f"kb-{KEEP + 2:032x}.json" not in left
    assert not crashed.exists() and fresh_temp.exists() and other.exists()
    assert_same(kb, built(KB_DIR))


def test_pruning_a_missing_directory_removes_nothing(tmp_path: Path) -> None:
    assert prune(tmp_path / "absent") == []


def _imported_modules(relative: str, seen: set[str]) -> set[str]:
    """The obzor modules (paths under src/obzor) that relative imports, directly or not."""
    if relative in seen:
        return seen
    seen.add(relative)
    tree = ast.parse((SRC / relative).read_text("utf-8"))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("obzor"):
            names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("obzor")]
        for name in names:
            path = "/".join(name.split(".")[1:])
            for candidate in (f"{path}.py", f"{path}/__init__.py"):
                if (SRC / candidate).is_file():
                    _imported_modules(candidate, seen)
    return seen


def test_the_index_name_covers_all_the_code_that_makes_keys() -> None:
    # A module the KB loader uses but the fingerprint leaves out would let a changed fold or
    # key rule read an index made by the old code.
    used = {p for p in _imported_modules("kb/loader.py", set()) if not p.endswith("__init__.py")}
    assert used <= set(CODE_FILES)


def test_the_index_keeps_the_keys_of_the_names_words_as_computed(cache: Path) -> None:
    for kb in (load_cached(KB_DIR), load_cached(KB_DIR)):  # built, then read back
        assert kb.query_keys["Казахстан"] == query_keys("Казахстан")
        assert "токаев" in kb.query_keys and "Токаев" in kb.word_keys
        assert kb.query_keys == {w: query_keys(w) for w in kb.query_keys}
        assert kb.word_keys == {w: word_key(w) for w in kb.word_keys}


def test_a_query_naming_an_entry_is_keyed_without_pymorphy3(cache: Path) -> None:
    load_cached(KB_DIR)  # the index the first command writes
    code = (
        "import sys; from obzor.store.query import parse; q = parse('Токаев'); "
        "print(len(q.phrases), 'pymorphy3' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    phrases, loaded = done.stdout.split()
    assert int(phrases) > 1 and loaded == "False"  # Токаев and the entry's other names


def test_a_query_keyed_from_the_index_is_the_query_keyed_by_pymorphy3(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    queries = ("Казахстан", "токаев", '"Министерство обороны" OR ОДКБ', "Астанада", "теракт")
    kb = load_kb()
    assert kb.query_keys and kb.word_keys
    from_index = [parse(q) for q in queries]
    monkeypatch.setattr(kb, "query_keys", {})
    monkeypatch.setattr(kb, "word_keys", {})
    monkeypatch.setattr(words, "known", dict)  # nor words searched for before (kb/words.py)
    monkeypatch.setattr(words, "remember", lambda found: None)
    assert [parse(q) for q in queries] == from_index
