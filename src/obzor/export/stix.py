"""STIX 2.1 bundles through the stix2 library: a report per article, referencing an identity
per outlet, person and organisation, a location per place the knowledge base puts in a state,
and related-to relationships between the participants of an extracted event.

Ids are uuid5 of stable keys (article content, KB id or entity key), and created/modified come
from the data, so exporting the same base again gives the same objects: a consumer updates
them instead of adding copies. The bundle is written object by object, never held whole.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from obzor.kb.loader import Entry, load_kb

if TYPE_CHECKING:
    from obzor.export import Rows

# The uuid5 namespace of every obzor STIX id (itself uuid5(NAMESPACE_URL, "obzor")).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://obzor/stix")
# Objects that describe entities, not a moment, carry this fixed time: a re-export is identical.
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
# ISO 3166-1 alpha-2 codes of the KB's states (STIX location.country).
COUNTRIES = {
    "Q232": "KZ", "Q159": "RU", "Q184": "BY", "Q813": "KG", "Q863": "TJ", "Q399": "AM",
    "Q265": "UZ", "Q874": "TM", "Q227": "AZ", "Q148": "CN", "Q668": "IN", "Q843": "PK",
    "Q794": "IR", "Q711": "MN", "Q889": "AF", "Q230": "GE", "Q217": "MD", "Q212": "UA",
    "Q30": "US", "Q43": "TR", "Q801": "IL", "Q858": "SY",
}  # fmt: skip
PRODUCER = "obzor"


def stix_id(kind: str, key: str) -> str:
    """A deterministic STIX id: kind--uuid5(NAMESPACE, kind:key)."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def _time(value: str | None) -> datetime:
    """An ISO date or datetime as an aware datetime; EPOCH when missing or unreadable."""
    if not value:
        return EPOCH
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return EPOCH
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def country(entry: Entry | None) -> str | None:
    """The ISO code of the state an entry is or lies in (part_of chain), or None."""
    kb = load_kb()
    for _ in range(5):  # city -> region -> state at most
        if entry is None:
            return None
        if entry.id in COUNTRIES:
            return COUNTRIES[entry.id]
        parent = entry.facts.get("part_of")
        entry = kb.get(parent) if parent else None
    return None


class _Objects:
    """Builds each STIX object once per bundle (shared objects by id)."""

    def __init__(self) -> None:
        import stix2

        self.stix2 = stix2
        self.seen: set[str] = set()
        self.producer = stix2.Identity(
            id=stix_id("identity", PRODUCER), name=PRODUCER, identity_class="system",
            created=EPOCH, modified=EPOCH,
        )  # fmt: skip

    def entity(self, e: dict[str, Any]) -> Any | None:
        """The identity or location of an entity, or None when STIX has no place for it."""
        stix2 = self.stix2
        common = {"created": EPOCH, "modified": EPOCH, "created_by_ref": self.producer.id}
        if e["type"] == "PER":
            return stix2.Identity(id=stix_id("identity", e["key"]), name=e["name"],
                                  identity_class="individual", **common)  # fmt: skip
        if e["type"] == "ORG":
            return stix2.Identity(id=stix_id("identity", e["key"]), name=e["name"],
                                  identity_class="organization", **common)  # fmt: skip
        if e["type"] == "LOC":
            code = country(load_kb().get(e["kb_id"]) if e["kb_id"] else None)
            if code is None:
                return None  # STIX needs a country, region or coordinates
            return stix2.Location(id=stix_id("location", e["key"]), name=e["name"],
                                  country=code, **common)  # fmt: skip
        return None

    def outlet(self, name: str) -> Any:
        return self.stix2.Identity(
            id=stix_id("identity", f"outlet:{name}"), name=name, identity_class="organization",
            sectors=["communications"], created=EPOCH, modified=EPOCH,
            created_by_ref=self.producer.id,
        )  # fmt: skip

    def new(self, obj: Any) -> bool:
        """True the first time obj's id is seen in this bundle."""
        if obj.id in self.seen:
            return False
        self.seen.add(obj.id)
        return True


def objects(articles: Iterable[dict[str, Any]]) -> Iterator[Any]:
    """The STIX objects for the articles, shared ones before the first report using them."""
    made = _Objects()
    yield made.producer
    for article in articles:
        refs: list[str] = []
        by_key: dict[str, str] = {}
        for e in article["entities"]:
            obj = made.entity(e)
            if obj is None:
                continue
            by_key[e["kb_id"] or e["name"]] = obj.id
            refs.append(obj.id)
            if made.new(obj):
                yield obj
        if article["outlet"]:
            outlet = made.outlet(article["outlet"])
            refs.append(outlet.id)
            if made.new(outlet):
                yield outlet
        when = _time(article["ingested_at"])
        for rel in _event_links(made, article, by_key, when):
            refs.append(rel.id)
            yield rel
        published = _time(article["published"] or article["ingested_at"])
        yield made.stix2.Report(
            id=stix_id("report", f"article:{article['source']}:{article['id']}"),
            name=article["title"] or f"article {article['id']}",
            published=published,
            created=min(published, when),
            modified=when,
            created_by_ref=made.producer.id,
            report_types=["threat-report"] if article["threats"] else ["observed-data"],
            labels=[t["category"] for t in article["threats"]] or None,
            object_refs=list(dict.fromkeys(refs)) or [made.producer.id],
            lang=article["language"] or None,
            external_references=[{"source_name": article["outlet"] or "source",
                                  "url": article["url"]}] if article["url"] else None,
        )  # fmt: skip


def _event_links(
    made: _Objects, article: dict[str, Any], by_key: dict[str, str], when: datetime
) -> Iterator[Any]:
    """related-to between the participants of each event the article reports."""
    for event in article.get("events", []):
        ids = [by_key[k] for p in event["participants"] if (k := p.get("id") or p.get("name"))
               in by_key]  # fmt: skip
        ids = sorted(set(ids))
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                yield made.stix2.Relationship(
                    id=stix_id("relationship", f"{a}:{b}:{event['type']}:{article['id']}"),
                    relationship_type="related-to", source_ref=a, target_ref=b,
                    description=f"{event['type']}: {event['name'] or ''}".strip(": "),
                    created=when, modified=when, created_by_ref=made.producer.id,
                )  # fmt: skip


def bundle(articles: Iterable[dict[str, Any]], store: Rows) -> Iterator[str]:
    """A STIX 2.1 bundle as JSON text, written object by object."""
    try:
        import stix2  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise RuntimeError("STIX exports need stix2: pip install 'obzor[export]'") from None

    def with_events() -> Iterator[dict[str, Any]]:
        for article in articles:
            yield article | {"events": store.export_events(article["id"])}

    # The bundle id names the export, not its moment: uuid4 as STIX 2.1 asks for bundles.
    yield json.dumps({"type": "bundle", "id": f"bundle--{uuid.uuid4()}"})[:-1] + ', "objects": ['
    sep = "\n"
    for obj in objects(with_events()):
        yield sep + obj.serialize()
        sep = ",\n"
    yield "\n]}\n"
