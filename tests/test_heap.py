"""A process that builds the analysis pipeline runs its cycle collector less often."""

from __future__ import annotations

import gc

from obzor.heap import YOUNG, space_out_collections
from obzor.nlp.pipeline import default_pipeline


class NoEntities:
    def __call__(self, text: str) -> object:
        return type("Markup", (), {"spans": []})()


def test_building_the_pipeline_spaces_out_the_collector() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)  # Python's defaults
        default_pipeline(NoEntities())
        assert gc.get_threshold() == (YOUNG, 10, 10)
    finally:
        gc.set_threshold(*before)


def test_a_higher_threshold_set_elsewhere_is_kept() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(YOUNG * 2, 5, 7)
        space_out_collections()
        assert gc.get_threshold() == (YOUNG * 2, 5, 7)
    finally:
        gc.set_threshold(*before)
