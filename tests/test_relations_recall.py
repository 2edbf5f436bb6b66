"""Relations the text states plainly that no family read: attending an event a bare verb
refers to, an event held at a place 于 introduces or a place that holds it, a title written
after the name, a role noun before the name at the place of work; and no attending read from
a bare word tied to the wrong event. (Invented names throughout.)"""

import pytest

from kg.pipeline import get_pipeline
from tests.test_relations_unstated import triples


@pytest.fixture(scope="module")
def nlp():
    return get_pipeline()  # the tagger too: invented names are found by it


def test_persons_attend_the_event_held_in_the_sentence_before(nlp):
    found = triples(nlp, "第五届云岭文化博览会3日在云岭市举行。副市长林若溪、秦墨出席开幕式。")
    assert ("林若溪", "attended", "第五届云岭文化博览会") in found
    assert ("秦墨", "attended", "第五届云岭文化博览会") in found


def test_attending_and_speaking_refers_to_the_event_opening_the_sentence_before(nlp):
    found = triples(nlp, "2030年星河论坛年会今天在青州开幕。青州市市长周望舒出席并致辞。")
    assert ("周望舒", "attended", "2030年星河论坛年会") in found


def test_no_attending_when_negated_or_when_the_event_only_qualifies_a_noun(nlp):
    found = triples(nlp, "第五届云岭文化博览会3日在云岭市举行。林若溪没有参加比赛。")
    assert ("林若溪", "attended", "第五届云岭文化博览会") not in found
    found = triples(nlp, "青州常委会会议今天开幕，议题是学习第五届云岭文化博览会精神。青州市市长周望舒出席。")
    assert ("周望舒", "attended", "第五届云岭文化博览会") not in found


def test_no_attending_of_an_event_when_an_unnamed_meeting_was_held_between(nlp):
    found = triples(nlp, "第五届云岭文化博览会3日在云岭市举行。当晚，林若溪举行欢迎宴会。秦墨等出席上述活动。")
    assert ("秦墨", "attended", "第五届云岭文化博览会") not in found


def test_the_host_of_a_meeting_with_attendees_attends_nothing(nlp):
    found = triples(nlp, "林若溪在云岭市会见出席第五届云岭文化博览会的各国代表。")
    assert ("林若溪", "attended", "第五届云岭文化博览会") not in found


def test_an_event_held_at_the_place_yu_introduces(nlp):
    found = triples(nlp, "第三届星河论坛年会于青州市开幕。第二届云岭文化博览会10日于云岭市隆重举行。")
    assert ("第三届星河论坛年会", "locatedIn", "青州市") in found
    assert ("第二届云岭文化博览会", "locatedIn", "云岭市") in found


def test_a_place_that_holds_an_event(nlp):
    found = triples(nlp, "云岭市举办了第三届云岭马拉松赛。")
    assert ("第三届云岭马拉松赛", "locatedIn", "云岭市") in found


def test_a_title_after_the_name_of_a_person_the_body_names(nlp):
    found = triples(nlp, "星河科技有限公司的林若溪总裁说，公司将扩大投资。云岭大学秦墨校长出席。")
    assert ("林若溪", "leads", "星河科技有限公司") in found
    assert ("秦墨", "leads", "云岭大学") in found
    assert ("秦墨", "worksFor", "云岭大学") not in found


def test_a_role_noun_before_a_name_at_the_place_of_work(nlp):
    found = triples(nlp, "在青州市博物馆，讲解员韩青正在带观众参观。")
    assert ("韩青", "worksFor", "青州市博物馆") in found
    found = triples(nlp, "在云岭大学举办的活动中，民警周望舒维持秩序。")
    assert not {t for t in found if t[0] == "周望舒" and t[1] == "worksFor"}


def test_a_person_with_a_title_and_a_date_before_at_an_events_session(nlp):
    found = triples(nlp, "青州市委书记周望舒3日在第五届云岭文化博览会开幕式上致辞。林若溪总经理在2030年星河论坛年会上发表演讲。")
    assert ("周望舒", "attended", "第五届云岭文化博览会") in found
    assert ("林若溪", "attended", "2030年星河论坛年会") in found


def test_a_person_speaking_at_a_just_closed_event_and_at_listed_events(nlp):
    found = triples(nlp, "在刚刚闭幕的第五届云岭文化博览会上，周望舒总经理发表重要讲话。")
    assert ("周望舒", "attended", "第五届云岭文化博览会") in found
    found = triples(nlp, "林若溪总经理在2030年星河论坛年会、第三届云岭马拉松赛上发表演讲。")
    assert ("林若溪", "attended", "第三届云岭马拉松赛") in found
