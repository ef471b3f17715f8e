"""`obzor eval link`: B-cubed grouping scores on BSNLP-style gold, and the real topics."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from obzor.cli import main
from obzor.evaluation.link import bcubed, evaluate_topics


def test_bcubed_on_a_hand_counted_example() -> None:
    gold = {("d", "a", "PER"): "1", ("d", "b", "PER"): "1", ("d", "c", "PER"): "2"}
    split = {("d", "a", "PER"): "x", ("d", "b", "PER"): "y", ("d", "c", "PER"): "z"}
    score = bcubed(split, gold)
    assert (score.precision, round(score.recall, 3)) == (1.0, 0.667)
    lumped = bcubed(dict.fromkeys(gold, "x"), gold)
    assert (round(lumped.precision, 3), lumped.recall) == (0.556, 1.0)


def test_kb_variants_group_where_names_alone_do_not(tmp_path: Path) -> None:
    folder = tmp_path / "topic" / "annotated" / "ru"
    folder.mkdir(parents=True)
    (folder / "a.out").write_text(
        "ru-1\nКиргизии\tКиргизия\tLOC\tGPE-Kyrgyzstan\nТокаев\tТокаев\tPER\tPER-Tokayev\n", "utf-8"
    )
    (folder / "b.out").write_text(
        "ru-2\nКыргызстане\tКыргызстан\tLOC\tGPE-Kyrgyzstan\n"
        "Касым-Жомарт Токаев\tКасым-Жомарт Токаев\tPER\tPER-Tokayev\n",
        "utf-8",
    )
    scores = {system: s for _, system, s in evaluate_topics(tmp_path)}
    assert (scores["obzor"].precision, scores["obzor"].recall) == (1.0, 1.0)
    assert scores["name only"].recall == 0.5


def test_eval_link_command_on_bsnlp(shared_dir: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "link", "--data", str(shared_dir / "eval/bsnlp_ru")])
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.output.splitlines()[1:]]
    by = {(r[0], " ".join(r[1:-4])): float(r[-1]) for r in rows}
    for topic in ("asia_bibi", "brexit", "nord_stream", "ryanair"):
        assert by[(topic, "obzor")] >= by[(topic, "name only")]


def test_eval_link_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "link", "--data", str(tmp_path)])
    assert result.exit_code == 1 and "no annotated BSNLP topics" in result.output


def test_help_has_an_example() -> None:
    assert "Example: obzor eval link" in CliRunner().invoke(main, ["eval", "link", "--help"]).output
