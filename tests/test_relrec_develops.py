"""develops in launch news (invented names): a launch dated between the product and the launch
word, a product named after a dash that renames a description, and a product's account that
publishes something (no launch)."""

from tests.test_duee_relations import _named


def test_dated_launch_and_dash_apposition():
    found = _named(["星河科技旗下首款折叠屏手机天枢X9将于11月15日正式上市。",
                    "星河科技今日发布全球首款旗舰5G芯片——天枢X9",
                    "星河科技正式发布了其基于微内核的面向全场景的分布式操作系统——天枢OS。",
                    "星河科技天枢App官方账号3日发布情况说明。"], "develops")
    assert ("星河科技", "天枢X9") in found[0]
    assert ("星河科技", "天枢X9") in found[1]
    assert ("星河科技", "天枢OS") in found[2]
    assert all(o != "天枢App" for _, o in found[3])  # the account publishes, it is not launched


def test_places_listed_after_a_place_preposition_are_no_makers():
    found = _named(["星河电信宣布在青州和白川两市推出天枢5G服务。"], "develops")
    assert {s for s, _ in found[0]} == {"星河电信"}
