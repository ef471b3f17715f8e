"""Threat categories: taxonomy and data validation, seeds, negation and history, evaluation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from obzor.clean import clean
from obzor.evaluation.threats import evaluate_split
from obzor.ingest import read
from obzor.nlp.morph import lemmatize
from obzor.nlp.threat_model import (
    FITTED,
    default_model,
    load,
    parse_labelled,
    read_labelled,
    save,
    train,
    training_stamp,
)
from obzor.nlp.threats import THRESHOLD, explain, match_threats, sentence_spans
from obzor.settings import Settings
from obzor.store.threats import MIN_SCORE
from obzor.taxonomy.threats import (
    CATEGORY_IDS,
    TaxonomyError,
    default_taxonomy,
    load_taxonomy,
    parse_taxonomy,
)


def found(text: str, published: str | None = "2024-05-01") -> dict[str, float]:
    return {t.category: t.score for t in match_threats(text, published)}


def present(threats: list[dict[str, Any]]) -> set[str]:
    return {t["category"] for t in threats if t["score"] >= THRESHOLD}


# --- taxonomy and labelled data -------------------------------------------------------------


def test_taxonomy_has_every_issue_category_with_description_and_ru_en_patterns() -> None:
    taxonomy = default_taxonomy()
    assert taxonomy.ids == CATEGORY_IDS
    for category in taxonomy.categories:
        assert category.description
        names = [r.name for r in taxonomy.rules if r.category == category.id]
        assert len(names) >= 3, category.id
    assert {"natural", "man_made"} <= set(taxonomy.categories[8].subcategories)
    assert taxonomy.negation and taxonomy.historical


def _minimal(**change: Any) -> dict[str, Any]:
    categories = [
        {"id": c, "name": c, "description": "d", "patterns": {"ru": [c]}} for c in CATEGORY_IDS
    ]
    data: dict[str, Any] = {"categories": categories, "negation": {"ru": ["нет"]}}
    data["historical"] = {"en": ["decades ago"]}
    data.update(change)
    return data


def test_a_minimal_taxonomy_parses_and_patterns_become_lemmas() -> None:
    data = _minimal()
    data["categories"][0]["patterns"] = {"ru": ["незаконного оборота наркотиков", "кибер*"]}
    rules = parse_taxonomy(data, "t.yaml").rules
    assert rules[0].words == ("незаконный", "оборот", "наркотик")
    assert rules[1].words == ("кибер*",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"categories": "x"}, "categories"),
        ({"categories": _minimal()["categories"][1:]}, "missing categories ['terrorism']"),
        ({"categories": [*_minimal()["categories"], _minimal()["categories"][0]]}, "duplicate"),
        ({"negation": {"de": ["nicht"]}}, "'de' must be one of"),
        ({"historical": {"en": ["two. words!"]}}, "is not one word"),
        ({"negation": None}, "'patterns' must map"),
    ],
)
def test_a_bad_taxonomy_is_refused_with_a_message(change: dict[str, Any], message: str) -> None:
    with pytest.raises(TaxonomyError, match=re.escape(message)):
        parse_taxonomy(_minimal(**change), "t.yaml")


def test_an_unreadable_taxonomy_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "threats.yaml"
    bad.write_text("categories: [unclosed", "utf-8")
    with pytest.raises(TaxonomyError, match=r"threats\.yaml: cannot read taxonomy"):
        load_taxonomy(bad)
    with pytest.raises(TaxonomyError, match="cannot read taxonomy"):
        load_taxonomy(tmp_path / "missing.yaml")


def test_labelled_splits_cover_every_category_in_both_languages_and_do_not_overlap() -> None:
    train, test = read_labelled(split="train"), read_labelled(split="test")
    assert len(train) + len(test) >= 300
    for split, minimum in ((train, 10), (test, 5)):
        for category in CATEGORY_IDS:
            rows = [e for e in split if category in e.labels]
            assert len(rows) >= minimum, category
            assert {e.language for e in rows} == {"ru", "en"}, category
        assert any(not e.labels for e in split)  # sentences with no category, negated ones too
    assert not {e.text for e in train} & {e.text for e in test}


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["labels\ttext"], "header"),
        (["labels\tlang\ttext", "cyber\tru"], ":2: expected 3"),
        (["labels\tlang\ttext", "cyber,nope\tru\tТекст."], ":2: bad labels"),
        (["labels\tlang\ttext", "none,cyber\tru\tТекст."], ":2: bad labels"),
    ],
)
def test_a_bad_labelled_file_names_the_line(lines: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_labelled(lines, "x.tsv")


def test_fast_prediction_equals_the_scikit_learn_vectorizer() -> None:
    model = default_model()
    train = [lemmatize(e.text) for e in read_labelled(split="train")]
    vectorizer = TfidfVectorizer(
        token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True, lowercase=False
    ).fit(train)
    texts = [lemmatize(e.text) for e in read_labelled(split="test")]
    reference = 1 / (1 + np.exp(-(vectorizer.transform(texts) @ model.weights + model.bias)))
    assert np.allclose(model.predict(texts), reference)


def test_the_shipped_fitted_arrays_are_a_fit_of_the_shipped_training_data() -> None:
    # A stale threat_model.npz would change every threat score: rebuild it with
    # `python -m obzor.nlp.threat_model` after editing threats_train.tsv or the categories.
    shipped = load(FITTED, training_stamp())
    assert shipped is not None, "threat_model.npz is missing or stale"
    fresh = train(read_labelled(split="train"))
    assert shipped.vocabulary == fresh.vocabulary
    assert shipped.categories == fresh.categories
    assert np.allclose(shipped.weights, fresh.weights) and np.allclose(shipped.bias, fresh.bias)
    texts = [lemmatize(e.text) for e in read_labelled(split="test")]
    assert np.allclose(shipped.predict(texts), fresh.predict(texts))


def test_arrays_fitted_on_other_data_are_not_used(tmp_path: Path) -> None:
    path = tmp_path / "model.npz"
    save(default_model(), path, "a stamp of other training data")
    assert load(path, training_stamp()) is None
    assert load(tmp_path / "missing.npz", training_stamp()) is None
    save(default_model(), path, training_stamp())
    assert load(path, training_stamp()) is not None


# --- sentences, negation, history -----------------------------------------------------------


def test_sentences_do_not_end_at_initials_or_abbreviations() -> None:
    text = "Президент В. Путин прибыл в 2024 г. в Минск. Он провёл встречу!\nНовая строка? Да."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Президент В. Путин прибыл в 2024 г. в Минск.",
        "Он провёл встречу!",
        "Новая строка?",
        "Да.",
    ]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Случаев терроризма в Казахстане в этом году зафиксировано не было.", "terrorism"),
        ("Информация о кибератаке на серверы министерства не подтвердилась.", "cyber"),
        (
            "Officials said there was no evidence of a terrorist motive behind the blast.",
            "terrorism",
        ),
        ("В свое время организация создавалась для борьбы с наркотрафиком.", "drug_trafficking"),
        ("В 1992 году в республике шла гражданская война.", "armed_conflict"),
        ("Back in the 1990s, drug trafficking along the border was rampant.", "drug_trafficking"),
    ],
)
def test_a_negated_or_historical_mention_scores_low(text: str, category: str) -> None:
    assert found(text).get(category, 0.0) < 0.2


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("В этом году в стране произошли два теракта.", "terrorism"),
        ("Хакеры атаковали серверы министерства и похитили персональные данные.", "cyber"),
        ("In May drug traffickers smuggled heroin across the border.", "drug_trafficking"),
        ("Гражданская война в республике продолжается третий месяц.", "armed_conflict"),
    ],
)
def test_the_same_topics_stated_as_news_score_high(text: str, category: str) -> None:
    assert found(text).get(category, 0.0) >= THRESHOLD


def test_explain_names_the_rule_and_the_damping() -> None:
    rows = explain("Хакерских атак в этом году не было. Погода солнечная.", "2024-01-01")
    assert rows[0]["category"] == "cyber"
    assert rows[0]["damped"] == "negated"
    assert rows[0]["rules"] == ["cyber: хакер*"]


def test_store_filter_uses_the_same_threshold() -> None:
    assert MIN_SCORE == THRESHOLD


# --- seeds ------------------------------------------------------------------------------------

SEED_CATEGORIES = {
    # an interview: CSTO exercises and military cooperation, peacekeeping, cybercrime,
    # terrorism and extremism, drugs and arms, cooperation on emergencies
    "000": (
        {
            "military_cooperation",
            "peacekeeping",
            "cyber",
            "terrorism",
            "extremism",
            "drug_trafficking",
            "emergency",
            "diplomacy",
        },
        {"separatism", "humanitarian", "biosecurity", "illegal_migration"},
    ),
    # Tokayev's CSTO chairmanship priorities
    "001": (
        {
            "terrorism",
            "extremism",
            "drug_trafficking",
            "cyber",
            "diplomacy",
            "military_cooperation",
            "peacekeeping",
            "arms_trafficking",
            "organized_crime",
            "emergency",
        },
        {"separatism", "humanitarian", "biosecurity", "armed_conflict"},
    ),
    # SCO security councils: the "three evils", conflicts, Afghanistan's humanitarian crisis
    "002": (
        {
            "terrorism",
            "extremism",
            "separatism",
            "armed_conflict",
            "drug_trafficking",
            "organized_crime",
            "humanitarian",
            "diplomacy",
        },
        {"peacekeeping", "biosecurity", "illegal_migration", "military_cooperation"},
    ),
    # the CSTO secretary general on cybersecurity, biological security, collective forces
    "003": (
        {"cyber", "biosecurity", "military_cooperation", "diplomacy"},
        {"armed_conflict", "separatism", "humanitarian", "peacekeeping"},
    ),
    # the CSTO summit: Gaza and Afghanistan, humanitarian aid, an earthquake in Herat
    "004": (
        {"humanitarian", "armed_conflict", "diplomacy", "emergency"},
        {"cyber", "separatism", "biosecurity", "peacekeeping"},
    ),
}


def _seed_threats(path: Path) -> tuple[str, list[dict[str, Any]]]:
    (doc,) = list(read(path, Settings.load()))
    article = clean(doc)  # type: ignore[arg-type]
    return article.text, [t.to_json() for t in match_threats(article.text, article.published)]


@pytest.mark.parametrize("seed", sorted(SEED_CATEGORIES))
def test_seed_main_categories_are_found_and_absent_ones_are_not(
    seeds: dict[str, Path], seed: str
) -> None:
    expected, absent = SEED_CATEGORIES[seed]
    _, threats = _seed_threats(seeds[seed])
    assert expected <= present(threats)
    assert not absent & present(threats)


@pytest.mark.parametrize("seed", sorted(SEED_CATEGORIES))
def test_seed_evidence_offsets_index_the_text(seeds: dict[str, Path], seed: str) -> None:
    text, threats = _seed_threats(seeds[seed])
    for threat in threats:
        assert 0 <= threat["score"] <= 1
        assert 1 <= len(threat["evidence"]) <= 3
        for ev in threat["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]


def test_seed_003_is_first_of_all_about_cyber(seeds: dict[str, Path]) -> None:
    _, threats = _seed_threats(seeds["003"])
    cyber = next(t for t in threats if t["category"] == "cyber")
    assert cyber["score"] >= 0.9
    assert any("кибербезопасности" in ev["text"] for ev in cyber["evidence"])


def test_seed_004_humanitarian_evidence_is_the_aid_to_gaza(seeds: dict[str, Path]) -> None:
    _, threats = _seed_threats(seeds["004"])
    humanitarian = next(t for t in threats if t["category"] == "humanitarian")
    assert any("гуманитарную помощь жителям Газы" in ev["text"] for ev in humanitarian["evidence"])


# --- sample corpus: main categories read from its README, never tuned on ----------------------

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus"
CORPUS_MAIN = {
    "2024-03-23_csto_condemns_crocus_attack.html": {"terrorism"},
    "2024-04-02_baigenews_floods_kazakhstan.txt": {"emergency"},
    "2024-06-12_sputnik_pashinyan_csto_exit.txt": {"diplomacy"},
    "2024-07-04_astanatimes_sco_summit_en.txt": {"diplomacy"},
    "2024-09-10_vb_nerushimoe_bratstvo_issyk_kul.html": {"peacekeeping", "military_cooperation"},
    "2024-09-20_kabar_jalalabad_earthquake.txt": {"emergency", "humanitarian"},
    "2024-10-05_khovar_tajik_afghan_border_clash.txt": {"drug_trafficking"},
    "2024-10-08_sodruzhestvo_cis_summit_moscow.html": {"diplomacy"},
    "2024-11-28_baigenews_csto_summit_astana.txt": {"diplomacy"},
    "2024-12-03_timesca_uzbekistan_aid_afghanistan_en.html": {"humanitarian"},
    "2024-12-10_gazetauz_extremist_cell_detained.txt": {"extremism"},
    "2025-02-27_sng_news_atc_online_recruitment.html": {"terrorism"},
    "2025-03-18_tass_nelegal_operation_kazakhstan.txt": {"illegal_migration"},
    "2025-04-10_tass_rats_sco_council_tashkent.txt": {"terrorism"},
    "2025-05-22_belta_lukashenko_tasmagambetov.txt": {"diplomacy"},
    "2025-06-03_ria_kyrgyzstan_kanal_operation.txt": {"drug_trafficking"},
    "2025-06-26_vpk_sco_defence_ministers_qingdao.html": {"military_cooperation"},
    "2025-07-18_zvezda_mirnaya_missiya_chebarkul.html": {"military_cooperation"},
    "2025-08-12_24kg_arms_cache_batken.html": {"arms_trafficking"},
    "2025-09-16_asiaplus_csto_exercise_lyaur.html": {"military_cooperation"},
    "2025-10-08_tass_proxy_operation_dup_a.txt": {"cyber"},
    "2025-11-27_kabar_csto_summit_bishkek.html": {"diplomacy"},
}


def test_sample_corpus_main_categories_are_found() -> None:
    found_main, missed = 0, []
    for name, expected in CORPUS_MAIN.items():
        (doc,) = list(read(CORPUS / name, Settings.load()))
        article = clean(doc)  # type: ignore[arg-type]
        got = present([t.to_json() for t in match_threats(article.text, article.published)])
        found_main += len(expected & got)
        missed += [f"{name}: {c}" for c in sorted(expected - got)]
    # Measured 23 of 24 (the English aid article speaks of "tonnes of aid" and "flour, rice,
    # medicine" only); the floor allows one more miss.
    assert found_main >= 22, missed


# --- evaluation gate ----------------------------------------------------------------------------


def test_quality_on_the_held_out_split_stays_above_its_floor() -> None:
    report = evaluate_split("test")
    combined = report["systems"]["rules + classifier"]
    # Measured 0.78 micro-F1 / 0.78 macro-F1; the floor leaves room for small rule edits.
    assert combined["f1"] >= 0.72
    assert combined["macro_f1"] >= 0.70
    assert combined["f1"] >= report["systems"]["classifier only"]["f1"]
    assert [row["category"] for row in report["categories"]] == list(CATEGORY_IDS)
