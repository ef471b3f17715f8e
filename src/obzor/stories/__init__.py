"""Stories: near-duplicates, reprints and same-event grouping of articles as they arrive."""

from obzor.stories.cluster import Decision, Grouper
from obzor.stories.features import DocFreq, Item, item_from_article, item_from_tokens

__all__ = ["Decision", "DocFreq", "Grouper", "Item", "item_from_article", "item_from_tokens"]
