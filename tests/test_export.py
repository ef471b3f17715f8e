"""Exports: every format validates (STIX by stix2-validator, graphs read back by networkx, CSV
by the csv module), honours the search filters, and re-exports give the same ids."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from obzor.cli import main
from obzor.export import chunks
from obzor.store import open_store


def _export(db: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["export", "--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_stix_bundle_validates_and_ids_are_stable(corpus_db: Path, tmp_path: Path) -> None:
    from stix2validator import ValidationOptions, validate_string

    first = _export(corpus_db, "--format", "stix")
    # stix2-validator reads files relative to the working directory: run it from an empty one
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        result = validate_string(first, ValidationOptions(version="2.1"))
    finally:
        os.chdir(here)
    assert result.is_valid, [str(e) for o in result.object_results for e in o.errors][:5]
    objects = json.loads(first)["objects"]
    types = {o["type"] for o in objects}
    assert {"report", "identity", "location", "relationship"} <= types
    with open_store(str(corpus_db)) as store:
        articles = store.stats()["articles"]
    assert sum(o["type"] == "report" for o in objects) == articles
    refs = {o["id"] for o in objects}
    for report in (o for o in objects if o["type"] == "report"):
        assert set(report["object_refs"]) <= refs  # every reference is in the bundle
    again = json.loads(_export(corpus_db, "--format", "stix"))["objects"]
    assert [o["id"] for o in again] == [o["id"] for o in objects]
    assert again == objects  # same objects, same times: a consumer updates, never duplicates


def test_kazakhstan_is_a_location_with_its_country_code(corpus_db: Path) -> None:
    objects = json.loads(_export(corpus_db, "--format", "stix"))["objects"]
    places = {o["name"]: o["country"] for o in objects if o["type"] == "location"}
    assert places.get("Казахстан") == "KZ"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_reads_back_with_weights_and_dates(corpus_db: Path, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"g.{fmt}"
    _export(corpus_db, "--format", fmt, "-o", str(path))
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert graph.number_of_edges() > 0
    heaviest = max(graph.edges(data=True), key=lambda e: int(e[2]["weight"]))
    assert int(heaviest[2]["weight"]) > 1
    assert heaviest[2]["first"] <= heaviest[2]["last"]
    labels = {d.get("label") for _, d in graph.nodes(data=True)}
    assert "ОДКБ" in labels


def test_csv_follows_the_search_filters(corpus_db: Path) -> None:
    everything = list(csv.DictReader(io.StringIO(_export(corpus_db, "--format", "csv"))))
    found = list(csv.DictReader(io.StringIO(_export(corpus_db, "ОДКБ", "--format", "csv"))))
    with open_store(str(corpus_db)) as store:
        hits = store.search("ОДКБ", limit=1000)
        since = [r["id"] for r in store.export_articles(since="2024-10-01")]
    assert 0 < len(found) < len(everything)
    assert sorted(int(r["id"]) for r in found) == sorted(h.id for h in hits)
    dated = list(
        csv.DictReader(io.StringIO(_export(corpus_db, "--format", "csv", "--since", "2024-10-01")))
    )
    assert [int(r["id"]) for r in dated] == since
    assert all(r["published"][:10] >= "2024-10-01" for r in dated)


def test_jsonl_quotes_events_and_entities(corpus_db: Path) -> None:
    quotes = [json.loads(x) for x in _export(corpus_db, "--format", "jsonl", "--kind", "quotes")
              .splitlines()]  # fmt: skip
    assert quotes and all(q["text"] for q in quotes)
    events = _export(corpus_db, "--format", "jsonl", "--kind", "events").splitlines()
    assert events and all("participants" in json.loads(x) for x in events)
    entities = list(
        csv.DictReader(io.StringIO(_export(corpus_db, "--format", "csv", "--kind", "entities")))
    )
    top = entities[0]
    assert int(top["articles"]) >= int(entities[-1]["articles"])
    assert top["first"] <= top["last"]


def test_bad_query_is_one_line_and_no_file(corpus_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    result = CliRunner().invoke(
        main, ["export", '"unclosed', "--format", "csv", "-o", str(out), "--db", str(corpus_db)]
    )
    assert result.exit_code == 2
    assert "unbalanced quote" in result.output
    assert not out.exists()


def test_export_streams_in_pages(corpus_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from obzor.store import exports

    monkeypatch.setattr(exports, "PAGE", 3)  # several pages over the 38 articles
    with open_store(str(corpus_db)) as store:
        ids = [r["id"] for r in store.export_articles()]
        lines = list(chunks("jsonl", store.export_articles(), store))
    assert ids == sorted(ids) and len(ids) == len(set(ids)) > 3
    assert [json.loads(x)["id"] for x in lines] == ids


def test_api_export_matches_the_cli(corpus_db: Path, tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    import shutil

    from fastapi.testclient import TestClient

    from obzor.api import create_app

    path = tmp_path / "api.db"
    shutil.copy(corpus_db, path)
    with open_store(str(path)) as store:
        token = store.add_user("viewer", "viewer")
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(f"sqlite:///{path}")) as client:
        assert client.get("/api/export?format=csv").status_code == 401
        r = client.get("/api/export", params={"format": "csv", "q": "ОДКБ"}, headers=auth)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/csv")
        _export(path, "ОДКБ", "--format", "csv", "-o", str(tmp_path / "cli.csv"))
        assert r.content == (tmp_path / "cli.csv").read_bytes()
        stix = client.get("/api/export", params={"format": "stix"}, headers=auth)
        assert any(o["type"] == "report" for o in stix.json()["objects"])
        bad = client.get("/api/export", params={"format": "csv", "since": "2024"}, headers=auth)
        assert bad.status_code == 422  # the API calls it date_from: no silently ignored filter
        assert client.get("/api/export?format=pdf", headers=auth).status_code == 422
        query = client.get("/api/export", params={"format": "csv", "q": "(a"}, headers=auth)
        assert query.status_code == 400
