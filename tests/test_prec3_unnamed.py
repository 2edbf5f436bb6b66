"""Organisations that name no body (kg.recognise.kinds ``unnamed_organisations``) and quoted
names read too eagerly (kg.recognise.rule_quotes), on invented names."""

from __future__ import annotations

import pytest

from kg.recognise.kinds import why_not_a_name
from kg.records import Mention
from tests.test_entity_kinds import tokens


def org(words: list, source: str = "lac", last: int | None = None, label: str = "Organization") -> Mention:
    last = len(words) if last is None else last
    return Mention(0, words[last - 1].end, "".join(t.text for t in words[:last]), label, source)


def test_a_side_of_talks_is_no_body():
    words = tokens(("澜方", "j"), ("表示", "v"))
    assert why_not_a_name("澜方表示", words, org(words, last=1)) == "side"


def test_two_short_names_before_a_pair_word_are_a_pair_not_a_body():
    words = tokens(("中澜", "j"), ("建交", "v"))
    assert why_not_a_name("中澜建交", words, org(words, last=1)) == "pair of countries"
    words = tokens(("中澜", "j"), ("发布", "v"))
    assert why_not_a_name("中澜发布", words, org(words, last=1, label="Company")) == ""


def test_a_count_before_a_body_names_several():
    words = tokens(("四所", "m"), ("星澜大学", "nt"))
    assert why_not_a_name("四所星澜大学", words, org(words, "rule")) == "counted"
    words = tokens(("部分", "n"), ("星澜委员会", "nt"))
    assert why_not_a_name("部分星澜委员会", words, org(words, "rule")) == "counted"


def test_an_official_act_inside_glues_a_clause():
    words = tokens(("星州", "ns"), ("会见", "v"), ("星澜理事会", "nt"))
    assert why_not_a_name("星州会见星澜理事会", words, org(words, "rule")) == "act inside"


@pytest.mark.parametrize("rest, tag, why", [("人大", "j", "era and kind"), ("党", "n", ""), ("星澜证券", "nt", "")])
def test_an_era_before_a_kind_is_no_body(rest, tag, why):
    words = tokens(("新时代", "nz"), (rest, tag))
    assert why_not_a_name("新时代" + rest, words, org(words, "ner")) == why


def test_a_place_before_a_kind_of_car_is_no_company():
    words = tokens(("星州", "ns"), ("新能源", "n"), ("汽车", "n"))
    assert why_not_a_name("星州新能源汽车", words, org(words, "rule", label="Company")) == "kind at end"


def test_a_suffix_read_across_two_words_is_no_suffix():
    words = tokens(("星州大学", "nt"), ("会", "v"))
    assert why_not_a_name("星州大学会", words, org(words, "rule")) == "suffix across words"
    words = tokens(("星州大学", "nt"),)
    assert why_not_a_name("星州大学", words, org(words, "rule")) == ""


def test_a_verb_before_an_aspect_particle_is_no_suffix():
    words = tokens(("星澜", "nz"), ("学会", "n"), ("了", "ul"))
    assert why_not_a_name("星澜学会了", words, org(words, "rule", last=2)) == "verb at end"
    assert why_not_a_name("星澜学会的", words, org(words, "rule", last=2)) == ""


def test_an_everyday_word_ending_in_a_suffix_is_no_periodical():
    words = tokens(("星州", "ns"), ("警报", "n"))
    assert why_not_a_name("星州警报", words, org(words, "rule")) == "common ending"


def test_a_function_character_a_model_glued_at_the_end_is_no_name():
    words = tokens(("星州市", "ns"), ("以", "p"))
    assert why_not_a_name("星州市以", words, org(words, "lac")) == "function at end"
    assert why_not_a_name("星州市以", words, org(words, "rule")) == ""


def _classes(text: str) -> set[tuple[str, str]]:
    from kg.recognition_eval import recognise

    return {(text[s:e], label) for s, e, label in recognise([text], ner=False)[0]}


def test_quoted_names_that_are_no_bodies_and_no_strategies():
    found = _classes("星州动物园有一对大熊猫“网网”和“星星”。")
    assert ("网网", "Organization") not in found  # a suffix and nothing before it
    found = _classes("学院秉持“求真学、务实业”办学宗旨。")
    assert not any(name == "求真学、务实业" for name, _ in found)
    found = _classes("重大项目“定海锚”作用凸显，计划总投资增长。")
    assert ("定海锚", "Strategy") not in found
    found = _classes("星州发布“百城千园计划”，推进绿化。")
    assert ("百城千园计划", "Strategy") in found


def test_a_bulletin_in_title_marks_is_a_policy_not_a_periodical():
    found = _classes("星州同时公布《2030星州环境状况公报》。")
    assert ("2030星州环境状况公报", "Policy") in found
    assert ("2030星州环境状况公报", "Organization") not in found


def test_an_everyday_word_the_tokenizer_glued_keeps_its_ending():
    words = tokens(("防汛警报", "nt"),)
    assert why_not_a_name("防汛警报", words, org(words, "rule")) == "common ending"


def test_a_suffix_across_a_word_that_names_nothing_of_its_own_is_kept():
    words = tokens(("星澜", "nr"), ("科技股份", "n"), ("有限公司", "n"))
    assert why_not_a_name("星澜科技股份有限公司", words, org(words, "rule", label="Company")) == ""


def test_a_year_before_a_body_dates_a_list():
    words = tokens(("2030", "m"), ("年", "m"), ("星州", "ns"), ("医院", "n"))
    assert why_not_a_name("2030年星州医院", words, org(words, "rule")) == "dated"


def test_a_weak_suffix_heading_a_phrase_is_no_company():
    words = tokens(("星州", "ns"), ("科技", "n"), ("创新", "v"))
    assert why_not_a_name("星州科技创新", words, org(words, "rule", last=2, label="Company")) == "suffix heads a phrase"
    assert why_not_a_name("星州科技发布", words, org(words, "rule", last=2, label="Company")) == ""


def test_an_era_and_a_party_after_a_verb_of_guidance_open_a_doctrine():
    words = tokens(("贯彻", "v"), ("新时代", "nz"), ("党", "n"), ("治理", "v"))
    m = Mention(2, 6, "新时代党", "Organization", "ner")
    assert why_not_a_name("贯彻新时代党治理", words, m) == "era and kind"
    words = tokens(("新时代", "nz"), ("党", "n"), ("召开", "v"))
    assert why_not_a_name("新时代党召开", words, org(words, "ner", last=2)) == ""
