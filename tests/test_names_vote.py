"""Tests of the vote between the learned tagger and the other recognisers (kg.recognise.vote)
and of the canonicaliser's look at byline names. Every name here is invented; the shipped
tagger weights, jieba and spaCy are the real ones."""

from __future__ import annotations

import pytest

from kg.recognise.canonicalizer import _a_byline_name
from kg.recognise.vote import Vote, everyday_words, name_shape, organisation_class
from kg.records import Mention


@pytest.fixture(scope="module")
def nlp():
    import spacy

    import kg.nlp  # noqa: F401  (registers the tokenizer)
    from kg.recognise import vote  # noqa: F401  (registers kg_vote)
    from kg.recognise.doc import _ensure_extensions

    _ensure_extensions()
    pipeline = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.jieba_pos_tokenizer.v1"}}})
    pipeline.add_pipe("kg_vote")
    return pipeline


def test_sure_persons_places_and_bodies_become_candidates(nlp):
    text = "昨天，苏晓岚和顾明远在星河市会见了来访的客人。沈若溪说，青藤大学将于明年扩建。"
    found = {(m.text, m.label, m.source) for m in nlp(text)._.kg_candidates}
    assert {("苏晓岚", "Person", "ner"), ("星河市", "Place", "ner"), ("沈若溪", "Person", "ner")} <= found
    assert ("青藤大学", organisation_class("青藤大学"), "ner") in found
    assert all(text[:2] not in name for name, _, _ in found)  # 昨天 is no name


def test_a_name_that_cuts_a_word_is_a_modifier(nlp):
    text = "中国人民和中华民族"
    doc = nlp(text)
    assert "中华" not in {m.text for m in doc._.kg_candidates}  # a place cut from 中华民族 is a modifier
    assert any(text[s:e] == "中华" for s, e, _, _ in doc.user_data["kg_vote"])  # though the tagger saw it


def test_text_another_recogniser_named_is_left_alone_and_thresholds_hold(nlp):
    text = "苏晓岚在星河市工作。"
    doc = nlp.make_doc(text)
    doc._.kg_candidates = [Mention(0, 2, "苏晓", "Organization", "lac")]
    nlp.get_pipe("kg_vote")(doc)
    assert not any(m.source == "ner" and m.start < 2 for m in doc._.kg_candidates)
    assert any(m.text == "星河市" for m in doc._.kg_candidates)
    strict = Vote({"PER": 1.01, "LOC": 1.01, "ORG": 1.01})
    assert not strict(nlp.make_doc(text))._.kg_candidates


@pytest.mark.parametrize("name, label, shape", [
    ("顾明远", "Person", True), ("阿诺·米勒", "Person", True), ("老婆", "Person", False),
    ("江绕行", "Person", False), ("星河湾", "Place", True), ("推行乡", "Place", False),
    ("委员会", "Organization", False), ("Cloudy", "Organization", False), ("星河", "Place", True),
    ("星河科技1号", "Company", False), ("星河大道-云杉大道", "Place", False),
])
def test_name_shape(name, label, shape):
    assert name_shape(name, label) is shape


def test_byline_names_of_a_one_line_text_are_names_or_nothing():
    from kg.pipeline import make_pipeline
    from kg.read import parse_article

    assert _a_byline_name("林一帆", "Person") and not _a_byline_name("采访时说", "Person")
    assert not _a_byline_name("，青藤大学召开教师大会，宣布顾明远任校长", "Organization")
    nlp = make_pipeline(with_ner=False)
    for text in ("2017年4月1日，青藤大学召开教师大会，宣布顾明远任青藤大学校长。",
                 "记者采访时说，星河市的游客多了。"):
        article = parse_article(text, "one.txt")
        doc = nlp.make_doc(text)
        doc._.kg_article = article
        mentions = nlp(doc)._.kg_mentions
        assert not any(m.source == "byline" for m in mentions), [(m.text, m.source) for m in mentions]


def test_a_sure_name_holding_other_names_takes_the_first_tier(nlp):
    text = "沈若溪说，青藤大学将于明年扩建。"
    at = text.index("青藤大学")
    doc = nlp.make_doc(text)
    doc._.kg_candidates = [Mention(at, at + 2, "青藤", "Place", "lexicon")]
    nlp.get_pipe("kg_vote")(doc)
    assert ("青藤大学", "vote") in {(m.text, m.source) for m in doc._.kg_candidates}
    # a candidate crossing the span's edge is no part of it: the tagger does not overrule it
    crossing = nlp.make_doc(text)
    crossing._.kg_candidates = [Mention(at + 2, at + 6, "大学将于", "Organization", "rule")]
    nlp.get_pipe("kg_vote")(crossing)
    assert "青藤大学" not in {m.text for m in crossing._.kg_candidates}


def test_the_tagger_sure_of_a_span_overrules_lac_s_class(nlp):
    text = "苏晓岚在星河市工作。"
    doc = nlp.make_doc(text)
    doc._.kg_candidates = [Mention(0, 3, "苏晓岚", "Place", "lac"), Mention(4, 7, "星河市", "Person", "rule")]
    nlp.get_pipe("kg_vote")(doc)
    labels = {(m.text, m.source): m.label for m in doc._.kg_candidates}
    assert labels[("苏晓岚", "lac")] == "Person"  # LAC's class gives way to the sure tagger
    assert labels[("星河市", "rule")] == "Person"  # a rule's class does not


