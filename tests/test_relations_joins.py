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
