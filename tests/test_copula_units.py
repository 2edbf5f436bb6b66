"""X 是 Y (旗下)(的)(全资) 子公司: X is a unit of Y (kg.relations.names.copula_units); 全资 / 控股
子公司 alone is a kind, no company (words.json kind_modifiers). Invented names."""

from kg.pipeline import make_pipeline


def _relations(text):
    doc = make_pipeline()(text)
    return {(r.subject, r.predicate, r.object) for r in doc._.kg_relations}, [m.text for m in doc._.kg_mentions]


def test_a_wholly_owned_subsidiary_is_part_of_its_parent():
    found, names = _relations("星河科技是北辰集团旗下的全资子公司。")
    assert ("星河科技", "partOf", "北辰集团") in found and "全资子公司" not in names


def test_a_partner_is_no_unit():
    found, _ = _relations("星河科技是北辰集团的合作伙伴。")
    assert not [r for r in found if r[1] == "partOf"]


def test_a_cue_inside_a_title_is_no_cue():
    found, _ = _relations("星河科技联合创始人张三毕业于北辰大学。")
    assert ("张三", "founded", "星河科技") in found
    assert not [r for r in found if r[1] == "partnerOf"]


def test_joining_a_company_is_working_for_it_joining_an_association_is_membership():
    found, _ = _relations("去年，张三离开北辰集团加入星河科技，担任首席技术官。")
    assert ("张三", "worksFor", "星河科技") in found and not [r for r in found if r[1] == "memberOf"]
    found, _ = _relations("2006年，李四加入江南省作家协会。")
    assert ("李四", "memberOf", "江南省作家协会") in found
