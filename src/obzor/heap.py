"""Python's cycle collector in a process that analyses: fewer passes over a large heap.

Analysis makes about ten thousand short-lived strings, tuples and lists an article (CRF
features, tokens, rows) while the process holds millions of long-lived objects: the loaded
models, the knowledge base and the caches of words, chunks and parses (hundreds of thousands
of entries each). With Python's default thresholds a young-generation pass runs every 700
allocations, every tenth of them walks the middle generation and every hundredth may walk the
whole heap, models and caches included: about a tenth of ingest's CPU on RIA news
(docs/scale.md, "Pipeline speed"). Nothing analysed changes: the collector only frees garbage
that refers to itself, and it still does, less often.
"""

from __future__ import annotations

import gc

# Allocations between two young-generation passes (Python's default: 700). A young pass walks
# only the young objects, so a larger one costs the same per object, runs 28 times less often
# and so brings the middle and full passes 28 times less often too; 20,000 young objects are
# a few MB at most.
YOUNG = 20_000


def space_out_collections() -> None:
    """Run the collector's passes less often in this process (its thresholds; idempotent)."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG), middle, old)
