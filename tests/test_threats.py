"""Threat categories: taxonomy and data validation, seeds, negation and history, evaluation."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from obzor.clean import clean
from obzor.evaluation.floors import complaint
from obzor.ingest import read
from obzor.nlp.morph import lemmatize
from obzor.nlp.threat_model import (
    ThreatModel,
    default_model,
    load_model,
    parse_labelled,
    read_labelled,
    save_model,
    train,
)
from obzor.nlp.threats import (
    THRESHOLD,
    calibrate,
    explain,
    match_threats,
    sentence_spans,
    shift,
)
from obzor.settings import Settings
from obzor.store.threats import MIN_SCORE
from obzor.taxonomy.threats import (
    CATEGORY_IDS,
    TaxonomyError,
    category_label,
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


def test_fast_prediction_equals_the_scikit_learn_vectorizer(tmp_path: Path) -> None:
    sentences = read_labelled(split="train")
    texts = [lemmatize(e.text) for e in sentences]
    model = train(texts, [e.labels for e in sentences])
    vectorizer = TfidfVectorizer(
        token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True, lowercase=False, min_df=2
    ).fit(texts)
    held = [lemmatize(e.text) for e in read_labelled(split="test")]
    reference = 1 / (1 + np.exp(-(vectorizer.transform(held) @ model.weights + model.bias)))
    assert np.allclose(model.predict(held), reference)
    save_model(model, tmp_path / "m.json.gz")  # and it survives the round trip to the file
    assert np.allclose(load_model(tmp_path / "m.json.gz").predict(held), reference, atol=1e-4)


def test_the_shipped_model_has_its_combiner_and_every_category() -> None:
    model = default_model()
    assert model.categories == CATEGORY_IDS
    assert len(model.combiner["weights"]) == len(model.combiner["features"])


def test_category_names_exist_in_russian_and_english() -> None:
    for category in default_taxonomy().categories:
        assert category.label("ru") != category.id and category.label("en") != category.id
    assert category_label("military_cooperation", "ru") == "Военное сотрудничество"
    assert category_label("military_cooperation", "en") == "Military cooperation"
    assert category_label("no-such-id", "ru") == "no-such-id"


def test_the_shown_names_are_the_taxonomys() -> None:
    # category_label reads threat_names.json, not threats.yaml: after editing a category's
    # names in threats.yaml, write them there too.
    taxonomy = default_taxonomy()
    for category in (*taxonomy.ids, "no-such-id"):
        for language in ("ru", "en", "kk"):
            assert category_label(category, language) == taxonomy.label(category, language)


def test_showing_a_category_name_loads_no_taxonomy() -> None:
    # A brief prints category names: compiling the patterns lemmatizes them (about 40 ms).
    code = (
        "import sys\nfrom obzor.taxonomy.threats import category_label, default_taxonomy\n"
        "print(category_label('terrorism', 'ru'), default_taxonomy.cache_info().currsize,"
        " 'yaml' in sys.modules, 'pymorphy3' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["Терроризм", "0", "False", "False"]


def test_the_shipped_vocabulary_speaks_the_current_lemmatizer() -> None:
    # The model is fitted offline on lemmas; a lemmatizer change (as in ebd0d08) would leave
    # its vocabulary stale: refit with `python -m obzor.evaluation.threat_fit`.
    words = lemmatize("терактов миротворцев наркотиков саммите переговоров коронавируса").split()
    assert set(words) <= set(default_model().vocabulary)


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
    cyber = next(r for r in rows if r["category"] == "cyber")
    assert cyber["sentences"][0]["damped"] == "negated"
    assert cyber["score"] < THRESHOLD
    rows = explain("Хакеры атаковали серверы министерства.", "2024-01-01")
    cyber = next(r for r in rows if r["category"] == "cyber")
    assert cyber["sentences"][0]["strong"] == ["cyber: хакер*"]
    assert cyber["features"]["strong_lead"] == 1.0


@pytest.mark.parametrize(
    ("title", "text", "category"),
    [
        # RIA 2023, found by the issue: other senses of security words
        (
            "Автодилеры готовы ввозить Cybertruck в Россию",
            "Речь о пикапе Tesla Cybertruck.",
            "cyber",
        ),
        (
            "Фильм «Телохранитель» возглавил кинопрокат",
            "Боевик «Телохранитель» собрал в прокате 120 миллионов рублей за выходные.",
            "terrorism",
        ),
        (
            "Российский киберспортсмен выиграл турнир",
            "Команда по киберспорту победила в финале.",
            "cyber",
        ),
        (
            "Блогер запустил рекламу в Instagram",
            "Instagram принадлежит компании Meta, которая признана в России экстремистской.",
            "extremism",
        ),
        (
            "Новым директором Большого театра стал Валерий Гергиев",
            "Назначение состоялось.",
            "diplomacy",
        ),
    ],
)
def test_another_sense_of_a_security_word_is_not_the_category(
    title: str, text: str, category: str
) -> None:
    scores = {t.category: t.score for t in match_threats(text, "2023-12-01", title)}
    assert scores.get(category, 0.0) < THRESHOLD


def test_store_filter_uses_the_same_threshold() -> None:
    assert MIN_SCORE == THRESHOLD


# --- seeds ------------------------------------------------------------------------------------

# The main categories of each seed, what its title and lead are about (a precision-first
# decision may leave out categories that only a list in the body names; the seeds' full labels
# are in evaluation/threat_labels.tsv and scored by `obzor eval threats`), and categories the
# seed is not about at all.
SEED_CATEGORIES = {
    # an interview on Kazakhstan in the CSTO: military cooperation first
    "000": ({"military_cooperation"}, {"separatism", "humanitarian", "biosecurity"}),
    # Tokayev's CSTO chairmanship priorities, at the CSTO summit
    "001": ({"diplomacy"}, {"separatism", "humanitarian", "biosecurity", "armed_conflict"}),
    # SCO security councils: terrorism and the "three evils"
    "002": ({"diplomacy", "terrorism"}, {"peacekeeping", "biosecurity", "illegal_migration"}),
    # the CSTO secretary general on cybersecurity
    "003": ({"cyber", "diplomacy"}, {"armed_conflict", "separatism", "humanitarian"}),
    # the CSTO summit: Gaza and Afghanistan, humanitarian aid
    "004": ({"humanitarian", "diplomacy"}, {"cyber", "separatism", "biosecurity", "peacekeeping"}),
}


def _seed_threats(path: Path) -> tuple[str, list[dict[str, Any]]]:
    (doc,) = list(read(path, Settings.load()))
    article = clean(doc)  # type: ignore[arg-type]
    threats = match_threats(article.text, article.published, article.title)
    return article.text, [t.to_json() for t in threats]


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
        assert len(threat["evidence"]) <= 3
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
        threats = match_threats(article.text, article.published, article.title)
        got = present([t.to_json() for t in threats])
        found_main += len(expected & got)
        missed += [f"{name}: {c}" for c in sorted(expected - got)]
    # Measured 23 of 24 (the English aid article speaks of "tonnes of aid" and "flour, rice,
    # medicine" only); the floor allows one more miss.
    assert found_main >= 22, missed


# --- evaluation gate ----------------------------------------------------------------------------


def test_the_report_on_real_news_has_every_part(shared_dir: Path) -> None:
    from obzor.evaluation.threats import evaluate_news

    report = evaluate_news(shared_dir, "test")
    assert set(report["systems"]) == {
        "obzor",
        "previous",
        "one map",
        "rules only",
        "classifier only",
    }
    assert list(report["systems"]["obzor"]["categories"]) == list(CATEGORY_IDS)
    assert report["items"] >= 500 and set(report["languages"]) == {"ru", "en", "kk"}
    assert sum(row["pairs"] for row in report["reliability"]) == report["items"] * 15
    assert len(report["agreement"]["categories"]) == len(CATEGORY_IDS)
    # The whole test split was re-labelled blind: every test item is in the comparison.
    assert report["relabel"]["items"] == report["items"]
    assert report["relabel_dev"]["items"] > 800  # and the whole dev split
    assert report["relabel_train_sample"]["items"] == 150  # a random sample of train
    assert report["relabel_train"]["items"] > 400
    assert report["relabel_train_sixth"]["items"] == 80  # the sixth round's blind sample
    # The tenth round: the other 568 first-label train items, blind, then settled.
    assert report["relabel_train_tenth"]["items"] == 568
    assert report["settled_train_tenth"]["items"] == 568
    assert report["second_kazakh"]["items"] == 40  # the seventh round's Kazakh sample
    assert report["second_eighth"]["items"] == 40  # the eighth round's sample, not fitted on
    assert report["second_eleventh"]["items"] == 40  # the eleventh round's sample
    obzor = report["systems"]["obzor"]
    # Floors (src/obzor/evaluation/floors.toml): the measured test scores less a noise margin.
    assert (c := complaint("threats", "micro_p", obzor["micro"]["p"])) is None, c
    assert (c := complaint("threats", "micro_f1", obzor["micro"]["f1"])) is None, c
    assert (c := complaint("threats", "macro_f1", obzor["macro"]["f1"])) is None, c
    assert report["false_tags"]["all"]["items"] > 1000
    rate = report["false_tags"]["labelled_none"]["rate"]
    assert (c := complaint("threats", "false_tag_rate_max", rate)) is None, c
    quiet = report["false_tags"]["no_security"]
    assert report["false_tags"]["all"]["items"] > quiet["items"] > 1000
    c = complaint("threats", "general_no_security_rate_max", quiet["rate"])
    assert c is None, c
    # The same, less every train and dev row: general news no fit or threshold saw.
    untuned = report["false_tags"]["untuned"]
    assert quiet["items"] > untuned["items"] > 500
    c = complaint("threats", "general_untuned_rate_max", untuned["rate"])
    assert c is None, c
    # Every test item labelled none, general news or not: the false tags no tuning saw.
    none = report["false_tags"]["split_none"]
    assert none["items"] > 500
    c = complaint("threats", "test_none_rate_max", none["rate"])
    assert c is None, c
    # The previous method is scored on the same items in the same run.
    assert report["false_tags"]["split_none_previous"]["items"] == none["items"]


def test_kazakh_words_are_matched_as_written_so_their_negation_holds() -> None:
    # pymorphy3 (Russian) read "анықталмаған" as "анықталмағать", and the negation cue
    # "анықталмаған*" never matched: "no signs of the epidemic were found" counted as one.
    text = "Тексерулер нәтижесінде ешбірінен індет белгілері анықталмаған."
    (row,) = [r for r in explain(text, "2020-03-01") if r["category"] == "biosecurity"]
    assert row["sentences"][0]["damped"] == "negated"
    assert row["score"] < THRESHOLD
    found = explain("Ауданда індет тарады, вирус жұқтырғандар саны өсті.", "2020-03-01")
    assert any(r["category"] == "biosecurity" and r["score"] >= THRESHOLD for r in found)


def test_kazakh_peacemaking_in_general_is_not_peacekeeping() -> None:
    # "бітімгер*" took "calls the sides to reconciliation" and "a peacemaking leader" for
    # peacekeeping; the stems now name the peacekeepers, their forces and their mission.
    def rules(text: str) -> list[str]:
        rows = [r for r in explain(text, "2022-01-10") if r["category"] == "peacekeeping"]
        return [name for r in rows for s in r["sentences"] for name in s["strong"]]

    assert not rules("Тараптарды тек татуластырып, бітімгерлікке шақырады.")
    assert not rules("Ал жаһандық мәселелерде бітімгер басшы ретінде танылды.")
    assert rules("ҰҚШҰ бітімгерлері Алматыдағы әуежайды күзетуде.")
    assert rules("Ұжымдық бітімгерлік күштер Қазақстаннан шығарыла бастады.")


def test_the_calibration_map_is_linear_between_its_points_and_flat_beyond() -> None:
    calibration = {"logit": [-2.0, 0.0, 1.0, 1.0, 3.0], "score": [0.01, 0.2, 0.4, 0.6, 0.9]}
    assert calibrate(calibration, -9.0) == 0.01 and calibrate(calibration, 9.0) == 0.9
    assert calibrate(calibration, -1.0) == pytest.approx(0.105)
    assert calibrate(calibration, 2.0) == pytest.approx(0.75)
    scores = [calibrate(calibration, z / 10) for z in range(-40, 40)]
    assert scores == sorted(scores)
    # The shipped model carries one, fitted on out-of-fold dev scores (threat_fit). It rises
    # strictly: the map shipped before had a plateau at exactly 0.5 (logits -1.01 to -0.12),
    # so every category scored in that band tied the store's cut and passed it.
    shipped = default_model().combiner["calibration"]
    assert len(shipped["logit"]) == len(shipped["score"]) >= 2
    assert all(a < b for a, b in itertools.pairwise(shipped["logit"]))
    assert all(a < b for a, b in itertools.pairwise(shipped["score"]))


def test_the_fitted_map_has_no_plateau_so_a_band_of_logits_cannot_tie_the_cut() -> None:
    from obzor.evaluation.threat_fit import calibration_map

    # Isotonic regression pools the middle six logits into one block of value exactly 0.5;
    # as corner points that block was a plateau at the cut, every logit in it scoring 0.5.
    logits = np.array([-4.0, -3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 3.0, 4.0, 5.0])
    gold = np.array([0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1])
    calibration = calibration_map(logits, gold)
    assert all(a < b for a, b in itertools.pairwise(calibration["logit"]))
    assert all(a < b for a, b in itertools.pairwise(calibration["score"]))
    # The block's value is one point now, at its mean logit (0.25): the band's lower part
    # scores under the cut, its upper part over it, and only that one logit ties it.
    assert calibration["score"][1] == 0.5 and calibration["logit"][1] == pytest.approx(0.25)
    band = [calibrate(calibration, z) for z in (-0.9, -0.4, 0.0, 0.5, 1.0)]
    assert band == sorted(band) and len(set(band)) == len(band)
    assert [score >= THRESHOLD for score in band] == [False, False, False, True, True]
    assert calibrate(calibration, -9.0) == calibration["score"][0] < 0.01
    assert calibrate(calibration, 9.0) == calibration["score"][-1] > 0.99


def test_each_dev_threshold_is_where_the_stored_score_crosses_the_one_cut() -> None:
    # The store filters, counts and facets at one MIN_SCORE; a category's dev threshold is
    # carried by an offset on its score, so the stored score reaches 0.5 exactly there.
    from obzor.store.threats import MIN_SCORE

    assert MIN_SCORE == THRESHOLD
    combiner = default_model().combiner
    thresholds, offsets = combiner["dev_thresholds"], combiner["offsets"]
    assert set(offsets) == {c for c, t in thresholds.items() if t != THRESHOLD}
    assert offsets  # the shipped model has categories with a threshold of their own
    for category, threshold in thresholds.items():
        offset = offsets.get(category, 0.0)
        assert shift(threshold, offset) == pytest.approx(MIN_SCORE, abs=1e-4), category
        assert shift(threshold - 0.01, offset) < MIN_SCORE < shift(threshold + 0.01, offset)


def test_dev_thresholds_take_the_lowest_grid_step_that_reaches_the_precision() -> None:
    from obzor.evaluation.threat_fit import DEV_MIN_POSITIVES, DEV_PRECISION, dev_thresholds

    n = len(CATEGORY_IDS)
    k = CATEGORY_IDS.index("cyber")
    scores, gold = [0.0] * (n * 20), [0] * (n * 20)
    for item in range(20):  # cyber: 10 positives at 0.6, 1 negative at 0.3, 9 at 0.25
        scores[item * n + k] = 0.6 if item < 10 else 0.3 if item < 11 else 0.25
        gold[item * n + k] = int(item < 10)
    found = dev_thresholds(scores, gold)
    assert DEV_MIN_POSITIVES <= 10 and 10 / 20 < DEV_PRECISION <= 10 / 11
    assert found["cyber"] == 0.3  # 10 of 11 at 0.30 (0.91); 10 of 20 at 0.25
    assert found["terrorism"] == 0.5  # no dev positives: the shipped threshold


def test_a_foreign_minister_on_another_state_is_diplomacy_his_resignation_is_not() -> None:
    # The test split's missed diplomacy was mostly governments speaking about another state
    # ("Глава МИД Германии ... санкций США"); the minister's own appointment is domestic news.
    def strong(text: str) -> list[str]:
        rows = [r for r in explain(text, "2019-01-11") if r["category"] == "diplomacy"]
        return [name for r in rows for s in r["sentences"] for name in s["strong"]]

    assert strong("Глава МИД Германии призвал США не вмешиваться в энергетическую политику.")
    assert strong("Министр иностранных дел Польши раскритиковал позицию Берлина.")
    assert strong("Стороны подписали межправительственное соглашение об отмене виз.")
    assert strong("The foreign minister of Kyrgyzstan called on Kazakhstan to free the musician.")
    assert strong("Мемлекет басшысының келесі сапары Америка Құрама Штаттарына болады.")
    assert not strong("Глава МИД Великобритании Борис Джонсон подал в отставку.")
    assert not strong("Новым министром иностранных дел назначен Джереми Хант.")
    assert not strong("The foreign minister resigned on Monday.")


def test_a_post_in_a_career_or_a_cabinet_and_drug_use_are_no_evidence() -> None:
    # Train/dev false tags on items labelled none: the foreign minister's post named in a
    # succession, a career or an election; the pandemic's end as a time reference; cocaine
    # in a toxicology report.
    def strong(text: str, category: str) -> list[str]:
        rows = [r for r in explain(text, "2018-07-10") if r["category"] == category]
        return [name for r in rows for s in r["sentences"] for name in s["strong"]]

    assert not strong("Джереми Хант сменил Бориса Джонсона на посту главы МИД.", "diplomacy")
    assert not strong("Новым главой МИД Великобритании стал министр здравоохранения.", "diplomacy")
    assert not strong("Бывший министр иностранных дел возглавил список кандидатов.", "diplomacy")
    assert not strong("Во втором туре выборов встретятся премьер и глава МИД.", "diplomacy")
    assert strong("Глава МИД Великобритании обвинил Россию во вмешательстве.", "diplomacy")
    assert not strong("Продажи витамина упали на фоне окончания пандемии COVID-19.", "biosecurity")
    assert strong("В регионе выросло число заболевших COVID-19.", "biosecurity")
    assert not strong("В крови певицы нашли следы кокаина.", "drug_trafficking")
    assert strong("Полиция изъяла партию кокаина на границе.", "drug_trafficking")


def test_a_war_depicted_and_aid_to_soldiers_are_no_evidence() -> None:
    # Train/dev false tags on items labelled none (sixth round): a war photograph or film in a
    # culture story; food sent to one's own soldiers (the guide's "charity for soldiers").
    def strong(text: str, category: str) -> list[str]:
        rows = [r for r in explain(text, "2023-11-01") if r["category"] == category]
        return [name for r in rows for s in r["sentences"] for name in s["strong"]]

    photo = "Жюри отметило снимок разрушенной после обстрела квартиры в Горловке."
    assert not strong(photo, "armed_conflict")
    assert strong("Горловка снова подверглась обстрелу, разрушены дома.", "armed_conflict")
    film = "Фильм снят в акватории, которая находилась под обстрелом."
    assert not strong(film, "armed_conflict")
    soldiers = "Аграрии отправили военнослужащим 26 тонн гуманитарной помощи."
    assert not strong(soldiers, "humanitarian")
    assert strong("ООН доставила жителям Газы гуманитарную помощь.", "humanitarian")


def test_the_states_a_title_and_lead_name_are_counted_once_each() -> None:
    from obzor.nlp.threats import lead_states

    # A name, an adjective, a capital and a leader all name their state; a state named twice
    # counts once; Kazakh and English forms too.
    text = "Путин заявил о снижении объема торговли между Россией и Ираком."
    assert lead_states(text, "Москва и Багдад обсудили поставки") == 2
    assert lead_states("Ресей мен Қытай арасындағы келіссөздер жалғасты.") == 2
    assert lead_states("", "Matvienko praised the actions of the authorities of Kazakhstan") == 2
    assert lead_states("В Самаре открылся новый парк.", "Рост цен на жилье") == 0
    # Only the title and the first LEAD_SENTENCES sentences are read.
    late = "Погода. Дороги. Школы. Позже Китай и Индия подписали соглашение."
    assert lead_states(late, "Новости дня") == 0


def test_the_states_feature_moves_diplomacy_alone() -> None:
    from obzor.nlp.threats import STATE_CATEGORIES, score_document

    assert sorted(STATE_CATEGORIES) == ["diplomacy"]
    two = {s.category: s for s in score_document("Россия и Китай нарастили товарооборот.")}
    none = {s.category: s for s in score_document("Новосибирск и Омск нарастили товарооборот.")}
    assert two["diplomacy"].features["states_lead"] > 0
    assert two["diplomacy"].score > none["diplomacy"].score
    assert all(s.features["states_lead"] == 0 for c, s in two.items() if c != "diplomacy")


def test_a_bad_states_file_names_the_entry() -> None:
    from obzor.taxonomy.states import parse_states

    with pytest.raises(TaxonomyError, match="expected a 'states' list"):
        parse_states({"countries": []}, "states.yaml")
    with pytest.raises(TaxonomyError, match="state 1 needs an id"):
        parse_states({"states": [{"id": "ru"}]}, "states.yaml")
    with pytest.raises(TaxonomyError, match="names ru and by"):
        parse_states(
            {"states": [{"id": "ru", "words": ["Москва"]}, {"id": "by", "words": ["москва"]}]},
            "states.yaml",
        )
    parsed = parse_states({"states": [{"id": "kz", "words": ["Казахстан", "kazakh*"]}]}, "x")
    assert parsed.named(["казахстан", "kazakhstan's", "рост"]) == {"kz"}


def test_a_model_fitted_on_fewer_features_still_scores() -> None:
    # The previous method (scored beside obzor in the same run) was fitted before states_lead.
    from obzor.evaluation.threats import previous_method
    from obzor.nlp.threats import score_document

    rules, model = previous_method()
    assert "states_lead" not in model.combiner["features"]
    scored = score_document("Террористы взорвали автобус в Кабуле.", rules=rules, model=model)
    assert {s.category: s.score for s in scored}["terrorism"] >= THRESHOLD


def test_the_below_cut_map_never_moves_a_score_across_the_cut() -> None:
    # Under 0.5 the stored score goes through a second map fitted on dev (below_cut_map):
    # calibration there, and no decision may change.
    from obzor.evaluation.threat_fit import BELOW_CUT, below_cut_map
    from obzor.nlp.threats import FEATURES, combine

    n = len(CATEGORY_IDS)
    k = CATEGORY_IDS.index("diplomacy")
    scores, gold = [0.01] * (n * 40), [0] * (n * 40)
    for item in range(40):  # diplomacy under the cut is right more often than its score says
        scores[item * n + k] = 0.3 + 0.01 * item
        gold[item * n + k] = int(item % 2 == 0)
    below = below_cut_map(scores, gold, {"diplomacy": -1.0})
    assert max(below["score"]) <= BELOW_CUT < THRESHOLD
    assert all(a < b for a, b in itertools.pairwise(below["score"]))
    # The shipped model: for every category, the score with the map and the one without it
    # fall on the same side of the cut, and the stored score still rises with the evidence.
    model = default_model()
    assert model.combiner["recalibration"]["score"][-1] < THRESHOLD
    without = ThreatModel(
        model.vocabulary,
        model.idf,
        model.weights.T,
        model.bias,
        model.categories,
        {k: v for k, v in model.combiner.items() if k != "recalibration"},
    )
    for category in CATEGORY_IDS:
        stored: list[float] = []
        for step in range(-40, 41):
            values = dict.fromkeys(FEATURES, 0.0)
            values["bias"], values["model_support"] = 1.0, (step / 10 + 6) / 2
            a, b = combine(model, values, category), combine(without, values, category)
            assert (a >= THRESHOLD) == (b >= THRESHOLD), (category, step)
            stored.append(a)
        assert stored == sorted(stored), category
