"""Story lists read only the stories near the asked window (the day index), and list exactly
what the scan of every story lists (issue 14: brief, stories and the dashboard bounded by the
window, not the base)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection

from obzor.store import open_store
from obzor.store import story_views as views


def _scan(
    conn: Connection, since: str | None, until: str | None, limit: int, threat: str | None
) -> list[int]:
    """The ids the list query gives over every story (no day window)."""
    return [int(r[0]) for r in conn.execute(views.list_query(since, until, threat, 1).limit(limit))]


@pytest.fixture(scope="module")
def days(corpus_db: Path) -> list[str]:
    with open_store(str(corpus_db)) as store:
        found = {
            str(p)[:10]
            for (p,) in store.db.execute("SELECT published FROM articles WHERE published > ''")
        }
    assert len(found) >= 10  # the corpus spans many days: the windows below differ
    return sorted(found)


def test_windowed_lists_equal_the_scan_of_every_story(corpus_db: Path, days: list[str]) -> None:
    with open_store(str(corpus_db)) as store:
        first = date.fromisoformat(days[0])
        last = date.fromisoformat(days[-1])
        probes = [*days, (first - timedelta(days=2)).isoformat(), (last + timedelta(2)).isoformat()]
        checked = 0
        for since in probes:
            for until in (since, None, (date.fromisoformat(since) + timedelta(3)).isoformat()):
                for limit in (1, 3, 1000):
                    want = _scan(store.conn, since, until, limit, None)
                    got = [s["id"] for s in store.stories(since=since, until=until, limit=limit)]
                    assert got == want, (since, until, limit)
                    checked += bool(want)
        for until in (None, *days):
            for limit in (1, 5, 1000):  # no first day: the newest, looked for week by week
                want = _scan(store.conn, None, until, limit, None)
                assert [s["id"] for s in store.stories(until=until, limit=limit)] == want
        want = _scan(store.conn, days[0], None, 1000, "military_cooperation")
        got = store.stories(since=days[0], threat="military_cooperation", limit=1000)
        assert [s["id"] for s in got] == want
    assert checked > 20


def test_a_story_straddling_the_window_is_listed(
    corpus_db: Path, tmp_path: Path, days: list[str]
) -> None:
    # A story with a report the day before and one the day after the asked day, none on it,
    # is seen on that day (first seen before, last seen after): the window reaches it.
    import shutil

    from obzor.flow import Prepared, save
    from obzor.model import Article

    path = tmp_path / "s.db"
    shutil.copy(corpus_db, path)
    text = (
        "Министры обороны стран ОДКБ провели в Бишкеке совещание о совместных учениях "
        "«Взаимодействие-2031» и согласовали их сроки, сообщила пресс-служба организации."
    )
    with open_store(str(path)) as store:
        for day, outlet in (("2031-03-09", "ТАСС"), ("2031-03-11", "РИА Новости")):
            save(  # added, then grouped into its story
                Prepared(
                    Article(
                        source=f"t:{day}",
                        title="Министры обороны ОДКБ согласовали сроки учений",
                        text=text + f" ({outlet})",
                        published=f"{day}T10:00:00",
                        outlet=outlet,
                        language="ru",
                    )
                ),
                store,
            )
        store.commit()
        # whatever the grouper decided (event_hours may keep them apart), make them one story
        a, b = (
            int(r[0])
            for r in store.db.execute(
                "SELECT id FROM articles WHERE source IN ('t:2031-03-09', 't:2031-03-11')"
                " ORDER BY id"
            )
        )
        story = store.db.execute(
            "SELECT story_id FROM story_articles WHERE article_id = ?", (a,)
        ).fetchone()[0]
        store.db.execute(
            "UPDATE story_articles SET story_id = ?, role = 'member' WHERE article_id = ?",
            (story, b),
        )
        ids = {s["id"] for s in store.stories(since="2031-03-10", until="2031-03-10")}
        want = _scan(store.conn, "2031-03-10", "2031-03-10", 1000, None)
        sizes = [s["size"] for s in store.stories(since="2031-03-09", until="2031-03-11")]
    assert sizes == [2]  # one story of both reports
    assert ids == set(want) and len(ids) == 1
