"""The calendar in the store: articles through the pipeline, entries updated by later reports;
the seeds' entries; `obzor calendar` and the API read the same rows."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from obzor.calendar.reports import article_reports
from obzor.cli import main
from obzor.model import Article
from obzor.store import open_store

# Made-up reports of one exercise and one summit (unit examples; the scores use real news).
REPORTS = [
    ("Учения ОДКБ «Рубеж-2024» пройдут в Киргизии в сентябре 2024 года.", "2024-03-01"),
    (
        "Министры обороны ОДКБ подтвердили, что учения «Рубеж-2024» пройдут в Киргизии в сентябре"
        " 2024 года.",
        "2024-06-01",
    ),
    ("Учения ОДКБ «Рубеж-2024» прошли в Киргизии в сентябре 2024 года.", "2024-09-30"),
    ("The CSTO summit will be held in Minsk on November 23, 2024.", "2024-02-01"),
    ("The CSTO summit in Minsk has been postponed to December 5, 2024.", "2024-10-01"),
]


@pytest.fixture(scope="module")
def articles(pipeline: Any) -> list[Article]:
    return [
        pipeline(Article(f"r{n}", text, title=f"r{n}", published=published, language="ru"))
        for n, (text, published) in enumerate(REPORTS)
    ]


def fill(path: Path, articles: list[Article]) -> Any:
    store = open_store(f"sqlite:///{path}")
    for article in articles:
        store.add(article)
    return store


def summary(store: Any, **kw: Any) -> list[tuple[Any, ...]]:
    return [
        (e["type"], e["date"], e["status"], sorted(r["article_id"] for r in e["reports"]))
        for e in store.calendar(**kw)
    ]


def test_later_reports_update_one_entry(tmp_path: Path, articles: list[Article]) -> None:
    with fill(tmp_path / "a.db", articles) as store:
        assert summary(store, as_of="2024-11-01") == [
            ("exercise", "2024-09", "held", [1, 2, 3]),
            ("meeting", "2024-12-05", "postponed", [4, 5]),
        ]
        # as of a day before the exercise's last report it was only announced, twice
        assert summary(store, as_of="2024-12-06", status="overdue") == [
            ("meeting", "2024-12-05", "overdue", [4, 5]),
        ]


def test_the_order_articles_arrive_in_does_not_matter(
    tmp_path: Path, articles: list[Article]
) -> None:
    with (
        fill(tmp_path / "a.db", articles) as forward,
        fill(tmp_path / "b.db", articles[::-1]) as backward,
    ):
        strip = [{k: v for k, v in e.items() if k not in ("id", "reports")} for e in
                 forward.calendar(as_of="2024-11-01")]  # fmt: skip
        assert strip == [
            {k: v for k, v in e.items() if k not in ("id", "reports")}
            for e in backward.calendar(as_of="2024-11-01")
        ]
        assert strip[0]["reported_status"] == "held"


def test_an_announcement_repeated_before_the_date_is_confirmed(
    tmp_path: Path, articles: list[Article]
) -> None:
    with fill(tmp_path / "a.db", articles[:2]) as store:
        assert summary(store, as_of="2024-07-01") == [("exercise", "2024-09", "confirmed", [1, 2])]
        assert summary(store, as_of="2024-10-01")[0][2] == "overdue"


def test_filters_by_days_and_status(tmp_path: Path, articles: list[Article]) -> None:
    with fill(tmp_path / "a.db", articles) as store:
        assert [e["type"] for e in store.calendar(since="2024-10", as_of="2024-11-01")] == [
            "meeting"
        ]
        assert [e["type"] for e in store.calendar(until="2024-09-15")] == ["exercise"]
        assert store.calendar(since="2025") == []
        assert [e["type"] for e in store.calendar(status="held")] == ["exercise"]
        with pytest.raises(ValueError, match="not a date"):
            store.calendar(since="2024-13")
        with pytest.raises(ValueError, match="unknown status"):
            store.calendar(status="planned")


def test_rebuild_gives_what_adding_gave(tmp_path: Path, articles: list[Article]) -> None:
    with fill(tmp_path / "a.db", articles) as store:
        before = summary(store, as_of="2024-11-01")
        assert store.rebuild_calendar(article_reports) == 2
        assert summary(store, as_of="2024-11-01") == before


def test_the_revision_files_the_events_already_stored(
    tmp_path: Path, articles: list[Article]
) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from obzor.store.upgrade import LOCATION

    path = tmp_path / "old.db"
    with fill(path, articles):
        pass
    # Back to the revision before the calendar, as a base made before it: the events stay.
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(LOCATION))
        config.attributes["connection"] = conn
        command.downgrade(config, "0010")
    engine.dispose()
    db = sqlite3.connect(path)
    assert (
        db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'calendar%'").fetchone()[0]
        == 0
        and db.execute("SELECT COUNT(*) FROM events").fetchone()[0] >= 5
    )
    db.close()
    with open_store(f"sqlite:///{path}") as store:  # opening runs revision 0011
        assert summary(store, as_of="2024-11-01") == [
            ("exercise", "2024-09", "held", [1, 2, 3]),
            ("meeting", "2024-12-05", "postponed", [4, 5]),
        ]


def test_cli_lists_json_and_ics(tmp_path: Path, articles: list[Article]) -> None:
    with fill(tmp_path / "a.db", articles):
        pass
    db = f"sqlite:///{tmp_path / 'a.db'}"
    run = CliRunner().invoke(main, ["calendar", "--db", db, "--json", "--as-of", "2024-11-01"])
    assert run.exit_code == 0, run.output
    assert [e["status"] for e in json.loads(run.output)] == ["held", "postponed"]
    table = CliRunner().invoke(
        main, ["calendar", "--db", db, "--status", "postponed", "--as-of", "2024-11"]
    )
    assert "2024-12-05" in table.output and "2024-09" not in table.output
    out = tmp_path / "c.ics"
    run = CliRunner().invoke(main, ["calendar", "--db", db, "--ics", str(out)])
    assert run.exit_code == 0 and out.read_bytes().count(b"BEGIN:VEVENT") == 2
    bad = CliRunner().invoke(main, ["calendar", "--db", db, "--until", "2024-02-30"])
    assert bad.exit_code == 2 and "not a date" in bad.output


@pytest.mark.shared
def test_seeds_yield_the_csto_chairmanship_and_the_issyk_kul_conference(
    tmp_path: Path, seeds: dict[str, Path], pipeline: Any
) -> None:
    from obzor.clean import clean
    from obzor.model import Document

    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        for path in seeds.values():
            store.add(pipeline(clean(Document(str(path), "text", path.read_text("utf-8")))))
        entries = store.calendar(as_of="2023-12-01")
        chair = [e for e in entries if e["type"] == "chairmanship"]
        assert [(e["date"], e["status"]) for e in chair] == [("2024-01-01", "confirmed")]
        assert {"Q232", "org:csto"} <= set(chair[0]["keys"])
        # the expert's "В 2024 году Казахстан будет председательствовать" (000) and both
        # articles of 23 November (001 has no date, 004) are its evidence
        assert len({r["article_id"] for r in chair[0]["reports"]}) == 3
        (conference,) = [e for e in entries if e["type"] == "conference"]
        assert (conference["date"], conference["status"], conference["place"]) == (
            "2025-06",
            "held",
            "Иссык-Кульская область",
        )
        assert "кибербезопасности" in conference["name"]


def test_an_undated_follow_up_joins_its_entry_but_starts_none(
    tmp_path: Path, pipeline: Any
) -> None:
    announced, said = (
        pipeline(Article(f"f{n}", text, title=f"f{n}", published=published, language="ru"))
        for n, (text, published) in enumerate([
            ("Владимир Путин в понедельник проведет встречу с главой Минкультуры Ольгой Любимовой.",
             "2023-10-09T11:55"),
            ("Ольга Любимова рассказала о росте интереса к кино на встрече с Владимиром Путиным.",
             "2023-10-09T15:59"),
        ])
    )  # fmt: skip
    with fill(tmp_path / "a.db", [said]) as store:
        assert store.calendar(as_of="2023-10-10") == []  # nothing to follow
    with fill(tmp_path / "b.db", [announced, said]) as store:
        assert summary(store, as_of="2023-10-10") == [("meeting", "2023-10-09", "held", [1, 2])]


def test_the_store_files_what_the_calendar_stage_found_and_reads_nothing_itself(
    tmp_path: Path, articles: list[Article]
) -> None:
    from dataclasses import replace

    assert all(a.calendar for a in articles)  # the pipeline's calendar stage filled them
    # The same articles without the stage's reports: their events alone file nothing.
    bare = [replace(a, calendar=[]) for a in articles]
    with fill(tmp_path / "bare.db", bare) as store:
        assert store.calendar() == []
        # ...until the calendar is rebuilt with the stage's reading of the stored events
        assert store.rebuild_calendar(article_reports) == 2
        assert summary(store, as_of="2024-11-01")[0][:3] == ("exercise", "2024-09", "held")
    # And a report the stage did not make from the text is filed as given.
    moved = replace(articles[3].calendar[0], date="2024-11-30", name="saммит")
    with fill(tmp_path / "given.db", [replace(articles[3], calendar=[moved])]) as store:
        (entry,) = store.calendar(as_of="2024-11-01")
        assert (entry["date"], entry["name"]) == ("2024-11-30", "saммит")
        assert store.calendar_reports(1) == [moved]
