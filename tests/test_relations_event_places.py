"""Events held at a place: more verbs of opening and closing, a date in Chinese numerals and an
award ceremony between the event and 在, events chained with 暨 (invented names)."""

from tests.test_duee_relations import _named


def test_more_holding_verbs_dates_and_chained_events():
    found = _named(["第三届青藤杯于十月十八日将在北辰市启幕。",
                    "第三届青藤杯颁奖仪式在北辰市举行。",
                    "2019第三届青藤文化节开幕式暨“星河”主题晚会在北辰市举行。",
                    "第三届青藤杯的报名在北辰市很火。"], "locatedIn")
    assert ("第三届青藤杯", "北辰市") in found[0]
    assert ("第三届青藤杯", "北辰市") in found[1]
    assert {o for _, o in found[2]} == {"北辰市"}  # the festival (its name and its opening are one entity)
    assert ("第三届青藤杯", "北辰市") not in found[3]
