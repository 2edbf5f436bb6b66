"""Launched plans (kg.recognise.rule_policies) and strategies carried out or policies issued with
the subject earlier in the sentence (kg.relations.policies) — on invented names."""

import pytest

from kg.nlp import analyse, make_pipeline
from kg.read import parse_article


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline(with_ner=False)


def graph(nlp, body: str):
    doc = analyse(parse_article("标题\n\n" + body, "t.txt"), nlp)
    names = {(e.name, e.label) for e in doc._.kg_entities}
    keys = {e.key: e.name for e in doc._.kg_entities}
    rels = {(keys.get(r.subject, r.subject), r.predicate, keys.get(r.object, r.object)) for r in doc._.kg_relations}
    return names, rels


@pytest.mark.parametrize("body, name", [
    ("鹭岛市今年深入实施星河人才振兴战略，引进专家三百名。", "星河人才振兴战略"),
    ("腾讯公司宣布启动星火扶持计划。", "星火扶持计划"),
    ("当地组织实施好青禾乡村焕新行动，特别是改善人居环境。", "青禾乡村焕新行动"),
])
def test_launched_plans_are_strategies(nlp, body, name):
    assert (name, "Strategy") in graph(nlp, body)[0]


@pytest.mark.parametrize("body, absent", [
    ("该国军队继续推进地面行动。", "地面行动"),                 # a description, two characters
    ("双方愿落实两国元首战略共识。", "两国元首战略"),           # 战略 + 共识: no strategy's name
    ("各地推进新的发展战略。", "新的发展战略"),                 # a function character in it
])
def test_descriptions_are_no_plans(nlp, body, absent):
    assert not any(n == absent for n, _ in graph(nlp, body)[0])


def test_strategy_subject_in_an_earlier_clause(nlp):
    _, rels = graph(nlp, "其后阿里巴巴将出口业务升级为“阿里国际”，并宣布推出千亿补贴计划。")
    assert any(p == "hasStrategy" and o == "千亿补贴计划" for _, p, o in rels)


def test_no_subject_marked_as_an_object(nlp):
    # 向 + the organisation: it receives, it does not carry out the plan
    _, rels = graph(nlp, "专家向腾讯公司建议启动星火扶持计划。")
    assert not any(p == "hasStrategy" and s == "腾讯" for s, p, _ in rels)


@pytest.mark.parametrize("body", [
    # the place is where the person spoke; the person, no organisation, carries the strategy forward
    "在杭州市考察时，市长张明远指出，要推进星河人才振兴战略。",
    # the body heard of it; 我国 carries the plan out
    "记者从腾讯公司了解到，我国以实施星火扶持计划为抓手。",
    # a verb after 在 is a phrase of time
    "腾讯公司年初迁往杭州，在推进星火扶持计划中遇到困难。",
    # a name modifying a noun is no subject
    "各地贯彻腾讯公司的部署要求，全面推进星火扶持计划。",
], ids=["person-nearer-the-verb", "agent-of-its-own-between", "verb-after-zai", "name-modifying-a-noun"])
def test_no_organisation_pursues_the_strategy(nlp, body):
    _, rels = graph(nlp, body)
    assert not any(p == "hasStrategy" for _, p, _ in rels)


def test_the_body_opening_a_policy_name_issued_it(nlp):
    _, rels = graph(nlp, "国务院近日召开会议，审议通过了《国务院关于加快星河湾区数字化转型的意见》。")
    assert any(p == "issued" and s.endswith("国务院") for s, p, _ in rels)


def test_a_place_inside_a_clause_is_no_actor(nlp):
    _, rels = graph(nlp, "腾讯公司年初迁往杭州，全面推进星火扶持计划。")
    assert not any(p == "hasStrategy" and s.startswith("杭州") for s, p, _ in rels)
    _, rels = graph(nlp, "杭州今年全面推进星火扶持计划。")
    assert any(p == "hasStrategy" and s.startswith("杭州") for s, p, _ in rels)


def test_listed_places_share_the_strategy(nlp):
    _, rels = graph(nlp, "杭州市、宁波市、温州市等重点城市要按照“星火先行、澜海共进”策略，坚决稳住发展势头。")
    subjects = {s for s, p, _ in rels if p == "hasStrategy"}
    assert {"杭州市", "宁波市", "温州市"} <= subjects


@pytest.mark.parametrize("body, name, kept", [
    ("英国《星河日报》网站10月2日发表了题为《鹭岛再次充满欢声笑语》的报道，报道称游客很多。", "鹭岛再次充满欢声笑语", True),
    ("他发表题为《携手共创星河湾区美好未来》的主旨演讲。", "携手共创星河湾区美好未来", False),  # a speech, no writing
])
def test_titled_writings_are_documents(nlp, body, name, kept):
    assert ((name, "Policy") in graph(nlp, body)[0]) is kept