def test_a_time_zone_names_no_place_and_a_verb_after_a_company_no_person():
    from kg.pipeline import get_pipeline
    from kg.read import parse_article

    nlp = get_pipeline()
    for text, wrong, right in (("北京时间5月28日，星河科技在云杉市召开发布会。", (0, 2), "云杉市"),
                               ("星河集团官宣：新品下月上市。", (4, 6), "星河集团")):
        doc = nlp.make_doc(text)
        doc._.kg_article = parse_article(text, "one.txt")
        mentions = nlp(doc)._.kg_mentions
        assert not any((m.start, m.end) == wrong for m in mentions), [(m.text, m.label) for m in mentions]
        assert any(m.text == right for m in mentions)


def test_a_declared_short_name_is_a_mention_of_the_same_entity():
    from kg.pipeline import get_pipeline
    from kg.read import parse_article

    nlp = get_pipeline()
    text = "星河云杉科技股份有限公司（下称“云杉科技”，股票代码：000000）今天发布公告。"
    doc = nlp.make_doc(text)
    doc._.kg_article = parse_article(text, "one.txt")
    doc = nlp(doc)
    at = text.index("云杉科技”")
    assert any((m.start, m.end) == (at, at + 4) for m in doc._.kg_mentions)
    entity = next(e for e in doc._.kg_entities if e.name.startswith("星河云杉"))
    assert "云杉科技" in entity.aliases


def test_a_rule_s_organisation_begins_where_the_sure_tagger_s_begins(nlp):
    # (a person's unknown name glued to an unknown company's, 林一帆 + 星河能源…, is no longer
    # trimmed: the tagger, stacked on LAC's tags since 2026-12-03, reads LAC's one organisation;
    # Vote.split_person splits it where the text gives evidence, tested below)
    for text, glued, name in (("去年星河能源集团有限公司董事长表示", "去年星河能源集团有限公司", "星河能源集团有限公司"),
                              ("该项目由青藤设计集团承担", "项目由青藤设计集团", "青藤设计集团")):
        doc = nlp.make_doc(text)
        at = text.index(glued)
        doc._.kg_candidates = [Mention(at, at + len(glued), glued, "Company", "rule")]
        nlp.get_pipe("kg_vote")(doc)
        assert [m.text for m in doc._.kg_candidates if m.source == "rule"] == [name]
    # a place before the name is part of it
    text = "云杉市青藤设计集团承担了该项目"
    doc = nlp.make_doc(text)
    doc._.kg_candidates = [Mention(0, 9, text[:9], "Company", "rule"), Mention(0, 3, "云杉市", "Place", "lexicon")]
    nlp.get_pipe("kg_vote")(doc)
    assert text[:9] in [m.text for m in doc._.kg_candidates if m.source == "rule"]


@pytest.mark.parametrize("name, label", [
    ("星河市住建委", "GovernmentBody"), ("云杉县文化执法局", "GovernmentBody"), ("星河科技有限公司", "Company"),
    ("青藤大学", "Organization"), ("星河会", "Organization"), ("办", "Organization"),
])
def test_organisation_class(name, label):
    assert organisation_class(name) == label


def test_a_longer_span_adds_a_name_s_part_not_a_place_s_committee(nlp):
    for text, seed, longer, taken in (("云杉国使馆发表声明。", (0, 3), "云杉国使馆", True),
                                      ("星河市委副书记苏晓岚出席会议。", (0, 2), "星河市委", False)):
        doc = nlp.make_doc(text)
        doc._.kg_candidates = [Mention(*seed, text[seed[0]:seed[1]], "Place", "lexicon")]
        nlp.get_pipe("kg_vote")(doc)
        assert any(text[s:e] == longer for s, e, _, _ in doc.user_data["kg_vote"])  # the tagger reads it
        assert (longer in {m.text for m in doc._.kg_candidates}) is taken


def test_a_person_before_an_organisation_and_a_title_splits_off_on_evidence(nlp):
    glued = "林一帆星河能源集团有限公司"
    for text, split in (("星河能源集团有限公司昨日发布公告。林一帆星河能源集团有限公司董事长表示，将扩大投资。", True),
                        ("林一帆星河能源集团有限公司董事长表示，将扩大投资。林一帆说，明年会更好。", True),
                        # no evidence elsewhere, or no title after it (a founder's name in the company's)
                        ("林一帆星河能源集团有限公司董事长表示，将扩大投资。", False),
                        ("林一帆星河能源集团有限公司成立于2001年。林一帆说，明年会更好。", False)):
        doc = nlp.make_doc(text)
        at = text.index(glued)
        doc._.kg_candidates = [Mention(at, at + len(glued), glued, "Company", "rule")]
        nlp.get_pipe("kg_vote")(doc)
        found = {(m.text, m.label) for m in doc._.kg_candidates if m.start >= at and m.source in ("rule", "vote")}
        assert (("林一帆", "Person") in found) is split, found
        assert (("星河能源集团有限公司", "Company") in found) is split
        assert ((glued, "Company") in found) is not split


def test_everyday_words_after_an_organisation_s_name_are_no_place(nlp):
    assert everyday_words("圆顶报告厅") and not everyday_words("云杉路") and not everyday_words("报告厅")
    text = "开幕式在青藤大学圆顶报告厅举行。"
    at = text.index("青藤大学")
    assert any(text[s:e] == "圆顶报告厅" for s, e, _, _ in nlp(text).user_data["kg_vote"])  # the tagger reads it
    doc = nlp.make_doc(text)
    doc._.kg_candidates = [Mention(at, at + 4, "青藤大学", "Organization", "rule")]
    nlp.get_pipe("kg_vote")(doc)
    assert "圆顶报告厅" not in {m.text for m in doc._.kg_candidates}
