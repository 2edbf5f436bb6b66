"""Roads, bridges, parks, stations: a place a pretrained recogniser finds is kept when it ends in
a place suffix of kg.ttl (路, 大桥, 公园 …), its second sign. Invented names."""

import pytest

from kg.nlp import analyse, make_pipeline
from kg.read import parse_article


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline(with_ner=True)


def test_infrastructure_names_are_places(nlp):
    doc = analyse(parse_article("标题\n\n车辆经鹤鸣路驶往翠屏大桥。", "t.txt"), nlp)
    found = {(e.name, e.label) for e in doc._.kg_entities}
    assert {("鹤鸣路", "Place"), ("翠屏大桥", "Place")} <= found
