"""位于 + a place + a part of it (中心, 东部 …) + 的 + a noun: the noun lies in the place
(relations.json marks place_part); invented names."""

import pytest

from kg.pipeline import make_pipeline


@pytest.mark.parametrize("text", ["位于青州市中心的星河广场将于明年开放。", "位于青州市东部的北辰湖公园游人如织。"])
def test_a_clause_naming_a_part_of_a_place_locates_the_noun_it_describes(text):
    doc = make_pipeline()(text)
    assert [(r.predicate, r.object) for r in doc._.kg_relations] == [("locatedIn", "青州市")]
