"""The knowledge base's index kept on disk, so that a command starts without PyYAML or
lemmatizing every name (about 0.07 s of `obzor search`).

The file holds the YAML's data and the KB's lemma-key index as JSON, under a name made of
the SHA-256 of everything the index depends on: the KB's YAML files, the code that makes
keys, and pymorphy3's version and dictionary. A changed KB, obzor or dictionary gets a new
file; a missing, unreadable or malformed one is rebuilt; a cache directory that cannot be
written only costs the time (nothing fails). JSON, not pickle: a file in a user's cache
directory is data, never code. Each write keeps the KEEP newest index files and removes the
older ones (and temporary files a crash left behind), so upgrades do not fill the disk.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from obzor.kb.loader import ENTRY_FILES, KB, KBError, Key, entry_from_raw, role_rule

FORMAT = 2  # bump when the file's layout changes (2: the query keys of the names' words)
KEEP = 8  # index files kept: several KB folders or installed versions may share the cache
STALE_TEMP_SECONDS = 3600  # a temporary file this old was left by a crashed writer
_CODE = Path(__file__).resolve().parents[1]  # src/obzor
# The code whose output the index holds: loading and validating entries, word keys, lemmas
# (morph and its Kazakh rules), the Kazakh Latin transliteration, the one fold, the YAML reader.
CODE_FILES = (
    "kb/loader.py",
    "kb/keys.py",
    "kb/cache.py",
    "nlp/morph.py",
    "nlp/namekey.py",
    "nlp/kazakh.py",
    "nlp/kazakh_suffixes.yaml",
    "nlp/translit.py",
    "text.py",
    "yamldata.py",
)


def cache_dir() -> Path:
    """Where the index is kept: OBZOR_CACHE_DIR, else $XDG_CACHE_HOME/obzor, else
    ~/.cache/obzor (the platform's convention, read here as it is only a cache)."""
    explicit = os.environ.get("OBZOR_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "obzor"


def fingerprint(directory: Path) -> str:
    """SHA-256 of what the index of the KB in directory depends on."""
    digest = hashlib.sha256(f"obzor-kb-index {FORMAT}\n".encode())
    paths = [directory / name for name in (*ENTRY_FILES, "roles.yaml")]
    paths += [_CODE / name for name in CODE_FILES]
    paths += _morphology_files()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing\0")
    return digest.hexdigest()


def _morphology_files() -> list[Path]:
    """pymorphy3's version file and its Russian dictionary's metadata (found, not imported)."""
    found = []
    for package, name in (("pymorphy3", "version.py"), ("pymorphy3_dicts_ru", "data/meta.json")):
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            found.append(Path(folder) / name)
    return found


def load_cached(directory: Path) -> KB:
    """The KB of directory, from its index file when one matches, else built from the YAML
    and the index written for the next process."""
    path = cache_dir() / f"kb-{fingerprint(directory)[:32]}.json"
    kb = _read(path)
    if kb is not None:
        return kb
    files = {name: _raw(directory / name) for name in ENTRY_FILES}
    roles = _raw(directory / "roles.yaml")
    kb = _build(files, roles)
    kb.query_keys, kb.word_keys = _query_keys(kb)
    write_json(path, {"format": FORMAT, "files": files, "roles": roles, "index": _index(kb)})
    return kb


def _query_keys(kb: KB) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """The query keys (nlp/morph.py query_keys) and the KB keys (kb/keys.py word_key) of
    every word of every name and alias, as written and lowercased: a search for a name keys
    its words, finds its entry and keys the entry's other names from the index file, without
    loading pymorphy3 (~0.08 s of `obzor search`)."""
    from obzor.kb.keys import word_key
    from obzor.nlp.morph import WORD, query_keys

    words = {
        w
        for entry in kb.entries
        for name in entry.spellings()
        for m in WORD.finditer(name)
        for w in (m.group(), m.group().lower())
    }
    ordered = sorted(words)
    return {w: query_keys(w) for w in ordered}, {w: word_key(w) for w in ordered}


def _raw(path: Path) -> Any:
    from obzor.yamldata import load_yaml

    # Through JSON and back: dates become the strings the loader makes of them anyway.
    return json.loads(json.dumps(load_yaml(path.read_text(encoding="utf-8")), default=str))


def _build(files: dict[str, Any], roles: Any, index: dict[str, Any] | None = None) -> KB:
    entries = []
    for name, data in files.items():
        if not isinstance(data, list):
            raise KBError(f"{name}: expected a list of entries")
        entries += [entry_from_raw(name, raw) for raw in data]
    rules = [role_rule(r) for r in roles if isinstance(r, dict)]
    if index is None:
        return KB(entries, rules)
    return KB(entries, rules, index=_unindex(index))


def _index(kb: KB) -> dict[str, Any]:
    return {
        "keys": [[list(k), v.entry, list(v.caps)] for k, v in kb.keys.items()],
        "surface": [[list(k), v.entry, list(v.caps)] for k, v in kb.surface.items()],
        "adjectives": kb.adjectives,
        "anaphors": [[list(k), [e.id for e in v]] for k, v in kb.anaphors.items()],
        "query_keys": {w: list(k) for w, k in kb.query_keys.items()},
        "word_keys": kb.word_keys,
    }


def _unindex(index: dict[str, Any]) -> tuple[Any, ...]:
    def keys(rows: list[Any]) -> dict[tuple[str, ...], Key]:
        return {tuple(k): Key(str(e), tuple(c)) for k, e, c in rows}

    anaphors = {tuple(k): list(ids) for k, ids in index["anaphors"]}
    return keys(index["keys"]), keys(index["surface"]), dict(index["adjectives"]), anaphors


def _read(path: Path) -> KB | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        kb = _build(data["files"], data["roles"], data["index"])
        kb.query_keys = {w: tuple(k) for w, k in data["index"]["query_keys"].items()}
        kb.word_keys = dict(data["index"]["word_keys"])
        return kb
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, half-written by a crash, or not ours: build it again


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write data to path atomically (a reader sees no file or the whole of it), then prune
    the directory; a directory or disk that cannot take it only costs the time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return  # a read-only home: every start builds the index (as before the cache)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as tmp:
            json.dump(data, tmp, ensure_ascii=False)
        os.replace(name, path)  # atomic: a reader sees no file or the whole of it
    except OSError:
        Path(name).unlink(missing_ok=True)  # a full disk: nothing half-written is left
        return
    prune(path.parent)


def prune(directory: Path, keep: int = KEEP) -> list[Path]:
    """Remove all but the keep most recently written index files in directory (and as many
    files of query words, kb/words.py), and temporary files older than STALE_TEMP_SECONDS;
    what was removed. A file another process removes or holds first is skipped: pruning never
    fails a command."""
    now = time.time()
    old, stale = [], []
    for prefix in ("kb-", "words-"):
        indexes = []
        for path in directory.glob(prefix + "*"):
            try:
                mtime = path.stat().st_mtime
            except OSError:
                continue
            if path.name.endswith(".json"):
                indexes.append((mtime, path))
            elif path.name.endswith(".tmp") and now - mtime > STALE_TEMP_SECONDS:
                stale.append(path)
        indexes.sort(reverse=True)
        old += [p for _, p in indexes[keep:]]
    removed = []
    for path in old + stale:
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed
