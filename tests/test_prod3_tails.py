"""A product's name cut short goes on (kg.recognise.model_tails), a maker's Latin model names a
product with the maker in it, and a Latin name alone in a launch frame (invented names)."""

import pytest

from kg.nlp import make_pipeline
from kg.recognise.doc import _token_table
from kg.recognise.model_tails import kind_models, maker_models, model_tails, tail_end
from kg.recognise.rule_launches import launch_frames, launch_products
from kg.records import Mention


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline(with_ner=False)


def _at(text: str, name: str, label: str, source: str = "lac") -> Mention:
    start = text.index(name)
    return Mention(start, start + len(name), name, label, source)


@pytest.mark.parametrize("text, found, whole", [
    # the rest of a code the name ends inside, then a model word
    ("星澜Qorvin 7T Pro将于明日发布", "星澜Qorvin 7", "星澜Qorvin 7T Pro"),
    # a version number, a pre-release word and its number
    ("青岚OS 13.1 beta 2正式推送", "青岚OS", "青岚OS 13.1 beta 2"),
    # a short capital code after one space
    ("全新墨羽 GX正式上市", "墨羽", "墨羽 GX"),
    ("墨羽Fold Xs开售", "墨羽Fold", "墨羽Fold Xs"),
])
def test_a_name_cut_short_goes_on(text, found, whole):
    m = _at(text, found, "Product")
    assert [x.text for x in model_tails(text, [m])] == [whole]


@pytest.mark.parametrize("text, found", [
    ("青岚OS 2031年上线", "青岚OS"),            # a year is no version
    ("墨羽Fold 512GB版售价九千", "墨羽Fold"),     # nor a quantity
    ("青岚助手 AI功能上线", "青岚助手"),          # nor a word that is no model's code
    ("墨羽争霸31.25补丁", "墨羽争霸"),           # nor a dotted number glued to a Han character
    ("青岚X9正式发布", "青岚X9"),                # nothing after it
])
def test_what_is_no_tail(text, found):
    m = _at(text, found, "Product")
    assert model_tails(text, [m]) == []
    assert tail_end(text, m.end) == m.end


def test_a_tail_into_another_class_is_not_taken():
    text = "星澜Qorvin 7T Pro以及"
    found = [_at(text, "星澜Qorvin 7", "Product"), Mention(text.index("T Pro"), len(text), "T Pro以及", "Company", "lac")]
    assert model_tails(text, found) == []


@pytest.mark.parametrize("text, maker, product", [
    ("星澜Nova Prime发布后好评如潮", "星澜", "星澜Nova Prime"),
    ("新技术登场：墨羽Vexa", "墨羽", "墨羽Vexa"),
])
def test_a_makers_latin_model(text, maker, product):
    assert [m.text for m in maker_models(text, [_at(text, maker, "Company", "lexicon")])] == [product]


@pytest.mark.parametrize("text, maker", [
    ("星澜CEO林一帆表示", "星澜"),       # a title, no model
    ("星澜AI实验室成立", "星澜"),        # a word that is no model's code
    ("星澜Vexa309月19日发布", "星澜"),   # digits glued to a date: the model's end is unknown
    ("星澜 64GB版本", "星澜"),           # a quantity
    ("星澜ESG报告发布", "星澜"),         # capitals alone: an acronym
    ("星澜 Nova Prime发布", "星澜"),     # a space: the maker keeps its name
    ("星澜atm机故障", "星澜"),           # small letters alone
    ("星澜20的销量很好", "星澜"),        # digits alone: a count or an everyday word's
    ("星澜集团Nova Prime发布", "星澜集团"),  # a company's full name keeps its name
])
def test_what_is_no_makers_model(text, maker):
    assert maker_models(text, [_at(text, maker, "Company", "lexicon")]) == []


def test_a_latin_name_alone_in_a_launch_frame(nlp):
    text = "星澜科技的新款手表Vexora将于明日正式发布"
    tokens = _token_table(nlp.make_doc(text))
    frames = {text[s:e]: signs for s, e, signs in launch_frames(text, tokens, [])}
    assert "latin" in frames.get("Vexora", set())
    assert "Vexora" in [m.text for m in launch_products(text, tokens, [])]
    # before 上市 a Latin name alone may be a company listing: no product by that sign
    text = "据悉Vexwork即将上市"
    tokens = _token_table(nlp.make_doc(text))
    assert "Vexwork" not in [m.text for m in launch_products(text, tokens, [])]
    # an acronym alone is none (no small letter)
    text = "星澜科技的新款手表VXR将于明日正式发布"
    tokens = _token_table(nlp.make_doc(text))
    assert "VXR" not in [m.text for m in launch_products(text, tokens, [])]


def test_the_pipeline_names_the_longer_model(nlp):
    doc = nlp("星澜Qorvin 7T Pro将于明日正式发布")
    assert ("星澜Qorvin 7T Pro", "Product") in {(m.text, m.label) for m in doc._.kg_mentions}


@pytest.mark.parametrize("text, product", [
    ("星澜的首款折叠屏手机Vexa Fold将于明日上市", "Vexa Fold"),
    ("星澜二代游戏手机Qorvin Phone II将于下月发布", "Qorvin Phone II"),
    ("全新一代眼镜Vexa Vision 2正式开售", "Vexa Vision 2"),
])
def test_latin_words_after_a_kind_word(text, product):
    assert [m.text for m in kind_models(text, [])] == [product]


@pytest.mark.parametrize("text, found", [
    ("手机App下载量大增", []),                                  # a word that is no model's name
    ("电脑PC市场回暖", []),
    ("国产手机Vexcorp X9销量", [("Vexcorp", "Company")]),         # another recogniser's name lies there
    ("星澜手机vexa销量", []),                                   # no capital
    ("各平台客户端VXQ危害十分惊人", []),                         # capitals alone: an acronym
])
def test_what_is_no_kind_model(text, found):
    mentions = [_at(text, name, label, "lexicon") for name, label in found]
    assert kind_models(text, mentions) == []
