"""attended in shapes of broadcast news (invented names): a partner named with a date and a place
before the pair joiner (甲在某地同乙共同出席), a session of the event held before the speech (举行闭幕会，
某某将发表讲话), a negated signing carried from the clause before."""

from tests.test_duee_relations import _named


def test_partner_with_a_place_before_the_joiner():
    found = _named(["国家主席林晓东12日在北京同星河国总统王志远共同出席第三届青松论坛并致辞。",
                    "林晓东12日在北京同王志远会面。"], "attended")
    assert found[0] == {("林晓东", "第三届青松论坛"), ("王志远", "第三届青松论坛")}
    assert found[1] == set()


def test_a_session_of_the_event_is_no_new_meeting():
    found = _named(["第三届青松论坛将于3月10日上午在北京举行闭幕会，林晓东将发表讲话。",
                    "第三届青松论坛闭幕后，星河集团举行了一场座谈会，林晓东发表讲话。"], "attended")
    assert found[0] == {("林晓东", "第三届青松论坛")}
    assert ("林晓东", "第三届青松论坛") not in found[1]  # the speech was at another meeting


def test_transferred_to_a_post():
    found = _named(["去年春天，林一帆调任青州市星河研究院副院长，分管科研。"], "worksFor")
    assert found[0] == {("林一帆", "青州市星河研究院")}
