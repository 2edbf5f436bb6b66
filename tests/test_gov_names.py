"""Names in government news (kg.recognise.rule_policies, rule_events, rule_quotes): laws without
《》, treaty titles, numbered sessions and topic meetings, quoted programmes — on invented names."""

import pytest

from kg.nlp import analyse, make_pipeline
from kg.read import parse_article


@pytest.fixture(scope="module")
def nlp():
    return make_pipeline(with_ner=False)


def names(nlp, body: str) -> set[tuple[str, str]]:
    doc = analyse(parse_article("标题\n\n" + body, "t.txt"), nlp)
    return {(e.name, e.label) for e in doc._.kg_entities}


def test_laws_after_a_vote_and_in_a_list(nlp):
    found = names(nlp, "会议经表决，通过了星辰保护法，关于修改青禾推广法、远航促进法的决定。")
    for law in ("星辰保护法", "青禾推广法", "远航促进法"):
        assert (law, "Policy") in found


@pytest.mark.parametrize("body, absent", [
    ("通过智能算法和新的办法提高效率。", "智能算法"),          # a way of doing, no statute
    ("各地通过重点水域巡航执法维护秩序。", "重点水域巡航执法"),  # 执法: enforcing, no law
    ("双方通过对话寻求和平解决办法。", "和平解决办法"),
])
def test_ways_are_no_laws(nlp, body, absent):
    assert not any(n == absent for n, _ in names(nlp, body))


def test_treaty_title_is_one_policy(nlp):
    found = names(nlp, "会议批准了《中华人民共和国和星湾共和国引渡条约》。")
    assert ("中华人民共和国和星湾共和国引渡条约", "Policy") in found
    assert not any(label == "Place" and "条约" in n for n, label in found)


def test_numbered_rules(nlp):
    assert ("中央九项规定", "Policy") in names(nlp, "要严格落实中央九项规定精神。")


@pytest.mark.parametrize("body, event", [
    ("星湾论坛第五届部长级会议在青州开幕。", "星湾论坛第五届部长级会议"),
    ("十五届全国人大常委会第七次会议26日在京闭幕。", "十五届全国人大常委会第七次会议"),
    ("青禾产业协同调研协商座谈会5月8日在京召开。", "青禾产业协同调研协商座谈会"),
])
def test_numbered_sessions_and_topic_meetings(nlp, body, event):
    assert (event, "Event") in names(nlp, body)


def test_topic_meeting_needs_a_verb_or_a_day(nlp):
    # a meeting's kind in the middle of a sentence, with no day or holding verb after it, is no name
    assert not any(label == "Event" and n.endswith("座谈会")
                   for n, label in names(nlp, "他说青禾产业协同座谈会很有收获。"))


def test_quoted_programmes(nlp):
    found = names(nlp, "当地学习运用“青禾万户工程”经验，开展“星火暖冬行动”，反对“形象工程”。")
    assert ("青禾万户工程", "Strategy") in found
    assert ("星火暖冬行动", "Strategy") in found
    assert not any(n == "形象工程" for n, _ in found)


def relations(nlp, body: str) -> set[tuple[str, str, str]]:
    doc = analyse(parse_article("标题\n\n" + body, "t.txt"), nlp)
    keys = {e.key: e.name for e in doc._.kg_entities}
    return {(keys.get(r.subject, r.subject), r.predicate, keys.get(r.object, r.object)) for r in doc._.kg_relations}


@pytest.mark.parametrize("body, body_name", [
    ("宁夏回族自治区党委书记林远舟在会上说。", "宁夏回族自治区党委"),
    ("海南省委书记林远舟说。", "海南省委"),
])
def test_party_committee_before_a_secretary_is_a_body(nlp, body, body_name):
    assert (body_name, "GovernmentBody") in names(nlp, body)
    assert ("林远舟", "leads", body_name) in relations(nlp, body)


def test_deputy_secretary_and_head_leads_the_place(nlp):
    # 副书记、省长: the province's head, not its committee's
    assert not any(n == "海南省委" for n, _ in names(nlp, "海南省委副书记、省长林远舟说。"))


def test_a_law_named_back_is_no_name(nlp):
    assert not any(n == "本法" for n, _ in names(nlp, "会议通过了本法。"))


def test_topic_meeting_between_zai_and_shang(nlp):
    found = names(nlp, "林远舟在新时代推动青禾全面振兴座谈会上发表讲话。他在这次具有重要意义的座谈会上说。")
    assert ("新时代推动青禾全面振兴座谈会", "Event") in found
    assert not any(label == "Event" and "意义" in n for n, label in found)  # 的 in it: a description
