"""Words after an organisation's name that are no part of it (grammar.json edges.after: 总部,
官网, 负责人 …): the organisation is named without them; invented names, the whole pipeline."""

from kg.pipeline import make_pipeline


def test_headquarters_site_and_spokesman_are_no_part_of_the_name():
    nlp = make_pipeline()
    for text, name in [("星河科技总部位于青州市高新区。", "星河科技"), ("据星河科技官网消息，新品下月上市。", "星河科技")]:
        names = [m.text for m in nlp(text)._.kg_mentions if m.label in ("Company", "Organization")]
        assert names == [name], (text, names)


def test_a_verb_of_saying_after_a_title_and_a_name_is_no_part_of_it():
    nlp = make_pipeline()
    for text, name in [("医生王芳说，病人已经脱离危险。", "王芳"), ("教授王立新认为，这一发现意义重大。", "王立新")]:
        assert [m.text for m in nlp(text)._.kg_mentions if m.label == "Person"] == [name]


def test_a_kind_after_an_organisation_is_no_person():
    doc = make_pipeline()("北辰大学官微发布消息。")
    assert not [m for m in doc._.kg_mentions if m.label == "Person"]
