"""Mined makers (kg.recognise.mine_makers, kg.recognise.makers): how an annotation is cut to a
maker's name, the signs that make a mined name a Company, and the retyping — on invented names."""

import json
import re

import pytest

from kg.nlp import make_pipeline
from kg.ontology import ontology_dir
from kg.recognise.doc import _candidates, _ensure_extensions
from kg.recognise.gazetteer import find_products
from kg.recognise.makers import add_makers, has_sign, mined_makers
from kg.recognise.mine_makers import KEY, SOURCES, cut, maker_words
from kg.recognise.mine_products import name_hash
from kg.records import Mention, Token


@pytest.mark.parametrize("mention, expected", [
    ("星澜", ["星澜"]),
    ("星澜公司", ["星澜"]),                          # a trailing 公司 dropped
    ("显示设备厂商星澜", ["星澜"]),                  # what follows the last describing word
    ("北辰集团旗下星澜", ["星澜"]),
    ("星澜(01234)", ["星澜"]),                        # a stock code dropped
    ("星澜、北辰", ["星澜", "北辰"]),                # a list: one name per item
    ("星澜官方", ["星澜"]),
])
def test_cut(mention, expected):
    assert cut(mention, maker_words()) == expected


def table(words, tags=None):
    out, i = [], 0
    for k, w in enumerate(words):
        out.append(Token(i, i + len(w), w, (tags or {}).get(k, "n")))
        i += len(w)
    return out


@pytest.mark.parametrize("words, sign", [
    (["星澜", "正式", "发布", "了", "新机"], True),             # a launch verb over a gap word
    (["星澜", "在", "上海", "发布", "新机"], True),             # over 在 + a place
    (["星澜", "旗下", "品牌"], True),                            # a word right after it
    (["国产", "品牌", "星澜", "销量", "大涨"], True),          # a word right before it
    (["星澜", "X30", "上市"], True),                             # a model's code glued after it
    (["星澜", "飘扬", "，", "发布", "会"], False),              # an everyday reading: no sign
    (["星澜", "2019", "年", "的", "发布"], False),              # a year is no model
    (["星澜", "5G", "网络"], False),                             # nor a network's generation
])
def test_signs(words, sign):
    text, tokens = "".join(words), table(words, {words.index("上海"): "ns"} if "上海" in words else None)
    i = words.index("星澜")
    assert bool(has_sign(text, tokens, i, i, mined_makers()[2])) is sign


def test_shipped_file_holds_hashes_only():
    data = json.loads((ontology_dir() / "lexicon" / "makers_mined.json").read_text(encoding="utf-8"))
    assert set(data["corpora"]) == set(SOURCES) and data["key"] == KEY.decode()
    assert data["skipped_half"] is None  # the shipped list is mined from the whole of DuEE train
    assert len(data["hashes"]) > 300
    assert all(re.fullmatch(r"[0-9a-f]{16}", h) for h in data["hashes"])


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline(with_ner=False)


def candidates(nlp, text, person=None, product=None):
    """The candidates after the maker step, a Person or Product candidate planted first (a
    tagger's reading) at every place the name is written."""
    _ensure_extensions()
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "kg_product_gazetteer":
            break
        doc = proc(doc)
    for name, label in ((person, "Person"), (product, "Product")):
        for start in (k for k in range(len(text)) if name and text.startswith(name, k)):
            _candidates(doc).append(Mention(start, start + len(name), name, label, "ner"))
    add_makers(doc, find_products, frozenset({name_hash("澜悦", KEY)}))
    return {(c.text, c.label) for c in _candidates(doc)}


def test_a_person_reading_with_a_sign_becomes_a_company(nlp):
    found = candidates(nlp, "澜悦今天正式发布了一款新手机。", person="澜悦")
    assert ("澜悦", "Company") in found and ("澜悦", "Person") not in found


def test_no_sign_no_company(nlp):
    found = candidates(nlp, "他叫澜悦，住在城东。", person="澜悦")
    assert ("澜悦", "Person") in found and ("澜悦", "Company") not in found


def test_a_product_reading_gives_way_only_to_an_organisation_sign(nlp):
    # the first, with a CEO, becomes a Company; the second, before a launch verb, stays a Product
    found = candidates(nlp, "澜悦CEO说，澜悦正式发布新机。", product="澜悦")
    assert found >= {("澜悦", "Company"), ("澜悦", "Product")}
    assert ("澜悦", "Product") in candidates(nlp, "澜悦正式发布新机。", product="澜悦")
    assert ("澜悦", "Company") not in candidates(nlp, "澜悦正式发布新机。", product="澜悦")


def test_a_missed_maker_with_a_sign_is_named(nlp):
    assert ("澜悦", "Company") in candidates(nlp, "澜悦旗下品牌销量上涨。")


def test_a_model_another_recogniser_named_opens_with_the_maker(nlp):
    _ensure_extensions()
    text = "澜悦X9今天上市。"
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "kg_product_gazetteer":
            break
        doc = proc(doc)
    doc._.kg_candidates = [Mention(0, 4, "澜悦X9", "Product", "lac")]
    add_makers(doc, find_products, frozenset({name_hash("澜悦", KEY)}))
    found = {(c.text, c.label, c.source) for c in _candidates(doc)}
    # the model is named as the grammar names a known maker's, and the maker opening it too
    assert found == {("澜悦X9", "Product", "rule"), ("澜悦", "Company", "rule")}
