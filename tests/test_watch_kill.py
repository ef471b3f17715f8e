"""kill -9 in the middle of `obzor watch`, then a restart: nothing lost, nothing stored twice."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from kill_helpers import count as _count
from kill_helpers import obzor_command as _obzor
from local_server import Route, serve
from watch_site import PAGE

PAGES = 12
# Each page answers after this long, so the kill lands while the poll is under way.
PAGE_DELAY_S = 0.2
CITIES = ("Астане", "Бишкеке", "Душанбе", "Ереване", "Минске", "Москве")


def _page(number: int) -> bytes:
    city = CITIES[number % len(CITIES)]
    title = f"Сводка № {number}: заседание рабочей группы ОДКБ в {city}"
    paragraphs = (
        f"<p>Рабочая группа ОДКБ провела в {city} заседание номер {number}, посвященное"
        " координации действий пограничных ведомств государств-членов.</p>"
        f"<p>Участники заседания № {number} согласовали план совместных мероприятий и"
        " обменялись информацией об обстановке на внешних границах.</p>"
    )
    html = PAGE.format(
        meta='<meta charset="utf-8">',
        title=title,
        site="Вестник ОДКБ",
        published="2025-04-01T10:00:00+03:00",
        paragraphs=paragraphs,
    )
    return html.encode()


def _routes(base: str) -> dict[str, Route]:
    listing = "\n".join(f"{base}/p/{n}.html" for n in range(PAGES)) + "\n"
    routes = {"/list.txt": Route(listing.encode(), content_type="text/plain")}
    for n in range(PAGES):
        routes[f"/p/{n}.html"] = Route(_page(n), delay_s=PAGE_DELAY_S)
    return routes


def test_kill_minus_nine_mid_run_then_restart(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    url = f"sqlite:///{db}"
    env = {
        **os.environ,
        "OBZOR_ALLOW_PRIVATE_ADDRESSES": "1",
        "OBZOR_HOST_DELAY_MS": "0",
        "OBZOR_WATCH_TICK_S": "1",
    }
    with serve(_routes) as site:
        add = _obzor("sources", "add", "bulletin", f"{site.base}/list.txt", "--db", url)
        subprocess.run(add, env=env, check=True, capture_output=True, timeout=60)
        watcher = subprocess.Popen(
            _obzor("watch", "--db", url), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            deadline = time.monotonic() + 90
            while _count(db, "SELECT COUNT(*) FROM articles") < 3:
                assert watcher.poll() is None, watcher.stderr.read() if watcher.stderr else ""
                assert time.monotonic() < deadline, "the watcher stored nothing in 90 s"
                time.sleep(0.05)
        finally:
            if watcher.poll() is None:
                os.kill(watcher.pid, signal.SIGKILL)
            watcher.wait(timeout=30)
            if watcher.stderr:
                watcher.stderr.close()
        at_kill = _count(db, "SELECT COUNT(*) FROM articles")
        assert 3 <= at_kill < PAGES, "the kill should land mid-run"

        again = subprocess.run(
            _obzor("watch", "--once", "--db", url),
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert again.returncode == 0, again.stderr
    # nothing lost: every page is stored; nothing twice: one article and one item per page
    assert _count(db, "SELECT COUNT(*) FROM articles") == PAGES
    assert _count(db, "SELECT COUNT(DISTINCT title) FROM articles") == PAGES
    assert _count(db, "SELECT COUNT(*) FROM source_items WHERE article_id IS NOT NULL") == PAGES
    assert _count(db, "SELECT COUNT(DISTINCT url) FROM articles") == PAGES
    assert f"new: {PAGES - at_kill}" in again.stdout
