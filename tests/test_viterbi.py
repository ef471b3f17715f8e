"""obzor's CRF decoding for slovnet gives slovnet's own tag paths on real news."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from slovnet.exec.infer import text_words
from slovnet.exec.model import CRF

from obzor.nlp.entities import natasha_tagger
from obzor.nlp.ner.viterbi import best_paths

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def test_paths_equal_slovnets_alone_and_in_padded_batches() -> None:
    infer = natasha_tagger().infer  # type: ignore[attr-defined]
    crf = infer.model.head.crf
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    assert len(texts) >= 10
    compared = 0
    for size in (1, 4):  # one text, and texts of different lengths padded to the longest
        for k in range(0, len(texts), size):
            for batch in infer.encoder([text_words(t) for t in texts[k : k + size]]):
                emissions = infer.model(batch.word_id, batch.shape_id, batch.pad_mask)
                theirs = CRF.decode(crf, emissions, ~batch.pad_mask)  # slovnet's own method
                ours = best_paths(emissions, ~batch.pad_mask, crf.transitions.array)
                assert len(ours) == len(theirs)
                for a, b in zip(ours, theirs, strict=True):
                    assert np.array_equal(a, b)
                    compared += 1
    assert compared == 2 * len(texts)


def test_the_tagger_uses_it() -> None:
    crf = natasha_tagger().infer.model.head.crf  # type: ignore[attr-defined]
    assert crf.decode.__qualname__.startswith("install")
