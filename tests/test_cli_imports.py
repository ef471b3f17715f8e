"""The command starts light: what a command does not use is not imported (start-up, issue 14
part 6), and a database error mid-command is still one line, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from obzor.cli import main

# What `obzor settings`, `obzor sources list` and `--help` do not need (and a command on a
# SQLite base, PostgreSQL's dialect).
HEAVY = (
    "sqlalchemy",
    "yaml",
    "pymorphy3",
    "trafilatura",
    "numpy",
    "obzor.nlp.pipeline",
    "sqlalchemy.dialects.postgresql",
)


def loaded_after(
    args: list[str], env: dict[str, str] | None = None, modules: tuple[str, ...] = HEAVY
) -> list[str]:
    code = (
        "import sys\nfrom obzor.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        f"print(' '.join(m for m in {modules!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return done.stderr.split()


def test_help_and_settings_import_no_database_or_analysis_module() -> None:
    assert loaded_after(["--help"]) == []
    assert loaded_after(["settings"]) == []


def test_listing_sources_loads_no_cleaner_or_pipeline(tmp_path: Path) -> None:
    env = {**os.environ, "OBZOR_DB": f"sqlite:///{tmp_path / 'b.db'}"}
    loaded = loaded_after(["sources", "list"], env)
    assert "trafilatura" not in loaded
    assert "obzor.nlp.pipeline" not in loaded


@pytest.mark.parametrize(
    "args", [["show", "1"], ["entities", "--limit", "5"], ["threats"], ["events"], ["quotes"]]
)
def test_listing_stored_findings_reads_no_word(corpus_db: Path, args: list[str]) -> None:
    # Stored rows are shown as stored: no pymorphy3 (35 ms), YAML or numpy at start-up.
    env = {**os.environ, "OBZOR_DB": f"sqlite:///{corpus_db}"}
    assert loaded_after(args, env) == ["sqlalchemy"]


@pytest.mark.parametrize("args", [["summary"], ["stories"], ["brief"], ["story", "1"]])
def test_reading_stories_loads_no_numpy(corpus_db: Path, args: list[str]) -> None:
    # numpy (about 0.08 s) makes signatures and vectors when an article is grouped, not read.
    env = {**os.environ, "OBZOR_DB": f"sqlite:///{corpus_db}"}
    assert "numpy" not in loaded_after(args, env)


@pytest.mark.parametrize("args", [["summary"], ["stories"], ["brief"], ["story", "1"]])
def test_reading_stories_loads_no_analyzer(corpus_db: Path, args: list[str]) -> None:
    # pymorphy3 (about 0.09 s) parsed stored headlines and the brief's summaries: a stored
    # story's headline is parsed when a pair compares it, summaries take the index's keys.
    env = {**os.environ, "OBZOR_DB": f"sqlite:///{corpus_db}"}
    assert "pymorphy3" not in loaded_after(args, env)


@pytest.mark.parametrize("args", [["brief"], ["calendar"]])
def test_reading_the_calendar_compiles_no_date_reader(corpus_db: Path, args: list[str]) -> None:
    # The date reader's patterns (about 0.05 s to compile) read text; a stored calendar is read.
    env = {**os.environ, "OBZOR_DB": f"sqlite:///{corpus_db}"}
    assert loaded_after(args, env, ("obzor.nlp.dates", "obzor.calendar.reports")) == [
        "obzor.calendar.reports"
    ]


def test_a_database_error_mid_command_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlalchemy.exc

    from obzor.store.core import Store

    def broken(self: Store, article_id: int) -> None:
        raise sqlalchemy.exc.OperationalError("SELECT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(Store, "get", broken)
    db = f"sqlite:///{tmp_path / 'b.db'}"
    result = CliRunner().invoke(main, ["show", "1", "--db", db])
    assert result.exit_code == 2
    assert "disk I/O error" in result.output
    assert "work not yet committed was rolled back" in result.output
    assert "Traceback" not in result.output


def test_other_errors_are_not_called_database_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    from obzor.cli import config

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("not a database")

    monkeypatch.setattr(config.Settings, "describe", broken)
    result = CliRunner().invoke(main, ["settings"])
    assert isinstance(result.exception, RuntimeError)  # raised on, not called a database's
    assert "rolled back" not in result.output
