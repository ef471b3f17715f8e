"""The C backends the pipeline's speed depends on are the ones in use."""

from __future__ import annotations

import pymorphy3.dawg
import pytest
import yaml

from obzor.nlp.morph import lemma
from obzor.yamldata import load_yaml


def test_pymorphy3_reads_its_dictionary_with_the_c_dawg() -> None:
    # pymorphy3 silently falls back to the pure-Python reader (~24% more ingest CPU)
    assert pymorphy3.dawg.DAWG.__module__ == "dawg"
    assert lemma("Казахстану") == "казахстан"


def test_yaml_loads_with_libyaml_and_stays_safe() -> None:
    assert yaml.__with_libyaml__
    assert load_yaml("a: [1, два]\nb: {c: true}") == {"a": [1, "два"], "b": {"c": True}}
    with pytest.raises(yaml.YAMLError):  # a safe loader builds no Python objects
        load_yaml("!!python/object/apply:os.system ['true']")
