"""What search --entity NAME costs to find the entities a name means, as the entities table
grows: the lookup before revision 0019 (find(), then every entity's name folded by name_key
and its words compared in Python, on every search) beside store.entity_ids (find(), then the
words matched in SQL on entities.name_key), on one base of N synthetic person entities, in
turns; find()'s own cost (its last resort reads every entity's name) apart.

    python bench/entity_ids.py [--entities 200000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import insert, select

from obzor.store import Store, open_store
from obzor.store.entities import find, rekey
from obzor.store.schema import entities as ent
from obzor.text import name_key

FIRST = ("Иван", "Пётр", "Анна", "Асель", "Нурлан", "Ольга", "Жан-Ив", "Айгерим")
QUERIES = ("Петров", "Асель Касымова", "жан ив", "Никто Никакой")
REPEATS = 5


def before_0019(store: Store, entity: str) -> list[int]:
    """The filter's lookup as it was: find(), then every entity read and compared in Python."""
    words = name_key(entity).split()
    n = len(words)
    linked = find(store.conn, entity)
    found = {linked} if linked is not None else set()
    for entity_id, name, kb_id in store.conn.execute(select(ent.c.id, ent.c.name, ent.c.kb_id)):
        have = name_key(name).split()
        if kb_id == entity.strip() or any(
            have[i : i + n] == words for i in range(len(have) - n + 1)
        ):
            found.add(int(entity_id))
    return sorted(found)


def timed(call: Callable[[], object]) -> list[float]:
    out = []
    for _ in range(REPEATS):
        start = time.process_time()
        call()
        out.append((time.process_time() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entities", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'entities.db'}"
        with open_store(url) as store, store.write():
            rows = [
                {"key": f"PER:{i}", "type": "PER", "name": f"{FIRST[i % 8]} Фамилия{i // 8}"}
                for i in range(args.entities)
            ]
            rows[::97] = [
                {"key": f"PER:p{i}", "type": "PER", "name": n}
                for i, n in enumerate(["Иван Петров", "Асель Касымова", "Жан-Ив Ле Дриан"] * 9999)
            ][: len(rows[::97])]
            store.conn.execute(insert(ent), rows)
            rekey(store.conn)
        with open_store(url) as store:
            print(f"{args.entities:,} entities; CPU ms per lookup, {REPEATS} runs per name")
            head = ("find() p50", "before p50", "max", "after p50", "max")
            print(f"{'name':16}" + "".join(f"{h:>11}" for h in head) + "  same")
            for q in QUERIES:
                alone = timed(lambda q=q: find(store.conn, q))
                old = timed(lambda q=q: before_0019(store, q))
                new = timed(lambda q=q: store.entity_ids(q))
                same = before_0019(store, q) == store.entity_ids(q)
                cells = [statistics.median(alone), statistics.median(old), max(old)]
                cells += [statistics.median(new), max(new)]
                print(f"{q:16}" + "".join(f"{c:11.1f}" for c in cells) + f"  {same}")


if __name__ == "__main__":
    main()
