"""`obzor eval positions`: the labelled statements, the shipped stance model and its floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from obzor.evaluation import positions as ev
from obzor.evaluation.floors import complaint
from obzor.positions.stance import shipped_model


def test_kappa_and_scores() -> None:
    assert ev.kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]) == 1.0
    assert ev.kappa(["a", "a", "b", "b"], ["a", "b", "a", "b"]) == 0.0
    s = ev.score(
        "x",
        "test",
        ["supports", "neutral", "neutral"],
        ["supports", "supports", "neutral"],
    )
    assert s.accuracy == pytest.approx(2 / 3)
    assert s.per_class["neutral"] == (2, 0.5) and s.per_class["opposes"] == (0, 0.0)


def test_a_bad_label_row_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "labels.tsv"
    bad.write_text(
        "ria_id\tstart\tend\tspeaker\tsubject\tstance\tsplit\n1\t0\t5\tX\tphrase:a\tlikes\ttest\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=r"labels.tsv:2: stance 'likes'"):
        ev.load_labels(bad)
    with pytest.raises(ValueError, match="no such span"):
        ev.load_labels(ev.LABELS, {"1": "short"})


def test_the_label_files_hold_ids_and_labels_only() -> None:
    items = ev.load_labels(ev.LABELS)
    assert len(items) >= 300 and {x.split for x in items} == {"train", "dev", "test"}
    assert all(x.text == "" for x in items)  # no RIA text in the repository
    pairs = ev.load_changes(ev.CHANGES)
    keys = {x.key for x in items}
    assert pairs and all(a in keys and b in keys for a, b, _ in pairs)


@pytest.mark.shared
def test_splits_follow_the_publication_date(shared_dir: Path) -> None:
    from obzor.evaluation.ria_stories import ria_articles

    rows = ria_articles(shared_dir / "corpora" / "ria2023")
    days: dict[str, set[str]] = {}
    for x in ev.load_labels(ev.LABELS):
        stamp = rows[x.ria_id]["datetime"].split()[-1]  # "00:03 08.10.2023"
        day, month, year = stamp.split(".")
        days.setdefault(x.split, set()).add(f"{year}-{month}-{day}")
    assert max(days["train"]) < min(days["dev"]) and max(days["dev"]) < min(days["test"])


@pytest.mark.shared
def test_stance_on_held_out_statements_beats_the_baselines(shared_dir: Path) -> None:
    texts = ev.ria_texts(shared_dir / "corpora" / "ria2023")
    items = ev.load_labels(ev.LABELS, texts)
    model = shipped_model()
    assert model is not None
    scores = {s.system: s for s in ev.evaluate_stance(items, {"test": model})}
    ours, lexicon, majority = (
        scores["obzor model"], scores["lexicon rule"], scores["majority class"]
    )  # fmt: skip
    assert ours.n >= 150
    assert ours.accuracy > lexicon.accuracy > majority.accuracy  # beside both, same run
    assert ours.macro_f1 > lexicon.macro_f1
    assert (c := complaint("positions", "test_accuracy", ours.accuracy)) is None, c
    assert (c := complaint("positions", "test_macro_f1", ours.macro_f1)) is None, c
    # the shipped model is what `obzor eval positions` fits: train and dev, the dev setting
    train_dev = [x for x in items if x.split in ("train", "dev")]
    refit = ev.fit_on(train_dev, model.c, model.cue_weight, model.concern_cues)
    test = [x for x in items if x.split == "test"]
    assert [refit.predict(x.text) for x in test] == [model.predict(x.text) for x in test]


def test_the_english_labels_parse_and_are_not_a_training_split() -> None:
    english = ev.load_labels(ev.ENGLISH, key="url", split="en")
    assert len(english) >= 70
    assert {x.split for x in english} == {"en"}
    assert {x.stance for x in english} == {"supports", "opposes", "concerned", "neutral"}
    second = ev.load_labels(ev.ENGLISH_SECOND, key="url", split="en")
    assert {x.key for x in second} <= {x.key for x in english}
    # the English dev set (omelas headlines) is another corpus: no statement of the test set
    dev = ev.load_labels(ev.ENGLISH_DEV, key="omelas")
    assert len(dev) >= 80
    assert {x.stance for x in dev} == {"supports", "opposes", "concerned", "neutral"}
    assert not {x.ria_id for x in dev} & {x.ria_id for x in english}


@pytest.mark.shared
def test_the_english_dev_statements_are_whole_headlines(shared_dir: Path) -> None:
    texts = ev.omelas_texts(shared_dir / "corpora" / "omelas_kz2022" / "headlines.csv")
    dev = ev.load_labels(ev.ENGLISH_DEV, texts, key="omelas")
    assert all(x.text == texts[x.ria_id] for x in dev)


@pytest.mark.shared
def test_eval_positions_scores_english_beside_the_baselines(shared_dir: Path) -> None:
    from click.testing import CliRunner

    from obzor.cli import main

    pool = shared_dir / "eval" / "clustering" / "en_train_pool.tsv"
    corpus = shared_dir / "corpora" / "ria2023"
    result = CliRunner().invoke(
        main, ["eval", "positions", "--corpus", str(corpus), "--english", str(pool)]
    )
    assert result.exit_code == 0, result.output
    rows = {
        line.split()[1]: line.split()
        for line in result.output.splitlines()
        if line.startswith("en ")
    }
    assert set(rows) == {"obzor", "lexicon", "majority"}
    assert int(rows["obzor"][3]) >= 70
    assert any(line.startswith("en-d ") for line in result.output.splitlines())
    assert float(rows["obzor"][4]) > float(rows["majority"][4])  # accuracy, same run
