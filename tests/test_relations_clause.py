"""Clause-bound relations: an argument comes from the cue's own clause, not from a name two
sentences back; deputies and members are no heads; a genitive or a slogan states nothing.
(Invented names throughout.)"""

import pytest

from kg.pipeline import get_pipeline
from tests.test_relations_unstated import triples


@pytest.fixture(scope="module")
def nlp():
    return get_pipeline()  # the tagger too: invented names are found by it


def test_a_deputy_of_a_head_works_there(nlp):
    found = triples(nlp, "南川国副总统周望川出席了会议。青藤县人民政府副县长林远舟致辞。")
    assert ("周望川", "leads", "南川国") not in found
    assert ("林远舟", "leads", "青藤县人民政府") not in found
    assert ("林远舟", "worksFor", "青藤县人民政府") in found


def test_a_head_title_inside_the_bodys_name_is_a_member(nlp):
    found = triples(nlp, "北岭党委书记处书记林远舟发言。")
    assert ("林远舟", "leads", "北岭党委书记处") not in found
    assert ("林远舟", "memberOf", "北岭党委书记处") in found


def test_no_person_from_an_earlier_sentence_for_a_clause_describing_a_noun(nlp):
    found = triples(nlp, "讲解员林远舟向游客介绍展品。在广场服务点，来自青藤大学、星河师范大学等高校的志愿者提供服务。")
    assert not {t for t in found if t[0] == "林远舟" and t[1] in ("worksFor", "memberOf")}


def test_a_pronoun_subject_blocks_the_topic(nlp):
    found = triples(nlp, "林远舟出席了论坛。我国加入星河科技联盟以来发展很快。")
    assert ("林远舟", "memberOf", "星河科技联盟") not in found


def test_a_place_phrase_describing_a_noun_takes_no_topic(nlp):
    found = triples(nlp, "星河集团发布了新产品。位于青藤县的这家工厂很大。")
    assert ("星河集团", "locatedIn", "青藤县") not in found


def test_working_together_to_build_a_concept_is_no_partnership(nlp):
    found = triples(nlp, "北岭合作组织举行会议。中方愿以此为契机，同各方携手构建北岭地区共同体。")
    assert not {t for t in found if t[1] == "partnerOf"}


def test_items_listed_after_the_partner_marker_are_one_side(nlp):
    found = triples(nlp, "周望川指出，中国同北岭国和南川国都是重要成员，是平等互利的全面合作伙伴。")
    pairs = {frozenset((s, o)) for s, p, o in found if p == "partnerOf"}
    assert frozenset(("北岭国", "南川国")) not in pairs
    assert {frozenset(("中国", "北岭国")), frozenset(("中国", "南川国"))} <= pairs


def test_a_strategy_qualifying_a_noun_is_not_pursued(nlp):
    found = triples(nlp, "会议研究支持青藤省高质量发展的政策措施。")
    assert not {t for t in found if t[1] == "hasStrategy"}


def test_the_visitor_attends_not_the_host(nlp):
    found = triples(nlp, "林远舟在京会见来华出席第五届北岭论坛的南川国总统周望川。")
    assert ("林远舟", "attended", "第五届北岭论坛") not in found
    assert ("周望川", "attended", "第五届北岭论坛") in found


def test_a_phrase_of_purpose_takes_no_earlier_subject(nlp):
    found = triples(nlp, "青藤商会召开座谈会，围绕主题扎实做好调研工作，为构建新发展格局、推进乡村振兴战略献计出力。")
    assert not {t for t in found if t[1] == "hasStrategy"}


def test_no_topic_past_a_full_clause_of_the_sentence(nlp):
    found = triples(nlp, "星河集团发布了年报。今年，全市高校毕业生将达到三万人，有关部门联动多家单位，推出就业指导、“青苗计划”等服务。")
    assert ("星河集团", "develops", "青苗计划") not in found
    found = triples(nlp, "星河集团发布了年报。去年，星河集团推出了青苗计划App。")
    assert ("星河集团", "develops", "青苗计划App") in found


def test_clauses_listing_names_described_before_them_carry_the_topic(nlp):
    # a clause opening with a verb (有 + 某某) or a noun phrase of names (深度合作的 + 某某) has no
    # subject of its own: the topic of the sentence before acts in each clause after it
    text = ("星河集团近年来加快布局协同办公。\n  • 产品层面,有收编进来的云帆科技、海月软件,"
            "深度合作的北辰科技公司,近期投资的东岳数据公司,以及低代码平台。")
    found = triples(nlp, text)
    assert {("星河集团", "partnerOf", "北辰科技公司"), ("星河集团", "investedIn", "东岳数据公司")} <= found
