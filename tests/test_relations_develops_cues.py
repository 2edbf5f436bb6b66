"""More verbs of launching a product (relations.json verbs.extra_cues), and a place before a
verb of going on sale is the market, not the maker (invented names)."""

from tests.test_duee_relations import _named


def test_more_launch_verbs_and_the_market_is_no_maker():
    found = _named(["星河科技今天首发天枢X9手机。", "星河科技推送了天枢OS 3.0系统。",
                    "星河科技、北辰科技正式上市天枢X9手机。", "天枢X9手机在新加坡上市。"], "develops")
    assert ("星河科技", "天枢X9") in found[0] or ("星河科技", "天枢X9手机") in found[0]
    assert found[1] and all(s == "星河科技" for s, _ in found[1])
    assert {s for s, _ in found[2]} == {"星河科技", "北辰科技"}
    assert found[3] == set()
