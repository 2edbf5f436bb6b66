"""Recall of attended and worksFor in shapes of sports news (invented names): the side after a
match verb when the one before is not named, a contest named before the verb preferred to one
after it, an event describing a side being no contest; a club announcing that it signs a player,
a player signing with a club with no contract word, a source marker (从) before a name."""

from tests.test_duee_relations import _named


def test_sides_and_contest_of_a_match():
    found = _named(["在2025年青松杯篮球锦标赛中，主队客场击败了北辰篮球俱乐部。",
                    "在2025年青松杯篮球锦标赛半决赛中，北辰篮球俱乐部以73:86不敌南岭篮球俱乐部，"
                    "无缘2026年白云杯篮球锦标赛。",
                    "北辰篮球俱乐部在2025年青松杯篮球锦标赛中输给了联赛劲旅南岭篮球俱乐部。",
                    "在2025年青松杯篮球锦标赛期间，新馆的票房击败了南岭篮球俱乐部的纪录。"], "attended")
    assert found[0] == {("北辰篮球俱乐部", "2025年青松杯篮球锦标赛")}
    assert found[1] == {("北辰篮球俱乐部", "2025年青松杯篮球锦标赛半决赛"),
                        ("南岭篮球俱乐部", "2025年青松杯篮球锦标赛半决赛")}  # not the event after the verb
    assert found[2] == {("北辰篮球俱乐部", "2025年青松杯篮球锦标赛"), ("南岭篮球俱乐部", "2025年青松杯篮球锦标赛")}
    assert found[3] == set()  # the name after the verb only owns what was beaten


def test_announced_signing_and_signing_alone():
    found = _named(["北辰篮球俱乐部官方宣布，正式签下22岁的后卫林一帆。",
                    "林一帆已经和北辰篮球俱乐部签约。",
                    "南岭篮球俱乐部从北辰篮球俱乐部引进了林一帆。",
                    "北辰篮球俱乐部官方宣布，不会签下林一帆。"], "worksFor")
    assert found[0] == {("林一帆", "北辰篮球俱乐部")}
    assert found[1] == {("林一帆", "北辰篮球俱乐部")}
    assert found[2] == {("林一帆", "南岭篮球俱乐部")}  # 从 names where he comes from
    assert found[3] == set()  # negated


def test_a_pair_before_a_word_for_their_match():
    found = _named(["2025年青松杯篮球锦标赛半决赛将在明天展开角逐，率先进行的是北辰篮球俱乐部和南岭篮球俱乐部的大战。",
                    "北辰篮球俱乐部和南岭篮球俱乐部的合作很顺利。"], "attended")
    assert found[0] == {("北辰篮球俱乐部", "2025年青松杯篮球锦标赛半决赛"), ("南岭篮球俱乐部", "2025年青松杯篮球锦标赛半决赛")}
    assert found[1] == set()


def test_taking_office_traded_and_joining_next_season():
    found = _named(["林一帆就任星河证券总裁助理兼首席经济学家。",
                    "北辰篮球俱乐部官方宣布，后卫林一帆将在本赛季加盟球队。",
                    "林一帆本赛季在被交易到北辰篮球俱乐部后表现出色。"], "worksFor")
    assert ("林一帆", "星河证券") in found[0]
    assert found[1] == {("林一帆", "北辰篮球俱乐部")}
    assert found[2] == {("林一帆", "北辰篮球俱乐部")}


def test_a_side_opening_the_clause_before_and_a_place_side():
    found = _named(["2025年青松杯篮球锦标赛首战打响，主场作战的北辰篮球俱乐部凭借外援的出色发挥，以118:109战胜南岭篮球俱乐部。",
                    "2025年青松杯篮球锦标赛：北辰篮球俱乐部胜青州。"], "attended")
    assert found[0] == {("北辰篮球俱乐部", "2025年青松杯篮球锦标赛"), ("南岭篮球俱乐部", "2025年青松杯篮球锦标赛")}
    assert ("北辰篮球俱乐部", "2025年青松杯篮球锦标赛") in found[1]


def test_a_doubles_pair_is_one_side():
    found = _named(["2025年青松杯乒乓球公开赛混双半决赛中，星河组合林一帆/王志远以3:1击败陈晓东/李文博。"], "attended")
    assert {s for s, _ in found[0]} == {"林一帆", "王志远", "陈晓东", "李文博"}


def test_playing_at_a_named_event_and_returning_to_a_club():
    found = _named(["北辰篮球俱乐部本赛季征战2025年青松杯篮球锦标赛。",
                    "2025年青松杯篮球锦标赛的参赛名额已经确定，北辰篮球俱乐部将全力备战。"], "attended")
    assert found[0] == {("北辰篮球俱乐部", "2025年青松杯篮球锦标赛")}
    assert found[1] == set()
    found = _named(["林一帆重返北辰篮球俱乐部，担任总经理一职。"], "worksFor")
    assert ("林一帆", "北辰篮球俱乐部") in found[0]


def test_a_pair_of_companies_or_an_earlier_sentence_s_event_is_no_match():
    found = _named(["2025年青松杯篮球锦标赛在北辰开幕。北辰篮球俱乐部和南岭篮球俱乐部的大战将在明天上演。",
                    "第三届星河通信大会在青州开幕。星河科技有限公司和北辰科技有限公司的大战已经蔓延到线下。"],
                   "attended")
    assert found[0] == set()  # the event named in the sentence before is not the stage of this match
    assert found[1] == set()  # two companies' 大战 is a rivalry
