"""The Kazakh recognizer: KazNERD loading and split, stems, tagging, `obzor eval ner-kk`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from obzor.cli import main
from obzor.model import Article
from obzor.nlp.entities import tag_entities
from obzor.nlp.ner.kazakh import MODEL_KK, kazakh_tagger, stem
from obzor.nlp.ner.kaznerd import held_out, load_kaznerd, sentence_doc


def test_sentence_doc_joins_tokens_and_keeps_the_three_types() -> None:
    doc = sentence_doc(
        "s0",
        [
            ("Қасым-Жомарт", "B-PERSON"),
            ("Тоқаев", "I-PERSON"),
            ("Астанада", "B-GPE"),
            ("2024", "B-DATE"),
            ("Сыртқы", "B-ORGANISATION"),
            ("істер", "I-ORGANISATION"),
            ("министрлігінде", "I-ORGANISATION"),
        ],
    )
    assert doc.text == "Қасым-Жомарт Тоқаев Астанада 2024 Сыртқы істер министрлігінде"
    assert [(doc.text[s:e], t) for s, e, t in doc.spans] == [
        ("Қасым-Жомарт Тоқаев", "PER"),
        ("Астанада", "LOC"),
        ("Сыртқы істер министрлігінде", "ORG"),
    ]
    everything = sentence_doc("s0", [("2024", "B-DATE"), ("жыл", "I-DATE")], None)
    assert everything.spans == ((0, 8, "DATE"),)


def test_held_out_blocks_are_every_fifth_hundred() -> None:
    assert not held_out(0) and not held_out(399)
    assert held_out(400) and held_out(499) and not held_out(500) and held_out(900)


def test_stem_strips_one_case_ending_and_keeps_names_whole() -> None:
    forms = ["Тоқаевтың", "Астанадағы", "Путинмен", "Мәскеуге", "Ресейдің", "Астана"]
    assert [stem(w) for w in forms] == ["тоқаев", "астана", "путин", "мәскеу", "ресей", "астана"]


def test_the_recognizer_and_linking_read_one_list_of_kazakh_endings() -> None:
    from obzor.nlp.kazakh import stem_endings, suffixes

    assert set(stem_endings()) < set(suffixes())
    assert "мен" in stem_endings() and "на" in suffixes() and "на" not in stem_endings()


@pytest.mark.shared
def test_kaznerd_split(shared_dir: Path) -> None:
    train, test = load_kaznerd(shared_dir / "eval" / "kaznerd" / "IOB2_valid.txt")
    assert (len(train), len(test)) == (8967, 2200)
    assert all(held_out(int(doc.name[1:])) for doc in test)
    assert sum(len(doc.spans) for doc in test) > 700


@pytest.mark.shared
def test_kazakh_tagger_on_held_out_sentences(shared_dir: Path) -> None:
    _, test = load_kaznerd(shared_dir / "eval" / "kaznerd" / "IOB2_valid.txt")
    tagger = kazakh_tagger()
    gold = found = 0
    for doc in test[:300]:
        spans = {(s.start, s.stop, s.type) for s in tagger(doc.text).spans}
        gold += len(doc.spans)
        found += len(spans & set(doc.spans))
    assert found > 0.7 * gold  # exact spans; the token scores are in `obzor eval ner-kk`


def test_missing_kazakh_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="train_kk"):
        kazakh_tagger(tmp_path / "none.crfsuite")


def test_kazakh_articles_get_the_kazakh_tagger() -> None:
    assert MODEL_KK.is_file()
    text = "Қазақстан Президенті Қасым-Жомарт Тоқаев Мәскеуде Владимир Путинмен кездесті."
    article = Article(source="t", text=text, language="kk")

    def russian(_: str) -> object:
        raise AssertionError("the Russian tagger must not read Kazakh")

    tag_entities(article, russian)  # type: ignore[arg-type]
    found = {(m.text, m.type) for m in article.entities}
    assert ("Қасым-Жомарт Тоқаев", "PER") in found
    assert ("Мәскеуде", "LOC") in found


@pytest.mark.shared
def test_eval_ner_kk_prints_the_table(shared_dir: Path) -> None:
    data = shared_dir / "eval"
    result = CliRunner().invoke(main, ["eval", "ner-kk", "--data", str(data), "--limit", "40"])
    assert result.exit_code == 0, result.output
    systems = [row.split("|")[2].strip() for row in result.output.splitlines()[2:]]
    assert systems == ["obzor kk", "obzor ru", "natasha"]


def test_eval_ner_kk_without_data_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "ner-kk", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "evaluation data not found" in result.output


@pytest.mark.shared
def test_kazakh_held_out_scores_stay_above_their_floors(shared_dir: Path) -> None:
    from obzor.evaluation.floors import complaint
    from obzor.evaluation.ner import evaluate, spans_of

    _, test = load_kaznerd(shared_dir / "eval" / "kaznerd" / "IOB2_valid.txt")
    score = evaluate(test, spans_of(kazakh_tagger()))
    per, loc, org = (score.counts[t].f1 for t in ("PER", "LOC", "ORG"))
    assert (c := complaint("ner", "kk_held_out_per_f1", per)) is None, c
    assert (c := complaint("ner", "kk_held_out_loc_f1", loc)) is None, c
    assert (c := complaint("ner", "kk_held_out_org_f1", org)) is None, c
