"""The five seed articles (../shared/seeds): literal expectations for the clean stage."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from obzor.clean import clean
from obzor.model import Article, Document

pytestmark = pytest.mark.shared

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="module")
def seed_articles() -> dict[str, Article]:
    """The cleaned seed articles by number ("000" ...); ../shared is required in CI."""
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared is required in CI")
        pytest.skip("../shared is not present")
    return {
        path.name[:3]: clean(Document(str(path), "text", path.read_text(encoding="utf-8")))
        for path in sorted(seeds.glob("*.txt"))
    }


def test_000_interview(seed_articles: dict[str, Article]) -> None:
    a = seed_articles["000"]
    assert (
        a.title == "Казахстан заинтересован в сотрудничестве с ОДКБ в сфере безопасности - эксперт"
    )
    assert a.published == "2023-11-23T22:16"
    assert a.outlet == "BaigeNews.kz"
    assert a.credited_sources == []
    assert a.dateline is None
    assert a.language == "ru"
    assert a.text.startswith("В настоящее время Казахстан является ключевым членом")
    assert a.text.endswith("- Спасибо за интервью.")
    assert "\n\n- Какие перспективы в ОДКБ вы видите для Казахстана?" in a.text
    for junk in ("Подпишитесь", "Telegram-канал", "Фото:", "14261", "АВТОР", "Наверх", "22:16"):
        assert junk not in a.text


def test_001_relayed_press_service(seed_articles: dict[str, Article]) -> None:
    a = seed_articles["001"]
    assert (
        a.title == "Токаев озвучил ряд направлений работы ОДКБ в период председательства Казахстана"
    )
    assert a.published is None
    assert a.outlet == "Kazpravda.kz"
    assert a.credited_sources == ["пресс-служба президента РК"]
    assert a.dateline is None
    assert a.language == "ru"
    assert a.text.startswith("С 1 января 2024 года председательство в ОДКБ переходит к Казахстану")
    assert a.text.endswith("По итогам сессии был принят ряд документов.")


def test_002_website_builder_page(seed_articles: dict[str, Article]) -> None:
    a = seed_articles["002"]
    assert a.title == (
        "Президент Токаев призвал усилить сотрудничество для обеспечения безопасности в рамках ШОС"
    )
    assert a.published == "2024-04-03"
    assert a.outlet == "Политпросвет.kz"
    assert a.credited_sources == ["пресс-служба Акорды"]
    assert a.dateline is None
    assert a.text.startswith("Глава государства провел встречу")
    assert a.text.endswith("– сказал президент.")
    junk = ("top of page", "bottom of page", "Похожие посты", "Смотреть все", "мин. чтения")
    for piece in (*junk, "t.me/politprosvet_kz", "Фото автора", "\xa0", "  "):
        assert piece not in a.text
    assert "Токаев заявил" in a.text  # "Токаев\xa0заявил" with its no-break space normalized


def test_003_agency_story(seed_articles: dict[str, Article]) -> None:
    a = seed_articles["003"]
    assert (
        a.title == "Генсек ОДКБ: организация ставит приоритетом борьбу с угрозами кибербезопасности"
    )
    assert a.published == "2025-10-14"
    assert a.outlet == "ТАСС"
    assert a.credited_sources == ["ТАСС"]
    assert a.dateline == "Москва"
    assert a.text.startswith("По словам Имангали Тасмагамбетова")
    assert "МОСКВА, 15 октября. /ТАСС/." in a.text
    assert "\n\nУсилия ОДКБ по улучшению системы коллективной безопасности\n\n" in a.text


def test_004_relayed_akorda(seed_articles: dict[str, Article]) -> None:
    a = seed_articles["004"]
    assert a.title == "Токаев выступил на сессии Совета коллективной безопасности ОДКБ"
    assert a.published == "2023-11-23T18:56"
    assert a.outlet == "BaigeNews.kz"
    assert a.credited_sources == ["Акорда"]
    assert a.text.startswith("Президент Казахстана Касым-Жомарт Токаев принял участие")
    for junk in ("Фото: akorda.kz", "1550", "Подпишитесь"):
        assert junk not in a.text


def test_paragraphs_are_clean(seed_articles: dict[str, Article]) -> None:
    for a in seed_articles.values():
        paras = a.text.split("\n\n")
        assert all(p and p == p.strip() and "  " not in p and "\n" not in p for p in paras)
