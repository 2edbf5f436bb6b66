"""Product names at their edges (kg.recognise.extend, kg.recognise.rule_quotes, kg.grammar's
product models): a describing word before a product, a version word after its code, Latin
names in 《》 and after a launch verb in quotes, a maker glued to its model — on invented names."""

import pytest

from kg.nlp import analyse, make_pipeline
from kg.read import parse_article


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline(with_ner=False)


def products(nlp, body: str) -> set:
    doc = analyse(parse_article("标题\n\n" + body, "t.txt"), nlp)
    return {m.text for m in doc._.kg_mentions if m.label == "Product"}


def entities(nlp, body: str) -> set:
    doc = analyse(parse_article("标题\n\n" + body, "t.txt"), nlp)
    return {(e.name, e.label) for e in doc._.kg_entities}


@pytest.mark.parametrize("body, name", [
    ("星河科技今天推出了“Star Harbour 7”，售价三千元。", "Star Harbour 7"),   # quoted, after a launch verb
    ("北辰游戏将在今年推出《Moon Garden》AR手游。", "Moon Garden"),            # a Latin title in 《》
    ("云帆影业发布了全新升级的StarBox V3.5版。", "StarBox V3.5版"),         # a code and its version word
])
def test_latin_and_versioned_product_names(nlp, body, name):
    assert name in products(nlp, body)


def test_a_describing_word_is_not_part_of_the_name():
    from kg.records import Mention, Token
    from kg.recognise.extend import extend_names

    text = "新款天枢X9将上市"
    toks = [Token(0, 2, "新款", "n"), Token(2, 4, "天枢", "nz"), Token(4, 6, "X9", "eng"), Token(6, 7, "将", "d")]
    found = extend_names(text, toks, [Mention(0, 6, "新款天枢X9", "Product", "ner")])
    assert [m.text for m in found] == ["天枢X9"]
    # no word boundary after the describing word, or too little left: the candidate stays
    toks = [Token(0, 3, "新款天", "n"), Token(3, 6, "枢X9", "nz")]
    assert [m.text for m in extend_names(text, toks, [Mention(0, 6, "新款天枢X9", "Product", "ner")])] == ["新款天枢X9"]


def test_quoted_latin_without_launch_verb_is_no_product(nlp):
    assert "Hello World" not in products(nlp, "他说“Hello World”之后就离开了。")


def test_a_version_word_right_after_a_code_joins_the_product():
    from kg.records import Mention, Token
    from kg.recognise.extend import extend_names

    text = "云帆剧场V3.5版上线"
    toks = [Token(0, 2, "云帆", "nz"), Token(2, 4, "剧场", "n"), Token(4, 8, "V3.5", "eng"), Token(8, 9, "版", "n"),
            Token(9, 11, "上线", "v")]
    found = extend_names(text, toks, [Mention(0, 8, "云帆剧场V3.5", "Product", "ner")])
    assert [m.text for m in found] == ["云帆剧场V3.5", "云帆剧场V3.5版"]
    toks[3:] = [Token(8, 10, "版本", "n"), Token(10, 11, "上", "v")]  # 版 inside a longer word: no version word
    assert len(extend_names("云帆剧场V3.5版本上", toks, [Mention(0, 8, "云帆剧场V3.5", "Product", "ner")])) == 1


def test_a_maker_glued_to_a_capitals_series_and_a_code_names_the_model(nlp):
    names = entities(nlp, "北辰集团LUMA S1H国内发布。")
    assert {("北辰集团", "Company"), ("北辰集团LUMA S1H", "Product")} <= names


@pytest.mark.parametrize("body, product", [
    ("北辰集团 LUMA S1H国内发布。", "LUMA S1H"),   # a space: the maker keeps its name
    ("北辰集团LUMA发布。", None),                   # no code: no model
])
def test_a_maker_keeps_its_name_before_a_spaced_or_codeless_series(nlp, body, product):
    names = entities(nlp, body)
    assert ("北辰集团", "Company") in names
    assert not any(n.startswith("北辰集团L") for n, _ in names)
    if product:
        assert (product, "Product") in names


def test_a_version_word_after_a_latin_name_is_another_products_edition():
    from kg.records import Mention, Token
    from kg.recognise.extend import extend_names

    text = "StarOS版云帆上线"  # the StarOS edition of 云帆: StarOS stays itself
    toks = [Token(0, 6, "StarOS", "eng"), Token(6, 7, "版", "n"), Token(7, 9, "云帆", "nz"), Token(9, 11, "上线", "v")]
    assert [m.text for m in extend_names(text, toks, [Mention(0, 6, "StarOS", "Product", "ner")])] == ["StarOS"]


@pytest.mark.parametrize("body, product", [
    ("展台上有北辰集团翻译机3.0、北辰集团输入法。", "北辰集团翻译机3.0"),   # maker + its series' noun + a code
    ("北辰集团购买88架飞机。", None),                                      # a verb and a count: no model
])
def test_a_maker_its_series_noun_and_a_code(nlp, body, product):
    names = entities(nlp, body)
    assert ("北辰集团", "Company") in names
    made = {n for n, label in names if label == "Product" and n.startswith("北辰集团")}
    assert made == ({product} if product else set())


@pytest.mark.parametrize("found, name", [
    ("折叠屏手机Star Fold", "Star Fold"),     # a kind word, then a Latin name
    ("降噪耳机 WF-7000", "WF-7000"),           # with a space
    ("K21仿生芯片", "K21仿生芯片"),            # a code, then its kind word: the name ends with it
    ("星澜手机", "星澜手机"),                  # a Han name: no Latin name after the kind word
])
def test_a_kind_word_before_a_latin_name_is_no_part_of_it(found, name):
    import jieba

    from kg.records import Mention, Token
    from kg.recognise.extend import extend_names

    toks, at = [], 0
    for word in jieba.lcut(found, HMM=False):
        toks.append(Token(at, at + len(word), word, "n"))
        at += len(word)
    out = extend_names(found, toks, [Mention(0, len(found), found, "Product", "ner")])
    assert out[0].text == name
