"""甲、乙等<kind>: names listed before 等 are examples of the kind after it (invented names)."""

import pytest

from kg.recognition_eval import recognise


@pytest.mark.parametrize("sentence, names, label", [
    ("公司先后推出了星澜、云梭等手机，销量不错。", ["星澜", "云梭"], "Product"),
    ("用户可以在星澜、云梭等平台下单。", ["星澜", "云梭"], "Product"),
])
def test_names_before_a_product_kind_are_products(sentence, names, label):
    found = {(sentence[s:e], lab) for s, e, lab in recognise([sentence], ner=False)[0]}
    assert {(n, label) for n in names} <= found


def test_kinds_listed_before_a_kind_are_no_names():
    sentence = "手机、电脑等设备都能用，平板、电视等产品也行。"
    assert not recognise([sentence], ner=False)[0]
