"""An organisation listed with a product (a coordinator between) does not make the product that a
launch word follows (kg.relations.names.launched, relations.json launch_gap); invented names."""

from tests.test_duee_relations import _named


def test_a_name_listed_with_the_product_is_no_maker():
    found = _named(["星河科技和天枢X9正式发布。", "星河科技首款旗舰天枢X9正式发布。"], "develops")
    assert found[0] == set()
    assert found[1] == {("星河科技", "天枢X9")}
