"""One session of a body or a forum (kg.recognise.rule_events ``_meetings``, grammar.json
``numbered_meetings``) and the body kept as its own node (kg.grammar ``containers``) — on invented names."""

import pytest

from .test_products_events_rules import names, nlp  # noqa: F401  (the fixture)


@pytest.mark.parametrize("body, event", [
    # any word may follow the head (研究, 为契机, 部署), not only a day or a verb of holding
    ("他主持召开星湾论坛第六次会议研究青州发展。", "星湾论坛第六次会议"),
    ("青州以主办星湾论坛第三届领导人非正式会议为契机。", "星湾论坛第三届领导人非正式会议"),
    # leaders between the forum and the ordinal
    ("林远舟出席星湾论坛领导人第十六次会晤之际发表文章。", "星湾论坛领导人第十六次会晤"),
])
def test_a_session_before_any_word(nlp, body, event):
    assert (event, "Event") in names(nlp, body)


def test_no_session_in_a_hall(nlp):
    # 会议室 / 大会堂: a room, not a meeting
    assert not any(label == "Event" for _, label in names(nlp, "星湾论坛第六次会议室位于青州。"))


@pytest.mark.parametrize("body, event, org", [
    ("参加十五届全国人大三次会议的代表今天继续审议。", "十五届全国人大三次会议", "全国人民代表大会"),  # its canonical name
    ("他主持召开青州发展委员会第六次会议研究青州发展。", "青州发展委员会第六次会议", "青州发展委员会"),
])
def test_the_body_at_the_head_of_its_session_is_named_too(nlp, body, event, org):
    found = names(nlp, body)
    assert (event, "Event") in found
    assert any(n == org and label != "Event" for n, label in found)


@pytest.mark.parametrize("body, event", [
    # a topic meeting held (主持召开) or attended (出席) before 时 / 并, or between 在 and 上
    ("林远舟主持召开推动青禾流域生态保护与绿色转型座谈会时强调。", "推动青禾流域生态保护与绿色转型座谈会"),
    ("林远舟出席青州宪法宣传日座谈会并讲话。", "青州宪法宣传日座谈会"),
    # quotation marks inside the topic; an anniversary's meeting
    ("他主持召开部分省区“十六五”时期经济社会发展座谈会。", "部分省区“十六五”时期经济社会发展座谈会"),
    ("林远舟在纪念青禾学会成立60周年大会上发表讲话。", "纪念青禾学会成立60周年大会"),
])
def test_a_topic_meeting_in_a_frame(nlp, body, event):
    assert (event, "Event") in names(nlp, body)


@pytest.mark.parametrize("body, event", [
    ("林远舟在首届中国－星湾国家峰会上发表讲话。", "首届中国－星湾国家峰会"),
    ("第三届中国—青禾峰会在北京举行。", "第三届中国—青禾峰会"),
])
def test_a_place_and_a_dash_before_a_partners_event(nlp, body, event):
    assert (event, "Event") in names(nlp, body)


@pytest.mark.parametrize("body", [
    "星湾各界人士出席活动，共庆新春佳节。",
    "在中华民族传统节日重阳节来临之际，青州举行活动。",
])
def test_a_holiday_is_no_event(nlp, body):
    assert not any(label == "Event" for _, label in names(nlp, body))


def test_a_greeting_is_no_part_of_the_name(nlp):
    found = names(nlp, "星湾党致函，热烈祝贺中共二十大胜利召开。")
    assert not any(label == "Event" and n.startswith("热烈") for n, label in found)


@pytest.mark.parametrize("body, event", [
    ("要深入学习贯彻四中全会精神。", "四中全会"),                                # a plenum without its term
    ("青州召开全市稳住农业大盘电视电话会议。", "全市稳住农业大盘电视电话会议"),   # 召开 + topic + 。
    ("在青州举行的推动“星湾开局”系列主题新闻发布会上，他介绍了情况。", "推动“星湾开局”系列主题新闻发布会"),
])
def test_more_topic_meetings(nlp, body, event):
    assert (event, "Event") in names(nlp, body)


def test_a_plenum_with_its_term_is_one_name(nlp):
    found = names(nlp, "深入贯彻青禾党的七届四中全会精神。")
    assert not any(n == "四中全会" for n, _ in found)


def test_a_meeting_sent_a_letter(nlp):
    found = names(nlp, "林远舟致青禾“星湾外交”50周年纪念大会的贺信引发反响。")
    assert ("青禾“星湾外交”50周年纪念大会", "Event") in found


def test_an_envoy_is_no_festival(nlp):
    assert not any(label == "Event" for _, label in names(nlp, "青州驻华使节和国际组织负责人前往吊唁。"))


def test_a_quoted_name_after_an_edition_is_an_event(nlp):
    found = names(nlp, "今天是第十二届“青禾湿地日”，各地举行活动。")
    assert ("青禾湿地日", "Event") in found
