"""The web forms: saved searches, alerts, notes, the entity browser, export downloads and the
admin page; every POST needs the CSRF token and the role the API asks for; text is escaped."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from obzor.api import create_app
from obzor.settings import Settings
from obzor.store import open_store

EVIL = "<script>window.pwned=1</script>"


@pytest.fixture(scope="module")
def site(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    path = tmp_path_factory.mktemp("forms") / "forms.db"
    shutil.copy(corpus_db, path)
    url = f"sqlite:///{path}"
    with open_store(url) as db:
        tokens = {role: db.add_user(role, role) for role in ("viewer", "analyst", "admin")}
        tokens["other"] = db.add_user("other", "analyst")
    # a deadline far beyond any real search: a loaded test machine must not turn a search into 503
    relaxed = Settings.load(env={}, db=url, search_deadline_ms=60_000)
    with TestClient(create_app(url, settings=relaxed)) as client:
        yield {"client": client, "url": url, "tokens": tokens}


def csrf_of(client: Any) -> str:
    page = client.get("/login").text
    return str(page.split('name="csrf" value="', 1)[1].split('"', 1)[0])


def as_user(site: dict[str, Any], role: str) -> Any:
    """The test client logged in as the user of that role (cookies replaced)."""
    client = site["client"]
    client.cookies.clear()
    r = client.post("/login", data={"token": site["tokens"][role], "csrf": csrf_of(client)},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    return client


def post(client: Any, path: str, **data: str) -> Any:
    """A form POST with the visitor's CSRF token."""
    return client.post(path, data={"csrf": csrf_of(client), **data}, follow_redirects=False)


