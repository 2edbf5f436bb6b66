"""One session of a body or a forum (kg.recognise.rule_events ``_meetings``, grammar.json
``numbered_meetings``) and the body kept as its own node (kg.grammar ``containers``) — on invented names."""

import pytest

from .test_products_events_rules import names, nlp  # noqa: F401  (the fixture)


@pytest.mark.parametrize("body, event", [
    # any word may follow the head (研究, 为契机, 部署), not only a day or a verb of holding
    ("他主持召开星湾论坛第六次会议研究青州发展。", "星湾论坛第六次会议"),
    ("青州以主办星湾论坛第三届领导人非正式会议为契机。", "星湾论坛第三届领导人非正式会议"),
    # leaders between the forum and the ordinal
    ("林远舟出席星湾论坛领导人第十六次会晤之际发表文章。", "星湾论坛领导人第十六次会晤"),
])
def test_a_session_before_any_word(nlp, body, event):
    assert (event, "Event") in names(nlp, body)


def test_no_session_in_a_hall(nlp):
    # 会议室 / 大会堂: a room, not a meeting
    assert not any(label == "Event" for _, label in names(nlp, "星湾论坛第六次会议室位于青州。"))


@pytest.mark.parametrize("body, event, org", [
    ("参加十五届全国人大三次会议的代表今天继续审议。", "十五届全国人大三次会议", "全国人民代表大会"),  # its canonical name
    ("他主持召开青州发展委员会第六次会议研究青州发展。", "青州发展委员会第六次会议", "青州发展委员会"),
])
def test_the_body_at_the_head_of_its_session_is_named_too(nlp, body, event, org):
    found = names(nlp, body)
    assert (event, "Event") in found
    assert any(n == org and label != "Event" for n, label in found)
