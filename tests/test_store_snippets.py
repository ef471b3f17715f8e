"""Snippets come from the original text, around the densest cluster of matching words."""

from __future__ import annotations

from obzor.nlp.morph import lemmatize
from obzor.store.query import parse
from obzor.store.snippets import AFTER_FIRST, SCAN_LIMIT, snippet

FILLER = " ".join(f"слово{i}" for i in range(60))


def test_matches_any_inflection_and_marks_them() -> None:
    text = "В Казахстане прошли учения. Казахстан доволен."
    got = snippet(text, parse("Казахстану").phrases)
    assert got == "В [Казахстане] прошли учения. [Казахстан] доволен."


def test_window_is_cut_with_ellipses_around_the_densest_cluster() -> None:
    text = f"ОДКБ {FILLER} Саммит ОДКБ и ШОС прошёл в Астане. {FILLER} конец."
    got = snippet(text, parse("ОДКБ OR ШОС").phrases, width=12)
    assert got.startswith("…") and got.endswith("…")
    assert "[ОДКБ] и [ШОС]" in got
    assert "слово59 Саммит" in got  # a few words of context before the first match
    assert len(got.strip("…").split()) == 12


def test_marks_and_escape_are_configurable_for_rich_markup() -> None:
    text = "Сводка [срочно]: учения ОДКБ."
    got = snippet(
        text, parse("ОДКБ").phrases, marks=("[b]", "[/b]"), escape=lambda s: s.replace("[", r"\[")
    )
    assert got == r"Сводка \[срочно]: учения [b]ОДКБ[/b]."


def test_phrases_are_marked_only_where_they_occur_whole() -> None:
    text = "Безопасность: органы коллективной безопасности и казахстанские военные, но не ШОС."
    got = snippet(text, parse('"коллективная безопасность" казахстан* NOT ШОС').phrases)
    assert got == (
        "Безопасность: органы [коллективной] [безопасности] и [казахстанские] военные, но не ШОС."
    )


def test_without_matches_the_text_opens_the_snippet() -> None:
    got = snippet(f"{FILLER}.", parse("ОДКБ").phrases, width=5)
    assert got == "слово0 слово1 слово2 слово3 слово4…"


def test_whitespace_is_collapsed_and_empty_text_is_empty() -> None:
    assert snippet("Учения\n\n  ОДКБ\tначались", parse("ОДКБ").phrases) == "Учения [ОДКБ] начались"
    assert snippet("", parse("ОДКБ").phrases) == ""


def test_the_window_is_sought_near_the_first_match_only() -> None:
    # A denser cluster beyond AFTER_FIRST words past the first match is not read: a snippet
    # costs the first match's position plus a paragraph, not the whole article.
    far = " ".join(f"слово{i}" for i in range(AFTER_FIRST + 20))
    text = f"Учения ОДКБ начались. {far} Саммит ОДКБ и ШОС, ОДКБ и ШОС. Конец."
    got = snippet(text, parse("ОДКБ OR ШОС").phrases, width=12)
    assert got.startswith("Учения [ОДКБ] начались.") and got.endswith("…")
    assert "Саммит" not in got


def test_a_text_without_a_match_is_read_only_up_to_the_scan_limit() -> None:
    long = " ".join(f"слово{i}" for i in range(SCAN_LIMIT + 10)) + " ОДКБ"
    got = snippet(long, parse("ОДКБ").phrases, width=3)
    assert got == "слово0 слово1 слово2…"


def test_the_index_keys_mark_what_lemmatizing_marks() -> None:
    text = (
        "Президент Казахстана Касым-Жомарт Токаев провёл переговоры. Токаеву доложили об "
        "учениях ОДКБ в Казахстане; «Казахстан готов», — сказал он. Астанада өтті."
    )
    keys = lemmatize(text).split()
    for query in ("Казахстан", "токаев", '"учения ОДКБ"', "казахстан*", "Астана"):
        phrases = parse(query).phrases
        assert snippet(text, phrases, keys=keys) == snippet(text, phrases), query


def test_words_match_by_the_index_keys_when_given() -> None:
    # The keys are read, not recomputed: a word keyed "москва" matches a query for Москва.
    assert snippet(
        "Встреча в Астане.", parse("Москва").phrases, keys=["встреча", "в", "москва"]
    ) == ("Встреча в [Астане].")


def test_keys_of_another_text_are_ignored() -> None:
    text = "Учения прошли в Казахстане."
    phrases = parse("Казахстан").phrases
    assert snippet(text, phrases, keys=["учение", "пройти"]) == "Учения прошли в [Казахстане]."
