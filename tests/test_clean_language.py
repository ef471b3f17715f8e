"""Language by character counting."""

from __future__ import annotations

import pytest

from obzor.clean.language import detect_language

RU = "Президент Казахстана принял участие в сессии Совета коллективной безопасности ОДКБ."
KK = "Қазақстан Республикасының Президенті ҰҚШҰ Ұжымдық қауіпсіздік кеңесінің отырысына қатысты."
KY = "Өкмөт башчысы бүгүн Бишкекте өткөн жыйында коопсуздук маселелерин көтөрдү, деп билдирилди."
UK = "Президент України взяв участь у засіданні ради безпеки, повідомляє пресслужба."
TG = "Президенти Ҷумҳурии Тоҷикистон дар ҷаласаи Шӯрои амнияти дастаҷамъӣ ширкат варзид."
EN = "Kazakhstan's president attended the session of the CSTO Collective Security Council."


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (RU, "ru"),
        (KK, "kk"),
        (KY, "ky"),
        (UK, "uk"),
        (TG, "tg"),
        (EN, "en"),
        # a Russian article naming Kazakh institutions stays Russian
        (RU * 5 + " Мәжіліс и Сенат Қазақстана одобрили закон.", "ru"),
        # an English article quoting a Russian name stays English
        (EN * 3 + " (ОДКБ)", "en"),
        ("习近平在上海合作组织峰会上发表讲话", "zh"),
        ("أعلن الرئيس القازاخستاني", "ar"),
        ("", None),
        ("12345 — 678", None),
    ],
)
def test_detect_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language


def test_only_the_start_is_read() -> None:
    assert detect_language(RU * 100 + EN * 1000) == "ru"
