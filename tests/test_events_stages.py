"""The stage of a contest written after its name is a part of that event's name
(grammar.json events ``stages``, kg.grammar.event_stage, kg.recognise.extend) — on invented names."""

import pytest

from kg.grammar import event_stage

from .test_products_events_rules import names, nlp  # noqa: F401  (the fixture)


@pytest.mark.parametrize("text, stage", [
    ("男单1/4决赛中", "男单1/4决赛"),
    ("女排半决赛首回合，", "女排半决赛首回合"),
    ("男子100米决赛", "男子100米决赛"),
    ("小组赛C组第五轮", "小组赛C组"),      # one stage, and a round is no leg
    ("第12轮，", "第12轮"),
    ("第3场：", "第3场"),
    ("鹭岛站：", "鹭岛站"),              # a tour's leg
    ("女单冠军", "女单"),                # a division before a title won
    ("男子100米金牌", "男子100米"),
])
def test_the_stage_written_after_a_name(text, stage):
    assert event_stage().match(text).group() == stage


@pytest.mark.parametrize("text", ["八强出炉", "比赛结束", "冠军", "男单比赛"])
def test_no_stage_without_a_stage_word(text):
    assert event_stage().match(text) is None


@pytest.mark.parametrize("body, name", [
    ("英超第五轮，鹭岛联队客场2比1取胜。", "英超第五轮"),
    ("在NBA西部决赛上，北辰队客场取胜。", "NBA西部决赛"),
    ("2031年足协杯第4轮，鹭岛队主场迎战北辰队。", "2031年足协杯第4轮"),
    # a numbered event ends before a stage
    ("2031鹭岛联赛小组赛B组第五轮结束两场比赛。", "2031鹭岛联赛小组赛B组"),
    # a place written right before an edition
    ("5月12日，鹭岛市第九届西瓜文化节隆重开幕。", "鹭岛市第九届西瓜文化节"),
    # a league's short name before a stage jieba glued to it (中 / 甲第 / 12 / 轮), 比赛 after it
    ("在中甲第12轮比赛中，鹭岛队主场取胜。", "中甲第12轮比赛"),
    ("大比分4-3淘汰北辰队，成功晋级西部决赛。", "西部决赛"),   # a longer short name on words' edges
    ("亚冠1/8决赛首回合交锋，鹭岛队主场取胜。", "亚冠1/8决赛首回合"),  # a Han short name before a number
    # a season written with two digits, or from one year to the next
    ("18/19赛季鹭岛联赛结束，北辰队夺冠。", "18/19赛季鹭岛联赛"),
    # a numbered event's short suffix before a word saying how it goes on
    ("2031年鹭岛羽毛球国际系列赛进入最后一个比赛日。", "2031年鹭岛羽毛球国际系列赛"),
])
def test_a_contest_and_its_stage_are_one_event(nlp, body, name):
    assert (name, "Event") in names(nlp, body)


def test_a_place_in_a_ranking_is_no_stage(nlp):
    # 八强 after 晋级 is where a side ended, not a stage of the contest
    assert ("英超八强", "Event") not in names(nlp, "鹭岛队晋级英超八强。")



@pytest.mark.parametrize("body, name", [
    ("昨天鹭岛杯的决赛结束，北辰队夺冠。", "鹭岛杯"),              # a name + 杯 before 的
    ("鹭岛公开赛女单1/4决赛今天结束。", "鹭岛公开赛女单1/4决赛"),   # a name + a contest's ending + a stage
    ("8月4日，东京奥运会女排资格赛今天结束。", "东京奥运会女排资格赛"),  # a place before a known event
    ("此前鹭岛女排精英赛正在进行中。", "鹭岛女排精英赛"),             # a name + a sport + an ending
    ("鹭岛队失去了卫冕足协杯冠军的机会。", "足协杯"),                # 卫冕 opens no event's name
    ("8月8日，2031（第三届）鹭岛酒展在会展中心开幕。", "2031（第三届）鹭岛酒展"),  # a year and an edition
    ("首届鹭岛网络电影周开幕。", "首届鹭岛网络电影周"),                      # 周, 营, 博会 after an edition
])
def test_a_name_and_a_contests_ending(nlp, body, name):
    assert (name, "Event") in names(nlp, body)


def test_a_verb_jieba_reads_as_a_name_opens_no_contest(nlp):
    found = {n for n, _ in names(nlp, "鹭岛队成功晋级欧联杯资格赛。")}
    assert not any(n.startswith("晋级") for n in found)
    assert "女排精英赛" not in {n for n, _ in names(nlp, "她参加了女排精英赛。")}  # a sport alone is no name
    # a numbered name holds no preposition and ends in no verb
    assert not any(n.startswith("2031") for n, _ in names(nlp, "2031年各项工作开展，成效明显。"))
