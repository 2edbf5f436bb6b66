"""Product models after a maker's name (kg.grammar, product_models) on invented names."""

import pytest

from kg.nlp import analyse, make_pipeline
from kg.read import parse_article


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline(with_ner=False)


def found(nlp, body: str) -> set:
    doc = analyse(parse_article("标题\n\n" + body, "t.txt"), nlp)
    return {(e.name, e.label) for e in doc._.kg_entities}


def test_a_maker_glued_to_a_capitals_series_and_a_code_names_the_model(nlp):
    names = found(nlp, "北辰集团LUMA S1H国内发布。")
    assert {("北辰集团", "Company"), ("北辰集团LUMA S1H", "Product")} <= names


@pytest.mark.parametrize("body, product", [
    ("北辰集团 LUMA S1H国内发布。", "LUMA S1H"),   # a space: the maker keeps its name
    ("北辰集团LUMA发布。", None),                   # no code: no model
])
def test_a_maker_keeps_its_name_before_a_spaced_or_codeless_series(nlp, body, product):
    names = found(nlp, body)
    assert ("北辰集团", "Company") in names
    assert not any(n.startswith("北辰集团L") for n, _ in names)
    if product:
        assert (product, "Product") in names
