"""Near-duplicates: MinHash signatures over lemma 3-shingles and an LSH band index."""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

# 64 hash functions estimate a Jaccard similarity to within about +-0.06, enough to tell a
# copy (>= 0.8) from a rewrite (< 0.5), at 512 bytes per article.
SIGNATURE_SIZE = 64
# 16 bands of 4 rows: two texts with Jaccard 0.6 share a band with probability 0.9, at 0.3
# with 0.12; candidates are then checked against the exact threshold.
BANDS, ROWS = 16, 4
SHINGLE = 3  # word 3-grams: word order matters, a changed sentence changes few shingles
_PRIME = (1 << 61) - 1


@lru_cache(maxsize=1)
def _hashing() -> tuple[Any, ...]:
    """The hash functions' constants, made on first use: a command that only reads stories
    starts without numpy (about 0.08 s)."""
    import numpy as np

    rng = np.random.default_rng(20240501)  # fixed seed: signatures must be stable across runs
    a = rng.integers(1, 1 << 31, SIGNATURE_SIZE, dtype=np.uint64)
    b = rng.integers(0, 1 << 31, SIGNATURE_SIZE, dtype=np.uint64)
    top = np.uint64((1 << 32) - 1)
    k1, k2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)  # odd multipliers
    return a, b, top, k1, k2


@lru_cache(maxsize=200_000)
def _word_id(word: str) -> int:
    """A stable 32-bit id per word (CRC32: unlike hash(), the same in every process)."""
    return zlib.crc32(word.encode("utf-8"))


def shingles(lemmas: list[str]) -> np.ndarray:
    """Distinct 32-bit hashes of the word 3-grams of a lemma list (the text if shorter)."""
    import numpy as np

    _, _, top, k1, k2 = _hashing()
    ids = np.fromiter((_word_id(w) for w in lemmas), dtype=np.uint64, count=len(lemmas))
    if len(ids) < SHINGLE:
        return np.unique(ids[:1] + ids[1:].sum()) if len(ids) else ids
    # Combine three word ids with odd multipliers (uint64 arithmetic wraps), fold to 32 bits.
    mixed = ids[:-2] * k1 + ids[1:-1] * k2 + ids[2:]
    return np.unique((mixed >> np.uint64(32)) ^ (mixed & top))


def minhash(lemmas: list[str]) -> tuple[tuple[int, ...], int]:
    """The MinHash signature of a lemma list and its number of distinct shingles."""
    found = shingles(lemmas)
    if not len(found):
        return (), 0
    import numpy as np

    a, b, top, _, _ = _hashing()
    # (a*x + b) mod 2^32 per hash function; uint64 wraps, the mask keeps 32 bits.
    hashed = (np.outer(a, found) + b[:, None]) & top
    return tuple(int(v) for v in hashed.min(axis=1)), len(found)


def jaccard(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """The Jaccard similarity two signatures estimate (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return sum(1 for x, y in zip(a, b, strict=True) if x == y) / len(a)


def containment(j: float, size_a: int, size_b: int) -> float:
    """How much of the shorter text the longer one holds, from Jaccard and the two sizes."""
    if j <= 0 or not size_a or not size_b:
        return 0.0
    shared = j * (size_a + size_b) / (1 + j)
    return min(1.0, shared / min(size_a, size_b))


class LSHIndex:
    """Signatures by band: texts sharing a band are near-duplicate candidates."""

    def __init__(self) -> None:
        self.buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)

    @staticmethod
    def _keys(signature: tuple[int, ...]) -> Iterable[tuple[int, tuple[int, ...]]]:
        if len(signature) != SIGNATURE_SIZE:
            return ()
        return ((b, signature[b * ROWS : (b + 1) * ROWS]) for b in range(BANDS))

    def add(self, key: int, signature: tuple[int, ...]) -> None:
        for band in self._keys(signature):
            self.buckets[band].append(key)

    def remove(self, key: int, signature: tuple[int, ...]) -> None:
        for band in self._keys(signature):
            bucket = self.buckets.get(band)
            if bucket is not None and key in bucket:
                bucket.remove(key)
                if not bucket:
                    del self.buckets[band]

    def candidates(self, signature: tuple[int, ...]) -> set[int]:
        """Keys sharing at least one band with signature."""
        found: set[int] = set()
        for band in self._keys(signature):
            found.update(self.buckets.get(band, ()))
        return found
