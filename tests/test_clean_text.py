"""Scraped page text: headline, header and body, on pages written in the seeds' styles."""

from __future__ import annotations

from obzor.clean import clean, explain
from obzor.clean.page import split_page
from obzor.model import Document

# A page in the style of seeds 000/004 (a Kazakh news site's scraped text), made up.
BAIGE_STYLE = """Секретари совбезов ШОС обсудили угрозы в Афганистане

15 Мая 2024, 10:05
АВТОР
Иван Петров
Подпишитесь на наш
Telegram-канал
и узнавайте новости первыми!
Akorda.kz 15 Мая 2024, 10:05
15 Мая 2024, 10:05
982
Фото: Akorda.kz

Секретари советов безопасности государств\u00a0ШОС провели встречу в Астане, \
передаёт  Zakon.kz со ссылкой на пресс-службу Совета безопасности РК.

- Какие угрозы вы считаете главными?

- Прежде всего, ситуацию в Афганистане, – заявил секретарь Совбеза.

Наверх
"""

# A page in the style of seed 002 (a website-builder page), made up.
WIX_STYLE = """top of page

Лидеры ОДКБ обсудили итоги года

  • Фото автора: Степь-инфо.kz
    Степь-инфо.kz
  • 3 дек. 2024 г.
  • 2 мин. чтения

\u00a0

Лидеры государств ОДКБ подвели итоги года, сообщает пресс-служба Кремля.

\u00a0

– Организация выполнила все задачи, – отметил генсек.

Подписывайтесь на https://t.me/stepinfo

Похожие посты

Токаев встретился с генсеком ШОС

Смотреть все
bottom of page
"""

# A page in the style of seed 003 (an agency story with a lead and a dateline), made up.
AGENCY_STYLE = """ date 2025-11-02 Генсек ШОС: организация усилит борьбу с наркотрафиком

По словам генсека, секретариат подготовил новую программу

БИШКЕК, 2 ноя – РИА Новости. Шанхайская организация сотрудничества усилит борьбу \
с незаконным оборотом наркотиков, сообщил генеральный секретарь организации.

Программа сотрудничества

По данным Интерфакса, программа рассчитана на три года.
"""

ENGLISH = """CSTO to hold joint drills in Kyrgyzstan

Published: March 5, 2024 10:15 AM
By Steppe Times staff
Share

BISHKEK, Kyrgyzstan (Reuters) - The Collective Security Treaty Organization will hold \
joint exercises in Kyrgyzstan this autumn, its secretariat said on Tuesday.

The drills will involve troops from all member states except Armenia.

Related articles

Armenia freezes CSTO participation
"""


def _clean(content: str) -> dict[str, object]:
    return clean(Document("page.txt", "text", content)).to_json()


def test_baige_style_page() -> None:
    a = _clean(BAIGE_STYLE)
    assert a["title"] == "Секретари совбезов ШОС обсудили угрозы в Афганистане"
    assert a["published"] == "2024-05-15T10:05"
    assert a["outlet"] == "Zakon.kz"
    assert a["credited_sources"] == ["пресс-служба Совета безопасности РК"]
    assert a["language"] == "ru"
    text = str(a["text"])
    assert text.startswith("Секретари советов безопасности государств ШОС провели встречу")
    assert "передаёт Zakon.kz" in text  # whitespace runs and no-break spaces collapsed
    assert text.endswith("– заявил секретарь Совбеза.")
    assert "\n\n- Какие угрозы вы считаете главными?\n\n" in text
    for junk in ("Иван Петров", "Подпишитесь", "Telegram-канал", "982", "Фото:", "Наверх"):
        assert junk not in text


def test_wix_style_page() -> None:
    a = _clean(WIX_STYLE)
    assert a["title"] == "Лидеры ОДКБ обсудили итоги года"
    assert a["published"] == "2024-12-03"
    assert a["outlet"] == "Степь-инфо.kz"
    assert a["credited_sources"] == ["пресс-служба Кремля"]
    assert a["text"] == (
        "Лидеры государств ОДКБ подвели итоги года, сообщает пресс-служба Кремля.\n\n"
        "– Организация выполнила все задачи, – отметил генсек."
    )


def test_agency_style_page() -> None:
    a = _clean(AGENCY_STYLE)
    assert a["title"] == "Генсек ШОС: организация усилит борьбу с наркотрафиком"
    assert a["published"] == "2025-11-02"  # the dateline's "2 ноя" has no year
    assert (a["outlet"], a["dateline"]) == ("РИА Новости", "Бишкек")
    assert a["credited_sources"] == ["РИА Новости", "Интерфакс"]
    text = str(a["text"])
    assert text.startswith("По словам генсека, секретариат подготовил новую программу\n\n")
    assert "БИШКЕК, 2 ноя – РИА Новости." in text
    assert "\n\nПрограмма сотрудничества\n\n" in text


def test_english_page() -> None:
    a = _clean(ENGLISH)
    assert a["title"] == "CSTO to hold joint drills in Kyrgyzstan"
    assert a["published"] == "2024-03-05T10:15"
    assert (a["outlet"], a["dateline"], a["language"]) == ("Reuters", "Bishkek", "en")
    assert str(a["text"]).startswith("BISHKEK, Kyrgyzstan (Reuters) - The Collective")
    assert str(a["text"]).endswith("except Armenia.")


def test_tass_dateline_is_no_publication_date() -> None:
    a = _clean("Заголовок новости\n\nМОСКВА, 15 октября. /ТАСС/. Текст новости о встрече.\n")
    assert a["published"] is None
    assert (a["outlet"], a["dateline"], a["credited_sources"]) == ("ТАСС", "Москва", ["ТАСС"])


def test_post_without_headline() -> None:
    prose = "Это длинный пост без заголовка. " * 12
    a = _clean(prose + "\n\nВторой абзац.")
    assert a["title"] is None
    assert str(a["text"]).startswith("Это длинный пост")


def test_empty_and_furniture_only_pages() -> None:
    assert _clean("")["text"] == ""
    a = _clean("top of page\n\nПодпишитесь на наш\nTelegram-канал\n")
    assert (a["title"], a["text"], a["language"]) == (None, "", None)


def test_date_under_the_lead_is_the_header_date() -> None:
    page = split_page("Заголовок\n\nЛид новости.\n\n3 апреля 2024\n\nТекст.")
    assert page.dates == ["2024-04-03"]
    assert page.body == ["Лид новости.", "Текст."]


def test_explain_names_the_rule_for_every_removed_line() -> None:
    trace = dict(explain(BAIGE_STYLE))
    assert trace["Секретари совбезов ШОС обсудили угрозы в Афганистане"] == "title"
    assert trace["Подпишитесь на наш"] == "subscribe-prompt"
    assert trace["Иван Петров"] == "author"
    assert trace["Akorda.kz 15 Мая 2024, 10:05"] == "byline"
    assert trace["15 Мая 2024, 10:05"] == "date"
    assert trace["982"] == "view-counter"
    assert trace["Наверх"] == "page-edge"
    assert trace["- Какие угрозы вы считаете главными?"] == "body"
    wix = dict(explain(WIX_STYLE))
    assert wix["Токаев встретился с генсеком ШОС"] == "after:related-block"
