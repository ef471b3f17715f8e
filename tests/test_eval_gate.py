"""The evaluation gate: every score in floors.toml is checked by a test; names and link here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from obzor.evaluation.floors import complaint, floors

TESTS = Path(__file__).resolve().parent


def test_every_floor_is_gated_by_a_test() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py"))
    gated = set(re.findall(r'complaint\(\s*"(\w+)",\s*"(\w+)"', source))
    declared = {(section, name) for section, scores in floors().items() for name in scores}
    assert declared <= gated, f"floors no test checks: {sorted(declared - gated)}"
    assert gated <= declared, f"tests name floors floors.toml lacks: {sorted(gated - declared)}"


def test_a_drop_beyond_the_noise_is_refused() -> None:
    measured, noise = floors()["threats"]["micro_p"]
    assert complaint("threats", "micro_p", measured) is None
    assert complaint("threats", "micro_p", measured - noise) is None
    assert "below" in (complaint("threats", "micro_p", measured - noise - 0.01) or "")
    ceiling, slack = floors()["threats"]["false_tag_rate_max"]
    assert complaint("threats", "false_tag_rate_max", ceiling + slack) is None
    assert "above" in (complaint("threats", "false_tag_rate_max", ceiling + slack + 0.01) or "")


def test_name_keys_on_the_held_out_table() -> None:
    from obzor.evaluation.names import TABLES, evaluate

    held_out = next(s for s in evaluate() if s.table == TABLES[-1] and s.system == "obzor key")
    assert held_out.forms > 100 and held_out.pairs > 10
    assert (c := complaint("names", "held_out_form_rate", held_out.form_rate)) is None, c
    assert (c := complaint("names", "held_out_pair_rate", held_out.pair_rate)) is None, c


@pytest.mark.shared
def test_kazakh_keys_on_the_held_out_table(shared_dir: Path) -> None:
    from obzor.evaluation.kazakh_search import TABLES, evaluate

    scores = {(s.table, s.system): s for s in evaluate(shared_dir / "eval/kaznerd/IOB2_valid.txt")}
    ours, baseline = scores[(TABLES[-1], "obzor kk")], scores[(TABLES[-1], "pymorphy3")]
    assert ours.forms > 50 and ours.sentences > 300
    assert ours.found > baseline.found  # beside the baseline in the same run
    form_rate, sentence_rate = ours.forms_ok / ours.forms, ours.found / ours.sentences
    assert (c := complaint("names", "kk_held_out_form_rate", form_rate)) is None, c
    assert (c := complaint("names", "kk_held_out_sentence_rate", sentence_rate)) is None, c
    assert ours.typed_sentences > 300 and ours.typed_found > baseline.typed_found
    typed_rate = ours.typed_found / ours.typed_sentences
    assert (c := complaint("names", "kk_held_out_typed_rate", typed_rate)) is None, c


@pytest.mark.shared
def test_entity_linking_on_held_out_bsnlp_topics(shared_dir: Path) -> None:
    from obzor.evaluation.link import evaluate_topics

    scores = {
        (topic, system): s for topic, system, s in evaluate_topics(shared_dir / "eval" / "bsnlp_ru")
    }
    for topic in ("nord_stream", "ryanair"):
        ours, names = scores[(topic, "obzor")], scores[(topic, "name only")]
        assert ours.recall >= names.recall  # beside the baseline in the same run
    ns, ry = scores[("nord_stream", "obzor")], scores[("ryanair", "obzor")]
    assert (c := complaint("link", "nord_stream_precision", ns.precision)) is None, c
    assert (c := complaint("link", "nord_stream_recall", ns.recall)) is None, c
    assert (c := complaint("link", "ryanair_precision", ry.precision)) is None, c
    assert (c := complaint("link", "ryanair_recall", ry.recall)) is None, c
