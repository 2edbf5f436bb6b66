"""Names jieba splits oddly or that a rule closed too early — on invented names and well-known
contests: a preposition glued to a name's first character (在世 + 联赛), a transliterated name
after a foreign place and a title, a game's season, a contest's generic word after its name."""

import pytest

from kg.recognise.cleaning import clean_candidates
from kg.recognise.doc import _token_table
from kg.records import Mention

from .test_products_events_rules import names, nlp  # noqa: F401  (the fixture)


@pytest.mark.parametrize("body, name", [
    ("北辰女排在世联赛取得九连胜。", "世联赛"),        # 在世/nrt + 联赛: the preposition is no part of it
    ("周小舟在世乒赛上夺得了女单冠军。", "世乒赛"),     # a league's short name after 在世
    ("英雄联盟夏季赛于周日开打。", "英雄联盟夏季赛"),   # a game and a part of its season
])
def test_events(nlp, body, name):  # noqa: F811
    found = names(nlp, body)
    assert (name, "Event") in found
    assert not any("在" in n for n, label in found if label == "Event")


@pytest.mark.parametrize("body, name", [
    ("亚美尼亚外长萨木基伦在首都会见记者。", "萨木基伦"),   # a foreign office's title, up to 在
    ("亚美尼亚总统萨木基伦会见来访的客人。", "萨木基伦"),   # up to 会见
    ("浙江省长周小舟调研农业。", "周小舟"),                # a verb jieba reads ends it
])
def test_a_name_after_a_place_and_a_title(nlp, body, name):  # noqa: F811
    found = names(nlp, body)
    assert (name, "Person") in found
    assert not any(n.startswith(name) and n != name for n, label in found if label == "Person")


@pytest.mark.parametrize("body", ["美国总统大选开始了。", "俄罗斯总统办公厅发表声明。"])
def test_no_name_from_an_everyday_word_after_a_title(nlp, body):  # noqa: F811
    assert not any(label == "Person" for _, label in names(nlp, body))


def test_a_contests_generic_word_after_its_name_goes(nlp):  # noqa: F811
    text = "鹭岛队在北辰杯比赛中取胜。"
    tokens = _token_table(nlp.make_doc(text))
    cup, match = text.index("北辰杯"), text.index("比赛")
    kept = clean_candidates(text, tokens, [Mention(cup, match + 2, "北辰杯比赛", "Event", "rule"),
                                           Mention(cup, match, "北辰杯", "Event", "lac")])
    assert {m.text for m in kept} == {"北辰杯"}
    # without the contest's own name found, 比赛 stays (DuEE marks 某联赛 + 比赛 both ways)
    alone = clean_candidates(text, tokens, [Mention(cup, match + 2, "北辰杯比赛", "Event", "rule")])
    assert [m.text for m in alone] == ["北辰杯比赛"]


@pytest.mark.parametrize("body, name", [
    ("5月29日晚，世界女排联赛总决赛开打。", "世界女排联赛总决赛"),  # a scope, a field, a weak suffix
    ("北京时间6月7日，国际足球友谊赛，北辰队2比0取胜。", "国际足球友谊赛"),
    ("国际冠军杯：北辰队7比3取胜。", "国际冠军杯"),
    # named by the anniversary it celebrates (grammar.json events anniversaries)
    ("纪念鹭岛北辰建交70周年妇女交流图片展开幕式在京举行。", "纪念鹭岛北辰建交70周年妇女交流图片展"),
    ("庆祝鹭岛建市40周年经典歌曲合唱大赛落幕。", "庆祝鹭岛建市40周年经典歌曲合唱大赛"),
])
def test_a_contest_named_by_its_scope_or_its_anniversary(nlp, body, name):  # noqa: F811
    assert (name, "Event") in names(nlp, body)


@pytest.mark.parametrize("body", ["少数世界级大赛已经结束。", "今年全国比赛很多。",
                                  "为庆祝鹭岛建市40周年，市民自发举办活动。", "纪念鹭岛建市40周年的文章发表了。"])
def test_no_event_from_a_scope_or_an_anniversary_alone(nlp, body):  # noqa: F811
    assert not any(label == "Event" for _, label in names(nlp, body))


def test_a_sport_after_a_year_belongs_to_the_event(nlp):  # noqa: F811
    assert ("2031男篮世界杯", "Event") in names(nlp, "北辰队在2031男篮世界杯上取胜。")


def test_the_place_an_event_is_named_after_belongs_to_it(nlp):  # noqa: F811
    assert ("杭州游泳世锦赛", "Event") in names(nlp, "周小舟在杭州游泳世锦赛夺得金牌。")


@pytest.mark.parametrize("body, word", [("周小舟本场比赛独中五球。", "本场"), ("上赛季联赛冠军北辰队出局。", "赛季"),
                                        ("北辰队对阵鹭岛队比赛结束。", "对阵")])
def test_no_event_over_a_determiner_or_a_verb(nlp, body, word):  # noqa: F811
    assert not any(word in name for name, label in names(nlp, body) if label == "Event")


@pytest.mark.parametrize("body, name", [
    ("“鹭岛之光”高峰论坛昨天在北辰举办。", "“鹭岛之光”高峰论坛"),          # the quotes stay in the node's name
    ("北辰市举行“鹭岛向前”系列主题新闻发布会。", "“鹭岛向前”系列主题新闻发布会"),
])
def test_an_event_named_after_a_quoted_theme(nlp, body, name):  # noqa: F811
    assert (name, "Event") in names(nlp, body)


@pytest.mark.parametrize("body", ["“鹭岛”和北辰合作论坛开幕。", "选手围绕“保育师”两大赛项竞技。", "人们在“鹭超”比赛中拼搏。"])
def test_no_quoted_event_over_a_conjunction_a_count_or_a_plain_head(nlp, body):  # noqa: F811
    assert not any(name.startswith("“") for name, label in names(nlp, body) if label == "Event")


def test_what_an_anniversary_names_inside_an_event_is_named_too(nlp):  # noqa: F811
    found = names(nlp, "周小舟出席庆祝澳门回归祖国25周年大会。")
    assert ("庆祝澳门回归祖国25周年大会", "Event") in found
    assert any(label == "Place" for _, label in found)  # 澳门, a name of the lexicon inside it
