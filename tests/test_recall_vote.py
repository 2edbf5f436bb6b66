"""Tests of the vote's recall fixes (kg.recognise.vote): long transliterated persons, names
whose edge crosses a word jieba glued to them, a place before an organisation. Every name is
invented; jieba and spaCy are the real ones."""

from __future__ import annotations

from collections import namedtuple

import pytest

from kg.recognise.vote import Vote, _cuts_a_word, _inside_a_word, name_shape
from kg.records import Mention

Token = namedtuple("Token", "start end text tag")


@pytest.mark.parametrize("name, shape", [
    ("卡拉维斯基", True), ("罗森巴特勒夫", True), ("阿布杜拉卡里姆", True),
    ("一二三四五六七八九", False), ("星", False),
])
def test_a_long_transliterated_person_has_a_names_shape(name, shape):
    assert name_shape(name, "Person") is shape


def test_a_span_inside_a_word_is_a_modifier_one_crossing_a_word_is_not():
    tokens = [Token(0, 2, "甲乙", "n"), Token(2, 4, "丙丁", "n"), Token(4, 7, "戊己庚", "n")]
    assert _inside_a_word(tokens, 4, 6)          # the first two of a three-character word
    assert not _inside_a_word(tokens, 1, 3)      # crosses two words
    assert not _inside_a_word(tokens, 0, 4)      # whole words
    assert _cuts_a_word(tokens, 1, 3) and not _cuts_a_word(tokens, 0, 4)


@pytest.fixture(scope="module")
def nlp():
    import spacy

    import kg.nlp  # noqa: F401  (registers the tokenizer)

    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.jieba_pos_tokenizer.v1"}}})


def _adds(nlp, text, inside, tag="ORG"):
    from kg.recognise.doc import _ensure_extensions, _token_table

    _ensure_extensions()
    return Vote._adds_a_name(_token_table(nlp.make_doc(text)), inside, 0, len(text), tag)


def test_a_place_before_an_organisation_is_its_full_name(nlp):
    # 某国 + 某某银行: nothing added, but the place and the bank are one name
    assert _adds(nlp, "洛桑国青禾银行", [Mention(0, 3, "洛桑国", "Place", "lexicon"),
                                       Mention(3, 7, "青禾银行", "Company", "lexicon")])
    # 某国 + 队: one character after a place is the team
    assert _adds(nlp, "洛桑国队", [Mention(0, 3, "洛桑国", "Place", "lexicon")])
    # one character after an organisation is a word's cut (某协会 + 党 of 党组)
    assert not _adds(nlp, "洛桑国青禾协会党", [Mention(0, 3, "洛桑国", "Place", "lexicon"),
                                          Mention(3, 7, "青禾协会", "Organization", "rule")])
    # a person's span gets no such help
    assert not _adds(nlp, "洛桑国队", [Mention(0, 3, "洛桑国", "Place", "lexicon")], tag="PER")


def test_a_one_character_place_joins_the_one_place_it_begins():
    from kg.recognise.canonicalizer import Canonicalizer

    text = "洛桑国代表团访问星河。洛方表示，洛、星两地将加强合作。"
    mentions = [Mention(0, 3, "洛桑国", "Place", "lexicon"), Mention(8, 10, "星河", "Place", "lexicon"),
                Mention(16, 17, "洛", "Place", "ner")]
    entities = {e.name: e for e in Canonicalizer().cluster(mentions, text)}
    assert "洛" not in entities and "洛" in entities["洛桑国"].aliases
    # two places it may begin: no guess
    two = mentions + [Mention(20, 23, "洛川县", "Place", "lexicon")]
    assert "洛" in {e.name for e in Canonicalizer().cluster(two, text + "洛川县")}


def test_a_sure_one_character_place_alone_is_a_candidate_one_in_a_list_is_not():
    vote = Vote()
    tokens = [Token(0, 1, "美", "ns"), Token(1, 3, "决定", "v")]
    assert vote._a_short_place(tokens, 0, 1, "LOC", 0.99)
    assert not vote._a_short_place(tokens, 0, 1, "LOC", 0.5)
    assert not vote._a_short_place(tokens, 0, 1, "PER", 0.99)
    assert not vote._a_short_place([Token(0, 2, "美决", "n")], 0, 1, "LOC", 0.99)  # inside a word


def test_a_persons_boundary_from_lac_or_a_rule_yields_to_the_taggers_sure_one(nlp):
    from kg.recognise.doc import _ensure_extensions, _token_table

    _ensure_extensions()
    text = "苏晓岚向记者介绍了情况。"
    doc = nlp.make_doc(text)
    tokens = _token_table(doc)
    candidates = [Mention(0, 4, "苏晓岚向", "Person", "rule")]
    Vote().reshape(text, tokens, candidates, [(0, 3, "PER", 0.999)])
    assert (candidates[0].start, candidates[0].end, candidates[0].text) == (0, 3, "苏晓岚")
    kept = [Mention(0, 4, "苏晓岚向", "Person", "lexicon")]  # the lexicon's name stays
    Vote().reshape(text, tokens, kept, [(0, 3, "PER", 0.999)])
    assert kept[0].end == 4
    unsure = [Mention(0, 2, "苏晓", "Person", "lac")]
    Vote().reshape(text, tokens, unsure, [(0, 3, "PER", 0.6)])
    assert unsure[0].end == 2


def test_two_countries_read_as_one_place_are_no_candidate():
    found = [Mention(2, 4, "洛星", "Place", "lac"), Mention(6, 9, "洛桑国", "Place", "lexicon")]
    sure = [(2, 3, "LOC", 0.99), (3, 4, "LOC", 0.98)]
    assert [m.text for m in Vote().unpaired(found, sure)] == ["洛桑国"]
    assert len(Vote().unpaired(found, [(2, 3, "LOC", 0.99), (3, 4, "LOC", 0.5)])) == 2


def test_an_organisations_unit_written_after_it_is_one_name(nlp):
    # 某大学 + 某医院, each found alone: the tagger's span of both is the unit's full name
    assert _adds(nlp, "青禾大学星河医院", [Mention(0, 4, "青禾大学", "Organization", "lexicon"),
                                        Mention(4, 8, "星河医院", "Organization", "rule")])
    # a place and a person are no organisation's parts
    assert not _adds(nlp, "青禾大学苏晓岚", [Mention(0, 4, "青禾大学", "Organization", "lexicon"),
                                        Mention(4, 7, "苏晓岚", "Person", "rule")])



def test_a_time_word_is_no_persons_name():
    assert not name_shape("周三", "Person") and not name_shape("春节", "Person")
    assert name_shape("周星远", "Person") and name_shape("王五", "Person")