def test_work_pages_follow_the_api_roles(site: dict[str, Any]) -> None:
    viewer = as_user(site, "viewer")
    for page in ("/saved", "/alerts", "/admin"):
        assert viewer.get(page).status_code == 403, page
    assert post(viewer, "/saved", name="x", q="ОДКБ").status_code == 403
    assert post(viewer, "/alerts", name="x", q="ОДКБ").status_code == 403
    assert post(viewer, "/articles/1/notes", note="x").status_code == 403
    assert viewer.get("/entities").status_code == 200  # reading is a viewer's
    nav = viewer.get("/").text
    assert 'href="/alerts"' not in nav and 'href="/admin"' not in nav
    analyst = as_user(site, "analyst")
    assert analyst.get("/admin").status_code == 403
    assert post(analyst, "/admin/users", name="x", role="admin").status_code == 403
    assert 'href="/alerts"' in analyst.get("/").text
    site["client"].cookies.clear()
    r = site["client"].get("/alerts", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"


def test_every_form_needs_the_csrf_token(site: dict[str, Any]) -> None:
    client = as_user(site, "admin")
    forms = [
        ("/saved", {"name": "x", "q": "ОДКБ"}),
        ("/alerts", {"name": "x", "q": "ОДКБ"}),
        ("/articles/1/notes", {"note": "x"}),
        ("/admin/users", {"name": "x", "role": "viewer"}),
        ("/admin/sources", {"name": "x", "url": "https://example.org/rss"}),
    ]
    for url, data in forms:
        assert client.post(url, data=data).status_code == 403, url
        assert client.post(url, data={**data, "csrf": "forged"}).status_code == 403, url
    with open_store(site["url"]) as db:
        assert not db.alerts() and [u["name"] for u in db.users()].count("x") == 0


def test_save_a_search_run_it_and_remove_it(site: dict[str, Any]) -> None:
    client = as_user(site, "analyst")
    page = client.get("/search?q=ОДКБ&language=ru").text
    assert 'action="/saved"' in page and 'name="language" value="ru"' in page
    r = post(client, "/saved", name=f"ОДКБ {EVIL}", q="ОДКБ", language="ru")
    assert r.status_code == 303 and r.headers["location"] == "/saved"
    listing = client.get("/saved").text
    assert EVIL not in listing and "&lt;script&gt;" in listing
    link = re.search(r'<a href="(/search\?[^"]+)">ОДКБ &lt;script', listing)
    assert link is not None
    run = client.get(link.group(1).replace("&amp;", "&")).text
    assert "Язык: ru" in run
    # another analyst neither sees nor removes it
    with open_store(site["url"]) as db:
        mine = db.saved_searches(db.authenticate(site["tokens"]["analyst"])["id"])  # type: ignore[index]
    other = as_user(site, "other")
    assert "ОДКБ &lt;script" not in other.get("/saved").text
    assert post(other, f"/saved/{mine[0]['id']}/remove").status_code == 404
    client = as_user(site, "analyst")
    assert post(client, f"/saved/{mine[0]['id']}/remove").status_code == 303
    assert "ОДКБ &lt;script" not in client.get("/saved").text
    assert post(client, "/saved", name="", q="ОДКБ").status_code == 400
    bearer = {"Authorization": f"Bearer {site['tokens']['analyst']}"}
    made = client.post("/api/saved-searches", json={"name": "via-api", "q": "ШОС"}, headers=bearer)
    one = f"/api/saved-searches/{made.json()['id']}"
    assert "via-api" in client.get("/saved").text
    assert client.delete(one, headers=bearer).status_code == 200
    assert "via-api" not in client.get("/saved").text
    assert client.delete(one, headers=bearer).status_code == 404
    assert post(client, "/saved", name="bad", q="x", date_from="yesterday").status_code == 400


def test_alerts_add_list_test_and_remove(site: dict[str, Any]) -> None:
    client = as_user(site, "analyst")
    form = client.get("/alerts?name=csto&q=ОДКБ").text
    assert 'value="csto"' in form and 'value="ОДКБ"' in form
    r = post(client, "/alerts", name="csto", q="ОДКБ", threat="", webhook="", email="")
    assert r.status_code == 303
    listing = client.get("/alerts").text
    assert "csto" in listing and "/api/alerts/csto/feed" in listing
    bad = post(client, "/alerts", name="broken", q='"unclosed', webhook="ftp://x")
    assert bad.status_code == 400 and 'class="error"' in bad.text
    assert 'value="broken"' in bad.text  # the form comes back filled
    daily = post(client, "/alerts", name="csto-daily", q="ОДКБ", email="desk@example.org",
                 digest="daily")  # fmt: skip
    assert daily.status_code == 303 and "сводкой раз в день" in client.get("/alerts").text
    bearer = {"Authorization": f"Bearer {site['tokens']['analyst']}"}
    api = client.post("/api/alerts", json={"name": "csto-hourly", "q": "ОДКБ", "digest": "hourly"},
                      headers=bearer)  # fmt: skip
    assert api.status_code == 201
    with open_store(site["url"]) as db:
        assert db.alert("csto-daily")["digest"] == "daily"  # type: ignore[index]
        assert db.alert("csto-hourly")["digest"] == "hourly"  # type: ignore[index]
    assert post(client, "/alerts", name="weekly", q="ОДКБ", digest="weekly").status_code == 400
    dup = post(client, "/alerts", name="csto", q="ОДКБ")
    assert dup.status_code == 400 and "already exists" in dup.text
    test = client.get("/alerts/test?name=csto").text
    with open_store(site["url"]) as db:
        expected = sum(1 for _ in db.export_articles("ОДКБ"))
        assert db.alert("csto") is not None
    assert expected > 0 and f"<strong>{expected}</strong>" in test
    assert test.count('class="hit"') == min(expected, 10)
    assert post(client, "/alerts/remove", name="csto").status_code == 303
    assert client.get("/alerts/test?name=csto").status_code == 404
    with open_store(site["url"]) as db:
        assert db.alert("csto") is None


def test_annotate_an_article(site: dict[str, Any]) -> None:
    client = as_user(site, "analyst")
    page = client.get("/articles/1").text
    assert 'action="/articles/1/notes"' in page
    r = post(client, "/articles/1/notes", note=f"проверить {EVIL}")
    assert r.status_code == 303 and r.headers["location"] == "/articles/1#notes"
    page = client.get("/articles/1").text
    assert "проверить &lt;script&gt;" in page and EVIL not in page
    assert post(client, "/articles/1/notes", note="  ").status_code == 400
    assert post(client, "/articles/999999/notes", note="x").status_code == 404
    viewer = as_user(site, "viewer")
    page = viewer.get("/articles/1").text
    assert "проверить &lt;script&gt;" in page and 'action="/articles/1/notes"' not in page


def test_entity_browser_by_name_type_country_and_kb_id(site: dict[str, Any]) -> None:
    client = as_user(site, "viewer")
    with open_store(site["url"]) as db:
        top = db.entities(limit=500)
    kb_people = [e for e in top if e["type"] == "PER" and e["kb_id"]]
    assert kb_people, "the sample corpus names a KB person"
    person = kb_people[0]
    page = client.get("/entities", params={"q": person["name"].split()[-1].lower()}).text
    assert f">{person['name']}</a>" in page
    by_id = client.get("/entities", params={"kb": person["kb_id"]}).text
    assert by_id.count('class="hl entity') == 1 and f">{person['name']}</a>" in by_id
    people = client.get("/entities", params={"type": "PER"}).text
    assert 'class="hl entity PER"' in people and 'class="hl entity LOC"' not in people
    kz = client.get("/entities", params={"country": "Q232"}).text
    names = re.findall(r'class="hl entity \w+" href="[^"]+">([^<]+)</a>', kz)
    kz_ids = {e["name"]: e["kb_id"] for e in top if e["kb_id"]}
    assert "Казахстан" in names and "Россия" not in names
    assert all(n in kz_ids for n in names)  # only KB entities belong to a country
    assert client.get("/entities", params={"type": "XYZ"}).status_code == 422
    empty = client.get("/entities", params={"q": "%_"}).text
    assert 'class="hl entity' not in empty  # LIKE's wildcards are taken literally


def test_export_buttons_download_what_the_page_shows(site: dict[str, Any]) -> None:
    client = as_user(site, "viewer")
    page = client.get("/search?q=ОДКБ").text
    links = dict(re.findall(r'data-format="(\w+)" href="([^"]+)"', page))
    assert set(links) == {"csv", "jsonl", "stix", "graphml", "gexf"}
    r = client.get(links["csv"].replace("&amp;", "&"))
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    bearer = {"Authorization": f"Bearer {site['tokens']['viewer']}"}
    found = client.get("/api/search", params={"q": "ОДКБ", "limit": 1}, headers=bearer).json()
    assert len(rows) == found["total"] > 0
    stix = json.loads(client.get(links["stix"].replace("&amp;", "&")).text)
    assert stix["type"] == "bundle" and any(o["type"] == "report" for o in stix["objects"])
    # a filter the search page has and the export did not (language) narrows the download
    ru = client.get("/export", params={"format": "csv", "q": "ОДКБ", "language": "en"})
    assert len(list(csv.DictReader(io.StringIO(ru.text)))) < len(rows)
    assert client.get("/export", params={"format": "csv", "q": '"x'}).status_code == 400
    assert client.get("/export", params={"format": "pdf"}).status_code == 422


def test_story_and_entity_pages_export_their_articles(site: dict[str, Any]) -> None:
    client = as_user(site, "viewer")
    with open_store(site["url"]) as db:
        story = db.stories(limit=1, min_size=2)[0]
        members = {a if isinstance(a, int) else a["id"] for a in db.story(story["id"])["articles"]}  # type: ignore[index]
    page = client.get(f"/stories/{story['id']}").text
    link = re.search(r'data-format="jsonl" href="([^"]+)"', page)
    assert link is not None
    lines = client.get(link.group(1).replace("&amp;", "&")).text.splitlines()
    assert {json.loads(x)["id"] for x in lines} == members
    entity = client.get("/entities/Казахстан").text
    link = re.search(r'data-format="csv" href="([^"]+)"', entity)
    assert link is not None and "entity=Q232" in link.group(1)
    assert len(client.get(link.group(1).replace("&amp;", "&")).text.splitlines()) > 1


def test_admin_users_tokens_and_sources(site: dict[str, Any]) -> None:
    client = as_user(site, "admin")
    page = client.get("/admin").text
    assert ">analyst<" in page and 'action="/admin/users"' in page
    r = post(client, "/admin/users", name=f"new {EVIL}", role="viewer")
    assert r.status_code == 201 and EVIL not in r.text
    token = re.search(r'<code id="issued-token">([^<]+)</code>', r.text)
    assert token is not None
    with open_store(site["url"]) as db:
        assert db.authenticate(token.group(1))["name"] == f"new {EVIL}"  # type: ignore[index]
        token_id = db.tokens(f"new {EVIL}")[0]["id"]
    assert post(client, f"/admin/tokens/{token_id}/revoke").status_code == 303
    with open_store(site["url"]) as db:
        assert db.authenticate(token.group(1)) is None
    again = post(client, "/admin/users/token", name=f"new {EVIL}")
    assert again.status_code == 201 and 'id="issued-token"' in again.text
    assert post(client, "/admin/users/remove", name=f"new {EVIL}").status_code == 303
    with open_store(site["url"]) as db:
        assert f"new {EVIL}" not in {u["name"] for u in db.users()}
    assert post(client, "/admin/users/remove", name="admin").status_code == 400  # not oneself
    assert post(client, "/admin/users/remove", name="nobody").status_code == 404
    assert post(client, "/admin/users", name="bad", role="root").status_code == 400
    r = post(client, "/admin/sources", name="tengri", url="https://tengrinews.kz/rss/",
             kind="rss", reliability="B", country="KZ", language="ru")  # fmt: skip
    assert r.status_code == 303
    with open_store(site["url"]) as db:
        src = {s["name"]: s for s in db.list_sources()}
    assert src["tengri"]["reliability"] == "B"
    assert "tengrinews.kz" in client.get("/admin").text
    assert post(client, "/admin/sources", name="bad", url="file:///etc/passwd").status_code == 400
    assert post(client, "/admin/sources/remove", name="tengri").status_code == 303
    with open_store(site["url"]) as db:
        assert "tengri" not in {s["name"] for s in db.list_sources()}


def test_search_sorts_by_relevance_or_date_in_api_and_page(site: dict[str, Any]) -> None:
    client = as_user(site, "viewer")
    bearer = {"Authorization": f"Bearer {site['tokens']['viewer']}"}
    ask = {"q": "Казахстан", "limit": 100}
    best = client.get("/api/search", params=ask, headers=bearer).json()
    newest = client.get("/api/search", params={**ask, "sort": "date"}, headers=bearer).json()
    assert newest["sort"] == "date" and newest["total"] == best["total"] > 10
    days = [h["published"] for h in newest["items"] if h["published"]]
    assert days == sorted(days, reverse=True)
    assert [h["id"] for h in newest["items"]] != [h["id"] for h in best["items"]]
    bad = client.get("/api/search", params={**ask, "sort": "alpha"}, headers=bearer)
    assert bad.status_code == 422
    page = client.get("/search", params={"q": "Казахстан", "sort": "date"}).text
    ids = [int(i) for i in re.findall(r'<a class="title" href="/articles/(\d+)">', page)]
    assert ids == [h["id"] for h in newest["items"]][: len(ids)] and ids
    assert 'name="sort" value="date"' in page  # a new query keeps the order
    facets = page.split('<aside class="facets">', 1)[1]
    assert "sort=date" in facets  # narrowing keeps the order


def test_english_pages_name_kb_entities_in_english(site: dict[str, Any]) -> None:
    client = as_user(site, "viewer")
    ru = client.get("/entities?q=Токаев&lang=ru").text
    assert ">Касым-Жомарт Токаев</a>" in ru
    en = client.get("/entities?q=Токаев&lang=en").text
    assert ">Kassym-Jomart Tokayev</a>" in en and 'href="/entities/' in en
    page = client.get("/entities/Казахстан?lang=en").text
    assert "<h1>Kazakhstan</h1>" in page
    dashboard = client.get("/?lang=en").text
    assert ">Kazakhstan</a>" in dashboard and ">Казахстан</a>" not in dashboard
    client.get("/?lang=ru")


def test_entity_search_is_one_answer_in_web_api_and_cli(site: dict[str, Any]) -> None:
    from click.testing import CliRunner

    from obzor.cli import main

    client = as_user(site, "viewer")
    bearer = {"Authorization": f"Bearer {site['tokens']['viewer']}"}
    for ask in ({"country": "Q232", "type": "PER"}, {"q": "tokayev"}, {"kb": "Q232"}):
        api = client.get("/api/entities", params={**ask, "limit": 50}, headers=bearer).json()
        web = client.get("/entities", params=ask).text
        shown = re.findall(r'class="hl entity \w+" href="[^"]+">([^<]+)</a>', web)
        assert [e["name"] for e in api["items"]] == shown and shown, ask
        flags = {"country": "--country", "type": "--type", "q": "--name", "kb": "--kb"}
        args = [x for k, v in ask.items() for x in (flags[k], v)]
        cli = CliRunner().invoke(main, ["entities", *args, "--json", "--db", site["url"]])
        assert cli.exit_code == 0, cli.output
        assert [e["name"] for e in json.loads(cli.output)] == shown


def test_event_and_entity_types_have_names_in_both_languages(site: dict[str, Any]) -> None:
    from obzor.nlp.event_types import event_types
    from obzor.web import i18n

    for lang, strings in i18n.messages().items():
        missing = [e.id for e in event_types() if f"event_{e.id}" not in strings]
        assert not missing, (lang, missing)
        assert all(f"type_{t}" in strings for t in ("PER", "ORG", "LOC")), lang
    client = as_user(site, "viewer")
    with open_store(site["url"]) as db:
        found = db.conn.exec_driver_sql(
            "SELECT article_id FROM events WHERE type = 'exercise' LIMIT 1"
        ).all()
    page = client.get(f"/articles/{found[0][0]}?lang=ru").text
    assert "<strong>Учения</strong>" in page and "<strong>exercise</strong>" not in page
    assert "<strong>Exercise</strong>" in client.get(f"/articles/{found[0][0]}?lang=en").text
    client.get("/?lang=ru")
