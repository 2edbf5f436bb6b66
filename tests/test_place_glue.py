"""Places read as one name with the place they lie in before them, roads that hold no place, and
a source line at the end of an article (invented names)."""

from kg.pipeline import analyse_many, get_pipeline, make_pipeline
from kg.read import parse_article


def _relations(doc):
    return {(r.subject, r.predicate, r.object) for r in doc._.kg_relations}


def test_a_place_glued_after_the_place_it_lies_in_splits_only_where_the_text_names_it_alone():
    from kg.records import Mention
    from kg.recognise.canonicalizer import Canonicalizer

    glued = Mention(0, 5, "越南甲岱港", "Place", "lac")
    alone = Mention(9, 12, "甲岱港", "Place", "lac")
    split = Canonicalizer().glued_places([glued, alone])
    assert [(m.start, m.end, m.text) for m in split] == [(0, 2, "越南"), (2, 5, "甲岱港"), (9, 12, "甲岱港")]
    assert Canonicalizer().glued_places([glued]) == [glued]  # never named alone: one name
    org = Mention(0, 5, "星河甲岱港", "Place", "lac")  # 星河 is no place
    assert Canonicalizer().glued_places([org, alone]) == [org, alone]


def test_a_city_after_a_road_is_the_direction_not_a_place_inside_the_road():
    doc = make_pipeline()("青河高速北京方向将封闭五天。")
    assert not any(s == "北京" or o == "青河高速" for s, _, o in _relations(doc))


def test_a_source_line_at_the_end_leaves_the_body_its_relations():
    body = "星河科技总部位于青州市。\n"
    nlp = get_pipeline(None)
    with_source = parse_article("标题\n\n" + body + "来源：青州日报\n", "a.txt")
    without = parse_article("标题\n\n" + body, "b.txt")
    (_, doc_a), (_, doc_b) = analyse_many([with_source, without], nlp)
    assert ("星河科技", "locatedIn", "青州市") in _relations(doc_b)
    assert _relations(doc_b) <= _relations(doc_a)


def test_a_word_jieba_makes_of_a_country_and_its_city_is_cut_unless_the_lexicon_knows_it_whole():
    from kg.recognise.tokenizer import _split_joined_places

    assert _split_joined_places([("英国伦敦", "ns"), ("的", "uj")]) == [("英国", "ns"), ("伦敦", "ns"), ("的", "uj")]
    # 马里 + 兰州 are two places the lexicon knows, 马里兰州 a third it knows whole
    assert _split_joined_places([("马里兰州", "ns")]) == [("马里兰州", "ns")]


def test_a_place_the_lexicon_knows_whole_is_not_split_into_two_others_the_text_names():
    doc = make_pipeline()("捷克斯洛伐克解体后，捷克和斯洛伐克分别独立。")
    assert ("捷克斯洛伐克", "Place") in {(m.text, m.label) for m in doc._.kg_mentions}
    assert not any(p == "locatedIn" for _, p, _ in _relations(doc))
