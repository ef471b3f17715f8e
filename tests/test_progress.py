"""Long commands say how far they are: a periodic one-line log when not on a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rich.console import Console

from obzor.cli import main
from obzor.cli import progress as progress_module
from obzor.cli.progress import progress

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def test_a_log_gets_periodic_lines_and_a_last_one(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=False, width=200)
    monkeypatch.setattr(progress_module, "PERIOD_S", 0.0)  # a line for every update
    with progress(console, "copying", "articles") as update:
        for done in range(1, 5):
            update(done, 4)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("copying: 1/4 articles (25%), ") and "left" in lines[0]
    assert lines[-1].startswith("copying: 4/4 articles (100%), ") and "left" not in lines[-1]


def test_quiet_between_periods_but_always_a_last_line() -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=False, width=200)
    with progress(console, "ingesting", "files") as update:
        for done in range(1, 100):
            update(done, None)
    assert stream.getvalue().splitlines() == [stream.getvalue().splitlines()[0]]
    assert stream.getvalue().startswith("ingesting: 99 files, ")


def test_ingest_and_migrate_log_their_progress(tmp_path: Path) -> None:
    db, copy = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    runner = CliRunner()
    texts = [str(p) for p in sorted(EXAMPLES.glob("*.txt"))[:3]]
    result = runner.invoke(main, ["ingest", *texts, "--db", db])
    assert result.exit_code == 0, result.output
    assert "ingesting: 3/3 files (100%)" in result.output
    result = runner.invoke(main, ["migrate", "--from", db, "--to", copy])
    assert result.exit_code == 0, result.output
    assert "copying: 3/3 articles (100%)" in result.output


def test_eval_of_everything_logs_its_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    from obzor.cli.evaluate import evaluate

    ran: list[str] = []
    steps = {n: click.Command(n, callback=lambda n=n: ran.append(n)) for n in ("a", "b", "c")}
    monkeypatch.setattr(evaluate, "commands", steps)  # three quick stand-ins for the scorers
    result = CliRunner().invoke(main, ["eval"])
    assert result.exit_code == 0, result.output
    assert ran == ["a", "b", "c"]
    assert "evaluating: 3/3 evaluations (100%)" in result.output


def test_export_to_a_file_logs_its_progress(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    args = ["export", "--format", "jsonl", "-o", str(out), "--db", f"sqlite:///{corpus_db}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    exported = len(out.read_text(encoding="utf-8").splitlines())
    assert exported > 0
    assert f"exporting: {exported} articles, " in result.output
