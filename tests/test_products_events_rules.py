"""Events and products without a class suffix, and what stands before an event's name
(kg.recognise.rule_events, kg.recognise.extend, quoted events) — on invented names."""

import pytest

from kg.nlp import analyse, make_pipeline
from kg.read import parse_article


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline(with_ner=False)


def names(nlp, body: str) -> set:
    doc = analyse(parse_article("标题\n\n" + body, "t.txt"), nlp)
    return {(e.name, e.label) for e in doc._.kg_entities}


@pytest.mark.parametrize("body, name", [
    # a season, a sport or an age group before an event's name belongs to it
    ("2031赛季鹭岛联赛第三轮将于周日开赛。", "2031赛季鹭岛联赛第三轮"),  # and the stage after it
    ("周小舟获得田径北辰公开赛女子铅球冠军。", "田径北辰公开赛"),
    ("男篮鹭岛邀请赛今天开战。", "男篮鹭岛邀请赛"),
    # a year and a Latin name before an event's word, or after a taking-part verb
    ("8月2日，2031StarJoy正式开幕，多家公司参展。", "2031StarJoy"),
    ("北辰科技首次亮相2031 NovaCon，带来新品。", "2031 NovaCon"),
    # the short name of a well-known league, a word of its own
    ("上赛季他在英超出场30次。", "英超"),
    # a long quoted event's name
    ("由某省政府主办的“2031·星河湾区未来发展论坛”将于14日开幕。", "2031·星河湾区未来发展论坛"),
])
def test_events_without_a_suffix_or_with_a_qualifier(nlp, body, name):
    assert (name, "Event") in names(nlp, body)


@pytest.mark.parametrize("body, absent", [
    ("他在2031年Starlight公司任职。", "2031年Starlight"),   # a year before a company: no event word after it
    ("中超市场的份额继续上升。", "中超"),                     # 中 + 超市: not a word of its own
    ("这一赛季他状态很好。", "赛季"),
])
def test_no_event_without_its_sign(nlp, body, absent):
    assert absent not in {n for n, _ in names(nlp, body)}


def test_a_model_year_opens_a_products_name(nlp):
    assert ("2031款天枢100 Pro", "Product") in names(nlp, "2031款天枢100 Pro正式上市，售价不变。")


def test_a_league_goes_on_over_an_event_suffix(nlp):
    assert ("英超联赛", "Event") in names(nlp, "英超联赛周日开打。")


def test_the_maker_after_a_model_year_is_named_too():
    from kg.recognise.cleaning import containers
    from kg.records import Mention

    product = Mention(0, 9, "2031款北辰X9", "Product", "rule")
    maker = Mention(5, 7, "北辰", "Company", "rule")
    assert containers([product], [product, maker]) == [maker]
    assert containers([product], [product, Mention(0, 2, "20", "Company", "rule")]) == []


@pytest.mark.parametrize("body, label", [
    ("鹭岛发展论坛在厦门开幕。", "Event"),          # held: an event
    ("他出席了鹭岛发展论坛。", "Event"),
    ("鹭岛发展论坛秘书长周小舟表示", "Organization"),  # the standing body
])
def test_a_forum_is_an_event_when_it_is_held(nlp, body, label):
    assert ("鹭岛发展论坛", label) in names(nlp, body)


@pytest.mark.parametrize("body, name", [
    ("鹭岛队斩获kpl春季赛冠军。", "kpl春季赛"),
    ("NBA季后赛今天开打。", "NBA季后赛"),
])
def test_a_league_and_a_part_of_its_season(nlp, body, name):
    assert (name, "Event") in names(nlp, body)
