"""Title choice: page furniture and lone rubrics are not headlines (clean/title.py)."""

from __future__ import annotations

import pytest

from obzor.clean.page import split_page
from obzor.clean.title import choose_title, h1_texts, is_furniture, is_rubric, without_time

HEADLINE = "Конгресс США утвердил избрание Джо Байдена президентом"
COOKIE = (
    "Наш сайт использует файлы Cookie, чтобы предоставлять вам персонализированную "
    "информацию. Подробности - в Положении о защите личных данных."
)
LEAD = (
    "Конгресс США в четверг, 7 января, официально утвердил демократа Джо Байдена на "
    "должности следующего президента страны."
)


@pytest.mark.parametrize(
    ("title", "furniture"),
    [
        ("Отправить еще раз", True),  # RIA's button
        ("Accessibility links", True),
        ("Курсы валюты:", True),
        (COOKIE, True),
        ("Регистрация пройдена успешно! Пожалуйста, перейдите по ссылке из письма", True),
        ("gnu.org", True),
        ("| ---", True),
        (HEADLINE, False),
        ("Видео: взрыв газа в жилом доме в Алматы", False),  # a caption rule, not a title rule
        ("Поиск пропавших туристов в горах продолжается", False),
        ("Мир", False),  # a rubric only above a headline (is_rubric), not on its own
    ],
)
def test_is_furniture(title: str, furniture: bool) -> None:
    assert is_furniture(title) is furniture


@pytest.mark.parametrize(
    ("line", "following", "rubric"),
    [
        ("Мир", HEADLINE, True),
        ("Германия", "Вакцина от коронавируса: в Германии готовятся к первым испытаниям", True),
        ("Вакцинация", "30/12/2020", False),  # a date, not a headline, follows
        ("Мир", LEAD, False),  # a lead (a closing full stop) follows: "Мир" is the headline
        ("Мир", "Байден", False),
        ("Пульс планеты", HEADLINE, False),  # two words
        ("Мир", None, False),
    ],
)
def test_is_rubric(line: str, following: str | None, rubric: bool) -> None:
    assert is_rubric(line, following) is rubric


def test_choose_title_skips_furniture_and_a_lone_rubric() -> None:
    assert choose_title(["Отправить еще раз", HEADLINE], []) == HEADLINE
    assert choose_title(["Aktuelles", None, None], [HEADLINE]) == HEADLINE
    # a rubric that the page's <title> repeats is taken for the page's own name: it stays
    assert choose_title(["Aktuelles", None, "Aktuelles"], [HEADLINE]) == "Aktuelles"
    assert choose_title(["Hauptmenü"], ["Navigation", HEADLINE]) == HEADLINE
    assert choose_title(["Отправить еще раз", "Меню"], []) is None


def test_choose_title_keeps_a_one_word_title_that_another_source_repeats() -> None:
    assert choose_title(["Nebelsuppe."], ["Das Leben, der Meister und ich", "Nebelsuppe."]) == (
        "Nebelsuppe."
    )
    # with no headline-like og:title or <h1>, the one word stays (the <title> is not asked)
    assert choose_title(["Allgemein", "' + title + ' - ' + basename(imgurl)"], []) == "Allgemein"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("09:57 Канада задумала спасти христианку", "Канада задумала спасти христианку"),
        ("18:20 – «Северный поток» остановлен", "«Северный поток» остановлен"),
        ("2:0 в пользу Казахстана", "2:0 в пользу Казахстана"),
        ("600 рейсов отменены", "600 рейсов отменены"),
    ],
)
def test_without_time(title: str, expected: str) -> None:
    assert without_time(title) == expected


def test_h1_texts() -> None:
    content = (
        "<html><script>var s = '<h1>' + t + '</h1>';</script><h1 class='x'>Саммит <b>ОДКБ</b>"
        " &laquo;в Астане&raquo;</h1><h1> </h1><h1>Второй</h1></html>"
    )
    assert h1_texts(content) == ["Саммит ОДКБ «в Астане»", "Второй"]


def test_scraped_page_skips_notices_buttons_and_a_rubric() -> None:
    """BSNLP's saved DW and RIA pages: the headline is the first line that is neither."""
    dw = split_page(f"{COOKIE}\n\nМир\n\n{HEADLINE}\n\n{LEAD}")
    assert dw.title == HEADLINE and dw.body == [LEAD]
    assert ("Мир", "rubric") in dw.trace
    ria = split_page(
        "Регистрация пройдена успешно! Пожалуйста, перейдите по ссылке из письма, отправленного"
        " на\nОтправить еще раз\nhttps://ria.ru/20201004/pozner-1578167029.html\n"
        'Познер заявил о намерении США "наказать" Россию\n' + LEAD
    )
    assert ria.title == 'Познер заявил о намерении США "наказать" Россию'
    assert split_page(f"Мир\n\n{LEAD}").title == "Мир"
