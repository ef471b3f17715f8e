"""slovnet's CRF decoding (the best tag path), the same answer with a quarter of the work.

slovnet decodes a padded batch step by step, with about a dozen numpy calls per token
(indices, where, reshapes); obzor tags one text at a time, so each sequence is decoded over
its own tokens with five. The arithmetic is slovnet's, in its order and in float32, and ties
go to the first tag as with its argmax: the paths are identical (tests/test_viterbi.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray


def best_paths(
    emissions: NDArray[np.float32], mask: NDArray[np.bool_], transitions: NDArray[np.float32]
) -> list[NDArray[np.intp]]:
    """The best tag path of each sequence in a (batch x tokens x tags) batch; mask marks real
    tokens (padding follows them)."""
    tags = transitions.shape[0]
    columns = np.arange(tags)
    paths = []
    for row, size in zip(emissions, mask.sum(axis=1), strict=True):
        score = row[0]
        history = np.empty((max(int(size) - 1, 0), tags), dtype=np.intp)
        for i in range(1, int(size)):
            step = score.reshape(tags, 1) + transitions  # (previous x next), as slovnet adds
            step += row[i]
            best = step.argmax(0)
            history[i - 1] = best
            score = step[best, columns]
        last = int(score.argmax())
        path = [last]
        for best in history[::-1]:
            last = int(best[last])
            path.append(last)
        path.reverse()
        paths.append(np.array(path))
    return paths


def install(crf: Any) -> None:
    """Decode with best_paths in this slovnet CRF module (natasha's NER head)."""
    transitions = crf.transitions.array

    def decode(emissions: NDArray[np.float32], mask: NDArray[np.bool_]) -> list[NDArray[np.intp]]:
        return best_paths(emissions, mask, transitions)

    crf.decode = decode
