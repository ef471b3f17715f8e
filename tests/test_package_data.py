"""Every data file under src/obzor ships in a built wheel, not only in an editable install."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "obzor"


def test_every_data_file_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["obzor"]
    data = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"} and "__pycache__" not in path.parts
    ]
    assert data, "no data files found: the package moved?"
    left_out = [name for name in data if not any(fnmatch.fnmatch(name, p) for p in patterns)]
    assert not left_out, f"pyproject.toml's package-data misses {left_out}"
