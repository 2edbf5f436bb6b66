"""The sides of a match on sentence shapes from sports news (invented names): a score written
with a colon, a description of the beaten side before its name, more match and win verbs."""

from tests.test_duee_relations import _named


def test_score_colon_description_and_more_verbs():
    found = _named(["第三届青藤杯决赛中，北辰队3:1击败卫冕冠军星河队。",
                    "第三届青藤杯：北辰队惜败，星河队完胜。",
                    "北辰队正式加冕了本赛季的第三届青藤杯冠军。",
                    "会议于10:30开始，北辰队击败了对手。",
                    "在第三届青藤杯上，北辰队收获团体金牌。"], "attended")
    assert found[0] == {("北辰队", "第三届青藤杯决赛"), ("星河队", "第三届青藤杯决赛")}
    assert ("北辰队", "第三届青藤杯") in found[1]
    assert found[2] == {("北辰队", "第三届青藤杯")}
    assert found[3] == set()  # no contest named
    assert found[4] == {("北辰队", "第三届青藤杯")}
