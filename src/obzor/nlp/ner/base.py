"""slovnet's NER with its first convolution read from a table of words: the same model, its
tags at a fraction of the arithmetic.

natasha's NER is slovnet: razdel tokens, each a navec word vector (300) and a shape vector
(30), then three convolutions of width 3 (330 -> 256 -> 128 -> 64), a projection and a CRF.
The first convolution is two thirds of the multiplications, and it is linear in its input:
its output at a token is the bias plus, for each of the three positions of its window, a
matrix times that neighbour's vector. So each word's three products are computed once, kept
in a bounded table (news repeats its words), and a text's first layer is three shifted sums
of table rows. Shapes are only 66, so their products are a small fixed table. The two other
layers are computed the same way, one matrix product of the text's (tokens x channels) rows
and three shifted sums, where slovnet pads, copies every window (tokens x 3*channels) and
works on transposed arrays; ReLU, batch norm and the projection are slovnet's arithmetic, and
the CRF its decoding (nlp/ner/viterbi.py).

The sums are the same products added in another order than slovnet's one matrix product, so
a score may differ in its last float32 bits; on 1,449 RIA articles and their titles the tags
were the same (docs/scale.md).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from obzor.nlp.ner.model import NerMarkup, NerSpan
from obzor.nlp.ner.razdel_tokens import tokens
from obzor.nlp.ner.viterbi import best_paths

# Words whose first-layer products are kept: 3 x 256 float32 (3 KiB) each, so 20,000 words
# are 60 MiB at most; news vocabulary is Zipfian, and 20,000 words cover nearly every token
# of a day's news. When full, the table starts over (simple and bounded).
WORD_ROWS = 20_000
# Words whose vocabulary ids are kept (two ints each).
WORD_IDS = 200_000

Ids = NDArray[np.int64]
Floats = NDArray[np.float32]


class _Layer:
    """One layer of slovnet's encoder (a convolution of width 3, ReLU, batch norm) over a
    text's (tokens x channels) rows."""

    def __init__(self, layer: Any) -> None:
        weight = layer.conv.weight.array  # filters x inputs x window
        if weight.shape[2] != 3 or layer.conv.padding != 1:
            raise ValueError("slovnet's convolution is not of width 3: use natasha")
        self.filters = weight.shape[0]
        # inputs x (window position, filter): one matrix product gives the three products
        self.matrix = np.ascontiguousarray(weight.transpose(1, 2, 0)).reshape(weight.shape[1], -1)
        self.bias = layer.conv.bias.array
        norm = layer.norm
        self.mean, self.std = norm.mean.array, norm.std.array
        self.scale, self.shift = norm.weight.array, norm.bias.array

    def __call__(self, rows: Floats) -> Floats:
        """The layer's output given each token's three products (tokens x 3*filters)."""
        f = self.filters
        out = rows[:, f : 2 * f] + self.bias  # the window's middle: the token itself
        out[1:] += rows[:-1, :f]  # its left neighbour, at the window's first position
        out[:-1] += rows[1:, 2 * f :]  # its right neighbour, at the last
        normed: Floats = (out.clip(0) - self.mean) / self.std * self.scale + self.shift
        return normed


class SlovnetBase:
    """natasha's NewsNERTagger, callable like it (text -> markup with .spans)."""

    def __init__(self, ner: Any) -> None:
        infer = ner.infer
        model = infer.model
        self.words, self.shapes = infer.encoder.words_vocab, infer.encoder.shapes_vocab
        self.tags = infer.decoder.tags_vocab.items
        self.word_emb = model.emb.word
        self.first, *self.layers = (_Layer(layer) for layer in model.encoder.layers)
        dim = self.word_emb.dim
        by_input = self.first.matrix
        self.word_matrix = np.ascontiguousarray(by_input[:dim])
        self.shape_rows = (model.emb.shape.weight.array @ by_input[dim:]).astype(np.float32)
        self.proj = model.head.proj
        self.transitions = model.head.crf.transitions.array
        self.table: Floats = np.empty((WORD_ROWS, by_input.shape[1]), dtype=np.float32)
        # Each vocabulary word's row in the table, -1 for none: one look-up for a whole text.
        self.slot_of: Ids = np.full(len(self.words.items), -1, dtype=np.int64)
        self.used = 0  # rows of the table filled
        self.ids: dict[str, tuple[int, int]] = {}

    def _ids(self, word: str) -> tuple[int, int]:
        from slovnet.shape import word_shape

        found = self.ids.get(word)
        if found is None:
            if len(self.ids) >= WORD_IDS:
                self.ids.clear()
            found = (self.words.encode(word.lower()), self.shapes.encode(word_shape(word)))
            self.ids[word] = found
        return found

    def _word_rows(self, word_ids: Ids) -> Floats:
        """Each token's three first-layer products of its word vector (tokens x 3*filters)."""
        slots = self.slot_of[word_ids]
        if (slots < 0).any():
            missing = np.unique(word_ids[slots < 0])
            if self.used + len(missing) > WORD_ROWS:  # full: start over
                self.slot_of.fill(-1)
                self.used = 0
                missing = np.unique(word_ids)
                if len(missing) > WORD_ROWS:  # a text of more words than the table holds
                    direct: Floats = self.word_emb(word_ids) @ self.word_matrix
                    return direct
            start, self.used = self.used, self.used + len(missing)
            self.table[start : self.used] = self.word_emb(missing) @ self.word_matrix
            self.slot_of[missing] = np.arange(start, self.used)
            slots = self.slot_of[word_ids]
        rows: Floats = self.table[slots]
        return rows

    def labels(self, word_ids: Ids, shape_ids: Ids) -> list[str]:
        """slovnet's tag for each token of one text."""
        rows = self._word_rows(word_ids)
        rows += self.shape_rows[shape_ids]
        x = self.first(rows)  # tokens x filters
        for layer in self.layers:
            x = layer(x @ layer.matrix)
        emissions = self.proj(x[np.newaxis])
        mask = np.ones(emissions.shape[:2], dtype=bool)
        path = best_paths(emissions, mask, self.transitions)[0]
        return [self.tags[i] for i in path.tolist()]

    def __call__(self, text: str) -> NerMarkup:
        found = tokens(text)
        if not found:
            return NerMarkup()
        pairs = [self._ids(word) for _, _, word in found]
        word_ids = np.array([p[0] for p in pairs])
        shape_ids = np.array([p[1] for p in pairs])
        return NerMarkup(bio_spans(found, self.labels(word_ids, shape_ids)))


@lru_cache(maxsize=1)
def slovnet_base() -> SlovnetBase:
    """natasha's NER weights (loaded once, shared with natasha_tagger) run by SlovnetBase."""
    from obzor.nlp.entities import natasha_tagger

    return SlovnetBase(natasha_tagger())


def bio_spans(found: list[tuple[int, int, str]], tags: list[str]) -> list[NerSpan]:
    """Spans from BIO tags as slovnet reads them (slovnet.bio.bio_spans): B- opens a span,
    I- extends the open one, O closes it; the padding tag changes nothing."""
    spans: list[NerSpan] = []
    kind, start, stop = "", 0, 0
    for (first, last, _), tag in zip(found, tags, strict=True):
        part, _, label = tag.partition("-")
        if part == "I":
            stop = last
        elif part in ("B", "O"):
            if kind:
                spans.append(NerSpan(start, stop, kind))
            kind, start, stop = (label, first, last) if part == "B" else ("", start, stop)
    if kind:
        spans.append(NerSpan(start, stop, kind))
    return spans
