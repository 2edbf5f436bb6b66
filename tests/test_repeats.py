"""A name one recogniser finds in one place is a mention wherever it is written, whole words
(kg.recognise.canonicalizer.repeats); invented names, the whole pipeline."""

from kg.pipeline import make_pipeline
from tests.test_duee_relations import _named

_TEXT = "星河科技正式推出新一代折叠屏手机星河X9。据悉，星河X9将于12月10日开售。"


def test_every_occurrence_of_a_found_name_is_a_mention():
    doc = make_pipeline()(_TEXT)
    spans = [(m.start, m.end) for m in doc._.kg_mentions if m.text == "星河X9"]
    assert len(spans) == 2 and spans[0][0] == _TEXT.index("星河X9")


def test_the_repeated_name_takes_part_in_relations():
    assert ("星河科技", "星河X9") in _named([_TEXT], "develops")[0]


def test_a_name_inside_a_longer_word_is_not_repeated():
    from kg.recognise.canonicalizer import repeats
    from kg.recognise.doc import _token_table
    from kg.records import Mention

    text = "星河科技上市。星河科技园开园。星河科技的股价上涨。"
    tokens = _token_table(make_pipeline().make_doc(text))
    found = repeats(text, tokens, [Mention(0, 4, "星河科技", "Company", "lac")])
    assert [(m.start, m.source) for m in found] == [(0, "lac"), (text.rindex("星河科技"), "repeat")]


def test_a_piece_gives_way_to_the_whole_name_found_elsewhere_and_a_model_is_named_without_its_kind():
    doc = make_pipeline()("星河科技发布星河X9手机。星河X9搭载天枢100芯片，售价3999元。")
    texts = [m.text for m in doc._.kg_mentions]
    assert "X9" not in texts and texts.count("星河X9") == 1
    entity = next(e for e in doc._.kg_entities if e.name == "星河X9手机")
    assert "星河X9" in entity.aliases and len(entity.mentions) == 2


def test_a_product_named_with_its_kind_is_also_named_without_it_unless_that_is_another_name():
    nlp = make_pipeline()
    aliases = {e.name: e.aliases for e in nlp("青梧科技今天发布了云笺平台。用户可在微信小程序下单。")._.kg_entities}
    assert "云笺" in aliases["云笺平台"]
    assert "微信" not in aliases["微信小程序"]
