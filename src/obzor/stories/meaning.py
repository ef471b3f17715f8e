"""Word-vector meaning of a report: the mean navec vector of its lemmas (natasha's wheel ships
navec's news embedding, so nothing is downloaded)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

# numpy is imported where a vector is made: a command that only reads stories starts without it.
Vector: TypeAlias = "NDArray[np.float32]"


@lru_cache(maxsize=1)
def embedding() -> Any:
    """natasha's NewsEmbedding (navec news v1, 250,000 words x 300), loaded once per process."""
    from natasha import NewsEmbedding

    return NewsEmbedding()


def mean_vector(words: Iterable[str]) -> Vector | None:
    """The L2-normalized mean of the words' vectors; None when no word is in the vocabulary."""
    import numpy as np

    get = embedding().get
    found = [v for v in map(get, words) if v is not None]
    if not found:
        return None
    mean = np.mean(found, axis=0).astype(np.float32)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else None


def similarity(a: Vector | None, b: Vector | None) -> float:
    """Cosine of two normalized mean vectors (0 when either is missing)."""
    return 0.0 if a is None or b is None else float(a @ b)
