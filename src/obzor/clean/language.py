"""Language by character counting: ru / kk (and neighbours) / en, else the script's guess."""

from __future__ import annotations

import re
import unicodedata

# 3,000 characters hold ~2,500 letters: the ratios below are stable at that size, and counting
# them costs ~20 µs, so the whole article is never scanned.
SAMPLE_CHARS = 3000

# Kazakh letters (ә ғ қ ң ө ұ ү һ) are 5-10 % of the letters in Kazakh text; a Russian
# article naming "Қасым-Жомарт" or "Мәжіліс" stays well under 2 %. The same share of "і"
# without them marks Ukrainian.
KAZAKH_MIN_SHARE = 0.02

_KAZAKH = "әғқңөұүһ"  # "і" is left out: Ukrainian and Belarusian use it too
_KAZAKH_ONLY = "әғқұһ"  # absent from Kyrgyz, whose own letters (ң ө ү) Kazakh shares
_KYRGYZ = "ңөү"
_TAJIK = "ҷӣӯ"
_UKRAINIAN = "їєґ"
_DOTTED_I = "і"
_SHORT_U = "ў"  # Uzbek (with қ ғ ҳ) or Belarusian

# Cyrillic letters take two UTF-8 bytes led by 0xD0-0xD3; counting lead bytes is a fast
# exact count of Cyrillic letters (punctuation and digits are single bytes).
_CYRILLIC_LEADS = (b"\xd0", b"\xd1", b"\xd2", b"\xd3")
# Every non-Russian Cyrillic letter is in U+0480-U+04FF (lead bytes 0xD2, 0xD3) or is one of
# і ї є ў; text without these bytes is Russian and skips the per-letter counts.
_NON_RUSSIAN_MARKERS = (b"\xd2", b"\xd3", "і".encode(), "ї".encode(), "є".encode(), "ў".encode())
_ASCII_LETTERS = frozenset(b"abcdefghijklmnopqrstuvwxyz")
_NOT_ASCII_LETTER = bytes(b for b in range(256) if b not in _ASCII_LETTERS)

# Kazakh in the Latin alphabet (2021: "Qazaqstan Respublikasynyñ Prezidenti Qasym-Jomart
# Toqaev"): its frequent words, against English ones; a text with more of the first is Kazakh.
_KAZAKH_LATIN_WORDS = frozenset(
    {
        "jäne",
        "jane",
        "men",
        "bolyp",
        "bolady",
        "boldy",
        "üşin",
        "ushin",
        "turaly",
        "boiynşa",
        "boiynsha",
        "degen",
        "dep",
        "osy",
        "bul",
        "bıyl",
        "biyl",
        "jyly",
        "etti",
        "edi",
        "qazaqstan",
        "qazaqstannyñ",
        "respublikasy",
        "prezidenti",
        "memlekettik",
        "birge",
        "sondai-aq",
        "ortalyq",
        "öñir",
        "onyñ",
        "olar",
    }
)
_ENGLISH_WORDS = frozenset(
    {
        "the",
        "and",
        "of",
        "to",
        "in",
        "is",
        "for",
        "on",
        "with",
        "that",
        "was",
        "by",
        "as",
        "at",
        "from",
    }
)
_LATIN_WORD = re.compile(r"[a-zäğñöşūüıçáóúń]+(?:-[a-zäğñöşūüıçáóúń]+)*")

# Scripts other than Cyrillic and Latin, by the Unicode name's first word, and the language
# a news text in that script most likely is.
_SCRIPTS = {
    "ARABIC": "ar",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "HANGUL": "ko",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "GREEK": "el",
    "HEBREW": "he",
    "DEVANAGARI": "hi",
    "THAI": "th",
    "MONGOLIAN": "mn",
}


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code from the first few thousand characters, or None without letters."""
    sample = text[:SAMPLE_CHARS].lower()
    raw = sample.encode("utf-8")
    cyrillic = sum(raw.count(lead) for lead in _CYRILLIC_LEADS)
    latin = len(raw.translate(None, _NOT_ASCII_LETTER))
    if cyrillic and cyrillic >= latin:
        plain = not any(marker in raw for marker in _NON_RUSSIAN_MARKERS)
        return "ru" if plain else _cyrillic_language(sample, cyrillic)
    if latin and latin >= len(sample) // 4:
        return "kk" if _latin_kazakh(sample) else "en"
    return _other_script(sample) or ("en" if latin else None)


def _cyrillic_language(sample: str, cyrillic: int) -> str:
    def count(letters: str) -> int:
        return sum(sample.count(ch) for ch in letters)

    if count(_TAJIK) >= 3:
        return "tg"
    if count(_KAZAKH) >= KAZAKH_MIN_SHARE * cyrillic:
        return "kk" if count(_KAZAKH_ONLY) > count(_KYRGYZ) / 5 else "ky"
    if count(_SHORT_U) >= 3:
        return "uz" if count("қғҳ") >= 3 else "be"
    if count(_UKRAINIAN) >= 3 or count(_DOTTED_I) >= KAZAKH_MIN_SHARE * cyrillic:
        return "uk"
    return "ru"


def _latin_kazakh(sample: str) -> bool:
    """Whether a Latin-script text is Kazakh: two or more Kazakh words, more than English."""
    words = _LATIN_WORD.findall(sample)
    kazakh = sum(w in _KAZAKH_LATIN_WORDS for w in words)
    return kazakh >= 2 and kazakh > sum(w in _ENGLISH_WORDS for w in words)


def _other_script(sample: str) -> str | None:
    votes: dict[str, int] = {}
    for ch in sample:
        if ch.isalpha() and ord(ch) > 0x24F:
            script = unicodedata.name(ch, "").split(" ", 1)[0]
            lang = _SCRIPTS.get(script)
            if lang:
                votes[lang] = votes.get(lang, 0) + 1
    return max(votes, key=votes.__getitem__) if votes else None
