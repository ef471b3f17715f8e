"""The store starts light: importing it (what every read command does) loads no analysis
module, numpy, YAML or PostgreSQL's dialect; the verbs that need them import them when
called."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "numpy",
    "obzor.stories",
    "obzor.calendar.reports",
    "obzor.sources",
    "yaml",
    "sqlalchemy.dialects.postgresql",  # a SQLite base needs none of it (20-35 ms)
)


def test_importing_the_store_loads_no_analysis_module() -> None:
    code = f"import sys, obzor.store\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == []
