"""Kinds of company written with a company's suffix or after a deal cue, and phrases after a
product's head word, that are no names (kg.recognise.rule_suffixes, rule_cues, words) — on
invented names."""

from __future__ import annotations

import pytest

from kg.recognise.cleaning import clean_candidates
from kg.nlp import analyse, make_pipeline
from kg.read import parse_article
from kg.recognise.words import everyday_phrase, plain_word
from kg.records import Mention, Token


def tokens(*pairs: tuple[str, str]) -> list[Token]:
    out, start = [], 0
    for word, tag in pairs:
        out.append(Token(start, start + len(word), word, tag))
        start += len(word)
    return out


@pytest.fixture(scope="module")
def nlp():
    """The lexicon and the rules (no LAC, no tagger): the recognisers these tests are about."""
    return make_pipeline(with_ner=False)


def names(nlp, body: str, labels=("Company", "Product", "Organization")) -> set[tuple[str, str]]:
    """The names of ``labels`` the pipeline finds in an article of one paragraph."""
    entities = analyse(parse_article("标题\n\n" + body, "t.txt"), nlp)._.kg_entities
    return {(e.name, e.label) for e in entities if e.label in labels}


def test_everyday_words_are_a_phrase_and_a_rare_word_is_not():
    words = tokens(("国际", "n"), ("经济", "n"), ("环境", "n"))
    assert everyday_phrase(words, 0, 6)
    assert not everyday_phrase(words, 1, 6)  # not whole words
    assert not everyday_phrase(tokens(("岚澜", "n"), ("科技", "n")), 0, 4)  # jieba does not know 岚澜
    assert not everyday_phrase(tokens(("上海", "ns"), ("科技", "n")), 0, 4)  # a place is a name
    assert not everyday_phrase(tokens(("小", "a"), ("满", "a"), ("科技", "n")), 0, 4)  # an unknown word split


def test_jieba_flags_some_everyday_words_as_names():
    assert plain_word(Token(0, 3, "高科技", "nz"))
    assert not plain_word(Token(0, 2, "上海", "ns"))
    assert not plain_word(Token(0, 3, "岚澜汐", "nr"))


@pytest.mark.parametrize("body, kind", [
    ("双方坚定维护开放合作的国际经济环境。", "国际经济环境"),   # after a deal cue: a phrase
    ("这家中国公司宣布裁员。", "中国公司"),                   # a place alone before 公司
    ("要完善跨国公司本外币资金池业务。", "跨国公司"),           # an everyday word ending in 公司
    ("中介机构、监理公司故意弄虚作假。", "监理公司"),           # an everyday word before 公司
    ("推动高水平科技自立自强。", "高水平科技"),                 # everyday words before 科技
    ("降低国有商业保险公司的考核权重。", "国有商业保险公司"),   # a kind word before a kind
    ("我国广播电视和网络视听发展迅速。", "广播电视和网络"),     # 网络 joined to another noun
])
def test_a_kind_of_company_is_no_name(nlp, body, kind):
    assert (kind, "Company") not in names(nlp, body)


def test_a_company_with_a_name_before_its_suffix_stays(nlp):
    found = names(nlp, "岚澜汐科技有限公司与东京电力公司签约。")
    assert ("岚澜汐科技有限公司", "Company") in found
    assert ("东京电力公司", "Company") in found


def test_a_clause_after_a_products_head_word_is_no_product(nlp):
    found = names(nlp, "将提升政策工具使用便利性，推动海洋平台浮托安装。")
    assert not {n for n, label in found if label == "Product"}


def test_a_lexicon_name_read_across_two_words_is_dropped():
    text = "我国航空工业"
    words = tokens(("我国", "r"), ("航空", "n"), ("工业", "n"))
    found = [Mention(1, 3, "国航", "Company", "lexicon"), Mention(0, 2, "我国", "Place", "lexicon")]
    assert [m.text for m in clean_candidates(text, words, found)] == ["我国"]


def test_a_small_place_before_a_weak_suffix_stays_a_name(nlp):
    # 永宁 is no place of the lexicon: 永宁 + 期货 may be a company's name
    assert ("永宁期货", "Company") in names(nlp, "永宁期货认为，棉市行情可期。")



def test_a_brand_of_everyday_words_before_a_strong_suffix_stays(nlp):
    assert ("星河科技集团", "Company") in names(nlp, "星河科技集团宣布成立研究院。")



def test_a_clause_with_a_verb_before_a_strong_suffix_is_no_name(nlp):
    assert ("监管曝光银行", "Company") not in names(nlp, "【星澜晚报】监管曝光银行“藏利润”：多家银行被点名")


def test_a_model_and_its_kind_is_no_company():
    from kg.recognise.kinds import why_not_a_name

    text = "星河公司发布了星河X7汽车。"
    words = [Token(0, 4, "星河公司", "nt"), Token(4, 6, "发布", "v"), Token(6, 7, "了", "ul"), Token(7, 9, "星河", "nz"),
             Token(9, 11, "X7", "eng"), Token(11, 13, "汽车", "n"), Token(13, 14, "。", "x")]
    assert why_not_a_name(text, words, Mention(7, 13, "星河X7汽车", "Company", "rule")) == "model and kind"
    assert why_not_a_name(text, words, Mention(7, 13, "星河X7汽车", "Product", "rule")) != "model and kind"
    plain = "北辰汽车发布了新车。"
    tokens = [Token(0, 2, "北辰", "nz"), Token(2, 4, "汽车", "n"), Token(4, 6, "发布", "v"), Token(6, 7, "了", "ul"),
              Token(7, 9, "新车", "n"), Token(9, 10, "。", "x")]
    assert why_not_a_name(plain, tokens, Mention(0, 4, "北辰汽车", "Company", "rule")) == ""
