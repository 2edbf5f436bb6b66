"""Numbered events (an edition or a year, a name, an Event suffix of the ontology) and events
joined by 暨 (kg.grammar ``ordinal_event`` / ``joined_event``) — on invented names."""

import pytest

from .test_products_events_rules import names, nlp  # noqa: F401  (the fixture)


@pytest.mark.parametrize("body, name", [
    # a verb inside the name (制造, 应用): the suffix alone opens no name over it
    ("2031鹭岛国际轨道装备制造博览会在北辰开幕。", "2031鹭岛国际轨道装备制造博览会"),
    ("鹭岛省第三届文化旅游新技术应用大会开幕。", "鹭岛省第三届文化旅游新技术应用大会"),
    # a second event joined to the first by 暨 is the same name
    ("第五届鹭岛产业博览会暨第二届北辰贸易洽谈会在北辰开幕。", "第五届鹭岛产业博览会暨第二届北辰贸易洽谈会"),
    # a conjunction, digits and a dash inside, a day after
    ("2031第二届鹭岛汽车渠道与供应链峰会在京开幕。", "2031第二届鹭岛汽车渠道与供应链峰会"),
    ("第三届全国12345鹭岛热线发展研讨会在京召开。", "第三届全国12345鹭岛热线发展研讨会"),
    ("第十二届鹭岛—北辰博览会开幕。", "第十二届鹭岛—北辰博览会"),
    ("第四届鹭岛文博会20日开幕。", "第四届鹭岛文博会"),
    # a quoted part inside, a span of years before
    ("第二届“鹭岛之夏”七夕文化旅游节在北辰开幕。", "第二届“鹭岛之夏”七夕文化旅游节"),
    ("2030—2031年度鹭岛市“北辰杯”校园足球联赛开赛。", "2030—2031年度鹭岛市“北辰杯”校园足球联赛"),
    # an edition before a name ending in 会 / 季 / 展览, a year before one ending in 会
    ("第36届鹭岛国际风筝会开幕。", "第36届鹭岛国际风筝会"),
    ("为期三天的2031鹭岛房地产交易展示会闭幕。", "2031鹭岛房地产交易展示会"),
    ("第27届全国北辰艺术展览在鹭岛开幕。", "第27届全国北辰艺术展览"),
    # a bracketed place inside
    ("第十四届鹭岛（北辰）国际厨具节开幕。", "第十四届鹭岛（北辰）国际厨具节"),
    # a verb after an inner suffix ends the name
    ("2031鹭岛公开赛展开正赛争夺。", "2031鹭岛公开赛"),
])
def test_a_numbered_event_with_an_ontology_suffix(nlp, body, name):
    assert (name, "Event") in names(nlp, body)


@pytest.mark.parametrize("body, name", [
    ("足球｜中超：鹭岛队胜北辰队", "中超"),          # jieba reads 中 / 超: a league over whole words
    ("北辰选手告别美网赛场。", "美网"),               # a league, not a website (…网)
    # an exhibition: a few plain nouns between the proper names and its ending
    ("王鹭岛书法作品展在北辰开幕。", "王鹭岛书法作品展"),
    ("上合组织国家儿童画展开幕式在北辰举行。", "上合组织国家儿童画展"),
])
def test_a_short_name_or_an_exhibition(nlp, body, name):
    assert (name, "Event") in names(nlp, body)


@pytest.mark.parametrize("body", [
    "2031年公司年会上，鹭岛队员工表演节目。",     # a year and an everyday word
    "其中超过一半的鹭岛队员来自北辰。",           # a league's short name inside a word
    "鹭岛省第十九届青年委员会召开会议。",         # an edition before a body
    "学生书法作品展在校开幕。",                   # an exhibition of plain nouns alone
])
def test_no_event(nlp, body):
    assert not [n for n, label in names(nlp, body) if label == "Event"]
