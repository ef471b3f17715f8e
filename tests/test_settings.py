"""Settings: declared once, each documented, read from obzor.toml and the environment."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from obzor.cli import main
from obzor.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_every_setting_has_help_and_a_row_in_the_docs() -> None:
    documented = set(re.findall(r"^\| `(\w+)` \|", DOCS.read_text(encoding="utf-8"), re.M))
    for name, _, help in Settings.describe():
        assert help.strip(), f"setting {name} has no help"
        assert name in documented, f"add a row for `{name}` to docs/settings.md"
    assert documented == {name for name, _, _ in Settings.describe()}, "a row for no setting"


def test_the_config_file_then_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "site.toml"
    config.write_text('db = "sqlite:///site.db"\nbatch_size = 50\n', encoding="utf-8")
    env = {"OBZOR_CONFIG": str(config), "OBZOR_BATCH_SIZE": "70"}
    settings = Settings.load(env=env)
    assert settings.db == "sqlite:///site.db" and settings.batch_size == 70
    assert Settings.load(env=env, db="sqlite:///flag.db").db == "sqlite:///flag.db"
    origins = Settings.origins(env)
    assert (origins["db"], origins["batch_size"]) == (str(config), "OBZOR_BATCH_SIZE")
    assert origins["max_redirects"] == "default"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("batch = 5\n", "unknown setting 'batch'"),
        ('batch_size = "many"\n', "batch_size must be of type int"),
        ("respect_robots = 1\n", "respect_robots must be of type bool"),
        ("db = \n", "not valid TOML"),
    ],
)
def test_a_bad_config_file_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "obzor.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)):
        Settings.load(env={"OBZOR_CONFIG": str(config)})
    result = CliRunner().invoke(main, ["settings"], env={"OBZOR_CONFIG": str(config)})
    assert result.exit_code == 2 and message in result.output


def test_obzor_settings_lists_every_setting_with_its_value_and_origin(tmp_path: Path) -> None:
    config = tmp_path / "obzor.toml"
    config.write_text("max_redirects = 3\n", encoding="utf-8")
    env = {"OBZOR_CONFIG": str(config), "OBZOR_WATCH_TICK_S": "9"}
    result = CliRunner().invoke(main, ["settings", "--json"], env=env)
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.output)}
    assert set(rows) == {name for name, _, _ in Settings.describe()}
    assert (rows["max_redirects"]["value"], rows["max_redirects"]["origin"]) == (3, str(config))
    assert (rows["watch_tick_s"]["value"], rows["watch_tick_s"]["origin"]) == (
        9,
        "OBZOR_WATCH_TICK_S",
    )
    assert rows["batch_size"]["value"] == rows["batch_size"]["default"]
