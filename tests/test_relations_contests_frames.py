"""The sides of a match when the contest is named in a 在…上 frame, in the sentence before, or
under a shorter form of its name; sides listed before the verb; the beaten side after a
description holding a place (invented names)."""

from tests.test_duee_relations import _named


def test_contest_frames_lists_and_the_sentence_before():
    found = _named(["北辰队在第三届青藤杯上夺冠。",
                    "第三届青藤杯昨日开幕。北辰队3:1击败星河队。",
                    "第三届青藤杯首轮，林一帆、王志远分别战胜各自对手。",
                    "第三届青藤杯决赛中，北辰队3:0大胜欧洲劲旅星河队。",
                    "第三届青藤杯昨日开幕。\n北辰队3:1击败星河队。"], "attended")
    assert found[0] == {("北辰队", "第三届青藤杯")}
    assert found[1] == {("北辰队", "第三届青藤杯"), ("星河队", "第三届青藤杯")}
    assert found[2] == {("林一帆", "第三届青藤杯首轮"), ("王志远", "第三届青藤杯首轮")}  # the stage is in the name
    assert ("星河队", "第三届青藤杯决赛") in found[3]
    assert found[4] == set()  # another paragraph: no contest named there


def test_champions_of_an_event_attended_it():
    found = _named(["林一帆2018年获得第三届青藤杯冠军。",
                    "第三届青藤杯冠军林一帆昨日抵达。",
                    "刚刚获得第三届青藤杯女单冠军的林一帆昨日抵达。",
                    "林一帆没有获得第三届青藤杯冠军。",
                    "林一帆观看了第三届青藤杯决赛。"], "attended")
    assert found[0] == {("林一帆", "第三届青藤杯")}
    assert found[1] == {("林一帆", "第三届青藤杯")}
    assert found[2] == {("林一帆", "第三届青藤杯女单")}  # the division is in the event's name
    assert found[3] == set()  # negated
    assert found[4] == set()  # no title won


def test_whom_a_side_won_through_is_no_side():
    found = _named(["第三届青藤杯决赛中，北辰队在林一帆的带领下以3:1的比分击败星河队。",
                    "第三届青藤杯决赛中，北辰队凭借王志远的进球1:0击败星河队。"], "attended")
    assert ("林一帆", "第三届青藤杯决赛") not in found[0] and ("星河队", "第三届青藤杯决赛") in found[0]
    assert ("王志远", "第三届青藤杯决赛") not in found[1] and ("星河队", "第三届青藤杯决赛") in found[1]


def test_titles_won_and_bare_scores():
    found = _named(["在第三届青藤杯上，林一帆不负众望地拿到了冠军。",
                    "第三届青藤杯首轮，北辰队105-116星河队。",
                    "第三届青藤杯首轮，北辰队105比116星河队。",
                    "第三届青藤杯首轮于2019-10-01开始。"], "attended")
    assert found[0] == {("林一帆", "第三届青藤杯")}
    assert found[1] == {("北辰队", "第三届青藤杯首轮"), ("星河队", "第三届青藤杯首轮")}  # the stage is in the name
    assert found[2] == {("北辰队", "第三届青藤杯首轮"), ("星河队", "第三届青藤杯首轮")}
    assert found[3] == set()


def test_a_match_named_only_by_which_one_is_no_contest():
    found = _named(["第三届青藤杯首轮，北辰队坐镇主场迎战星河队，上半场比赛第6分钟，林一帆破门，最终北辰队3:1击败星河队。"],
                   "attended")
    assert found[0] == {("北辰队", "第三届青藤杯首轮"), ("星河队", "第三届青藤杯首轮")}
