"""One path per fact: the CLI, the API and the web count each threat category alike."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from click.testing import CliRunner
from fastapi.testclient import TestClient

from obzor.api import create_app
from obzor.api.deps import COOKIE
from obzor.cli import main
from obzor.store import open_store
from obzor.taxonomy.threats import CATEGORY_IDS

QUERY = "ОДКБ"  # a word most of the sample corpus names, so its facets span many categories


def cli_json(*args: str) -> object:
    result = CliRunner().invoke(main, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def web_facet(html: str, category: str) -> int:
    found = re.search(rf'threat={category}[^"]*">[^<]+</a> <span class="n">(\d+)<', html)
    return int(found.group(1)) if found else 0


def test_cli_api_and_web_agree_on_every_threat_count(corpus_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "counts.db"
    shutil.copy(corpus_db, path)
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        token = store.add_user("reader", "viewer")
    cli_counts = cli_json("threats", "--db", url)
    assert isinstance(cli_counts, dict) and len(cli_counts) >= 5
    with TestClient(create_app(url)) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        client.cookies.set(COOKIE, token)
        found = client.get("/api/search", params={"q": QUERY, "limit": 1}).json()
        api_facets = {f["value"]: f["count"] for f in found["facets"]["threat"]}
        web_search = client.get("/search", params={"q": QUERY}).text
        trends = client.get("/api/trends", params={"by": "threat", "top": 20}).json()
        per_day = {s["name"]: sum(p["count"] for p in s["points"]) for s in trends["series"]}
        for category in CATEGORY_IDS:
            listed = client.get("/api/articles", params={"threat": category, "limit": 1})
            assert listed.json()["total"] == cli_counts.get(category, 0), category
            page = client.get("/search", params={"threat": category}).text
            shown = re.search(r'<p class="count"><strong>(\d+)</strong>', page)
            assert shown and int(shown.group(1)) == cli_counts.get(category, 0), category
            # The trend counts dated articles: the listing restricted to dated ones agrees.
            dated = client.get(
                "/api/articles",
                params={"threat": category, "date_from": "0001-01-01", "limit": 1},
            )
            assert per_day.get(category, 0) == dated.json()["total"], category
            # Facets of a search agree with `obzor search --threat` on the same query.
            hits = cli_json("search", QUERY, "--threat", category, "--limit", "500", "--db", url)
            assert isinstance(hits, list)
            if category in api_facets or len(api_facets) < 10:  # facets list the top ten
                assert api_facets.get(category, 0) == len(hits), category
                assert web_facet(web_search, category) == len(hits), category


def test_the_cli_the_api_and_the_evaluation_decide_alike_per_category(
    corpus_db: Path, tmp_path: Path
) -> None:
    # `obzor eval` scores a text the way the pipeline stored it; the store counts and filters
    # at one MIN_SCORE. Per-category dev thresholds live in the score, so all three agree.
    from obzor.evaluation.threat_data import NewsItem
    from obzor.evaluation.threat_labels import Example
    from obzor.evaluation.threats import score_items

    path = tmp_path / "decide.db"
    shutil.copy(corpus_db, path)
    url = f"sqlite:///{path}"
    with open_store(url) as store:
        token = store.add_user("reader", "viewer")
        stored = [store.get(i) for i in store.article_ids()]
    items = [
        Example(
            NewsItem("seed", str(a["id"]), "test", "ru", a["published"], a["title"], a["text"]),
            frozenset(),
        )
        for a in stored
        if a is not None
    ]
    decided = {c: 0 for c in CATEGORY_IDS}
    for scored in score_items(items):
        for category in scored.found["obzor"]:
            decided[category] += 1
    assert sum(decided.values()) >= 20  # the sample corpus is mostly security news
    cli_counts = cli_json("threats", "--db", url)
    assert isinstance(cli_counts, dict)
    with TestClient(create_app(url)) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        for category in CATEGORY_IDS:
            listed = client.get("/api/articles", params={"threat": category, "limit": 1})
            assert listed.json()["total"] == decided[category], category
            assert cli_counts.get(category, 0) == decided[category], category
