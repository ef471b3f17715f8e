"""obzor's own NER model: a CRF stacked on slovnet (features, training, inference)."""

from obzor.nlp.ner.model import CrfTagger, crf_tagger

__all__ = ["CrfTagger", "crf_tagger"]
