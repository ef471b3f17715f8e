"""obzor's NER: tokens and BIO labels, the token-level scorer, training and tagging a CRF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from obzor.evaluation.ner import Score, add_counts, evaluate, token_labels
from obzor.nlp.ner.bounds import cut_runs, trim_ends
from obzor.nlp.ner.corpora import (
    NEREL_TRAIN_TYPES,
    GoldDoc,
    absorb,
    common_noun,
    flatten,
    load_factru,
    load_nerel,
    sentence_start,
)
from obzor.nlp.ner.features import shape
from obzor.nlp.ner.model import CrfTagger, NerMarkup, NerSpan, slovnet_labels
from obzor.nlp.ner.tokens import bio, spans_from_bio, tokenize
from obzor.nlp.ner.train import FOLDS, examples, fold_of, train

TEXT = "Президент Казахстана Касым-Жомарт Токаев прибыл в Минск."


def test_tokens_keep_hyphenated_names_and_split_punctuation() -> None:
    words = [t[2] for t in tokenize("«Рубеж-2024» и Касым-Жомарт.")]
    assert words == ["«", "Рубеж-2024", "»", "и", "Касым-Жомарт", "."]


def test_bio_round_trip() -> None:
    tokens = tokenize(TEXT)
    spans = [(10, 20, "LOC"), (21, 40, "PER"), (50, 55, "LOC")]
    labels = bio(tokens, spans)
    assert labels == ["O", "B-LOC", "B-PER", "I-PER", "O", "O", "B-LOC", "O"]
    assert spans_from_bio(tokens, labels) == spans


def test_adjacent_spans_of_different_types_stay_apart() -> None:
    tokens = tokenize("мэрии Москвы")
    assert spans_from_bio(tokens, ["B-ORG", "I-LOC"]) == [(0, 5, "ORG"), (6, 12, "LOC")]


def test_flatten_outermost_and_innermost() -> None:
    nested = [(0, 12, "ORG"), (6, 12, "LOC")]
    assert flatten(nested) == ((0, 12, "ORG"),)
    assert flatten(nested, inner=True) == ((0, 6, "ORG"), (6, 12, "LOC"))


def test_shape() -> None:
    assert [shape(w) for w in ("Токаев", "ОДКБ", "ru", "2024", "iPhone")] == [
        "Xx",
        "X",
        "x",
        "d",
        "xXx",
    ]


def test_token_labels_ignore_punctuation() -> None:
    assert token_labels("«Газпром» и Минск", [(0, 9, "ORG"), (12, 17, "LOC")]) == [
        "ORG",
        "O",
        "LOC",
    ]


def test_scorer_counts_tokens_outside_gold_as_false_positives() -> None:
    score = Score()
    add_counts(score, ["PER", "PER", "O", "LOC"], ["PER", "O", "ORG", "ORG"])
    per, loc, org = score.counts["PER"], score.counts["LOC"], score.counts["ORG"]
    assert (per.tp, per.fp, per.fn) == (1, 0, 1)
    assert (loc.tp, loc.fp, loc.fn) == (0, 0, 1)
    assert (org.tp, org.fp, org.fn) == (0, 2, 0)
    assert per.precision == 1.0 and per.recall == 0.5
    assert round(per.f1, 3) == 0.667 and org.f1 == 0.0


def test_evaluate_perfect_and_empty_predictions() -> None:
    doc = GoldDoc("d", TEXT, ((10, 20, "LOC"), (21, 40, "PER")))
    perfect = evaluate([doc], lambda text: list(doc.spans))
    assert perfect.counts["PER"].f1 == 1.0 and perfect.counts["LOC"].f1 == 1.0
    empty = evaluate([doc], lambda text: [])
    assert empty.counts["PER"].recall == 0.0 and empty.docs == 1


@dataclass
class FakeBase:
    """A base tagger that calls every capitalized non-initial word PER (no models needed)."""

    def __call__(self, text: str) -> NerMarkup:
        return NerMarkup(
            [NerSpan(s, e, "PER") for s, e, w in tokenize(text) if w[0].isupper() and s > 0]
        )


def test_train_and_tag_a_small_crf(tmp_path: Path) -> None:
    base = FakeBase()
    docs = [
        GoldDoc("a", "вчера Иванов посетил Минск", ((6, 12, "PER"), (21, 26, "LOC"))),
        GoldDoc("b", "сегодня Петров посетил Астану", ((8, 14, "PER"), (23, 29, "LOC"))),
    ] * 5
    assert slovnet_labels(tokenize(docs[0].text), docs[0].text, base)[1] == "B-PER"
    model = tmp_path / "tiny.crfsuite"
    train(examples(docs, base), model)
    tagger = CrfTagger(base, model)
    spans = [(s.start, s.stop, s.type) for s in tagger("вчера Сидоров посетил Минск").spans]
    assert spans == [(6, 13, "PER"), (22, 27, "LOC")]
    assert tagger("").spans == []


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"obzor\.nlp\.ner\.train"):
        CrfTagger(FakeBase(), tmp_path / "absent.crfsuite")


def test_folds_cover_every_document_once() -> None:
    assert sorted({fold_of(i) for i in range(100)}) == list(range(FOLDS))
    assert [fold_of(i) for i in range(4)] == [0, 1, 2, 0]


def test_nerel_conventions(tmp_path: Path) -> None:
    text = "Полиция Киргизии сообщила. Полиция задержала российского гражданина у Кремля."
    ann = [
        "T1\tORGANIZATION 0 16\tПолиция Киргизии",
        "T2\tCOUNTRY 8 16\tКиргизии",
        "T3\tORGANIZATION 27 34\tПолиция",
        "T4\tCOUNTRY 45 56\tроссийского",
        "T5\tFACILITY 70 76\tКремля",
        "T6\tDATE 0 3\tx",
    ]
    (tmp_path / "001.txt").write_text(text, encoding="utf-8")
    (tmp_path / "001.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    [doc] = load_nerel(tmp_path)
    # a capitalized organisation keeps the country inside it as one name; a sentence-initial
    # one-word common noun and an adjective are not names; FACILITY is not LOC when scoring
    assert [(text[s:e], t) for s, e, t in doc.spans] == [("Полиция Киргизии", "ORG")]
    [train_doc] = load_nerel(tmp_path, NEREL_TRAIN_TYPES)
    assert ("Кремля", "LOC") in [(text[s:e], t) for s, e, t in train_doc.spans]


def test_factru_names_without_descriptors(tmp_path: Path) -> None:
    text = "мэр В. Путин посетил компанию «Газпром»."
    (tmp_path / "book_1.txt").write_text(text, encoding="utf-8")
    spans = [
        "1 job 0 3 10 1  # мэр",
        "2 name 4 2 11 1  # В.",
        "3 surname 7 5 12 1  # Путин",
        "4 org_descr 21 8 13 1  # компанию",
        "5 org_name 31 7 14 1  # Газпром",
    ]
    objects = ["10 Person 1 2 3 # мэр В. Путин", "11 Org 4 5 # компанию Газпром"]
    (tmp_path / "book_1.spans").write_text("\n".join(spans) + "\n", encoding="utf-8")
    (tmp_path / "book_1.objects").write_text("\n".join(objects) + "\n", encoding="utf-8")
    [doc] = load_factru(tmp_path)
    assert [(text[s:e], t) for s, e, t in doc.spans] == [("В. Путин", "PER"), ("Газпром", "ORG")]


def test_a_name_containing_a_place_stays_one_organisation() -> None:
    text = "Совета Европы и правительства России"
    spans = [(0, 13, "ORG"), (7, 13, "LOC"), (16, 36, "ORG"), (30, 36, "LOC")]
    # "Совета Европы" is written as a name; "правительства России" is not, and keeps its place
    assert absorb(text, spans) == [(0, 13, "ORG"), (16, 36, "ORG"), (30, 36, "LOC")]
    text = "Совет Безопасности ООН и Совет министров Союзного государства"
    spans = [(0, 22, "ORG"), (19, 22, "ORG"), (25, 61, "ORG"), (41, 61, "ORG")]
    # a one-word organisation inside a name is part of it; a longer one stays apart
    assert absorb(text, spans) == [(0, 22, "ORG"), (25, 61, "ORG"), (41, 61, "ORG")]


def test_sentence_start() -> None:
    text = "Правительство заявило. Власти и\n  Банк «Яблоко»"
    starts = [sentence_start(text, text.index(w)) for w in ("Правит", "Власти", "и", "Банк", "Ябл")]
    assert starts == [True, True, False, True, False]


def test_person_spans_lose_lowercase_words_at_their_ends() -> None:
    tokens = tokenize("христианку Асию Биби если вы , Саиф уль-Малук")
    labels = ["B-PER", "I-PER", "I-PER", "I-PER", "I-PER", "O", "B-PER", "I-PER"]
    assert trim_ends(tokens, labels) == [
        *("O", "B-PER", "I-PER", "O", "O", "O"),
        *("B-PER", "I-PER"),
    ]
    assert trim_ends(tokenize("ранее сообщалось"), ["B-PER", "O"]) == ["O", "O"]


def test_spans_lose_function_words_at_their_ends_but_keep_initials() -> None:
    tokens = tokenize("Мэй Почему В. Путин После Москва")
    labels = ["B-PER", "I-PER", "B-PER", "I-PER", "I-PER", "B-LOC", "I-LOC"]
    assert trim_ends(tokens, labels) == [
        *("B-PER", "O", "B-PER", "I-PER", "I-PER", "O", "B-LOC"),
    ]
    # an organisation keeps a function word inside or at its end ("Союз За Справедливость")
    org = tokenize("Союз За")
    assert trim_ends(org, ["B-ORG", "I-ORG"]) == ["B-ORG", "I-ORG"]
    assert trim_ends(tokenize("Сегодня"), ["B-ORG"]) == ["O"]


def test_spans_are_cut_at_line_breaks_and_sentence_ends_not_at_initials_or_domains() -> None:
    text = "кабинете Мэй\n\nЗахарова. Мухаммеда. Ксендз, Б.Джонсон, Дж. Хант, interfax.ru"
    tokens = tokenize(text)
    labels = ["O" if t[2] in ("кабинете", ",") else "I-PER" for t in tokens]
    labels[1] = labels[8] = labels[12] = labels[16] = "B-PER"
    spans = spans_from_bio(tokens, cut_runs(tokens, labels, text))
    assert [text[s:e] for s, e, _ in spans] == [
        *("Мэй", "Захарова", "Мухаммеда", "Ксендз"),
        *("Б.Джонсон", "Дж. Хант", "interfax.ru"),
    ]


def test_a_sentence_initial_dictionary_word_is_no_name_of_any_type() -> None:
    text = "Суд отложил заседание. Захарова ответила"
    kinds = ("PER", "LOC", "ORG")
    assert common_noun(text, (0, 3, "PER"), kinds)
    assert not common_noun(text, (0, 3, "PER"))  # the NEREL gold rule: organisations only
    assert not common_noun(text, (23, 31, "PER"), kinds)
