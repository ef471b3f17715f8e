"""kill -9 in the middle of `obzor ingest`, then the same command again: every record stored
once, none lost; the base is sound after the kill (issue 18)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from kill_helpers import count as _count
from kill_helpers import obzor_command as _obzor

FILES = 40
CITIES = ("Астане", "Бишкеке", "Душанбе", "Ереване", "Минске", "Москве")


def test_kill_minus_nine_mid_ingest_then_rerun(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "kill.db"
    folder.mkdir()
    for n in range(FILES):
        city = CITIES[n % len(CITIES)]
        (folder / f"{n:03}.txt").write_text(
            f"Заседание № {n} рабочей группы ОДКБ в {city}\n\n"
            f"Рабочая группа ОДКБ провела в {city} заседание номер {n} о координации"
            f" пограничных ведомств. Участники заседания № {n} согласовали план мероприятий.",
            encoding="utf-8",
        )
    url = f"sqlite:///{db}"
    env = {**os.environ, "OBZOR_BATCH_SIZE": "3"}
    run = _obzor("ingest", str(folder), "--db", url)
    first = subprocess.Popen(run, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while _count(db, "SELECT COUNT(*) FROM articles") < 3:
            assert first.poll() is None, first.stderr.read() if first.stderr else ""
            assert time.monotonic() < deadline, "the ingest stored nothing in 120 s"
            time.sleep(0.02)
    finally:
        if first.poll() is None:
            os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        if first.stderr:
            first.stderr.close()
    at_kill = _count(db, "SELECT COUNT(*) FROM articles")
    assert 3 <= at_kill < FILES, "the kill should land mid-run"
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # nothing half-written
    con.close()

    again = subprocess.run(run, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"ingested: {FILES - at_kill}" in again.stdout
    assert f"duplicate: {at_kill}" in again.stdout
    assert _count(db, "SELECT COUNT(*) FROM articles") == FILES
    assert _count(db, "SELECT COUNT(DISTINCT source) FROM articles") == FILES
