"""UI strings in Russian (default) and English, from i18n.yaml, loaded once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from obzor.yamldata import load_yaml

LANGUAGES = ("ru", "en")
DEFAULT = "ru"


@lru_cache(maxsize=1)
def messages() -> dict[str, dict[str, str]]:
    """{language: {id: text}}; ValueError when a language lacks an id another one has."""
    data = load_yaml((Path(__file__).with_name("i18n.yaml")).read_text(encoding="utf-8"))
    if not isinstance(data, dict) or set(data) != set(LANGUAGES):
        raise ValueError(f"i18n.yaml must have exactly the languages {LANGUAGES}")
    ids = set(data[DEFAULT])
    for lang in LANGUAGES:
        if set(data[lang]) != ids:
            raise ValueError(f"i18n.yaml: {lang} differs in ids: {sorted(set(data[lang]) ^ ids)}")
    return {lang: {k: str(v) for k, v in data[lang].items()} for lang in LANGUAGES}


def pick(requested: str | None) -> str:
    """A supported language code: requested if known, else the default (ru)."""
    return requested if requested in LANGUAGES else DEFAULT
