"""The document-level mention-set scorer on BSNLP."""

from __future__ import annotations

from pathlib import Path

import pytest

from obzor.evaluation.ner import Score
from obzor.evaluation.ner_docs import (
    add_mentions,
    evaluate_mentions,
    load_mentions,
    mention_set,
    norm,
)


def test_norm_compares_forms_loosely() -> None:
    assert norm(" «Северный  поток» ") == "северный поток"
    assert norm("Пётр") == norm("ПЕТР")


def test_mention_set_is_one_form_per_type() -> None:
    text = "Еврокомиссия и Еврокомиссия, Мэй и «Газпром»."
    spans = [(0, 12, "ORG"), (15, 27, "ORG"), (29, 32, "PER"), (35, 44, "ORG"), (0, 3, "EVT")]
    assert mention_set(text, spans) == {("еврокомиссия", "ORG"), ("мэй", "PER"), ("газпром", "ORG")}


def test_add_mentions_counts_sets() -> None:
    score = Score()
    gold = frozenset({("мэй", "PER"), ("лондон", "LOC"), ("ес", "ORG")})
    add_mentions(score, gold, {("мэй", "PER"), ("лондон", "ORG"), ("брюссель", "LOC")})
    per, loc, org = (score.counts[t] for t in ("PER", "LOC", "ORG"))
    assert (per.tp, per.fp, per.fn) == (1, 0, 0)
    assert (loc.tp, loc.fp, loc.fn) == (0, 1, 1)  # Брюссель extra, Лондон missed as LOC
    assert (org.tp, org.fp, org.fn) == (0, 1, 1)  # Лондон is not an ORG, ЕС missed


@pytest.mark.shared
def test_bsnlp_gold_sets_and_scoring(shared_dir: Path) -> None:
    docs = load_mentions(shared_dir / "eval" / "bsnlp_ru", ("brexit",))
    assert len(docs) == 153
    doc = next(d for d in docs if d.name == "brexit/brexit_ru.txt_file_10")
    assert ("борис джонсон", "PER") in doc.gold and ("брюссель", "LOC") in doc.gold
    assert "brexit" in doc.ignored  # an EVT: scored on neither side
    perfect = evaluate_mentions(
        [doc], lambda text: [(text.index("Борис Джонсон"), text.index("Борис Джонсон") + 13, "PER")]
    )
    assert perfect.counts["PER"].tp == 1 and perfect.counts["PER"].fp == 0
    assert perfect.counts["LOC"].fn == len([m for m in doc.gold if m[1] == "LOC"])
    with pytest.raises(FileNotFoundError):
        load_mentions(shared_dir / "eval" / "bsnlp_ru", ("covid-19",))
