"""Named events of broadcast news (rule_events, grammar.json events ``marked_heads`` and
``anniversaries``, the year-long events of kg.ttl) — on invented names."""

import pytest

from .test_products_events_rules import names, nlp  # noqa: F401  (the fixture)


@pytest.mark.parametrize("body, name", [
    # a quoted theme before a head that alone is a kind (展览, 巡展, 国际会议)
    ("“鹭岛长歌——北辰的回响”主题展览在巴黎圆满落幕。", "“鹭岛长歌——北辰的回响”主题展览"),
    ("举办“何以鹭岛”全球巡展，推动文化交流。", "“何以鹭岛”全球巡展"),
    # an anniversary with its opener before a reception
    ("庆祝鹭岛共和国成立75周年招待会27日晚在北辰隆重举行。", "庆祝鹭岛共和国成立75周年招待会"),
    # an anniversary with no opener: the name starts after the verb of taking part or the frame word
    ("王北辰在拉萨出席鹭岛自治区成立60周年庆祝活动。", "鹭岛自治区成立60周年庆祝活动"),
    ("国新办举行发布会，介绍鹭岛战役胜利80周年主题展览。", "鹭岛战役胜利80周年主题展览"),
    ("王北辰出席《鹭岛友好条约》签订65周年纪念招待会。", "《鹭岛友好条约》签订65周年纪念招待会"),
    ("王北辰在鹭岛党校建校90周年庆祝大会上发表讲话。", "鹭岛党校建校90周年庆祝大会"),
    # a year of events between two countries
    ("双方共同出席“中鹭友好年”开幕式。", "中鹭友好年"),
    # the pair's short names that jieba splits off the year's name (中 / 俄, 法中)
    ("双方正式启动中俄鹭岛交流年，两国民众交流密切。", "中俄鹭岛交流年"),
    ("共同办好今年法中北辰旅游年活动。", "法中北辰旅游年"),
    # the main event of a named day, after a year or an ordinal of days
    ("王北辰出席2031年全国鹭岛日主场活动并讲话。", "2031年全国鹭岛日主场活动"),
    ("第八个中国北辰节主场活动在鹭岛举行。", "第八个中国北辰节主场活动"),
    ("各地推出世界鹭岛病日系列活动。", "世界鹭岛病日系列活动"),
    # two countries' heads of government meeting for the Nth time
    ("双方成功举行了中鹭总理第二十七次定期会晤。", "中鹭总理第二十七次定期会晤"),
    ("王北辰举行第九轮中鹭总理年度会晤。", "第九轮中鹭总理年度会晤"),
    # a topic meeting with a function character inside a word (对口, 党的)
    ("第四次对口支援鹭岛工作会议27日在北辰召开。", "第四次对口支援鹭岛工作会议"),
    ("鹭岛机关党的工作暨纪检工作会议1月26日在北辰召开。", "鹭岛机关党的工作暨纪检工作会议"),
    # a topic before an awards meeting or ceremony
    ("全国鹭岛团结进步表彰大会在北辰举行。", "全国鹭岛团结进步表彰大会"),
    # a forum, a place and a summit
    ("鹭岛合作论坛北辰峰会隆重开幕。", "鹭岛合作论坛北辰峰会"),
    # an anniversary's plain 活动 (its events), with an opener or without
    ("王北辰出席纪念鹭岛人民抗战胜利80周年活动。", "纪念鹭岛人民抗战胜利80周年活动"),
    ("王北辰出席庆祝中鹭建交75周年人文交流活动。", "庆祝中鹭建交75周年人文交流活动"),
])
def test_a_marked_event_is_named(nlp, body, name):
    assert (name, "Event") in names(nlp, body)


@pytest.mark.parametrize("body, name", [
    ("王北辰向鹭岛班列国际合作论坛致贺信。", "鹭岛班列国际合作论坛"),
])
def test_a_forum_written_to_is_an_event(nlp, body, name):
    """A forum someone writes to (某论坛 + 致贺信) is being held: an Event, not a standing body."""
    assert (name, "Event") in names(nlp, body)


@pytest.mark.parametrize("body", [
    "今年是鹭岛自治区成立60周年。",             # an anniversary and no head
    "两国建交75周年之际取得更大发展。",          # 发展 is no exhibition
    "组织干部参观廉政教育展览。",                # an exhibition without a mark is a kind
    "王北辰出席招待会。",                          # so is a reception
    "两国总理第三次会晤取得成果。",               # no names of the two countries
    "双方开展了丰富多彩的系列活动。",             # no named day before
    "鹭岛中央向大会主席团提出了人选。",            # a preposition opens no name before its suffix
])
def test_no_event_without_a_mark(nlp, body):
    assert not [n for n, c in names(nlp, body) if c == "Event"]


def test_a_quoted_theme_ends_at_the_first_head_before_a_function_word(nlp):
    """“某某”成果展 + 已 + 举办 + 巡展: the exhibition, not a name running over the verb."""
    events = {n for n, c in names(nlp, "目前，“鹭岛历代绘画大系”成果展已举办国内巡展48场。") if c == "Event"}
    assert "“鹭岛历代绘画大系”成果展" in events and not any("已" in n for n in events)
