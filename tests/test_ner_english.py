"""The English recognizer (KB names and rules) and `obzor eval ner-en`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from obzor.cli import main
from obzor.evaluation.floors import complaint
from obzor.evaluation.ner_docs import evaluate_mentions, norm
from obzor.evaluation.ner_english import (
    SECOND,
    TRAIN_LABELS,
    TRAIN_SECOND,
    Labelled,
    extraction_snippet,
    general_half,
    general_snippet,
    load,
    load_general,
    load_training_news,
    read_general_labels,
    read_labels,
    score,
    training_kappa,
)
from obzor.evaluation.ner_report import pipeline_predict
from obzor.model import Article
from obzor.nlp.entities import tag_entities
from obzor.nlp.ner.english import camel_case, english_tagger, places, rules
from obzor.nlp.ner.english_crf import (
    EnglishCrfTagger,
    english_crf_tagger,
    mend,
    sequence_features,
    tokenize,
)
from obzor.nlp.ner.tokens import bio
from obzor.nlp.ner.train_en import general_training, gold_spans


def _found(text: str) -> set[tuple[str, str]]:
    return {(text[s.start : s.stop], s.type) for s in english_tagger()(text).spans}


def test_speakers_places_and_organisations() -> None:
    text = "Ivanov: the Russian Embassy in Ufa and the Ministry of Foreign Affairs of Latvia agree"
    assert _found(text) == {
        ("Ivanov", "PER"),
        ("Russian Embassy", "ORG"),
        ("Ufa", "LOC"),
        ("Ministry of Foreign Affairs of Latvia", "ORG"),
    }


def test_titles_nationalities_and_sentence_openers_are_no_names() -> None:
    assert _found("The President of Kazakhstan met Hungarian diplomats on Monday") == {
        ("Kazakhstan", "LOC")
    }
    assert _found("Another plane landed. Video: Almaty today") == {("Almaty", "LOC")}
    # the KB names a run before the nationality word is stripped
    assert ("Russian Federation", "LOC") in _found("They flew to the Russian Federation")


def test_possessives_acronyms_beside_names_and_places_named_like_bodies() -> None:
    # dev headlines of omelas_kz2022 (rows 214, 209, 217, 213)
    found = _found("Slutsky: Blinken's statements will not help the US build a unipolar world")
    assert ("Blinken", "PER") in found and ("Slutsky", "PER") in found
    assert _found("It's getting annoying: a veteran spoke") == set()
    found = _found("In Kazakhstan, an Ibraev KNB officer was found dead.")
    assert {("Ibraev", "PER"), ("KNB", "ORG")} <= found
    found = _found("the extraordinary session of the CSTO Collective Security Council")
    assert found == {("CSTO", "ORG"), ("Collective Security Council", "ORG")}
    assert _found("The ghosts of the Soviet Union: Slutsky commented") >= {("Soviet Union", "LOC")}
    assert ("US Embassy", "ORG") in _found("He went to the US Embassy")


def test_rule_words_are_strings_even_where_yaml_reads_booleans() -> None:
    assert "on" in rules().connectors and "no" in rules().stopwords
    assert all(isinstance(w, str) for w in rules().stopwords)


def test_a_report_names_people_and_a_think_tank() -> None:
    # a unit example of English news wording (the quality figures come from ner-en)
    text = (
        "Russian State Duma speaker Vyacheslav Volodin said the CSTO mission would stay. "
        "Konstantin Kosachev, deputy speaker of the Federation Council, agreed. Former security "
        "chief Karim Massimov was detained, while analysts at Chatham House in London warned "
        "that Tokayev's position was fragile. Kazakh President Kassym-Jomart Tokayev spoke."
    )
    found = {(text[s.start : s.stop], s.type) for s in english_crf_tagger()(text).spans}
    assert {
        ("Vyacheslav Volodin", "PER"),
        ("Konstantin Kosachev", "PER"),
        ("Karim Massimov", "PER"),
        ("Chatham House", "ORG"),
        ("London", "LOC"),
        ("Tokayev", "PER"),
        ("Kassym-Jomart Tokayev", "PER"),
    } <= found
    assert not any(form.startswith(("President", "Kazakh ")) for form, _ in found)


def test_crf_spans_are_mended_into_names() -> None:
    text = "Kazakh President Kassym-Jomart Tokayev met Putin's envoy. President spoke."
    tokens = tokenize(text)
    at = {word: start for start, _, word in tokens}
    end = {word: stop for _, stop, word in tokens}
    spans = [
        (at["Kazakh"], end["Kassym-Jomart"], "PER"),
        (at["Tokayev"], end["Tokayev"], "PER"),
        (at["Putin's"], end["Putin's"], "PER"),
        (tokens[-3][0], tokens[-3][1], "PER"),  # the second "President" alone
    ]
    mended = [(text[s:e], k) for s, e, k in mend(text, tokens, spans)]
    assert mended == [("Kassym-Jomart Tokayev", "PER"), ("Putin", "PER")]


def test_gold_forms_become_token_spans() -> None:
    text = "Tokaev's talk with the Ministry of Foreign Affairs of Kyrgyzstan - the newspaper. Ru"
    doc = Labelled(
        0,
        "dev",
        text,
        frozenset(
            {
                ("tokaev", "PER"),
                ("ministry of foreign affairs of kyrgyzstan", "ORG"),
                ("kyrgyzstan", "LOC"),
                ("newspaper. ru", "ORG"),
            }
        ),
    )
    found = {(text[s:e], k) for s, e, k in gold_spans(text, tokenize(text), doc)}
    # the longer form wins its tokens; the place inside it is not tagged apart
    assert found == {
        ("Tokaev", "PER"),
        ("Ministry of Foreign Affairs of Kyrgyzstan", "ORG"),
        ("newspaper. Ru", "ORG"),
    }


def test_english_crf_without_its_model_names_the_trainer(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"obzor\.nlp\.ner\.train_en"):
        EnglishCrfTagger(tmp_path / "none.crfsuite")


def test_english_articles_get_the_english_recognizer() -> None:
    article = Article(source="t", text="Kosachev: U.S. statements on Kazakhstan", language="en")
    tag_entities(article)
    assert {(m.text, m.type) for m in article.entities} >= {
        ("Kosachev", "PER"),
        ("Kazakhstan", "LOC"),
    }


def test_labels_files_parse_and_the_second_pass_is_a_test_subset() -> None:
    first, second = read_labels(), read_labels(SECOND)
    assert {row for row, (split, _) in first.items() if split == "test"} == set(range(141))
    assert {row for row, (split, _) in first.items() if split == "dev"} == set(range(141, 500))
    assert set(second) < set(first)
    assert ("csto", "ORG") in first[0][1]


@pytest.mark.shared
def test_english_scores_beside_the_rules_and_the_kb_gazetteer(shared_dir: Path) -> None:
    docs = load(shared_dir)
    assert len(docs) == 141 and {d.day for d in docs} == {"20220111"}
    assert "20220111" not in {d.day for d in load(shared_dir, "dev")}
    ours = score(docs, pipeline_predict("en"))
    ruled = score(docs, pipeline_predict("en", english=english_tagger()))
    kb = score(docs, pipeline_predict("en", ner=False))
    for kind in ("PER", "LOC", "ORG"):
        assert ours.counts[kind].f1 > kb.counts[kind].f1, kind
        assert ours.counts[kind].f1 >= ruled.counts[kind].f1, kind
    per, loc, org = (ours.counts[t].f1 for t in ("PER", "LOC", "ORG"))
    assert (c := complaint("ner", "en_test_per_f1", per)) is None, c
    assert (c := complaint("ner", "en_test_loc_f1", loc)) is None, c
    assert (c := complaint("ner", "en_test_org_f1", org)) is None, c


@pytest.mark.shared
def test_eval_ner_en_prints_the_crf_the_rules_and_the_kb(shared_dir: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "ner-en", "--data", str(shared_dir / "eval")])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines() if line.startswith("| ")][1:]
    systems = [row.split("|")[2].strip() for row in rows]
    crf, rules_, kb = "obzor en (CRF)", "rules + KB", "KB gazetteer only"
    assert systems == [crf, rules_, kb] * 3 + [crf, rules_]
    assert "11 Jan 2022" in rows[0] and "by-day CV" in rows[-1]
    assert "general news, test half" in rows[3] and "dev half" in rows[6]
    assert "Cohen's kappa" in result.output and "training news snippets" in result.output


@pytest.mark.shared
def test_general_news_scores_beside_the_rules_and_the_kb(shared_dir: Path) -> None:
    docs = [d for d in load_general(shared_dir) if general_half(d.name) == "test"]
    assert len(docs) == 33 and len({d.text for d in docs}) == 33
    ours = evaluate_mentions(docs, pipeline_predict("en"))
    kb = evaluate_mentions(docs, pipeline_predict("en", ner=False))
    for kind in ("PER", "LOC", "ORG"):
        assert ours.counts[kind].f1 > kb.counts[kind].f1, kind
    per, loc, org = (ours.counts[t].f1 for t in ("PER", "LOC", "ORG"))
    assert (c := complaint("ner", "en_general_per_f1", per)) is None, c
    assert (c := complaint("ner", "en_general_loc_f1", loc)) is None, c
    assert (c := complaint("ner", "en_general_org_f1", org)) is None, c


def test_general_labels_parse_with_unscored_names() -> None:
    labels = read_general_labels()
    assert len(labels) == 66
    gold, ignored = labels["1f"]
    assert ("donald trump", "PER") in gold and ("white house", "ORG") in gold
    assert "walter reed national medical center" in ignored
    assert {general_half(k) for k in labels} == {"dev", "test"}
    assert general_half("16s") == "dev" and general_half("17f") == "test"
    assert general_snippet("Title", "One.  Two!\nThree. Four.") == "Title\nOne. Two!"


def test_places_headlines_and_runs_in_general_news() -> None:
    # unit examples of news wording (the figures come from ner-en)
    assert {"tokyo", "hong kong", "england", "britain", "california"} <= places()
    text = "Report: Ring flaw | Breitbart\nTechCrunch reports that Johnson's Brexit plan failed."
    found = _found(text)
    assert ("Breitbart TechCrunch", "PER") not in found and ("Johnson", "PER") in found
    assert not any(form.startswith("Johnson's") for form, _ in found)
    found = _found(
        "a photo by Jessie Pang HONG KONG on Sunday, when the Telkom CEO Sipho Maseko spoke"
    )
    assert ("HONG KONG", "LOC") in found and ("Sipho Maseko", "PER") in found
    assert ("Jessie Pang", "PER") in found
    assert not any("Pang HONG" in form or "Telkom CEO" in form for form, _ in found)
    # in a title-case line capitals say nothing: no place after "To", no person by default
    found = _found("Delhi Air Pollution Levels To Drop On Tuesday Thanks To Increased Wind")
    assert not {form for form, _ in found} & {"Drop", "Increased Wind", "Tuesday Thanks"}
    assert camel_case("BioWare") and camel_case("TechCrunch") and not camel_case("McIlroy")
    assert not camel_case("DeSantis") and not camel_case("Kotaku") and not camel_case("NATO")
    assert ("BioWare", "ORG") in _found(
        "Sources speaking with Kotaku said BioWare is revamping it."
    )
    assert ("Paris", "LOC") in _found("Djokovic beat him in Paris on Saturday, Nov 2.")
    assert ("Nov", "PER") not in _found("PARIS, Nov 2 — Novak Djokovic won")


def test_eval_ner_en_without_data_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "ner-en", "--data", str(tmp_path / "eval")])
    assert result.exit_code == 1
    assert "evaluation data not found" in result.output


def test_a_head_with_a_possessive_and_a_name_written_out_once_tell_the_type() -> None:
    # unit examples of news wording (the figures come from ner-en)
    text = "Roku Inc’s stock tumbled on Thursday. Analysts said Roku had missed."
    assert ("Roku Inc", "ORG") in _found(text)
    tokens = tokenize(text)
    ruled = [(s.start, s.stop, s.type) for s in english_tagger()(text).spans]
    feats = sequence_features(tokens, bio(tokens, ruled))
    later = max(i for i, (_, _, word) in enumerate(tokens) if word == "Roku")
    assert "doc=ORG" in feats[later] and "alone" in feats[later]
    assert not any(f.startswith("doc=") for f in feats[tokens.index(tokens[2])])  # "stock"


def test_training_news_snippets_are_three_sentences() -> None:
    assert extraction_snippet("One.  Two!\nThree. Four.") == "One. Two! Three."
    labels = read_general_labels(TRAIN_LABELS, r"[0-9a-f]{8}")
    assert len(labels) == 70
    gold = labels["c7e39ac4"][0]
    assert ("julian assange", "PER") in gold and ("wikileaks", "ORG") in gold
    assert "reuters" in labels["359fee22"][1]  # a dateline's credited agency is not scored
    second = read_general_labels(TRAIN_SECOND, r"[0-9a-f]{8}")
    assert set(second) < set(labels) and len(second) == 10
    count, value = training_kappa()
    assert count == 10 and 0.0 <= value <= 1.0


@pytest.mark.shared
def test_training_news_forms_are_in_their_snippets(shared_dir: Path) -> None:
    docs = load_training_news(shared_dir)
    assert len(docs) == 70
    for doc in docs:
        text = norm(doc.text)
        missing = [f for f, _ in doc.gold if f not in text] + [
            f for f in doc.ignored if f not in text
        ]
        assert not missing, (doc.name, missing)
    # training reads the general news' dev half, never its test half
    names = {d.name for d in general_training(shared_dir)}
    assert {general_half(n) for n in names if not re.fullmatch(r"[0-9a-f]{8}", n)} == {"dev"}
