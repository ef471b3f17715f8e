"""Boilerplate rules: named, data-driven, and never eating content."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from obzor.clean.boilerplate import (
    RULES_PATH,
    default_rules,
    load_rules,
    strip_furniture,
    which_rule,
)
from obzor.clean.text import normalize_line


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Подпишитесь на наш", "subscribe-prompt"),
        ("Telegram-канал", "channel-name"),
        ("и узнавайте новости первыми!", "subscribe-tail"),
        ("АВТОР", "author-label"),
        ("Автор: Иван Петров", "author-line"),
        ("By Jane Doe", "english-byline"),
        ("Наверх", "page-edge"),
        ("top of page", "page-edge"),
        ("bottom of page", "page-end"),
        ("Похожие посты", "related-block"),
        ("Читайте также", "related-block"),
        ("Related articles", "related-block"),
        ("Смотреть все", "see-all"),
        ("Фото: Akorda.kz", "photo-credit"),
        ("Фото автора: Политпросвет.kz", "photo-credit"),
        ("  • Фото автора: Политпросвет.kz", "photo-credit"),
        ("2 мин. чтения", "reading-time"),
        ("• 2 мин. чтения", "reading-time"),
        ("5 min read", "reading-time"),
        ("14261", "view-counter"),
        ("1 550", "view-counter"),
        ("•", "bullet-only"),
        ("—", "bullet-only"),
        ("Подписывайтесь на https://t.me/politprosvet_kz", "subscribe-prompt"),
        ("Читайте нас в Telegram", "social-follow"),
        ("Поделиться", "share"),
        ("Поделиться:", "share"),
        ("Поделиться: Telegram WhatsApp VK", "share-row"),
        ("Share this article", "share"),
        ("Читайте также: Токаев провел заседание Совбеза", "read-also-link"),
        (
            "Мы используем файлы cookie, чтобы сайт работал лучше. Продолжая, вы соглашаетесь.",
            "cookie-banner",
        ),
        ("We use cookies to improve your experience.", "cookie-banner"),
        ("Регистрация пройдена успешно! Пожалуйста, перейдите по ссылке из письма", "site-notice"),
        ("Вы используете устаревшую версию браузера. Для оптимальной работы", "site-notice"),
        ("Ваш регион", "site-notice"),
        ("Принять", "consent-button"),
        ("Главная / Новости / Политика", "breadcrumbs"),
        ("© 2024 Степной вестник. Все права защищены.", "copyright"),
        ("Copyright 2023 Steppe Times. All rights reserved.", "copyright"),
        ("При использовании материалов ссылка на сайт обязательна.", "reuse-notice"),
        ("Теги: ОДКБ, Казахстан", "tags-line"),
        ("Нашли ошибку? Выделите текст и нажмите Ctrl+Enter", "error-report"),
        ("Опубликовано: 15.10.2025", "date-label"),
        ("Комментарии (0)", "comments"),
        ("Реклама", "advertising"),
    ],
)
def test_which_rule(line: str, rule: str) -> None:
    assert which_rule(normalize_line(line)) == rule


@pytest.mark.parametrize(
    "line",
    [
        "- Какие перспективы в ОДКБ вы видите для Казахстана? Почему для Казахстана важно?",
        "- Спасибо за интервью.",
        "– Эти угрозы сейчас не просто остаются актуальными, – сказал президент.",
        "Усилия ОДКБ по улучшению системы коллективной безопасности",
        "По итогам сессии был принят ряд документов.",
        "Президент подписал указ о ратификации соглашения.",
        "Share prices in Almaty fell 5% on Monday.",
        "Фотовыставка о миротворцах ОДКБ открылась в Минске.",
        "Подписание соглашения состоится в декабре.",
        "В 2024 году Казахстан будет председательствовать в ОДКБ.",
        "Лидеры обсудили угрозы кибербезопасности" * 20,  # long paragraphs skip the rules
    ],
)
def test_content_is_kept(line: str) -> None:
    assert which_rule(line) is None


def test_rules_are_named_and_unique() -> None:
    data = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    names = [rule["name"] for rule in data["rules"]]
    assert len(names) == len(set(names))
    assert all(rule.name for rule in default_rules().rules)
    assert {rule.name for rule in default_rules().rules} == set(names)


def test_strip_furniture_cuts_only_after_the_body_began() -> None:
    paras = ["Читайте также", "Первый абзац.", "Поделиться", "Второй абзац.", "Похожие посты", "X"]
    assert strip_furniture(paras) == ["Первый абзац.", "Второй абзац."]


def test_load_rules_from_another_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n  - name: promo\n    regex: 'промокод'\n  - name: end\n    action: cut\n"
        "    exact: [конец]\n",
        encoding="utf-8",
    )
    rules = load_rules(path)
    assert [r.name for r in rules.rules] == ["promo", "end"]
    assert strip_furniture(["Текст.", "Промокод SALE", "Ещё.", "Конец", "хвост"], rules) == [
        "Текст.",
        "Ещё.",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "rules:\n  - name: bad\n    action: delete\n    exact: [x]\n",
        "rules:\n  - name: empty\n",
    ],
)
def test_invalid_rules_are_refused(tmp_path: Path, body: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match="boilerplate rule"):
        load_rules(path)
