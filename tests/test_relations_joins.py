"""Persons joining or signing with an organisation (worksFor) in shapes of sports news (invented
names): the player named before 签约, a club bringing players in, a club announcing that a player
joins, a contract reached with a club."""

from tests.test_duee_relations import _named


def test_signing_either_way_and_bringing_in():
    found = _named(["林一帆正式签约北辰篮球俱乐部。", "北辰篮球俱乐部引进了林一帆和王志远。",
                    "北辰篮球俱乐部引进了一套新系统。"], "worksFor")
    assert found[0] == {("林一帆", "北辰篮球俱乐部")}
    assert found[1] == {("林一帆", "北辰篮球俱乐部"), ("王志远", "北辰篮球俱乐部")}
    assert found[2] == set()


def test_announced_joins_and_contracts():
    found = _named(["北辰篮球俱乐部官方宣布，林一帆正式加盟球队。",
                    "林一帆已经与北辰篮球俱乐部签下了一份三年的合同。",
                    "刚刚和北辰篮球俱乐部达成两年合同的林一帆接受了采访。",
                    "北辰篮球俱乐部宣布，林一帆不会加盟。",
                    "林一帆与北辰篮球俱乐部见面。"], "worksFor")
    assert found[0] == {("林一帆", "北辰篮球俱乐部")}
    assert found[1] == {("林一帆", "北辰篮球俱乐部")}
    assert found[2] == {("林一帆", "北辰篮球俱乐部")}
    assert found[3] == set()  # negated
    assert found[4] == set()  # no contract


def test_joining_as_a_noun():
    found = _named(["北辰篮球俱乐部在休赛期迎来了林一帆的加盟。",
                    "随着王志远的离开以及林一帆的加盟，北辰篮球俱乐部实力大增。",
                    "林一帆的演讲很精彩。"], "worksFor")
    assert found[0] == {("林一帆", "北辰篮球俱乐部")}
    assert ("林一帆", "北辰篮球俱乐部") in found[1] and ("王志远", "北辰篮球俱乐部") not in found[1]
    assert found[2] == set()
