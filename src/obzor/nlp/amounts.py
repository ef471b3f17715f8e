"""Figures in text: "183", "более 4 тыс.", "одного миллиона долларов" -> numbers, currencies."""

from __future__ import annotations

import re

_WORDS = {
    "одн": 1, "один": 1, "дв": 2, "тр": 3, "четыр": 4, "пят": 5, "шест": 6, "сем": 7,
    "восем": 8, "восьм": 8, "девят": 9, "десят": 10, "сто": 100, "двест": 200, "двухсот": 200,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a": 1,
}  # fmt: skip
# "двухсот" is 200, not the 2 of its prefix "дв": the longest stem that fits wins.
_WORDS_LONGEST_FIRST = sorted(_WORDS.items(), key=lambda kv: -len(kv[0]))
_SCALE = {
    "тыс": 1_000, "тысяч": 1_000, "thousand": 1_000, "млн": 1_000_000, "миллион": 1_000_000,
    "million": 1_000_000, "млрд": 1_000_000_000, "миллиард": 1_000_000_000,
    "billion": 1_000_000_000,
}  # fmt: skip
_CURRENCY = {"доллар": "USD", "usd": "USD", "$": "USD", "dollar": "USD", "евро": "EUR",
             "eur": "EUR", "рубл": "RUB", "тенге": "KZT", "сом": "KGS", "юан": "CNY",
             "сумов": "UZS", "сомони": "TJS"}  # fmt: skip

# Kazakh numbers are written out in TV news: "төрт мың жеті жүз жеті" (4,707), "он жеті мың".
_KAZAKH_UNITS = {
    "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8,
    "тоғыз": 9, "он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50, "алпыс": 60,
    "жетпіс": 70, "сексен": 80, "тоқсан": 90,
}  # fmt: skip
_KAZAKH_SCALES = {"жүз": 100, "мың": 1_000, "миллион": 1_000_000, "миллиард": 1_000_000_000}
_KK = "|".join(sorted([*_KAZAKH_UNITS, *_KAZAKH_SCALES], key=len, reverse=True))
# One word alone may not be "он" (Russian "he"), "бес" or "бір" (also the indefinite article).
_KK_ALONE = "|".join(w for w in _KK.split("|") if w not in ("он", "бес", "бір"))
KAZAKH_NUMBER = rf"(?:(?:{_KK})\s+)+(?:{_KK})(?![\w-])|(?:{_KK_ALONE})(?![\w-])"

NUMBER = (
    r"(?:(?:более|свыше|около|почти|порядка|over|more\s+than|about|nearly)\s+)?"
    r"(?<![\w.,])(?P<num>\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)|\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:[.,]\d+)?|"
    + KAZAKH_NUMBER
    + r"|"
    # Number words as whole words: "дв\w*" took "движение", "одн\w*" "однако", "пят\w*" "пятница".
    r"один|одн(?:а|о|ого|ой|ому|им|ом|у|их|ими)\b|дв(?:а|е|ух|ум|умя)\b|двести|двухсот|"
    r"тр[её]х|три|тремя|четыр(?:е|[её]х|[её]м|ьмя)\b|пят(?:ь|и|ью)\b|шест(?:ь|и|ью)\b|сем(?:ь|и)\b|"
    r"восем(?:ь|ью)\b|восьми\b|девят(?:ь|и|ью)\b|десят(?:ь|и|ью|ки|ков)\b|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|a)"
    r"(?:\s*(?P<scale>тыс\.|тысяч\w*|млн\.?|миллион\w*|млрд\.?|миллиард\w*|thousand|million|billion))?"
)
_AMOUNT = re.compile(
    r"(?P<cur0>\$)?\s?"
    + NUMBER
    + r"\s*(?P<cur>доллар\w*|USD|\$|евро|EUR|рубл\w*|тенге|сом\w*|юан\w*|сумов|dollars?)?",
    re.IGNORECASE,
)


def number(num: str, scale: str | None) -> float | None:
    """The value of a digit, Russian, English or Kazakh word number with an optional scale
    word, or None."""
    kazakh = kazakh_number(num)
    if kazakh is not None:
        value: float = float(kazakh)
    else:
        russian_scale = bool(scale and re.match(r"[а-яё]", scale, re.IGNORECASE))
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+", num) and not russian_scale:
            num = num.replace(",", "")  # "1,500 tonnes": English thousands; "4,941 тысячи": 4941
        num = num.casefold().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            value = float(num)
        except ValueError:
            value = next((float(v) for k, v in _WORDS_LONGEST_FIRST if num.startswith(k)), -1.0)
            if value < 0:
                return None
    if scale:
        key = scale.casefold().rstrip(".")
        value *= next((v for k, v in _SCALE.items() if key.startswith(k)), 1)
    return value


def kazakh_number(words: str) -> int | None:
    """The value of a Kazakh number in words ("екі жүз тоқсан" -> 290), or None."""
    total = current = 0
    tokens = words.casefold().split()
    if not tokens:
        return None
    for token in tokens:
        if token in _KAZAKH_UNITS:
            current += _KAZAKH_UNITS[token]
        elif token == "жүз":
            current = (current or 1) * 100
        elif token in _KAZAKH_SCALES:
            total += (current or 1) * _KAZAKH_SCALES[token]
            current = 0
        else:
            return None
    return total + current


def find_amount(text: str) -> dict[str, object] | None:
    """The first money amount in text: {"value", "currency", "text"}, or None."""
    for m in _AMOUNT.finditer(text):
        currency = m.group("cur") or m.group("cur0")
        if not currency:
            continue
        value = number(m.group("num"), m.group("scale"))
        if value is None:
            continue
        code = next((v for k, v in _CURRENCY.items() if currency.casefold().startswith(k)), None)
        shown = int(value) if value.is_integer() else value
        return {"value": shown, "currency": code, "text": m.group().strip()}
    return None
