"""Transliteration between Cyrillic (Russian, Kazakh) and Latin, for matching names across
scripts: "Tokayev", "Токаев", "Тоқаев" and the 2021 Kazakh Latin "Toqaev" meet."""

from __future__ import annotations

import re

from obzor.text import fold

# Cyrillic -> a Latin skeleton: one spelling per sound as English and Kazakh news write it.
_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip
# Latin spellings of one sound folded together (after lowercasing and the map above).
_FOLD = (
    (re.compile(r"[äáà]"), "a"), (re.compile(r"[ğ]"), "g"), (re.compile(r"[ñń]"), "n"),
    (re.compile(r"[öó]"), "o"), (re.compile(r"[üúūù]"), "u"), (re.compile(r"[ıíìï]"), "i"),
    (re.compile(r"[şś]"), "sh"), (re.compile(r"[ç]"), "ch"), (re.compile(r"q"), "k"),
    (re.compile(r"w"), "v"), (re.compile(r"x"), "ks"), (re.compile(r"dzh|dj|j"), "zh"),
    (re.compile(r"kh|h"), "h"), (re.compile(r"ts|tz"), "c"), (re.compile(r"y"), "i"),
    (re.compile(r"(.)\1"), r"\1"),
)  # fmt: skip
_VOWELS = "аеёиоуыэюяәөұүі"

# Latin (Kazakh 2021 alphabet, and English spellings of Kazakh and Russian names) -> Cyrillic.
_TO_CYRILLIC = (
    ("shch", "щ"), ("sh", "ш"), ("ch", "ч"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"),
    ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ye", "е"),
    ("ş", "ш"), ("ç", "ч"), ("ä", "ә"), ("á", "ә"), ("ğ", "ғ"), ("ñ", "ң"), ("ń", "ң"),
    ("ö", "ө"), ("ó", "ө"), ("ü", "ү"), ("ú", "ү"), ("ū", "ұ"), ("ı", "ы"), ("i", "и"),
    ("a", "а"), ("b", "б"), ("c", "к"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"),
    ("h", "х"), ("j", "ж"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"),
    ("p", "п"), ("q", "қ"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"),
    ("w", "у"), ("x", "кс"), ("y", "ы"), ("z", "з"),
)  # fmt: skip
_LATIN_UNIT = re.compile("|".join(re.escape(a) for a, _ in _TO_CYRILLIC))
_CYRILLIC = dict(_TO_CYRILLIC)


def skeleton(text: str) -> str:
    """A script-free spelling for comparing names: "Токаев", "Tokayev", "Toqaev" -> "tokaiev"
    or close to it (one letter apart at most)."""
    low = fold(text)
    out: list[str] = []
    prev = " "
    for ch in low:
        if ch == "е" and (prev in _VOWELS or not prev.isalpha()):
            out.append("ye")  # Алиев -> Aliyev, Ермек -> Yermek
        else:
            out.append(_TO_LATIN.get(ch, ch))
        prev = ch
    latin = "".join(out)
    for pattern, repl in _FOLD:
        latin = pattern.sub(repl, latin)
    return latin


def to_cyrillic(text: str) -> str:
    """Latin letters written in Cyrillic ("Qasym-Jomart Toqaev" -> "Қасым-Жомарт Тоқаев"),
    capitals kept; other characters as they are."""

    def one(m: re.Match[str]) -> str:
        return _CYRILLIC[m.group().lower()]

    def word(m: re.Match[str]) -> str:
        w = m.group()
        out = _LATIN_UNIT.sub(one, w.lower())
        if w.isupper() and len(w) > 1:
            return out.upper()
        return out[:1].upper() + out[1:] if w[:1].isupper() else out

    return re.sub(r"[^\W\d_]+", word, text)


# Kazakh Cyrillic -> the 2021 Kazakh Latin alphabet, as Kazakh news write it ("Қасым-Жомарт
# Тоқаев" -> "Qasym-Jomart Toqaev"), so Latin Kazakh text links to the KB's Kazakh names.
_KK_LATIN = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e", "ё": "io",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n",
    "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "ū",
    "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ç", "ш": "ş", "щ": "ş", "ъ": "",
    "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip


def kk_latin(text: str) -> str:
    """Kazakh Cyrillic in the 2021 Latin alphabet, capitals kept."""
    out = []
    for ch in text:
        low = ch.lower()
        latin = _KK_LATIN.get(low)
        if latin is None:
            out.append(ch)
        else:
            out.append(latin[:1].upper() + latin[1:] if ch != low else latin)
    return "".join(out)
